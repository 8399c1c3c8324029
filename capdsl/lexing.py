r"""Lexical steps around Lark's lexer, and literal decoding: part of `parse`.

Pony's lexer does three things a regular grammar can't, done here:
- `blank_comments` removes `//` and nested `/* */` comments, and
  annotations (`\likely\` after a keyword), before Lark lexes, replacing
  every character but newlines with a space, so lines and columns of all
  tokens stay where they were. It is string-aware, and it
  finds unterminated strings and comments, which are reported at their
  opening quote or `/*` instead of somewhere downstream;
- `NewlinePostLex` re-types `(`, `[`, `-`, `-~` that are the first token on
  a line to their `_NEW` forms, which is Pony's newline rule, and measures
  how deeply brackets and blocks nest (`NestingTooDeep`), so no later
  recursive pass is handed an absurdly deep tree;
- the `decode_*` functions turn literal text into values with ponyc's rules
  (escapes, `_` separators, triple-quote indentation, multi-character
  literals), returning problems as data: `(offset, length, code, args)`
  relative to the token text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from lark import Token
from lark.lark import PostLex

# --------------------------------------------------------------------------
# Comments

_SCAN = re.compile(r'"""|"|(?<![A-Za-z0-9_\'])\'|//|/\*|\\')
_STRING_REST = re.compile(r'(?:\\.|[^"\\])*"', re.S)
_CHAR_REST = re.compile(r"(?:\\.|[^'\\])*'", re.S)
_BLOCK_EDGE = re.compile(r"/\*|\*/")
_NOT_NEWLINE = re.compile(r"[^\n]")
_ANNOTATION = re.compile(r"\\\s*[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s*\\", re.A)
# ponyc takes annotations right after these keywords (and `|`, `{`).
_ANNOTATED = re.compile(
    r"(?:(?<![\w'])(?:actor|class|struct|primitive|trait|interface|type|fun|be|new|object|if|"
    r"elseif|else|while|repeat|until|for|match|try|then|recover|with|ifdef)|[|{])\s*$", re.A)


@dataclass
class Blanked:
    """Source text with comments blanked, and what the blanking found."""

    text: str
    comment_ends: list[int] = field(default_factory=list)
    # (code, start offset, end offset) of an unterminated literal or comment
    problem: tuple[str, int, int] | None = None


def blank_comments(text: str) -> Blanked:
    """`text` with every comment replaced by spaces (newlines kept)."""
    pieces: list[str] = []
    ends: list[int] = []
    done = pos = 0
    while (m := _SCAN.search(text, pos)) is not None:
        start, kind = m.start(), m.group()
        end = _literal_end(text, start, kind) if kind[0] in "\"'" else None
        if kind == "\\":
            end = _annotation_end(text, start)
            if end < 0:  # not an annotation: the lexer reports the `\`
                pos = start + 1
                continue
        elif kind == "//":
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
        elif kind == "/*":
            end = _block_comment_end(text, start)
            if end < 0:
                return Blanked(text, ends, ("E0108", start, start + 2))
            ends.append(end)
        if end is None or end < 0:
            code = "E0111" if kind == "'" else "E0107"
            return Blanked(text, ends, (code, start, start + len(kind)))
        if kind in ("//", "/*", "\\"):
            pieces += [text[done:start], _NOT_NEWLINE.sub(" ", text[start:end])]
            done = end
        pos = end
    if not pieces:
        return Blanked(text, ends)
    pieces.append(text[done:])
    return Blanked("".join(pieces), ends)


def _literal_end(text: str, start: int, kind: str) -> int:
    """Offset just past the literal opened at `start`, or -1 if unterminated."""
    if kind == '"""':
        end = text.find('"""', start + 3)
        if end < 0:
            return -1
        end += 3
        while end < len(text) and text[end] == '"':
            end += 1
        return end
    rest = (_STRING_REST if kind == '"' else _CHAR_REST).match(text, start + 1)
    return -1 if rest is None else rest.end()


def _annotation_end(text: str, start: int) -> int:
    r"""Offset just past the annotation at `start`, or -1 if there is none
    (a `\` not after a keyword that takes annotations)."""
    m = _ANNOTATION.match(text, start)
    if m is None or _ANNOTATED.search(text, max(0, start - 40), start) is None:
        return -1
    return m.end()


def _block_comment_end(text: str, start: int) -> int:
    """Offset just past the nested comment opened at `start`, or -1."""
    depth, pos = 0, start
    while (m := _BLOCK_EDGE.search(text, pos)) is not None:
        depth += 1 if m.group() == "/*" else -1
        pos = m.end()
        if depth == 0:
            return pos
    return -1


# --------------------------------------------------------------------------
# The newline rule and nesting depth

NEW_FORMS = {
    "LPAR": "LPAR_NEW", "LSQB": "LSQB_NEW", "MINUS": "MINUS_NEW",
    "MINUS_TILDE": "MINUS_TILDE_NEW",
}
_OPENERS = frozenset({
    "LPAR", "LPAR_NEW", "LSQB", "LSQB_NEW", "LBRACE", "IF", "WHILE", "FOR", "REPEAT",
    "MATCH", "TRY", "RECOVER", "OBJECT",
})
_CLOSERS = frozenset({"RPAR", "RSQB", "RBRACE", "END"})
_WATCHED = _OPENERS | _CLOSERS | {"PIPE", "_DBLARROW"}


class NestingTooDeep(Exception):
    """Raised from the token stream when brackets and blocks nest too deeply."""

    def __init__(self, token: Token, limit: int) -> None:
        super().__init__(f"nesting deeper than {limit}")
        self.token = token
        self.limit = limit


class NewlinePostLex(PostLex):
    """Pony's newline rule and a nesting limit, applied to Lark's tokens.

    The text and comment positions of the current parse are set by `reset`
    before each parse (the parser holds a lock, so one parse at a time).
    """

    def __init__(self, always_accept: tuple[str, ...], max_nesting: int) -> None:
        self.always_accept = always_accept
        self.max_nesting = max_nesting
        self.reset("", [])

    def reset(self, text: str, comment_ends: list[int]) -> None:
        self._text = text
        self._comment_ends = comment_ends
        self._nesting = _Nesting(self.max_nesting)
        self._prev_end = -1  # no token yet: as if a newline started the file

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        # The state is kept on `self`: a parse that recovers from an error
        # restarts the stream and must go on where it was.
        nesting, prev_end = self._nesting, self._prev_end
        try:
            for tok in stream:
                kind = tok.type
                if kind in NEW_FORMS and self._starts_line(prev_end, tok.start_pos or 0):
                    tok.type = kind = NEW_FORMS[kind]
                if kind in _WATCHED:
                    nesting.see(tok)
                prev_end = tok.end_pos or 0
                yield tok
        finally:
            self._prev_end = prev_end

    def _starts_line(self, prev_end: int, start: int) -> bool:
        """Whether a newline comes between the previous token and `start`.

        Like ponyc's lexer, a block comment after the last newline cancels
        it: `foo /* c */ (x)` is a call even when the comment spans lines.
        """
        if prev_end < 0:
            newline = -1
        else:
            newline = self._text.rfind("\n", prev_end, start)
            if newline < 0:
                return False
        ends = self._comment_ends
        if ends:
            i = bisect_right(ends, newline)
            if i < len(ends) and ends[i] <= start:
                return False
        return True


class _Nesting:
    """The stack of open brackets and blocks, as the tokens show it.

    A match case's guard `if` has no `end`: an `if` right after a case's
    `|` at the same depth, before its `=>`, is not counted.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.stack: list[str] = []
        self.guard_depth = -1

    def see(self, tok: Token) -> None:
        kind, stack = tok.type, self.stack
        if kind == "PIPE":
            self.guard_depth = len(stack) if stack and stack[-1] == "MATCH" else -1
        elif kind == "_DBLARROW":
            self.guard_depth = -1
        elif kind in _CLOSERS:
            if stack:
                stack.pop()
        elif kind == "IF" and self.guard_depth == len(stack):
            self.guard_depth = -1
        else:
            stack.append(kind)
            if len(stack) > self.limit:
                raise NestingTooDeep(tok, self.limit)


# --------------------------------------------------------------------------
# Literals

Problem = tuple[int, int, str, dict[str, object]]  # offset, length, code, args

_STRING_ESCAPES = {
    "a": 0x07, "b": 0x08, "e": 0x1B, "f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09,
    "v": 0x0B, "\\": 0x5C, "0": 0x00, '"': 0x22,
}
_CHAR_ESCAPES = dict(_STRING_ESCAPES, **{"'": 0x27})
del _CHAR_ESCAPES['"']
_HEX_DIGITS = {"x": 2, "u": 4, "U": 6}
_C_SPACE = " \t\n\r\v\f"


def decode_string(raw: str) -> tuple[str, bool, list[Problem]]:
    """The value of a STRING token, whether it is triple-quoted, problems."""
    if raw.startswith('"""'):
        value, problems = decode_triple(raw)
        return value, True, problems
    body = raw[1:-1]
    if "\\" not in body:
        return body, False, []
    codes, problems = _unescape(body, 1, _STRING_ESCAPES, unicode=True)
    return "".join(map(chr, codes)), False, problems


def decode_triple(raw: str) -> tuple[str, list[Problem]]:
    """A triple-quoted string's value: raw text, indentation removed."""
    body = raw[3:-3]  # quotes past the closing three belong to the text
    problems: list[Problem] = []
    first_line, newline, _ = body.partition("\n")
    if newline and first_line.strip(_C_SPACE):
        problems.append((0, 3, "E0118", {}))
    return _normalise_triple(body), problems


def _normalise_triple(s: str) -> str:
    """ponyc's rule: drop a leading newline, the common indentation of the
    lines with text, and whitespace on a last line of only whitespace."""
    if "\n" not in s:
        return s
    if s.startswith("\r\n"):
        s = s[2:]
    elif s.startswith("\n"):
        s = s[1:]
    parts = s.split("\n")
    lines = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    ws = len(s)
    for line in lines:
        rest = line.lstrip(" \t")
        if rest and rest[0] not in _C_SPACE:
            ws = min(ws, len(line) - len(rest))
    if ws > 0:
        s = "".join(line if line == "\n" else line[min(len(line), ws):] for line in lines)
    return _trim_last_blank_line(s)


def _trim_last_blank_line(s: str) -> str:
    for i in range(len(s) - 1, 0, -1):
        if s[i] == "\n":
            return s[:i + 1]
        if s[i] not in _C_SPACE:
            break
    return s


def decode_char(raw: str) -> tuple[int, list[Problem]]:
    """A character literal's integer value: its bytes, big-endian, as Pony
    (a character is its UTF-8 bytes, an escape one byte)."""
    body = raw[1:-1]
    if not body:
        return 0, [(0, len(raw), "E0127", {})]
    value, i = 0, 0
    problems: list[Problem] = []
    while i < len(body):
        if body[i] != "\\":
            for byte in body[i].encode():
                value = (value << 8) | byte
            i += 1
            continue
        code, width = _escape(body, i, _CHAR_ESCAPES, unicode=False)
        if code < 0:
            problems.append((1 + i, width, "E0109", {"escape": body[i:i + width]}))
        else:
            value = (value << 8) | code
        i += width
    return value, problems


def _unescape(
    body: str, base: int, table: dict[str, int], unicode: bool
) -> tuple[list[int], list[Problem]]:
    """Code points of `body` with escapes decoded; `base` is the offset of
    `body` in the token, for problem positions."""
    out: list[int] = []
    problems: list[Problem] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ord(ch))
            i += 1
            continue
        value, width = _escape(body, i, table, unicode)
        if value < 0:
            seq = body[i:i + width]
            problems.append((base + i, width, "E0109", {"escape": seq}))
        else:
            out.append(value)
        i += width
    return out, problems


def _escape(body: str, i: int, table: dict[str, int], unicode: bool) -> tuple[int, int]:
    """(value or -1, characters used) of the escape starting at body[i]."""
    letter = body[i + 1] if i + 1 < len(body) else ""
    if letter in table:
        return table[letter], 2
    digits = _HEX_DIGITS.get(letter, 0) if (unicode or letter == "x") else 0
    if digits == 0:
        return -1, 1 + len(letter)
    text = body[i + 2:i + 2 + digits]
    if len(text) != digits or any(c not in "0123456789abcdefABCDEF" for c in text):
        return -1, 2 + len(text)
    value = int(text, 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return -1, 2 + digits
    return value, 2 + digits


def decode_number(raw: str) -> tuple[int | float, str | None]:
    """The value of a NUMBER token, or 0 and why it is malformed."""
    if raw.isdigit():
        return _checked(int(raw))
    head = raw[:2].lower()
    if head in ("0x", "0b"):
        base, what = (16, "hexadecimal number") if head == "0x" else (2, "binary number")
        reason = _digits_problem(raw[2:], base, what)
        return (0, reason) if reason else _checked(int(raw[2:].replace("_", ""), base))
    return _decimal(raw)


def _decimal(raw: str) -> tuple[int | float, str | None]:
    cut = next((i for i, c in enumerate(raw) if c in ".eE"), len(raw))
    parts = [(raw[:cut], "decimal number")]
    rest = raw[cut:]
    if rest.startswith("."):
        e = next((i for i, c in enumerate(rest) if c in "eE"), len(rest))
        parts.append((rest[1:e], "real number mantissa"))
        rest = rest[e:]
    if rest:
        parts.append((rest[1:].lstrip("+-") if rest[1:2] in ("+", "-") else rest[1:],
                      "real number exponent"))
    for digits, what in parts:
        reason = _digits_problem(digits, 10, what)
        if reason:
            return 0, reason
    if len(parts) == 1:
        return _checked(int(raw.replace("_", "")))
    return float(raw.replace("_", "")), None


def _checked(value: int) -> tuple[int, str | None]:
    if value >= 1 << 128:
        return 0, "it does not fit in 128 bits"
    return value, None


def _digits_problem(digits: str, base: int, what: str) -> str | None:
    """Why `digits` is not a valid run of digits in `base`, or None."""
    if "__" in digits:
        return f"a {what} can't contain `__`"
    if digits.endswith("_"):
        return f"a {what} can't end with `_`"
    bare = digits.replace("_", "")
    if not bare:
        return f"no digits in the {what}"
    for c in bare:
        if not c.isalnum() or not c.isascii() or int(c, 36) >= base:
            return f"`{c}` is not a digit of a {what}"
    return None

"""Syntax errors: friendly messages and recovery, for `parse`.

When the fast parse of a file fails, `careful_parse` parses it again one
token at a time, keeping the parser's state from before each token: LALR
tables reduce eagerly, so by the time a token is found wrong the parser may
already have closed the constructs around it, and restoring the state keeps
them open for a better message and repair. `Recovery` turns each failure
into a `Diagnostic` in words a Pony newcomer understands (what was found,
what could come there, the usual mistake), then repairs the parse so later,
independent errors are found in the same run:
- a member or entity keyword, or the end of the file, closes whatever is
  still open (synthetic `)`, `]`, `}`, `end`, a placeholder expression);
- otherwise one or two synthetic tokens are inserted when that lets the
  parse go on (a missing `)`, `then`, `=>`, an expression...);
- otherwise the bad token is skipped.
Errors right after another error (only whitespace between the bad tokens,
or on the line of the last reported error) are cascades and are not
reported. At most `limit` errors are reported.
Trial repairs run on copies of the parser with callbacks off, so the AST
builder only sees the repair that is kept.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.parsers.lalr_interactive_parser import InteractiveParser

from capdsl.diagnostics import Diagnostic, Label
from capdsl.messages import make
from capdsl.source import Span

SYNC = frozenset({"FUN", "BE", "NEW", "ACTOR", "CLASS", "PRIMITIVE", "TRAIT", "INTERFACE",
                  "TYPE", "USE"})
OPENERS = {"LPAR": ")", "LPAR_NEW": ")", "LSQB": "]", "LSQB_NEW": "]", "LBRACE": "}",
           "IF": "end", "WHILE": "end", "FOR": "end", "REPEAT": "end", "MATCH": "end",
           "TRY": "end", "RECOVER": "end", "OBJECT": "end"}
CLOSERS = {")": "RPAR", "]": "RSQB", "}": "RBRACE", "end": "END"}
UNSUPPORTED = frozenset({"STRUCT", "IFDEF", "IFTYPE", "WITH", "ADDRESSOF", "LOC",
                         "COMPILE_INTRINSIC", "COMPILE_ERROR"})
EXPR_START = frozenset({
    "NAME", "NUMBER", "STRING", "CHAR", "THIS", "TRUE", "FALSE", "LPAR", "LPAR_NEW", "LSQB",
    "LSQB_NEW", "LBRACE", "AT", "IF", "WHILE", "FOR", "MATCH", "TRY", "REPEAT", "RECOVER",
    "CONSUME", "OBJECT", "NOT", "MINUS", "MINUS_NEW", "MINUS_TILDE", "MINUS_TILDE_NEW",
    "DIGESTOF", "LET", "VAR", "RETURN", "BREAK", "CONTINUE", "ERROR",
})
TYPE_START = frozenset({"NAME", "THIS", "LPAR", "LPAR_NEW", "LBRACE", "ISO", "TRN", "REF",
                        "VAL", "BOX", "TAG"})
# After a complete expression or type: operators and suffixes. Listing them
# in "expected" would drown the useful alternatives.
CONTINUATIONS = frozenset({
    "AND", "OR", "XOR", "PLUS", "MINUS", "STAR", "SLASH", "PERCENT", "PERCENT2",
    "PLUS_TILDE", "MINUS_TILDE", "STAR_TILDE", "SLASH_TILDE", "PERCENT_TILDE",
    "PERCENT2_TILDE", "LSHIFT", "RSHIFT", "LSHIFT_TILDE", "RSHIFT_TILDE", "EQEQ", "NE", "LT",
    "LE", "GE", "GT", "EQEQ_TILDE", "NE_TILDE", "LT_TILDE", "LE_TILDE", "GE_TILDE",
    "GT_TILDE", "_IS", "ISNT", "_AS", "_DOT", "_CHAIN", "LPAR", "LSQB", "QMARK", "_EQ",
    "_ARROW", "HAT", "BANG", "ISO", "TRN", "REF", "VAL", "BOX", "TAG", "CAP_READ",
    "CAP_SEND", "CAP_SHARE", "CAP_ALIAS", "CAP_ANY", "SEMI", "PIPE", "AMP",
})
OPERATORS = frozenset(t for t in CONTINUATIONS if t not in {
    "_EQ", "_DOT", "_CHAIN", "LPAR", "LSQB", "QMARK", "_ARROW", "SEMI", "PIPE", "AMP",
})
MEMBER_KW = frozenset({"FUN", "BE", "NEW", "VAR", "LET", "EMBED"})
ENTITY_KW = frozenset({"ACTOR", "CLASS", "PRIMITIVE", "TRAIT", "INTERFACE", "TYPE", "USE"})
# Terminals whose name is not their text.
WORDS = {"NAME": "a name", "NUMBER": "a number", "STRING": "a string",
         "CHAR": "a character literal", "$END": "the end of the file",
         "LPAR_NEW": "`(`", "LSQB_NEW": "`[`", "MINUS_NEW": "`-`", "MINUS_TILDE_NEW": "`-~`"}
# Repairs tried in order: one or two synthetic tokens before the bad one.
INSERTIONS: tuple[tuple[str, ...], ...] = (
    ("NAME",), ("RPAR",), ("RSQB",), ("RBRACE",), ("END",), ("_THEN", "NAME"), ("_THEN",),
    ("_DO", "NAME"), ("_DO",), ("_DBLARROW", "NAME"), ("NAME", "RPAR"), ("NAME", "RSQB"),
)
SYNTHETIC = {"NAME": "_", "RPAR": ")", "RSQB": "]", "RBRACE": "}", "END": "end",
             "_THEN": "then", "_DO": "do", "_DBLARROW": "=>"}
CLOSE_ORDER = ("RPAR", "RSQB", "RBRACE", "END", "NAME")


class Recovery:
    """Reports and repairs the syntax errors of one careful parse."""

    def __init__(self, file: str, text: str, literals: dict[str, str], limit: int = 20):
        self.file = file
        self.text = text
        self.literals = literals  # terminal name -> its text, for string terminals
        self.limit = limit
        self.diagnostics: list[Diagnostic] = []
        self.last_bad_end = -1
        self.first_error: Span | None = None

    # ------------------------------------------------------------ entry

    def bad_token(self, ip: InteractiveParser, tok: Token) -> None:
        """Report `tok` unless it is a cascade, then repair the parser (which
        is in its state from before `tok`). Raises `GiveUp` at the limit."""
        if not self._is_cascade(tok.start_pos):
            self._report(self._describe(ip, tok))
        end = tok.end_pos if tok.type != "$END" else None
        self.last_bad_end = len(self.text) if end is None else end
        if len(self.diagnostics) >= self.limit or not self._repair(ip, tok):
            raise GiveUp

    def _is_cascade(self, start: int | None) -> bool:
        if self.last_bad_end < 0 or start is None:
            return False
        if self.first_error is not None:
            last_line = self.diagnostics[-1].span.line
            if self.text.count("\n", 0, start) + 1 == last_line:
                return True
        return self.text[self.last_bad_end:start].strip() == ""

    def _report(self, diag: Diagnostic) -> None:
        self.diagnostics.append(diag)
        if self.first_error is None:
            self.first_error = diag.span

    def bad_character(self, e: UnexpectedCharacters) -> None:
        """Report a character no token starts with. Raises `GiveUp` at the limit."""
        pos: int = e.pos_in_stream or 0
        if not self._is_cascade(pos):
            char = self.text[pos] if pos < len(self.text) else ""
            line, col = e.line or 1, e.column or 1
            span = Span(self.file, line, col, line, col + 1)
            hint = None
            if char.isalpha():
                hint = "names are made of ASCII letters, digits, `_` and `'`"
            self._report(make("E0106", span, char=_show_char(char), hint=hint))
        self.last_bad_end = pos + 1
        if len(self.diagnostics) >= self.limit:
            raise GiveUp

    # ------------------------------------------------------------ repair

    def _repair(self, ip: InteractiveParser, tok: Token) -> bool:
        """Make the parse go on past `tok`; False if nothing works."""
        if tok.type == "$END":
            return self._close(ip, tok)
        if tok.type in SYNC:
            self._close(ip, tok)
            return True
        for names in INSERTIONS:
            if self._accepts_after(ip, names, tok):
                for name in names:
                    ip.feed_token(_synthetic(name, tok))
                ip.feed_token(tok)
                return True
        return True  # skip the token

    def _close(self, ip: InteractiveParser, tok: Token) -> bool:
        """Feed closers until `tok` fits, then `tok`; False if it never fits."""
        for _ in range(400):
            if self._accepts_after(ip, (), tok):
                ip.feed_token(tok)
                return True
            accepted = _accepts(ip)
            closer = next((c for c in CLOSE_ORDER if c in accepted), None)
            if closer is None:
                return False
            ip.feed_token(_synthetic(closer, tok))
        return False

    def _accepts_after(self, ip: InteractiveParser, names: tuple[str, ...], tok: Token) -> bool:
        """Whether `tok` would be accepted after synthetic tokens `names`."""
        trial: InteractiveParser = ip.copy(deepcopy_values=False)  # type: ignore[no-untyped-call]
        conf = copy(trial.parser_state.parse_conf)
        conf.callbacks = {}
        trial.parser_state.parse_conf = conf
        try:
            for name in names:
                trial.feed_token(_synthetic(name, tok))
            trial.feed_token(tok)
        except UnexpectedToken:
            return False
        return True

    # ------------------------------------------------------------ messages

    def _describe(self, ip: InteractiveParser, tok: Token) -> Diagnostic:
        accepted = _accepts(ip)
        stack: list[Any] = ip.parser_state.value_stack
        context = _Context(stack)
        span = self._token_span(tok)
        found = self._found(tok)
        expected = self._expected(accepted)
        special = self._special(tok, accepted, context, span, found)
        if special is not None:
            return special
        return make("E0101", span, expected=expected, found=found,
                    hint=self._hint(tok, accepted, context))

    def _special(
        self, tok: Token, accepted: set[str], ctx: _Context, span: Span, found: str
    ) -> Diagnostic | None:
        """The curated messages for common mistakes, or None."""
        if tok.type in UNSUPPORTED:
            return make("E0117", span, keyword=str(tok))
        opener = ctx.innermost()
        if opener is not None and opener.type in ("IF", "ELSEIF") and "_THEN" in accepted \
                and not ctx.after(opener, "_THEN"):
            return self._labelled("E0104", span, opener, found=found, keyword=str(opener))
        if opener is not None and opener.type in ("WHILE", "FOR") and "_DO" in accepted \
                and not ctx.after(opener, "_DO"):
            what = "condition" if opener.type == "WHILE" else "iterator"
            return self._labelled("E0105", span, opener, found=found, keyword=str(opener),
                                  what=what)
        method = ctx.method_header()
        if method is not None and "_DBLARROW" in accepted and tok.type in EXPR_START \
                and ctx.starts_line(tok):
            kw, name = method
            return self._labelled("E0103", span, kw, found=found, name=name)
        closable = ctx.innermost_closable()
        if closable is not None and CLOSERS[OPENERS[closable.type]] in accepted \
                and tok.type not in accepted and _is_ending(tok):
            closer = OPENERS[closable.type]
            return self._labelled("E0102", span, closable, found=found, closer=closer,
                                  opener=str(closable), line=closable.line)
        return None

    def _labelled(self, code: str, span: Span, at: Token, **args: Any) -> Diagnostic:
        diag = make(code, span, **args)
        label = Label(self._token_span(at), f"this `{at}` starts here")
        return diag.with_extra(labels=(label,))

    def _hint(self, tok: Token, accepted: set[str], ctx: _Context) -> str | None:
        kind = tok.type
        if kind == "EQEQ" and "_EQ" in accepted:
            return "use `=` here: `==` compares two values, `=` gives a value"
        if kind in ("LPAR_NEW", "LSQB_NEW", "MINUS_NEW"):
            char = {"LPAR_NEW": "(", "LSQB_NEW": "[", "MINUS_NEW": "-"}[kind]
            return (f"a `{char}` at the start of a line begins a new expression; to continue "
                    "the previous line, put it at the end of that line")
        opener = ctx.innermost_closable()
        if kind == "_COMMA" and opener is not None and opener.type in ("LSQB", "LSQB_NEW"):
            return "array elements are separated by `;` or by newlines, not by `,`"
        if kind == "_EQ" and "EQEQ" in accepted:
            return "to compare, use `==`"
        if kind in ("_EQ", "GT") and "_DBLARROW" in accepted:
            return "did you mean `=>`?"
        if kind in ("NAME", "NUMBER") and "_COMMA" in accepted and "RPAR" in accepted:
            return "separate arguments with `,`"
        if kind in CLOSERS.values() and \
                str(tok) not in {OPENERS.get(ctx.stack[i].type) for i in ctx.open}:
            return f"this `{tok}` closes nothing that is open here: is it one too many?"
        return None

    def _found(self, tok: Token) -> str:
        kind = tok.type
        if kind == "$END":
            return "the end of the file"
        if kind == "NAME":
            return f"the name `{tok}`"
        if kind == "NUMBER":
            return f"the number `{tok}`"
        if kind in ("STRING", "CHAR"):
            return WORDS[kind]
        if kind in WORDS:
            return f"{WORDS[kind]} at the start of a line"
        return f"`{tok}`"

    def _expected(self, accepted: set[str]) -> str:
        """What could come here, summarised in a few words."""
        words: list[str] = []
        rest = set(accepted)
        if "NUMBER" in rest:
            words.append("an expression")
            rest -= EXPR_START
        elif {"NAME", "LBRACE", "ISO"} <= rest:
            words.append("a type")
            rest -= TYPE_START
        if rest & MEMBER_KW and not rest & ENTITY_KW:
            words.append("a field or a method")
        elif rest & ENTITY_KW:
            words.append("a declaration (`actor`, `class`, `primitive`, `trait`, "
                         "`interface`, `type`)")
        rest -= MEMBER_KW | ENTITY_KW
        specific = sorted(self._word(t) for t in rest - CONTINUATIONS)
        if not specific and not words:
            # Only continuations can come: name the few that are not operators.
            specific = sorted(self._word(t) for t in rest - OPERATORS)
        words = specific + words
        return _join(words[:6]) if words else "an operator"

    def _word(self, terminal: str) -> str:
        if terminal in WORDS:
            return WORDS[terminal]
        return f"`{self.literals.get(terminal, terminal)}`"

    def _token_span(self, tok: Token) -> Span:
        if tok.type == "$END":
            line, col = tok.end_line or 1, tok.end_column or 1
            if tok.line is None or tok.end_line is None:
                line, col = 1, 1
            return Span(self.file, line, col, line, col)
        return Span(self.file, tok.line or 1, tok.column or 1, tok.end_line or 1,
                    tok.end_column or 1)


class GiveUp(Exception):
    """The recovery stops: too many errors, or no way to go on."""


def careful_parse(ip: InteractiveParser, text: str, recovery: Recovery) -> Any:
    """Parse token by token from `ip`'s start, reporting and repairing
    errors through `recovery`; the result, or raises `GiveUp`."""
    state = ip.parser_state
    last: Token | None = None
    while True:
        try:
            for tok in ip.lexer_thread.lex(state):  # type: ignore[no-untyped-call]
                _feed(ip, tok, recovery)
                last = tok
            break
        except UnexpectedCharacters as e:  # raised by the lexer: skip a character
            recovery.bad_character(e)
            lexer_state = ip.lexer_thread.state
            assert lexer_state is not None
            pos = lexer_state.line_ctr.char_pos
            lexer_state.line_ctr.feed(text[pos:pos + 1])
        except UnexpectedToken as e:  # raised by the lexer: the token is consumed
            recovery.bad_token(ip, e.token)
    end = Token.new_borrow_pos("$END", "", last) if last is not None else Token("$END", "")
    _feed(ip, end, recovery)
    return ip.parser_state.value_stack[-1]


def _feed(ip: InteractiveParser, tok: Token, recovery: Recovery) -> None:
    state = ip.parser_state
    states, values = list(state.state_stack), list(state.value_stack)
    try:
        ip.feed_token(tok)
    except UnexpectedToken:
        # Undo the reductions this token caused before it failed.
        state.state_stack, state.value_stack = states, values
        recovery.bad_token(ip, tok)


class _Context:
    """What the parser's value stack says about where the error is."""

    def __init__(self, stack: list[Any]) -> None:
        self.stack = _flatten(stack)
        self.open = self._unclosed()

    def _unclosed(self) -> list[int]:
        """Indices of opener tokens not closed yet, outermost first."""
        opened: list[int] = []
        for i, item in enumerate(self.stack):
            if not isinstance(item, Token):
                continue
            kind = item.type
            if kind in OPENERS or kind == "ELSEIF":
                if kind == "IF" and self._is_guard(i):
                    continue
                opened.append(i)
            elif kind in ("RPAR", "RSQB", "RBRACE", "END") and opened:
                while opened and self.stack[opened[-1]].type == "ELSEIF":
                    opened.pop()
                if opened:
                    opened.pop()
        return opened

    def _is_guard(self, i: int) -> bool:
        before = self.stack[i - 2] if i >= 2 else None
        return isinstance(before, Token) and before.type == "PIPE"

    def starts_line(self, tok: Token) -> bool:
        """Whether `tok` is on a later line than what the parser read last."""
        last = self.stack[-1] if self.stack else None
        if isinstance(last, Token):
            return (tok.line or 0) > (last.end_line or 0)
        span = getattr(last, "span", None)
        return span is None or (tok.line or 0) > span.end_line

    def innermost(self) -> Token | None:
        return self.stack[self.open[-1]] if self.open else None

    def innermost_closable(self) -> Token | None:
        for i in reversed(self.open):
            if self.stack[i].type != "ELSEIF":
                tok: Token = self.stack[i]
                return tok
        return None

    def after(self, opener: Token, kind: str) -> bool:
        """Whether a `kind` token follows `opener` on the stack."""
        index = next(i for i in reversed(range(len(self.stack))) if self.stack[i] is opener)
        return any(isinstance(x, Token) and x.type == kind for x in self.stack[index + 1:])

    def method_header(self) -> tuple[Token, str] | None:
        """(keyword, name) when the error is in a method's signature."""
        floor = self.open[-1] if self.open else -1
        for i in range(len(self.stack) - 1, floor, -1):
            item = self.stack[i]
            if isinstance(item, Token) and item.type == "_DBLARROW":
                return None
            if isinstance(item, Token) and item.type in ("FUN", "BE", "NEW"):
                name = next((str(x) for x in self.stack[i + 1:]
                             if isinstance(x, Token) and x.type == "NAME"), "?")
                return item, name
        return None


def _flatten(stack: list[Any]) -> list[Any]:
    """The stack with Lark's helper trees (inlined rules not reduced into
    their parent yet) replaced by their children."""
    out: list[Any] = []
    todo = list(reversed(stack))
    while todo:
        item = todo.pop()
        if isinstance(item, Tree):
            todo.extend(reversed(item.children))
        else:
            out.append(item)
    return out


def _accepts(ip: InteractiveParser) -> set[str]:
    accepted: set[str] = ip.accepts()  # type: ignore[no-untyped-call]
    return accepted


def _is_ending(tok: Token) -> bool:
    """Tokens that end an enclosing construct: its closer, a member or
    entity keyword, the end of the file."""
    return tok.type in SYNC or tok.type == "$END" or tok.type in CLOSERS.values() \
        or tok.type in ("_ELSE", "ELSEIF", "PIPE", "_THEN", "_DO", "_UNTIL")


def _synthetic(name: str, at: Token) -> Token:
    return Token.new_borrow_pos(name, SYNTHETIC.get(name, ""), at)


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _show_char(char: str) -> str:
    if char == "`":
        return "'`'"
    if char.isprintable() and not char.isspace():
        return f"`{char}`"
    return f"U+{ord(char):04X}" if char else "the end of the file"

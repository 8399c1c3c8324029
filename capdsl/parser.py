"""The parser: `.cap` source text to an `ast.Module`, the pipeline's first pass.

    source -> blank comments -> Lark LALR (contextual lexer, newline
    post-lexer, embedded AstBuilder) -> Module | syntax diagnostics

`parse` returns the Module when the file has no syntax error; otherwise it
reports every error it found (up to `MAX_ERRORS`, see `parse_errors`) and
returns None. What the grammar accepts but Pony forbids is checked next, by
`syntax.check_syntax`.

Invariants and choices:
- one Lark instance, built once per process from `grammar.lark` and cached
  on disk (a user cache directory, else the temp directory), so start-up
  does not pay for the LALR tables;
- the AST is built while parsing (no intermediate tree), with the GC paused
  for the parse, which Python's collector would otherwise dominate;
- brackets and blocks nested deeper than `MAX_NESTING` stop the parse with
  E0004, so later recursive passes never see such a tree; nothing here
  recurses on the input;
- a parse holds a lock: the Lark instance and its builder have per-parse
  state.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import threading
from importlib import resources
from pathlib import Path

from lark import Lark, Token
from lark.exceptions import UnexpectedInput

from capdsl.ast import Module
from capdsl.ast_builder import AstBuilder
from capdsl.diagnostics import Diagnostic, Reporter
from capdsl.lexing import NEW_FORMS, Blanked, NestingTooDeep, NewlinePostLex, blank_comments
from capdsl.messages import make
from capdsl.parse_errors import GiveUp, Recovery, careful_parse
from capdsl.source import SourceFile, Span

MAX_NESTING = 200
MAX_ERRORS = 20

_STRING_TERMINAL = re.compile(r'^(_?[A-Z][A-Z0-9_]*)\s*:\s*"((?:[^"\\]|\\.)*)"\s*$', re.M)


class _CapParser:
    """The Lark parser with its post-lexer and AST builder."""

    def __init__(self) -> None:
        grammar = resources.files("capdsl").joinpath("grammar.lark").read_text(encoding="utf-8")
        self.literals = {
            m[1]: m[2].replace("\\\\", "\\") for m in _STRING_TERMINAL.finditer(grammar)
        }
        self.postlex = NewlinePostLex(_always_accept(self.literals), MAX_NESTING)
        self.builder = AstBuilder()
        self.lark = Lark(
            grammar, parser="lalr", lexer="contextual", postlex=self.postlex,
            transformer=self.builder, maybe_placeholders=True, cache=_cache_option(),
        )
        self.lock = threading.Lock()

    def parse(self, source: SourceFile, reporter: Reporter) -> Module | None:
        blanked = blank_comments(source.text)
        if blanked.problem is not None:
            reporter.add(_literal_problem(source.name, blanked))
            return None
        with self.lock:
            module, diagnostics = self._parse(source, blanked)
        for diag in diagnostics:
            reporter.add(diag)
        return None if diagnostics else module

    def _parse(
        self, source: SourceFile, blanked: Blanked
    ) -> tuple[Module | None, list[Diagnostic]]:
        self.builder.reset(source.name, source.end_span())
        self.postlex.reset(blanked.text, blanked.comment_ends)
        recovery = Recovery(source.name, blanked.text, self.literals, MAX_ERRORS)
        module, stopped = self._run(source, blanked, recovery)
        found = list(recovery.diagnostics)
        if stopped is not None:
            found.append(stopped)
        found += _before(self.builder.problems, recovery.first_error)
        found.sort(key=lambda d: (d.span.line, d.span.col))
        return module, found[:MAX_ERRORS]

    def _run(
        self, source: SourceFile, blanked: Blanked, recovery: Recovery
    ) -> tuple[Module | None, Diagnostic | None]:
        """Parse with the GC paused: the Module, or why the parse stopped.

        A fast parse first; if it fails, a careful one that reports and
        recovers (see `parse_errors`)."""
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            try:
                return _module(self.lark.parse(blanked.text)), None
            except UnexpectedInput:
                self.builder.reset(source.name, source.end_span())
                self.postlex.reset(blanked.text, blanked.comment_ends)
                ip = self.lark.parse_interactive(blanked.text)
                careful_parse(ip, blanked.text, recovery)
                # Recovered: the errors are in `recovery`, the tree is moot.
                return None, None
        except NestingTooDeep as e:
            return None, make("E0004", _token_span(recovery.file, e.token), limit=e.limit)
        except GiveUp:
            return None, None
        except Exception:
            # A synthetic token from the recovery can trip the builder on a
            # tree that will be thrown away; without an error first, it's a bug.
            if not recovery.diagnostics:
                raise
            return None, None
        finally:
            if gc_was_on:
                gc.enable()


def _module(result: object) -> Module:
    assert isinstance(result, Module)  # the builder's `start`
    return result


def _always_accept(literals: dict[str, str]) -> tuple[str, ...]:
    """Terminals every state of the contextual lexer must know, so that it
    splits the text as Pony's context-free lexer does: keywords (else a
    keyword is lexed as a NAME where it can't come), NAME, the symbols the
    post-lexer re-types, and every symbol that extends a shorter one (else
    `==` is lexed as `=` `=` where only `=` can come)."""
    keywords = [n for n, text in literals.items() if re.fullmatch(r"[#a-z_]+", text)]
    texts = set(literals.values())
    longer = [n for n, text in literals.items()
              if n not in keywords and any(text.startswith(t) and t != text for t in texts)]
    return (*keywords, *longer, "NAME", *NEW_FORMS)


def _before(problems: list[Diagnostic], first_error: Span | None) -> list[Diagnostic]:
    """Builder problems on lines before the first syntax error: later ones
    may come from the recovery's synthetic tokens, and one on the same line
    is usually the same mistake seen twice."""
    if first_error is None:
        return problems
    return [d for d in problems if d.span.line < first_error.line]


def _literal_problem(file: str, blanked: Blanked) -> Diagnostic:
    assert blanked.problem is not None
    code, start, end = blanked.problem
    return make(code, _offset_span(file, blanked.text, start, end))


def _offset_span(file: str, text: str, start: int, end: int) -> Span:
    def at(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        return line, offset - text.rfind("\n", 0, offset)

    line, col = at(start)
    end_line, end_col = at(end)
    return Span(file, line, col, end_line, end_col)


def _token_span(file: str, tok: Token) -> Span:
    return Span(file, tok.line or 1, tok.column or 1, tok.end_line or 1, tok.end_column or 1)


def _cache_option() -> str | bool:
    """A cache file in the user's cache directory, else Lark's temp file."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "capdsl"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return True
    if not os.access(folder, os.W_OK):
        return True
    return str(folder / "grammar-py{}{}.lark-cache".format(*sys.version_info[:2]))


_PARSER: _CapParser | None = None
_BUILD_LOCK = threading.Lock()


def _parser() -> _CapParser:
    global _PARSER
    with _BUILD_LOCK:
        if _PARSER is None:
            _PARSER = _CapParser()
        return _PARSER


def parse(source: SourceFile, reporter: Reporter) -> Module | None:
    """Parse one `.cap` file: the Module, or None after reporting syntax errors."""
    return _parser().parse(source, reporter)

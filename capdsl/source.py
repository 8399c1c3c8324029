"""Source text and positions: the first thing every pass shares.

A `Span` names a stretch of one `.cap` file with 1-based lines and columns;
`end_line`/`end_col` point just past the last character (exclusive), so an
empty span has `(line, col) == (end_line, end_col)`. Columns count Unicode
code points, as Lark's lexer does. A `SourceFile` owns the text and turns
spans back into source lines for the diagnostic renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of source: file, 1-based start, exclusive 1-based end."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    def to(self, other: Span) -> Span:
        """The span from the start of `self` to the end of `other`."""
        return Span(self.file, self.line, self.col, other.end_line, other.end_col)

    def start(self) -> Span:
        """The empty span at this span's start."""
        return Span(self.file, self.line, self.col, self.line, self.col)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


NO_SPAN = Span("<builtin>", 0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file's name and decoded text, with its lines split once."""

    name: str
    text: str
    lines: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.text.split("\n")))

    def line_text(self, line: int) -> str:
        """Line `line` (1-based) without its newline, or '' past the end."""
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1].rstrip("\r")
        return ""

    def end_span(self) -> Span:
        """The empty span just past the last character of the file."""
        last = len(self.lines)
        return Span(self.name, last, len(self.lines[-1]) + 1, last, len(self.lines[-1]) + 1)

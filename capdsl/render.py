"""Renderers for diagnostics: text for people, JSON lines for tools.

The last step of every command. Text follows rustc and Elm: a header
`file:line:col: error[CODE]: message`, the source line with carets under the
primary span, secondary labels, notes and a hint. Colour only when the
stream is a terminal and `NO_COLOR` is unset (or when forced).

The source line is shown as a terminal would lay it out, so the carets stay
under the span: tabs expand to stops of four, wide (East Asian) characters
take two columns and combining marks none. Control and invisible formatting
characters (escape, a lone carriage return, bidirectional overrides) are
shown as visible symbols and never reach the terminal, in the source line
nor in a message. A line longer than `MAX_LINE` characters is cut to a
window around the span, with `...` where it was cut.

JSON lines carry `file, line, column, end_line, end_column, severity, code,
message, notes` with 1-based lines and columns (`end_column` exclusive);
labels and notes appear under `notes` with severity `note`.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Mapping
from typing import IO, Any

from capdsl.diagnostics import Diagnostic, Severity
from capdsl.source import SourceFile, Span

_COLOURS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.NOTE: "\x1b[1;36m",
}
_BOLD = "\x1b[1m"
_BLUE = "\x1b[1;34m"
_RESET = "\x1b[0m"

TAB_STOP = 4
MAX_LINE = 200
"""Longest source line shown whole, in characters; longer ones are windowed."""
CONTEXT = 40
"""Characters kept on each side of the span when a line is windowed."""
_CUT = "..."


def _visible(ch: str) -> str:
    """`ch` as shown: itself, or a visible stand-in for a control character
    (the Unicode control pictures for C0 and DEL) or an invisible or
    unassigned one (U+FFFD)."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return "\ufffd"
    return ch


def _width(ch: str) -> int:
    """Terminal columns taken by a (visible) character."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def clean(text: str) -> str:
    """`text` with control and invisible characters made visible; newlines
    and tabs are kept (messages may be several lines)."""
    if text.isprintable():
        return text
    return "".join(ch if ch in "\n\t" else _visible(ch) for ch in text)


def layout(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Lay out `line` for display with the characters `[start, end)`
    (0-based) marked: the displayed text, the column where the mark starts
    and its width (at least 1), both in terminal columns.

    A mark past the end of the line sits just after it; a line longer than
    `MAX_LINE` is cut to a window around the mark."""
    start = max(0, start)
    end = max(start, end)
    lo, hi = 0, len(line)
    if len(line) > MAX_LINE:
        lo = max(0, min(start, len(line)) - CONTEXT)
        hi = min(len(line), max(end, start + 1) + CONTEXT, lo + MAX_LINE)
    parts: list[str] = []
    column = 0
    mark_col = mark_end = -1
    if lo > 0:
        parts.append(_CUT)
        column = len(_CUT)
    for index in range(lo, hi):
        if index == start:
            mark_col = column
        if index == end:
            mark_end = column
        ch = line[index]
        if ch == "\t":
            shown = " " * (TAB_STOP - (column % TAB_STOP))
            column += len(shown)
        else:
            shown = _visible(ch)
            column += sum(_width(c) for c in shown)
        parts.append(shown)
    if mark_col < 0:  # the mark starts at the end of the line (or past it)
        mark_col = column
    if mark_end < 0:  # the mark runs to the end of what is shown
        mark_end = column
    if hi < len(line):
        parts.append(_CUT)
    return "".join(parts), mark_col, max(1, mark_end - mark_col)


def use_colour(stream: IO[str], mode: str = "auto") -> bool:
    """Whether to colour output: `always`, `never`, or `auto` (a terminal
    without NO_COLOR set)."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class TextRenderer:
    """Renders diagnostics as annotated source excerpts."""

    def __init__(self, sources: Mapping[str, SourceFile], colour: bool) -> None:
        self.sources = sources
        self.colour = colour

    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour else text

    def render(self, diag: Diagnostic) -> str:
        sev = diag.severity
        head = self._c(_COLOURS[sev], f"{sev.value}[{clean(diag.code)}]")
        where = clean(str(diag.span))
        lines = [f"{self._c(_BOLD, where)}: {head}: {self._c(_BOLD, clean(diag.message))}"]
        gutter = len(str(max([diag.span.line, *[lb.span.line for lb in diag.labels]]))) + 1
        lines += self._excerpt(diag.span, "", gutter, _COLOURS[sev])
        for label in diag.labels:
            if label.span.file != diag.span.file:
                lines.append(self._c(_BLUE, " " * gutter + "--> ") + clean(str(label.span)))
            lines += self._excerpt(label.span, clean(label.text), gutter, _BLUE, marker="-")
        for note in diag.notes:
            at = f" ({clean(str(note.span))})" if note.span else ""
            lines.append(self._c(_BLUE, " " * gutter + "= ") + f"note: {clean(note.text)}{at}")
        if diag.hint:
            lines.append(self._c(_BLUE, " " * gutter + "= ") + f"hint: {clean(diag.hint)}")
        return "\n".join(lines)

    def _excerpt(
        self, span: Span, text: str, gutter: int, colour: str, marker: str = "^"
    ) -> list[str]:
        source = self.sources.get(span.file)
        if source is None or span.line < 1:
            return [f"{' ' * gutter}  {text}"] if text else []
        raw = source.line_text(span.line)
        end = span.end_col - 1 if span.end_line == span.line else len(raw)
        shown, column, width = layout(raw, span.col - 1, end)
        bar = self._c(_BLUE, " " * gutter + "|")
        number = self._c(_BLUE, f"{span.line:>{gutter - 1}} |")
        carets = self._c(colour, marker * width + (f" {text}" if text else ""))
        return [bar, f"{number} {shown}".rstrip(), f"{bar} {' ' * column}{carets}"]


def _span_fields(span: Span) -> dict[str, Any]:
    return {
        "file": span.file, "line": span.line, "column": span.col,
        "end_line": span.end_line, "end_column": span.end_col,
    }


def to_json(diag: Diagnostic, ascii_only: bool = False) -> str:
    """One diagnostic as a single JSON line; `ascii_only` escapes every
    non-ASCII character (and any lone surrogate from an undecodable file
    name) as `\\uXXXX`."""
    notes: list[dict[str, Any]] = []
    for label in diag.labels:
        notes.append({**_span_fields(label.span), "severity": "note", "message": label.text})
    for note in diag.notes:
        entry: dict[str, Any] = {"severity": "note", "message": note.text}
        if note.span is not None:
            entry.update(_span_fields(note.span))
        notes.append(entry)
    record: dict[str, Any] = {
        **_span_fields(diag.span), "severity": diag.severity.value, "code": diag.code,
        "message": diag.message, "notes": notes,
    }
    if diag.hint:
        record["hint"] = diag.hint
    return json.dumps(record, ensure_ascii=ascii_only)

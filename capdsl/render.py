"""Renderers for diagnostics: text for people, JSON lines for tools.

The last step of every command. Text follows rustc and Elm: a header
`file:line:col: error[CODE]: message`, the source line with carets under the
primary span, secondary labels, notes and a hint. Colour only when the
stream is a terminal and `NO_COLOR` is unset (or when forced).

JSON lines carry `file, line, column, end_line, end_column, severity, code,
message, notes` with 1-based lines and columns (`end_column` exclusive);
labels and notes appear under `notes` with severity `note`.
"""

from __future__ import annotations

import json
import os
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
        head = self._c(_COLOURS[sev], f"{sev.value}[{diag.code}]")
        lines = [f"{self._c(_BOLD, str(diag.span))}: {head}: {self._c(_BOLD, diag.message)}"]
        gutter = len(str(max([diag.span.line, *[lb.span.line for lb in diag.labels]]))) + 1
        lines += self._excerpt(diag.span, "", gutter, _COLOURS[sev])
        for label in diag.labels:
            if label.span.file != diag.span.file:
                lines.append(self._c(_BLUE, " " * gutter + "--> ") + str(label.span))
            lines += self._excerpt(label.span, label.text, gutter, _BLUE, marker="-")
        for note in diag.notes:
            where = f" ({note.span})" if note.span else ""
            lines.append(self._c(_BLUE, " " * gutter + "= ") + f"note: {note.text}{where}")
        if diag.hint:
            lines.append(self._c(_BLUE, " " * gutter + "= ") + f"hint: {diag.hint}")
        return "\n".join(lines)

    def _excerpt(
        self, span: Span, text: str, gutter: int, colour: str, marker: str = "^"
    ) -> list[str]:
        source = self.sources.get(span.file)
        if source is None or span.line < 1:
            return [f"{' ' * gutter}  {text}"] if text else []
        line_text = source.line_text(span.line).expandtabs(1)
        if span.end_line == span.line:
            width = max(1, span.end_col - span.col)
        else:
            width = max(1, len(line_text) - span.col + 1)
        bar = self._c(_BLUE, " " * gutter + "|")
        number = self._c(_BLUE, f"{span.line:>{gutter - 1}} |")
        carets = self._c(colour, marker * width + (f" {text}" if text else ""))
        return [bar, f"{number} {line_text}", f"{bar} {' ' * (span.col - 1)}{carets}"]


def _span_fields(span: Span) -> dict[str, Any]:
    return {
        "file": span.file, "line": span.line, "column": span.col,
        "end_line": span.end_line, "end_column": span.end_col,
    }


def to_json(diag: Diagnostic) -> str:
    """One diagnostic as a single JSON line."""
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
    return json.dumps(record, ensure_ascii=False)

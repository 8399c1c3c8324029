"""Diagnostics as data: what every pass reports, rendered late by `render`.

A pass never prints. It builds `Diagnostic` values through `messages.make`
(which owns every code and text) and adds them to a `Reporter`. The CLI
renders them as text or JSON lines at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from capdsl.source import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Label:
    """A secondary span with a short text, shown under the source."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    """A remark with an optional span (a declaration, a consume site...)."""

    text: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable code, a message, where, and how to fix it."""

    code: str
    severity: Severity
    message: str
    span: Span
    labels: tuple[Label, ...] = ()
    notes: tuple[Note, ...] = ()
    hint: str | None = None

    def with_extra(
        self,
        labels: tuple[Label, ...] = (),
        notes: tuple[Note, ...] = (),
        hint: str | None = None,
    ) -> Diagnostic:
        """A copy with more labels and notes, and the hint replaced if given."""
        return Diagnostic(
            self.code, self.severity, self.message, self.span,
            self.labels + labels, self.notes + notes, hint if hint is not None else self.hint,
        )


class TooManyErrors(Exception):
    """Raised by a `Reporter` when its limit is reached, to stop a pass early."""


@dataclass
class Reporter:
    """Collects diagnostics for one run, in order, without duplicates."""

    limit: int = 200
    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[tuple[str, Span]] = field(default_factory=set)

    def add(self, diag: Diagnostic) -> None:
        key = (diag.code, diag.span)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append(diag)
        if self.error_count() >= self.limit:
            raise TooManyErrors

    def error_count(self) -> int:
        return sum(1 for d in self.items if d.severity is Severity.ERROR)

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics by file and position, keeping report order for ties."""
        order = {id(d): i for i, d in enumerate(self.items)}
        return sorted(
            self.items, key=lambda d: (d.span.file, d.span.line, d.span.col, order[id(d)])
        )

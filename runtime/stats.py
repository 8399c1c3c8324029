"""The `--stats` report: per actor type and for the top actors, what each
processed and held.

Place: `runtime.program` calls `report` when a program run with statistics
ends (normally or not); the figures come from `runtime.memory` (accounts
kept in its registry while statistics are on) and the counting turn loop
(`runtime.scheduler`). Heaps are measured again at the end, so "heap now"
is exact; "peak" is the largest figure seen at a measurement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from runtime.memory import Account, heap_of

TOP = 10
"""How many actors the report lists by name."""


@dataclass
class _TypeRow:
    actors: int = 0
    messages: int = 0
    heap: int = 0
    peak: int = 0
    mailbox_peak: int = 0


def size_text(n: int) -> str:
    """`n` bytes for people: `512 B`, `12.3 KiB`, `10.0 MiB`."""
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{n} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def type_name(actor: object) -> str:
    """The Pony name of an actor's type (a package prefix is kept)."""
    return type(actor).__qualname__.replace("\u02b9", ".")


Row = tuple[str, str, int, int, int, int, int]
"""One actor: (name, type, messages, heap now, peak heap, mailbox peak, worker)."""


def rows(accounts: Mapping[Any, Account], worker: int = 0) -> list[Row]:
    """The report's rows for `accounts` (actor -> Account), heaps measured now.
    Plain tuples, so a worker process can send them to the coordinator."""
    out: list[Row] = []
    for serial, (actor, mine) in enumerate(accounts.items(), 1):
        heap = heap_of(actor)
        mine.peak = max(mine.peak, heap)
        name = f"{type_name(actor)}#{serial}" if worker == 0 else \
            f"{type_name(actor)}#{worker}.{serial}"
        out.append((name, type_name(actor), mine.messages, heap, mine.peak,
                    mine.mailbox_peak, worker))
    return out


def report(accounts: Mapping[Any, Account], worker: int = 0) -> str:
    """The statistics table for `accounts` (actor -> Account)."""
    return format_report(rows(accounts, worker))


def format_report(all_rows: list[Row]) -> str:
    """The statistics table for the rows of every worker."""
    total = sum(r[2] for r in all_rows)
    lines = [f"capdsl stats: {len(all_rows)} actors, {total:,} messages"]
    lines += _by_type(all_rows)
    lines += _top(all_rows)
    return "\n".join(lines) + "\n"


def _by_type(all_rows: list[Row]) -> list[str]:
    types: dict[str, _TypeRow] = {}
    for _name, kind, messages, heap, peak, mailbox, _worker in all_rows:
        row = types.setdefault(kind, _TypeRow())
        row.actors += 1
        row.messages += messages
        row.heap += heap
        row.peak = max(row.peak, peak)
        row.mailbox_peak = max(row.mailbox_peak, mailbox)
    out = [f"{'type':<24}{'actors':>8}{'messages':>14}{'heap now':>12}{'max peak':>12}"
           f"{'max mailbox':>13}"]
    for name, row in sorted(types.items(), key=lambda item: -item[1].heap):
        out.append(f"{name:<24}{row.actors:>8,}{row.messages:>14,}{size_text(row.heap):>12}"
                   f"{size_text(row.peak):>12}{row.mailbox_peak:>13,}")
    return out


def _top(all_rows: list[Row]) -> list[str]:
    out = [f"top {min(TOP, len(all_rows))} actors by peak heap",
           f"{'actor':<24}{'messages':>14}{'heap now':>12}{'peak':>12}{'mailbox':>10}"
           f"{'worker':>8}"]
    ranked = sorted(all_rows, key=lambda r: (-r[4], -r[2]))[:TOP]
    for name, _kind, messages, heap, peak, mailbox, worker in ranked:
        out.append(f"{name:<24}{messages:>14,}{size_text(heap):>12}"
                   f"{size_text(peak):>12}{mailbox:>10,}{worker:>8}")
    return out

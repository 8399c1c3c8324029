"""Printing `bench/run.py`'s results: the machine line and the table of
medians with capdsl's ratio to every other system.

Place: the output side of `bench/run.py`; it only formats records (dicts
with `workload`, `system`, `median`, `unit`, ...), it measures nothing.
"""

from __future__ import annotations

import os
import platform
from typing import Any

Record = dict[str, Any]


def machine() -> dict[str, Any]:
    """The machine the figures come from."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"cores": os.cpu_count(), "usable_cores": usable,
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "platform": platform.platform(), "processor": platform.processor() or None,
            "load_average": [round(x, 2) for x in load]}


def render_value(record: Record) -> str:
    """A median, short: 2.41 M, 184 k, 73, 12.5."""
    value = float(record["median"])
    unit = record["unit"]
    if unit in ("us", "ms"):
        return f"{value:,.1f}"
    if unit == "bytes/actor":
        return f"{value:,.0f}"
    if value >= 1e6:
        return f"{value / 1e6:.2f} M"
    if value >= 1e3:
        return f"{value / 1e3:.1f} k"
    return f"{value:.0f}"


def ratio(ours: Record, other: Record) -> str:
    if float(other["median"]) == 0:
        return "-"
    return f"{float(ours['median']) / float(other['median']):.2f}"


def print_table(records: list[Record], systems: list[str], note: str = "") -> None:
    """One row per workload: capdsl's median, then each other system's
    median with capdsl / other in parentheses."""
    workloads = list(dict.fromkeys(r["workload"] for r in records))
    shown = [s for s in systems if any(r["system"] == s for r in records)]
    if not workloads:
        return
    by_key = {(r["workload"], r["system"]): r for r in records}
    header = ["workload", "unit", *shown]
    rows = [header]
    for workload in workloads:
        unit = next(r["unit"] for r in records if r["workload"] == workload)
        ours = by_key.get((workload, "capdsl"))
        row = [workload, unit]
        for system in shown:
            record = by_key.get((workload, system))
            if record is None:
                row.append("")
            elif system == "capdsl" or ours is None:
                row.append(render_value(record))
            else:
                row.append(f"{render_value(record)} ({ratio(ours, record)})")
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print()
    print(f"medians{', ' + note if note else ''}; (capdsl / system): above 1 = capdsl higher "
          "(better for rates, worse for bytes and us)")
    for row in rows:
        print("  ".join(cell.ljust(w) if i < 2 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths, strict=True))))

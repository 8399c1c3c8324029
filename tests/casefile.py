"""Reading data-driven test cases: `.cap` programs with expectations in comments.

A check case marks each line that must be reported with `//~ CODE` (one or
more codes, e.g. `//~ E0402 E0301`); every other line must be clean. A run
case has its expected standard output beside it in `NAME.out` and may name
its exit status with `//~ exit N`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MARK = re.compile(r"//~\s*((?:[EW]\d{4}\s*)+)")
EXIT = re.compile(r"//~\s*exit\s+(\d+)")


@dataclass(frozen=True)
class CheckCase:
    path: Path
    expected: frozenset[tuple[int, str]]


def read_check_case(path: Path) -> CheckCase:
    expected: set[tuple[int, str]] = set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        m = MARK.search(line)
        if m:
            expected.update((number, code) for code in m.group(1).split())
    return CheckCase(path, frozenset(expected))


def expected_exit(path: Path) -> int:
    m = EXIT.search(path.read_text("utf-8"))
    return int(m.group(1)) if m else 0


def cases(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.cap"))

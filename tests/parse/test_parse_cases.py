"""Data-driven parser tests: every program in `cases/` parses, and each
`//= sketch` comment states the shape of the declaration, member, case or
statement that starts on its line (see `parse_sketch`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from parse_sketch import sketch
from parse_support import HERE, first_on_line, parse_ok

CASES = sorted((HERE / "cases").glob("*.cap"))
EXPECT = re.compile(r"//= (.*)$")


def expectations(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return [(i, m.group(1).strip()) for i, line in enumerate(lines, 1)
            if (m := EXPECT.search(line))]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case_parses_to_the_stated_shapes(path: Path) -> None:
    module = parse_ok(path.read_text(encoding="utf-8"))
    wanted = expectations(path)
    assert wanted, f"{path.name} states no shapes"
    got = [(line, sketch(first_on_line(module, line))) for line, _ in wanted]
    assert got == wanted


def test_cases_cover_every_expression_and_type_node() -> None:
    """Each AST class shows up in at least one case program."""
    from parse_support import walk

    from capdsl import ast

    seen: set[type] = set()
    for path in CASES:
        seen |= {type(node) for node, _ in walk(parse_ok(path.read_text(encoding="utf-8")))}
    every = {cls for cls in vars(ast).values() if isinstance(cls, type)
             and getattr(cls, "__module__", "") == ast.__name__ and hasattr(cls, "span")}
    assert sorted(c.__name__ for c in every - seen) == []

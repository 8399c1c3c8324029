"""Every shared program (conformance cases, oracle cases) parses; the one
conformance case about syntax reports its error on the marked line."""

from __future__ import annotations

from pathlib import Path

import pytest
from parse_support import SHARED, parse_text

if not SHARED.is_dir():
    pytest.skip(f"the shared folder {SHARED} is absent (it holds the conformance and "
                "oracle programs)", allow_module_level=True)

SYNTAX_ERROR = SHARED / "conformance" / "reject" / "syntax_error.cap"
PROGRAMS = sorted(p for p in [*(SHARED / "conformance").rglob("*.cap"),
                              *(SHARED / "oracle" / "cases").rglob("*.cap")]
                  if p != SYNTAX_ERROR)


def test_there_are_shared_programs() -> None:
    assert len(PROGRAMS) > 100


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shared_program_parses(path: Path) -> None:
    module, diags = parse_text(path.read_text(encoding="utf-8"), str(path))
    assert [f"{d.span} {d.code} {d.message}" for d in diags] == []
    assert module is not None and module.entities


def test_syntax_error_case_reports_on_its_line() -> None:
    text = SYNTAX_ERROR.read_text(encoding="utf-8")
    marked = [i for i, line in enumerate(text.splitlines(), 1) if "//~ error" in line]
    module, diags = parse_text(text, str(SYNTAX_ERROR))
    assert module is None
    assert marked == [4]
    assert {d.span.line for d in diags} == {4}
    assert diags[0].code == "E0101"
    assert "found `)`" in diags[0].message

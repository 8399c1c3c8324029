"""Data-driven checker tests: every `tests/cases/check/*.cap` program reports
exactly the codes marked on its lines (`//~ CODE`) and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.casefile import cases, read_check_case
from tests.harness import ROOT, compile_path, error_marks

CASES = cases(ROOT / "tests" / "cases" / "check")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_check_case(path: Path) -> None:
    case = read_check_case(path)
    comp, ok = compile_path(path)
    got = error_marks(comp)
    assert ok == (not case.expected), f"errors: {sorted(got)}"
    missing = case.expected - got
    extra = got - case.expected
    assert not missing and not extra, f"missing {sorted(missing)}, unexpected {sorted(extra)}"

"""Programs that run: the examples, `tests/cases/run/` and the shared
conformance run cases, each with the exact standard output in `NAME.out`
and the exit status named by `//~ exit N` (0 otherwise)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.casefile import cases, expected_exit
from tests.harness import ROOT, SHARED, run_path

FOLDERS = [ROOT / "examples", ROOT / "tests" / "cases" / "run", SHARED / "conformance" / "run"]
PROGRAMS = [p for folder in FOLDERS if folder.is_dir() for p in cases(folder)
            if p.with_suffix(".out").exists()]


@pytest.mark.parametrize("workers", [1, 2], ids=["w1", "w2"])
@pytest.mark.parametrize("path", PROGRAMS, ids=[f"{p.parent.name}/{p.stem}" for p in PROGRAMS])
def test_program_output(path: Path, workers: int) -> None:
    result = run_path(path, workers=workers)
    assert result.stdout == path.with_suffix(".out").read_text("utf-8"), result.stderr
    assert result.status == expected_exit(path), result.stderr


def test_every_example_has_expected_output() -> None:
    examples = cases(ROOT / "examples")
    assert examples, "no examples found"
    assert all(p.with_suffix(".out").exists() for p in examples)

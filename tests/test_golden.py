"""Golden tests: the Python generated for representative programs.

Each `tests/golden/NAME.cap` is compiled and the module generated for that
file (not the prelude or the link step) is compared, as `ast.unparse` writes
it, with `tests/golden/NAME.py`. The expected files were read line by line
when they were written: they are the reference for what generated code looks
like. After a deliberate change to codegen, rewrite them with
`CAPDSL_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from tests.harness import ROOT, compile_path

GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(GOLDEN.glob("*.cap"))


def generated_source(path: Path) -> str:
    comp, ok = compile_path(path, "codegen")
    assert ok, [str(d.message) for d in comp.reporter.items]
    program = comp.python["program"]
    modules = [m for name, m in program.modules if name == str(path)]  # type: ignore[attr-defined]
    return "\n\n".join(ast.unparse(m) for m in modules) + "\n"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_generated_python(path: Path) -> None:
    got = generated_source(path)
    expected_file = path.with_suffix(".py")
    if os.environ.get("CAPDSL_UPDATE_GOLDEN"):
        expected_file.write_text(got, encoding="utf-8")
    assert got == expected_file.read_text(encoding="utf-8")


def test_golden_python_compiles() -> None:
    for path in CASES:
        compile(path.with_suffix(".py").read_text("utf-8"), str(path), "exec")

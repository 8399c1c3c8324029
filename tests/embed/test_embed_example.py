"""examples/embed_counter.py runs, prints what it should, and type-checks
under mypy --strict (the Python contract issue 7's stubs will describe)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_example_runs(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / "embed_counter.py")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "sum of squares to 10: 385", "hits: 4000", "hits: 4000", "squares: 385"]


def test_example_type_checks() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                           str(ROOT / "examples" / "embed_counter.py")], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr

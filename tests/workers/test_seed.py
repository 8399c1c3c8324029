"""`--seed N`: a reproducible scheduling order that explores interleavings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import compile_path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def run_seeded(seed: int | None) -> list[str]:
    import io

    from capdsl.emit import execute
    from runtime.builtins import make_args
    from runtime.program import run_main

    path = HERE / "interleave.cap"
    comp, ok = compile_path(path, "codegen")
    assert ok
    program = comp.python["program"]
    main = execute(program)[program.main_class]  # type: ignore[arg-type]
    out = io.BytesIO()
    status = run_main(main, main._c_create, make_args, [str(path)], stdout=out,
                      stderr=io.BytesIO(), seed=seed)
    assert status == 0
    return out.getvalue().decode().split()


def keeps_each_writers_order(lines: list[str]) -> bool:
    return ([x for x in lines if x[0] == "a"] == [f"a{i}" for i in range(1, 6)]
            and [x for x in lines if x[0] == "b"] == [f"b{i}" for i in range(1, 6)])


@pytest.mark.parametrize("seed", [0, 1, 7, 123456789])
def test_a_seed_replays_its_interleaving(seed: int) -> None:
    first = run_seeded(seed)
    assert run_seeded(seed) == first
    assert keeps_each_writers_order(first) and len(first) == 10


def test_seeds_explore_interleavings_that_fifo_never_shows() -> None:
    fifo = run_seeded(None)
    assert fifo == [f"a{i}" for i in range(1, 6)] + [f"b{i}" for i in range(1, 6)]
    seen = {tuple(run_seeded(seed)) for seed in range(20)}
    assert all(keeps_each_writers_order(list(s)) for s in seen)
    assert len(seen) >= 3


def test_the_cli_refuses_a_seed_with_several_workers() -> None:
    result = subprocess.run([sys.executable, "-m", "capdsl.cli", "run", "--workers", "2",
                             "--seed", "1", str(HERE / "interleave.cap")],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert "--seed works with --workers 1 only" in result.stderr

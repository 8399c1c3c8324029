"""capdsl.run_program: a whole program run from Python as `capdsl run` runs
it, with its options, on one process or on worker processes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import capdsl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("workers", [1, 2])
def test_an_example_runs_with_its_expected_output(workers: int) -> None:
    m = capdsl.load(EXAMPLES / "pingpong.cap")
    out = io.BytesIO()
    status = capdsl.run_program(m.Main, workers=workers, stdout=out)
    assert status == 0
    assert out.getvalue().decode() == (EXAMPLES / "pingpong.out").read_text()


def test_args_reach_the_program_and_stats_are_printed(tmp_path: Path) -> None:
    prog = tmp_path / "args.cap"
    prog.write_text("actor Main\n  new create(env: Env) =>\n"
                    "    for a in env.args.values() do env.out.print(a) end\n")
    m = capdsl.load(prog)
    out, err = io.BytesIO(), io.BytesIO()
    status = capdsl.run_program(m.Main, ["x", "y"], argv0="prog", stats=True, stdout=out,
                                stderr=err)
    assert status == 0 and out.getvalue() == b"prog\nx\ny\n"
    assert err.getvalue().startswith(b"capdsl stats: 1 actors, 1 messages\n")


def test_not_while_a_runtime_runs() -> None:
    m = capdsl.load(EXAMPLES / "hello.cap")
    with capdsl.Runtime(), pytest.raises(RuntimeError, match=r"while a capdsl\.Runtime"):
        capdsl.run_program(m.Main, workers=2)

"""capdsl: a `.cap` program under `bench/savina`, run the way `capdsl run`
runs it, inside this process.

`load` compiles the program once (through capdsl's cache, as `capdsl.load`
does) and executes its modules in a fresh namespace with the runtime's own
send and spawn (not `runtime.embed`'s thread-aware ones). Each `run` then
calls `runtime.program.run_main` with the program's arguments and captured
output, timed from just before `run_main` to its return: Main's spawn, every
turn to quiescence and the final flush are counted; interpreter start-up and
compiling are not. The process's CPU time over the same span comes back too
(on a busy machine it says more than the wall clock).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SAVINA = Path(__file__).resolve().parents[1] / "savina"


def load(program: str) -> Callable[[list[str]], tuple[float, float, str]]:
    """The runner of `bench/savina/<program>.cap`: args -> (seconds, CPU
    seconds, stdout)."""
    from capdsl.embed import compile_program
    from runtime.builtins import make_args
    from runtime.program import run_main

    path = (SAVINA / f"{program}.cap").resolve()
    compiled = compile_program(path)
    namespace: dict[str, Any] = {"__name__": "capdsl_program"}
    for _filename, code in compiled.modules:
        exec(code, namespace)
    assert compiled.main is not None, f"{path} has no Main"
    main = namespace[compiled.main]

    def run(args: list[str]) -> tuple[float, float, str]:
        out, err = io.BytesIO(), io.BytesIO()
        cpu, start = time.process_time(), time.perf_counter()
        status = run_main(main, main._c_create, make_args, [str(path), *args],
                          stdout=out, stderr=err)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        if status != 0:
            raise AssertionError(f"{program}.cap exited with {status}: "
                                 f"{err.getvalue().decode(errors='replace').strip()}")
        return took, cpu, out.getvalue().decode()

    return run

"""One job on one system, in a process of its own: `bench/run.py` starts

    python bench/child.py SYSTEM JOB PARAMS_JSON RUNS

and reads one JSON object from its standard output: `values` (for each
workload the job yields, the figure of every run, warm-up excluded), `cpu`
(the same rates from the process's CPU time, for throughput jobs on the
single-threaded systems) and, for capdsl, `output` (the program's first line
of output in the last run).

Place: the worker side of `bench/run.py`. A fresh process per job keeps the
systems apart (threads Pykka leaves, collector settings, memory an earlier
job freed). Throughput jobs run once to warm up, then `RUNS` times; the
idle-memory job runs once per process, so the parent starts one per run.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from workloads import JOBS, LATENCY_PERCENTILES, Job, Params  # noqa: E402

Values = dict[str, list[float]]


def python_runner(system: str, job: str) -> Callable[..., Any]:
    """The function running `job` on a Python system (KeyError if it has none)."""
    if system in ("bare-loop", "method-call"):
        from systems import plain

        return (plain.BARE if system == "bare-loop" else plain.CALL)[job]
    if system == "asyncio":
        from systems import aio

        return aio.WORKLOADS[job]
    if system == "pykka":
        from systems import pykka_sys

        return pykka_sys.WORKLOADS[job]
    from systems import thespian_sys

    return (thespian_sys.SIMPLE if system == "thespian" else thespian_sys.MULTIPROC)[job]


def percentiles(delays_ns: list[int]) -> dict[str, float]:
    """The latency workloads' figures in microseconds (nearest rank)."""
    ordered = sorted(delays_ns)
    picks = {}
    for name, pct in LATENCY_PERCENTILES.items():
        rank = max(1, math.ceil(pct / 100 * len(ordered))) - 1
        picks[name] = ordered[rank] / 1000
    return picks


CPU = "@cpu"
"""Suffix of a figure computed from the process's CPU time, not the wall
clock (throughput jobs on the single-threaded systems)."""

SINGLE_THREADED = ("capdsl", "bare-loop", "method-call", "asyncio")


def capdsl_once(job: Job, params: Params, run: Callable[[list[str]], tuple[float, float, str]]
                ) -> tuple[dict[str, float], str]:
    """One run of capdsl's program: the figures and its first line of output."""
    seconds, cpu, out = run([str(params[name]) for name in job.argv])
    first = out.split("\n", 1)[0]
    assert job.expect is not None
    if first != job.expect(params):
        raise AssertionError(f"{job.program}.cap printed {first!r}, "
                             f"expected {job.expect(params)!r}")
    if job.name == "latency":
        return percentiles([int(line) for line in out.split("\n")[1:] if line]), first
    work = job.work(params)
    return {job.name: work / seconds, job.name + CPU: work / cpu}, first


def python_once(job: Job, params: Params, fn: Callable[..., Any], system: str
                ) -> dict[str, float]:
    """One run on a Python system (its function checks its own result and
    returns its wall-clock seconds; the CPU time spans the whole call)."""
    cpu = time.process_time()
    result = fn(**params)
    cpu = time.process_time() - cpu
    if job.name == "latency":
        return percentiles(result)
    work = job.work(params)
    figures = {job.name: work / result}
    if system in SINGLE_THREADED:
        figures[job.name + CPU] = work / cpu
    return figures


def compile_once(params: Params, text: str, target: Path) -> dict[str, float]:
    """Parse, check and compile (to Python code objects) a generated program;
    lines per second for each stage, cumulative as `capdsl check` and
    `capdsl run` do them. The collector is paused per pass, as run_passes does."""
    from capdsl.diagnostics import Reporter
    from capdsl.passes import PASSES, Compilation, gc_paused

    lines = text.count("\n")
    comp = Compilation(target, Reporter())
    took: dict[str, float] = {}
    for step in PASSES:
        start = time.perf_counter()
        with gc_paused():
            step.run(comp)
        took[step.name] = time.perf_counter() - start
        if comp.reporter.has_errors():
            raise AssertionError(f"generated program fails {step.name}: "
                                 f"{comp.reporter.items[0]}")
    check = sum(took[p] for p in ("parse", "syntax", "names", "types"))
    return {"parse": lines / took["parse"], "check": lines / check,
            "compile": lines / (check + took["codegen"])}


def scratch() -> Path:
    """A temporary folder for this process, removed when it exits."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="capdsl-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def compile_job(params: Params) -> Callable[[], dict[str, float]]:
    from typed_program import typed_program

    text = typed_program(params["lines"])
    target = scratch() / "typed.cap"
    target.write_text(text, encoding="utf-8")
    return lambda: compile_once(params, text, target)


def cached_compile(params: Params) -> Callable[[], dict[str, float]]:
    """Milliseconds `capdsl.load` spends getting a generated program of
    `lines` lines compiled when its cache entry is valid (sources hashed and
    compared, code objects unmarshalled); the cold compile that writes the
    entry is done first, untimed, in a cache of its own."""
    import os

    from typed_program import typed_program

    folder = scratch()
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
    os.environ.pop("CAPDSL_NO_CACHE", None)
    target = folder / "typed.cap"
    target.write_text(typed_program(params["lines"]), encoding="utf-8")
    from capdsl.embed import compile_program

    assert not compile_program(target).cached

    def once() -> dict[str, float]:
        start = time.perf_counter()
        compiled = compile_program(target)
        took = time.perf_counter() - start
        assert compiled.cached, "the second compile did not come from the cache"
        return {"cached-compile": took * 1000}

    return once


FLOORS = ("bare-loop", "method-call")
"""The cost floors run under the collector settings capdsl's `run_main` uses
(`runtime.gctune`, off with CAPDSL_GC_TUNE=0), so a ratio to them measures
the runtime, not a collector setting any Python program could choose. The
libraries run as their users would, with Python's defaults."""


def under_capdsl_collector(once: Callable[[], dict[str, float]]
                           ) -> Callable[[], dict[str, float]]:
    from runtime.gctune import tuned_collector

    def tuned() -> dict[str, float]:
        with tuned_collector():
            return once()

    return tuned


def capdsl_job(job: Job, params: Params, outputs: list[str]
               ) -> Callable[[], dict[str, float]]:
    """One run of capdsl's program per call; its first line goes to `outputs`."""
    from systems.capdsl_sys import load

    assert job.program is not None
    program = load(job.program)

    def once() -> dict[str, float]:
        figures, first = capdsl_once(job, params, program)
        outputs.append(first)
        return figures

    return once


def python_job(system: str, job: Job, params: Params) -> Callable[[], dict[str, float]]:
    fn = python_runner(system, job.name)
    once: Callable[[], dict[str, float]] = lambda: python_once(job, params, fn, system)  # noqa: E731
    return under_capdsl_collector(once) if system in FLOORS else once


def run_job(system: str, job: Job, params: Params, runs: int) -> dict[str, Any]:
    """A warm-up and `runs` runs (idle memory: one run, see the module)."""
    if job.name == "idle-memory":
        from memory import IDLE

        return {"values": {job.name: [IDLE[system](params["n"], params["batch"])]}}
    outputs: list[str] = []
    if job.name == "compile":
        once = compile_job(params)
    elif job.name == "cached-compile":
        once = cached_compile(params)
    elif system == "capdsl":
        once = capdsl_job(job, params, outputs)
    else:
        once = python_job(system, job, params)
    once()  # warm-up
    values: Values = {}
    cpu: Values = {}
    for _ in range(runs):
        for name, value in once().items():
            if name.endswith(CPU):
                cpu.setdefault(name.removesuffix(CPU), []).append(value)
            else:
                values.setdefault(name, []).append(value)
    return {"values": values, "cpu": cpu, "output": outputs[-1] if outputs else None}


def main(argv: list[str]) -> int:
    system, job_name, params_json, runs = argv
    result = run_job(system, JOBS[job_name], json.loads(params_json), int(runs))
    medians = {k: statistics.median(v) for k, v in result["values"].items()}
    result["medians"] = medians
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

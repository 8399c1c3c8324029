#!/usr/bin/env python3
"""Worker processes (`capdsl run --workers N`): parallel speed-up,
cross-worker throughput and ping-pong latency within and across workers.

    .venv/bin/python bench/workers.py [--quick] [--runs 3]

Jobs (programs in bench/parallel/, sizes substituted below):
  parallel-cpu       4 actors each run a CPU-bound loop (crunch.cap); wall
                     time on 1 worker and on 2, and the speed-up 1 -> 2
  throughput         a producer sends messages to a counter (stream.cap): on
                     1 worker (local sends) and on 2 (every message crosses,
                     batched: one pickled frame per destination per slice)
  latency            ping-pong round trips timed by the program with the
                     monotonic clock (latency.cap): p50, p99 and p99.9, both
                     actors on 1 worker, and one on each of 2 workers

Each figure is the median of `--runs` runs after one warm-up run, timed in
this process around `run_main` (Main's spawn to the end, the fork of the
workers included; compiling excluded). The machine is shared: rerun on a
quiet one for figures to quote.

`records(quick)` returns the figures as records for bench/run.py:
{workload, system, metric, median, unit, runs}.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from capdsl.diagnostics import Reporter  # noqa: E402
from capdsl.emit import execute  # noqa: E402
from capdsl.passes import Compilation, run_passes  # noqa: E402
from runtime.builtins import make_args  # noqa: E402
from runtime.program import run_main  # noqa: E402

Record = dict[str, Any]

SIZES = {
    "full": {"CRUNCHERS": 4, "ITERATIONS": 1_500_000, "MESSAGES": 2_000_000, "ROUNDS": 5_000},
    "quick": {"CRUNCHERS": 4, "ITERATIONS": 100_000, "MESSAGES": 100_000, "ROUNDS": 500},
}


def load(name: str, sizes: dict[str, int], tmp: Path, folder: str = "parallel",
         args: tuple[str, ...] = ()) -> Callable[..., tuple[float, str]]:
    """Compile bench/FOLDER/NAME.cap with the sizes filled in; returns a
    function running it with `args` (workers=..., placement=...) ->
    (seconds, stdout)."""
    text = (BENCH / folder / f"{name}.cap").read_text("utf-8")
    for key, value in sizes.items():
        text = text.replace(key, str(value))
    path = tmp / f"{name}.cap"
    path.write_text(text, encoding="utf-8")
    comp = Compilation(path, Reporter())
    if not run_passes(comp, "codegen"):
        raise SystemExit(f"bench/parallel/{name}.cap does not compile")
    program: Any = comp.python["program"]
    main: Any = execute(program)[program.main_class]

    def run(workers: int, placement: str | None = None) -> tuple[float, str]:
        out, err = io.BytesIO(), io.BytesIO()
        cpu_before = cpu_seconds()
        start = time.perf_counter()
        status = run_main(main, main._c_create, make_args, [str(path), *args], stdout=out,
                          stderr=err, workers=workers, placement=placement)
        elapsed = time.perf_counter() - start
        LAST_CPU[0] = cpu_seconds() - cpu_before
        if status != 0:
            raise SystemExit(f"{name} failed: {err.getvalue().decode()}")
        return elapsed, out.getvalue().decode()

    return run


LAST_CPU = [0.0]
"""CPU seconds (this process and its reaped children) of the last run."""


def cpu_seconds() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def repeat(runs: int, measure: Callable[[], float]) -> list[float]:
    measure()  # warm-up
    return [measure() for _ in range(runs)]


def record(workload: str, system: str, metric: str, values: list[float],
           unit: str) -> Record:
    return {"workload": workload, "system": system, "metric": metric,
            "median": statistics.median(values), "unit": unit, "runs": values}


def parallel_cpu(run: Callable[..., tuple[float, str]], runs: int) -> list[Record]:
    cpu: dict[int, list[float]] = {1: [], 2: []}

    def timed(workers: int) -> float:
        seconds = run(workers)[0]
        cpu[workers].append(LAST_CPU[0])
        return seconds

    one = repeat(runs, lambda: timed(1))
    two = repeat(runs, lambda: timed(2))
    speedups = [a / b for a, b in zip(one, two, strict=True)]
    return [record("parallel-cpu", "capdsl 1 worker", "wall time", one, "s"),
            record("parallel-cpu", "capdsl 2 workers", "wall time", two, "s"),
            record("parallel-cpu speed-up", "capdsl 2 workers", "1-worker time / 2-worker time",
                   speedups, "x"),
            record("parallel-cpu CPU time", "capdsl 1 worker", "CPU seconds, all processes",
                   cpu[1][1:], "s"),
            record("parallel-cpu CPU time", "capdsl 2 workers", "CPU seconds, all processes",
                   cpu[2][1:], "s")]


def throughput(run: Callable[..., tuple[float, str]], messages: int,
               runs: int) -> list[Record]:
    def rate(workers: int) -> float:
        seconds, out = run(workers)
        assert out.strip() == str(messages), out
        return messages / seconds

    return [record("throughput", "capdsl 1 worker", "messages/s (local sends)",
                   repeat(runs, lambda: rate(1)), "msg/s"),
            record("throughput", "capdsl 2 workers", "messages/s (every send crosses)",
                   repeat(runs, lambda: rate(2)), "msg/s")]


def fork_join(run: Callable[..., tuple[float, str]], n: int, k: int,
              runs: int) -> list[Record]:
    """Savina fork-join throughput (bench/savina) on 1 and 2 workers: Main
    spawns the K receivers, so with 2 workers they alternate workers and
    every message crosses from Main's worker to half of them."""
    def rate(workers: int) -> float:
        seconds, out = run(workers)
        assert out.strip() == f"{k} workers received {n * k} messages", out
        return n * k / seconds

    return [record("fork-join throughput", "capdsl 1 worker", "messages/s",
                   repeat(runs, lambda: rate(1)), "msg/s"),
            record("fork-join throughput", "capdsl 2 workers", "messages/s",
                   repeat(runs, lambda: rate(2)), "msg/s")]


PERCENTILES = {"p50": 50.0, "p99": 99.0, "p99.9": 99.9}


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    rank = max(1, round(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def latency(run: Callable[..., tuple[float, str]], runs: int) -> list[Record]:
    records = []
    for system, workers in (("capdsl 1 worker", 1), ("capdsl 2 workers", 2)):
        run(workers)  # warm-up
        samples = []
        for _ in range(runs):
            _, out = run(workers)
            samples.append(sorted(int(line) / 1000 for line in out.split()))
        for name, p in PERCENTILES.items():
            values = [percentile(s, p) for s in samples]
            records.append(record(f"ping-pong latency {name}", system,
                                  "round trip", values, "us"))
    return records


def records(quick: bool = False, runs: int = 3) -> list[Record]:
    """Every figure of this bench, as records for bench/run.py."""
    import tempfile

    sizes = SIZES["quick" if quick else "full"]
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        result = parallel_cpu(load("crunch", sizes, where), runs)
        result += throughput(load("stream", sizes, where), sizes["MESSAGES"], runs)
        n, k = sizes["MESSAGES"] // 60, 60
        result += fork_join(load("fork_join_throughput", {}, where, "savina", (str(n), str(k))),
                            n, k, runs)
        result += latency(load("latency", sizes, where), runs)
    return result


def show(rec: Record) -> str:
    value = rec["median"]
    if rec["unit"] == "msg/s":
        text = f"{value / 1e6:.2f} M msg/s"
    elif rec["unit"] == "x":
        text = f"{value:.2f}x"
    else:
        text = f"{value:,.3f} {rec['unit']}" if rec["unit"] == "s" else f"{value:,.1f} us"
    runs = ", ".join(f"{v:.3g}" for v in rec["runs"])
    return f"{rec['workload']:<28} {rec['system']:<18} {text:>16}   (runs: {runs})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke test)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    opts = parser.parse_args(argv)
    import os

    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, "
          f"Python {sys.version.split()[0]}")
    for rec in records(opts.quick, opts.runs):
        print(show(rec), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

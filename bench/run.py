#!/usr/bin/env python3
"""Savina workloads, actor creation, idle memory, latency and compile speed:
capdsl side by side with plain Python, asyncio on uvloop, Pykka and Thespian.

    python bench/run.py [--quick] [--only NAME[,NAME]] [--systems NAME[,NAME]]

The `workers` job runs capdsl alone on 1 and 2 worker processes
(bench/workers.py): CPU-bound parallel work, throughput across workers and
ping-pong latency within and across them.

Every job runs on every system that has it, each in a fresh process
(`bench/child.py`): one warm-up run, then `--runs` runs (3 by default);
idle memory is one process per run. Prints the machine, a line per job as it
finishes, then a table of medians with capdsl's ratio to each system
(capdsl / other: above 1 means capdsl is faster for rates, bigger for memory
and latency). Writes every record to `bench/results/latest.json` (`--out`).

capdsl's time is measured inside the process around `run_main` (Main's spawn
to quiescence and the final flush): interpreter start-up and compiling are
excluded, like the other systems' imports and set-up. The bare loop and
method calls run under the collector settings capdsl's `run_main` uses
(`runtime.gctune`); `CAPDSL_GC_TUNE=0` turns them off for all three.

The comparison libraries are not project dependencies; install them into a
separate environment:
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install -q -e . -r bench/requirements.txt
    .venv-bench/bin/python bench/run.py --quick
A system whose library is missing is skipped with a one-line note.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from report import machine, print_table, render_value  # noqa: E402
from workloads import COMPILE_STAGES, JOBS, SIZES, params_for, workloads_of  # noqa: E402

from runtime.gctune import enabled as gc_tuned  # noqa: E402

SYSTEMS: dict[str, str | None] = {
    "capdsl": None, "bare-loop": None, "method-call": None, "asyncio": "uvloop",
    "pykka": "pykka", "thespian": "thespian", "thespian-mp": "thespian",
}
"""Every system, in table order, and the module it needs (None: none)."""

MESSAGE_JOBS = ("ping-pong", "counting", "thread-ring", "fork-join-throughput",
                "fork-join-creation", "big", "actor-creation")
SUPPORTS: dict[str, tuple[str, ...]] = {
    "capdsl": (*MESSAGE_JOBS, "latency", "idle-memory", "compile", "cached-compile"),
    "bare-loop": (*MESSAGE_JOBS, "latency", "idle-memory"),
    "method-call": (*MESSAGE_JOBS, "idle-memory"),
    "asyncio": (*MESSAGE_JOBS, "latency", "idle-memory"),
    "pykka": (*MESSAGE_JOBS, "latency", "idle-memory"),
    "thespian": (*MESSAGE_JOBS, "latency", "idle-memory"),
    "thespian-mp": ("ping-pong", "counting"),
}
"""The jobs each system runs: a direct call has no delivery latency; with a
process per actor, Thespian's multiprocQueueBase runs only the two-actor jobs."""

INSTALL = "pip install -r bench/requirements.txt"


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"jobs: {', '.join(JOBS)}\nsystems: {', '.join(SYSTEMS)}")
    ap.add_argument("--quick", action="store_true",
                    help="smaller sizes (a tenth), same code paths: under 3 minutes on 2 cores")
    ap.add_argument("--sizes", choices=sorted(SIZES), default=None,
                    help="size set: full (default), quick (= --quick) or smoke (tiny, for tests)")
    ap.add_argument("--only", default="",
                    help="comma-separated jobs or workloads to run (e.g. counting,latency)")
    ap.add_argument("--systems", default="", help="comma-separated systems to run")
    ap.add_argument("--runs", type=int, default=3, help="measured runs after the warm-up")
    ap.add_argument("--cpu", action="store_true",
                    help="also print rates from CPU time (records always have them)")
    ap.add_argument("--out", type=Path, default=BENCH / "results" / "latest.json",
                    help="where to write the JSON records")
    ap.add_argument("--timeout", type=float, default=900.0,
                    help="seconds one job's process may take")
    opts = ap.parse_args(argv)
    if opts.sizes is None:
        opts.sizes = "quick" if opts.quick else "full"
    if opts.runs < 1:
        ap.error("--runs must be at least 1")
    opts.jobs = _pick(ap, opts.only, _job_names(), "job")
    if not opts.only and opts.sizes == "smoke":
        opts.jobs.remove(WORKERS_JOB)  # (its sizes are quick at least: not for the smoke test)
    opts.system_list = _pick(ap, opts.systems, dict.fromkeys(SYSTEMS), "system")
    return opts


WORKERS_JOB = "workers"
"""capdsl on 1 and 2 worker processes (bench/workers.py): CPU-bound parallel
work, cross-worker throughput, ping-pong latency within and across workers."""


def _job_names() -> dict[str, str]:
    """Every job and workload name, mapped to its job."""
    names = {}
    for job in JOBS:
        names[job] = job
        for workload in workloads_of(job):
            names[workload] = job
    names[WORKERS_JOB] = WORKERS_JOB
    return names


def _pick(ap: argparse.ArgumentParser, raw: str, known: dict[str, Any], what: str) -> list[str]:
    if not raw:
        return list(dict.fromkeys(v if isinstance(v, str) else k for k, v in known.items()))
    picked = []
    for name in raw.split(","):
        if name not in known:
            ap.error(f"unknown {what} {name!r} (one of: {', '.join(known)})")
        picked.append(known[name] if isinstance(known[name], str) else name)
    return list(dict.fromkeys(picked))


def available(systems: list[str]) -> list[str]:
    """The systems whose library is installed; a note for each one that isn't."""
    ready = []
    for system in systems:
        needs = SYSTEMS[system]
        if needs is not None and importlib.util.find_spec(needs) is None:
            print(f"skipping {system}: {needs} is not installed ({INSTALL})")
            continue
        ready.append(system)
    return ready


def run_child(system: str, job: str, params: dict[str, int], runs: int,
              timeout: float) -> dict[str, Any]:
    """Run one job on one system in a fresh process; its JSON answer.
    Raises RuntimeError with a one-line reason when the process fails."""
    cmd = [sys.executable, str(BENCH / "child.py"), system, job, json.dumps(params), str(runs)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"took longer than {timeout:.0f} s") from exc
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise RuntimeError(tail)
    answer: dict[str, Any] = json.loads(lines[-1])
    return answer


def measure(system: str, job: str, opts: argparse.Namespace) -> list[dict[str, Any]]:
    """The records of one job on one system (idle memory: a process per run)."""
    params = params_for(job, system, opts.sizes)
    if job == "idle-memory":
        values: dict[str, list[float]] = {job: []}
        for _ in range(opts.runs):
            values[job] += run_child(system, job, params, 1, opts.timeout)["values"][job]
        answer: dict[str, Any] = {"values": values, "output": None}
    else:
        answer = run_child(system, job, params, opts.runs, opts.timeout)
    spec = JOBS[job]
    records = []
    for workload, runs in answer["values"].items():
        record = {"workload": workload, "system": system,
                  "metric": _metric(workload, spec.metric), "median": statistics.median(runs),
                  "unit": spec.unit, "runs": runs, "params": params,
                  "higher_is_better": spec.higher_is_better}
        if answer.get("output") is not None:
            record["output"] = answer["output"]
        cpu_runs = answer.get("cpu", {}).get(workload)
        if cpu_runs:
            record["cpu_median"] = statistics.median(cpu_runs)
            record["cpu_runs"] = cpu_runs
        records.append(record)
    return records


def _metric(workload: str, metric: str) -> str:
    if workload.startswith("latency-"):
        return f"{workload.removeprefix('latency-')} {metric}"
    if workload in COMPILE_STAGES:
        return f"{COMPILE_STAGES[workload]}, {metric}"
    return metric


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    info = machine()
    print(f"machine: {info['cores']} cores, Python {info['python']} ({info['implementation']}), "
          f"{info['platform']}; load average {info['load_average']}")
    print(f"sizes: {opts.sizes}; {opts.runs} runs after a warm-up; collector tuning "
          f"(capdsl, bare loop, method calls) {'on' if gc_tuned() else 'off (CAPDSL_GC_TUNE=0)'}")
    systems = available(opts.system_list)
    records: list[dict[str, Any]] = []
    failed = 0
    started = time.perf_counter()
    for job in opts.jobs:
        if job == WORKERS_JOB:
            records += measure_workers(opts) if "capdsl" in systems else []
            continue
        for system in systems:
            if job not in SUPPORTS[system]:
                continue
            try:
                found = measure(system, job, opts)
            except RuntimeError as exc:
                failed += 1
                print(f"  {job:22} {system:12} FAILED: {exc}")
                continue
            records += found
            for r in found:
                print(f"  {r['workload']:22} {system:12} {render_value(r):>12} {r['unit']}")
    info["seconds"] = round(time.perf_counter() - started, 1)
    info["load_average_end"] = machine()["load_average"]
    print_table([r for r in records if r["system"] in systems], systems)
    if opts.cpu:
        cpu = [{**r, "median": r["cpu_median"]} for r in records if "cpu_median" in r]
        print_table(cpu, systems, "from CPU time (single-threaded systems; steadier on a "
                    "busy machine)")
    write(opts.out, {"machine": info, "sizes": opts.sizes, "runs": opts.runs,
                     "gc_tune": gc_tuned(),
                     "records": records})
    print(f"{len(records)} records written to {opts.out} in {info['seconds']} s"
          + (f"; {failed} job(s) failed" if failed else ""))
    return 1 if failed else 0


def measure_workers(opts: argparse.Namespace) -> list[dict[str, Any]]:
    """bench/workers.py's records (systems "capdsl 1 worker", "capdsl 2
    workers"), printed as they come: no other system has workers."""
    import workers

    found: list[dict[str, Any]] = workers.records(quick=opts.sizes != "full", runs=opts.runs)
    for record in found:
        print("  " + workers.show(record))
    return found


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


if __name__ == "__main__":
    sys.exit(main())

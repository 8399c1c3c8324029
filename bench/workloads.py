"""What `bench/run.py` measures: the jobs, their sizes and how a run's raw
figure becomes a rate.

Place: data for `bench/run.py` (the parent) and `bench/child.py` (the
process that runs one job on one system). A *job* is one thing run per
process; it yields one or more *workloads* (the records of
`bench/results/latest.json`): `latency` yields `latency-p50`, `latency-p99`
and `latency-p99.9`; `compile` yields `parse`, `check` and `compile`.

Sizes: `full` (the issue's figures), `quick` (a tenth, same code paths) and
`smoke` (tiny, for the test suite). Systems much slower than a message loop
run a smaller `n` (`SCALE`); a rate does not depend on `n` once the run is
long enough to time, and the record's `params` say what ran.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Params = dict[str, int]


@dataclass(frozen=True)
class Job:
    """One measured thing: what one run yields and how to check capdsl's run."""

    name: str
    unit: str
    metric: str
    work: Callable[[Params], int]
    """Units of work per run (messages, actors): seconds become a rate."""
    program: str | None = None
    """The capdsl program under bench/savina (without .cap)."""
    argv: tuple[str, ...] = ("n",)
    """Which params the program takes, in order, as command-line arguments."""
    expect: Callable[[Params], str] | None = None
    """The first line capdsl's program must print for `params`."""
    higher_is_better: bool = True


JOBS: dict[str, Job] = {job.name: job for job in [
    Job("ping-pong", "msg/s", "messages per second", lambda p: 2 * p["n"], "ping_pong",
        expect=lambda p: f"pong received {p['n']} pings"),
    Job("counting", "msg/s", "messages per second", lambda p: p["n"], "counting",
        expect=lambda p: f"counted {p['n']}"),
    Job("thread-ring", "msg/s", "hops per second", lambda p: p["n"], "thread_ring",
        ("n", "actors"), lambda p: f"token stopped at node {p['n'] % p['actors']}"),
    Job("fork-join-throughput", "msg/s", "messages per second", lambda p: p["n"] * p["k"],
        "fork_join_throughput", ("n", "k"),
        lambda p: f"{p['k']} workers received {p['n'] * p['k']} messages"),
    Job("fork-join-creation", "actors/s", "actors created and answered per second",
        lambda p: p["n"], "fork_join_creation", expect=lambda p: f"{p['n']} actors answered"),
    Job("big", "msg/s", "messages per second", lambda p: 2 * p["n"] * p["workers"], "big",
        ("n", "workers"),
        lambda p: f"{p['workers']} workers done, ids sum {p['workers'] * (p['workers'] - 1) // 2}"),
    Job("actor-creation", "actors/s", "actors created per second", lambda p: p["n"],
        "actor_creation", expect=lambda p: f"created {p['n']} actors"),
    Job("latency", "us", "delivery latency under load", lambda p: 0, "latency",
        ("n", "tokens", "actors", "period"),
        lambda p: f"probes {p['tokens'] * (p['n'] // p['period'] + 1)}",
        higher_is_better=False),
    Job("idle-memory", "bytes/actor", "resident memory per idle actor", lambda p: p["n"],
        "idle_actors", ("n", "batch"), higher_is_better=False),
    Job("compile", "lines/s", "lines per second", lambda p: 0),
    Job("cached-compile", "ms", "second compile of unchanged sources, from the cache",
        lambda p: 0, higher_is_better=False),
]}

LATENCY_PERCENTILES = {"latency-p50": 50.0, "latency-p99": 99.0, "latency-p99.9": 99.9}
COMPILE_STAGES = {"parse": "parse", "check": "parse to types", "compile": "parse to codegen"}


def workloads_of(job: str) -> list[str]:
    """The workload names (records) a job yields."""
    if job == "latency":
        return list(LATENCY_PERCENTILES)
    if job == "compile":
        return list(COMPILE_STAGES)
    return [job]


_FULL: dict[str, Params] = {
    "ping-pong": {"n": 1_000_000},
    "counting": {"n": 1_000_000},
    "thread-ring": {"n": 1_000_000, "actors": 100},
    "fork-join-throughput": {"n": 10_000, "k": 60},
    "fork-join-creation": {"n": 200_000},
    "big": {"n": 1_000, "workers": 500},
    "actor-creation": {"n": 500_000},
    "latency": {"n": 20_000, "tokens": 10, "actors": 100, "period": 10},
    "idle-memory": {"n": 1_000_000, "batch": 1_000},
    "compile": {"lines": 20_000},
    "cached-compile": {"lines": 20_000},
}

SIZES: dict[str, dict[str, Params]] = {
    "full": _FULL,
    "quick": {job: {k: (v // 10 if k in ("n", "lines") else v) for k, v in p.items()}
              for job, p in _FULL.items()},
    "smoke": {
        "ping-pong": {"n": 200},
        "counting": {"n": 500},
        "thread-ring": {"n": 253, "actors": 10},
        "fork-join-throughput": {"n": 20, "k": 5},
        "fork-join-creation": {"n": 100},
        "big": {"n": 10, "workers": 8},
        "actor-creation": {"n": 100},
        "latency": {"n": 50, "tokens": 2, "actors": 10, "period": 5},
        "idle-memory": {"n": 2_000, "batch": 100},
        "compile": {"lines": 300},
        "cached-compile": {"lines": 300},
    },
}

SCALE: dict[str, int] = {"pykka": 20, "thespian": 20, "thespian-mp": 500}
"""Systems that run `n / SCALE` (at least `MIN_N`); the others run `n`."""

CREATION_SCALE: dict[str, int] = {"asyncio": 10, "pykka": 10}
"""Creation jobs divide `n` further: the actors stay alive to the end of the
run, and each asyncio actor is a task and a queue (about 5 KB, which the
collector walks), each Pykka actor a thread: 200,000 tasks or 25,000 threads
take minutes."""

CREATION_JOBS = ("fork-join-creation", "actor-creation")

MEMORY_COUNT: dict[str, int] = {"asyncio": 10, "pykka": 500, "thespian": 100}
"""Idle-memory: these systems create `n / MEMORY_COUNT` actors (an asyncio task
and queue is about 5 KB, a Pykka actor a thread)."""

MIN_N = 10


def params_for(job: str, system: str, size: str) -> Params:
    """The parameters `system` runs `job` with at `size`."""
    params = dict(SIZES[size][job])
    divisor = MEMORY_COUNT.get(system, 1) if job == "idle-memory" else SCALE.get(system, 1)
    if job in CREATION_JOBS:
        divisor *= CREATION_SCALE.get(system, 1)
    if divisor > 1:
        params["n"] = max(MIN_N, params["n"] // divisor)
    if job == "latency" and params["n"] < params["period"]:
        params["period"] = params["n"]
    return params


def describe(params: dict[str, Any]) -> str:
    return " ".join(f"{k}={v:,}" for k, v in params.items())

"""Running a whole program: `run_main`.

Place: called by `capdsl run` (and by tests and Python users) with the
compiled Main actor class. Builds the Env, spawns Main, drives the scheduler
to quiescence, flushes output and turns the outcome into an exit status.

Exit status: what the program set with `env.exitcode` (default 0); 1 when a
fault stopped it (one message on stderr, see `runtime.fault`); 130 on Ctrl-C;
the code of a `SystemExit` raised by Python code it called.

Invariant: every run starts and ends with a reset scheduler, so `run_main`
may be called many times in one process; it is not reentrant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

from runtime import driver, memory
from runtime.actor import Actor, Behaviour, spawn
from runtime.env import Env, OutStream
from runtime.fault import ActorFault, describe, describe_heap_limit
from runtime.gctune import tuned_collector
from runtime.stats import report


class _Running:
    """Guards against a run_main inside a run_main (one scheduler)."""

    active = False


def run_main(
    main_cls: type[Actor],
    ctor: Behaviour,
    make_args: Callable[[list[str]], object],
    argv: list[str],
    *,
    make_vars: Callable[[list[str]], object] | None = None,
    stdout: BinaryIO | None = None,
    stderr: BinaryIO | None = None,
    stats: bool = False,
    max_actor_heap: int = 0,
    workers: int = 1,
    placement: str | None = None,
    seed: int | None = None,
) -> int:
    """Run `main_cls` from `ctor(env)` to quiescence; return the exit status.

    `argv[0]` is the program name. `make_args` (and `make_vars`, given
    "KEY=VALUE" strings) build the Pony arrays. `stdout`/`stderr` default to
    the process's binary streams; tests pass `io.BytesIO`. `stats` prints
    the `runtime.stats` report on stderr at the end; `max_actor_heap` (bytes,
    0 for none) stops the program when an actor's measured heap passes it.
    With `workers` above 1 the program runs on that many worker processes
    (`runtime.workers`), actors placed by `placement`, each worker
    accounting its own actors. `seed` picks a
    reproducible scheduling order (`runtime.seeded`; one process only).
    """
    if _Running.active:
        raise RuntimeError("run_main cannot run inside a running program")
    if workers > 1:
        from runtime.workers.coordinator import run_workers

        if seed is not None:
            raise ValueError("seed needs workers=1 (a seeded order is one process's order)")
        _Running.active = True
        try:
            with tuned_collector():  # before the fork: every worker inherits it
                return run_workers(main_cls, ctor, make_args, argv, workers=workers,
                                   placement=placement, make_vars=make_vars,
                                   stdout=stdout, stderr=stderr, stats=stats,
                                   max_actor_heap=max_actor_heap)
        finally:
            _Running.active = False
    _Running.active = True
    real = stdout is None and stderr is None
    out = OutStream(stdout if stdout is not None else sys.stdout.buffer)
    err = OutStream(stderr if stderr is not None else sys.stderr.buffer)
    try:
        driver.reset()
        memory.reset()
        memory.configure(limit=max_actor_heap, stats=stats)
        if seed is not None:
            from runtime.seeded import SeededSlices

            driver.set_slice_runner(SeededSlices(seed))
        with _python_text_write_through(real), tuned_collector():
            return _run(main_cls, ctor, _make_env(out, err, make_args, argv, make_vars))
    finally:
        out.flush()
        if memory.acct.registry is not None:
            err.write(report(memory.acct.registry))
        err.flush()
        driver.reset()
        memory.reset()
        _Running.active = False


def _make_env(
    out: OutStream,
    err: OutStream,
    make_args: Callable[[list[str]], object],
    argv: list[str],
    make_vars: Callable[[list[str]], object] | None,
) -> Env:
    env_vars = None
    if make_vars is not None:
        env_vars = make_vars([f"{k}={v}" for k, v in os.environ.items()])
    return Env(out, err, make_args(list(argv)), vars=env_vars)


def _run(main_cls: type[Actor], ctor: Behaviour, env: Env) -> int:
    """Spawn Main and run; map each way of stopping to its exit status."""
    out, err = env.out, env.err

    def flush() -> None:
        out.flush()
        err.flush()

    try:
        spawn(main_cls, ctor, (env,))
        driver.run(on_idle=flush)
    except ActorFault as fault:
        out.flush()  # what the program printed comes before the report
        err.write(describe(fault))
        err.flush()
        return 1
    except memory.HeapLimitExceeded as over:
        out.flush()
        err.write(describe_heap_limit(over.actor, over.heap, over.limit))
        err.flush()
        return 1
    except KeyboardInterrupt:
        out.flush()
        err.write("capdsl: interrupted\n")
        err.flush()
        return 130
    except SystemExit as stop:
        return exit_status(stop.code)
    return env.get_exitcode()


def exit_status(code: Any) -> int:
    """SystemExit's code as a process status, the way Python maps it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 1


@contextmanager
def _python_text_write_through(enabled: bool) -> Iterator[None]:
    """Let Python-level `print` (FFI code) interleave correctly with ours.

    We write to `sys.stdout.buffer`; Python's text layer keeps its own
    pending text, which would reach the buffer out of order. With
    write-through, each text write goes straight to the shared buffer.
    """
    streams = [s for s in (sys.stdout, sys.stderr) if enabled and hasattr(s, "reconfigure")]
    before = [getattr(s, "write_through", False) for s in streams]
    for s in streams:
        s.flush()
        s.reconfigure(write_through=True)
    try:
        yield
    finally:
        for s, was in zip(streams, before, strict=True):
            s.reconfigure(write_through=was)

"""The parent process of a program on workers: `run_workers`.

Place: called by `runtime.program.run_main` when `workers > 1`. Forks the
workers (after the program is compiled, so they share its classes), then
only listens: it decides when the program has ended
(`runtime.workers.quiescence`), stops every worker, and turns the outcome
into an exit status and at most one message.

Outcomes (each reported once, after every worker has exited, so the
program's own output comes first):
- ended: exit status from the last `env.exitcode` of any worker (0 if none);
- a behaviour failed (`runtime.fault`'s report, status 1), or Python code
  raised SystemExit (its status): the other workers are stopped;
- a worker died (killed, crashed): status 1 and an error naming the worker,
  its pid, how it died and what it was running;
- an internal error in a worker: one line, status 3;
- Ctrl-C: every worker is interrupted, "capdsl: interrupted", status 130.

Output: workers write env.out/env.err straight to the process's stdout and
stderr descriptors (inherited), or, when the caller passed streams (tests),
to temporary files copied into those streams at the end.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import selectors
import signal
import socket
import sys
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO

from runtime import driver, memory
from runtime.actor import Actor
from runtime.stats import Row, format_report
from runtime.workers import frames
from runtime.workers.placement import DEFAULT
from runtime.workers.quiescence import Quiescence, Report
from runtime.workers.worker import SLOT, MainSpec, WorkerSpec, running, serve

STOP_GRACE = 5.0
"""Seconds stopped workers get to exit before they are killed."""

ISSUES_URL = "https://github.com/capdsl/capdsl/issues"
PROGRAM_MODULE = "capdsl_program"


@dataclass
class Outcome:
    """How the program ended: the exit status and a message for stderr."""

    status: int
    message: str = ""


@dataclass
class _Proc:
    """The coordinator's view of one worker."""

    index: int
    pid: int
    command_fd: int
    report_fd: int
    reader: frames.Reader = field(default_factory=frames.Reader)
    final: tuple[Any, ...] | None = None
    alive: bool = True


def run_workers(
    main_cls: type[Actor],
    ctor: Any,
    make_args: Callable[[list[str]], object],
    argv: list[str],
    *,
    workers: int,
    placement: str | None = None,
    make_vars: Callable[[list[str]], object] | None = None,
    stdout: BinaryIO | None = None,
    stderr: BinaryIO | None = None,
    stats: bool = False,
    max_actor_heap: int = 0,
) -> int:
    """Run the program on `workers` processes; return its exit status.
    `stats` and `max_actor_heap` as `runtime.program.run_main` takes them:
    every worker accounts its own actors, the report combines them."""
    if workers < 2:
        raise ValueError("run_workers needs at least 2 workers")
    namespace = ctor.__globals__
    _register_program(namespace)
    driver.reset()
    memory.reset()
    memory.configure(limit=max_actor_heap, stats=stats)  # inherited by every worker
    with _Outputs(stdout, stderr) as outputs:
        slots = mmap.mmap(-1, SLOT * workers)
        main = MainSpec(main_cls, ctor, make_args, argv, make_vars)
        procs = _start(workers, outputs, slots, placement or DEFAULT, namespace, main)
        coordinator = Coordinator(procs, slots)
        outcome = coordinator.run()
    memory.reset()
    if outcome.message:
        outputs.write_err(outcome.message)
    if stats and coordinator.stats_rows is not None:
        outputs.write_err(format_report(coordinator.stats_rows))
    return outcome.status


def _register_program(namespace: dict[str, Any]) -> None:
    """Make the generated classes importable by name, so pickle can name
    them and their behaviours (`capdsl_program.Player._b_hit`)."""
    name = namespace.get("__name__", PROGRAM_MODULE)
    module = types.ModuleType(name)
    module.__dict__.update(namespace)
    sys.modules[name] = module


class _Outputs:
    """The descriptors workers write env.out/env.err to."""

    def __init__(self, stdout: BinaryIO | None, stderr: BinaryIO | None) -> None:
        self.streams = (stdout, stderr)
        self.temps: list[IO[bytes] | None] = []

    def __enter__(self) -> _Outputs:
        fds = []
        for stream, real in zip(self.streams, (sys.stdout, sys.stderr), strict=True):
            if stream is None:
                real.flush()
                self.temps.append(None)
                fds.append(real.fileno())
            else:
                temp = tempfile.TemporaryFile()
                self.temps.append(temp)
                fds.append(temp.fileno())
        self.out_fd, self.err_fd = fds
        return self

    def __exit__(self, *exc: object) -> None:
        for stream, temp in zip(self.streams, self.temps, strict=True):
            if temp is None or stream is None:
                continue
            temp.seek(0)
            stream.write(temp.read())
            temp.close()

    def write_err(self, text: str) -> None:
        stream = self.streams[1]
        data = text.encode("utf-8", "replace")
        if stream is None:
            sys.stderr.flush()
            sys.stderr.buffer.write(data)
            sys.stderr.buffer.flush()
        else:
            stream.write(data)


def _start(count: int, outputs: _Outputs, slots: mmap.mmap, policy: str,
           namespace: dict[str, Any], main: MainSpec) -> list[_Proc]:
    """Make the pipes and sockets, fork the workers."""
    pairs = {(a, b): socket.socketpair() for a in range(count) for b in range(a + 1, count)}
    commands = [os.pipe() for _ in range(count)]
    reports = [os.pipe() for _ in range(count)]
    every_fd = {s.fileno() for pair in pairs.values() for s in pair}
    every_fd |= {fd for p in commands + reports for fd in p}
    procs = []
    for index in range(count):
        peers = {b: pair[0] for (a, b), pair in pairs.items() if a == index}
        peers |= {a: pair[1] for (a, b), pair in pairs.items() if b == index}
        spec = WorkerSpec(index, count, commands[index][0], reports[index][1], peers,
                          outputs.out_fd, outputs.err_fd, slots, policy, namespace, main)
        pid = os.fork()
        if pid == 0:  # the worker
            own = {spec.command_fd, spec.report_fd} | {s.fileno() for s in peers.values()}
            for fd in every_fd - own:
                os.close(fd)
            serve(spec)
        procs.append(_Proc(index, pid, commands[index][1], reports[index][0]))
    for pair in pairs.values():
        for s in pair:
            s.close()
    for index in range(count):
        os.close(commands[index][0])
        os.close(reports[index][1])
    return procs


class Coordinator:
    """Listens to the workers until every one has exited."""

    def __init__(self, procs: list[_Proc], slots: mmap.mmap) -> None:
        self.procs = procs
        self.slots = slots
        self.quiescence = Quiescence(len(procs))
        self.outcome: Outcome | None = None
        self.kill_at: float | None = None
        self.stats_rows: list[Row] | None = None
        self.selector = selectors.DefaultSelector()
        for proc in procs:
            self.selector.register(proc.report_fd, selectors.EVENT_READ, proc)

    def run(self) -> Outcome:
        try:
            self._listen()
        except KeyboardInterrupt:
            self._interrupted()
        finally:
            self._reap()
        return self.outcome or self._ended()

    def _listen(self) -> None:
        while any(p.alive for p in self.procs):
            timeout = None if self.kill_at is None else max(self.kill_at - time.monotonic(), 0)
            events = self.selector.select(timeout)
            if not events and self.kill_at is not None and time.monotonic() >= self.kill_at:
                self._kill_all()
            for key, _ in events:
                self._readable(key.data)

    def _readable(self, proc: _Proc) -> None:
        try:
            data = os.read(proc.report_fd, 1 << 16)
        except OSError:
            data = b""
        if not data:
            self._closed(proc)
            return
        for payload in proc.reader.feed(data):
            self._handle(proc, frames.decode(payload))

    def _handle(self, proc: _Proc, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "idle":
            self._broadcast_round(self.quiescence.idle(proc.index, Report(*message[1:])))
        elif kind == "stats":
            self.stats_rows = [*(self.stats_rows or []), *message[1]]
        elif kind == "confirmed":
            _, round_no, idle, *counts = message
            new_round = self.quiescence.confirmed(proc.index, round_no, idle, Report(*counts))
            if self.quiescence.ended:
                self._broadcast(("stop",))
            self._broadcast_round(new_round)
        else:
            proc.final = message
            self._final(proc, message)

    def _final(self, proc: _Proc, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "fault":
            self._fail(Outcome(1, message[1]))
        elif kind == "exit":
            self._fail(Outcome(message[1]))
        elif kind == "internal":
            self._fail(Outcome(3, _internal_line(proc.index, message[1], message[2])))
        elif kind == "interrupted" and self.outcome is None:
            self._fail(Outcome(130, "capdsl: interrupted\n"))

    def _broadcast_round(self, round_no: int | None) -> None:
        if round_no is not None:
            self._broadcast(("confirm", round_no))

    def _broadcast(self, message: tuple[Any, ...]) -> None:
        data = frames.encode(message)
        for proc in self.procs:
            if proc.alive and proc.final is None:
                # OSError: it is exiting; its end of the report pipe will say so
                with contextlib.suppress(OSError):
                    frames.write_all(proc.command_fd, data)

    def _fail(self, outcome: Outcome) -> None:
        """The first failure decides the outcome; stop everyone else."""
        if self.outcome is not None:
            return
        self.outcome = outcome
        for proc in self.procs:
            if proc.alive and proc.final is None:
                _signal(proc.pid, signal.SIGTERM)
        self.kill_at = time.monotonic() + STOP_GRACE

    def _closed(self, proc: _Proc) -> None:
        self.selector.unregister(proc.report_fd)
        os.close(proc.report_fd)
        proc.alive = False
        status = _wait(proc.pid)
        if proc.final is None and self.outcome is None:
            self._fail(Outcome(1, self._death(proc, status)))

    def _death(self, proc: _Proc, status: int) -> str:
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            how = f"was killed by signal {sig} ({signal.Signals(sig).name})"
        else:
            how = f"exited with status {os.waitstatus_to_exitcode(status)}"
        what = running(self.slots, proc.index)
        doing = f"while running {what}" if what else "while idle"
        return (f"error: worker {proc.index} (pid {proc.pid}) {how} {doing}; "
                "the program was stopped\n")

    def _interrupted(self) -> None:
        self.outcome = Outcome(130, "capdsl: interrupted\n")
        for proc in self.procs:
            if proc.alive:
                _signal(proc.pid, signal.SIGTERM)
        self.kill_at = time.monotonic() + STOP_GRACE
        try:
            self._listen()
        except KeyboardInterrupt:
            self._kill_all()

    def _kill_all(self) -> None:
        for proc in self.procs:
            if proc.alive:
                _signal(proc.pid, signal.SIGKILL)

    def _reap(self) -> None:
        """Every worker gone and waited for; descriptors closed."""
        for proc in self.procs:
            if proc.alive:
                _signal(proc.pid, signal.SIGKILL)
                self.selector.unregister(proc.report_fd)
                os.close(proc.report_fd)
                _wait(proc.pid)
                proc.alive = False
            os.close(proc.command_fd)
        self.selector.close()

    def _ended(self) -> Outcome:
        """Every worker stopped normally: the last env.exitcode wins."""
        sets = [p.final[1:] for p in self.procs if p.final and p.final[0] == "done"]
        _when, code = max(sets, default=(0, 0))
        return Outcome(code)


def _internal_line(index: int, text: str, detail: str) -> str:
    line = (f"capdsl: internal error in worker {index} ({text.splitlines()[0][:300]}); "
            f"this is a bug in capdsl, please report it at {ISSUES_URL}")
    if os.environ.get("CAPDSL_TRACEBACK", "") not in ("", "0"):
        return detail.rstrip("\n") + "\n" + line + "\n"
    return line + " (set CAPDSL_TRACEBACK=1 for details)\n"


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _wait(pid: int) -> int:
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0

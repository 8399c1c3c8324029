"""One worker process: the scheduler's `run_slice` on a uvloop event loop.

Place: `runtime.workers.coordinator` forks the workers and calls `serve` in
each child; `serve` never returns (the process ends with `os._exit`).

The loop runs one callback at a time, so a worker is as single-threaded as
the in-process driver: `tick` runs a slice of turns, then writes what the
slice sent to other workers (one frame per destination, after flushing this
worker's env.out/env.err so that text printed before a send appears before
text its receiver prints), fires due timers, and either schedules itself
again or reports idle to the coordinator. Batches from other workers are
delivered into mailboxes (in order) when they arrive, between ticks.

Reports to the coordinator go on a blocking pipe (small, rare frames);
commands come back on another pipe read by the loop: `confirm` (a
termination round, see `runtime.workers.quiescence`), `stop` (the program
ended: flush and exit) and `abort` (another worker failed).

What the worker is running is written to its slot of shared memory, so that
if the process dies the coordinator can say what it was doing: at the start
of each slice (the actor at the head of the run queue and its next
behaviour), five times a second from SIGALRM (the behaviour whose frame is
running, exact for the long turns a worker is most likely to die in), and
cleared when the worker is idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import mmap
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from socket import socket
from types import FrameType
from typing import Any, NoReturn

# Imported here, in the coordinator before it forks, not in every worker.
try:
    import uvloop
except ImportError:  # pragma: no cover (uvloop is a dependency)
    uvloop = None  # type: ignore[assignment]

from runtime import driver, external, memory, scheduler, stats
from runtime.actor import Actor, spawn
from runtime.env import OutStream
from runtime.fault import ActorFault, describe, describe_heap_limit, member_name
from runtime.program import exit_status
from runtime.workers import frames
from runtime.workers.address import NODE, install_reducers, last_exitcode, make_env
from runtime.workers.batch import Decoder, Encoder
from runtime.workers.placement import Placement
from runtime.workers.pressure import WRITE_HIGH, WRITE_LOW, Pressure

BUDGET = 2_000
"""Messages per slice (at most; see BATCH_TARGET): between slices the loop
reads sockets and the batches a slice produced are written."""

BATCH_TARGET = 20_000
"""Messages to other workers one slice should send at most. The budget
starts at one turn and doubles while slices send less than a quarter of
this; a slice that sent more (an actor fanning out) scales the next budget
down in proportion, to one message at least, so batches and backpressure
stay fine-grained. (One turn's sends still go out together.)"""

EARLY_FLUSH = 0.001
"""Seconds since the last flush after which a message that sends to another
worker has the batches written at once, mid-slice, instead of at the end of
the slice (which a long turn could delay: parallel work would wait)."""

SAMPLE = 0.2
"""Seconds between two samples of what a worker is running."""

SLOT = 200
"""Bytes of shared memory per worker for "what it is running"."""


@dataclass
class MainSpec:
    """How worker 0 starts the program."""

    cls: type[Actor]
    ctor: Any
    make_args: Callable[[list[str]], object]
    argv: list[str]
    make_vars: Callable[[list[str]], object] | None


@dataclass
class WorkerSpec:
    """Everything a worker needs, inherited through the fork."""

    index: int
    count: int
    command_fd: int
    report_fd: int
    peers: dict[int, socket]
    out_fd: int
    err_fd: int
    slots: mmap.mmap
    policy: str
    namespace: dict[str, Any]
    main: MainSpec


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(spec: WorkerSpec) -> NoReturn:
    """Run this worker until the coordinator stops it; never returns."""
    status = 3
    try:
        status = Worker(spec).run()
    except BaseException:  # a worker must always end by _exit
        traceback.print_exc()
    finally:
        os._exit(status)


class Worker:
    """The state of this worker process."""

    def __init__(self, spec: WorkerSpec) -> None:
        self.spec = spec
        self.index = spec.index
        self.sent = 0
        self.received = 0
        self.epoch = 0
        self.idle = False
        self.scheduled = True  # nothing runs until `run` has set everything up
        self.finished = False
        self.links: dict[int, asyncio.Transport] = {}
        self.encoders = [Encoder() for _ in range(spec.count)]
        self.pressure = Pressure(self.links)
        self.budget = scheduler.BATCH  # one turn; grows while slices send little
        self.timer: asyncio.TimerHandle | None = None
        self.running_cache: dict[tuple[type, str], bytes] = {}
        self.last_flush = 0.0
        self.loop: asyncio.AbstractEventLoop = _new_loop()

    # ------------------------------------------------------------ start, end

    def run(self) -> int:
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGALRM, self.sample)
        signal.setitimer(signal.ITIMER_REAL, SAMPLE, SAMPLE)
        spec = self.spec
        out = OutStream(os.fdopen(spec.out_fd, "wb", closefd=False))
        err = OutStream(os.fdopen(spec.err_fd, "wb", closefd=False))
        NODE.setup(spec.index, spec.count, out, err)
        install_reducers()
        NODE.on_first_send = self.early_flush
        placement = Placement(spec.policy, spec.index, spec.count, spec.main.cls.__qualname__,
                              spawn, NODE.spawn_remote)
        spec.namespace["_spawn"] = placement.spawn
        loop = self.loop
        loop.set_exception_handler(self.on_loop_error)
        for peer, sock in spec.peers.items():
            loop.run_until_complete(
                loop.connect_accepted_socket(partial(PeerLink, self, peer), sock))
        loop.run_until_complete(loop.connect_read_pipe(
            lambda: CommandLink(self), os.fdopen(spec.command_fd, "rb", buffering=0)))
        external.set_waker(self.wake_threadsafe)
        if spec.index == 0:
            self.start_main()
        self.scheduled = False
        self.schedule()
        try:
            loop.run_forever()
        except KeyboardInterrupt:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            self.finish(("interrupted",))
        return 0

    def start_main(self) -> None:
        main = self.spec.main
        args = main.make_args(list(main.argv))
        env_vars = None
        if main.make_vars is not None:
            env_vars = main.make_vars([f"{k}={v}" for k, v in os.environ.items()])
        spawn(main.cls, main.ctor, (make_env(args, env_vars, None, None),))

    def report(self, message: tuple[Any, ...]) -> None:
        frames.write_all(self.spec.report_fd, frames.encode(message))

    def flush_output(self) -> None:
        if NODE.out is not None and NODE.err is not None:
            NODE.out.flush()
            NODE.err.flush()

    def finish(self, message: tuple[Any, ...]) -> NoReturn:
        """Flush output, send the last report, end the process."""
        self.finished = True
        self.flush_output()
        with contextlib.suppress(OSError):  # the coordinator is gone
            self.report(message)
        os._exit(0)

    def on_loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, KeyboardInterrupt):
            raise exc
        text = context.get("message", "error in the event loop")
        if exc is not None:
            text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            detail = "".join(traceback.format_exception(exc))
        else:
            detail = text
        self.finish(("internal", text, detail))

    # ------------------------------------------------------------ running

    def schedule(self) -> None:
        if not self.scheduled and not self.finished:
            self.scheduled = True
            self.loop.call_soon(self.tick)

    def wake_threadsafe(self) -> None:
        """`external.inject` from another thread."""
        self.loop.call_soon_threadsafe(self.wake)

    def wake(self) -> None:
        """Something arrived (a batch, a timer, injected mail): not idle."""
        if self.idle:
            self.idle = False
            self.epoch += 1
        self.schedule()

    def tick(self) -> None:
        self.scheduled = False
        if self.finished or not self.pressure.may_run():
            return  # resume_writing schedules the next tick
        self.note_running()
        try:
            scheduler.run_slice(self.budget)
        except ActorFault as fault:
            self.finish(("fault", describe(fault)))
        except memory.HeapLimitExceeded as over:
            self.finish(("fault", describe_heap_limit(over.actor, over.heap, over.limit)))
        except SystemExit as stop:
            self.finish(("exit", exit_status(stop.code)))
        if external.has_mail():
            external.drain()
        timers = driver._State.timers
        if timers is not None:
            timers.fire_due()
        self.flush()
        self.pressure.after_tick()
        if scheduler.has_work():
            self.schedule()
        else:
            self.settle()

    def settle(self) -> None:
        """No actor has work: wait for a timer or injected mail, or report idle."""
        if external.pending() > 0:
            self.flush_output()  # waiting for a timer or a socket: show what was printed
            self.arm_timer()
            return
        if not self.idle:
            self.idle = True
            self.flush_output()
            self.write_slot(b"")
            self.report(("idle", self.epoch, self.sent, self.received))

    def arm_timer(self) -> None:
        timers = sys.modules.get("runtime.timers")
        if timers is None:
            return
        deadline = timers.next_deadline()
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if deadline is not None:
            delay = (deadline - timers.get_clock().nanos()) / 1e9
            self.timer = self.loop.call_later(max(delay, 0.0), self.wake)

    def note_running(self) -> None:
        """Write what the next turn runs into this worker's shared slot."""
        queue = scheduler.runq
        if not queue:
            return
        actor = queue[0]
        fn = actor._mbox[0] if actor._mbox else None
        key = (type(actor), getattr(fn, "__qualname__", "?"))
        text = self.running_cache.get(key)
        if text is None:
            text = _running_text(*key)
            self.running_cache[key] = text
        self.write_slot(text)

    def write_slot(self, text: bytes) -> None:
        start = self.index * SLOT
        self.spec.slots[start:start + SLOT] = text.ljust(SLOT, b"\0")

    def sample(self, signum: int, frame: FrameType | None) -> None:
        """SIGALRM, a few times a second: if a behaviour is running, note
        which (exact for the long turns a worker is likely to die in)."""
        while frame is not None:
            code = frame.f_code
            if code.co_name.startswith(("_b_", "_c_")):
                actor = frame.f_locals.get("self")
                owner = type(actor) if isinstance(actor, Actor) else None
                if owner is not None:
                    self.write_slot(_running_text(owner, code.co_qualname))
                return
            frame = frame.f_back

    # ------------------------------------------------------------ messages

    def early_flush(self) -> None:
        """A message just sent to another worker after a quiet spell: write
        the batches now (see EARLY_FLUSH)."""
        if not self.finished and time.monotonic() - self.last_flush >= EARLY_FLUSH:
            self.flush()

    def flush(self) -> None:
        """Write each destination's batch as one frame; adapt the budget so
        that a slice sends about BATCH_TARGET messages at most."""
        self.last_flush = time.monotonic()
        sent_before = self.sent
        self._write_batches()
        sent = self.sent - sent_before
        if sent > BATCH_TARGET:
            self.budget = max(1, self.budget * BATCH_TARGET // sent)
        elif sent < BATCH_TARGET // 4 and self.budget < BUDGET:
            self.budget = min(BUDGET, self.budget * 2)

    def _write_batches(self) -> None:
        flushed_output = False
        for dest, link in self.links.items():
            spawns, groups, count = NODE.collect(dest)
            if not count:
                continue
            if not flushed_output:
                self.flush_output()  # what was printed before the sends comes first
                flushed_output = True
            try:
                payloads = self.encoders[dest].encode(spawns, groups)
            except Exception as exc:  # an argument pickle cannot copy
                self.finish(("fault", _uncopyable(exc)))
            for payload in payloads:
                link.write(frames.frame(payload))
            self.sent += count

    def receive(self, spawns: list[Any], groups: list[Any]) -> None:
        receivers: dict[int, Any] = {}
        count = NODE.deliver(spawns, groups, receivers)
        self.received += count
        self.pressure.delivered(count, receivers)
        self.wake()

    def command(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "confirm":
            self.report(("confirmed", message[1], self.idle, self.epoch, self.sent,
                         self.received))
        elif kind == "stop":
            if memory.acct.registry is not None:
                self.report(("stats", stats.rows(memory.acct.registry, self.index)))
            self.finish(("done", *last_exitcode()))
        elif kind == "abort":
            self.finish(("aborted",))


class PeerLink(asyncio.Protocol):
    """The socket to one other worker: batches in."""

    def __init__(self, worker: Worker, peer: int) -> None:
        self.worker = worker
        self.peer = peer
        self.reader = frames.Reader()
        self.decoder = Decoder()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.set_write_buffer_limits(high=WRITE_HIGH, low=WRITE_LOW)  # type: ignore[attr-defined]
        self.worker.links[self.peer] = transport  # type: ignore[assignment]

    def pause_writing(self) -> None:
        self.worker.pressure.blocked.add(self.peer)

    def resume_writing(self) -> None:
        self.worker.pressure.blocked.discard(self.peer)
        self.worker.schedule()

    def data_received(self, data: bytes) -> None:
        decode = self.decoder.decode
        for payload in self.reader.feed(data):
            batch = decode(payload)
            if batch is not None:
                self.worker.receive(*batch)


class CommandLink(asyncio.Protocol):
    """The pipe from the coordinator: commands in; its end means the
    coordinator is gone, and so must this worker be."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.reader = frames.Reader()

    def data_received(self, data: bytes) -> None:
        for payload in self.reader.feed(data):
            self.worker.command(frames.decode(payload))

    def connection_lost(self, exc: Exception | None) -> None:
        self.worker.finish(("aborted",))


def _new_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop() if uvloop is None else uvloop.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop


def _running_text(owner: type, qualname: str) -> bytes:
    cls = owner.__qualname__
    what = member_name(qualname).replace(f" {cls}.", " ", 1)
    return f"actor {cls} in {what}".encode("utf-8", "replace")[:SLOT]


def running(slots: mmap.mmap, index: int) -> str:
    """What worker `index` last said it was running ('' if nothing yet)."""
    raw = slots[index * SLOT:(index + 1) * SLOT]
    return raw.rstrip(b"\0").decode("utf-8", "replace")


def _uncopyable(exc: Exception) -> str:
    return ("error: a message for another worker could not be copied: "
            f"{type(exc).__name__}: {exc}\n"
            "  note: messages between workers are copied with pickle; a Python object "
            "from an FFI call may not be copyable\n")

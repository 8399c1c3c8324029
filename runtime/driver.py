"""The synchronous driver: run slices until the program is quiescent.

Place: what `runtime.program.run_main` runs with one worker (the default).
A worker process (`runtime.workers.worker`) replaces this module, not the
scheduler: it calls `run_slice` from a uvloop callback, `external.drain`
when woken by `external.set_waker`, and reports idle to a coordinator that
decides termination across workers.

Termination rule (Pony's quiescence): the program ends when no actor has a
message, no injected message is waiting, and no external source is held.
No message is dropped: `run` returns only when every mailbox is empty.

Timers (the one extension): a `TimerSource` installed with
`set_timer_source` (runtime.timers installs itself when first imported, so
programs that don't use timers never load it) is asked between slices to
turn passed deadlines into messages (`fire_due`), and, when no actor has
work but a source is held, to block until its next deadline (`wait_next`)
instead of waiting for injected mail only. An armed timer keeps the program
alive through `external.hold()`, so termination stays the rule above. A
uvloop driver would instead schedule `fire_due` with `loop.call_at` at
`next_deadline`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from runtime import external, scheduler


class TimerSource(Protocol):
    """What the driver needs from timers (implemented by runtime.timers)."""

    def fire_due(self) -> bool:
        """Send a message for every deadline that has passed; True if any."""
        ...

    def wait_next(self) -> bool:
        """Block until the next deadline or injected mail; False at once
        (without blocking) if no deadline is set."""
        ...

    def reset(self) -> None:
        """Forget every deadline (a new program)."""
        ...


class _State:
    timers: TimerSource | None = None
    slices: Callable[[int], bool] | None = None


def set_slice_runner(runner: Callable[[int], bool] | None) -> None:
    """Run turns with `runner(budget) -> more work?` instead of
    `scheduler.run_slice` (None restores it): `runtime.seeded` for `--seed`."""
    _State.slices = runner


def set_timer_source(source: TimerSource | None) -> None:
    """Install the timer source the driver consults (None removes it)."""
    _State.timers = source


def run(on_idle: Callable[[], None] | None = None) -> None:
    """Run until quiescence; `on_idle` is called before blocking for I/O.

    Raises `ActorFault` when a behaviour fails; the scheduler state stays
    consistent, so `reset` is enough to start over.
    """
    run_slice = _State.slices or scheduler.run_slice
    while True:
        while run_slice(scheduler.SLICE):
            if external.has_mail():
                external.drain()
            if _State.timers is not None:
                _State.timers.fire_due()
        if external.drain():
            continue
        timers = _State.timers
        if timers is not None and timers.fire_due():
            continue
        if external.pending() == 0:
            return
        if on_idle is not None:
            on_idle()
        if timers is None or not timers.wait_next():
            external.wait()


def reset() -> None:
    """Forget every queued message, pending source, injected message and
    timer deadline; back to `scheduler.run_slice`."""
    scheduler.reset()
    external.reset()
    _State.slices = None
    if _State.timers is not None:
        _State.timers.reset()

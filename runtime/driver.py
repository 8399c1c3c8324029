"""The synchronous driver: run slices until the program is quiescent.

Place: what `runtime.program.run_main` runs today. A uvloop worker (issue 6)
replaces this module, not the scheduler: it calls `run_slice` from a loop
callback, `external.drain` when woken by `external.set_waker`, and decides
termination the same way `run` does here.

Termination rule (Pony's quiescence): the program ends when no actor has a
message, no injected message is waiting, and no external source is held.
No message is dropped: `run` returns only when every mailbox is empty.
"""

from __future__ import annotations

from collections.abc import Callable

from runtime import external, scheduler


def run(on_idle: Callable[[], None] | None = None) -> None:
    """Run until quiescence; `on_idle` is called before blocking for I/O.

    Raises `ActorFault` when a behaviour fails; the scheduler state stays
    consistent, so `reset` is enough to start over.
    """
    run_slice = scheduler.run_slice
    while True:
        while run_slice(scheduler.SLICE):
            if external.has_mail():
                external.drain()
        if external.drain():
            continue
        if external.pending() == 0:
            return
        if on_idle is not None:
            on_idle()
        external.wait()


def reset() -> None:
    """Forget every queued message, pending source and injected message."""
    scheduler.reset()
    external.reset()

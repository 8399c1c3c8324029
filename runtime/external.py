"""Work from outside the actors: pending sources and thread-safe injection.

Place: the extension point for timers, sockets and Python threads. A driver
(`runtime.driver.run`) asks it whether the program may end and waits on it
when no actor has work.

- `hold()` / `release()` count pending external sources (an armed timer, a
  listening socket): while the count is above zero, quiescence does not end
  the program. Both are called on the scheduler thread, typically from a
  behaviour (arm a timer: `hold()`; its last firing: `release()`).
- `inject(actor, fn, args)` is `send` for any other thread: the message
  waits in a thread-safe inbox until the driver moves it into the actor's
  mailbox, and wakes a driver that is blocked in `wait()` (or in
  `wait_timeout(seconds)`, which a driver waiting for a timer deadline
  uses). A driver that is not blocked on the inbox (a uvloop loop, later)
  installs `set_waker(cb)` to be told, from the injecting thread, that the
  inbox has mail.

Invariant: an injected message is delivered exactly once, in injection order
per injecting thread; `reset` is the only place that discards any.
"""

from __future__ import annotations

from collections.abc import Callable
from queue import Empty, SimpleQueue
from typing import Any

from runtime.actor import Actor, Behaviour, send

_Injected = tuple[Actor, Behaviour, tuple[Any, ...]]

_inbox: SimpleQueue[_Injected] = SimpleQueue()


class _State:
    """Mutable module state; one scheduler per process."""

    pending = 0
    waker: Callable[[], None] | None = None


def hold() -> None:
    """Register one pending external source: keep the program alive."""
    _State.pending += 1


def release() -> None:
    """One external source is finished: the program may end without it."""
    if _State.pending <= 0:
        raise RuntimeError("runtime.external.release() without a matching hold()")
    _State.pending -= 1


def pending() -> int:
    """How many external sources are still held."""
    return _State.pending


def inject(actor: Actor, fn: Behaviour, args: tuple[Any, ...]) -> None:
    """Send `fn(actor, *args)` from any thread; the driver delivers it."""
    _inbox.put((actor, fn, args))
    waker = _State.waker
    if waker is not None:
        waker()


def set_waker(waker: Callable[[], None] | None) -> None:
    """Install the callback `inject` calls after queueing (None removes it)."""
    _State.waker = waker


def has_mail() -> bool:
    """True if injected messages wait for `drain`."""
    return not _inbox.empty()


def drain() -> int:
    """Deliver every injected message to its actor; return how many."""
    n = 0
    while True:
        try:
            actor, fn, args = _inbox.get_nowait()
        except Empty:
            return n
        send(actor, fn, args)
        n += 1


def wait() -> None:
    """Block until a message is injected, then deliver all that are waiting."""
    actor, fn, args = _inbox.get()
    send(actor, fn, args)
    drain()


def wait_timeout(timeout: float) -> bool:
    """`wait`, giving up after `timeout` seconds; True if mail was delivered.

    For drivers that also wait for a deadline (runtime.timers): an injected
    message still wakes them at once.
    """
    try:
        actor, fn, args = _inbox.get(timeout=max(timeout, 0.0))
    except Empty:
        return False
    send(actor, fn, args)
    drain()
    return True


def reset() -> None:
    """Drop pending sources, the waker and undelivered mail (a new program)."""
    _State.pending = 0
    _State.waker = None
    while True:
        try:
            _inbox.get_nowait()
        except Empty:
            return

"""Backpressure inside one scheduler: an overloaded actor mutes its senders.

Place: `runtime.scheduler`'s turn loop calls `after_turn` when a turn that
ran more than one message ends, and skips an actor found in `muted` when it
pops it. `runtime.workers.pressure` does the same job between workers.

How it works (Pony's scheme, by mailbox length):
- An actor whose mailbox still holds more than `HIGH` messages at the end
  of a turn is overloaded: its mailbox becomes a `PressuredMailbox`, a deque
  whose `append` notes who is sending. (The swap copies the mailbox once;
  every other actor keeps a plain deque, so ordinary sends cost nothing
  more.)
- An actor that sends to an overloaded one is muted, unless it is
  overloaded itself (two actors flooding each other must not wait on each
  other) or is the receiver. A muted actor finishes its turn; when the
  scheduler next pops it, it leaves it off the run queue, its mailbox kept,
  so new messages queue without scheduling it. Nothing is dropped.
- When the overloaded actor's mailbox falls to `LOW` messages it gets a
  plain deque again and its muted senders are scheduled again.

Messages are two mailbox items (`fn`, `args`), so lengths are halved.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from runtime.memory import acct

HIGH = 10_000
"""Messages left in a mailbox after a turn that make its actor overloaded."""

LOW = 1_000
"""Messages left at which an overloaded actor releases its senders."""

muted: set[Any] = set()
"""Actors muted by some overloaded actor (the scheduler skips them)."""

parked: set[Any] = set()
"""Muted actors the scheduler took off the run queue (to requeue on release)."""


class PressuredMailbox(deque[Any]):
    """An overloaded actor's mailbox: each send mutes its sender."""

    __slots__ = ("owner", "senders")

    def __init__(self, owner: Any, items: deque[Any]) -> None:
        super().__init__(items)
        self.owner = owner
        self.senders: list[Any] = []

    def append(self, item: Any) -> None:
        deque.append(self, item)
        sender = acct.actor
        if sender is None or sender is self.owner or sender in muted:
            return
        if type(sender._mbox) is PressuredMailbox:
            return  # overloaded itself: never muted
        muted.add(sender)
        self.senders.append(sender)


def after_turn(actor: Any, mailbox: deque[Any]) -> None:
    """At the end of a multi-message turn: start or end `actor`'s overload."""
    if type(mailbox) is PressuredMailbox:
        if len(mailbox) <= 2 * LOW:
            _release(actor, mailbox)
    elif len(mailbox) > 2 * HIGH and actor._mbox is mailbox:
        actor._mbox = PressuredMailbox(actor, mailbox)


def _release(actor: Any, mailbox: PressuredMailbox) -> None:
    """`actor` caught up: a plain mailbox again, its senders scheduled."""
    from runtime.scheduler import runq

    if actor._mbox is mailbox:
        actor._mbox = deque(mailbox) if mailbox else None
    for sender in mailbox.senders:
        muted.discard(sender)
        if sender in parked:
            parked.discard(sender)
            runq.append(sender)
    mailbox.senders.clear()


def release_all() -> None:
    """Schedule every parked actor again (no actor is left to release them)."""
    from runtime.scheduler import runq

    muted.clear()
    while parked:
        runq.append(parked.pop())


def park(actor: Any) -> None:
    """The scheduler popped a muted actor: keep it off the queue until released."""
    parked.add(actor)


def reset() -> None:
    """Forget every mute (a new program)."""
    muted.clear()
    parked.clear()

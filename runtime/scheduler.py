"""The run queue and the turn loop: `run_slice`.

Place: the core every driver shares. `runtime.actor.send` puts actors with
new work on the run queue; a driver (`runtime.driver.run` today, a uvloop
worker later) calls `run_slice` until it reports that no work is left.

Invariants (the hot path relies on them, so they are written down here):
- An actor's `_mbox` is None exactly when it has no pending message and is
  neither on the run queue nor running. Otherwise it is a FIFO deque of
  messages. So no "scheduled" flag is needed: `send` schedules an actor
  exactly when it creates the mailbox, and a turn that empties the mailbox
  drops it (an idle actor owns no deque).
- Mailbox layout: a message is two consecutive items, `fn` then `args`
  (`[fn1, args1, fn2, args2, ...]`), never a `(fn, args)` tuple. Such a tuple
  holds a function, so CPython's cyclic GC keeps tracking it; with a million
  messages queued, full collections walk them all. Flat, the only object a
  message allocates is its `args` tuple, which the GC soon untracks when it
  holds no containers: counting went from about 590 to 250 ns per message.
- An actor is on the run queue at most once.
- A message leaves a mailbox only to be run: none is ever dropped.
- `runq` is created once per process and never rebound: `send` keeps its
  bound `append` in a module global. `reset` clears it in place.
- One thread: only the scheduler's thread sends or runs turns; other threads
  go through `runtime.external.inject`.

Backpressure (runtime.backpressure) hooks in here too: a multi-message turn
that leaves a long mailbox ends with `after_turn`, and a muted actor popped
from the queue is parked instead of run. Together with the accounting
checks below this costs about 5% on counting and 9% on ping-pong (one
message per turn), measured against the loop without them.

Memory accounting (runtime.memory) hooks in here: `acct.actor` names the
running actor during a turn, the bytes counted are charged to it after any
message that brought the count to `SETTLE_BYTES` (one comparison per
message otherwise), and each slice ends with `check_growth`. With
statistics on (`--stats`), `_run_slice_counted` replaces the turn loop.
"""

from __future__ import annotations

from collections import deque
from itertools import chain
from typing import Any, NoReturn

from runtime import backpressure
from runtime.backpressure import HIGH, after_turn, muted, park
from runtime.fault import ActorFault
from runtime.memory import SETTLE_BYTES, HeapLimitExceeded, account, acct, check_growth, settle

BATCH = 100
"""Messages one actor may run per turn before others get theirs (Pony's batch)."""

SLICE = 10_000
"""Default message budget of one `run_slice` call."""

# Typed Any on purpose: the turn loop reads `_mbox` without narrowing the
# Optional, because an actor on the queue always has a mailbox (invariant).
runq: deque[Any] = deque()

_REST = range(BATCH - 1)  # the messages of a turn after its first
_deque = deque


def run_slice(budget: int = SLICE) -> bool:
    """Run turns until about `budget` messages ran; True if work remains.

    A turn runs one actor for up to BATCH messages, then requeues it at the
    back if its mailbox is not empty. The budget is checked between turns,
    so a slice may run up to BATCH - 1 messages past it. An exception from a
    behaviour leaves the queue consistent and is raised as `ActorFault`
    (KeyboardInterrupt and other BaseExceptions pass through unwrapped).
    """
    if acct.registry is not None:
        return _run_slice_counted(budget)
    queue = runq
    popleft = queue.popleft
    push = queue.append
    ledger = acct
    settle_at = SETTLE_BYTES
    overload = 2 * HIGH
    muted_now = muted
    actor: Any = None
    fn: Any = None
    try:
        while queue and budget > 0:
            actor = ledger.actor = popleft()
            if muted_now and actor in muted_now:  # backpressure: off the queue till released
                park(actor)
                continue
            mb = actor._mbox
            pop = mb.popleft
            # The first message is run outside the batch loop: most turns in
            # request/reply programs have exactly one message.
            fn = pop()
            fn(actor, *pop())
            if ledger.counted >= settle_at:  # after each message, as Pony's GC
                settle(actor)
            if not mb:
                actor._mbox = None
                budget -= 1
                continue
            for n in _REST:  # noqa: B007 (n counts the turn, read below)
                fn = pop()
                fn(actor, *pop())
                if ledger.counted >= settle_at:
                    settle(actor)
                if not mb:
                    actor._mbox = None
                    break
            else:
                push(actor)
            budget -= n + 2
            if len(mb) > overload or mb.__class__ is not _deque:
                after_turn(actor, mb)
    except BaseException as exc:
        _fail(actor, fn, exc)
    finally:
        ledger.actor = None
    if actor is not None:
        check_growth(chain((actor,), queue))
    if not queue and backpressure.parked:
        backpressure.release_all()  # (a safety net: releases come at turn ends)
    return bool(queue)


def _run_slice_counted(budget: int) -> bool:
    """`run_slice` keeping statistics (`--stats`): each actor's messages and
    the longest mailbox it had at the start of a turn. Same turns, same
    order; slower, so used only when statistics were asked for."""
    queue = runq
    actor: Any = None
    fn: Any = None
    try:
        while queue and budget > 0:
            actor = acct.actor = queue.popleft()
            if muted and actor in muted:
                park(actor)
                continue
            mb = actor._mbox
            mine = account(actor)
            mine.mailbox_peak = max(mine.mailbox_peak, len(mb) // 2)
            n = 0
            while mb and n < BATCH:
                fn = mb.popleft()
                fn(actor, *mb.popleft())
                n += 1
                mine.messages += 1
                if acct.counted >= SETTLE_BYTES:
                    settle(actor)
            budget -= n
            if mb:
                queue.append(actor)
            else:
                actor._mbox = None
            if n > 1:
                after_turn(actor, mb)
    except BaseException as exc:
        _fail(actor, fn, exc)
    finally:
        acct.actor = None
    if actor is not None:
        check_growth(chain((actor,), queue))
    if not queue and backpressure.parked:
        backpressure.release_all()
    return bool(queue)


def _fail(actor: Any, fn: Any, exc: BaseException) -> NoReturn:
    """A turn was cut short: restore the invariants and raise what stops the
    program (`ActorFault` for an exception from a behaviour)."""
    _restore(actor)
    if isinstance(exc, Exception) and not isinstance(exc, HeapLimitExceeded):
        raise ActorFault(actor, fn, exc) from exc
    raise exc


def _restore(actor: Any) -> None:
    """After a turn was cut short, re-establish the mailbox invariant."""
    if actor is None or any(a is actor for a in runq):
        return
    mb = actor._mbox
    if mb and len(mb) % 2:
        # A signal between the two pops of a message left its args at the
        # head; that message was being run, drop its remains.
        mb.popleft()
    if mb:
        runq.appendleft(actor)
    else:
        actor._mbox = None


def queued(actor: Any) -> int:
    """How many messages wait in `actor`'s mailbox."""
    mb = actor._mbox
    return 0 if mb is None else len(mb) // 2


def has_work() -> bool:
    """True if some actor is waiting for a turn."""
    return bool(runq)


def reset() -> None:
    """Forget all queued work, so a new program starts from nothing.

    Actors still queued get their mailbox dropped, so an actor object that
    survives into another run (tests keep references) can be scheduled again
    instead of silently collecting messages that no one runs.
    """
    while runq:
        runq.popleft()._mbox = None
    backpressure.reset()

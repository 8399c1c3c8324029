"""Actors, `spawn` and `send`: what generated code calls.

Place: the one runtime module generated actor code imports
(`from runtime.actor import Actor, send, spawn`). `send` is the hot path of
every program: one behaviour call is one `send`.

Invariants: see `runtime.scheduler` (an actor's `_mbox` is None exactly when
it is idle and unscheduled). `send` and `spawn` only append; they never run a
behaviour, so a send returns at once and a constructor runs as the actor's
first message, before anything sent to the actor after `spawn` returned.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from runtime.scheduler import runq

Behaviour = Callable[..., object]
"""A behaviour or constructor body: called as `fn(actor, *args)`."""

A = TypeVar("A", bound="Actor")

# Module globals, bound once: the cheapest lookups the hot path can make.
_deque = deque
_runq_append = runq.append
_new = object.__new__


class Actor:
    """Base of every actor class; generated subclasses add their own slots.

    An idle actor is a bare object with one slot set to None (no mailbox), so
    a program may keep very many of them. Create actors with `spawn`, never by
    calling the class.
    """

    __slots__ = ("_mbox", "_mem")
    _mbox: deque[Any] | None
    # `_mem`: the actor's runtime.memory.Account, set when it first counts
    # an allocation or receives an iso (unset until then: idle actors stay small).

    def __init__(self) -> None:
        raise TypeError(
            f"{type(self).__qualname__} is an actor: create it with "
            "runtime.actor.spawn(cls, ctor, args)"
        )

    def __repr__(self) -> str:
        return f"<actor {type(self).__qualname__} at {id(self):#x}>"


def spawn(cls: type[A], ctor: Behaviour, args: tuple[Any, ...]) -> A:
    """Allocate an actor and queue `ctor(actor, *args)` as its first message.

    The constructor runs later, in the actor's first turn (Pony: actor
    constructors are asynchronous); messages sent to the returned actor queue
    behind it. `__init__` is not run.
    """
    actor: A = _new(cls)
    mb: deque[Any] = _deque()
    mb.append(ctor)
    mb.append(args)
    actor._mbox = mb
    _runq_append(actor)
    return actor


def send(actor: Actor, fn: Behaviour, args: tuple[Any, ...]) -> None:
    """Queue `fn(actor, *args)` on `actor`'s mailbox; schedule it if idle.

    FIFO per mailbox, so messages from one sender to one receiver arrive in
    the order sent. No lock: only the scheduler's thread may call this.
    """
    mb = actor._mbox
    if mb is None:
        # Idle and unscheduled (scheduler invariant): give it a mailbox and a
        # place on the run queue. A running actor keeps its mailbox, so a send
        # to self never queues the actor twice.
        actor._mbox = mb = _deque()
        _runq_append(actor)
    # Two appends, no (fn, args) tuple: see "Mailbox layout" in scheduler.
    mb.append(fn)
    mb.append(args)

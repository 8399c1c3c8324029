"""Actor addresses across workers: keys, proxies, outboxes and pickling.

Place: state of one worker process (`NODE`), set up by `runtime.workers.worker`
after the fork. The coordinator process never uses it.

- An actor that another worker may name gets a key, an int unique in the
  whole program (`seq * workers + index` of the worker that made it), and an
  address `(home, key)`. Local actors get a key lazily, the first time a
  reference to them is pickled; the key keeps them alive (no cross-worker
  garbage collection yet).
- A reference to an actor of another worker unpickles to that worker's one
  proxy for it: an object of the actor's own class (so `p.hit(x)` is the
  generated method, unchanged) whose `_mbox` is an `Outbox`, a list that is
  never None, so `runtime.actor.send` never schedules the proxy and its two
  appends (fn, args) are C list appends, as cheap as a local send. After a
  slice the worker collects the non-empty outboxes of each destination
  (`collect`) into one batch `[key, [fn, args, ...], key, [...], ...]`; a
  remote spawn goes in the batch's spawn list `[key, cls, ctor, args, ...]`,
  delivered before its messages. Functions and classes cross by module and
  qualified name ("Class._b_name"), never as code (`runtime.workers.batch`).
- On the home worker a reference turns back into the actor itself.
- Objects whose identity the runtime compares (a `Timer` sent as a tag and
  handed back to its Timers) cross as an address plus a copy of their
  state: back home they are the original again, elsewhere one copy per
  worker. Other objects are plain copies (so `is` between two copies of a
  `val` is false, as it would be for two equal values).
- Messages for a key the home worker does not know yet (possible only with
  three or more workers: a reference can overtake its spawn) wait, in order,
  and run after the constructor when the spawn arrives.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable
from typing import Any

from runtime.actor import Actor
from runtime.env import Env, OutStream
from runtime.memory import request_attention
from runtime.scheduler import runq

_new = object.__new__


class Outbox(list[Any]):
    """The `_mbox` of a proxy: messages (fn, args, ...) for the actor's home
    worker, waiting for the end of the slice."""

    __slots__ = ("_home", "_key")

    def __init__(self, home: int, key: int) -> None:
        super().__init__()
        self._home = home
        self._key = key


class ArmedOutbox(Outbox):
    """An empty outbox whose first message asks for an early flush
    (`Node.on_first_send`): its class becomes `Outbox` again on that append,
    so only one send per flush pays for a Python call."""

    __slots__ = ()

    def append(self, item: Any) -> None:
        self.__class__ = Outbox  # type: ignore[assignment]  # (the same layout)
        list.append(self, item)
        NODE.first_send()


class Node:
    """This worker's tables; one per process (`NODE`)."""

    def __init__(self) -> None:
        self.index = 0
        self.count = 1
        self.exports: dict[int, Actor] = {}
        self.keys: dict[int, int] = {}  # id(actor) -> key; exports keeps it alive
        self.proxies: dict[int, Actor] = {}
        self.unborn: dict[int, deque[Any]] = {}  # key -> messages before the spawn
        self.outboxes: list[list[Outbox]] = [[]]  # per destination worker
        self.spawns: list[list[Any]] = [[]]  # per destination: key, cls, ctor, args
        self.seq = 0
        self.out: OutStream | None = None
        # Called between messages when something waits for another worker
        # again after a flush: the worker may write its batches early.
        self.on_first_send: Callable[[], None] | None = None
        self.err: OutStream | None = None
        self.envs: list[Env] = []
        self.kept: dict[int, object] = {}  # key -> object whose identity matters
        self.kept_addr: dict[int, tuple[int, int]] = {}  # id(object) -> (home, key)

    def setup(self, index: int, count: int, out: OutStream, err: OutStream) -> None:
        self.__init__()  # type: ignore[misc]
        self.index, self.count = index, count
        self.outboxes = [[] for _ in range(count)]
        self.spawns = [[] for _ in range(count)]
        self.out, self.err = out, err

    def new_key(self) -> int:
        self.seq += 1
        return self.seq * self.count + self.index

    def key_of(self, actor: Actor) -> int:
        key = self.keys.get(id(actor))
        if key is None:
            key = self.new_key()
            self.keys[id(actor)] = key
            self.exports[key] = actor
        return key

    def proxy(self, home: int, key: int, cls: type[Actor]) -> Actor:
        found = self.proxies.get(key)
        if found is None:
            found = _new(cls)
            outbox = ArmedOutbox(home, key)
            found._mbox = outbox  # type: ignore[assignment]
            self.outboxes[home].append(outbox)
            self.proxies[key] = found
        return found

    def local(self, key: int, cls: type[Actor]) -> Actor:
        """The actor `key` of this worker, or its placeholder until spawned."""
        found = self.exports.get(key)
        if found is None:
            found = _new(cls)
            # Not on the run queue: messages collect until the spawn arrives.
            found._mbox = self.unborn.setdefault(key, deque())
            self._export(key, found)
        return found

    def _export(self, key: int, actor: Actor) -> None:
        self.exports[key] = actor
        self.keys[id(actor)] = key

    def spawn_here(self, key: int, cls: type[Actor], ctor: Any, args: tuple[Any, ...]) -> None:
        """A spawn sent by another worker: make the actor, run ctor first."""
        early = self.unborn.pop(key, None)
        actor = self.exports.get(key)
        if actor is None:
            actor = _new(cls)
            self._export(key, actor)
        mb: deque[Any] = deque((ctor, args))
        if early:
            mb.extend(early)
        actor._mbox = mb
        runq.append(actor)

    def spawn_remote(self, dest: int, cls: type[Actor], ctor: Any,
                     args: tuple[Any, ...]) -> Actor:
        """Spawn on worker `dest`; the proxy is returned at once."""
        key = self.new_key()
        proxy = self.proxy(dest, key, cls)
        self.spawns[dest].extend((key, cls, ctor, args))
        self.first_send()
        return proxy

    def first_send(self) -> None:
        if self.on_first_send is not None:
            request_attention(self.on_first_send)

    def collect(self, dest: int) -> tuple[list[Any], list[Any], int]:
        """Take what waits for worker `dest`: (spawns, groups, message count)."""
        spawns = self.spawns[dest]
        count = len(spawns) // 4
        groups: list[Any] = []
        for outbox in self.outboxes[dest]:
            if outbox:
                groups.append(outbox._key)
                groups.append(outbox.copy())
                count += len(outbox) // 2
                outbox.clear()
                outbox.__class__ = ArmedOutbox
        self.spawns[dest] = []
        return spawns, groups, count

    def deliver(self, spawns: list[Any], groups: list[Any],
                receivers: dict[int, Any]) -> int:
        """Queue a received batch on its actors (added to `receivers`);
        returns how many messages. (`runtime.actor.send`, inlined for a
        whole group of messages.)"""
        it = iter(spawns)
        for key, cls, ctor, args in zip(it, it, it, it, strict=False):
            self.spawn_here(key, cls, ctor, args)
        exports = self.exports
        schedule = runq.append
        count = len(spawns) // 4
        it = iter(groups)
        for key, items in zip(it, it, strict=False):
            count += len(items) // 2
            actor = exports.get(key)
            if actor is None:  # its spawn has not arrived (3+ workers)
                self.unborn.setdefault(key, deque()).extend(items)
                continue
            receivers[id(actor)] = actor  # by identity: an actor may define __eq__
            mb = actor._mbox
            if mb is None:
                actor._mbox = deque(items)
                schedule(actor)
            else:
                mb.extend(items)
        return count


NODE = Node()


def actor_ref(home: int, key: int, cls: type[Actor]) -> Actor:
    """Unpickle an actor reference in this worker."""
    if home == NODE.index:
        return NODE.local(key, cls)
    return NODE.proxy(home, key, cls)


def _reduce_actor(actor: Actor) -> tuple[Any, ...]:
    mb: Any = actor._mbox
    if type(mb) is Outbox:
        return actor_ref, (mb._home, mb._key, type(actor))
    return actor_ref, (NODE.index, NODE.key_of(actor), type(actor))


def stream(which: str) -> OutStream:
    """Unpickle env.out / env.err: this worker's stream."""
    found = NODE.out if which == "out" else NODE.err
    assert found is not None
    return found


def _reduce_stream(s: OutStream) -> tuple[Any, ...]:
    return stream, ("out" if s is NODE.out else "err",)


class WorkerEnv(Env):
    """Env in a worker: `exitcode` also records when it was set, so the
    coordinator can take the last call across workers."""

    __slots__ = ("set_at",)

    def exitcode(self, code: Any) -> None:
        import time

        super().exitcode(code)
        self.set_at = time.monotonic_ns()


def make_env(args: object, vars: object, root: object, input: object) -> WorkerEnv:
    """An Env in this worker (Main's, or one unpickled from a message)."""
    assert NODE.out is not None and NODE.err is not None
    env = WorkerEnv(NODE.out, NODE.err, args, vars=vars, root=root, input=input)
    env.set_at = 0
    NODE.envs.append(env)
    return env


def _reduce_env(env: Env) -> tuple[Any, ...]:
    return make_env, (env.args, env.vars, env.root, env.input)


def last_exitcode() -> tuple[int, int]:
    """(when, code) of the last `env.exitcode` in this worker; (0, 0) if none."""
    sets = [(e.set_at, e.get_exitcode()) for e in NODE.envs if isinstance(e, WorkerEnv)]
    return max(sets, default=(0, 0))


def kept_ref(home: int, key: int, cls: type, state: dict[str, Any]) -> object:
    """Unpickle an object whose identity matters: the original at home, one
    copy per other worker."""
    found = NODE.kept.get(key)
    if found is None:
        found = _new(cls)
        for name, value in state.items():
            setattr(found, name, value)
        NODE.kept[key] = found
        NODE.kept_addr[id(found)] = (home, key)
    return found


def _reduce_kept(obj: object) -> tuple[Any, ...]:
    addr = NODE.kept_addr.get(id(obj))
    if addr is None:
        addr = (NODE.index, NODE.new_key())
        NODE.kept[addr[1]] = obj
        NODE.kept_addr[id(obj)] = addr
    slots = getattr(type(obj), "__slots__", ())
    state = {name: getattr(obj, name) for name in slots if hasattr(obj, name)}
    return kept_ref, (*addr, type(obj), state)


def install_reducers() -> None:
    """Teach pickle to send actors, streams and Env as addresses (in a
    worker process only: the class attributes are per process)."""
    Actor.__reduce__ = _reduce_actor  # type: ignore[assignment,method-assign]
    OutStream.__reduce__ = _reduce_stream  # type: ignore[assignment,method-assign]
    Env.__reduce__ = _reduce_env  # type: ignore[assignment,method-assign]
    timers = sys.modules.get("runtime.timers")
    if timers is not None:
        # `Timers.cancel(timer)` compares a `Timer tag` with the timers it
        # holds by identity, so a Timer that comes back is the same object.
        timers.Timer.__reduce__ = _reduce_kept

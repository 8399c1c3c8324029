"""Thespian: `simpleSystemBase` (every actor in the caller's thread, run
while the caller waits in `ask`) and `multiprocQueueBase` (a process per
actor, multiprocessing queues between them: no sockets).

Each workload is a driver actor that receives `("start", ...)` from the
outside with `ActorSystem.ask`, creates the other actors with
`createActor`, runs the exchange and answers the asker with the result. A
message is a tuple whose first item names the handler; Thespian's own
messages (child exits and the like) are ignored. The classes are at module
level so the multiprocess base can start them in its child processes. A run
is timed from the `ask` to its answer; starting and shutting down the actor
system are not timed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from thespian.actors import Actor, ActorSystem  # type: ignore[import-not-found, unused-ignore]

from systems.plain import _seed, _xorshift

TIMEOUT = 600.0


class TActor(Actor):  # type: ignore[misc, unused-ignore]
    def receiveMessage(self, msg: Any, sender: Any) -> None:  # Thespian names it
        if isinstance(msg, tuple):
            getattr(self, "on_" + msg[0])(sender, *msg[1:])


class Pong(TActor):
    pings = 0

    def on_ping(self, sender: Any) -> None:
        self.pings += 1
        self.send(sender, ("pong",))


class Ping(TActor):
    def on_start(self, sender: Any, n: int) -> None:
        self.asker, self.left = sender, n
        self.send(self.createActor(Pong), ("ping",))

    def on_pong(self, sender: Any) -> None:
        self.left -= 1
        if self.left > 0:
            self.send(sender, ("ping",))
        else:
            self.send(self.asker, self.left)


class Counter(TActor):
    count = 0

    def on_inc(self, sender: Any) -> None:
        self.count += 1

    def on_get(self, sender: Any) -> None:
        self.send(sender, ("count", self.count))


class Producer(TActor):
    def on_start(self, sender: Any, n: int) -> None:
        self.asker = sender
        c = self.createActor(Counter)
        msg = ("inc",)
        for _ in range(n):
            self.send(c, msg)
        self.send(c, ("get",))

    def on_count(self, sender: Any, count: int) -> None:
        self.send(self.asker, count)


class Node(TActor):
    def on_init(self, sender: Any, ident: int, nxt: Any, sink: Any, period: int) -> None:
        self.id, self.next, self.sink, self.period = ident, nxt, sink, period

    def on_pass(self, sender: Any, hops: int) -> None:
        if self.period and hops % self.period == 0:
            self.send(self.sink, ("probe", time.perf_counter_ns()))
        if hops > 0:
            self.send(self.next, ("pass", hops - 1))
        else:
            self.send(self.sink, ("stopped", self.id))


class Ring(TActor):
    """Thread ring driver (period 0) and latency sink (period > 0)."""

    def on_start(self, sender: Any, n: int, actors: int, tokens: int = 1,
                 period: int = 0) -> None:
        self.asker, self.tokens, self.stopped = sender, tokens, 0
        self.delays: list[int] = []
        self.last = -1
        nodes = [self.createActor(Node) for _ in range(actors)]
        for i, node in enumerate(nodes):
            self.send(node, ("init", i, nodes[(i + 1) % actors], self.myAddress, period))
        for i in range(tokens):
            self.send(nodes[i * actors // tokens], ("pass", n))

    def on_probe(self, sender: Any, sent: int) -> None:
        self.delays.append(time.perf_counter_ns() - sent)

    def on_stopped(self, sender: Any, ident: int) -> None:
        self.stopped += 1
        self.last = ident
        if self.stopped == self.tokens:
            self.send(self.asker, (self.last, self.delays))


class FjWorker(TActor):
    seen = 0

    def on_work(self, sender: Any, n: int) -> None:
        self.seen += 1
        if self.seen == n:
            self.send(sender, ("done", self.seen))


class FjDriver(TActor):
    def on_start(self, sender: Any, n: int, k: int) -> None:
        self.asker, self.k, self.finished, self.total = sender, k, 0, 0
        workers = [self.createActor(FjWorker) for _ in range(k)]
        msg = ("work", n)
        for _ in range(n):
            for w in workers:
                self.send(w, msg)

    def on_done(self, sender: Any, seen: int) -> None:
        self.finished += 1
        self.total += seen
        if self.finished == self.k:
            self.send(self.asker, self.total)


class Child(TActor):
    def on_hello(self, sender: Any) -> None:
        self.send(sender, ("ready",))


class CreationDriver(TActor):
    """Fork-join creation: create n children, send each one message, count
    the replies."""

    def on_start(self, sender: Any, n: int) -> None:
        self.asker, self.n, self.count = sender, n, 0
        for _ in range(n):
            self.send(self.createActor(Child), ("hello",))

    def on_ready(self, sender: Any) -> None:
        self.count += 1
        if self.count == self.n:
            self.send(self.asker, self.count)


class Cell(TActor):
    pass


class CellMaker(TActor):
    def on_start(self, sender: Any, n: int) -> None:
        self.cells = [self.createActor(Cell) for _ in range(n)]
        self.send(sender, len(self.cells))


class BigWorker(TActor):
    def on_init(self, sender: Any, i: int, n: int, peers: list[Any]) -> None:
        self.sink, self.left, self.pings, self.seed, self.peers = sender, n, 0, _seed(i), peers
        self._send_ping()

    def on_ping(self, sender: Any) -> None:
        self.pings += 1
        self.send(sender, ("pong",))

    def on_pong(self, sender: Any) -> None:
        self.left -= 1
        if self.left > 0:
            self._send_ping()
        else:
            self.send(self.sink, ("done",))

    def _send_ping(self) -> None:
        self.seed = x = _xorshift(self.seed)
        self.send(self.peers[x % len(self.peers)], ("ping",))


class BigDriver(TActor):
    def on_start(self, sender: Any, n: int, workers: int) -> None:
        self.asker, self.workers, self.finished = sender, workers, 0
        ws = [self.createActor(BigWorker) for _ in range(workers)]
        for i, w in enumerate(ws):
            self.send(w, ("init", i, n, ws))

    def on_done(self, sender: Any) -> None:
        self.finished += 1
        if self.finished == self.workers:
            self.send(self.asker, self.finished)


def _system(base: str) -> Any:
    logging.getLogger("Thespian").setLevel(logging.ERROR)
    return ActorSystem(base, logDefs={"version": 1, "disable_existing_loggers": False,
                                      "root": {"level": "ERROR", "handlers": []}})


def _ask(base: str, driver: type, msg: tuple[Any, ...]) -> tuple[float, Any]:
    asys = _system(base)
    try:
        addr = asys.createActor(driver)
        t = time.perf_counter()
        answer = asys.ask(addr, msg, TIMEOUT)
        dt = time.perf_counter() - t
    finally:
        asys.shutdown()
    if answer is None:
        raise AssertionError(f"{driver.__name__}: no answer within {TIMEOUT} s")
    return dt, answer


def workloads(base: str) -> dict[str, Callable[..., Any]]:
    def ping_pong(n: int) -> float:
        dt, left = _ask(base, Ping, ("start", n))
        assert left == 0
        return dt

    def counting(n: int) -> float:
        dt, count = _ask(base, Producer, ("start", n))
        assert count == n
        return dt

    def thread_ring(n: int, actors: int) -> float:
        dt, (stopped, _) = _ask(base, Ring, ("start", n, actors))
        assert stopped == n % actors
        return dt

    def fork_join_throughput(n: int, k: int) -> float:
        dt, total = _ask(base, FjDriver, ("start", n, k))
        assert total == n * k
        return dt

    def fork_join_creation(n: int) -> float:
        dt, count = _ask(base, CreationDriver, ("start", n))
        assert count == n
        return dt

    def actor_creation(n: int) -> float:
        dt, count = _ask(base, CellMaker, ("start", n))
        assert count == n
        return dt

    def big(n: int, workers: int) -> float:
        dt, finished = _ask(base, BigDriver, ("start", n, workers))
        assert finished == workers
        return dt

    def latency(n: int, tokens: int, actors: int, period: int) -> list[int]:
        _, (_, delays) = _ask(base, Ring, ("start", n, actors, tokens, period))
        result: list[int] = delays
        return result

    return {
        "ping-pong": ping_pong,
        "counting": counting,
        "thread-ring": thread_ring,
        "fork-join-throughput": fork_join_throughput,
        "fork-join-creation": fork_join_creation,
        "big": big,
        "actor-creation": actor_creation,
        "latency": latency,
    }


SIMPLE = workloads("simpleSystemBase")
MULTIPROC = workloads("multiprocQueueBase")

"""Pykka: one `ThreadingActor` (a thread and a queue) per actor.

A message is a `(function, args)` tuple sent with `ActorRef.tell`; the
actor's `on_receive` calls `function(self, *args)` (Pykka's cheapest form:
no proxy, no futures per message). A run is timed until the workload's
result future is set; stopping the actor threads afterwards is not timed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pykka  # type: ignore[import-not-found, unused-ignore]

from systems.plain import _seed, _xorshift

TIMEOUT = 600.0


class PActor(pykka.ThreadingActor):  # type: ignore[misc, unused-ignore]
    def on_receive(self, message: tuple[Callable[..., None], tuple[Any, ...]]) -> None:
        fn, args = message
        fn(self, *args)


def _finish(result: Any) -> Any:
    try:
        return result.get(timeout=TIMEOUT)
    finally:
        pykka.ActorRegistry.stop_all()


def ping_pong(n: int) -> float:
    t = time.perf_counter()
    done = pykka.ThreadingFuture()

    class Ping(PActor):  # type: ignore[misc, unused-ignore]
        left = n

        def pong(self, pong: Any) -> None:
            self.left -= 1
            if self.left > 0:
                pong.tell((Pong.ping, (self.actor_ref,)))
            else:
                done.set(self.left)

    class Pong(PActor):  # type: ignore[misc, unused-ignore]
        pings = 0

        def ping(self, sender: Any) -> None:
            self.pings += 1
            sender.tell((Ping.pong, (self.actor_ref,)))

    ping, pong = Ping.start(), Pong.start()
    pong.tell((Pong.ping, (ping,)))
    done.get(timeout=TIMEOUT)
    dt = time.perf_counter() - t
    pykka.ActorRegistry.stop_all()
    return dt


def counting(n: int) -> float:
    t = time.perf_counter()
    done = pykka.ThreadingFuture()

    class Counter(PActor):  # type: ignore[misc, unused-ignore]
        count = 0

        def increment(self) -> None:
            self.count += 1

        def retrieve(self) -> None:
            done.set(self.count)

    class Producer(PActor):  # type: ignore[misc, unused-ignore]
        def start_(self, c: Any) -> None:
            msg = (Counter.increment, ())
            for _ in range(n):
                c.tell(msg)
            c.tell((Counter.retrieve, ()))

    c, p = Counter.start(), Producer.start()
    p.tell((Producer.start_, (c,)))
    count = done.get(timeout=TIMEOUT)
    dt = time.perf_counter() - t
    pykka.ActorRegistry.stop_all()
    assert count == n
    return dt


def thread_ring(n: int, actors: int) -> float:
    t = time.perf_counter()
    done = pykka.ThreadingFuture()

    class Node(PActor):  # type: ignore[misc, unused-ignore]
        def __init__(self, ident: int) -> None:
            super().__init__()
            self.id = ident
            self.next: Any = None

        def set_next(self, nxt: Any) -> None:
            self.next = nxt

        def pass_(self, hops: int) -> None:
            if hops > 0:
                self.next.tell((Node.pass_, (hops - 1,)))
            else:
                done.set(self.id)

    nodes = [Node.start(i) for i in range(actors)]
    for i, node in enumerate(nodes):
        node.tell((Node.set_next, (nodes[(i + 1) % actors],)))
    nodes[0].tell((Node.pass_, (n,)))
    stopped = _finish(done)
    dt = time.perf_counter() - t
    assert stopped == n % actors
    return dt


def fork_join_throughput(n: int, k: int) -> float:
    t = time.perf_counter()
    done = pykka.ThreadingFuture()

    class Sink(PActor):  # type: ignore[misc, unused-ignore]
        finished = 0
        total = 0

        def done(self, seen: int) -> None:
            self.finished += 1
            self.total += seen
            if self.finished == k:
                done.set(self.total)

    class Worker(PActor):  # type: ignore[misc, unused-ignore]
        def __init__(self, sink: Any) -> None:
            super().__init__()
            self.sink = sink
            self.seen = 0

        def work(self) -> None:
            self.seen += 1
            if self.seen == n:
                self.sink.tell((Sink.done, (self.seen,)))

    sink = Sink.start()
    workers = [Worker.start(sink) for _ in range(k)]
    msg = (Worker.work, ())
    for _ in range(n):
        for w in workers:
            w.tell(msg)
    total = done.get(timeout=TIMEOUT)
    dt = time.perf_counter() - t
    pykka.ActorRegistry.stop_all()
    assert total == n * k
    return dt


def fork_join_creation(n: int) -> float:
    t = time.perf_counter()
    done = pykka.ThreadingFuture()

    class Sink(PActor):  # type: ignore[misc, unused-ignore]
        count = 0

        def ready(self) -> None:
            self.count += 1
            if self.count == n:
                done.set(self.count)

    class Child(PActor):  # type: ignore[misc, unused-ignore]
        def __init__(self, sink: Any) -> None:
            super().__init__()
            self.sink = sink

        def on_start(self) -> None:
            self.sink.tell((Sink.ready, ()))

    sink = Sink.start()
    for _ in range(n):
        Child.start(sink)
    count = done.get(timeout=TIMEOUT)
    dt = time.perf_counter() - t
    pykka.ActorRegistry.stop_all()
    assert count == n
    return dt


def actor_creation(n: int) -> float:
    t = time.perf_counter()
    done = pykka.ThreadingFuture()
    created = [0]

    class Cell(PActor):  # type: ignore[misc, unused-ignore]
        def __init__(self, i: int) -> None:
            super().__init__()
            self.id = i

        def on_start(self) -> None:
            created[0] += 1  # the GIL makes this one increment atomic enough here
            if self.id == n - 1:
                done.set(True)

    for i in range(n):
        Cell.start(i)
    done.get(timeout=TIMEOUT)
    dt = time.perf_counter() - t
    pykka.ActorRegistry.stop_all()
    return dt


def big(n: int, workers: int) -> float:
    t = time.perf_counter()
    done = pykka.ThreadingFuture()

    class Sink(PActor):  # type: ignore[misc, unused-ignore]
        finished = 0

        def done(self) -> None:
            self.finished += 1
            if self.finished == workers:
                done.set(True)

    class Worker(PActor):  # type: ignore[misc, unused-ignore]
        def __init__(self, i: int, sink: Any) -> None:
            super().__init__()
            self.left, self.pings, self.seed, self.sink = n, 0, _seed(i), sink
            self.peers: list[Any] = []

        def start_(self, peers: list[Any]) -> None:
            self.peers = peers
            self.send_ping()

        def ping(self, sender: Any) -> None:
            self.pings += 1
            sender.tell((Worker.pong, ()))

        def pong(self) -> None:
            self.left -= 1
            if self.left > 0:
                self.send_ping()
            else:
                self.sink.tell((Sink.done, ()))

        def send_ping(self) -> None:
            self.seed = x = _xorshift(self.seed)
            self.peers[x % workers].tell((Worker.ping, (self.actor_ref,)))

    sink = Sink.start()
    ws = [Worker.start(i, sink) for i in range(workers)]
    for w in ws:
        w.tell((Worker.start_, (ws,)))
    _finish(done)
    return time.perf_counter() - t


def latency(n: int, tokens: int, actors: int, period: int) -> list[int]:
    now = time.perf_counter_ns
    done = pykka.ThreadingFuture()

    class Sink(PActor):  # type: ignore[misc, unused-ignore]
        def __init__(self) -> None:
            super().__init__()
            self.finished = 0
            self.delays: list[int] = []

        def probe(self, sent: int) -> None:
            self.delays.append(now() - sent)

        def token_done(self) -> None:
            self.finished += 1
            if self.finished == tokens:
                done.set(self.delays)

    class Node(PActor):  # type: ignore[misc, unused-ignore]
        def __init__(self, sink: Any) -> None:
            super().__init__()
            self.sink = sink
            self.next: Any = None

        def set_next(self, nxt: Any) -> None:
            self.next = nxt

        def pass_(self, hops: int) -> None:
            if hops % period == 0:
                self.sink.tell((Sink.probe, (now(),)))
            if hops > 0:
                self.next.tell((Node.pass_, (hops - 1,)))
            else:
                self.sink.tell((Sink.token_done, ()))

    sink = Sink.start()
    nodes = [Node.start(sink) for _ in range(actors)]
    for i, node in enumerate(nodes):
        node.tell((Node.set_next, (nodes[(i + 1) % actors],)))
    for i in range(tokens):
        nodes[i * actors // tokens].tell((Node.pass_, (n,)))
    delays: list[int] = _finish(done)
    return delays


WORKLOADS: dict[str, Callable[..., Any]] = {
    "ping-pong": ping_pong,
    "counting": counting,
    "thread-ring": thread_ring,
    "fork-join-throughput": fork_join_throughput,
    "fork-join-creation": fork_join_creation,
    "big": big,
    "actor-creation": actor_creation,
    "latency": latency,
}

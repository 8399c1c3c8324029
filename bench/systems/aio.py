"""asyncio on uvloop: one task per actor, an `asyncio.Queue` as its mailbox.

A message is a `(method, args)` tuple put with `put_nowait` (the queues are
unbounded, like actor mailboxes); each actor's task awaits `get()` and calls
the method. A run ends when the workload's result future is set; the actor
tasks are then cancelled.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import uvloop

from systems.plain import _seed, _xorshift


class AActor:
    """An actor: a queue and the task that drains it."""

    def __init__(self) -> None:
        self.q: asyncio.Queue[tuple[Callable[..., None], tuple[Any, ...]]] = asyncio.Queue()
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        get = self.q.get
        while True:
            fn, args = await get()
            fn(*args)

    def tell(self, fn: Callable[..., None], *args: Any) -> None:
        self.q.put_nowait((fn, args))


def _run(make: Callable[[], Awaitable[Any]]) -> Any:
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(make())


async def _finish(actors: list[AActor], result: asyncio.Future[Any]) -> Any:
    value = await result
    for a in actors:
        a.task.cancel()
    await asyncio.gather(*(a.task for a in actors), return_exceptions=True)
    return value


def ping_pong(n: int) -> float:
    async def main() -> float:
        t = time.perf_counter()
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Ping(AActor):
            left = n

            def pong(self, p: Pong) -> None:
                self.left -= 1
                if self.left > 0:
                    p.tell(p.ping, self)
                else:
                    done.set_result(p.pings)

        class Pong(AActor):
            pings = 0

            def ping(self, sender: Ping) -> None:
                self.pings += 1
                sender.tell(sender.pong, self)

        ping, pong = Ping(), Pong()
        pong.tell(pong.ping, ping)
        pings = await _finish([ping, pong], done)
        dt = time.perf_counter() - t
        assert pings == n
        return dt

    return float(_run(main))


def counting(n: int) -> float:
    async def main() -> float:
        t = time.perf_counter()
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Counter(AActor):
            count = 0

            def increment(self) -> None:
                self.count += 1

            def retrieve(self) -> None:
                done.set_result(self.count)

        class Producer(AActor):
            def start(self, c: Counter) -> None:
                inc = c.increment
                tell = c.tell
                for _ in range(n):
                    tell(inc)
                c.tell(c.retrieve)

        c, p = Counter(), Producer()
        p.tell(p.start, c)
        count = await _finish([c, p], done)
        dt = time.perf_counter() - t
        assert count == n
        return dt

    return float(_run(main))


class _Node(AActor):
    def __init__(self, ident: int, on_stop: Callable[[int], None]) -> None:
        super().__init__()
        self.id = ident
        self.next: _Node = self
        self.on_stop = on_stop

    def pass_(self, hops: int) -> None:
        if hops > 0:
            nxt = self.next
            nxt.tell(nxt.pass_, hops - 1)
        else:
            self.on_stop(self.id)


def thread_ring(n: int, actors: int) -> float:
    async def main() -> float:
        t = time.perf_counter()
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        nodes = [_Node(i, done.set_result) for i in range(actors)]
        for i, node in enumerate(nodes):
            node.next = nodes[(i + 1) % actors]
        nodes[0].tell(nodes[0].pass_, n)
        stopped = await _finish(list(nodes), done)
        dt = time.perf_counter() - t
        assert stopped == n % actors
        return dt

    return float(_run(main))


def fork_join_throughput(n: int, k: int) -> float:
    async def main() -> float:
        t = time.perf_counter()
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        total = [0, 0]

        class Worker(AActor):
            seen = 0

            def work(self) -> None:
                self.seen += 1
                if self.seen == n:
                    total[0] += 1
                    total[1] += self.seen
                    if total[0] == k:
                        done.set_result(total[1])

        workers = [Worker() for _ in range(k)]
        for _ in range(n):
            for w in workers:
                w.tell(w.work)
        seen = await _finish(list(workers), done)
        dt = time.perf_counter() - t
        assert seen == n * k
        return dt

    return float(_run(main))


def fork_join_creation(n: int) -> float:
    """Each child is a task with a queue; it replies to the sink once from
    its constructor and stays alive (idle) until the run ends."""

    async def main() -> float:
        t = time.perf_counter()
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Sink(AActor):
            count = 0

            def ready(self) -> None:
                self.count += 1
                if self.count == n:
                    done.set_result(self.count)

        class Child(AActor):
            def __init__(self, sink: Sink) -> None:
                super().__init__()
                self.tell(self.create, sink)

            def create(self, sink: Sink) -> None:
                sink.tell(sink.ready)

        sink = Sink()
        children = [Child(sink) for _ in range(n)]
        count = await _finish([sink, *children], done)
        dt = time.perf_counter() - t
        assert count == n
        return dt

    return float(_run(main))


def actor_creation(n: int) -> float:
    """Create n actors (task + queue), each runs its constructor message;
    the run ends once all have run it."""

    async def main() -> float:
        t = time.perf_counter()
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        created = [0]

        class Cell(AActor):
            def create(self, i: int) -> None:
                self.id = i
                created[0] += 1
                if created[0] == n:
                    done.set_result(n)

        cells = []
        for i in range(n):
            c = Cell()
            c.tell(c.create, i)
            cells.append(c)
        await _finish(cells, done)
        return time.perf_counter() - t

    return float(_run(main))


def big(n: int, workers: int) -> float:
    async def main() -> float:
        t = time.perf_counter()
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        finished = [0]

        class Worker(AActor):
            def __init__(self, i: int) -> None:
                super().__init__()
                self.left, self.pings, self.seed = n, 0, _seed(i)

            def ping(self, sender: Worker) -> None:
                self.pings += 1
                sender.tell(sender.pong)

            def pong(self) -> None:
                self.left -= 1
                if self.left > 0:
                    self.send_ping()
                else:
                    finished[0] += 1
                    if finished[0] == workers:
                        done.set_result(sum(w.pings for w in ws))

            def send_ping(self) -> None:
                self.seed = x = _xorshift(self.seed)
                peer = ws[x % workers]
                peer.tell(peer.ping, self)

        ws = [Worker(i) for i in range(workers)]
        for w in ws:
            w.tell(w.send_ping)
        pings = await _finish(list(ws), done)
        dt = time.perf_counter() - t
        assert pings == n * workers
        return dt

    return float(_run(main))


def latency(n: int, tokens: int, actors: int, period: int) -> list[int]:
    async def main() -> list[int]:
        now = time.perf_counter_ns
        done: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()

        class Sink(AActor):
            finished = 0
            delays: list[int] = []  # noqa: RUF012 (replaced per instance below)

            def probe(self, sent: int) -> None:
                self.delays.append(now() - sent)

            def token_done(self) -> None:
                self.finished += 1
                if self.finished == tokens:
                    done.set_result(self.delays)

        class Node(AActor):
            next: Node

            def pass_(self, hops: int) -> None:
                if hops % period == 0:
                    sink.tell(sink.probe, now())
                if hops > 0:
                    nxt = self.next
                    nxt.tell(nxt.pass_, hops - 1)
                else:
                    sink.tell(sink.token_done)

        sink = Sink()
        sink.delays = []
        nodes = [Node() for _ in range(actors)]
        for i, node in enumerate(nodes):
            node.next = nodes[(i + 1) % actors]
        for i in range(tokens):
            node = nodes[i * actors // tokens]
            node.tell(node.pass_, n)
        result: list[int] = await _finish([sink, *nodes], done)
        return result

    delays: list[int] = _run(main)
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

"""Plain Python: the cost floor of a message, and no messages at all.

`bare loop`: per-actor deque mailboxes on a run queue, batch 100, every send
written inline at its call site (no `send` function, no behaviour method):
the loop and the ping-pong and counting workloads are `bench/runtime_msgs.py`'s
anchor, reused as is; the other workloads follow the same pattern.

`method call`: the same work done by calling methods directly (the floor
without any queue; the latency of a direct call is not a delivery latency,
so it has no latency run).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from runtime_msgs import Bare, bare_counting, bare_loop, bare_pingpong


def _xorshift(x: int) -> int:
    x ^= (x << 13) & 0xFFFF_FFFF_FFFF_FFFF
    x ^= x >> 7
    x ^= (x << 17) & 0xFFFF_FFFF_FFFF_FFFF
    return x


def _seed(i: int) -> int:
    return (i * 2_654_435_761 + 1) & 0xFFFF_FFFF_FFFF_FFFF


# --- bare loop ----------------------------------------------------------------


class Node(Bare):
    __slots__ = ("next",)


def bare_thread_ring(n: int, actors: int) -> float:
    t = time.perf_counter()
    runq: deque[Bare] = deque()
    nodes = [Node() for _ in range(actors)]
    for i, node in enumerate(nodes):
        node.n = i
        node.next = nodes[(i + 1) % actors]
    stopped: list[int] = []

    def on_pass(self: Node, hops: int) -> None:
        if hops > 0:
            nxt = self.next
            nxt.q.append(on_pass)
            nxt.q.append((hops - 1,))
            if not nxt.sched:
                nxt.sched = True
                runq.append(nxt)
        else:
            stopped.append(self.n)

    first = nodes[0]
    first.q.append(on_pass)
    first.q.append((n,))
    first.sched = True
    runq.append(first)
    bare_loop(runq)
    dt = time.perf_counter() - t
    assert stopped == [n % actors], stopped
    return dt


def bare_fork_join_throughput(n: int, k: int) -> float:
    t = time.perf_counter()
    runq: deque[Bare] = deque()
    sink = Bare()
    workers = [Bare() for _ in range(k)]

    def done(self: Bare, seen: int) -> None:
        self.n += seen

    def work(self: Bare) -> None:
        self.n += 1
        if self.n == n:
            sink.q.append(done)
            sink.q.append((self.n,))
            if not sink.sched:
                sink.sched = True
                runq.append(sink)

    def main(_: Bare) -> None:
        for _i in range(n):
            for w in workers:
                w.q.append(work)
                w.q.append(())
                if not w.sched:
                    w.sched = True
                    runq.append(w)

    driver = Bare()
    driver.q.append(main)
    driver.q.append(())
    driver.sched = True
    runq.append(driver)
    bare_loop(runq)
    dt = time.perf_counter() - t
    assert sink.n == n * k, sink.n
    return dt


def _bare_spawn(runq: deque[Bare], ctor: Callable[..., None], args: tuple[Any, ...]) -> Bare:
    a = Bare()
    a.q.append(ctor)
    a.q.append(args)
    a.sched = True
    runq.append(a)
    return a


def bare_fork_join_creation(n: int) -> float:
    t = time.perf_counter()
    runq: deque[Bare] = deque()
    sink = Bare()

    def ready(self: Bare) -> None:
        self.n += 1

    def child(self: Bare, s: Bare) -> None:
        s.q.append(ready)
        s.q.append(())
        if not s.sched:
            s.sched = True
            runq.append(s)

    def main(_: Bare) -> None:
        for _i in range(n):
            _bare_spawn(runq, child, (sink,))

    _bare_spawn(runq, main, ())
    bare_loop(runq)
    dt = time.perf_counter() - t
    assert sink.n == n, sink.n
    return dt


class Cell:
    """An actor whose mailbox exists only while it has messages (the shape
    the runtime uses: `q` is None when idle)."""

    __slots__ = ("id", "q")

    def __init__(self) -> None:
        self.q: deque[Any] | None = None


def _lazy_loop(runq: deque[Any]) -> None:
    """`bare_loop` for actors with lazily created mailboxes."""
    while runq:
        a = runq.popleft()
        q = a.q
        pop = q.popleft
        for _ in range(100):
            fn = pop()
            fn(a, *pop())
            if not q:
                a.q = None
                break
        else:
            runq.append(a)


def bare_actor_creation(n: int) -> float:
    t = time.perf_counter()
    runq: deque[Any] = deque()

    def create(self: Cell, i: int) -> None:
        self.id = i

    def main(_: Cell) -> None:
        for i in range(n):
            c = Cell()
            c.q = q = deque()
            q.append(create)
            q.append((i,))
            runq.append(c)

    m = Cell()
    m.q = deque([main, ()])
    runq.append(m)
    _lazy_loop(runq)
    return time.perf_counter() - t


class Worker(Bare):
    __slots__ = ("left", "peers", "pings", "seed")


def bare_big(n: int, workers: int) -> float:
    t = time.perf_counter()
    runq: deque[Bare] = deque()
    sink = Bare()
    ws = [Worker() for _ in range(workers)]

    def done(self: Bare, ident: int) -> None:
        self.n += 1

    def pong(self: Worker) -> None:
        self.left -= 1
        if self.left > 0:
            send_ping(self)
        else:
            sink.q.append(done)
            sink.q.append((self.n,))
            if not sink.sched:
                sink.sched = True
                runq.append(sink)

    def ping(self: Worker, sender: Worker) -> None:
        self.pings += 1
        sender.q.append(pong)
        sender.q.append(())
        if not sender.sched:
            sender.sched = True
            runq.append(sender)

    def send_ping(self: Worker) -> None:
        self.seed = x = _xorshift(self.seed)
        peer = ws[x % workers]
        peer.q.append(ping)
        peer.q.append((self,))
        if not peer.sched:
            peer.sched = True
            runq.append(peer)

    for i, w in enumerate(ws):
        w.n, w.left, w.pings, w.seed = i, n, 0, _seed(i)
        w.q.append(send_ping)
        w.q.append(())
        w.sched = True
        runq.append(w)
    bare_loop(runq)
    dt = time.perf_counter() - t
    assert sink.n == workers and sum(w.pings for w in ws) == n * workers
    return dt


def bare_latency(n: int, tokens: int, actors: int, period: int) -> list[int]:
    runq: deque[Bare] = deque()
    now = time.perf_counter_ns
    sink = Bare()
    delays: list[int] = []
    nodes = [Node() for _ in range(actors)]
    for i, node in enumerate(nodes):
        node.next = nodes[(i + 1) % actors]

    def probe(self: Bare, sent: int) -> None:
        delays.append(now() - sent)

    def token_done(self: Bare) -> None:
        self.n += 1

    def on_pass(self: Node, hops: int) -> None:
        if hops % period == 0:
            sink.q.append(probe)
            sink.q.append((now(),))
            if not sink.sched:
                sink.sched = True
                runq.append(sink)
        if hops > 0:
            nxt = self.next
            nxt.q.append(on_pass)
            nxt.q.append((hops - 1,))
            if not nxt.sched:
                nxt.sched = True
                runq.append(nxt)
        else:
            sink.q.append(token_done)
            sink.q.append(())
            if not sink.sched:
                sink.sched = True
                runq.append(sink)

    for i in range(tokens):
        node = nodes[i * actors // tokens]
        node.q.append(on_pass)
        node.q.append((n,))
        if not node.sched:
            node.sched = True
            runq.append(node)
    bare_loop(runq)
    assert sink.n == tokens
    return delays


# --- direct method calls --------------------------------------------------------


class CallPing:
    __slots__ = ("left",)

    def pong(self, p: CallPong) -> None:
        self.left -= 1


class CallPong:
    __slots__ = ("pings",)

    def ping(self, sender: CallPing) -> None:
        self.pings += 1


def call_ping_pong(n: int) -> float:
    t = time.perf_counter()
    ping, pong = CallPing(), CallPong()
    ping.left, pong.pings = n, 0
    for _ in range(n):
        pong.ping(ping)
        ping.pong(pong)
    dt = time.perf_counter() - t
    assert pong.pings == n and ping.left == 0
    return dt


class CallCounter:
    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0

    def increment(self) -> None:
        self.count += 1


def call_counting(n: int) -> float:
    t = time.perf_counter()
    c = CallCounter()
    inc = c.increment  # what a tight Python loop would write
    for _ in range(n):
        inc()
    dt = time.perf_counter() - t
    assert c.count == n
    return dt


class CallNode:
    __slots__ = ("id", "next")

    def pass_(self, hops: int) -> CallNode:
        return self.next


def call_thread_ring(n: int, actors: int) -> float:
    t = time.perf_counter()
    nodes = [CallNode() for _ in range(actors)]
    for i, node in enumerate(nodes):
        node.id, node.next = i, nodes[(i + 1) % actors]
    node = nodes[0]
    for hops in range(n, 0, -1):
        node = node.pass_(hops)
    dt = time.perf_counter() - t
    assert node.id == n % actors
    return dt


def call_fork_join_throughput(n: int, k: int) -> float:
    t = time.perf_counter()
    workers = [CallCounter() for _ in range(k)]
    for _ in range(n):
        for w in workers:
            w.increment()
    dt = time.perf_counter() - t
    assert sum(w.count for w in workers) == n * k
    return dt


class CallChild:
    __slots__ = ()

    def __init__(self, sink: CallCounter) -> None:
        sink.increment()


def call_fork_join_creation(n: int) -> float:
    t = time.perf_counter()
    sink = CallCounter()
    for _ in range(n):
        CallChild(sink)
    dt = time.perf_counter() - t
    assert sink.count == n
    return dt


class CallCell:
    __slots__ = ("id",)

    def __init__(self, i: int) -> None:
        self.id = i


def call_actor_creation(n: int) -> float:
    t = time.perf_counter()
    for i in range(n):
        CallCell(i)
    return time.perf_counter() - t


class CallWorker:
    __slots__ = ("left", "pings", "seed")

    def ping(self, sender: CallWorker) -> None:
        self.pings += 1
        sender.pong()

    def pong(self) -> None:
        self.left -= 1


def call_big(n: int, workers: int) -> float:
    t = time.perf_counter()
    ws = [CallWorker() for _ in range(workers)]
    for i, w in enumerate(ws):
        w.left, w.pings, w.seed = n, 0, _seed(i)
    for w in ws:
        for _ in range(n):
            w.seed = x = _xorshift(w.seed)
            ws[x % workers].ping(w)
    dt = time.perf_counter() - t
    assert sum(w.pings for w in ws) == n * workers
    return dt


BARE: dict[str, Callable[..., Any]] = {
    "ping-pong": bare_pingpong,
    "counting": bare_counting,
    "thread-ring": bare_thread_ring,
    "fork-join-throughput": bare_fork_join_throughput,
    "fork-join-creation": bare_fork_join_creation,
    "big": bare_big,
    "actor-creation": bare_actor_creation,
    "latency": bare_latency,
}

CALL: dict[str, Callable[..., Any]] = {
    "ping-pong": call_ping_pong,
    "counting": call_counting,
    "thread-ring": call_thread_ring,
    "fork-join-throughput": call_fork_join_throughput,
    "fork-join-creation": call_fork_join_creation,
    "big": call_big,
    "actor-creation": call_actor_creation,
}

"""Memory per idle actor: resident memory (RSS) grown by creating `n` actors
that then sit idle, divided by `n`.

Place: called by `bench/child.py` for the `idle-memory` job, in a process of
its own per run (so the figure is not hidden by memory an earlier run freed
but the allocator kept). RSS is read from /proc/self/statm, after a full
collection, before the actors exist and once all of them have run their
constructor and are idle; what holds them (a list, an `Array`) is counted
too: 8 bytes a slot.

capdsl's program (`bench/savina/idle_actors.cap`) creates its actors
`batch` at a time (see there why) and stops at two `@input`
checkpoints; here `input` is replaced before the program is loaded, so each
checkpoint reads the RSS instead of waiting for a line.
"""

from __future__ import annotations

import asyncio
import builtins
import gc
import os
from collections import deque
from collections.abc import Callable
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss() -> int:
    """This process's resident memory in bytes, after a full collection."""
    gc.collect()
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE


def capdsl_idle(n: int, batch: int) -> float:
    from systems.capdsl_sys import load

    marks: dict[str, int] = {}

    def checkpoint(prompt: str = "") -> str:
        marks[prompt.split()[-1]] = rss()
        return ""

    builtins.input = checkpoint  # bound by the program's `use @input` when it loads
    run = load("idle_actors")
    _, _, out = run([str(n), str(batch)])
    assert out.strip() == f"{n} idle actors", out
    return (marks["idle"] - marks["start"]) / n


def bare_idle(n: int, batch: int) -> float:
    """The bare loop's actor: two slots, its deque created on its first
    message and dropped when empty (plain.Cell and plain._lazy_loop); the
    constructors run `batch` at a time, as capdsl's program does."""
    from systems.plain import Cell, _lazy_loop

    def create(self: Cell, i: int) -> None:
        self.id = i

    before = rss()
    runq: deque[Any] = deque()
    cells = [Cell() for _ in range(n)]
    for i, c in enumerate(cells):
        c.q = deque([create, (i,)])
        runq.append(c)
        if len(runq) >= batch:
            _lazy_loop(runq)
    _lazy_loop(runq)
    assert all(c.q is None for c in cells)
    return (rss() - before) / n


def call_idle(n: int, batch: int) -> float:
    from systems.plain import CallCell

    before = rss()
    cells = [CallCell(i) for i in range(n)]
    after = rss()
    assert len(cells) == n
    return (after - before) / n


def asyncio_idle(n: int, batch: int) -> float:
    import uvloop
    from systems.aio import AActor

    async def main() -> float:
        before = rss()
        actors = [AActor() for _ in range(n)]
        await asyncio.sleep(0.01)  # every task reaches its first `await get()`
        after = rss()
        for a in actors:
            a.task.cancel()
        await asyncio.gather(*(a.task for a in actors), return_exceptions=True)
        return (after - before) / n

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main())


def pykka_idle(n: int, batch: int) -> float:
    import pykka  # type: ignore[import-not-found, unused-ignore]
    from systems.pykka_sys import PActor

    before = rss()
    refs = [PActor.start() for _ in range(n)]
    for ref in refs:  # each has started and waits on its inbox
        assert ref.is_alive()
    after = rss()
    pykka.ActorRegistry.stop_all()
    return (after - before) / n


def thespian_idle(n: int, batch: int) -> float:
    from systems.thespian_sys import CellMaker, _system

    asys = _system("simpleSystemBase")
    try:
        maker = asys.createActor(CellMaker)
        before = rss()
        count = asys.ask(maker, ("start", n), 600)
        after = rss()
    finally:
        asys.shutdown()
    assert count == n, count
    return (after - before) / n


IDLE: dict[str, Callable[[int, int], float]] = {
    # (n, batch): `batch` is how many constructors may wait at once where the
    # system queues them (capdsl, bare loop); the others create directly.
    "capdsl": capdsl_idle,
    "bare-loop": bare_idle,
    "method-call": call_idle,
    "asyncio": asyncio_idle,
    "pykka": pykka_idle,
    "thespian": thespian_idle,
}

"""Using compiled actors from Python: load a `.cap` program, run its actors
in a background runtime, send them behaviours from Python threads and wait
for their replies, blocking or with asyncio.

    .venv/bin/python examples/embed_counter.py
"""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path
from typing import Any

import capdsl

HERE = Path(__file__).resolve().parent


async def describe(rt: capdsl.Runtime, counter: Any) -> str:
    """Ask from asyncio: `await` a promise the actor fulfils."""
    reply: capdsl.Promise[str] = rt.promise()
    counter.describe(reply)
    return await reply


def main() -> int:
    prog = capdsl.load(HERE / "embed_counter.cap")  # checked, compiled, cached
    print("sum of squares to 10:", prog.Squares.sum(10))  # a primitive: a plain call

    with capdsl.Runtime() as rt:
        hits = prog.Counter.create("hits")  # Pony's `Counter("hits")`

        def click() -> None:
            for _ in range(1000):
                hits.add(1)  # a behaviour: queued for the actor, returns at once

        threads = [threading.Thread(target=click) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        total: capdsl.Promise[int] = rt.promise()
        hits.get(total)
        print("hits:", total.result(timeout=5))
        print(asyncio.run(describe(rt, hits)))

        status = rt.run_main(prog.Main)  # the whole program, as `capdsl run` runs it
    return status


if __name__ == "__main__":
    sys.exit(main())

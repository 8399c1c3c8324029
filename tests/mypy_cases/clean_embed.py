"""Correct code: nothing reported. The worked example of the README's section
"Using compiled actors from Python" (run with the stubs of examples/embed_counter.cap
and tests/mypy_cases/buffers.cap on mypy's path)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import capdsl
from capdsl.caps import Iso, Tag, Val, consume

if TYPE_CHECKING:  # mypy reads the stubs from `capdsl stubs`
    import buffers
    import embed_counter
else:  # at run time the programs themselves are loaded
    HERE = Path(__file__).resolve().parent
    buffers = capdsl.load(HERE / "buffers.cap")
    embed_counter = capdsl.load(HERE.parents[1] / "examples" / "embed_counter.cap")


def fill(n: int) -> Iso[buffers.Buf]:
    buf = buffers.Buf.create()  # a class's default constructor: Iso[Buf]
    for i in range(n):
        buf.push(i)  # fun ref: fine on an Iso
    return buf


def count_to(n: int) -> int:
    with capdsl.Runtime() as rt:
        counter: Tag[embed_counter.Counter] = embed_counter.Counter.create("hits")
        for i in range(n):
            counter.add(i)  # a behaviour, called on a Tag
        total: capdsl.Promise[int] = rt.promise()
        counter.get(total)  # a Promise stands for the reply interface
        return total.result(timeout=5)


def hand_over(sink: Tag[buffers.Sink], frozen: Val[buffers.Buf]) -> None:
    buf = fill(3)
    print(buf.total())  # fun box: reads through the Iso
    sink.take(consume(buf))  # the Iso moves to the actor
    sink.keep(frozen)  # a Val is shared
    sink.ping(buffers.Limits.most())  # a primitive's function


def main() -> None:
    print(count_to(10), embed_counter.Squares.sum(3))
    with capdsl.Runtime():
        first = buffers.Buf.create()
        sink = buffers.Sink.create(buffers.Cell.create().fixed)
        hand_over(sink, buffers.Cell.create().fixed)
        print(first.total())


if __name__ == "__main__":
    main()

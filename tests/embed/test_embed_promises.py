"""Promises Python waits on: blocking with a timeout, asyncio, rejection,
values converted for Python, and failure when the runtime ends first."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import COUNTER, write

import capdsl
from capdsl.embed import CapModule
from runtime import embed
from runtime.builtins import String


@pytest.fixture
def m(tmp_path: Path) -> CapModule:
    return capdsl.load(write(tmp_path, "counter.cap", COUNTER))


ASK = """
    interface tag Answer
      be apply(value: (U8 | String | (U64, String)))

    interface tag Refusal
      be reject()

    actor Oracle
      new create() => None
      be small(reply: Answer) => reply(U8(3))
      be text(reply: Answer) => reply("forty-two")
      be pair(reply: Answer) => reply((U64(1), "one"))
      be refuse(reply: Refusal) => reply.reject()
      be never(reply: Answer) => None
"""


@pytest.fixture
def oracle(tmp_path: Path) -> CapModule:
    return capdsl.load(write(tmp_path, "oracle.cap", ASK))


def test_values_come_back_as_python_values(oracle: CapModule) -> None:
    with capdsl.Runtime() as rt:
        o = oracle.Oracle.create()
        results = []
        for ask in (o.small, o.text, o.pair):
            p = rt.promise()
            ask(p)
            results.append(p.result(timeout=10))
    assert results == [3, "forty-two", (1, "one")]
    assert [type(r) for r in results[:2]] == [int, str]  # unboxed, not a Pony String


def test_reject(oracle: CapModule) -> None:
    with capdsl.Runtime() as rt:
        p = rt.promise()
        oracle.Oracle.create().refuse(p)
        with pytest.raises(capdsl.PromiseRejected):
            p.result(timeout=10)


def test_timeout(oracle: CapModule) -> None:
    with capdsl.Runtime() as rt:
        p = rt.promise()
        oracle.Oracle.create().never(p)
        with pytest.raises(TimeoutError):
            p.result(timeout=0.05)
        assert not p.done()


def test_first_completion_wins() -> None:
    p: capdsl.Promise[Any] = capdsl.Promise()  # no runtime needed
    p.apply(String("a"))
    p.apply("b")
    p.reject()
    assert p.done() and p.result() == "a"


def test_await_in_asyncio(m: CapModule) -> None:
    async def main(rt: capdsl.Runtime) -> list[int]:
        counters = [m.Counter.create(n) for n in range(5)]
        promises: list[capdsl.Promise[int]] = []
        for c in counters:
            p: capdsl.Promise[int] = rt.promise()
            c.get(p)
            promises.append(p)
        return list(await asyncio.gather(*promises))

    with capdsl.Runtime() as rt:
        assert asyncio.run(main(rt)) == [0, 1, 2, 3, 4]


def test_await_timeout_in_asyncio(oracle: CapModule) -> None:
    async def main(rt: capdsl.Runtime) -> None:
        p = rt.promise()
        oracle.Oracle.create().never(p)
        await asyncio.wait_for(p, 0.05)

    with capdsl.Runtime() as rt, pytest.raises(TimeoutError):
        asyncio.run(main(rt))


def test_pending_promise_fails_when_the_runtime_ends(oracle: CapModule) -> None:
    with capdsl.Runtime() as rt:
        p = rt.promise()
        oracle.Oracle.create().never(p)
    with pytest.raises(capdsl.RuntimeStopped, match="ended before this promise"):
        p.result(timeout=10)


def test_pending_promise_fails_with_the_fault(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "f.cap", """
        use @int[I64](s: String)
        interface tag Reply
          be apply(v: I64)
        actor A
          new create() => None
          be parse(s: String, r: Reply) => r(@int(s))
    """))
    with capdsl.Runtime() as rt:
        p = rt.promise()
        m.A.create().parse("x", p)
        with pytest.raises(capdsl.ActorFault, match="behaviour parse") as info:
            p.result(timeout=10)
        assert info.value.lineno == 6
    # raised once through the promise: leaving the block does not raise it again


def test_awaited_fault(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "f.cap", """
        use @int[I64](s: String)
        interface tag Reply
          be apply(v: I64)
        actor A
          new create() => None
          be parse(s: String, r: Reply) => r(@int(s))
    """))

    async def main(rt: capdsl.Runtime) -> object:
        p = rt.promise()
        m.A.create().parse("x", p)
        return await p

    with capdsl.Runtime() as rt, pytest.raises(capdsl.ActorFault):
        asyncio.run(main(rt))


class FakePonyPromise:
    """The part of runtime.promises.Promise the bridge uses: `observe`,
    which must be called on the scheduler thread."""

    def __init__(self) -> None:
        self.threads: list[int] = []
        self.callbacks: tuple[Any, Any] | None = None

    def observe(self, on_value: Any, on_reject: Any) -> None:
        self.threads.append(threading.get_ident())
        self.callbacks = (on_value, on_reject)


def test_bridge_observes_on_the_scheduler_thread() -> None:
    fake = FakePonyPromise()
    with capdsl.Runtime() as rt:
        waiter = rt.bridge(fake)
        assert rt.wait_idle(timeout=10)
        assert fake.threads == [rt._thread.ident if rt._thread else None]
        assert fake.callbacks is not None
        fake.callbacks[0](String("done"))
        assert waiter.result(timeout=10) == "done"
        rejected = rt.bridge(fake)
        rt.wait_idle(timeout=10)
        fake.callbacks[1]()
        with pytest.raises(capdsl.PromiseRejected):
            rejected.result(timeout=10)


def test_marshalling_rules() -> None:
    assert type(embed.to_pony("s")) is String
    assert list(embed.to_pony(b"\x01\x02")) == [1, 2]
    assert embed.to_pony((1, "a"))[1] == String("a")
    assert embed.to_python((String("a"), 1)) == ("a", 1)


PONY_PROMISES = """
    use "promises"

    actor Counter
      var _n: U64
      new create(n: U64) => _n = n
      be inc() => _n = _n + 1
      fun tag ask(): Promise[U64] =>
        let p = Promise[U64]
        _answer(p)
        p
      fun tag describe(): Promise[String] =>
        let p = Promise[String]
        _describe(p)
        p
      be _answer(p: Promise[U64]) => p(_n)
      be _describe(p: Promise[String]) => p("at " + _n.string())
      be refuse(p: Promise[U64]) => p.reject()
"""


def test_pony_promise_result_and_await(tmp_path: Path) -> None:
    """A `Promise` of the promises package, made by a `fun tag` called on a
    Python thread, is waited on with `result` or `await`."""
    m = capdsl.load(write(tmp_path, "ask.cap", PONY_PROMISES))

    async def main(c: Any) -> tuple[int, str]:
        c.inc()
        return await c.ask(), await c.describe()

    with capdsl.Runtime() as rt:
        c = m.Counter.create(41)
        c.inc()
        assert c.ask().result(timeout=10) == 42
        assert asyncio.run(main(c)) == (43, "at 43")
        p = c.ask()
        c.inc()
        assert rt.bridge(p).result(timeout=10) == 43
        answered = c.ask()
        c.refuse(answered)  # answered first: the first completion wins
        assert answered.result(timeout=10) == 44


def test_pony_promise_needs_a_runtime(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "ask.cap", PONY_PROMISES))
    with capdsl.Runtime():
        c = m.Counter.create(1)
        p = c.ask()
        assert p.result(timeout=10) == 1
    with pytest.raises(capdsl.RuntimeStopped):
        p.result(timeout=1)


def test_pony_promises_keep_plain_sends_outside_a_runtime() -> None:
    import runtime.promises as rp
    from runtime import actor

    with capdsl.Runtime():
        assert vars(rp)["send"] is embed.send_any
    assert vars(rp)["send"] is actor.send and vars(rp)["spawn"] is actor.spawn

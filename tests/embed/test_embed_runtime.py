"""capdsl.Runtime: actors in a background thread, driven from Python threads;
quiescence, shutdown without losing a message, stop, and faults raised in the
Python caller."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from conftest import COUNTER, write

import capdsl
from capdsl.embed import CapModule
from runtime import embed, program


@pytest.fixture
def m(tmp_path: Path) -> CapModule:
    return capdsl.load(write(tmp_path, "counter.cap", COUNTER))


def value(rt: capdsl.Runtime, actor: object) -> int:
    p: capdsl.Promise[int] = rt.promise()
    actor.get(p)  # type: ignore[attr-defined]
    return p.result(timeout=10)


def test_pony_style_constructor_and_behaviours(m: CapModule) -> None:
    with capdsl.Runtime() as rt:
        c = m.Counter.create(5)  # Pony: Counter(5)
        c.inc(1)
        c.inc(2)
        assert value(rt, c) == 8
        assert value(rt, m.Counter.from_ten()) == 10


def test_rt_spawn_spelling(m: CapModule) -> None:
    with capdsl.Runtime() as rt:
        assert value(rt, rt.spawn(m.Counter, 7)) == 7
        assert value(rt, rt.spawn(m.Counter, ctor="from_ten")) == 10
        with pytest.raises(TypeError, match="not an actor with a constructor `nope`"):
            rt.spawn(m.Counter, ctor="nope")
        with pytest.raises(TypeError):
            rt.spawn(m.Box2, 1)  # a class, not an actor


def test_strings_cross_as_str(m: CapModule) -> None:
    with capdsl.Runtime() as rt:
        p: capdsl.Promise[str] = rt.promise()
        m.Counter.create(0).greet("zoë", p)
        assert p.result(timeout=10) == "hello zoë 4"  # a Pony String: 4 bytes


def test_wait_idle_sees_every_earlier_send(m: CapModule) -> None:
    with capdsl.Runtime() as rt:
        c = m.Counter.create(0)
        for _ in range(1000):
            c.inc(1)
        assert rt.wait_idle(timeout=10) is True
        assert c._n == 1000  # quiescent: safe to peek at the state


def test_sends_from_many_threads_are_all_delivered(m: CapModule) -> None:
    with capdsl.Runtime() as rt:
        c = m.Counter.create(0)
        start = threading.Barrier(4)

        def hammer() -> None:
            start.wait()
            for _ in range(2500):
                c.inc(1)

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert value(rt, c) == 10_000


def test_close_runs_everything_already_sent(m: CapModule) -> None:
    rt = capdsl.Runtime().start()
    c = m.Counter.create(0)
    for _ in range(5000):
        c.inc(1)
    rt.close()  # no wait_idle: closing itself must not lose a message
    assert c._n == 5000
    assert not rt.running
    with pytest.raises(capdsl.RuntimeStopped, match="no capdsl runtime is running"):
        c.inc(1)


def test_no_runtime_is_a_clear_error(m: CapModule) -> None:
    with pytest.raises(capdsl.RuntimeStopped, match=r"with capdsl.Runtime\(\) as rt"):
        m.Counter.create(1)


def test_one_runtime_at_a_time() -> None:
    with capdsl.Runtime(), pytest.raises(RuntimeError, match="another capdsl Runtime"):
        capdsl.Runtime().start()
    rt = capdsl.Runtime()
    rt.start()
    rt.close()
    with pytest.raises(RuntimeError, match="only once"):
        rt.start()


def test_runtime_blocks_run_main_and_vice_versa(m: CapModule) -> None:
    with capdsl.Runtime(), pytest.raises(RuntimeError, match="cannot run inside"):
        program.run_main(m.Main, m.Main._c_create, lambda a: a, ["x"])
    assert program._Running.active is False


PINGPONG = """
    use @time.sleep[None](seconds: F64)

    actor Ping
      var _pong: (Pong | None) = None
      var count: U64 = 0
      new create() => None
      be start(p: Pong) =>
        _pong = p
        p.ping(this)
      be pong(p: Pong) =>
        count = count + 1
        p.ping(this)

    actor Pong
      new create() => None
      be ping(p: Ping) => p.pong(this)

    actor Stuck
      new create() => None
      be spin(seconds: F64) =>
        @time.sleep(seconds)
"""


def test_stop_ends_a_program_that_never_quiesces(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "pp.cap", PINGPONG))
    rt = capdsl.Runtime().start()
    ping = m.Ping.create()
    ping.start(m.Pong.create())
    assert rt.wait_idle(timeout=0.2) is False  # ping-pong forever
    abandoned = rt.stop(timeout=10)
    assert abandoned == 1  # the one message always in flight
    assert ping.count > 0 and not rt.running
    with pytest.raises(capdsl.RuntimeStopped):
        rt.wait_idle()


def test_shutdown_timeout_stops_and_raises(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "pp.cap", PINGPONG))
    begun = time.monotonic()
    with pytest.raises(TimeoutError), capdsl.Runtime(shutdown_timeout=0.3):
        m.Ping.create().start(m.Pong.create())
    assert time.monotonic() - begun < 10
    assert embed._Active.runtime is None


def test_leaving_with_an_exception_stops(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "pp.cap", PINGPONG))
    with pytest.raises(KeyError), capdsl.Runtime():
        m.Ping.create().start(m.Pong.create())
        raise KeyError("boom")  # the actors would never finish: stopped, not awaited
    assert embed._Active.runtime is None


def test_close_timeout_leaves_it_running(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "pp.cap", PINGPONG))
    rt = capdsl.Runtime().start()
    m.Stuck.create().spin(0.5)
    with pytest.raises(TimeoutError, match="still busy"):
        rt.close(timeout=0.05)
    assert rt.running
    rt.close(timeout=10)
    assert not rt.running


FAULTY = """
    use @int[I64](s: String)

    actor Parser
      var total: I64 = 0
      new create() => None
      be add(s: String) =>
        total = total + @int(s)
"""


def test_fault_is_raised_in_the_caller_with_cap_location(tmp_path: Path) -> None:
    path = write(tmp_path, "faulty.cap", FAULTY)
    m = capdsl.load(path)
    with capdsl.Runtime() as rt:
        p = m.Parser.create()
        p.add("1")
        p.add("x")
        with pytest.raises(capdsl.ActorFault) as info:
            rt.wait_idle(timeout=10)
        fault = info.value
        assert (fault.filename, fault.lineno) == (str(path), 7)
        assert fault.member == "behaviour Parser.add"
        assert isinstance(fault.exc, ValueError) and fault.__cause__ is fault.exc
        assert str(fault).splitlines() == [
            "error: actor Parser failed in behaviour add: ValueError: invalid literal "
            "for int() with base 10: 'x'",
            f"  {path}:7: in behaviour Parser.add",
            "    total = total + @int(s)"]
        assert not rt.running
        with pytest.raises(capdsl.ActorFault):
            p.add("2")  # the runtime stopped: sends raise the fault too
    # leaving the block does not raise it a second time


def test_unreported_fault_is_raised_by_close(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "faulty.cap", FAULTY))
    with pytest.raises(capdsl.ActorFault, match="behaviour add"), capdsl.Runtime():
        m.Parser.create().add("x")


def test_fault_while_the_block_raises_becomes_a_note(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "faulty.cap", FAULTY))
    with pytest.raises(KeyError) as info, capdsl.Runtime() as rt:
        m.Parser.create().add("x")
        while rt.running:
            time.sleep(0.01)
        raise KeyError("mine")
    assert "behaviour add" in "".join(info.value.__notes__)


def test_run_main_like_capdsl_run(m: CapModule) -> None:
    out = io.BytesIO()
    with capdsl.Runtime() as rt:
        assert rt.run_main(m.Main, ["7"], stdout=out) == 7
        assert rt.run_main(m.Main, stdout=out) == 0
        assert rt.running  # the runtime outlives its programs
    assert out.getvalue() == b"main: 2 args\nmain: 1 args\n"


def test_run_main_fault_reports_and_gives_1(tmp_path: Path) -> None:
    path = write(tmp_path, "crash.cap", """
        use @int[I64](s: String)
        actor Main
          new create(env: Env) =>
            env.out.print("before")
            @int("nope")
    """)
    m = capdsl.load(path)
    out, err = io.BytesIO(), io.BytesIO()
    with capdsl.Runtime() as rt:
        assert rt.run_main(m.Main, stdout=out, stderr=err) == 1
    assert out.getvalue() == b"before\n"
    report = err.getvalue().decode()
    assert report.startswith("error: actor Main failed in constructor create: ValueError")
    assert f"{path}:5: in constructor Main.create" in report


def test_run_main_system_exit(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "exit.cap", """
        use @sys.exit[None](code: I64)
        actor Main
          new create(env: Env) => @sys.exit(4)
    """))
    with capdsl.Runtime() as rt:
        assert rt.run_main(m.Main, stdout=io.BytesIO()) == 4


def test_waiting_inside_an_actor_is_refused(tmp_path: Path) -> None:
    """Python code called by an actor (FFI) that waits for the runtime would
    wait for its own thread: refused at once."""
    holder: dict[str, capdsl.Runtime] = {}
    seen: list[str] = []

    def wait_from_inside() -> None:
        try:
            holder["rt"].wait_idle(timeout=1)
        except RuntimeError as exc:
            seen.append(str(exc))

    import builtins
    builtins._capdsl_test_wait = wait_from_inside  # type: ignore[attr-defined]
    try:
        m = capdsl.load(write(tmp_path, "w.cap", """
            use @_capdsl_test_wait[None]()
            actor W
              new create() => @_capdsl_test_wait()
        """))
        with capdsl.Runtime() as rt:
            holder["rt"] = rt
            m.W.create()
            assert rt.wait_idle(timeout=10)
    finally:
        del builtins._capdsl_test_wait  # type: ignore[attr-defined]
    assert seen and "would wait forever" in seen[0]


def test_idle_is_awaitable(m: CapModule) -> None:
    import asyncio

    async def main(rt: capdsl.Runtime) -> int:
        c = m.Counter.create(1)
        c.inc(41)
        await rt.idle()
        p: capdsl.Promise[int] = rt.promise()
        c.get(p)
        return await p

    with capdsl.Runtime() as rt:
        assert asyncio.run(main(rt)) == 42


def test_timers_keep_the_runtime_busy(tmp_path: Path) -> None:
    """An armed timer is a pending source: wait_idle waits for its last
    firing, and so does close."""
    m = capdsl.load(Path(__file__).resolve().parents[2] / "examples" / "timers.cap")
    out = io.BytesIO()
    with capdsl.Runtime() as rt:
        assert rt.run_main(m.Main, stdout=out, timeout=30) == 0
    expected = (Path(__file__).resolve().parents[2] / "examples" / "timers.out").read_bytes()
    assert out.getvalue() == expected


def test_close_waits_for_timers(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "later.cap", """
        use "time"

        interface tag Reply
          be apply(v: U64)

        class Once is TimerNotify
          let _reply: Reply
          new iso create(reply: Reply) => _reply = reply
          fun ref apply(timer: Timer, count: U64): Bool =>
            _reply(7)
            false

        actor Later
          new create(reply: Reply) =>
            let timers = Timers
            timers(Timer(Once(reply), Nanos.from_millis(300)))
    """))
    p: capdsl.Promise[int] = capdsl.Promise()
    begun = time.monotonic()
    with capdsl.Runtime() as rt:
        m.Later.create(p)
        assert rt.wait_idle(timeout=0.01) is False  # the timer is still set
    assert p.result(timeout=0) == 7
    assert time.monotonic() - begun >= 0.3

"""runtime.timers: Timers, Timer and Time on the runtime, mostly with a fake
clock (the driver's waits jump to the next deadline at once)."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from typing import Any

from runtime import driver, external, scheduler, timers
from runtime.actor import Actor, send, spawn
from runtime.program import run_main
from runtime.timers import FakeClock, Time, Timer, Timers

MS = 1_000_000

Log = list[tuple[int, str, Any]]


class Notify:
    """A TimerNotify that logs (ms since start, name, count or "cancel");
    returns False from its `fires`-th call (never, if None)."""

    def __init__(self, log: Log, name: str, fires: int | None = None,
                 on_fire: Callable[[Notify, Timer], None] | None = None) -> None:
        self.log = log
        self.name = name
        self.fires = fires
        self.on_fire = on_fire
        self.calls = 0
        self.t0 = timers.get_clock().nanos()

    def _now(self) -> int:
        return (timers.get_clock().nanos() - self.t0) // MS

    def apply(self, timer: Timer, count: int) -> bool:
        self.calls += 1
        self.log.append((self._now(), self.name, count))
        if self.on_fire is not None:
            self.on_fire(self, timer)
        return self.fires is None or self.calls < self.fires

    def cancel(self, timer: Timer) -> None:
        self.log.append((self._now(), self.name, "cancel"))


def run() -> None:
    driver.run()
    assert external.pending() == 0
    assert timers.armed() == 0


# ---------------------------------------------------------------- firing

def test_a_one_shot_timer_fires_once_at_its_deadline(clock: FakeClock) -> None:
    log: Log = []
    ts = Timers.create()
    ts.apply(Timer.create(Notify(log, "a"), 10 * MS))
    run()
    assert log == [(10, "a", 1)]  # no cancel call for a timer that is done
    assert clock.slept == 10 * MS


def test_an_interval_timer_fires_until_apply_returns_false(clock: FakeClock) -> None:
    log: Log = []
    Timers.create().apply(Timer.create(Notify(log, "a", fires=3), 5 * MS, 10 * MS))
    run()
    assert log == [(5, "a", 1), (15, "a", 1), (25, "a", 1), (25, "a", "cancel")]


def test_a_one_shot_apply_returning_false_calls_cancel(clock: FakeClock) -> None:
    log: Log = []
    Timers.create().apply(Timer.create(Notify(log, "a", fires=1), 3 * MS))
    run()
    assert log == [(3, "a", 1), (3, "a", "cancel")]


def test_count_is_the_number_of_expirations_since_the_last_call(clock: FakeClock) -> None:
    log: Log = []

    def stall(n: Notify, timer: Timer) -> None:
        if n.calls == 1:
            clock.advance(35 * MS)  # a slow turn: 3 more expirations pass

    Timers.create().apply(Timer.create(Notify(log, "a", fires=3, on_fire=stall),
                                       10 * MS, 10 * MS))
    run()
    # fired at 10; stalled to 45: the expirations at 20, 30, 40 count as 3;
    # the next one is at 50.
    assert log == [(10, "a", 1), (45, "a", 3), (50, "a", 1), (50, "a", "cancel")]


def test_an_expired_timer_fires_when_it_is_set(clock: FakeClock) -> None:
    log: Log = []
    Timers.create().apply(Timer.create(Notify(log, "a", fires=2), 0, 7 * MS))
    run()
    assert log == [(0, "a", 1), (7, "a", 1), (7, "a", "cancel")]


def test_expiration_counts_from_the_timers_creation(clock: FakeClock) -> None:
    log: Log = []
    timer = Timer.create(Notify(log, "a"), 10 * MS)
    clock.advance(4 * MS)  # before it is given to a Timers
    Timers.create().apply(timer)
    run()
    assert log == [(10, "a", 1)]
    assert clock.slept == 6 * MS


# ---------------------------------------------------------------- cancelling

def test_timers_cancel_calls_the_notify_cancel_once(clock: FakeClock) -> None:
    log: Log = []
    ts = Timers.create()

    def cancel_on_second(n: Notify, timer: Timer) -> None:
        if n.calls == 2:
            ts.cancel(timer)
            ts.cancel(timer)  # a second cancel finds nothing

    ts.apply(Timer.create(Notify(log, "a", on_fire=cancel_on_second), 10 * MS, 10 * MS))
    run()
    assert log == [(10, "a", 1), (20, "a", 1), (20, "a", "cancel")]


def test_cancel_before_the_deadline_ends_the_program_at_once(clock: FakeClock) -> None:
    log: Log = []
    ts = Timers.create()
    timer = Timer.create(Notify(log, "a"), 1_000 * MS)
    ts.apply(timer)
    ts.cancel(timer)
    run()
    assert log == [(0, "a", "cancel")]
    assert clock.slept == 0


def test_cancel_of_a_timer_held_elsewhere_does_nothing(clock: FakeClock) -> None:
    log: Log = []
    mine, other = Timers.create(), Timers.create()
    timer = Timer.create(Notify(log, "a"), 10 * MS)
    mine.apply(timer)
    other.cancel(timer)
    run()
    assert log == [(10, "a", 1)]


def test_dispose_cancels_every_timer_in_deadline_order(clock: FakeClock) -> None:
    log: Log = []
    ts = Timers.create()
    for name, ms in (("c", 30), ("a", 10), ("b", 20)):
        ts.apply(Timer.create(Notify(log, name), ms * MS, ms * MS))
    ts.dispose()
    run()
    assert log == [(0, "a", "cancel"), (0, "b", "cancel"), (0, "c", "cancel")]
    assert clock.slept == 0


def test_a_disposed_timers_takes_new_timers(clock: FakeClock) -> None:
    log: Log = []
    ts = Timers.create()
    ts.apply(Timer.create(Notify(log, "a"), 10 * MS))
    ts.dispose()
    ts.apply(Timer.create(Notify(log, "b"), 5 * MS))
    run()
    assert log == [(0, "a", "cancel"), (5, "b", 1)]


# ---------------------------------------------------------------- order

def test_timers_fire_in_deadline_order_ties_in_the_order_set(clock: FakeClock) -> None:
    log: Log = []
    ts = Timers.create()
    for name, ms in (("late", 30), ("first", 10), ("middle", 20), ("second", 10)):
        ts.apply(Timer.create(Notify(log, name), ms * MS))
    run()
    assert log == [(10, "first", 1), (10, "second", 1), (20, "middle", 1), (30, "late", 1)]


def test_order_holds_across_timers_actors(clock: FakeClock) -> None:
    log: Log = []
    one, two = Timers.create(), Timers.create()
    one.apply(Timer.create(Notify(log, "one@20"), 20 * MS))
    two.apply(Timer.create(Notify(log, "two@10"), 10 * MS))
    one.apply(Timer.create(Notify(log, "one@30"), 30 * MS))
    two.apply(Timer.create(Notify(log, "two@30"), 30 * MS))
    run()
    assert [name for _t, name, _c in log] == ["two@10", "one@20", "one@30", "two@30"]


def test_interleaved_intervals_are_deterministic(clock: FakeClock) -> None:
    log: Log = []
    ts = Timers.create()
    ts.apply(Timer.create(Notify(log, "a", fires=4), 3 * MS, 3 * MS))
    ts.apply(Timer.create(Notify(log, "b", fires=2), 6 * MS, 6 * MS))
    run()
    fires = [(t, n) for t, n, c in log if c != "cancel"]
    # Ties go in the order the timers were (re-)armed: b was set at 0, a was
    # re-armed at 3 after firing, so b comes first at 6, and again at 12.
    assert fires == [(3, "a"), (6, "b"), (6, "a"), (9, "a"), (12, "b"), (12, "a")]


# ---------------------------------------------------------------- liveness

class Busy(Actor):
    """Sends itself `n` messages, moving the fake clock 1 µs each."""

    __slots__ = ("_clock", "_done", "_left")

    def _c_create(self, clock: FakeClock, n: int) -> None:
        self._clock = clock
        self._left = n
        self._done = 0

    def _b_step(self) -> None:
        self._clock.advance(1_000)
        self._done += 1
        self._left -= 1
        if self._left:
            send(self, Busy._b_step, ())


def test_timers_fire_while_actors_are_busy(clock: FakeClock) -> None:
    log: Log = []
    busy = spawn(Busy, Busy._c_create, (clock, 40_000))
    send(busy, Busy._b_step, ())
    seen: list[int] = []
    Timers.create().apply(Timer.create(
        Notify(log, "a", on_fire=lambda n, t: seen.append(busy._done)), 10 * MS))
    run()
    assert len(log) == 1
    assert seen[0] < 40_000  # fired between slices, before the busy actor finished
    assert clock.slept == 0


class Main(Actor):
    """A program's Main: sets one timer in its constructor and returns."""

    __slots__ = ()

    def _c_create(self, env: Any) -> None:
        ts = Timers.create()
        ts.apply(Timer.create(Notify(LOG, "main", fires=2), 50 * MS, 50 * MS))


LOG: Log = []


def test_a_program_lives_until_its_timers_are_done_then_ends(clock: FakeClock) -> None:
    LOG.clear()
    out, err = io.BytesIO(), io.BytesIO()
    status = run_main(Main, Main._c_create, list, ["prog"], stdout=out, stderr=err)
    assert status == 0, err.getvalue()
    assert LOG == [(50, "main", 1), (100, "main", 1), (100, "main", "cancel")]
    assert clock.slept == 100 * MS


def test_a_timers_without_timers_does_not_keep_the_program(clock: FakeClock) -> None:
    Timers.create()
    run()
    assert clock.slept == 0


def test_reset_forgets_armed_timers(clock: FakeClock) -> None:
    ts = Timers.create()
    ts.apply(Timer.create(Notify([], "a"), 10 * MS))
    while scheduler.run_slice():  # run the actors, but don't wait for the deadline
        pass
    assert timers.armed() == 1 and external.pending() == 1
    driver.reset()
    assert timers.armed() == 0 and external.pending() == 0


# ---------------------------------------------------------------- real clock

def test_real_clock_one_shot() -> None:
    log: Log = []
    start = time.monotonic()
    Timers.create().apply(Timer.create(Notify(log, "a"), 20 * MS))
    run()
    elapsed = time.monotonic() - start
    assert [(n, c) for _t, n, c in log] == [("a", 1)]
    assert 0.02 <= elapsed < 2.0


def test_injected_mail_wakes_a_driver_waiting_for_a_deadline() -> None:
    log: Log = []
    ts = Timers.create()
    timer = Timer.create(Notify(log, "far"), 60_000 * MS)  # a minute away
    ts.apply(timer)

    def cancel_soon() -> None:
        time.sleep(0.03)
        external.inject(ts, Timers._b_cancel, (timer,))

    start = time.monotonic()
    thread = threading.Thread(target=cancel_soon)
    thread.start()
    run()
    thread.join()
    assert time.monotonic() - start < 2.0
    assert [(n, c) for _t, n, c in log] == [("far", "cancel")]


# ---------------------------------------------------------------- Time

def test_time_reads_the_clock(clock: FakeClock) -> None:
    clock.now = 12_345_678_901
    assert Time.nanos() == 12_345_678_901
    assert Time.micros() == 12_345_678
    assert Time.millis() == 12_345
    sec, nsec = Time.now()
    assert sec * 1_000_000_000 + nsec == clock.wall()
    assert 0 <= nsec < 1_000_000_000
    assert Time.seconds() == sec
    assert Time.cycles() == 12_345_678_901


def test_real_time_is_monotonic_and_near_the_wall_clock() -> None:
    a = Time.nanos()
    b = Time.nanos()
    assert 0 < a <= b
    assert abs(Time.seconds() - int(time.time())) <= 1
    assert Time.cycles() > 0


def test_an_absolute_timer_expires_at_its_wall_time(clock: FakeClock) -> None:
    log: Log = []
    sec, nsec = Time.now()
    Timers.create().apply(Timer.abs(Notify(log, "a"), (sec, nsec + 25 * MS)))
    run()
    assert log == [(25, "a", 1)]

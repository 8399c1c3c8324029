"""The runtime side of Pony's `time` package: Time, Timer and Timers.

Place: imported by generated code as `_rtt`, only by programs that use
"time" (signatures in `capdsl/stdlib/time/time.cap`; Nanos and TimerNotify
are written there in `.cap`). Importing it installs its timer source in the
driver (`runtime.driver.set_timer_source`).

How timers run
--------------
- One heap per process holds the armed timers as `(deadline, seq, timer)`:
  deadline order, and for equal deadlines the order in which they were
  armed, set or re-armed after firing (`seq` grows), so firing is
  deterministic. A cancelled timer's
  entry stays in the heap, stale (its `seq` no longer matches the timer's),
  and is skipped when it comes up.
- The driver calls `fire_due` between slices and when idle: each due timer
  becomes a `_b_fire` message to its Timers actor, so `notify.apply` runs
  in that actor's turn, as in Pony. The actor recomputes the count from the
  clock (expirations since the last call) and re-arms an interval timer.
  When no actor has work, the driver blocks in `wait_next` until the
  earliest deadline (an injected message still wakes it).
- Keeping the program alive: a Timers actor calls `external.hold()` when
  its first timer is set and `external.release()` when its last one is
  gone (fired for good, cancelled, disposed). While any timer is set the
  program does not end; when none is left and no actor has work, it ends
  (quiescence). A fire message is in a mailbox before the heap entry that
  caused it is gone, so nothing is lost in between.
- The clock: every reading goes through one `Clock` (`set_clock`): the
  timers, `Time.nanos/millis/micros` and Timer's "now + expiration". Tests
  install a `FakeClock`, whose `sleep_until` jumps to the deadline at once.

Semantics as Pony's (packages/time/timer.pony, timers.pony):
- `Timer.create(notify, expiration, interval=0)`: expires `expiration` ns
  after its creation, then every `interval` ns; interval 0 fires once.
- Setting an expired timer fires it in `Timers.apply` itself.
- On a firing, `count = (now - expiration) // interval + 1` (1 when the
  interval is 0) and the next expiration moves `count` intervals on.
  `notify.apply(timer, count)` returning false cancels the timer and calls
  `notify.cancel(timer)`; a one-shot timer that fired is simply done (no
  `cancel` call).
- `Timers.cancel(timer)` of a timer it holds removes it and calls
  `notify.cancel`; of any other timer it does nothing. `dispose()` cancels
  every timer it holds (in deadline order), calling each `notify.cancel`;
  the actor may be given new timers afterwards.

Departures: the `slop` bits are ignored (timers fire at their deadline, not
on a quantised wheel tick), and deadlines don't wrap around at 2**64.
"""

from __future__ import annotations

import heapq
import time as _time
from itertools import count as _count
from typing import Any, Final, Protocol

from runtime import driver, external
from runtime.actor import Actor, send, spawn

_NS: Final = 1_000_000_000
_new = object.__new__


# ---------------------------------------------------------------- clocks

class Clock(Protocol):
    """Where timers and Time read the time, and how the driver waits."""

    def nanos(self) -> int:
        """Monotonic nanoseconds."""
        ...

    def wall(self) -> int:
        """Wall-clock nanoseconds since the Unix epoch."""
        ...

    def sleep_until(self, deadline: int) -> None:
        """Block until `nanos() >= deadline`; may return early when mail is
        injected from another thread (`runtime.external.inject`)."""
        ...


class RealClock:
    """The system's clocks; waiting blocks on the injected-mail inbox."""

    def nanos(self) -> int:
        return _time.monotonic_ns()

    def wall(self) -> int:
        return _time.time_ns()

    def sleep_until(self, deadline: int) -> None:
        delay = deadline - _time.monotonic_ns()
        if delay > 0:
            # Round up to the microsecond, so a wake-up is never early and
            # the driver does not spin on a deadline a few ns ahead.
            external.wait_timeout((delay + 999) // 1000 / 1_000_000)


class FakeClock:
    """A clock for tests: time moves only when told, or when the driver
    sleeps (it jumps to the deadline). `slept` adds up the jumps."""

    def __init__(self, start: int = 1_000_000_000, wall_start: int = 1_700_000_000 * _NS) -> None:
        self.now = start
        self._wall_offset = wall_start - start
        self.slept = 0

    def nanos(self) -> int:
        return self.now

    def wall(self) -> int:
        return self.now + self._wall_offset

    def sleep_until(self, deadline: int) -> None:
        if deadline > self.now:
            self.slept += deadline - self.now
            self.now = deadline

    def advance(self, ns: int) -> None:
        """Move time on by `ns` (timers due by then fire on the next poll)."""
        self.now += ns


class _Clock:
    """The clock in use (module state)."""

    current: Clock = RealClock()


def set_clock(clock: Clock | None) -> None:
    """Use `clock` for timers and Time from now on (None: the real clock).
    Not undone by `driver.reset`, so a test sets it around `run_main`."""
    _Clock.current = RealClock() if clock is None else clock


def get_clock() -> Clock:
    return _Clock.current


# ---------------------------------------------------------------- Time

class _Time:
    """Pony's `primitive Time` (a single instance, `Time`)."""

    __slots__ = ()

    def create(self) -> _Time:
        return self

    def now(self) -> tuple[int, int]:
        sec, nsec = divmod(_Clock.current.wall(), _NS)
        return (sec, nsec)

    def seconds(self) -> int:
        return _Clock.current.wall() // _NS

    def millis(self) -> int:
        return _Clock.current.nanos() // 1_000_000

    def micros(self) -> int:
        return _Clock.current.nanos() // 1_000

    def nanos(self) -> int:
        return _Clock.current.nanos()

    def cycles(self) -> int:
        if isinstance(_Clock.current, RealClock):
            return _time.perf_counter_ns()
        return _Clock.current.nanos()

    def __repr__(self) -> str:
        return "Time"


Time: Final = _Time()


# ---------------------------------------------------------------- Timer

class Timer:
    """Pony's `class Timer`: a notify, the next expiration (on the clock's
    monotonic scale) and an interval, all in nanoseconds.

    `_owner` is the Timers actor holding it (None when not set); `_seq` is
    the sequence number of its live heap entry (-1 when not armed).
    """

    __slots__ = ("_expiration", "_interval", "_notify", "_owner", "_seq")

    _notify: Any
    _expiration: int
    _interval: int
    _owner: Timers | None
    _seq: int

    @staticmethod
    def create(notify: Any, expiration: int, interval: int = 0) -> Timer:
        """Expires `expiration` ns from now, then every `interval` ns."""
        return Timer._make(notify, _Clock.current.nanos() + expiration, interval)

    @staticmethod
    def abs(notify: Any, expiration: tuple[int, int], interval: int = 0) -> Timer:
        """Expires at wall-clock time `expiration` (seconds, nanoseconds)."""
        clock = _Clock.current
        wall = expiration[0] * _NS + expiration[1]
        return Timer._make(notify, clock.nanos() + (wall - clock.wall()), interval)

    @staticmethod
    def _make(notify: Any, expiration: int, interval: int) -> Timer:
        t: Timer = _new(Timer)
        t._notify = notify
        t._expiration = expiration
        t._interval = interval
        t._owner = None
        t._seq = -1
        return t

    def __repr__(self) -> str:
        return f"<Timer expiring at {self._expiration} every {self._interval} ns>"


# ---------------------------------------------------------------- the heap

_heap: list[tuple[int, int, Timer]] = []
_seqs = _count()


def _arm(timer: Timer) -> None:
    seq = next(_seqs)
    timer._seq = seq
    heapq.heappush(_heap, (timer._expiration, seq, timer))


def _drop_stale() -> None:
    heap = _heap
    while heap and heap[0][2]._seq != heap[0][1]:
        heapq.heappop(heap)


def next_deadline() -> int | None:
    """The earliest deadline of an armed timer, on the clock's scale."""
    _drop_stale()
    return _heap[0][0] if _heap else None


def fire_due() -> bool:
    """Send a fire message for every armed timer whose deadline has passed,
    in deadline order; True if any was sent."""
    heap = _heap
    if not heap:
        return False
    now = _Clock.current.nanos()
    sent = False
    while heap and heap[0][0] <= now:
        _deadline, seq, timer = heapq.heappop(heap)
        owner = timer._owner
        if timer._seq == seq and owner is not None:
            send(owner, Timers._b_fire, (timer, seq))
            sent = True
    return sent


def wait_next() -> bool:
    """Block until the earliest deadline (or injected mail); False if no
    timer is armed."""
    deadline = next_deadline()
    if deadline is None:
        return False
    _Clock.current.sleep_until(deadline)
    return True


def armed() -> int:
    """How many timers are armed (stale heap entries left out)."""
    return sum(1 for _d, seq, t in _heap if t._seq == seq)


def reset() -> None:
    """Forget every armed timer (a new program); the clock stays."""
    for _d, _seq, timer in _heap:
        timer._seq = -1
        timer._owner = None
    _heap.clear()


class _Source:
    """The driver's view of this module (runtime.driver.TimerSource)."""

    def fire_due(self) -> bool:
        return fire_due()

    def wait_next(self) -> bool:
        return wait_next()

    def reset(self) -> None:
        reset()


# ---------------------------------------------------------------- Timers

class Timers(Actor):
    """Pony's `actor Timers`: the timers it holds, in the order they were
    set (a dict used as an ordered set)."""

    __slots__ = ("_slop", "_timers")

    _slop: int
    _timers: dict[Timer, None]

    @staticmethod
    def create(slop: int = 20) -> Timers:
        return spawn(Timers, Timers._c_create, (slop,))

    def _c_create(self, slop: int) -> None:
        self._slop = slop
        self._timers = {}

    # behaviours: the public method sends, `_b_` runs in the actor's turn

    def apply(self, timer: Timer) -> None:
        send(self, Timers._b_apply, (timer,))

    def cancel(self, timer: Timer) -> None:
        send(self, Timers._b_cancel, (timer,))

    def dispose(self) -> None:
        send(self, Timers._b_dispose, ())

    def _b_apply(self, timer: Timer) -> None:
        if timer._owner is not None:  # set elsewhere: can't happen from .cap
            raise RuntimeError("a Timer was given to Timers twice")
        if not self._timers:
            external.hold()
        self._timers[timer] = None
        timer._owner = self
        self._fire(timer)

    def _b_cancel(self, timer: Timer) -> None:
        if timer._owner is self:
            self._remove(timer)
            timer._notify.cancel(timer)

    def _b_dispose(self) -> None:
        timers = sorted(self._timers, key=lambda t: (t._expiration, t._seq))
        for timer in timers:
            self._remove(timer)
        for timer in timers:
            timer._notify.cancel(timer)

    def _b_fire(self, timer: Timer, seq: int) -> None:
        if timer._owner is self and timer._seq == seq:
            self._fire(timer)

    def _fire(self, timer: Timer) -> None:
        """Fire `timer` if it has expired, then re-arm or drop it."""
        now = _Clock.current.nanos()
        expiration = timer._expiration
        if now >= expiration:
            interval = timer._interval
            count = (now - expiration) // interval + 1 if interval else 1
            timer._expiration = expiration + count * interval
            # (notify can't remove the timer meanwhile: Timers.cancel and
            # dispose are behaviours of this actor, so they run later.)
            if not timer._notify.apply(timer, count):
                self._remove(timer)
                timer._notify.cancel(timer)
                return
            if not interval:
                self._remove(timer)
                return
        _arm(timer)

    def _remove(self, timer: Timer) -> None:
        del self._timers[timer]
        timer._owner = None
        timer._seq = -1
        if not self._timers:
            external.release()


driver.set_timer_source(_Source())

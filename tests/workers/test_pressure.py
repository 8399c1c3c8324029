"""Backpressure's rules, with fake links and mailboxes (no processes)."""

from __future__ import annotations

from collections import deque
from typing import Any

from runtime.workers.pressure import HIGH, LOW, Pressure


class Link:
    def __init__(self) -> None:
        self.reading = True

    def pause_reading(self) -> None:
        self.reading = False

    def resume_reading(self) -> None:
        self.reading = True


class Receiver:
    def __init__(self, messages: int) -> None:
        self._mbox: deque[Any] | None = deque([None] * (2 * messages)) if messages else None


def test_reading_stops_above_the_high_mark_and_resumes_below_the_low_one() -> None:
    link = Link()
    pressure = Pressure({1: link})  # type: ignore[dict-item]
    busy = Receiver(HIGH + 1)
    pressure.delivered(HIGH + 1, {id(busy): busy})
    assert not link.reading
    busy._mbox = deque([None] * (2 * (LOW + 1)))  # some ran, not enough
    pressure.after_tick()
    assert not link.reading
    busy._mbox = None  # drained
    pressure.after_tick()
    assert link.reading and pressure.receivers == {}


def test_an_estimate_above_high_is_checked_against_the_mailboxes() -> None:
    link = Link()
    pressure = Pressure({1: link})  # type: ignore[dict-item]
    ran = Receiver(0)  # its messages already ran
    pressure.delivered(HIGH + 1, {id(ran): ran})
    assert link.reading


def test_a_full_peer_mutes_the_worker_unless_it_is_overloaded() -> None:
    pressure = Pressure({1: Link()})  # type: ignore[dict-item]
    assert pressure.may_run()
    pressure.blocked.add(1)
    assert not pressure.may_run()
    flooded = Receiver(HIGH + 1)
    pressure.delivered(HIGH + 1, {id(flooded): flooded})
    assert pressure.may_run()  # overloaded itself: never muted (no deadlock)

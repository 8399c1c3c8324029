"""The turn loop in slices, faults, reset, and external work."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from rtkit import Recorder, recorder

from runtime import driver, external, scheduler
from runtime.actor import Actor, send, spawn
from runtime.fault import ActorFault


def test_run_slice_reports_more_work_and_stops_near_its_budget() -> None:
    log: list[Any] = []
    r = recorder("r", log)
    for i in range(1000):
        r.note(i)
    assert scheduler.run_slice(150) is True
    # The budget is checked between turns: 1 + 99 (first turn), then 100.
    assert len(log) == 200
    assert scheduler.run_slice(10_000) is False
    assert len(log) == 1001
    assert scheduler.run_slice(10) is False


def test_slicing_does_not_change_the_order_of_execution() -> None:
    def program(log: list[Any]) -> None:
        rs = [recorder(f"r{k}", log) for k in range(4)]
        for i in range(300):
            rs[i % 3].note(i)
            rs[3].note(-i)

    whole: list[Any] = []
    program(whole)
    driver.run()
    sliced: list[Any] = []
    program(sliced)
    while scheduler.run_slice(7):
        pass
    assert sliced == whole


class Faulty(Actor):
    __slots__ = ("seen",)

    def _c_create(self) -> None:
        self.seen = []

    def _b_div(self, x: int) -> None:
        self.seen.append(100 // x)

    def div(self, x: int) -> None:
        send(self, Faulty._b_div, (x,))


def test_a_fault_is_wrapped_and_leaves_the_queue_consistent() -> None:
    f = spawn(Faulty, Faulty._c_create, ())
    for x in (1, 0, 5):
        f.div(x)
    with pytest.raises(ActorFault) as info:
        driver.run()
    assert info.value.actor is f
    assert info.value.fn is Faulty._b_div
    assert isinstance(info.value.exc, ZeroDivisionError)
    # The failing message was consumed; the one after it still waits.
    assert list(scheduler.runq) == [f]
    assert scheduler.queued(f) == 1
    driver.run()
    assert f.seen == [100, 20]


class Interrupted(Actor):
    __slots__ = ()

    def _b_stop(self) -> None:
        raise KeyboardInterrupt

    def stop(self) -> None:
        send(self, Interrupted._b_stop, ())


def test_keyboard_interrupt_passes_through_unwrapped() -> None:
    i = spawn(Interrupted, Interrupted._b_stop, ())
    with pytest.raises(KeyboardInterrupt):
        driver.run()
    assert i._mbox is None and not scheduler.has_work()


def test_reset_forgets_queued_work_and_actors_can_be_reused() -> None:
    log: list[Any] = []
    r = recorder("r", log)
    driver.run()
    del log[:]
    r.note(1)
    driver.reset()
    assert not scheduler.has_work()
    assert r._mbox is None
    r.note(2)
    driver.run()
    assert log == [("r", 2)]


class Waiter(Actor):
    """Holds an external source until a thread delivers `done`."""

    __slots__ = ("log",)

    def _c_create(self, log: list[Any]) -> None:
        self.log = log
        external.hold()
        threading.Thread(target=external.inject, args=(self, Waiter._b_done, ("late",))).start()

    def _b_done(self, what: str) -> None:
        self.log.append(what)
        external.release()


def test_a_held_source_keeps_the_program_alive_until_injected_mail_releases_it() -> None:
    log: list[Any] = []
    spawn(Waiter, Waiter._c_create, (log,))
    driver.run()
    assert log == ["late"]
    assert external.pending() == 0


class Holder(Actor):
    __slots__ = ("log",)

    def _c_create(self, log: list[Any]) -> None:
        self.log = log
        external.hold()

    def _b_done(self, what: str) -> None:
        self.log.append(what)
        external.release()


def test_on_idle_runs_once_before_the_driver_blocks_for_external_work() -> None:
    log: list[Any] = []
    h = spawn(Holder, Holder._c_create, (log,))
    idle: list[int] = []

    def on_idle() -> None:
        idle.append(len(log))
        external.inject(h, Holder._b_done, ("woken",))

    driver.run(on_idle=on_idle)
    assert idle == [0]
    assert log == ["woken"]


def test_without_a_hold_injected_mail_is_still_delivered_before_the_end() -> None:
    log: list[Any] = []
    r = recorder("r", log)
    external.inject(r, Recorder._b_note, ("x",))
    driver.run()
    assert log == [("r", "create"), ("r", "x")]


def test_release_without_hold_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="hold"):
        external.release()


def test_inject_calls_the_waker() -> None:
    calls: list[int] = []
    external.set_waker(lambda: calls.append(1))
    r = recorder("r", [])
    external.inject(r, Recorder._b_note, (1,))
    assert calls == [1]
    assert external.has_mail()
    assert external.drain() == 1
    assert not external.has_mail()


def test_restore_drops_the_args_of_a_message_cut_between_its_two_pops() -> None:
    log: list[Any] = []
    r = recorder("r", log)
    driver.run()
    r.note(1)
    r.note(2)
    scheduler.runq.popleft()
    mb = r._mbox
    assert mb is not None
    mb.popleft()  # as if interrupted after taking fn, before taking args
    scheduler._restore(r)
    assert scheduler.queued(r) == 1
    driver.run()
    assert log[-1] == ("r", 2)

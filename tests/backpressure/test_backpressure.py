"""Backpressure inside one scheduler (runtime.backpressure): an overloaded
actor mutes its senders until it drains; nothing is lost."""

from __future__ import annotations

import re
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from runtime import backpressure, driver  # noqa: E402
from runtime.actor import Actor, send, spawn  # noqa: E402
from runtime.memory import acct  # noqa: E402
from tests.test_cli import capdsl  # noqa: E402

HERE = Path(__file__).parent


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    driver.reset()
    yield
    driver.reset()


class Consumer(Actor):
    """Counts work items and records its mailbox length at each one."""

    __slots__ = ("got", "longest")

    def _c_create(self) -> None:
        self.got = 0
        self.longest = 0

    def _b_work(self, i: int) -> None:
        self.got += 1
        self.longest = max(self.longest, len(self._mbox or ()) // 2)


class Producer(Actor):
    """Each message sends `fan` items to the consumer and itself again."""

    __slots__ = ("consumer", "fan")

    def _c_create(self, consumer: Consumer, fan: int) -> None:
        self.consumer = consumer
        self.fan = fan

    def _b_run(self, left: int) -> None:
        for i in range(self.fan):
            send(self.consumer, Consumer._b_work, (left - i,))
        if left > self.fan:
            send(self, Producer._b_run, (left - self.fan,))


def flood(total: int, fan: int) -> Consumer:
    consumer = spawn(Consumer, Consumer._c_create, ())
    producer = spawn(Producer, Producer._c_create, (consumer, fan))
    send(producer, Producer._b_run, (total,))
    driver.run()
    return consumer


def test_a_flooded_actor_stays_near_its_bound_and_gets_everything() -> None:
    consumer = flood(200_000, 10)
    assert consumer.got == 200_000
    # Overload is seen at the end of the consumer's turn, so the producer may
    # run one full turn (100 messages of 10 items) past the bound before it,
    # and finishes the turn in which it is muted: two turns' worth at most.
    assert backpressure.HIGH < consumer.longest <= backpressure.HIGH + 2 * 100 * 10
    assert not backpressure.muted and not backpressure.parked


def test_without_the_bound_the_mailbox_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    import runtime.scheduler as scheduler

    monkeypatch.setattr(backpressure, "HIGH", 10**9)
    monkeypatch.setattr(scheduler, "HIGH", 10**9)
    consumer = flood(200_000, 10)
    assert consumer.got == 200_000
    assert consumer.longest > 100_000  # the same program without backpressure


class Box(Actor):
    __slots__ = ()


def actor() -> Any:
    a = object.__new__(Box)
    a._mbox = None
    return a


def test_a_pressured_mailbox_mutes_the_sender_only() -> None:
    owner, sender, overloaded = actor(), actor(), actor()
    overloaded._mbox = backpressure.PressuredMailbox(overloaded, deque())
    mailbox = backpressure.PressuredMailbox(owner, deque([1, 2]))
    for who in (owner, overloaded, None, sender, sender):
        acct.actor = who
        mailbox.append("m")
    acct.actor = None
    assert list(mailbox) == [1, 2, "m", "m", "m", "m", "m"]  # nothing dropped
    assert backpressure.muted == {sender} and mailbox.senders == [sender]


def test_release_requeues_only_the_parked() -> None:
    from runtime.scheduler import runq

    owner, parked, queued = actor(), actor(), actor()
    mailbox = backpressure.PressuredMailbox(owner, deque())
    for who in (parked, queued):
        acct.actor = who
        mailbox.append("m")
    acct.actor = None
    owner._mbox = mailbox
    backpressure.park(parked)
    backpressure.after_turn(owner, mailbox)  # drained below LOW
    assert list(runq) == [parked]  # `queued` is still on the queue: not twice
    assert not backpressure.muted and type(owner._mbox) is deque
    runq.clear()


def test_the_stats_show_the_bounded_mailbox() -> None:
    proc = capdsl("run", "--stats", HERE / "flood.cap")
    assert proc.returncode == 0 and proc.stdout == "consumed 300000\n"
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("Consumer "))
    peak = int(re.split(r"\s+", line)[-1].replace(",", ""))
    assert backpressure.HIGH < peak <= backpressure.HIGH + 2 * 100 * 10  # as above

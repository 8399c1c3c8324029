"""Actor semantics: constructor first, FIFO per pair, batching, no loss."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from rtkit import Accumulator, Ping, Pong, Recorder, Sink, Stepper, recorder

from runtime import driver, scheduler
from runtime.actor import Actor, send, spawn


def runs(log: list[tuple[str, Any]]) -> list[tuple[str, int]]:
    """Collapse a log into (actor, how many consecutive entries)."""
    return [(name, len(list(group))) for name, group in itertools.groupby(n for n, _ in log)]


def test_spawn_returns_before_the_constructor_runs() -> None:
    log: list[Any] = []
    r = recorder("r", log)
    assert log == []
    assert isinstance(r, Recorder)
    driver.run()
    assert log == [("r", "create")]


def test_constructor_runs_before_messages_sent_right_after_spawn() -> None:
    log: list[Any] = []
    r = recorder("r", log)
    r.note(1)
    r.note(2)
    driver.run()
    assert log == [("r", "create"), ("r", 1), ("r", 2)]


def test_fifo_per_pair_with_many_interleaved_senders() -> None:
    log: list[Any] = []
    target = recorder("t", log)
    senders, per_sender = 20, 300
    for s in range(senders):
        spawn(Stepper, Stepper._c_create, (f"s{s}", target, per_sender))
    driver.run()
    notes = [item for _, item in log[1:]]
    assert len(notes) == senders * per_sender
    for s in range(senders):
        assert [i for name, i in notes if name == f"s{s}"] == list(range(per_sender))
    # The senders really interleave (a self-sending stepper keeps its turn for
    # up to 100 messages, so in blocks): otherwise the test would prove nothing.
    assert len(runs([(name, i) for name, i in notes])) >= senders * 3


def test_a_turn_runs_at_most_100_messages_then_others_get_a_turn() -> None:
    log: list[Any] = []
    a, b, c = recorder("a", log), recorder("b", log), recorder("c", log)
    driver.run()
    del log[:]
    for i in range(250):
        a.note(i)
    for i in range(250):
        b.note(i)
    c.note(0)
    driver.run()
    assert runs(log) == [("a", 100), ("b", 100), ("c", 1), ("a", 100), ("b", 100),
                         ("a", 50), ("b", 50)]
    assert [i for n, i in log if n == "a"] == list(range(250))


def test_ping_pong_10000_round_trips() -> None:
    report: list[Any] = []
    ping = spawn(Ping, Ping._c_create, (10_000, report))
    pong = spawn(Pong, Pong._c_create, ())
    ping.start(pong)
    driver.run()
    assert report == [("done", 10_000)]
    assert pong.count == 10_000


def test_fan_out_100_actors_1000_messages_each_loses_nothing() -> None:
    acc = spawn(Accumulator, Accumulator._c_create, ())
    sinks = [spawn(Sink, Sink._c_create, (1000, acc)) for _ in range(100)]
    for v in range(1000):
        for s in sinks:
            s.work(v)
    driver.run()
    assert acc.reports == 100
    assert acc.messages == 100_000
    assert acc.total == 100 * sum(range(1000))


class Chain(Actor):
    """Passes a countdown along a ring of actors."""

    __slots__ = ("hits", "next")

    def _c_create(self) -> None:
        self.hits = 0
        self.next = self

    def _b_link(self, nxt: Chain) -> None:
        self.next = nxt

    def _b_pass(self, left: int) -> None:
        self.hits += 1
        if left > 0:
            self.next.pass_(left - 1)

    def link(self, nxt: Chain) -> None:
        send(self, Chain._b_link, (nxt,))

    def pass_(self, left: int) -> None:
        send(self, Chain._b_pass, (left,))


def test_quiescence_ends_the_run_after_every_message() -> None:
    ring = [spawn(Chain, Chain._c_create, ()) for _ in range(7)]
    for x, y in itertools.pairwise([*ring, ring[0]]):
        x.link(y)
    ring[0].pass_(699)
    driver.run()
    assert sum(c.hits for c in ring) == 700
    assert not scheduler.has_work()
    assert all(c._mbox is None for c in ring)


class SelfSender(Actor):
    __slots__ = ("seen",)

    def _c_create(self) -> None:
        self.seen = []

    def _b_tick(self, i: int) -> None:
        self.seen.append(i)
        if i < 500:
            self.tick(i + 1)
            assert sum(a is self for a in scheduler.runq) == 0  # running, not queued

    def tick(self, i: int) -> None:
        send(self, SelfSender._b_tick, (i,))


def test_sends_to_self_while_running_do_not_queue_the_actor_twice() -> None:
    s = spawn(SelfSender, SelfSender._c_create, ())
    s.tick(0)
    s.tick(1000)
    driver.run()
    assert s.seen == [0, 1000, *range(1, 501)]


def test_an_idle_actor_owns_no_mailbox() -> None:
    log: list[Any] = []
    r = recorder("r", log)
    assert r._mbox is not None
    r.note(1)
    driver.run()
    assert r._mbox is None
    r.note(2)
    assert scheduler.queued(r) == 1
    driver.run()
    assert log[-1] == ("r", 2)


def test_calling_an_actor_class_directly_is_refused() -> None:
    with pytest.raises(TypeError, match="spawn"):
        Recorder()


def test_behaviour_without_arguments_and_repr() -> None:
    pong = spawn(Pong, Pong._c_create, ())
    assert repr(pong).startswith("<actor Pong at 0x")
    driver.run()
    assert pong.count == 0

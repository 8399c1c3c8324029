"""Hand-written actors in exactly the shape the code generator emits.

Each class has `__slots__`, `_c_<ctor>` / `_b_<behaviour>` bodies and a
public method per behaviour that is one `send`. They record what happens
in plain Python lists, which is safe: the scheduler runs on one thread.
"""

from __future__ import annotations

from typing import Any

from runtime.actor import Actor, send, spawn


class Recorder(Actor):
    """Appends (name, item) to a shared log for every `note`."""

    __slots__ = ("_log", "_name")

    def _c_create(self, name: str, log: list[Any]) -> None:
        self._name = name
        self._log = log
        log.append((name, "create"))

    def _b_note(self, item: Any) -> None:
        self._log.append((self._name, item))

    def note(self, item: Any) -> None:
        send(self, Recorder._b_note, (item,))


def recorder(name: str, log: list[Any]) -> Recorder:
    return spawn(Recorder, Recorder._c_create, (name, log))


class Ping(Actor):
    __slots__ = ("_left", "_pongs", "_report")

    def _c_create(self, n: int, report: list[Any]) -> None:
        self._left = n
        self._pongs = 0
        self._report = report

    def _b_start(self, p: Pong) -> None:
        p.ping(self)

    def _b_pong(self, p: Pong) -> None:
        self._pongs += 1
        self._left -= 1
        if self._left > 0:
            p.ping(self)
        else:
            self._report.append(("done", self._pongs))

    def start(self, p: Pong) -> None:
        send(self, Ping._b_start, (p,))

    def pong(self, p: Pong) -> None:
        send(self, Ping._b_pong, (p,))


class Pong(Actor):
    __slots__ = ("count",)

    def _c_create(self) -> None:
        self.count = 0

    def _b_ping(self, sender: Ping) -> None:
        self.count += 1
        sender.pong(self)

    def ping(self, sender: Ping) -> None:
        send(self, Pong._b_ping, (sender,))


class Sink(Actor):
    """Counts `work` messages; reports to the accumulator after `expect`."""

    __slots__ = ("_acc", "_count", "_expect", "_total")

    def _c_create(self, expect: int, acc: Accumulator) -> None:
        self._expect = expect
        self._acc = acc
        self._count = 0
        self._total = 0

    def _b_work(self, v: int) -> None:
        self._count += 1
        self._total += v
        if self._count == self._expect:
            self._acc.add(self._count, self._total)

    def work(self, v: int) -> None:
        send(self, Sink._b_work, (v,))


class Accumulator(Actor):
    __slots__ = ("messages", "reports", "total")

    def _c_create(self) -> None:
        self.reports = 0
        self.messages = 0
        self.total = 0

    def _b_add(self, count: int, total: int) -> None:
        self.reports += 1
        self.messages += count
        self.total += total

    def add(self, count: int, total: int) -> None:
        send(self, Accumulator._b_add, (count, total))


class Stepper(Actor):
    """Sends `n` numbered notes to a target, one per turn of its own."""

    __slots__ = ("_n", "_name", "_target")

    def _c_create(self, name: str, target: Recorder, n: int) -> None:
        self._name = name
        self._target = target
        self._n = n
        self.step(0)

    def _b_step(self, i: int) -> None:
        self._target.note((self._name, i))
        if i + 1 < self._n:
            self.step(i + 1)

    def step(self, i: int) -> None:
        send(self, Stepper._b_step, (i,))

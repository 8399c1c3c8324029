"""runtime.promises: Promise on the runtime, driven from Python."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from runtime import driver, external
from runtime.builtins import list_iterator
from runtime.errors import PonyError
from runtime.promises import Promise, Promises
from runtime.timers import FakeClock

Log = list[Any]


class F:
    """A Fulfill or Reject: `apply` calls `fn`; `fn` raising PonyError is
    Pony's `error`."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn

    def apply(self, *args: Any) -> Any:
        return self.fn(*args)


def fail(*_args: Any) -> Any:
    raise PonyError


def watch(p: Promise, log: Log, name: str = "") -> None:
    p.observe(lambda v: log.append((name, v)) if name else log.append(v),
              lambda: log.append((name, "rejected") if name else "rejected"))


def run() -> None:
    driver.run()
    assert external.pending() == 0


def test_fulfil_then_next_chains_values() -> None:
    log: Log = []
    p = Promise.create()
    q = p.next(F(lambda n: n + 1)).next(F(lambda n: n * 10))
    watch(q, log)
    p.apply(4)
    run()
    assert log == [50]


def test_next_on_a_settled_promise_runs_at_once() -> None:
    log: Log = []
    p = Promise.create()
    p.apply("v")
    run()
    watch(p.next(F(lambda s: s + "!")), log)
    run()
    assert log == ["v!"]


def test_only_the_first_settlement_counts() -> None:
    log: Log = []
    p = Promise.create()
    watch(p, log)
    p.apply(1)
    p.reject()
    p.apply(2)
    run()
    assert log == [1]


def test_rejection_propagates_down_a_chain() -> None:
    log: Log = []
    p = Promise.create()
    calls: list[int] = []
    end = p.next(F(lambda n: calls.append(n) or n)).next(F(lambda n: calls.append(n) or n))
    watch(end, log)
    p.reject()
    run()
    assert log == ["rejected"]
    assert calls == []


def test_a_reject_function_recovers() -> None:
    log: Log = []
    p = Promise.create()
    watch(p.next(F(fail), F(lambda: "recovered")).next(F(lambda s: s + "!")), log)
    p.reject()
    run()
    assert log == ["recovered!"]


def test_an_error_in_fulfill_rejects_the_next_promise() -> None:
    log: Log = []
    p = Promise.create()
    step = p.next(F(fail))
    watch(step.next(F(lambda v: v), F(lambda: "caught")), log, "after")
    watch(step, log, "step")
    watch(p, log, "source")
    p.apply(1)
    run()
    assert sorted(log) == [("after", "caught"), ("source", 1), ("step", "rejected")]


def test_an_error_in_the_reject_function_rejects() -> None:
    log: Log = []
    p = Promise.create()
    watch(p.next(F(lambda v: v), F(fail)), log)
    p.reject()
    run()
    assert log == ["rejected"]


def test_steps_run_in_the_order_they_were_chained() -> None:
    log: Log = []
    p = Promise.create()
    for i in range(5):
        p.next(F(lambda v, i=i: log.append((i, v))))
    p.apply("x")
    run()
    assert log == [(i, "x") for i in range(5)]


def test_add_pairs_two_values() -> None:
    log: Log = []
    a, b = Promise.create(), Promise.create()
    watch(a.add(b), log)
    b.apply("second")
    a.apply("first")
    run()
    assert log == [("first", "second")]


@pytest.mark.parametrize("rejected", ["a", "b"])
def test_add_is_rejected_if_either_is(rejected: str) -> None:
    log: Log = []
    a, b = Promise.create(), Promise.create()
    watch(a.add(b), log)
    (a if rejected == "a" else b).reject()
    (b if rejected == "a" else a).apply(1)
    run()
    assert log == ["rejected"]


def test_join_collects_values_in_fulfilment_order() -> None:
    log: Log = []
    ps = [Promise.create() for _ in range(3)]
    watch(Promises.join(list_iterator(ps)), log)
    ps[1].apply("b")
    run()
    ps[2].apply("c")
    run()
    ps[0].apply("a")
    run()
    assert [list(v) for v in log] == [["b", "c", "a"]]


def test_join_of_nothing_is_an_empty_array() -> None:
    log: Log = []
    watch(Promises.join(list_iterator([])), log)
    run()
    assert [list(v) for v in log] == [[]]


def test_join_is_rejected_if_any_is() -> None:
    log: Log = []
    ps = [Promise.create() for _ in range(3)]
    watch(ps[0].join(list_iterator(ps[1:])), log)
    ps[0].apply(1)
    ps[1].reject()
    ps[2].apply(3)
    run()
    assert log == ["rejected"]


def test_select_gives_the_first_value_and_the_other_promise() -> None:
    log: Log = []
    a, b = Promise.create(), Promise.create()
    watch(a.select(b), log)
    b.apply("b")
    run()
    a.apply("a")
    run()
    assert log == [("b", a)]


def test_flatten_next_unwraps_the_inner_promise() -> None:
    log: Log = []
    p = Promise.create()
    inner = Promise.create()
    watch(p.flatten_next(F(lambda v: inner)), log)
    p.apply(1)
    inner.apply("inner value")
    run()
    assert log == ["inner value"]


def test_flatten_next_rejections() -> None:
    log: Log = []
    p, q = Promise.create(), Promise.create()
    recovered = Promise.create()
    watch(p.flatten_next(F(fail)), log, "error in fulfill")
    watch(q.flatten_next(F(lambda v: v), F(lambda: recovered)), log, "recovered")
    p.apply(1)
    q.reject()
    recovered.apply("r")
    run()
    assert sorted(log) == [("error in fulfill", "rejected"), ("recovered", "r")]


def test_timeout_rejects_after_the_expiration(clock: FakeClock) -> None:
    log: Log = []
    p = Promise.create()
    watch(p, log)
    p.timeout(5_000_000)
    run()
    assert log == ["rejected"]
    assert clock.slept == 5_000_000


def test_timeout_after_fulfilment_changes_nothing(clock: FakeClock) -> None:
    log: Log = []
    p = Promise.create()
    watch(p, log)
    p.apply(7)
    p.timeout(5_000_000)
    run()
    assert log == [7]

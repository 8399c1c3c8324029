"""Per-actor memory accounting (runtime.memory): heap measurement from an
actor's fields, thresholds, limits, iso moves.

Expected sizes are built from `sys.getsizeof` of the parts, which is what
the accounting promises to add up, independently of how it walks them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from runtime import memory
from runtime.actor import Actor
from runtime.arrays import Array
from runtime.strings import String


class Holder(Actor):
    __slots__ = ("a", "b")


def holder(a: Any = None, b: Any = None) -> Holder:
    actor = object.__new__(Holder)
    actor._mbox = None
    actor.a, actor.b = a, b
    return actor


@pytest.fixture(autouse=True)
def _fresh_accounts() -> Iterator[None]:
    memory.reset()
    yield
    memory.reset()


def test_a_string_is_its_object_and_its_text() -> None:
    s = String("x" * 1000)
    assert memory.heap_of(s) == sys.getsizeof(s) + sys.getsizeof("x" * 1000)


def test_an_actor_heap_is_what_its_fields_reach_each_object_once() -> None:
    shared = String("y" * 500)
    arr = Array([shared, shared])
    expected = sys.getsizeof(arr) + sys.getsizeof(shared) + sys.getsizeof(shared._s)
    assert memory.heap_of(holder(arr, shared)) == expected


def test_other_actors_are_not_part_of_a_heap() -> None:
    other = holder(String("z" * 10_000))
    assert memory.heap_of(holder(other, None)) == 0


def test_cycles_end() -> None:
    a: list[Any] = []
    a.append(a)
    assert memory.heap_of(holder(a)) == sys.getsizeof(a)


def test_small_ints_are_shared_and_big_ones_counted() -> None:
    small = Array([0] * 1000)
    assert memory.heap_of(small) == sys.getsizeof(small)
    big = Array([10**12 + i for i in range(1000)])
    assert memory.heap_of(big) == sys.getsizeof(big) + sum(sys.getsizeof(x) for x in big)


def test_a_dict_counts_keys_and_values() -> None:
    d = {"k" * 20: String("v" * 30)}
    v = d["k" * 20]
    expected = sys.getsizeof(d) + sys.getsizeof("k" * 20) + sys.getsizeof(v) + \
        sys.getsizeof(v._s)
    assert memory.heap_of(d) == expected


def test_settle_charges_the_count_and_measures_past_the_threshold() -> None:
    actor = holder(Array([0] * 100_000))
    memory.acct.counted = memory.INITIAL_THRESHOLD - 1
    memory.settle(actor)
    assert memory.account(actor).heap == 0  # below the threshold: not measured yet
    memory.acct.counted = 1
    memory.settle(actor)
    mine = memory.account(actor)
    assert mine.heap == mine.peak == sys.getsizeof(actor.a)
    assert mine.counted == 0 and memory.acct.counted == 0


def test_the_threshold_grows_with_the_heap() -> None:
    actor = holder(Array([0] * 1_000_000))
    memory.measure(actor)
    assert memory.account(actor).threshold >= sys.getsizeof(actor.a)


def test_a_measurement_over_the_limit_stops_with_the_figures() -> None:
    memory.configure(limit=1000)
    actor = holder(String("x" * 5000))
    with pytest.raises(memory.HeapLimitExceeded) as info:
        memory.measure(actor)
    assert info.value.actor is actor
    assert info.value.heap > 5000 and info.value.limit == 1000


def test_an_iso_move_leaves_the_sender_and_joins_the_receiver() -> None:
    data = Array([0] * 10_000)
    sender, receiver = holder(data), holder()
    memory.measure(sender)
    memory.acct.actor = sender
    memory.moved(receiver, data)
    assert memory.account(sender).heap == 0
    assert memory.account(receiver).heap == sys.getsizeof(data)
    assert memory.account(receiver).peak == sys.getsizeof(data)


def test_growth_nothing_counted_is_charged_to_the_actors_at_hand() -> None:
    actor = holder()
    memory.acct.resident -= 10 * memory.GROWTH_STEP  # as if the process grew by that much
    memory.check_growth([actor])
    mine = memory.account(actor)
    assert mine.counted == 0 and mine.threshold == memory.INITIAL_THRESHOLD  # measured


def test_statistics_register_every_account() -> None:
    memory.configure(stats=True)
    a, b = holder(), holder()
    memory.account(a)
    memory.account(b)
    assert memory.acct.registry is not None and list(memory.acct.registry) == [a, b]

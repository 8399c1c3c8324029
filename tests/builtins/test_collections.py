"""runtime.collections against Pony's packages/collections (ponyc 0.69.1):
map.pony, set.pony, list.pony, range.pony, reverse.pony."""

from __future__ import annotations

import math
from itertools import islice
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runtime.boxes import BOXES
from runtime.builtins import Array, PonyIterator, String, iterate
from runtime.collections import KeyMixin, List, Map, Range, Reverse, Set, Sort
from runtime.errors import PonyError


class Fn:
    """A Pony lambda: an object with an `apply` method."""

    def __init__(self, f: Any) -> None:
        self.apply = f


def S(text: str) -> String:
    return String(text)


# ---------------------------------------------------------------- Map

def test_map_update_apply_get_or_else() -> None:
    m = Map.create()
    assert m.update(S("a"), 1) is None  # no old value: None
    assert m.update(S("a"), 2) == 1  # the old value
    assert m.apply(S("a")) == 2  # another String object with the same text
    with pytest.raises(PonyError):
        m.apply(S("b"))
    assert m.get_or_else(S("b"), 0) == 0 and m.get_or_else(S("a"), 0) == 2
    assert m.contains(S("a")) and not m.contains(S("b"))
    assert m.size() == 1


def test_map_remove_insert_upsert() -> None:
    m = Map.create(10)
    assert m.insert("k", 5) == 5  # insert returns the value set
    assert m.insert_if_absent("k", 7) == 5 and m.insert_if_absent("j", 7) == 7
    assert m.upsert("k", 4, Fn(lambda cur, new: cur + new)) == 9
    assert m.upsert("new", 4, Fn(lambda cur, new: cur + new)) == 4
    assert m.remove("k") == ("k", 9)
    with pytest.raises(PonyError):
        m.remove("k")
    m.clear()
    assert m.size() == 0


def test_map_iteration_is_in_insertion_order() -> None:
    m = Map.create()
    for k, v in [(3, "c"), (1, "a"), (2, "b")]:
        m.update(k, v)
    m.update(3, "C")  # an update keeps the key's place
    assert list(m.keys()) == [3, 1, 2]
    assert list(m.values()) == ["C", "a", "b"]
    assert list(m.pairs()) == [(3, "C"), (1, "a"), (2, "b")]
    it = m.keys()
    assert isinstance(it, PonyIterator) and it.has_next() and it.next() == 3
    assert list(it) == [1, 2] and not it.has_next()
    with pytest.raises(PonyError):
        it.next()


def test_map_mutation_while_iterating_is_safe() -> None:
    m = Map.create()
    for i in range(5):
        m.update(i, i)
    keys = m.keys()
    for k in keys:  # a snapshot: removing and adding does not raise
        m.remove(k)
        m.update(k + 100, k)
    assert sorted(m.keys()) == [100, 101, 102, 103, 104]


def test_map_copies_and_concat() -> None:
    m = Map.create()
    m.update("a", 1)
    m2 = m.add("b", 2)
    assert m.size() == 1 and m2.size() == 2
    m3 = m2.sub("a")
    assert list(m3.keys()) == ["b"] and m2.size() == 2
    c = m.clone()
    c.update("z", 0)
    assert not m.contains("z")
    m.concat(Array([("x", 9), ("y", 8)]).values())
    assert m.apply("x") == 9 and m.apply("y") == 8


def test_word_count() -> None:
    # The word_count_map conformance program: m(w) = m.get_or_else(w, 0) + 1.
    m = Map.create()
    for w in S("a b a c b a").split(S(" ")).values():
        m.update(w, m.get_or_else(w, 0) + 1)
    assert m.apply(S("a")) == 3 and m.apply(S("b")) == 2


class Point(KeyMixin):
    """A user class with Pony's hash/eq, keyed by value."""

    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y

    def hash(self) -> int:
        return self.x * 31 + self.y

    def eq(self, that: Point) -> bool:
        return self.x == that.x and self.y == that.y


def test_user_keys_with_hash_and_eq() -> None:
    m = Map.create()
    m.update(Point(1, 2), "p")
    assert m.apply(Point(1, 2)) == "p"
    assert not m.contains(Point(2, 1))
    s = Set.create()
    s.set(Point(0, 0))
    assert s.contains(Point(0, 0))


class GeneratedPoint:
    """What the code generator emits for a class with `fun hash` and `fun eq`:
    Pony methods only, no __hash__/__eq__."""

    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y

    def hash(self) -> int:
        return self.x * 31 + self.y

    def eq(self, that: GeneratedPoint) -> bool:
        return self.x == that.x and self.y == that.y


class NoHash:
    """A class without `hash`: keyed by identity."""

    def eq(self, that: NoHash) -> bool:
        return True


def test_generated_key_classes_are_adopted() -> None:
    # HashEq (map.pony) hashes with key.hash() and compares with key.eq().
    m = Map.create()
    assert m.update(GeneratedPoint(1, 2), "p") is None
    assert m.update(GeneratedPoint(1, 2), "q") == "p"
    assert m.apply(GeneratedPoint(1, 2)) == "q" and m.size() == 1
    assert not m.contains(GeneratedPoint(2, 1))
    s = Set.create()
    s.set(GeneratedPoint(0, 0))
    s.set(GeneratedPoint(0, 0))
    assert s.size() == 1 and s.contains(GeneratedPoint(0, 0))
    a, b = NoHash(), NoHash()
    s2 = Set.create()
    s2.set(a)
    assert s2.contains(a) and not s2.contains(b)


# ---------------------------------------------------------------- Set

def test_set_basics() -> None:
    s = Set.create()
    a1, a2 = S("a"), S("a")
    s.set(a1)
    s.set(S("b"))
    assert s.size() == 2 and s.contains(a2)
    assert s.apply(a2) is a1  # apply returns the stored element
    with pytest.raises(PonyError):
        s.apply(S("z"))
    s.unset(S("b"))
    s.unset(S("nothing"))  # unset of a missing element does nothing
    assert s.extract(a2) is a1
    with pytest.raises(PonyError):
        s.extract(a2)
    assert s.size() == 0


def _set(*items: Any) -> Set:
    s = Set.create()
    for i in items:
        s.set(i)
    return s


def test_set_in_place_operations() -> None:
    s = _set(1, 2, 3)
    s.union(Array([3, 4]).values())
    assert list(s.values()) == [1, 2, 3, 4]
    s.intersect(_set(2, 3, 4, 9))
    assert list(s.values()) == [2, 3, 4]
    # difference (set.pony): remove what is in both, add what is only in that.
    s.difference(Array([4, 5]).values())
    assert list(s.values()) == [2, 3, 5]
    s.remove(Array([2, 7]).values())
    assert list(s.values()) == [3, 5]
    s.clear()
    assert s.size() == 0


def test_set_operators_make_new_sets() -> None:
    a, b = _set(1, 2, 3), _set(3, 4)
    assert list(a.op_or(b).values()) == [1, 2, 3, 4]
    assert list(a.op_and(b).values()) == [3]
    assert list(a.op_xor(b).values()) == [1, 2, 4]
    assert list(a.without(b).values()) == [1, 2]
    assert list(a.add(9).values()) == [1, 2, 3, 9] and not a.contains(9)
    assert list(a.sub(1).values()) == [2, 3] and a.contains(1)
    assert list(a.clone().values()) == [1, 2, 3]


def test_set_comparisons() -> None:
    # eq: same size and le; lt: fewer elements and le; le: every element in that.
    a, b, c = _set(1, 2), _set(1, 2, 3), _set(2, 1)
    assert a.eq(c) and not a.ne(c) and a.ne(b)
    assert a.lt(b) and a.le(b) and a.le(c) and not a.lt(c)
    assert b.gt(a) and b.ge(a) and c.ge(a) and not c.gt(a)
    assert not _set(1, 9).le(b)


# ---------------------------------------------------------------- List

def test_list_ends_and_errors() -> None:
    lst = List.create()
    for method in ("pop", "shift"):
        with pytest.raises(PonyError):
            getattr(lst, method)()
    lst.push(1)
    lst.push(2)
    lst.unshift(0)
    assert list(lst.values()) == [0, 1, 2]
    assert lst.pop() == 2 and lst.shift() == 0 and lst.size() == 1
    assert lst.apply() == 1  # apply(i = 0)
    assert lst.update(0, 5) == 1 and lst.apply(0) == 5
    for bad in (1, -1):
        with pytest.raises(PonyError):
            lst.apply(bad)
    with pytest.raises(PonyError):
        lst.update(1, 0)


def test_list_constructors_and_copies() -> None:
    assert list(List.unit("a").values()) == ["a"]
    l3 = List.from_(Array([1, 2, 3]))
    escaped = "from" + "\u02bc"  # `from` as capdsl.codegen.names.py_attr spells it
    assert list(getattr(List, escaped)(Array([1])).values()) == [1]
    assert list(l3.rvalues()) == [3, 2, 1]
    assert list(l3.reverse().values()) == [3, 2, 1] and list(l3.values()) == [1, 2, 3]
    c = l3.clone()
    c.push(4)
    assert l3.size() == 3
    l3.truncate(1)
    assert list(l3.values()) == [1]
    l3.concat(Array([7, 8, 9]).values(), 1, 1)  # skip 1, take 1
    assert list(l3.values()) == [1, 8]
    l3.concat(Array([5, 6]).values())
    assert list(l3.values()) == [1, 8, 5, 6]
    l3.clear()
    assert l3.size() == 0


def test_list_higher_order_methods() -> None:
    lst = List.from_(Array([1, 2, 3, 4]))
    assert list(lst.map(Fn(lambda x: x * 10)).values()) == [10, 20, 30, 40]
    assert list(lst.flat_map(Fn(lambda x: List.from_(Array([x, x])))).values())[:4] == [1, 1, 2, 2]
    assert list(lst.filter(Fn(lambda x: x % 2 == 0)).values()) == [2, 4]
    assert lst.fold(Fn(lambda acc, x: acc + x), 0) == 10
    assert lst.every(Fn(lambda x: x > 0)) and not lst.every(Fn(lambda x: x > 1))
    assert lst.exists(Fn(lambda x: x == 3)) and not lst.exists(Fn(lambda x: x == 9))
    yes, no = lst.partition(Fn(lambda x: x < 3))
    assert list(yes.values()) == [1, 2] and list(no.values()) == [3, 4]
    assert list(lst.drop(1).values()) == [2, 3, 4] and list(lst.drop(9).values()) == []
    assert list(lst.take(2).values()) == [1, 2]
    assert list(lst.take(2**64 - 1).values()) == [1, 2, 3, 4]
    assert list(lst.take_while(Fn(lambda x: x < 3)).values()) == [1, 2]
    # contains uses == (the element's eq), not identity.
    words = List.from_(Array([S("a")]))
    assert words.contains(S("a")) and lst.contains(3) and not lst.contains(9)


# ---------------------------------------------------------------- Range

def pony_range(lo: int, hi: int, inc: int) -> list[int]:
    """range.pony transcribed: empty unless inc makes progress from lo to hi."""
    progress = (lo < hi and inc > 0) or (lo > hi and inc < 0)
    out, idx = [], lo
    if not progress:
        return out
    while (idx < hi) if (lo < hi and inc > 0) else (idx > hi):
        out.append(idx)
        idx += inc
    return out


# range.pony: [min, max) by inc; empty when inc is 0, when inc's sign makes
# no progress, when min == max; Range[USize](0, 10, -1) has -1 wrapped to
# USize max and yields only 0 (the doc's example).
RANGES = [
    ((0, 5), [0, 1, 2, 3, 4]), ((0, 10, 3), [0, 3, 6, 9]), ((10, 0, -3), [10, 7, 4, 1]),
    ((0, 10, -1), []), ((0, 10, 0), []), ((5, 5), []), ((10, 0, 1), []),
    ((0, 10, 2**64 - 1), [0]), ((-3, 3, 2), [-3, -1, 1]),
    ((0.0, 1.0, 0.25), [0.0, 0.25, 0.5, 0.75]), ((1.0, 0.0, -0.5), [1.0, 0.5]),
    ((0.5, 100.0, math.nan), []), ((0.5, 100.0, math.inf), []), ((math.nan, 1.0, 1.0), []),
    ((-math.inf, 1.0, 1.0), []), ((0.0, 0.0, 1.0), []),
]


@pytest.mark.parametrize(("args", "expected"), RANGES)
def test_range(args: tuple[Any, ...], expected: list[Any]) -> None:
    assert list(Range.create(*args)) == expected
    r = Range.create(*args)
    out = []
    while r.has_next():
        out.append(r.next())
    assert out == expected
    with pytest.raises(PonyError):
        r.next()
    assert r.is_empty() == (expected == [])
    assert not r.is_infinite()


def test_infinite_float_range() -> None:
    # range.pony: a float max of +/-inf with inc of the same sign iterates forever.
    r = Range.create(0.0, math.inf, 1.0)
    assert r.is_infinite() and not r.is_empty()
    assert [r.next() for _ in range(3)] == [0.0, 1.0, 2.0] and r.has_next()
    assert list(islice(Range.create(0.0, -math.inf, -1e6), 2)) == [0.0, -1e6]


def test_range_rewind_and_shared_position() -> None:
    r = Range.create(0, 4)
    assert r.next() == 0
    assert list(r) == [1, 2, 3]  # a Python loop continues from next()
    r.rewind()
    assert list(iterate(r)) == [0, 1, 2, 3]


@given(st.integers(-50, 50), st.integers(-50, 50), st.integers(-7, 7))
def test_range_matches_ponys_algorithm(lo: int, hi: int, inc: int) -> None:
    assert list(Range(lo, hi, inc)) == pony_range(lo, hi, inc)


# ---------------------------------------------------------------- Reverse

# reverse.pony: max down to min, both included, by dec; dec 0 repeats max
# forever; a negative dec yields max alone; min > max yields nothing.
REVERSES = [
    ((10, 2, 2), [10, 8, 6, 4, 2]), ((3, 0), [3, 2, 1, 0]), ((2, 10), []),
    ((5, 0, -1), [5]), ((1.0, 0.0, 0.5), [1.0, 0.5, 0.0]), ((5, 0, 2), [5, 3, 1]),
]


@pytest.mark.parametrize(("args", "expected"), REVERSES)
def test_reverse(args: tuple[Any, ...], expected: list[Any]) -> None:
    assert list(Reverse.create(*args)) == expected
    r = Reverse.create(*args)
    out = []
    while r.has_next():
        out.append(r.next())
    assert out == expected


def test_reverse_next_past_the_end_and_dec_zero() -> None:
    # reverse.pony next() is not partial: past the end it returns _idx + _dec.
    r = Reverse.create(10, 2, 2)
    assert list(r) == [10, 8, 6, 4, 2]
    assert r.next() == 2  # _idx is 0 after the last step
    assert Reverse.create(2, 10).next() == 3  # _idx is max (2): 2 + 1
    assert list(islice(Reverse.create(7, 0, 0), 3)) == [7, 7, 7]
    r.rewind()
    assert r.next() == 10


def test_nan_keys_are_never_found() -> None:
    # map.pony _search compares with HashEq (`==`); NaN == NaN is false.
    nan = math.nan
    m = Map()
    m.update(nan, 1)
    m.update(nan, 2)
    assert m.size() == 2 and not m.contains(nan) and m.get_or_else(nan, 9) == 9
    with pytest.raises(PonyError):
        m.remove(nan)
    assert [v for _k, v in m.pairs()] == [1, 2]
    s = Set()
    s.set(nan)
    s.set(nan)
    assert s.size() == 2 and not s.contains(nan)
    boxed = BOXES["F64"](nan)
    s.set(boxed)
    assert s.size() == 3 and not s.contains(boxed)


class _Seq:
    """A user Seq: Sort goes through apply and update."""

    def __init__(self, items: list[int]) -> None:
        self.items = items

    def size(self) -> int:
        return len(self.items)

    def apply(self, i: int) -> int:
        return self.items[i]

    def update(self, i: int, value: int) -> int:
        old, self.items[i] = self.items[i], value
        return old


def test_sort() -> None:
    a = Array([3, 1, 2])
    assert Sort.apply(a) is a and a == [1, 2, 3]
    strings = Array([String("b"), String("a")])
    Sort.apply(strings)
    assert [s._s for s in strings] == ["a", "b"]
    lst = List([5, -2, 7])
    Sort.apply(lst)
    assert list(lst.values()) == [-2, 5, 7]
    seq = _Seq([9, 8, 7, 1])
    Sort.apply(seq)
    assert seq.items == [1, 7, 8, 9]


def test_list_iterators_walk_the_live_list() -> None:
    # list.pony ListValues.next moves on before handing out a value.
    lst = List([1, 2])
    it = lst.values()
    assert it.next() == 1
    lst.push(3)  # before the walk reaches the old tail: visited
    assert it.next() == 2 and it.next() == 3
    lst.push(4)  # after the tail was handed out: the walk is over
    assert not it.has_next()
    back = lst.rvalues()
    assert back.next() == 4
    lst.unshift(0)
    assert list(back) == [3, 2, 1, 0]
    src = List([1, 2, 3])
    gone = src.values()
    assert gone.next() == 1
    src.shift()
    src.shift()  # the next node is removed: the walk stops
    assert gone.has_next() and list(gone) == []

"""runtime.builtins.Array and the helpers generated code calls, against
Pony's array.pony and the language's `is`/`digestof`/`for` (ponyc 0.69.1)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from runtime.boxes import BOXES
from runtime.builtins import (
    Array,
    PonyIterator,
    String,
    digest,
    dyn,
    identical,
    iterate,
    make_args,
)
from runtime.errors import PonyError

# Partial methods (array.pony): apply/update/delete need i < size; insert
# needs i <= size (i == size appends); pop and shift need an element.
ERRORS = [
    ("apply", [1, 2], (2,)), ("apply", [], (0,)), ("apply", [1], (-1,)),
    ("update", [1, 2], (2, 9)), ("delete", [1, 2], (2,)), ("insert", [1, 2], (3, 9)),
    ("pop", [], ()), ("shift", [], ()),
]


@pytest.mark.parametrize(("method", "items", "args"), ERRORS)
def test_partial_methods_error(method: str, items: list[int], args: tuple[int, ...]) -> None:
    a = Array(items)
    with pytest.raises(PonyError):
        getattr(a, method)(*args)
    assert a == items  # unchanged


def test_element_access_and_mutation() -> None:
    a = Array.create(10)
    assert a.size() == 0 and type(a) is Array
    a.push(1)
    a.push(2)
    assert a.apply(1) == 2
    assert a.update(0, 7) == 1 and a == [7, 2]  # update returns the old element
    assert a.pop() == 2 and a == [7]
    a.unshift(5)
    assert a == [5, 7] and a.shift() == 5
    a.insert(1, 8)  # at size: appends
    a.insert(0, 6)  # at 0: prepends
    assert a == [6, 7, 8]
    assert a.delete(1) == 7 and a == [6, 8]
    a.reserve(100)
    a.truncate(1)
    assert a == [6]
    a.truncate(10)
    assert a == [6]
    a.clear()
    assert a.size() == 0


def test_init_reverse_and_python_loops() -> None:
    a = Array.init(0, 3)
    assert a == [0, 0, 0] and type(a) is Array
    b = Array([1, 2, 3])
    b.reverse_in_place()
    assert b == [3, 2, 1]
    assert [x for x in b] == [3, 2, 1]


def test_contains_is_identity_for_objects_equality_for_numbers() -> None:
    # array.pony contains: the default predicate is `l is r`; for numbers
    # `is` compares values.
    s = String("a")
    a = Array([s, 1, 2.5, True, None])
    assert a.contains(s)
    assert not a.contains(String("a"))  # equal text, another object
    assert a.contains(1) and a.contains(2.5) and a.contains(None) and a.contains(True)
    assert not Array([1, 2]).contains(3)
    assert Array([(1, s)]).contains((1, s))


def test_is_predicate_on_numbers_compares_values_of_one_type() -> None:
    # `is` on numbers: the value; NaN is not NaN (the same float object
    # included, which Python's `in` would find); True is not 1.
    nan = math.nan
    assert not Array([nan]).contains(nan)
    assert Array([0.0]).contains(-0.0)
    assert not Array([True]).contains(1) and not Array([1]).contains(True)
    assert Array([1, True]).contains(True)
    boxed = BOXES["F64"](nan)  # one box is itself (genident.c box_is_box)
    assert identical(boxed, boxed) and Array([boxed]).contains(boxed)


class _Equal:
    """A predicate object as generated code makes for a lambda."""

    def apply(self, l: Any, r: Any) -> bool:  # noqa: E741
        return bool(l == r)


def test_find_rfind_and_predicates() -> None:
    # array.pony find: from offset up, the nth match; rfind: from offset (the
    # last element when offset >= size) down; an error when there is none.
    a = Array([1, 2, 1, 2])
    assert a.find(1, 1) == 2 and a.find(2, 0, 1) == 3 and a.rfind(1) == 2
    assert a.rfind(1, 1) == 0 and a.rfind(2, 100, 1) == 1
    for args in ((9,), (1, 3), (1, 0, 2)):
        with pytest.raises(PonyError):
            a.find(*args)
    with pytest.raises(PonyError):
        Array().rfind(1)
    s = Array([String("a"), String("a")])
    assert s.find(String("a"), 0, 1, _Equal()) == 1 and s.contains(String("a"), _Equal())
    with pytest.raises(PonyError):
        s.find(String("a"))


def test_copying_methods() -> None:
    a = Array([1, 2, 3, 4])
    assert a.slice(1, 3) == [2, 3] and a.slice(step=2) == [1, 3] and a.slice(3, 1) == []
    assert a.slice(0, 4, 0) == [] and type(a.slice()) is Array
    assert a.reverse() == [4, 3, 2, 1] and a == [1, 2, 3, 4]
    assert a.clone() == a and a.clone() is not a
    assert a.permute(Array([3, 0]).values()) == [4, 1]
    with pytest.raises(PonyError):
        a.permute(Array([4]).values())
    assert a.trim(1, 3) == [2, 3] and a.trim(3, 1) == []
    left, right = Array([1, 2, 3]).chop(1)
    assert left == [1] and right == [2, 3]


def test_editing_methods() -> None:
    a = Array([1, 2, 3, 4, 5])
    a.remove(1, 2)
    a.remove(9, 1)
    assert a == [1, 4, 5]
    a.concat(Array([7, 8, 9]).values(), 1, 1)
    assert a == [1, 4, 5, 8]
    dst = Array([0])
    a.copy_to(dst, 2, 1, 9)
    assert dst == [0, 5, 8]
    a.copy_to(dst, 9, 0, 1)
    a.copy_to(dst, 0, 5, 1)  # dst_idx past dst's end: nothing
    assert dst == [0, 5, 8]
    a.trim_in_place(1, 3)
    assert a == [4, 5]
    a.swap_elements(0, 1)
    assert a == [5, 4]
    with pytest.raises(PonyError):
        a.swap_elements(0, 2)


def test_iterators_both_protocols() -> None:
    a = Array(["x", "y", "z"])
    it = a.values()
    assert isinstance(it, PonyIterator)
    assert it.has_next() and it.next() == "x"
    assert list(it) == ["y", "z"]  # a Python loop continues where next() left off
    assert not it.has_next()
    with pytest.raises(PonyError):
        it.next()
    assert list(a.keys()) == [0, 1, 2]
    assert list(a.pairs()) == [(0, "x"), (1, "y"), (2, "z")]
    k = a.keys()
    assert k.next() == 0 and k.has_next()
    p = a.pairs()
    assert p.next() == (0, "x") and list(p) == [(1, "y"), (2, "z")] and not p.has_next()


def test_values_are_live_like_ponys_index_iterator() -> None:
    # ArrayValues checks `_i < size()` on each step: pushes during the loop are seen.
    a = Array([1])
    seen = []
    for x in a.values():
        seen.append(x)
        if x < 3:
            a.push(x + 1)
    assert seen == [1, 2, 3]


def test_empty_iterators() -> None:
    for it in (Array().values(), Array().keys(), Array().pairs()):
        assert not it.has_next()
        with pytest.raises(PonyError):
            it.next()


class Countdown:
    """A user-defined Pony Iterator: has_next/next only."""

    def __init__(self, n: int) -> None:
        self.n = n

    def has_next(self) -> bool:
        return self.n > 0

    def next(self) -> int:
        self.n -= 1
        return self.n


class Faulty(Countdown):
    def next(self) -> int:
        raise PonyError


def test_iterate() -> None:
    values = Array([1, 2]).values()
    assert iterate(values) is values
    assert list(iterate(Countdown(3))) == [2, 1, 0]
    # Pony's `for` sugar: `try it.next()? else break end`.
    assert list(iterate(Faulty(3))) == []


def test_make_args() -> None:
    args = make_args(["prog", "x"])
    assert type(args) is Array and [s._s for s in args] == ["prog", "x"]
    assert all(type(s) is String for s in args)


# `is` (Pony identity): numbers and Bool by value, tuples element-wise,
# everything else by identity.
IDENTICAL = [
    (1, 1, True), (1, 2, False), (2**70, 2**70, True), (1.5, 1.5, True), (True, True, True),
    (None, None, True), (1, 1.0, False), (1, True, False), ((1, 2), (1, 2), True),
    ((1, 2), (1, 3), False), ((1,), (1, 2), False),
]


@pytest.mark.parametrize(("a", "b", "expected"), IDENTICAL)
def test_identical_values(a: Any, b: Any, expected: bool) -> None:
    assert identical(a, b) is expected


def test_identical_objects() -> None:
    s = String("a")
    assert identical(s, s) and not identical(s, String("a"))
    assert identical((s, 1), (s, 1)) and not identical((s,), (String("a"),))


def test_digest() -> None:
    # digestof: the value for integers and Bool (as a USize), the bits for
    # floats, an identity number for objects.
    assert digest(42) == 42
    assert digest(-1) == 2**64 - 1
    assert digest(True) == 1
    assert digest(1.0) == 0x3FF0000000000000
    s = String("x")
    assert digest(s) == digest(s) != digest(String("x"))


def test_dyn_dispatches_numbers_to_the_runtime() -> None:
    assert dyn(5, "string")()._s == "5"
    assert dyn(-5, "abs")() == 5
    assert dyn(2**63 - 1, "add")(1) == -2**63  # I64 semantics for a bare int
    assert dyn(1.5, "string")()._s == "1.5"
    assert math.isnan(dyn(-1.0, "sqrt")())
    assert dyn(True, "string")()._s == "true"
    assert dyn(None, "string")()._s == "None"
    assert dyn(String("ab"), "size")() == 2
    assert dyn(Array([1]), "apply")(0) == 1

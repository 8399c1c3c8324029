"""The runtime side of Pony's `collections` package: Map, Set, List, Range, Reverse.

Place: imported by generated code as `_rtc`; the signatures are in
`capdsl/stdlib/collections/collections.cap`. The contract is the one of
runtime.builtins: methods under their Pony names with positional arguments
(defaults given for Python callers), partial methods raise PonyError,
constructors are static methods (`Map.create(prealloc=6)`,
`Set.create(prealloc=8)`, `List.create(len=0)`, `List.unit(a)`,
`List.from_(seq)` (also reachable as `from` + U+02BC, the generator's
escape of the keyword), `Range.create(min, max, inc=1)`,
`Reverse.create(max, min, dec=1)`), and iterators have both Pony's
has_next/next and Python's iterator protocol.

Representation decisions
------------------------
- `Map` and `Set` wrap Python dicts keyed by `_norm(key)`: a String's text
  (a Python str, hashed and compared in C with its hash cached), any other
  key itself, through `__hash__`/`__eq__`; a NaN key (a float or a boxed
  one) gets a key equal to nothing, as NaN == NaN is false in Pony's HashEq:
  it adds an entry each time and is never found. `0.0` and `-0.0` are one
  key (they are equal; Pony hashes their bits, so whether its map finds one
  under the other depends on where they land in the table). Generated
  classes have only the Pony methods `hash()` and `eq(that)`: the first time
  an instance of a class with both enters a Map or Set, the class gets
  `__hash__`/`__eq__` calling them (`adopt_key_class`; a generator may
  instead inherit `KeyMixin`). A class without them keys by identity.
- Iteration order: Pony promises none (it walks its hash table); we give
  insertion order. An updated key keeps its place and takes the new key
  object, as Pony's does; `remove` returns the stored key. Generated code
  may leave a String key's object out of `_k` when the program can't tell
  key objects with the same text apart (codegen.intrinsics): a key missing
  from `_k` is then made from its text when it is asked for.
- `keys()`, `values()`, `pairs()` of Map and Set walk a snapshot taken
  when the iterator is made: adding or removing entries while iterating is
  safe (Python's dict would raise) and does not change what the iterator
  yields, where Pony "may not return all keys".
- `List` wraps a deque: O(1) push/pop/shift/unshift, O(n) indexing, as
  Pony's doubly linked list (without the ListNode API). Its iterators walk
  the live list as Pony's walk the nodes (`_ListValues`). Its higher-order
  methods call lambdas through `apply`, as Pony's `f(x)` sugar does.
- `Range` and `Reverse` over integers wrap a Python range iterator, so a
  Python `for` over them runs at C speed; over floats they step in Python.
  They follow range.pony/reverse.pony: a Range is empty when `inc` is 0,
  when its sign makes no progress from min to max, or for NaN arguments; a
  float Range with an infinite `max` (and finite min and inc) is infinite.
  `Reverse` with `dec` 0 repeats `max` forever, as Pony's does. Unlike
  Pony, integer steps do not wrap at the type's width (Pony's `Range[U8](250,
  255, 10)` wraps around and never ends; ours stops after 250).
"""

from __future__ import annotations

import math
import operator
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import suppress
from itertools import islice
from typing import Any, Final

from runtime.builtins import Array, PonyIterator, String, iterate, over
from runtime.errors import PonyError

_MISSING: Final = object()
_MAX_USIZE: Final = (1 << 64) - 1


class KeyMixin:
    """For user classes used as Map/Set keys: Python hashing and equality
    through the Pony methods `hash()` and `eq(that)`."""

    __slots__ = ()

    def __hash__(self) -> int:
        h: int = self.hash()  # type: ignore[attr-defined]
        return h

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self.eq(other))  # type: ignore[attr-defined]


_KEY_READY: Final[set[type]] = {int, float, bool, type(None), tuple, str, String}


def _pony_hash(self: Any) -> int:
    h: int = self.hash()
    return h


def _pony_eq(self: Any, other: Any) -> Any:
    if type(other) is not type(self):
        return NotImplemented
    return bool(self.eq(other))


def adopt_key_class(cls: type) -> None:
    """Give `cls` Python hashing and equality through its Pony `hash` and
    `eq`, if it has both and no `__hash__`/`__eq__` of its own."""
    _KEY_READY.add(cls)
    c: Any = cls
    if not (callable(getattr(c, "hash", None)) and callable(getattr(c, "eq", None))):
        return
    if c.__hash__ is object.__hash__ and c.__eq__ is object.__eq__:
        c.__hash__ = _pony_hash
        c.__eq__ = _pony_eq


def _snapshot(items: list[Any]) -> PonyIterator:
    return over(iter(items))


def _bounds(offset: int, count: int) -> tuple[int, int | None]:
    """islice bounds for `count` items from `offset` (USize counts may be huge)."""
    offset = min(offset, sys.maxsize)
    stop = offset + count
    return offset, (stop if stop <= sys.maxsize else None)


# ---------------------------------------------------------------- Map

class _NaNKey:
    """The dict key of a NaN key: equal to nothing, itself included (HashEq
    compares with `==`, and NaN == NaN is false), so each insert makes a new
    entry and no lookup finds it. (A dict would find the float object itself:
    Python compares by identity first.)"""

    __slots__ = ()

    def __repr__(self) -> str:
        return "nan"


def _norm(key: Any) -> Any:
    """The dict key for a Pony key: a String's text (hashed and compared in C,
    and cached by Python), a fresh `_NaNKey` for a NaN, the value itself for
    anything else."""
    t = type(key)
    if t is String:
        return key._s
    if t is float:
        return key if key == key else _NaNKey()
    if t not in _KEY_READY:
        if hasattr(t, "pony_name"):  # a boxed number (runtime.boxes)
            return key if key.v == key.v else _NaNKey()
        adopt_key_class(t)
    return key


class Map:
    """Pony's Map[K, V] (HashMap with HashEq) over two Python dicts keyed the
    same way (`_norm`): `_d` holds the values, `_k` the key objects, both in
    insertion order. Neither attribute is ever rebound: generated code may
    load a map's dicts once and keep them (codegen's `fixed_attr`)."""

    __slots__ = ("_d", "_k")

    def __init__(self, d: dict[Any, Any] | None = None, k: dict[Any, Any] | None = None) -> None:
        self._d: dict[Any, Any] = {} if d is None else d
        self._k: dict[Any, Any] = {} if k is None else k

    @staticmethod
    def create(prealloc: int = 6) -> Map:
        return Map()

    def __repr__(self) -> str:
        return f"Map({dict(self._pairs())!r})"

    def _key(self, n: Any) -> Any:
        """The key object stored for dict key `n` (made from the text if
        generated code left it out; see the module's docstring)."""
        k = self._k
        return k[n] if n in k else String(n)

    def _pairs(self) -> list[tuple[Any, Any]]:
        k = self._k
        if len(k) == len(self._d):  # every key object is stored
            return [(k[n], v) for n, v in self._d.items()]
        key = self._key
        return [(key(n), v) for n, v in self._d.items()]

    def size(self) -> int:
        return len(self._d)

    def apply(self, key: Any) -> Any:
        """The value for `key`; error if there is none."""
        try:
            return self._d[key._s if type(key) is String else key]
        except KeyError:
            raise PonyError from None

    def update(self, key: Any, value: Any) -> Any:
        """Set the value; returns the old value, or None if there was none.
        As in Pony, the entry takes the new key object too (an equal key
        keeps its place in the iteration order)."""
        n = key._s if type(key) is String else _norm(key)
        d = self._d
        old = d.get(n)
        d[n] = value
        self._k[n] = key
        return old

    def upsert(self, key: Any, value: Any, f: Any) -> Any:
        """Set `f(current, value)` if `key` is present, else `value`; returns it."""
        n = _norm(key)
        current = self._d.get(n, _MISSING)
        new = value if current is _MISSING else f.apply(current, value)
        self._d[n] = new
        self._k.setdefault(n, key)
        return new

    def insert(self, key: Any, value: Any) -> Any:
        """Set the value; returns it."""
        self.update(key, value)
        return value

    def insert_if_absent(self, key: Any, value: Any) -> Any:
        """Set the value unless `key` is present; returns the value in the map."""
        n = _norm(key)
        if n not in self._d:
            self._k[n] = key
        return self._d.setdefault(n, value)

    def remove(self, key: Any) -> tuple[Any, Any]:
        """Delete the entry and return (stored key, value); error if there is none."""
        n = _norm(key)
        try:
            value = self._d.pop(n)
        except KeyError:
            raise PonyError from None
        key_object = self._key(n)
        self._k.pop(n, None)
        return key_object, value

    def get_or_else(self, key: Any, alt: Any) -> Any:
        return self._d.get(key._s if type(key) is String else key, alt)

    def contains(self, k: Any) -> bool:
        return (k._s if type(k) is String else k) in self._d

    def concat(self, iter_: Any) -> None:
        """Add the (key, value) pairs of an iterator."""
        for k, v in iterate(iter_):
            self.update(k, v)

    def add(self, key: Any, value: Any) -> Map:
        """A copy with `key` set to `value`."""
        m = self.clone()
        m.update(key, value)
        return m

    def sub(self, key: Any) -> Map:
        """A copy without `key`."""
        m = self.clone()
        n = _norm(key)
        m._d.pop(n, None)
        m._k.pop(n, None)
        return m

    def clone(self) -> Map:
        return Map(dict(self._d), dict(self._k))

    def clear(self) -> None:
        self._d.clear()
        self._k.clear()

    def keys(self) -> PonyIterator:
        return _snapshot([key for key, _value in self._pairs()])

    def values(self) -> PonyIterator:
        return _snapshot(list(self._d.values()))

    def pairs(self) -> PonyIterator:
        """(key, value) tuples."""
        return _snapshot(self._pairs())


# ---------------------------------------------------------------- Set

class Set:
    """Pony's Set[A] (HashSet with HashEq): a dict from each element's key
    (`_norm`) to the element, so `apply` can return the stored element, in
    insertion order."""

    __slots__ = ("_d",)

    def __init__(self, items: dict[Any, Any] | None = None) -> None:
        self._d: dict[Any, Any] = {} if items is None else items

    @staticmethod
    def create(prealloc: int = 8) -> Set:
        return Set()

    def __repr__(self) -> str:
        return f"Set({list(self._d.values())!r})"

    def size(self) -> int:
        return len(self._d)

    def apply(self, value: Any) -> Any:
        """The stored element equal to `value`; error if there is none."""
        try:
            return self._d[_norm(value)]
        except KeyError:
            raise PonyError from None

    def contains(self, value: Any) -> bool:
        return _norm(value) in self._d

    def clear(self) -> None:
        self._d.clear()

    def set(self, value: Any) -> None:
        self._d[_norm(value)] = value

    def unset(self, value: Any) -> None:
        self._d.pop(_norm(value), None)

    def extract(self, value: Any) -> Any:
        """Remove the element equal to `value` and return it; error if none."""
        try:
            return self._d.pop(_norm(value))
        except KeyError:
            raise PonyError from None

    def union(self, that: Any) -> None:
        """Add every value of an iterator."""
        for v in iterate(that):
            self.set(v)

    def intersect(self, that: Set) -> None:
        """Keep only the elements that are also in `that`."""
        other = that._d
        for n in [n for n in self._d if n not in other]:
            del self._d[n]

    def difference(self, that: Any) -> None:
        """Remove the values of an iterator that are here, add those that aren't."""
        d = self._d
        for v in iterate(that):
            if d.pop(_norm(v), _MISSING) is _MISSING:
                self.set(v)

    def remove(self, that: Any) -> None:
        """Remove every value of an iterator."""
        for v in iterate(that):
            self._d.pop(_norm(v), None)

    def add(self, value: Any) -> Set:
        s = self.clone()
        s.set(value)
        return s

    def sub(self, value: Any) -> Set:
        s = self.clone()
        s._d.pop(_norm(value), None)
        return s

    def op_or(self, that: Set) -> Set:
        """Union."""
        s = self.clone()
        for n, e in that._d.items():
            s._d[n] = e
        return s

    def op_and(self, that: Set) -> Set:
        """Intersection."""
        other = that._d
        return Set({v: e for v, e in self._d.items() if v in other})

    def op_xor(self, that: Set) -> Set:
        """Elements in exactly one of the two sets."""
        mine, other = self._d, that._d
        d = {v: e for v, e in mine.items() if v not in other}
        d.update((v, e) for v, e in other.items() if v not in mine)
        return Set(d)

    def without(self, that: Set) -> Set:
        """Elements of this set that are not in `that`."""
        other = that._d
        return Set({v: e for v, e in self._d.items() if v not in other})

    def clone(self) -> Set:
        return Set(dict(self._d))

    def eq(self, that: Set) -> bool:
        return self._d.keys() == that._d.keys()

    def ne(self, that: Set) -> bool:
        return self._d.keys() != that._d.keys()

    def lt(self, that: Set) -> bool:
        """A proper subset."""
        return self._d.keys() < that._d.keys()

    def le(self, that: Set) -> bool:
        """A subset."""
        return self._d.keys() <= that._d.keys()

    def gt(self, that: Set) -> bool:
        return self._d.keys() > that._d.keys()

    def ge(self, that: Set) -> bool:
        return self._d.keys() >= that._d.keys()

    def values(self) -> PonyIterator:
        return _snapshot(list(self._d.values()))


# ---------------------------------------------------------------- List

class _Nodes(deque[Any]):
    """A List's elements. `front` is the position of the first one, counted
    so that an element keeps its position while others are added or removed
    at either end (unshift lowers `front`, shift raises it): a List iterator
    keeps the position of the node it will visit next, as Pony's keeps the
    node."""

    __slots__ = ("front",)

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self.front = 0


class _ListValues(PonyIterator):
    """Pony's ListValues: walks the live list from node to node. The next
    node is fixed when a value is handed out (the one after it, or none if it
    is the last), so a node pushed while the last value is being used is not
    visited, one pushed earlier is, and a node pushed at the other end is
    reached when the walk gets there. If the next node is removed (shift,
    pop, truncate), the walk ends there; `clear` leaves the nodes linked, so
    a walk in progress goes on over them (list.pony's clear drops only the
    list's head and tail).

    Until the list changes, the walk runs over the deque's own iterator (at
    C speed); a change makes that iterator raise, and the walk goes on by
    position."""

    __slots__ = ("_nodes", "_pos", "_reverse")

    def __init__(self, nodes: _Nodes, reverse: bool) -> None:
        self._nodes = nodes
        self._reverse = reverse
        self._pos: int | None = None
        if nodes:
            self._pos = nodes.front + (len(nodes) - 1 if reverse else 0)
        super().__init__(self._walk(), self._pending)

    def _pending(self) -> int:
        return 0 if self._pos is None else 1

    def _walk(self) -> Iterator[Any]:
        nodes, reverse = self._nodes, self._reverse
        step = -1 if reverse else 1
        start = self._pos
        if start is not None and start == nodes.front + (len(nodes) - 1 if reverse else 0):
            left = len(nodes)
            try:
                for value in reversed(nodes) if reverse else nodes:
                    left -= 1
                    start += step
                    self._pos = None if left == 0 else start
                    yield value
            except RuntimeError:  # the deque changed: go on by position
                pass
        while self._pos is not None:
            i = self._pos - nodes.front
            if not 0 <= i < len(nodes):  # the next node was removed
                self._pos = None
                return
            value = nodes[i]
            last = i == 0 if reverse else i == len(nodes) - 1
            self._pos = None if last else self._pos + step
            yield value


class List:
    """Pony's List[A] (a doubly linked list) over a deque (`_Nodes`)."""

    __slots__ = ("_q",)

    def __init__(self, items: Any = ()) -> None:
        self._q = _Nodes(items)

    @staticmethod
    def create(len: int = 0) -> List:
        return List()

    @staticmethod
    def unit(a: Any) -> List:
        return List((a,))

    @staticmethod
    def from_(seq: Any) -> List:
        """A list of the elements of an Array."""
        return List(seq)

    def __repr__(self) -> str:
        return f"List({list(self._q)!r})"

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._q))

    def size(self) -> int:
        return len(self._q)

    def reserve(self, len: int) -> None:
        """No-op."""

    def apply(self, i: int = 0) -> Any:
        q = self._q
        if 0 <= i < len(q):
            return q[i]
        raise PonyError

    def update(self, i: int, value: Any) -> Any:
        """Set element i; returns the old element."""
        q = self._q
        if 0 <= i < len(q):
            old = q[i]
            q[i] = value
            return old
        raise PonyError

    def clear(self) -> None:
        """Empty the list; a walk in progress keeps its nodes (see _ListValues)."""
        self._q = _Nodes()

    def push(self, a: Any) -> None:
        self._q.append(a)

    def pop(self) -> Any:
        if self._q:
            return self._q.pop()
        raise PonyError

    def unshift(self, a: Any) -> None:
        q = self._q
        q.appendleft(a)
        q.front -= 1

    def shift(self) -> Any:
        q = self._q
        if q:
            q.front += 1
            return q.popleft()
        raise PonyError

    def append(self, seq: Any, offset: int = 0, len: int = _MAX_USIZE) -> None:
        """Push `len` elements of a sequence (Array or List) from `offset`."""
        items = seq._q if type(seq) is List else seq
        self._q.extend(islice(list(items), *_bounds(offset, len)))

    def append_list(self, that: List) -> None:
        """Move every element of `that` to the end of this list (`that` is
        left empty, as list.pony moves the nodes)."""
        if that is not self:
            self._q.extend(that._q)
            that._q = _Nodes()

    def prepend_list(self, that: List) -> None:
        """Move every element of `that` to the start of this list."""
        if that is not self:
            q = self._q
            q.extendleft(reversed(that._q))
            q.front -= len(that._q)
            that._q = _Nodes()

    def concat(self, iter_: Any, offset: int = 0, len: int = _MAX_USIZE) -> None:
        """Push `len` values of an iterator after skipping `offset` of them."""
        self._q.extend(islice(iterate(iter_), *_bounds(offset, len)))

    def truncate(self, len: int) -> None:
        q = self._q
        while q.__len__() > len:
            q.pop()

    def clone(self) -> List:
        return List(self._q)

    def reverse(self) -> List:
        """A new list in reverse order."""
        return List(reversed(self._q))

    def contains(self, a: Any) -> bool:
        """Structural equality (`a == element`, Pony's `eq`)."""
        if type(a) in (int, float, bool, type(None)):
            return a in self._q
        eq = a.eq
        return any(eq(e) for e in list(self._q))

    def map(self, f: Any) -> List:
        fn = f.apply
        return List([fn(e) for e in list(self._q)])

    def flat_map(self, f: Any) -> List:
        fn = f.apply
        out = List()
        for e in list(self._q):
            out._q.extend(fn(e)._q)
        return out

    def filter(self, f: Any) -> List:
        fn = f.apply
        return List([e for e in list(self._q) if fn(e)])

    def fold(self, f: Any, acc: Any) -> Any:
        fn = f.apply
        for e in list(self._q):
            acc = fn(acc, e)
        return acc

    def every(self, f: Any) -> bool:
        fn = f.apply
        return all(fn(e) for e in list(self._q))

    def exists(self, f: Any) -> bool:
        fn = f.apply
        return any(fn(e) for e in list(self._q))

    def partition(self, f: Any) -> tuple[List, List]:
        fn = f.apply
        yes, no = List(), List()
        for e in list(self._q):
            (yes if fn(e) else no)._q.append(e)
        return yes, no

    def drop(self, n: int) -> List:
        return List(islice(self._q, min(n, len(self._q)), None))

    def take(self, n: int) -> List:
        return List(islice(self._q, min(n, len(self._q))))

    def take_while(self, f: Any) -> List:
        fn = f.apply
        out = List()
        for e in list(self._q):
            if not fn(e):
                break
            out._q.append(e)
        return out

    def values(self) -> PonyIterator:
        return _ListValues(self._q, False)

    def rvalues(self) -> PonyIterator:
        return _ListValues(self._q, True)


setattr(List, "from\u02bc", List.__dict__["from_"])  # noqa: B010 - `from` escaped as codegen does


# ---------------------------------------------------------------- Range, Reverse

class Range(PonyIterator):
    """Pony's Range[A]: [min, max) by `inc` (see the module docstring)."""

    __slots__ = ("_empty", "_float", "_idx", "_inc", "_infinite", "_max", "_min")

    def __init__(self, min: Any, max: Any, inc: Any = 1) -> None:
        self._min, self._max, self._inc = min, max, inc
        self._float = type(min) is float or type(max) is float or type(inc) is float
        progress = (min < max and inc > 0) or (min > max and inc < 0)  # False for NaN
        finite = not self._float or (math.isfinite(min) and math.isfinite(inc))
        self._empty = not (progress and finite)
        self._infinite = not self._empty and self._float and not math.isfinite(max)
        self.rewind()

    @staticmethod
    def create(min: Any, max: Any, inc: Any = 1) -> Range:
        return Range(min, max, inc)

    def rewind(self) -> None:
        self._idx = self._max if self._empty else self._min
        if self._float:
            self._it = self._steps()
            self._hint = self._float_hint
        elif self._empty:
            self._it = iter(())
            self._hint = _zero
        else:
            it: Any = iter(range(self._min, self._max, self._inc))
            self._it, self._hint = it, it.__length_hint__

    def _float_hint(self) -> int:
        return 1 if self._float_has_next() else 0

    def _float_has_next(self) -> bool:
        if self._infinite:
            return True
        return bool(self._idx < self._max if self._inc > 0 else self._idx > self._max)

    def _steps(self) -> Iterator[Any]:
        while self._float_has_next():
            value = self._idx
            self._idx = value + self._inc
            yield value

    def is_infinite(self) -> bool:
        return self._infinite

    def is_empty(self) -> bool:
        return self._empty


def _zero() -> int:
    return 0


class Reverse(PonyIterator):
    """Pony's Reverse[A]: max down to min (inclusive) by `dec`."""

    __slots__ = ("_dec", "_idx", "_max", "_min", "_total")

    def __init__(self, max: Any, min: Any, dec: Any = 1) -> None:
        self._max, self._min, self._dec = max, min, dec
        self.rewind()

    @staticmethod
    def create(max: Any, min: Any, dec: Any = 1) -> Reverse:
        return Reverse(max, min, dec)

    def rewind(self) -> None:
        self._idx = self._max
        lo, hi, dec = self._min, self._max, self._dec
        if type(lo) is int and type(hi) is int and type(dec) is int and dec > 0:
            r = range(hi, lo - 1, -dec)
            it: Any = iter(r)
            self._total = len(r)
            self._it, self._hint = it, it.__length_hint__
        else:
            self._total = -1
            self._it, self._hint = self._steps(), self._step_hint

    def _in_range(self) -> bool:
        return bool(self._min <= self._idx <= self._max)

    def _step_hint(self) -> int:
        return 1 if self._in_range() else 0

    def _steps(self) -> Iterator[Any]:
        while self._in_range():
            value = self._idx
            self._idx = value - self._dec
            yield value

    def next(self) -> Any:
        """Not partial in Pony: past the end it returns the last index + dec."""
        value = next(self._it, _MISSING)
        if value is not _MISSING:
            return value
        if self._total >= 0:  # native range: recover Pony's index
            return self._max - self._dec * self._total + self._dec
        return self._idx + self._dec


# ---------------------------------------------------------------- Sort

class _Sort:
    """collections' `Sort[A: Seq[B] ref, B: Comparable[B] #read]` primitive:
    sort.pony's dual-pivot quicksort, in place, comparing with the elements'
    `lt`, `gt` and `ge` (Python's operators for numbers, Pony's methods
    otherwise). Equal elements end where Pony's algorithm puts them, so the
    order of equal but distinguishable elements (two Strings with the same
    text, records compared by a key) is Pony's. An Array of integers is
    sorted with Python's sort: equal integers are indistinguishable, so the
    result is the same."""

    __slots__ = ()

    def apply(self, a: Any) -> Any:
        if type(a) is Array:
            if all(type(e) is int for e in a):
                list.sort(a)
            else:
                _dual_pivot(a, 0, len(a) - 1, *_comparators(a))
            return a
        if type(a) is List:
            items = list(a._q)
            _dual_pivot(items, 0, len(items) - 1, *_comparators(items))
            for i, e in enumerate(items):
                a._q[i] = e
            return a
        view = _SeqView(a)
        with suppress(PonyError):  # sort.pony: `try _sort(a, 0, a.size().isize() - 1)? end`
            _dual_pivot(view, 0, a.size() - 1, *_comparators(view))
        return a

    def __repr__(self) -> str:
        return "Sort"


Sort: Final = _Sort()


class _SeqView:
    """A Pony Seq seen as a Python sequence (apply/update), for Sort."""

    __slots__ = ("_seq",)

    def __init__(self, seq: Any) -> None:
        self._seq = seq

    def __getitem__(self, i: int) -> Any:
        return self._seq.apply(i)

    def __setitem__(self, i: int, value: Any) -> None:
        self._seq.update(i, value)

    def __iter__(self) -> Iterator[Any]:
        return (self._seq.apply(i) for i in range(self._seq.size()))


def _comparators(items: Any) -> tuple[Any, Any, Any]:
    """(lt, gt, ge) for the elements: operators for plain numbers, else each
    element's own Pony methods (an element decides, as `x < y` is x.lt(y))."""
    if all(type(e) is int or type(e) is float for e in items):
        return operator.lt, operator.gt, operator.ge
    return (lambda x, y: x.lt(y)), (lambda x, y: x.gt(y)), (lambda x, y: x.ge(y))


def _dual_pivot(a: Any, lo: int, hi: int, lt: Any, gt: Any, ge: Any) -> None:
    """sort.pony `_sort`, step for step (recursion on the three partitions)."""
    stack = [(lo, hi)]
    while stack:
        lo, hi = stack.pop()
        if hi <= lo:
            continue
        if gt(a[lo], a[hi]):
            a[lo], a[hi] = a[hi], a[lo]
        p, q = a[lo], a[hi]
        l, g = lo + 1, hi - 1  # noqa: E741 - sort.pony's names
        k = l
        while k <= g:
            if lt(a[k], p):
                a[k], a[l] = a[l], a[k]
                l += 1  # noqa: E741
            elif ge(a[k], q):
                while gt(a[g], q) and k < g:
                    g -= 1
                a[k], a[g] = a[g], a[k]
                g -= 1
                if lt(a[k], p):
                    a[k], a[l] = a[l], a[k]
                    l += 1  # noqa: E741
            k += 1
        l, g = l - 1, g + 1  # noqa: E741
        a[lo], a[l] = a[l], a[lo]
        a[hi], a[g] = a[g], a[hi]
        stack.extend(((g + 1, hi), (l + 1, g - 1), (lo, l - 1)))

"""Pony's Array[A]: a Python list with Pony's methods.

Array subclasses `list`, so the list's own methods stay under their Python
names where Pony has none of the same name (`extend`, `index`, ...). Pony's
`append(seq, offset, len)` is the one Pony method not provided: `append` is
the list's (generated code pushes with it, see codegen.intrinsics)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import islice, repeat
from operator import is_, itemgetter
from typing import Any, Final, SupportsIndex

from runtime.errors import PonyError
from runtime.identity import identical
from runtime.iterators import PonyIterator, iterate, over
from runtime.memory import acct

_VALUE_TYPES: Final = frozenset({int, float, bool, type(None)})
MASK64: Final = (1 << 64) - 1


class _SameObjectType:
    """builtin's `_SameObject` primitive: the default predicate of Array's
    find, rfind and contains (array.pony: `{(l, r) => l is r}`)."""

    __slots__ = ()

    def apply(self, l: Any, r: Any) -> bool:  # noqa: E741 - Pony's names
        return identical(l, r)

    def __repr__(self) -> str:
        return "_SameObject"


SameObject: Final = _SameObjectType()


# ---------------------------------------------------------------- Array

class Array(list[Any]):
    """Pony's Array[A]: a Python list with Pony's methods (see module doc).
    `_targs` holds the element type's name when a program tests it."""

    __slots__ = ("_targs",)

    @staticmethod
    def create(len: int = 0) -> Array:
        """An empty array (`len` is the space to reserve: ignored)."""
        return Array()

    @staticmethod
    def init(from_: Any, len: int) -> Array:
        """`len` elements, each `from_`."""
        acct.counted += 8 * len
        return Array(repeat(from_, len))

    def size(self) -> int:
        return self.__len__()

    def apply(self, i: int) -> Any:
        if i >= 0:
            try:
                return self[i]
            except IndexError:
                pass
        raise PonyError

    def update(self, i: int, value: Any) -> Any:
        """Set element i; returns the old element."""
        if i >= 0:
            try:
                old = self[i]
            except IndexError:
                raise PonyError from None
            self[i] = value
            return old
        raise PonyError

    def push(self, value: Any) -> None:
        """Append one element (counted for memory accounting; generated code
        appends inline and counts, see capdsl.codegen.intrinsics)."""
        self.append(value)
        acct.counted += 8

    def pop(self) -> Any:  # type: ignore[override]
        if self:
            return list.pop(self)
        raise PonyError

    def unshift(self, value: Any) -> None:
        list.insert(self, 0, value)

    def shift(self) -> Any:
        if self:
            return list.pop(self, 0)
        raise PonyError

    def insert(self, i: SupportsIndex, value: Any) -> None:
        """Insert before element i; i == size() appends, i > size() errors."""
        if 0 <= int(i) <= self.__len__():
            list.insert(self, i, value)
        else:
            raise PonyError

    def delete(self, i: int) -> Any:
        """Remove element i and return it."""
        if i >= 0:
            try:
                return list.pop(self, i)
            except IndexError:
                pass
        raise PonyError

    def reserve(self, len: int) -> None:
        """No-op: Python lists manage their own space."""

    def truncate(self, len: int) -> None:
        del self[len:]

    def reverse_in_place(self) -> None:
        list.reverse(self)

    def contains(self, value: Any, predicate: Any = SameObject) -> bool:
        """Whether an element matches `value` by `predicate` (default Pony's
        `is`: the value for numbers, Bool and None, identity for objects)."""
        if predicate is not SameObject:
            test = predicate.apply
            return any(test(e, value) for e in list(self))
        t = type(value)
        if t in _VALUE_TYPES:
            try:  # a C search first: no element == value means none is it
                i = list.index(self, value)
            except ValueError:
                return False
            return identical(self[i], value) or any(identical(e, value) for e in self)
        if t is tuple or hasattr(t, "pony_name"):  # a tuple or a boxed number
            return any(identical(e, value) for e in self)
        return any(map(is_, self, repeat(value)))

    def _matching(self, value: Any, predicate: Any, indices: range) -> Iterator[int]:
        """The indices in `indices` whose element matches `value`."""
        if predicate is not SameObject:
            test = predicate.apply
            return (i for i in indices if test(self[i], value))
        t = type(value)
        if t in _VALUE_TYPES or t is tuple or hasattr(t, "pony_name"):
            return (i for i in indices if identical(self[i], value))
        return (i for i in indices if self[i] is value)

    def find(self, value: Any, offset: int = 0, nth: int = 0,
             predicate: Any = SameObject) -> int:
        """Index of the nth (from 0) element from `offset` up that matches
        `value` (Pony's `is` by default); error if there is none."""
        for i in self._matching(value, predicate, range(offset, self.__len__())):
            if nth == 0:
                return i
            nth -= 1
        raise PonyError

    def rfind(self, value: Any, offset: int = MASK64, nth: int = 0,
              predicate: Any = SameObject) -> int:
        """As `find`, from `offset` (the last element by default) down."""
        n = self.__len__()
        if n:
            start = offset if offset < n else n - 1
            for i in self._matching(value, predicate, range(start, -1, -1)):
                if nth == 0:
                    return i
                nth -= 1
        raise PonyError

    def clone(self) -> Array:
        """A new array holding the same elements."""
        acct.counted += 8 * self.__len__()
        return Array(self)

    def slice(self, from_: int = 0, to: int = MASK64, step: int = 1) -> Array:
        """Elements [from_, min(to, size)) taking every `step`th; empty when
        the range is empty or step is 0."""
        last = min(self.__len__(), to)
        if last > from_ and step > 0:
            return Array(list.__getitem__(self, slice(from_, last, step)))
        return Array()

    def permute(self, indices: Any) -> Array:
        """The elements at `indices`, in that order (repeats allowed); error
        for an index out of bounds."""
        return Array([self.apply(i) for i in iterate(indices)])

    def reverse(self) -> Array:  # type: ignore[override]
        """A new array with the elements in reverse order."""
        return Array(reversed(self))

    def swap_elements(self, i: int, j: int) -> None:
        n = self.__len__()
        if i >= n or j >= n or i < 0 or j < 0:
            raise PonyError
        self[i], self[j] = self[j], self[i]

    def remove(self, i: int, n: int) -> None:  # type: ignore[override]
        """Remove n elements from index i (those there are; none if i is
        past the end)."""
        if 0 <= i < self.__len__():
            del self[i:i + n]

    def concat(self, iter_: Any, offset: int = 0, len: int = MASK64) -> None:
        """Push `len` values of an iterator after skipping `offset` of them."""
        start, stop = min(offset, sys.maxsize), offset + len
        self.extend(islice(iterate(iter_), start, stop if stop <= sys.maxsize else None))

    def copy_to(self, dst: Array, src_idx: int, dst_idx: int, len: int) -> None:
        """Copy `len` elements from index src_idx to dst from dst_idx, over
        what is there and past its end (nothing if src_idx is past the end
        or dst_idx past dst's end)."""
        n = self.__len__()
        if src_idx < n and dst_idx <= dst.__len__():
            count = min(len, n - src_idx)
            if count > 0:
                dst[dst_idx:dst_idx + count] = self[src_idx:src_idx + count]

    def trim_in_place(self, from_: int = 0, to: int = MASK64) -> None:
        """Keep elements [min(from_, end), end) where end = min(to, size)."""
        last = min(self.__len__(), to)
        first = min(last, from_)
        del self[last:]
        del self[:first]

    def trim(self, from_: int = 0, to: int = MASK64) -> Array:
        """The elements [min(from_, end), end) where end = min(to, size), as
        a new array (Pony shares the memory of a val array)."""
        last = min(self.__len__(), to)
        return Array(list.__getitem__(self, slice(min(last, from_), last)))

    def chop(self, split_point: int) -> tuple[Array, Array]:
        """(this array cut to its first `split_point` elements, the rest)."""
        right = Array(list.__getitem__(self, slice(split_point, None)))
        del self[split_point:]
        return self, right

    def values(self) -> PonyIterator:
        """The elements, live: elements pushed during iteration are seen."""
        return over(iter(self))

    def keys(self) -> PonyIterator:
        it = iter(self)
        return over(map(itemgetter(0), enumerate(it)), it)

    def pairs(self) -> PonyIterator:
        """(index, element) tuples."""
        it = iter(self)
        return over(enumerate(it), it)

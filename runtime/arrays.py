"""Pony's Array[A]: a Python list with Pony's methods."""

from __future__ import annotations

from itertools import repeat
from operator import is_, itemgetter
from typing import Any, Final, SupportsIndex

from runtime.errors import PonyError
from runtime.identity import identical
from runtime.iterators import PonyIterator, over
from runtime.memory import acct

_VALUE_TYPES: Final = frozenset({int, float, bool, type(None)})


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

    def contains(self, value: Any) -> bool:
        """Pony's default predicate `is`: equality for numbers, Bool and None,
        identity for objects."""
        if type(value) in _VALUE_TYPES:
            return list.__contains__(self, value)
        if type(value) is tuple:
            return any(identical(e, value) for e in self)
        return any(map(is_, self, repeat(value)))

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

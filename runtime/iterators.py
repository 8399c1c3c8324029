"""Iterators: Pony's `has_next`/`next` over native Python iterators.

Our iterators also speak Python's iterator protocol and hand out the native
iterator they wrap, so a generated `for` loop runs at C speed; `iterate(x)`
is what a `for` loop iterates (any other Pony Iterator through
has_next/next)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

from runtime.errors import PonyError

_END: Final = object()


# ---------------------------------------------------------------- iterators

class PonyIterator:
    """A Pony Iterator over a native Python iterator, sharing its position.

    `_hint` is a callable giving how many items are left (a list, bytes or
    range iterator's `__length_hint__`), for `has_next`.
    """

    __slots__ = ("_hint", "_it")

    def __init__(self, it: Iterator[Any], hint: Callable[[], int]) -> None:
        self._it = it
        self._hint = hint

    def has_next(self) -> bool:
        return self._hint() > 0

    def next(self) -> Any:
        value = next(self._it, _END)
        if value is _END:
            raise PonyError
        return value

    def __iter__(self) -> Iterator[Any]:
        return self._it

    def __next__(self) -> Any:
        return next(self._it)


def over(it: Any, lead: Any = None) -> PonyIterator:
    """A PonyIterator over native iterator `it`; `lead` (default `it`) is the
    list, bytes or range iterator whose `__length_hint__` counts what is left."""
    return PonyIterator(it, (it if lead is None else lead).__length_hint__)


def list_iterator(items: list[Any]) -> PonyIterator:
    """A PonyIterator over a Python list (live: it sees the list as it is)."""
    return over(iter(items))


def iterate(x: Any) -> Iterable[Any]:
    """What a `for` loop iterates: our iterators as they are, any other
    Pony Iterator (a user class) through `has_next()` and `next()?`, the
    loop ending when `next` errors, as Pony's `for` sugar does."""
    if isinstance(x, PonyIterator):
        return x
    return _pony_protocol(x)


def _pony_protocol(x: Any) -> Iterator[Any]:
    has_next = x.has_next
    nxt = x.next
    while has_next():
        try:
            value = nxt()
        except PonyError:
            return
        yield value

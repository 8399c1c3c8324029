"""Pony's Compare primitives: `Less`, `Equal` and `Greater`, single instances
(their classes are `type(Less)`, ...), as for user primitives."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from runtime.strings import String

# ---------------------------------------------------------------- Compare

class _Compare:
    """Base of the three Compare primitives (each has a single instance)."""

    __slots__ = ()
    _name = ""

    def string(self) -> String:
        from runtime.strings import String  # strings imports this module

        return String(self._name)

    def eq(self, that: object) -> bool:
        return self is that

    def ne(self, that: object) -> bool:
        return self is not that

    def __repr__(self) -> str:
        return self._name


class _Less(_Compare):
    __slots__ = ()
    _name = "Less"


class _Equal(_Compare):
    __slots__ = ()
    _name = "Equal"


class _Greater(_Compare):
    __slots__ = ()
    _name = "Greater"


for _cls in (_Less, _Equal, _Greater):
    _cls.__name__ = _cls.__qualname__ = _cls._name

Less: Final = _Less()
Equal: Final = _Equal()
Greater: Final = _Greater()

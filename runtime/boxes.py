"""Numbers that keep their Pony type: boxes for values held as unions,
interfaces, traits or `Any`.

Pony numbers are Python ints and floats while their static type is a number
(fast arithmetic, no allocation). When the checker sees a number stored where
the static type is not one (`let x: (U8 | U32) = U8(1)`, an `Any` parameter,
a branch of an `if` whose value is a union) the code generator wraps it in
the box of its type, so `match` can tell `U8` from `U32` and a method called
through an interface reaches the right width's implementation. Capturing it
back as a number (`| let n: U8 =>`, `as`) unwraps it.

Values from generic code (a type parameter instantiated with a number) are
stored unboxed; type tests therefore also accept a bare int or float, which
can't tell widths apart. A box compares and hashes like its value, so
`Map[(String | U32), V]` keys work.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from runtime import numbers


class Boxed:
    """A number with its Pony type; Pony methods come from `kind`."""

    __slots__ = ("v",)
    kind: ClassVar[Any]
    pony_name: ClassVar[str]

    def __init__(self, v: Any) -> None:
        self.v = v

    def __getattr__(self, name: str) -> Any:
        return partial(getattr(self.kind, name), self.v)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Boxed):
            return type(other) is type(self) and other.v == self.v
        return bool(self.v == other)

    def __hash__(self) -> int:
        return hash(self.v)

    def __repr__(self) -> str:
        return f"{self.pony_name}({self.v!r})"


def _box_class(name: str) -> type[Boxed]:
    kind = getattr(numbers, name)
    return type(f"{name}Box", (Boxed,), {"__slots__": (), "kind": kind, "pony_name": name,
                                         "__module__": __name__})


NUMERIC_TYPES = ("U8", "U16", "U32", "U64", "U128", "ULong", "USize",
                 "I8", "I16", "I32", "I64", "I128", "ILong", "ISize", "F32", "F64")
BOXES: dict[str, type[Boxed]] = {name: _box_class(name) for name in NUMERIC_TYPES}
FLOATS = frozenset({"F32", "F64"})


def box(name: str) -> type[Boxed]:
    """The box class of numeric type `name` (`box("U8")(3)`)."""
    return BOXES[name]


def unbox(x: Any) -> Any:
    """The number inside a box, or `x` itself."""
    return x.v if isinstance(x, Boxed) else x


def is_number(x: Any, name: str) -> bool:
    """Whether `x` is a value of numeric type `name`: its box, or a bare
    number of the same Python type (from generic code, width unknown)."""
    t = type(x)
    if t is BOXES[name]:
        return True
    return t is (float if name in FLOATS else int)


def retuple(t: tuple[Any, ...], boxers: tuple[Any, ...]) -> tuple[Any, ...]:
    """`t` with element i passed through `boxers[i]` (None leaves it)."""
    return tuple(b(v) if b is not None else v for v, b in zip(t, boxers, strict=True))

"""Pony's identity: `is` (`identical`) and `digestof` (`digest`) on any value:
value equality and the value itself for numbers, Bool and None (and their
boxes), object identity otherwise."""

from __future__ import annotations

import struct
from typing import Any, Final

MASK64: Final = (1 << 64) - 1


def identical(a: Any, b: Any) -> bool:
    """Pony's `is`: value equality for numbers and Bool (of the same Python
    type), element-wise for tuples, identity for everything else. Floats
    compare as `==` does (genident.c gen_is_value: fcmp oeq), so a NaN is
    not itself; a box is itself (box_is_box compares addresses first)."""
    t = type(a)
    if a is b and t is not float and t is not tuple:  # one box is itself (box_is_box)
        return True
    if t is not type(b):
        return False
    if hasattr(t, "pony_name"):  # two boxes of the same numeric type
        return bool(a.v == b.v)
    if t is int or t is float or t is bool:
        return bool(a == b)
    if t is tuple:
        return len(a) == len(b) and all(map(identical, a, b))
    return False


_F64: Final = struct.Struct("<d")


def digest(x: Any) -> int:
    """Pony's `digestof`: the value (as a USize) for integers and Bool, the
    bits for floats, an identity number (`id`) for everything else."""
    t = type(x)
    if hasattr(t, "pony_name"):  # a boxed number: its value's digest
        return digest(x.v)
    if t is int or t is bool:
        return int(x) & MASK64
    if t is float:
        bits: int = struct.unpack("<Q", _F64.pack(x))[0]
        return bits
    return id(x)


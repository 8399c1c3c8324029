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
    if hasattr(t, "pony_name"):  # two boxes of the same numeric type: same bits
        if type(a.v) is float:
            return _F64.pack(a.v) == _F64.pack(b.v)  # NaN is NaN, 0.0 isn't -0.0
        return bool(a.v == b.v)
    if t is int or t is float or t is bool:
        return bool(a == b)
    if t is tuple:
        return len(a) == len(b) and all(map(identical, a, b))
    return False


_F64: Final = struct.Struct("<d")
_F32: Final = struct.Struct("<f")


def digest(x: Any) -> int:
    """Pony's `digestof`: the value (as a USize) for integers and Bool, the
    bits for floats, an identity number (`id`) for everything else. A boxed
    number's digest follows its Pony type (`digest_number`)."""
    t = type(x)
    if hasattr(t, "pony_name"):
        return digest_number(x.v, t.pony_name)
    if t is int or t is bool:
        return int(x) & MASK64
    if t is float:
        return digest_number(x, "F64")
    return id(x)


def digest_number(value: Any, pony_name: str) -> int:
    """`digestof` of a number of Pony type `pony_name` (ponyc
    gen_digestof_value): its bits zero-extended to 64, an F32's 32 bits, a
    128-bit integer's two 64-bit halves xor-ed."""
    if pony_name == "F32":
        return int(struct.unpack("<I", _F32.pack(value))[0])
    if pony_name == "F64":
        return int(struct.unpack("<Q", _F64.pack(value))[0])
    if pony_name in ("U128", "I128"):
        bits = int(value) & ((1 << 128) - 1)
        return (bits >> 64) ^ (bits & MASK64)
    from runtime.numbers import INT_WIDTHS

    width, _signed = INT_WIDTHS.get(pony_name.lower(), (64, False))
    return int(value) & ((1 << width) - 1)

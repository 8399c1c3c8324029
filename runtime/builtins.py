"""The runtime side of Pony's `builtin` package: String, Array, Compare, iterators.

Place: imported by every generated module as `_rt` (`from runtime import
builtins as _rt`); it gathers `runtime.strings`, `runtime.arrays`,
`runtime.compare`, `runtime.iterators` and `runtime.identity` under one
name. The signatures live in `capdsl/stdlib/builtin/builtin.cap`; these
modules implement the bodies. Numbers, Bool and None are in
`runtime.numbers`, the collections package in `runtime.collections`.

How generated code calls this module (the contract)
---------------------------------------------------
- Every method of builtin.cap is a Python method of the same name taking its
  arguments positionally in the declared order; the generator passes every
  argument (defaults included), the Python defaults equal Pony's for people
  calling from Python. A Pony name that is a Python keyword gets U+02BC
  appended as a method name (capdsl.codegen.names.py_attr) and a trailing
  `_` as a parameter name (`from_`).
- Partial methods (`?`) raise `runtime.errors.PonyError` (the class).
- Constructors are static methods named as in builtin.cap:
  `String.create(len=0)`, `String.from_array(data)`, `Array.create(len=0)`,
  `Array.init(from_, len)`. `String(text)` builds a String from a Python str
  (string literals: once, at module level); `String.from_bytes(b)` from raw
  bytes (literals with `\\xHH` escapes). `Array(list)` builds an array literal.
- `Less`, `Equal`, `Greater` are the single instances of the Compare
  primitives (their classes are `type(Less)`, ...), as for user primitives.
- Iterators (`values()`, `keys()`, `pairs()` and those of runtime.collections)
  have Pony's `has_next()` and partial `next()` and Python's iterator
  protocol; `iter(it)` hands out the native Python iterator they wrap, which
  shares their position, so a Python `for` over them runs at C speed.
- Helpers: `iterate(x)` (what a `for` loop iterates: our iterators as they
  are, any other Pony Iterator through has_next/next), `make_args(argv)`,
  `identical(a, b)` (Pony's `is`), `digest(x)` (`digestof`) and `dyn(obj,
  name)` (a method of a value whose static type is an interface or union).

Representation decisions
------------------------
- Pony integers are Python `int` (kept in their type's range), floats
  `float`, Bool `bool`, None `None`, tuples Python tuples.
- A Pony String is a sequence of bytes; `String` stores text: `_s` is a
  Python str holding the UTF-8 decoding of those bytes, with bytes that are
  not valid UTF-8 kept as surrogate escapes (U+DC80..U+DCFF, the
  `surrogateescape` error handler), so every byte string round-trips and
  `_s` is what OutStream prints. Sizes and indices are in bytes, as in Pony:
  `size()` is the UTF-8 length, `apply(i)` the i-th byte, `find` returns a
  byte offset. ASCII text (checked in O(1) with `str.isascii`) takes fast
  paths on the str; other text goes through its UTF-8 bytes, so byte
  indexing a non-ASCII String is O(n) per call (iterate with `values()`).
  Invariant: `_s` is canonical (the surrogateescape decoding of its bytes):
  joins re-decode the few characters at the seam when escapes meet, so equal
  bytes are always equal text and `hash`/`__eq__` can work on `_s`.
- `Array` subclasses `list` (`for x in arr` is a plain list loop);
  `Array.contains` follows Pony's default predicate `is`: value equality for
  int/float/bool/None, identity for every other object (so two distinct
  Strings with the same text are different elements).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from types import ModuleType
from typing import Any

from runtime.arrays import Array, SameObject
from runtime.compare import Equal, Greater, Less
from runtime.env import AmbientAuth
from runtime.identity import digest, digest_number, identical
from runtime.iterators import PonyIterator, iterate, list_iterator, over
from runtime.memory import ActorStats
from runtime.strings import String

__all__ = [
    "ActorStats", "AmbientAuth", "Array", "Equal", "Greater", "Less", "PonyIterator", "String",
    "digest", "digest_number", "dyn", "identical", "iterate", "list_iterator", "make_args",
    "over", "reify", "targs_match",
]

_SameObject = SameObject  # builtin's `_SameObject` primitive (Array's default predicate)

# A float type's name as a receiver is its `create()` (float.pony's create
# defaults to 0), as in `F64.radix()`: generated code looks the value up here.
F32 = 0.0
F64 = 0.0


# ---------------------------------------------------------------- helpers

def make_args(argv: list[str]) -> Array:
    """Env.args: the command line as an Array of String."""
    return Array([String(a) for a in argv])


def reify(obj: Any, targs: tuple[str, ...]) -> Any:
    """Give a new object of a generic class its type arguments' names, for
    type tests that tell `Array[U8]` from `Array[String]`; returns `obj`."""
    obj._targs = targs
    return obj


def targs_match(obj: Any, targs: tuple[str, ...]) -> bool:
    """Whether `obj`'s recorded type arguments are `targs` (`*`, from generic
    code, matches anything; an object made without them matches too)."""
    have = getattr(obj, "_targs", None)
    if have is None:
        return True
    return all(h == w or "*" in (h, w) for h, w in zip(have, targs, strict=True))


_num_module: ModuleType | None = None


def _numbers() -> ModuleType:
    """runtime.numbers, imported on first use (it imports this module)."""
    global _num_module
    if _num_module is None:
        _num_module = importlib.import_module("runtime.numbers")
    return _num_module


def dyn(obj: Any, name: str) -> Callable[..., Any]:
    """Method `name` of `obj` as a bound callable, for receivers whose static
    type is an interface, a union or a type parameter.

    Numbers, Bool and None keep their methods in runtime.numbers. A Python
    int no longer knows its Pony width, so ints use I64's methods and floats
    F64's. That is exact for every method whose result does not depend on
    the width (string, hash, compare, eq, min/max, conversions, division of
    in-range values) and differs where it does: wrapping arithmetic of U8
    ... U128 values, `op_not`, `bitwidth`, shifts, `clz`, and F32 rounding.
    """
    t = type(obj)
    if t is int:
        return partial(getattr(_numbers().I64, name), obj)
    if t is float:
        return partial(getattr(_numbers().F64, name), obj)
    if t is bool:
        return partial(getattr(_numbers().Bool, name), obj)
    if obj is None:
        return partial(getattr(_numbers().NoneP, name), obj)
    method: Callable[..., Any] = getattr(obj, name)
    return method

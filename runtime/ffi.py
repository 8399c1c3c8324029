"""The FFI: calling Python functions declared with `use @name[Ret](params)`.

Generated code binds each declaration once, at module level:
`f = bind("math.sqrt", "float", ("float",), partial, "prog.cap:1")`, then
calls `f(args)`. Values cross by their declared types: numbers and `Bool`
as themselves (an integer result wrapped to the declared width, as a C
function's result is, so generated arithmetic can rely on its range; a
float result made a float, a Bool one a bool), `String` as `str` (and
back), `Array[U8] val` as `bytes`, anything else as the object itself.
A partial declaration turns a Python exception into Pony's `error`; a
non-partial one lets it escape, and the runtime stops the program with a
report naming the `.cap` line.
"""

from __future__ import annotations

import builtins
import importlib
from collections.abc import Callable
from functools import partial as bind_bits
from typing import Any

from runtime.errors import PonyError
from runtime.numbers import INT_WIDTHS, wrap_s, wrap_u


class FFIBindError(Exception):
    """A declared Python function could not be found."""


def _resolve(dotted: str, where: str) -> Callable[..., Any]:
    parts = dotted.split(".")
    if len(parts) == 1:
        target = getattr(builtins, dotted, None)
        if target is None:
            raise FFIBindError(f"{where}: `@{dotted}` is not a Python builtin")
        return target  # type: ignore[no-any-return]
    for split in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for attr in parts[split:]:
                obj = getattr(obj, attr)
        except AttributeError:
            break
        return obj  # type: ignore[no-any-return]
    raise FFIBindError(f"{where}: Python has no `{dotted}` (could not import it)")


def _to_python(kind: str) -> Callable[[Any], Any] | None:
    if kind == "string":
        return lambda v: v._s
    if kind == "bytes":
        return bytes
    return None


def _from_python(kind: str) -> Callable[[Any], Any] | None:
    if kind == "string":
        from runtime.builtins import String

        return lambda v: String(str(v))
    if kind == "bytes":
        from runtime.builtins import Array

        return lambda v: Array(list(v))
    if kind == "float":
        return float
    if kind == "bool":
        return bool
    width = INT_WIDTHS.get(kind)
    if width is not None:
        bits, signed = width
        return bind_bits(wrap_s if signed else wrap_u, bits=bits)
    return None


def bind(dotted: str, ret: str, params: tuple[str, ...], partial: bool,
         where: str) -> Callable[..., Any]:
    """A callable for the declared function, marshalling by declared kinds."""
    target = _resolve(dotted, where)
    converters = [_to_python(k) for k in params]
    back = _from_python(ret)
    plain = back is None and not any(converters)

    def call(*args: Any) -> Any:
        if not plain:
            args = tuple(c(a) if c is not None else a
                         for c, a in zip(converters, args, strict=False))
        if partial:
            try:
                result = target(*args)
                return back(result) if back is not None else result
            except Exception as exc:
                raise PonyError from exc
        result = target(*args)
        return back(result) if back is not None else result

    return call

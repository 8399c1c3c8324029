"""Faults: an exception escaped a behaviour, and the program must stop.

Place: `runtime.scheduler` wraps the exception in `ActorFault`;
`runtime.program` prints `describe(fault)` once and exits 1. Generated code
never lets `PonyError` escape a behaviour, so a fault is a Python exception
from an FFI call or a bug (ours or the compiler's).

The report names the exception, the innermost traceback frame that belongs
to a `.cap` file (generated code is compiled with the `.cap` file name, so
its frames carry `.cap` lines), that line's source text, and the actor and
behaviour that were running. The Python traceback is shown only when
`CAPDSL_TRACEBACK=1`: a user's program should not show our internals.
"""

from __future__ import annotations

import linecache
import os
import traceback
from types import CodeType, TracebackType
from typing import Any

from runtime.errors import PonyError

# Name prefixes codegen gives to method bodies, and what to call them.
_KINDS = (("_b_", "behaviour"), ("_c_", "constructor"))


class ActorFault(Exception):
    """`exc` escaped `fn` while it ran on `actor`."""

    def __init__(self, actor: Any, fn: Any, exc: BaseException) -> None:
        super().__init__(actor, fn, exc)
        self.actor = actor
        self.fn = fn
        self.exc = exc


def member_name(qualname: str) -> str:
    """'Counter._b_inc' -> 'behaviour Counter.inc'; other names unchanged."""
    owner, _, name = qualname.rpartition(".")
    for prefix, kind in _KINDS:
        if name.startswith(prefix):
            member = name[len(prefix):]
            return f"{kind} {owner}.{member}" if owner else f"{kind} {member}"
    return qualname


def _innermost(tb: TracebackType | None, cap_only: bool) -> tuple[CodeType, int] | None:
    """The deepest frame's code and line, among `.cap` frames if `cap_only`."""
    found = None
    for frame, lineno in traceback.walk_tb(tb):
        code = frame.f_code
        if not cap_only or code.co_filename.endswith(".cap"):
            found = (code, lineno)
    return found


def _where(exc: BaseException) -> list[str]:
    """Lines locating the fault: the .cap frame and its source, if any."""
    cap = _innermost(exc.__traceback__, cap_only=True)
    if cap is None:
        py = _innermost(exc.__traceback__, cap_only=False)
        if py is None:
            return []
        code, lineno = py
        return [f"  raised in Python code at {code.co_filename}:{lineno} (no .cap frame)"]
    code, lineno = cap
    lines = [f"  {code.co_filename}:{lineno}: in {member_name(code.co_qualname)}"]
    text = linecache.getline(code.co_filename, lineno).strip()
    if text:
        lines.append(f"    {text}")
    return lines


def _exception_text(exc: BaseException) -> str:
    """'ZeroDivisionError: division by zero', module-qualified if not builtin."""
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


def describe(fault: ActorFault, with_traceback: bool | None = None) -> str:
    """The message printed when `fault` stops the program (ends in newline)."""
    exc = fault.exc
    actor = type(fault.actor).__qualname__
    qualname = getattr(fault.fn, "__qualname__", repr(fault.fn))
    what = member_name(qualname).replace(f" {actor}.", " ", 1)
    lines = [f"error: actor {actor} failed in {what}: {_exception_text(exc)}"]
    lines += _where(exc)
    if isinstance(exc, PonyError):
        lines.append("  note: `error` escaped a behaviour: a compiler bug, please report it")
    if with_traceback is None:
        with_traceback = os.environ.get("CAPDSL_TRACEBACK", "") not in ("", "0")
    if with_traceback:
        lines.append("Python traceback:")
        lines += [s.rstrip("\n") for s in traceback.format_exception(exc)]
    else:
        lines.append("  (set CAPDSL_TRACEBACK=1 to see the Python traceback)")
    return "\n".join(lines) + "\n"


def describe_heap_limit(actor: Any, heap: int, limit: int) -> str:
    """The message printed when an actor's heap passed `--max-actor-heap`."""
    from runtime.stats import size_text, type_name

    return (f"error: an actor of type {type_name(actor)} holds {size_text(heap)} "
            f"({heap:,} bytes, measured from its fields), over the limit of "
            f"{size_text(limit)} set by --max-actor-heap\n"
            "  hint: raise the limit, or let the actor hand its data on (send it as `iso`) "
            "or drop what it no longer needs\n")

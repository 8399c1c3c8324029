"""Pony's `error`, as generated code raises and catches it.

Place: imported by generated code. `error` compiles to `raise PonyError`
(raise the class, not an instance: Python instantiates it, and there is
nothing to carry) and `try ... else ... end` to `except PonyError`.

Invariant: PonyError carries no message and no state, so raising it is as
cheap as a Python exception can be. It never escapes a behaviour in correct
generated code (behaviours are not partial); if it does, the scheduler treats
it as a fault like any other exception.
"""

from __future__ import annotations


class PonyError(Exception):
    """Pony's `error`: no message, no fields."""

    __slots__ = ()

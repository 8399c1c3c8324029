"""Sendability of whole types: may a value of this type go to another actor?

A type is sendable when every capability in it is (`iso`, `val`, `tag`,
`#send`, `#share`); a `this->X` arrow must be sendable for every capability
`this` may stand for. Used for behaviour and constructor parameters,
recover, lambda captures and automatic receiver recovery.
"""

from __future__ import annotations

from checker.cap import Cap, RCap, is_sendable
from checker.types import Arrow, Isect, Nominal, TParam, TupleT, Type, Union, reify_this

_THIS_CAPS = (RCap(Cap.REF), RCap(Cap.VAL), RCap(Cap.BOX))


def is_sendable_type(t: Type) -> bool:
    if isinstance(t, Nominal | TParam):
        return is_sendable(t.cap)
    if isinstance(t, Union | Isect):
        return all(is_sendable_type(m) for m in t.members)
    if isinstance(t, TupleT):
        return all(is_sendable_type(e) for e in t.elems)
    if isinstance(t, Arrow):
        return all(is_sendable_type(reify_this(t, cap)) for cap in _THIS_CAPS)
    return True

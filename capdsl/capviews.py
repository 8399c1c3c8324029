"""Capability views: what each capability of a class lets Python code touch.

Place: shared by the two Python-facing ends of the pipeline. `capdsl.stubs`
writes, beside each class of a compiled program, one view class per
capability (`Val_Buf`: `Buf` seen through a `val` reference, with the
methods and fields a `val` may use, fields typed as a `val` reads them);
`capdsl.mypy_plugin` makes `Val[Buf]` mean `Val_Buf`, so that mypy resolves
members natively, and reports what a view lacks with its own codes. The
rules here are the plugin's simplified model of Pony's (`checker.cap` has
the exact ones): which receivers a method accepts, who may write a field,
and what a field read gives.
"""

from __future__ import annotations

import functools

from checker.cap import Cap, RCap, alias, normalize, viewpoint_upper

CAPS = ("iso", "trn", "ref", "val", "box", "tag")
"""The capabilities a wrapper (`Iso[...]` ... `Tag[...]`) or a view stands for."""

SUPERCAPS = {"iso": ("trn",), "trn": ("ref", "val"), "ref": ("box",), "val": ("box",),
             "box": ("tag",), "tag": ()}
"""The direct supercapabilities: a view's base views (`Iso <: Trn <: Ref`,
`Trn <: Val <: Box <: Tag`, the ephemeral view: a fresh `iso` fits anywhere)."""

RECEIVERS = {
    "iso": frozenset({"iso"}),
    "trn": frozenset({"iso", "trn"}),
    "ref": frozenset({"iso", "trn", "ref"}),
    "val": frozenset({"val"}),
    "box": frozenset({"iso", "trn", "ref", "val", "box"}),
    "tag": frozenset(CAPS),
    "behaviour": frozenset(CAPS),
}
"""Method kind (its receiver capability, or `behaviour`) -> the capabilities
that may call it. Each set is every capability below the kind's own, so a
method is declared once, in the view of its own capability, and inherited."""

WRITERS = frozenset({"iso", "trn", "ref"})
"""The capabilities through which a field may be written."""

VIEW_PREFIXES = tuple(f"{cap.title()}_" for cap in CAPS)


def view_name(cap: str, class_name: str) -> str:
    """The stub's name of the `cap` view of `class_name` (`Val_Buf`). No `.cap`
    type name has an underscore after its first character, so none collides."""
    return f"{cap.title()}_{class_name}"


def view_cap(class_name: str) -> str | None:
    """The capability of a view's class name (`Val_Buf` -> `val`), or None."""
    prefix = class_name[:4]
    return prefix[:3].lower() if prefix in VIEW_PREFIXES else None


@functools.cache
def read_cap(origin: str, field: str) -> str | None:
    """The capability of a Python name holding `origin->field`: Pony's
    viewpoint adaptation, then the alias a name makes (an `iso` field read
    through `ref` is `tag`). None if it is not one of `CAPS`."""
    seen = viewpoint_upper(RCap(Cap(origin)), RCap(Cap(field)))
    if seen is None:
        return None
    result = normalize(alias(seen)).cap.value
    return result if result in CAPS else None

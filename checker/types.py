"""Types as the checker sees them: every type carries its capability.

Made by `checker.resolve` from written types and by the expression checker
from values. Declarations (`EntityInfo`, `TypeParamInfo`) are compared by
identity, so two `Nominal`s are equal when they name the same entity with
equal arguments and capability.

`Unknown` stands for a type that could not be worked out because of an
earlier error; it is compatible with everything so one mistake gives one
diagnostic. `Never` is the type of an expression that does not produce a
value (`return`, `error`, `break`): it fits anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from checker.cap import Cap, Mod, RCap, alias, consume, normalize, viewpoint

if TYPE_CHECKING:
    from checker.decls import EntityInfo, TypeParamInfo


@dataclass(frozen=True, slots=True)
class Nominal:
    entity: EntityInfo
    args: tuple[Type, ...]
    cap: RCap


@dataclass(frozen=True, slots=True)
class TParam:
    """A use of a type parameter; `cap` is its constraint's cap with the use's
    modifier applied (`A!` of `A: Any #any` has cap `#alias`)."""

    param: TypeParamInfo
    cap: RCap
    mod: Mod = Mod.NONE
    seen_through: RCap | None = None
    """The capability of the origin it was read through (`box->A`, or a field
    of type `A` read from a box object), so that substituting an argument
    adapts the argument too (`box->A` with `A = Item ref` is `Item box`)."""


@dataclass(frozen=True, slots=True)
class Union:
    members: tuple[Type, ...]


@dataclass(frozen=True, slots=True)
class Isect:
    members: tuple[Type, ...]


@dataclass(frozen=True, slots=True)
class TupleT:
    elems: tuple[Type, ...]


@dataclass(frozen=True, slots=True)
class ThisOrigin:
    """`this` as an arrow origin inside a `box` method: stands for ref, val or box."""


THIS = ThisOrigin()


@dataclass(frozen=True, slots=True)
class Arrow:
    """`origin->target` kept symbolic because the origin is not a concrete cap."""

    origin: ThisOrigin | TParam
    target: Type


@dataclass(frozen=True, slots=True)
class Literal:
    """A number literal whose type comes from context (`I64`/`F64` by default)."""

    is_float: bool
    value: int | float


@dataclass(frozen=True, slots=True)
class Unknown:
    pass


@dataclass(frozen=True, slots=True)
class Never:
    pass


UNKNOWN = Unknown()
NEVER = Never()

Type: TypeAlias = Nominal | TParam | Union | Isect | TupleT | Arrow | Literal | Unknown | Never


def cap_of(t: Type) -> RCap | None:
    """The capability of a nominal or type-parameter type, else None."""
    if isinstance(t, Nominal | TParam):
        return t.cap
    return None


def map_parts(t: Type, fn: Callable[[Type], Type]) -> Type | None:
    """`t` rebuilt with `fn` applied to each part, for unions, intersections
    and tuples; None for any other type (the caller handles those)."""
    if isinstance(t, Union):
        return Union(tuple(fn(m) for m in t.members))
    if isinstance(t, Isect):
        return Isect(tuple(fn(m) for m in t.members))
    if isinstance(t, TupleT):
        return TupleT(tuple(fn(e) for e in t.elems))
    return None


def recap(t: Type, rc: RCap) -> Type:
    """`t` with its capability replaced (element-wise for compound types)."""
    if isinstance(t, Nominal):
        return Nominal(t.entity, t.args, normalize(rc))
    if isinstance(t, TParam):
        return TParam(t.param, normalize(rc), t.mod)
    if isinstance(t, Arrow):
        return recap(t.target, rc)
    mapped = map_parts(t, lambda part: recap(part, rc))
    return mapped if mapped is not None else t


CapFn: TypeAlias = Callable[[RCap], RCap]


def map_caps(t: Type, fn: CapFn, tparam_mod: Mod) -> Type:
    """Apply `fn` to every capability in `t` (through unions, tuples and arrows)."""
    if isinstance(t, Nominal):
        return Nominal(t.entity, t.args, normalize(fn(t.cap)))
    if isinstance(t, TParam):
        mod = tparam_mod if tparam_mod is not Mod.NONE else t.mod
        return TParam(t.param, normalize(fn(t.cap)), mod, t.seen_through)
    if isinstance(t, Arrow):
        return Arrow(t.origin, map_caps(t.target, fn, tparam_mod))
    mapped = map_parts(t, lambda part: map_caps(part, fn, tparam_mod))
    return mapped if mapped is not None else t


def map_caps_checked(t: Type, fn: Callable[[RCap], RCap | None],
                     tparam_mod: Mod) -> tuple[Type, bool]:
    """`map_caps` with a conversion that may not apply to some capability:
    returns the converted type and whether every capability converted."""
    failed = False

    def convert(rc: RCap) -> RCap:
        nonlocal failed
        result = fn(rc)
        if result is None:
            failed = True
            return rc
        return result

    return map_caps(t, convert, tparam_mod), not failed


def alias_type(t: Type) -> Type:
    """The type of a new name for a value of type `t` (`iso` -> `tag`, `X^` -> `X`)."""
    return map_caps(t, alias, Mod.ALIASED)


def _consume_cap(rc: RCap) -> RCap:
    result = consume(rc)
    return rc if result is None else result


def consume_type(t: Type) -> Type:
    """`t` made ephemeral: the type a target accepts (`iso` -> `iso^`)."""
    return map_caps(t, _consume_cap, Mod.EPH)


def strip_eph(t: Type) -> Type:
    """`t` without ephemeral markers: what a stored value of type `t` looks like."""
    return map_caps(t, lambda rc: RCap(rc.cap) if rc.mod is Mod.EPH else rc, Mod.NONE)


def view(origin: RCap, t: Type) -> Type:
    """`t` as read through an origin of capability `origin` (viewpoint adaptation).
    A type parameter's cap is adapted as the set it stands for."""
    if isinstance(t, Nominal):
        adapted = viewpoint(origin, t.cap)
        return Nominal(t.entity, t.args, adapted if adapted is not None else RCap(Cap.TAG))
    if isinstance(t, TParam):
        adapted = viewpoint(origin, t.cap)
        through = origin if t.seen_through is None else viewpoint(origin, t.seen_through)
        return TParam(t.param, adapted if adapted is not None else RCap(Cap.TAG), t.mod,
                      through if through is not None else RCap(Cap.TAG))
    if isinstance(t, Arrow):
        # K->(this->X) is this->(K->X): `this` stays the enclosing receiver
        return make_arrow(t.origin, view(origin, t.target)) \
            if isinstance(t.origin, ThisOrigin) else t
    mapped = map_parts(t, lambda part: view(origin, part))
    return mapped if mapped is not None else t


_THIS_CAPS = (RCap(Cap.REF), RCap(Cap.VAL), RCap(Cap.BOX))


def make_arrow(origin: ThisOrigin | TParam, target: Type) -> Type:
    """`origin->target`, simplified: through tuples and unions it applies to
    each element, and when every capability `this` may stand for sees the
    target the same way (a `val` or `tag`, a number) the arrow is dropped."""
    if isinstance(target, TupleT):
        return TupleT(tuple(make_arrow(origin, e) for e in target.elems))
    if isinstance(target, Union):
        return Union(tuple(make_arrow(origin, m) for m in target.members))
    if isinstance(origin, ThisOrigin) and isinstance(target, Nominal):
        seen = {view(cap, target) for cap in _THIS_CAPS}
        if len(seen) == 1:
            return seen.pop()
    return Arrow(origin, target)


def reify_this(t: Type, this_cap: RCap) -> Type:
    """Replace `this->X` arrows in `t` by `X` seen through `this_cap`, in
    type arguments too (ponyc's viewpoint_replacethis walks the whole type:
    `values(): Iterator[this->A]` on a ref receiver gives `Iterator[ref->A]`)."""
    return reify_origin(t, THIS, this_cap)


def reify_origin(t: Type, origin: ThisOrigin | TypeParamInfo, cap: RCap) -> Type:
    """Replace the arrows in `t` whose origin is `origin` (`this`, or a type
    parameter) by their targets seen through `cap`."""
    if isinstance(t, Arrow):
        inner = reify_origin(t.target, origin, cap)
        mine = (isinstance(t.origin, ThisOrigin) and isinstance(origin, ThisOrigin)) or \
            (isinstance(t.origin, TParam) and t.origin.param is origin)
        return view(cap, inner) if mine else Arrow(t.origin, inner)
    if isinstance(t, Nominal) and t.args:
        return Nominal(t.entity, tuple(reify_origin(a, origin, cap) for a in t.args), t.cap)
    mapped = map_parts(t, lambda part: reify_origin(part, origin, cap))
    return mapped if mapped is not None else t


def make_union(members: list[Type]) -> Type:
    """A union of `members`, flattened, without duplicates or `Never`s."""
    flat: list[Type] = []
    for m in members:
        for part in m.members if isinstance(m, Union) else (m,):
            if isinstance(part, Never) or part in flat:
                continue
            flat.append(part)
    if any(isinstance(m, Unknown) for m in flat):
        return UNKNOWN
    flat = [m for m in flat if not _ephemeral_twin(m, flat)]
    if not flat:
        return NEVER
    return flat[0] if len(flat) == 1 else Union(tuple(flat))


def _ephemeral_twin(t: Type, others: list[Type]) -> bool:
    """Whether `t` is `X k^` and `X k` is among `others`: the union is then
    `X k` (`U32 | U32^` from two branches is a U32, not a union to box)."""
    if not isinstance(t, Nominal) or t.cap.mod is not Mod.EPH:
        return False
    return Nominal(t.entity, t.args, RCap(t.cap.cap)) in others


def show(t: Type) -> str:
    """`t` spelled as Pony source would write it."""
    if isinstance(t, Nominal):
        args = f"[{', '.join(show(a) for a in t.args)}]" if t.args else ""
        return f"{t.entity.name}{args} {t.cap}"
    if isinstance(t, TParam):
        suffix = {Mod.EPH: "^", Mod.ALIASED: "!", Mod.NONE: ""}[t.mod]
        return f"{t.param.name}{suffix}"
    if isinstance(t, Union):
        return "(" + " | ".join(show(m) for m in t.members) + ")"
    if isinstance(t, Isect):
        return "(" + " & ".join(show(m) for m in t.members) + ")"
    if isinstance(t, TupleT):
        return "(" + ", ".join(show(e) for e in t.elems) + ")"
    if isinstance(t, Arrow):
        origin = "this" if isinstance(t.origin, ThisOrigin) else show(t.origin)
        return f"{origin}->{show(t.target)}"
    if isinstance(t, Literal):
        return "a float literal" if t.is_float else "an integer literal"
    if isinstance(t, Never):
        return "None (never returns)"
    return "an unknown type"

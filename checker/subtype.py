"""Subtyping between checker types, capabilities included.

`is_subtype(sub, sup, why)` is a cheap boolean; given a list as `why`, it
appends one sentence per failing step (outermost first) that a diagnostic
shows as notes. Nominal subtyping follows `is` clauses for traits and
structure for interfaces (assumed to hold while being checked, so recursive
interfaces like `Equatable[A]` terminate). `this->` arrows are compared for
each capability `this` may stand for in a `box` method: ref, val and box;
`A->X` arrows for each capability of type parameter A's set.
"""

from __future__ import annotations

from checker.cap import Cap, RCap, explain_subcap, is_subcap, is_subcap_bound, members
from checker.decls import EntityInfo, MethodInfo, TypeParamInfo
from checker.resolve import substitute
from checker.types import (
    Arrow,
    Isect,
    Literal,
    Never,
    Nominal,
    TParam,
    TupleT,
    Type,
    Union,
    Unknown,
    reify_origin,
    reify_this,
    show,
)

Why = list[str] | None
_THIS_CAPS = (RCap(Cap.REF), RCap(Cap.VAL), RCap(Cap.BOX))
_assumed: set[tuple[int, Type]] = set()


def is_subtype(sub: Type, sup: Type, why: Why = None) -> bool:
    """Whether a value of type `sub` may be used where `sup` is expected."""
    if isinstance(sub, Unknown | Never) or isinstance(sup, Unknown):
        return True
    if _has_arrow(sub) or _has_arrow(sup):
        return _arrow_sub(sub, sup, why)
    if isinstance(sub, Union):
        return all(is_subtype(m, sup, why) for m in sub.members)
    if isinstance(sup, Union):
        return _into_union(sub, sup, why)
    if isinstance(sup, Isect):
        return all(is_subtype(sub, m, why) for m in sup.members)
    if isinstance(sub, Isect):
        return any(is_subtype(m, sup) for m in sub.members) or _fail(sub, sup, why)
    if isinstance(sub, TupleT) or isinstance(sup, TupleT):
        return _tuple_sub(sub, sup, why)
    if isinstance(sub, Literal):
        return _literal_sub(sub, sup, why)
    if isinstance(sub, TParam):
        return _tparam_sub(sub, sup, why)
    if isinstance(sub, Nominal) and isinstance(sup, Nominal):
        return _nominal_sub(sub, sup, why)
    return _fail(sub, sup, why)


def _fail(sub: Type, sup: Type, why: Why, reason: str | None = None) -> bool:
    if why is not None:
        why.append(reason or f"{show(sub)} is not a subtype of {show(sup)}")
    return False


def _into_union(sub: Type, sup: Union, why: Why) -> bool:
    if any(is_subtype(sub, m) for m in sup.members):
        return True
    if why is not None:
        near = [m for m in sup.members if _same_shape(sub, m)]
        if len(near) == 1:
            is_subtype(sub, near[0], why)
        else:
            why.append(f"{show(sub)} is not any of the types in {show(sup)}")
    return False


def _same_shape(a: Type, b: Type) -> bool:
    return isinstance(a, Nominal) and isinstance(b, Nominal) and a.entity is b.entity


def _has_arrow(t: Type) -> bool:
    if isinstance(t, Arrow):
        return True
    if isinstance(t, Union | Isect):
        return any(_has_arrow(m) for m in t.members)
    if isinstance(t, TupleT):
        return any(_has_arrow(e) for e in t.elems)
    return False


def _arrow_sub(sub: Type, sup: Type, why: Why) -> bool:
    """Compare with `this` and type-parameter origins made concrete, for
    every capability each origin may stand for (one choice per origin, the
    same on both sides)."""
    param = _param_origin(sub) or _param_origin(sup)
    if param is not None:
        for c in sorted(members(param.cap.cap), key=str):
            rc = RCap(c)
            if not is_subtype(reify_origin(sub, param, rc), reify_origin(sup, param, rc), why):
                if why is not None:
                    why.append(f"when {param.name} is {c}")
                return False
        return True
    for cap in _THIS_CAPS:
        if not is_subtype(reify_this(sub, cap), reify_this(sup, cap), why):
            if why is not None:
                why.append(f"when `this` is {cap}, as it may be in a box method")
            return False
    return True


def _param_origin(t: Type) -> TypeParamInfo | None:
    """A type parameter that is the origin of an arrow in `t`, if any."""
    if isinstance(t, Arrow):
        if isinstance(t.origin, TParam):
            return t.origin.param
        return _param_origin(t.target)
    parts = t.members if isinstance(t, Union | Isect) else t.elems if isinstance(t, TupleT) \
        else t.args if isinstance(t, Nominal) else ()
    return next((p for p in map(_param_origin, parts) if p is not None), None)


def _tuple_sub(sub: Type, sup: Type, why: Why) -> bool:
    if isinstance(sub, TupleT) and _is_empty_interface(sup):
        assert isinstance(sup, Nominal)
        return all(is_subtype(e, Nominal(sup.entity, sup.args, sup.cap), why) for e in sub.elems)
    if not (isinstance(sub, TupleT) and isinstance(sup, TupleT)):
        return _fail(sub, sup, why)
    if len(sub.elems) != len(sup.elems):
        return _fail(sub, sup, why, f"{show(sub)} and {show(sup)} have different lengths")
    return all(is_subtype(a, b, why) for a, b in zip(sub.elems, sup.elems, strict=True))


def _is_empty_interface(t: Type) -> bool:
    """`Any` and other interfaces without methods: tuples are subtypes of them."""
    return isinstance(t, Nominal) and t.entity.kind == "interface" and not t.entity.methods


def _literal_sub(sub: Literal, sup: Type, why: Why) -> bool:
    from checker.literals import accepts_literal

    return accepts_literal(sup, sub) or _fail(sub, sup, why)


def _tparam_sub(sub: TParam, sup: Type, why: Why) -> bool:
    if isinstance(sup, TParam):
        if sup.param is sub.param and is_subcap_bound(sub.cap, sup.cap):
            return True
        if sup.param is sub.param:
            return _fail(sub, sup, why, f"{show(sub)} has capability {sub.cap} and {show(sup)} "
                         f"needs {sup.cap}: {explain_subcap(sub.cap, sup.cap)}")
        return _fail(sub, sup, why)
    constraint = sub.param.constraint
    if isinstance(constraint, Unknown):
        return True
    from checker.types import recap

    return is_subtype(recap(constraint, sub.cap), sup, why)


def _cap_sub(sub: Nominal, sup: Nominal, why: Why) -> bool:
    if is_subcap(sub.cap, sup.cap):
        return True
    return _fail(sub, sup, why, explain_subcap(sub.cap, sup.cap))


def _nominal_sub(sub: Nominal, sup: Nominal, why: Why) -> bool:
    if sub.entity is sup.entity:
        if all(_same_type(a, b) for a, b in zip(sub.args, sup.args, strict=True)):
            return _cap_sub(sub, sup, why)
        if sup.entity.kind == "interface":  # always structural (ponyc is_nominal_sub_interface)
            return _structural(sub, sup, why) and _cap_sub(sub, sup, why)
        return _fail(sub, sup, why, f"{show(sub)} and {show(sup)} have different type "
                     "arguments (type arguments must match exactly)")
    if not _entity_sub(sub, sup, why):
        return False
    return _cap_sub(sub, sup, why)


def _same_type(a: Type, b: Type) -> bool:
    return a == b or (is_subtype(a, b) and is_subtype(b, a))


def provided(entity: EntityInfo, args: tuple[Type, ...],
             _visiting: frozenset[int] = frozenset()) -> list[Nominal]:
    """The traits and interfaces `entity[args]` names in its `is` clause,
    transitively, with type arguments substituted (a cycle, which the names
    pass reports, is cut)."""
    if id(entity) in _visiting:
        return []
    visiting = _visiting | {id(entity)}
    mapping = dict(zip(entity.type_params, args, strict=False))
    found: list[Nominal] = []
    for p in entity.provides:
        for part in p.members if isinstance(p, Isect) else (p,):
            part = substitute(part, mapping)
            if isinstance(part, Nominal) and id(part.entity) not in visiting:
                found.append(part)
                found.extend(provided(part.entity, part.args, visiting))
    return found


def _entity_sub(sub: Nominal, sup: Nominal, why: Why) -> bool:
    """Ignoring capabilities: does `sub`'s entity provide `sup`'s?"""
    for p in provided(sub.entity, sub.args):
        if p.entity is sup.entity and all(
            _same_type(a, b) for a, b in zip(p.args, sup.args, strict=True)
        ):
            return True
    if sup.entity.kind == "interface":
        return _structural(sub, sup, why)
    return _fail(sub, sup, why, f"{sub.entity.name} does not provide {sup.entity.name}")


_MAX_STRUCTURAL_DEPTH = 16


def _structural(sub: Nominal, sup: Nominal, why: Why) -> bool:
    """Structural subtyping, coinductive: a pair being checked is assumed to
    hold, and so is a chain nested deeper than any real program's (types that
    grow at each step, `K[K[X]] <: I[I[X]]`, would never end otherwise)."""
    key = (id(sub.entity), _strip(sup))
    if key in _assumed or len(_assumed) >= _MAX_STRUCTURAL_DEPTH:
        return True
    _assumed.add(key)
    try:
        return methods_conform(sub, sup, why)
    finally:
        _assumed.discard(key)


def _strip(t: Nominal) -> Type:
    return Nominal(t.entity, t.args, RCap(Cap.TAG))


def methods_conform(sub: Nominal, sup: Nominal, why: Why) -> bool:
    sub_map = dict(zip(sub.entity.type_params, sub.args, strict=False))
    sup_map = dict(zip(sup.entity.type_params, sup.args, strict=False))
    for name, want in sup.entity.methods.items():
        have = sub.entity.methods.get(name)
        if have is None:
            return _fail(sub, sup, why, f"{sub.entity.name} has no method `{name}`, which "
                         f"interface {sup.entity.name} requires")
        if not method_conforms(have, sub_map, want, sup_map):
            return _fail(sub, sup, why, f"{sub.entity.name}.{name} does not match the "
                         f"signature that interface {sup.entity.name} requires")
    return True


def method_conforms(
    have: MethodInfo, have_map: dict[TypeParamInfo, Type], want: MethodInfo,
    want_map: dict[TypeParamInfo, Type],
) -> bool:
    """Whether `have` can stand in for `want`: receivers and parameters
    contravariant, results covariant, partiality no wider."""
    if want.is_ctor != have.is_ctor or len(have.params) != len(want.params):
        return False
    if have.partial and not want.partial:
        return False
    if len(have.type_params) != len(want.type_params):
        return False
    if any(h.cap != w.cap for h, w in zip(have.type_params, want.type_params, strict=True)):
        return False  # a looser constraint could return an `X!` as `X^` (ponyc #1816)
    if not _receivers_conform(have, want):
        return False
    for hp, wp in zip(have.params, want.params, strict=True):
        if not is_subtype(substitute(wp.type, want_map), substitute(hp.type, have_map)):
            return False
    return is_subtype(substitute(have.ret, have_map), substitute(want.ret, want_map))


def _receivers_conform(have: MethodInfo, want: MethodInfo) -> bool:
    """A behaviour and a `fun tag` stand in for each other; otherwise the
    implementation must accept every receiver the requirement does."""
    if want.is_behaviour or have.is_behaviour:
        return (have.is_behaviour or have.cap is Cap.TAG) and \
            (want.is_behaviour or want.cap is Cap.TAG)
    return is_subcap(RCap(want.cap), RCap(have.cap))

"""Reference capabilities: the lattice and every rule over it, as pure functions.

Place in the pipeline: the type checker (`checker/types.py` and the expression
checkers) asks this module every capability question: subtyping, aliasing,
`consume`, viewpoint adaptation, sendability, safe-to-write, `recover` and
method receivers. It imports no AST and knows nothing about types; a type's
capability is an `RCap` (a `Cap` plus a `Mod`: none, `^` or `!`).

Model: ponyc 0.69.1 (`src/libponyc/type/cap.c`, `alias.c`, `safeto.c`) and the
Pony tutorial, with the tutorial's viewpoint table (`trn->trn = box`, table
2.5.1 of `pony-refcaps.md`); RFC 59's tables are deliberately not used.

Invariants and conventions

* Every predicate normalises its inputs first (ponyc `cap_aliasing`):
  `iso!` is `tag`, `trn!` is `box`, `#send!` is `#share`, `#any!` is `#alias`,
  and `^` survives only on `iso`, `trn`, `#send` and `#any`.
* `alias`, `consume` and `consume_to` are type constructors and return
  ponyc's symbolic form (`iso!`, `ref^`) so messages can show what the user
  wrote; every other function returns normalised capabilities. Compare
  results with `normalize` (or `same_cap`).
* Generic sets (`#read` ...) stand for one unknown member. No generic row is
  written by hand: a rule over sets splits each set into its members
  (`instantiations`, which keeps the `^`), applies the concrete rule to every
  member and combines the answers (all / any / join / meet, as each function
  says). Only the concrete rules are tables here.

Decisions where the sources leave room (to be mirrored in `docs/language.md`)

* Viewpoint of generic caps. `viewpoint_upper`/`viewpoint_lower` adapt every
  instantiation pair and return the join / meet of the results in the
  concrete subtyping order (a lattice; see `join`). When every instantiation
  of the origin maps every member of a generic field to itself (or to its
  `^` form), the set itself is returned (`ref->#any = #any`,
  `iso^->#send = #send^`, `#read->#share = #share`): the set is then exactly
  as strong as the join in sub position and as the meet in super position,
  and `ref->A` stays `A` for the bound relation. Against the snapshot's
  hand-written generic rows (research 2.5.2; checked cell by cell in
  `tests/test_cap.py`):
  - every upper bound agrees, except that ponyc's `#share` for
    upper(val, #send | #alias | #any) is `tag` here: the same upset, so the
    same programs check;
  - lower bounds equivalent to ponyc's (same downset), only spelled as a
    concrete cap: lower(iso^ | iso, #any) = `iso^` (ponyc `#send^`/`#send`),
    lower(val, #send | #alias | #any) = `val` and lower(box, #send) = `val`
    (ponyc `#share`), and the `#read` origin row: iso -> `iso^`,
    ref -> `trn^`, #read -> `trn^`, #send -> `iso^`, #alias -> `trn^`,
    #any -> `iso^` (ponyc `#send`, `#read`, `#read`, `#send`, `#alias`, `#any`);
  - lower bounds that really differ: lower(iso^ | iso, #read | #alias) = `val`
    (ponyc `#send^`/`#send`, which only admits `iso^`): the members adapt to
    {tag, val} and whatever fits `val` fits both, so ponyc is merely
    over-conservative; lower(trn, #any) = `iso^` (ponyc `iso`) and
    lower(#read, trn) = `trn^` (ponyc `trn`, #5920): `trn->val` and
    `val->trn` are `val`, which neither `iso` nor `trn` is below, so those
    snapshot entries are unsound (fixed upstream by #5925/#5933/#5939).
* Constraint membership (`is_subcap_constraint`) is the snapshot's subset
  rule. Post-snapshot ponyc #5989 also accepts ordinary cap subtyping for a
  type argument (`val` for a `box` constraint). We do not: ponyc types a
  `Foo box` value as a subtype of `A: Foo box` (the lower bound of a type
  parameter with a concrete constraint is the constraint itself), so a `val`
  argument would let generic code turn a `box` into a `val`.
* Compatibility of generic sets is decided per instantiation (every pair of
  members compatible), as research section 5 (#1931) recommends. ponyc's
  "same source" special cases (`#read~#read`, `#alias~#alias`, `#any~#any`,
  `#any~#alias`) are therefore false here; the type layer, which knows when
  both sides are the same type parameter, can accept `(A & A)` itself.
* `consume` of anything still ephemeral after normalisation (`iso^`,
  `trn^`, `#send^`, `#any^`) returns None ("double ephemeral"); ponyc only
  refuses `iso^`/`trn^`, but `#send^`/`#any^` may be `iso^`.
  `consume_to` checks the *normalised* source, so `consume val` of an `iso!`
  (a `tag`) is refused even though ponyc checks the raw `iso`.
* `safe_to_write` is ponyc's `cap_safetomove(WRITE)` table and takes the
  cap of the *stored alias*: callers pass `alias(value)` (a consumed `trn^`
  argument becomes `trn`, a `trn` local becomes `box`), as ponyc's
  auto-recovery does. Field assignment must alias the right side too:
  ponyc's assignment path does not, which is the suspected hole of research
  section 5 (a non-consumed `trn` stored into a `box` field of a `trn`
  object). `safe_to_extract` takes the result as it is (not a new name).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Cap(Enum):
    """A capability keyword: the six concrete caps and the five generic sets."""

    ISO = "iso"
    TRN = "trn"
    REF = "ref"
    VAL = "val"
    BOX = "box"
    TAG = "tag"
    READ = "#read"
    SEND = "#send"
    SHARE = "#share"
    ALIAS = "#alias"
    ANY = "#any"

    def __str__(self) -> str:
        return self.value


class Mod(Enum):
    """A capability modifier: none, ephemeral (`^`) or aliased (`!`)."""

    NONE = ""
    EPH = "^"
    ALIASED = "!"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class RCap:
    """A capability as it appears in a type, e.g. `iso^`, `trn!`, `#any`."""

    cap: Cap
    mod: Mod = Mod.NONE

    def __str__(self) -> str:
        return f"{self.cap.value}{self.mod.value}"


CONCRETE: tuple[Cap, ...] = (Cap.ISO, Cap.TRN, Cap.REF, Cap.VAL, Cap.BOX, Cap.TAG)
GENERIC: tuple[Cap, ...] = (Cap.READ, Cap.SEND, Cap.SHARE, Cap.ALIAS, Cap.ANY)

_MEMBERS: dict[Cap, frozenset[Cap]] = {
    Cap.READ: frozenset({Cap.REF, Cap.VAL, Cap.BOX}),
    Cap.SEND: frozenset({Cap.ISO, Cap.VAL, Cap.TAG}),
    Cap.SHARE: frozenset({Cap.VAL, Cap.TAG}),
    Cap.ALIAS: frozenset({Cap.REF, Cap.VAL, Cap.BOX, Cap.TAG}),
    Cap.ANY: frozenset(CONCRETE),
}

# Caps whose alias differs from themselves; only these keep a `^`.
_ALIAS_OF: dict[Cap, Cap] = {
    Cap.ISO: Cap.TAG,
    Cap.TRN: Cap.BOX,
    Cap.SEND: Cap.SHARE,
    Cap.ANY: Cap.ALIAS,
}

FUN_DEFAULT_CAP = Cap.BOX
"""Receiver cap of a `fun` written without one."""

BEHAVIOUR_CAP = Cap.TAG
"""Receiver cap of a `be` as callers see it (inside, `this` is `ref`)."""


def members(cap: Cap) -> frozenset[Cap]:
    """The concrete caps a generic set stands for; a concrete cap is its own singleton."""
    return _MEMBERS.get(cap, frozenset({cap}))


def is_generic(cap: Cap) -> bool:
    """True for the generic sets `#read #send #share #alias #any`."""
    return cap in _MEMBERS


def parse_cap(text: str, modifier: str | None = None) -> RCap:
    """The `RCap` for source text such as (`"iso"`, `"^"`), kept as written.

    Raises ValueError for an unknown capability or modifier.
    """
    try:
        cap = Cap(text.strip())
    except ValueError:
        raise ValueError(f"unknown capability {text!r}") from None
    try:
        mod = Mod(modifier or "")
    except ValueError:
        raise ValueError(f"unknown capability modifier {modifier!r}") from None
    return RCap(cap, mod)


def normalize(rc: RCap) -> RCap:
    """ponyc's `cap_aliasing`: resolve `!` and drop a `^` that changes nothing."""
    if rc.mod is Mod.ALIASED:
        return RCap(_ALIAS_OF.get(rc.cap, rc.cap))
    if rc.mod is Mod.EPH and rc.cap not in _ALIAS_OF:
        return RCap(rc.cap)
    return rc


def same_cap(a: RCap, b: RCap) -> bool:
    """True when `a` and `b` denote the same capability (`iso!` and `tag`)."""
    return normalize(a) == normalize(b)


def instantiations(rc: RCap) -> frozenset[RCap]:
    """The normalised concrete caps `rc` may stand for (`#send^` -> iso^, val, tag)."""
    n = normalize(rc)
    return frozenset(normalize(RCap(m, n.mod)) for m in members(n.cap))


# --- subtyping ---------------------------------------------------------------

_ISO_E = RCap(Cap.ISO, Mod.EPH)
_TRN_E = RCap(Cap.TRN, Mod.EPH)
CONCRETE_RCAPS: tuple[RCap, ...] = (
    _ISO_E,
    RCap(Cap.ISO),
    _TRN_E,
    RCap(Cap.TRN),
    RCap(Cap.REF),
    RCap(Cap.VAL),
    RCap(Cap.BOX),
    RCap(Cap.TAG),
)
"""Every normalised concrete capability, most capable first."""


def _above(*caps: Cap) -> frozenset[RCap]:
    """The non-ephemeral `RCap`s of `caps`."""
    return frozenset(RCap(c) for c in caps)


# Table 2.1 restricted to normalised concrete caps: what each is a subcap of.
_SUPERS: dict[RCap, frozenset[RCap]] = {
    _ISO_E: frozenset(CONCRETE_RCAPS),
    RCap(Cap.ISO): _above(Cap.ISO, Cap.TAG),
    _TRN_E: frozenset({_TRN_E}) | _above(Cap.TRN, Cap.REF, Cap.VAL, Cap.BOX, Cap.TAG),
    RCap(Cap.TRN): _above(Cap.TRN, Cap.BOX, Cap.TAG),
    RCap(Cap.REF): _above(Cap.REF, Cap.BOX, Cap.TAG),
    RCap(Cap.VAL): _above(Cap.VAL, Cap.BOX, Cap.TAG),
    RCap(Cap.BOX): _above(Cap.BOX, Cap.TAG),
    RCap(Cap.TAG): _above(Cap.TAG),
}


def _sub1(a: RCap, b: RCap) -> bool:
    """Concrete subtyping between two normalised concrete caps."""
    return b in _SUPERS[a]


def is_subcap(sub: RCap, sup: RCap) -> bool:
    """ponyc `is_cap_sub_cap`: every instantiation of `sub` is below every one of `sup`.

    So a generic set is not a subcap of itself (`#read` may be `ref` on one
    side and `val` on the other); `iso^` is below everything; an ephemeral
    super needs an ephemeral sub.
    """
    return all(_sub1(a, b) for a in instantiations(sub) for b in instantiations(sup))


def is_subcap_constraint(sub: RCap, sup: RCap) -> bool:
    """ponyc `is_cap_sub_cap_constraint`: is `sub`'s set inside `sup`'s set?

    Used to check a type argument (or a constraint) against a constraint.
    Plain subtyping is deliberately not accepted (module docstring, #5989).
    """
    s, t = normalize(sub), normalize(sup)
    if t.mod is Mod.EPH and s.mod is not Mod.EPH:
        return False
    return members(s.cap) <= members(t.cap)


def is_subcap_bound(sub: RCap, sup: RCap) -> bool:
    """ponyc `is_cap_sub_cap_bound`: both caps belong to the same type parameter.

    Equal caps are related. Between two generic sets, every instantiation of
    `sup` must be above some instantiation of `sub` taken as unaliased (the
    value has one source, so `#any <= #alias` but not `#alias <= #any`);
    otherwise ordinary subtyping applies. This reproduces ponyc's table
    exactly, including the pairs its hand-written switch lists.
    """
    s, t = normalize(sub), normalize(sup)
    if t.mod is Mod.EPH and s.mod is not Mod.EPH:
        return False
    if s.cap is t.cap:
        return True
    if is_generic(s.cap) and is_generic(t.cap):
        fresh = [normalize(RCap(m, Mod.EPH)) for m in members(s.cap)]
        return all(any(_sub1(a, b) for a in fresh) for b in instantiations(t))
    return is_subcap(s, t)


_COMPAT_PAIRS: frozenset[tuple[RCap, RCap]] = frozenset(
    {
        (RCap(Cap.ISO), RCap(Cap.ISO)),
        (RCap(Cap.TRN), RCap(Cap.TRN)),
        (RCap(Cap.TRN), RCap(Cap.BOX)),
        (_TRN_E, RCap(Cap.BOX)),
        (RCap(Cap.REF), RCap(Cap.REF)),
        (RCap(Cap.REF), RCap(Cap.BOX)),
        (RCap(Cap.VAL), RCap(Cap.VAL)),
        (RCap(Cap.VAL), RCap(Cap.BOX)),
        (RCap(Cap.BOX), RCap(Cap.BOX)),
    }
)


def _compat1(a: RCap, b: RCap) -> bool:
    """ponyc `is_cap_compat_cap` on normalised concrete caps (symmetric)."""
    if Cap.TAG in (a.cap, b.cap):
        return True
    return (a, b) in _COMPAT_PAIRS or (b, a) in _COMPAT_PAIRS


def is_compatible(a: RCap, b: RCap) -> bool:
    """Can one object locally be seen as both `a` and `b` (intersections)?

    Generic sets are compatible only if every pair of instantiations is.
    """
    return all(_compat1(x, y) for x in instantiations(a) for y in instantiations(b))


def join(caps: Iterable[RCap]) -> RCap:
    """The least concrete cap that every cap in `caps` is a subcap of.

    Generic inputs count as all their instantiations. The concrete order is a
    lattice (`tag` on top, `iso^` at the bottom), so the answer is unique.
    """
    parts = [i for rc in caps for i in instantiations(rc)]
    if not parts:
        raise ValueError("join of no capabilities")
    ups = [u for u in CONCRETE_RCAPS if all(_sub1(p, u) for p in parts)]
    return next(u for u in ups if all(_sub1(u, v) for v in ups))


def meet(caps: Iterable[RCap]) -> RCap:
    """The greatest concrete cap that is a subcap of every cap in `caps`."""
    parts = [i for rc in caps for i in instantiations(rc)]
    if not parts:
        raise ValueError("meet of no capabilities")
    downs = [d for d in CONCRETE_RCAPS if all(_sub1(d, p) for p in parts)]
    return next(d for d in downs if all(_sub1(v, d) for v in downs))


# --- aliasing and consume ----------------------------------------------------


def alias(rc: RCap) -> RCap:
    """The cap of a second name for a value of cap `rc` (table 2.2).

    `X^` -> `X`; `iso`/`trn`/`#send`/`#any` -> `X!` (= tag/box/#share/#alias);
    `X!` and the self-aliasing caps are unchanged. Symbolic form. Idempotent
    except on `^` inputs: `alias(iso^)` is `iso` (the one name), whose alias is `iso!`.
    """
    if rc.mod is Mod.EPH:
        return RCap(rc.cap)
    if rc.mod is Mod.NONE and rc.cap in _ALIAS_OF:
        return RCap(rc.cap, Mod.ALIASED)
    return rc


def consume(rc: RCap, *, keep_double_ephemeral: bool = False) -> RCap | None:
    """The cap of `consume x` for `x` of cap `rc` (table 2.3), symbolic form.

    `X` -> `X^`; `X!` stays `X!`; a cap still ephemeral after normalisation
    (`iso^`, `trn^`, `#send^`, `#any^`) gives None ("double ephemeral")
    unless `keep_double_ephemeral` (used when substituting type arguments).
    """
    if rc.mod is Mod.ALIASED:
        return rc
    if rc.mod is Mod.EPH:
        if normalize(rc).mod is Mod.EPH and not keep_double_ephemeral:
            return None
        return rc
    return RCap(rc.cap, Mod.EPH)


def consume_to(rc: RCap, target: Cap) -> RCap | None:
    """The cap of `consume k x` (`consume val x`), or None if `k` is unreachable.

    Allowed iff the consumed source is bound-below `k` (`iso`/`trn` -> `val`
    yes, `ref` -> `iso` or `val` no); the result keeps `x`'s modifier made
    ephemeral (`val^`, normalising to `val`).
    """
    consumed = consume(rc)
    if consumed is None:
        return None
    source = normalize(RCap(normalize(rc).cap, Mod.EPH))
    if not is_subcap_bound(source, RCap(target)):
        return None
    return RCap(target, consumed.mod)


# --- viewpoint adaptation ----------------------------------------------------


def _view1(o: RCap, f: RCap) -> RCap | None:
    """Table 2.5.1 on normalised concrete caps; None when `o` is `tag`."""
    if o.cap is Cap.TAG:
        return None
    if f.cap is Cap.TAG or o.cap is Cap.REF:
        return f
    if o.cap is Cap.VAL or f.cap is Cap.VAL:
        return RCap(Cap.VAL)
    if o.cap is Cap.BOX:
        return RCap(Cap.TAG) if f.cap is Cap.ISO else RCap(Cap.BOX)
    if f.cap is Cap.ISO:  # origin iso / trn, possibly ephemeral
        eph = Mod.EPH in (o.mod, f.mod)
        return RCap(Cap.ISO, Mod.EPH if eph else Mod.NONE)
    return RCap(Cap.TAG) if o.cap is Cap.ISO else RCap(Cap.BOX)


def viewpoint_members(origin: RCap, field: RCap) -> frozenset[RCap] | None:
    """Every concrete result of `origin->field` over all instantiation pairs.

    None if some instantiation of `origin` can't read fields (it may be `tag`).
    """
    results = {_view1(o, f) for o in instantiations(origin) for f in instantiations(field)}
    if None in results:
        return None
    return frozenset(r for r in results if r is not None)


def _exact_view(origin: RCap, field: RCap) -> RCap | None:
    """`field`'s set itself (or its `^` form) when every instantiation of the
    origin maps every member to itself (`ref->#any = #any`); None otherwise."""
    f = normalize(field)
    if not is_generic(f.cap):
        return None
    for mod in (Mod.NONE, Mod.EPH):
        if all(
            _view1(o, normalize(RCap(m, f.mod))) == normalize(RCap(m, mod))
            for o in instantiations(origin)
            for m in members(f.cap)
        ):
            return normalize(RCap(f.cap, mod))
    return None


def viewpoint_upper(origin: RCap, field: RCap) -> RCap | None:
    """Upper bound of `origin->field` (what a read gives), None if unreadable.

    Concrete caps use table 2.5.1; generic caps are split into members and
    the results joined (module docstring).
    """
    results = viewpoint_members(origin, field)
    if results is None:
        return None
    return _exact_view(origin, field) or join(results)


def viewpoint_lower(origin: RCap, field: RCap) -> RCap | None:
    """Lower bound of `origin->field` (what may be stored into it), None if unreadable."""
    results = viewpoint_members(origin, field)
    if results is None:
        return None
    return _exact_view(origin, field) or meet(results)


def viewpoint(origin: RCap, field: RCap) -> RCap | None:
    """`origin->field`: the cap of a field read through `origin` (the upper bound).

    None where fields can't be read (a `tag` origin, or a set containing `tag`).
    Results on concrete caps are concrete and equal the lower bound.
    """
    return viewpoint_upper(origin, field)


# --- permissions -------------------------------------------------------------


def _as_rcap(origin: Cap | RCap) -> RCap:
    """`origin` as a normalised `RCap` (a bare `Cap` has no modifier)."""
    return normalize(origin) if isinstance(origin, RCap) else RCap(origin)


def is_sendable(rc: RCap) -> bool:
    """Can a value of this cap cross to another actor (table 2.8)? iso, val, tag
    and the sets made of them (`#send`, `#share`)."""
    return members(normalize(rc).cap) <= {Cap.ISO, Cap.VAL, Cap.TAG}


def is_mutable(rc: Cap | RCap) -> bool:
    """Does this cap allow writing (`iso`, `trn`, `ref`; `iso!` is `tag`)?"""
    return _as_rcap(rc).cap in (Cap.ISO, Cap.TRN, Cap.REF)


def can_write_fields(origin: Cap | RCap) -> bool:
    """May fields be assigned through an origin of this cap?"""
    return is_mutable(origin)


def can_read_fields(origin: Cap | RCap) -> bool:
    """May fields be read through this origin (no instantiation is `tag`)?"""
    return Cap.TAG not in members(_as_rcap(origin).cap)


def _safe_move(into: Cap, cap: Cap, write: bool) -> bool:
    """ponyc `cap_safetomove` on concrete caps (table 2.7)."""
    if into is Cap.REF:
        return True
    if cap in (Cap.ISO, Cap.VAL, Cap.TAG):
        return into in (Cap.ISO, Cap.TRN, Cap.VAL)
    if into in (Cap.TRN, Cap.VAL):
        return (cap is Cap.TRN and write) or (cap is Cap.BOX and not write)
    return False


def _safe(origin: Cap | RCap, value: RCap, write: bool) -> bool:
    """`_safe_move` for every instantiation of the origin and of the value."""
    into = members(_as_rcap(origin).cap)
    caps = members(normalize(value).cap)
    return all(_safe_move(o, c, write) for o in into for c in caps)


def safe_to_write(origin: Cap | RCap, value: RCap) -> bool:
    """May a value be stored into an object seen as `origin` (table 2.7, WRITE)?

    `value` is the cap of the new name, so pass `alias(value)`: an `iso`
    origin takes only iso/val/tag, a `trn` origin also `trn` (the alias of a
    consumed `trn^`), a `ref` origin anything, other origins nothing.
    """
    return _safe(origin, value, write=True)


def safe_to_extract(origin: Cap | RCap, value: RCap) -> bool:
    """May a value of cap `value` be taken out of an object seen as `origin`?

    Used for the result of an auto-recovered call: `trn` origins also give
    `box` but never `trn` (#3571).
    """
    return _safe(origin, value, write=False)


# --- recover -----------------------------------------------------------------


def _recover1(v: RCap, k: Cap | None) -> RCap | None:
    """ponyc `recover_single` on a normalised concrete cap."""
    if v.cap is Cap.ISO:
        k = k or Cap.ISO
        if v.mod is not Mod.EPH and k not in (Cap.ISO, Cap.TAG):
            return None  # the iso may come from outside the block
        return normalize(RCap(k, v.mod))
    if v.cap in (Cap.TRN, Cap.REF):
        return normalize(RCap(k or Cap.ISO, Mod.EPH))
    if v.cap in (Cap.VAL, Cap.BOX):
        k = k or Cap.VAL
        return RCap(k) if k in (Cap.VAL, Cap.BOX, Cap.TAG, Cap.SHARE) else None
    return RCap(Cap.TAG) if k in (None, Cap.TAG) else None


def recover_result(value: RCap, explicit: Cap | None = None) -> RCap | None:
    """The cap of `recover [explicit] ... end` whose body has cap `value` (2.10).

    None if `explicit` can't be reached. Defaults: mutable -> `iso^`,
    immutable -> `val`. A set is lifted to `val` when every member can be,
    otherwise it stays as it is; an explicit cap must suit every member.
    """
    v = normalize(value)
    if not is_generic(v.cap):
        return _recover1(v, explicit)
    insts = instantiations(v)
    lift_val = all(_recover1(m, Cap.VAL) is not None for m in insts)
    default = RCap(Cap.VAL) if lift_val else v
    if explicit is None or explicit is default.cap:
        return default
    results = {_recover1(m, explicit) for m in insts}
    if None in results:
        return None
    return _common(r for r in results if r is not None)


def _common(caps: Iterable[RCap]) -> RCap:
    """The one cap in `caps` if they all agree, else their join."""
    distinct = set(caps)
    return distinct.pop() if len(distinct) == 1 else join(distinct)


# --- method receivers ----------------------------------------------------------


def receiver_ok(receiver: RCap, method_cap: Cap) -> bool:
    """Can a method with receiver cap `method_cap` (`be` = tag) be called on
    `receiver` without automatic recovery? The receiver must be a subcap of
    the method cap made ephemeral (3.5 steps 1 and 3)."""
    return is_subcap(receiver, RCap(method_cap, Mod.EPH))


def receiver_after_recovery(receiver: RCap) -> RCap:
    """The receiver as seen by an auto-recovered call: `iso`/`trn` -> `ref`
    (ponyc `unisolated`); ephemeral and other caps are unchanged."""
    rc = normalize(receiver)
    if rc.mod is Mod.NONE and rc.cap in (Cap.ISO, Cap.TRN):
        return RCap(Cap.REF)
    return rc


def receiver_ok_with_recovery(receiver: RCap, method_cap: Cap) -> bool:
    """Could auto-recovery make the call legal? Only `fun ref`/`fun box` recover;
    the caller must still check arguments (`safe_to_write`) and a used result
    (`safe_to_extract`) against the original receiver cap."""
    if method_cap not in (Cap.REF, Cap.BOX):
        return False
    return receiver_ok(receiver_after_recovery(receiver), method_cap)


# --- defaults ------------------------------------------------------------------

_ENTITY_CAP: dict[str, Cap] = {
    "class": Cap.REF,
    "struct": Cap.REF,
    "trait": Cap.REF,
    "interface": Cap.REF,
    "actor": Cap.TAG,
    "primitive": Cap.VAL,
}

_AUTO_CTOR_CAP: dict[str, Cap] = {
    "class": Cap.ISO,
    "struct": Cap.ISO,
    "actor": Cap.TAG,
    "primitive": Cap.VAL,
}


def entity_default_cap(kind: str) -> Cap:
    """The cap a bare type name means: class/struct/trait/interface `ref`,
    actor `tag`, primitive `val`. ValueError for an unknown kind."""
    try:
        return _ENTITY_CAP[kind]
    except KeyError:
        raise ValueError(f"unknown entity kind {kind!r}") from None


def ctor_default_cap(kind: str) -> Cap:
    """The cap of `new` written without one: `ref` for classes (and traits,
    interfaces, structs), `tag` for actors, `val` for primitives."""
    return entity_default_cap(kind)


def auto_ctor_cap(kind: str) -> Cap:
    """The cap of the `create` generated when no constructor is written:
    `iso` for classes and structs, `tag` for actors, `val` for primitives."""
    try:
        return _AUTO_CTOR_CAP[kind]
    except KeyError:
        raise ValueError(f"no generated constructor for {kind!r}") from None


# --- explanations --------------------------------------------------------------

_WHAT: dict[Cap, str] = {
    Cap.ISO: "`iso` must be the only reference to its object",
    Cap.TRN: "`trn` must be the only writable reference",
    Cap.REF: "`ref` needs to read and write",
    Cap.VAL: "`val` promises nobody can ever write",
    Cap.BOX: "`box` needs to read",
}


def _set_text(rc: RCap) -> str:
    """`{iso^, val, tag}`: what a set stands for, in source syntax."""
    return "{" + ", ".join(str(c) for c in _ordered(instantiations(rc))) + "}"


def _ordered(caps: Iterable[RCap]) -> list[RCap]:
    """`caps` most capable first (a stable order for messages)."""
    return sorted(caps, key=CONCRETE_RCAPS.index)


def _explain1(s: RCap, t: RCap) -> str:
    """Why concrete `s` is not below concrete `t` (both normalised)."""
    if s.mod is Mod.NONE and s.cap in (Cap.ISO, Cap.TRN) and _sub1(RCap(s.cap, Mod.EPH), t):
        article = "an" if s.cap is Cap.ISO else "a"
        return f"{article} `{s.cap}` name can only be moved, not copied: write `consume`"
    if s.cap is Cap.TAG:
        needs = "read" if t.cap in (Cap.VAL, Cap.BOX) else "read and write"
        return f"`tag` only allows identity (comparing, sending), `{t.cap}` needs to {needs}"
    if s.cap in (Cap.VAL, Cap.BOX) and is_mutable(t):
        return f"`{s.cap}` is read-only, {_WHAT[t.cap]}"
    if s.cap is Cap.BOX and t.cap is Cap.VAL:
        return "`box` is read-only for you but others may write; `val` promises nobody writes"
    if t.cap is Cap.VAL:
        return f"`{s.cap}` allows writing, `val` promises nobody writes: use `recover val`"
    if s.cap is Cap.TRN:
        return "a `trn` may have read-only (`box`) aliases, but `iso` must be the only reference"
    if s.cap is Cap.REF:
        return f"a `ref` may have other writable aliases, but {_WHAT[t.cap]}: use `recover`"
    return f"`{s}` is not a subcap of `{t}`"


def explain_subcap(sub: RCap, sup: RCap) -> str:
    """One plain-English sentence saying why `sub` is not a subcap of `sup`.

    For generic sets it names the instantiations that clash: the least
    capable one of `sub` (the blocker) against the most demanding of `sup`.
    If `sub` does fit, the sentence says so.
    """
    s, t = normalize(sub), normalize(sup)
    if is_subcap(s, t):
        return f"`{s}` is a subcap of `{t}`"
    a, b = next(
        (a, b)
        for a in reversed(_ordered(instantiations(s)))
        for b in _ordered(instantiations(t))
        if not _sub1(a, b)
    )
    reason = _explain1(a, b)
    if is_generic(s.cap) and is_generic(t.cap):
        return f"`{s}` may be `{a}` while `{t}` may be `{b}`: {reason}"
    if is_generic(t.cap):
        return f"`{t}` stands for {_set_text(t)} and every one of them must fit: {reason}"
    if is_generic(s.cap):
        return f"`{s}` stands for {_set_text(s)} and the code must work for each: {reason}"
    return reason

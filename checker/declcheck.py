"""Checks on declarations, run at the end of the names pass.

Behaviour and actor constructor parameters sendable, and those of `new iso`,
`new trn` and `new val` constructors; every abstract method inherited by a
concrete entity implemented; every `is` clause satisfied; type arguments
within their parameters' constraints. (Which members an entity kind may
have is the syntax pass's job.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from capdsl.diagnostics import Label, Note
from capdsl.messages import make
from checker.cap import Cap, RCap, is_subcap_constraint
from checker.decls import EntityInfo, MethodInfo, TypeParamInfo
from checker.resolve import substitute
from checker.sendable import is_sendable_type
from checker.subtype import is_subtype
from checker.types import Nominal, TParam, Type, recap, show

if TYPE_CHECKING:
    from checker.program import CheckedProgram

_CONCRETE = ("class", "actor", "primitive")


def check_entity(program: CheckedProgram, entity: EntityInfo) -> None:
    if entity.kind == "type":
        return
    if _provides_itself(entity):
        program.reporter.add(make("E0613", entity.span, name=entity.name))
        return
    for method in entity.methods.values():
        if method.owner is entity and method.decl is not None:
            _check_method_decl(program, entity, method)
    for field in entity.fields.values():
        if field.kind == "embed" and field.owner is entity and isinstance(field.type, Nominal) \
                and field.type.entity.kind != "class":
            program.reporter.add(make("E0429", field.decl.span, name=field.name,
                                      kind=field.type.entity.kind))
    if entity.kind in _CONCRETE and not entity.native:
        _check_implemented(program, entity)
        _check_provides(program, entity)


def _provides_itself(entity: EntityInfo) -> bool:
    """Whether `entity` is reachable from its own `is` clause."""
    from checker.types import Isect

    todo = [entity]
    seen: set[int] = set()
    while todo:
        current = todo.pop()
        for p in current.provides:
            for part in p.members if isinstance(p, Isect) else (p,):
                if not isinstance(part, Nominal):
                    continue
                if part.entity is entity:
                    return True
                if id(part.entity) not in seen:
                    seen.add(id(part.entity))
                    todo.append(part.entity)
    return False


def check_main(program: CheckedProgram) -> None:
    """The program's `Main`, if it has one, is an actor whose `create`
    constructor takes only the environment."""
    main = program.packages[program.root_key].entities.get("Main")
    if main is None:
        return
    create = main.methods.get("create")
    env = program.builtin("Env")
    ok = main.kind == "actor" and create is not None and create.is_ctor and \
        len(create.params) == 1 and isinstance(create.params[0].type, Nominal) and \
        create.params[0].type.entity is env
    if not ok:
        program.reporter.add(make("E0612", main.span))


def _check_method_decl(program: CheckedProgram, entity: EntityInfo, method: MethodInfo) -> None:
    decl = method.decl
    assert decl is not None
    report = program.reporter.add
    if _needs_sendable_params(entity, method):
        for param in method.params:
            if not is_sendable_type(param.type):
                report(make("E0401", param.span, param=param.name, type=show(param.type),
                            what=_what_method(entity, method)))


def _needs_sendable_params(entity: EntityInfo, method: MethodInfo) -> bool:
    if method.is_behaviour:
        return True
    if method.is_ctor:
        return entity.kind == "actor" or method.cap in (Cap.ISO, Cap.TRN, Cap.VAL)
    return False


def _what_method(entity: EntityInfo, method: MethodInfo) -> str:
    if method.is_behaviour:
        return f"behaviour `{method.name}`"
    if entity.kind == "actor":
        return f"actor constructor `{method.name}`"
    return f"`new {method.cap}` constructor `{method.name}`"


def _check_implemented(program: CheckedProgram, entity: EntityInfo) -> None:
    for method in entity.methods.values():
        if method.body is None and method.owner is not entity and method.decl is not None:
            program.reporter.add(make(
                "E0604", entity.span, entity=entity.name, name=method.name,
                trait=method.owner.name,
                labels=(Label(method.decl.name_span, "declared here without a body"),)))


def self_type(entity: EntityInfo) -> Nominal:
    """`entity` applied to its own type parameters, with its default capability."""
    args: tuple[Type, ...] = tuple(TParam(p, p.cap) for p in entity.type_params)
    return Nominal(entity, args, RCap(entity.cap))


def _check_provides(program: CheckedProgram, entity: EntityInfo) -> None:
    decl = entity.decl
    for provided in entity.provides:
        why: list[str] = []
        if not _provides_ok(self_type(entity), provided, why):
            span = getattr(decl, "provides", None)
            where = span.span if span is not None else entity.span
            program.reporter.add(make("E0605", where, entity=entity.name,
                                      provided=show(provided),
                                      notes=_notes(why)))


def _provides_ok(me: Nominal, provided: Type, why: list[str]) -> bool:
    """An entity satisfies what its `is` clause names: interfaces (and the
    interfaces inside an intersection) by structure, even though naming them
    makes the nominal relation hold too."""
    from checker.subtype import methods_conform
    from checker.types import Isect

    tag = RCap(Cap.TAG)
    for part in provided.members if isinstance(provided, Isect) else (provided,):
        if isinstance(part, Nominal) and part.entity.kind == "interface":
            if not methods_conform(recap(me, tag), recap(part, tag), why):  # type: ignore[arg-type]
                return False
        elif not _nominally_provides(me, part, why):
            return False
    return True


def _nominally_provides(me: Nominal, part: Type, why: list[str]) -> bool:
    """A trait (or other nominal part) is provided when it is named and the
    entity's own versions of its methods fit its signatures."""
    tag = RCap(Cap.TAG)
    if not is_subtype(recap(me, tag), recap(part, tag), why):
        return False
    return not isinstance(part, Nominal) or _overrides_conform(me, part, why)


def _overrides_conform(me: Nominal, trait: Nominal, why: list[str]) -> bool:
    """The entity's own versions of a trait's methods must fit the trait's
    signatures (a trait is nominal, so nothing else compares them)."""
    from checker.subtype import method_conforms

    trait_map = dict(zip(trait.entity.type_params, trait.args, strict=False))
    for name, want in trait.entity.methods.items():
        have = me.entity.methods.get(name)
        if have is None or have.owner is not me.entity or want.is_ctor:
            continue
        if not method_conforms(have, {}, want, trait_map):
            why.append(f"{me.entity.name}.{name} does not match the signature trait "
                       f"{trait.entity.name} declares")
            return False
    return True


def _notes(why: list[str]) -> tuple[Note, ...]:
    return tuple(Note(w) for w in why)


def satisfies_constraint(
    arg: Type, mapping: dict[TypeParamInfo, Type], param: TypeParamInfo
) -> bool:
    """Whether a type argument fits its parameter's constraint."""
    return _satisfies(arg, substitute(param.constraint, mapping), param.cap)


def check_type_args(program: CheckedProgram) -> None:
    """Each type argument must satisfy its parameter's constraint."""
    for nominal, texpr, _scope in program.resolver.pending_args:
        params = nominal.entity.type_params
        mapping = dict(zip(params, nominal.args, strict=False))
        for param, arg, node in zip(params, nominal.args, texpr.args, strict=False):
            constraint = substitute(param.constraint, mapping)
            if not _satisfies(arg, constraint, param.cap):
                program.reporter.add(make(
                    "E0303", node.span, arg=show(arg), param=param.name,
                    constraint=show(constraint), entity=nominal.entity.name))
    program.resolver.pending_args.clear()


def _satisfies(arg: Type, constraint: Type, cap: RCap) -> bool:
    """`arg` fits the constraint: its structure ignoring caps, and its capability
    within the constraint's set. An argument built from the enclosing code's
    own type parameters has only its capability checked for now: comparing
    F-bounded constraints (`Equatable[A]` against `Equatable[this->A!]`) needs
    the bound relation of the generics work (issue 3)."""
    from checker.types import cap_of

    arg_cap = cap_of(arg)
    if arg_cap is not None and not is_subcap_constraint(arg_cap, cap):
        return False
    if _mentions_tparam(arg):
        return True
    return is_subtype(recap(arg, RCap(Cap.TAG)), recap(constraint, RCap(Cap.TAG)))


def _mentions_tparam(t: Type) -> bool:
    from checker.types import Arrow, Isect, TupleT, Union

    if isinstance(t, TParam | Arrow):
        return True
    if isinstance(t, Nominal):
        return any(_mentions_tparam(a) for a in t.args)
    if isinstance(t, Union | Isect):
        return any(_mentions_tparam(m) for m in t.members)
    if isinstance(t, TupleT):
        return any(_mentions_tparam(e) for e in t.elems)
    return False

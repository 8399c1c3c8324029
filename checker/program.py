"""The names pass and the driver of the types pass.

`declare_program` enters every entity of every package, resolves type
parameters, `is` clauses, fields and method signatures, inherits trait
defaults, adds the constructors Pony adds, and checks declarations
(behaviours only in actors, sendable behaviour parameters, abstract methods
implemented). `check_bodies` then runs the expression checker over every
method body. The result, a `CheckedProgram`, is what codegen reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from capdsl import ast
from capdsl.diagnostics import Label, Reporter
from capdsl.messages import make
from checker.cap import Cap, RCap, entity_default_cap, parse_cap
from checker.decls import (
    EntityInfo,
    FieldInfo,
    MethodInfo,
    PackageScope,
    ParamInfo,
    TypeParamInfo,
)
from checker.resolve import (
    ModuleScope,
    Resolver,
    TypeScope,
    constraint_cap_syntax,
    substitute,
)
from checker.types import UNKNOWN, Nominal, Type

if TYPE_CHECKING:
    from capdsl.loader import Package
    from capdsl.passes import Compilation
    from checker.expr.fields import FieldConsume
    from checker.info import NodeInfo


@dataclass
class CheckedProgram:
    """Declarations, scopes and (after the types pass) what each node means."""

    reporter: Reporter
    resolver: Resolver
    packages: dict[str, PackageScope]
    root_key: str
    entities: list[EntityInfo] = field(default_factory=list)
    module_scopes: dict[int, ModuleScope] = field(default_factory=dict)
    modules: list[tuple[PackageScope, ast.Module]] = field(default_factory=list)
    info: NodeInfo | None = None
    anonymous: list[tuple[EntityInfo, EntityInfo]] = field(default_factory=list)
    entity_modules: dict[int, ast.Module] = field(default_factory=dict)
    field_consumes: list[FieldConsume] = field(default_factory=list)
    reified: set[int] = field(default_factory=set)

    def builtin(self, name: str) -> EntityInfo:
        return self.packages["builtin"].entities[name]

    def builtin_type(self, name: str, cap: Cap | None = None) -> Nominal:
        entity = self.builtin(name)
        return Nominal(entity, (), RCap(cap or entity.cap))


def declare_program(comp: Compilation) -> CheckedProgram:
    assert comp.root is not None
    program = CheckedProgram(comp.reporter, Resolver(comp.reporter), {}, comp.root.key)
    for package in comp.packages.values():
        _enter_package(program, package)
    for scope, module in program.modules:
        program.module_scopes[id(module)] = _module_scope(program, scope, module)
    program.resolver.alias_scope = lambda entity: scope_for(program, entity)
    for entity in program.entities:
        entity.type_params = _make_tparams(entity.decl.type_params, program, entity)
    for entity in program.entities:
        _declare_type_params(program, entity)
    for entity in program.entities:
        _declare_members(program, entity)
    for entity in program.entities:
        _inherit(program, entity, set())
    for entity in program.entities:
        _add_default_ctor(entity)
        _check_entity(program, entity)
    _check_type_args(program)
    from checker.declcheck import check_main

    check_main(program)
    return program


def _enter_package(program: CheckedProgram, package: Package) -> None:
    scope = PackageScope(package.key, package.name, package.is_stdlib)
    program.packages[package.key] = scope
    for module in package.modules:
        program.modules.append((scope, module))
        for decl in module.ffi_decls:
            scope.ffi[decl.name] = decl
        for node in module.entities:
            info = _enter_entity(program, scope, node)
            if info is not None:
                program.entity_modules[id(info)] = module


def _enter_entity(
    program: CheckedProgram, scope: PackageScope, node: ast.Entity | ast.TypeAliasDecl
) -> EntityInfo | None:
    if node.name in scope.entities:
        first = scope.entities[node.name]
        program.reporter.add(make("E0202", node.name_span, name=node.name,
                                  labels=(Label(first.span, "first declared here"),)))
        return None
    if isinstance(node, ast.TypeAliasDecl):
        info = EntityInfo(node.name, "type", node, scope, Cap.VAL)
    else:
        cap = entity_default_cap(node.kind) if node.cap is None else parse_cap(node.cap, None).cap
        info = EntityInfo(node.name, node.kind, node, scope, cap,
                          native=scope.is_stdlib and not _has_bodies(node))
    scope.entities[node.name] = info
    program.entities.append(info)
    return info


def _has_bodies(node: ast.Entity) -> bool:
    """Whether a standard-library entity is written in `.cap` (generated like
    user code) rather than implemented by the runtime: it declares a method
    with a body. Bodiless entities (most of builtin and collections) are
    native: the runtime module supplies them (see capdsl/codegen/module.py,
    NATIVE_MODULES). A concrete entity is one or the other, never half of
    each (tests/stdlib/test_stdlib_sources.py)."""
    return any(m.body is not None for m in node.methods)


def _module_scope(
    program: CheckedProgram, scope: PackageScope, module: ast.Module
) -> ModuleScope:
    visible = dict(program.packages["builtin"].entities)
    qualified: dict[str, dict[str, EntityInfo]] = {}
    for use in module.uses:
        used = _used_scope(program, scope, module, use)
        if used is None:
            continue
        if use.alias is None:
            visible.update(used.entities)
        else:
            qualified[use.alias] = used.entities
    visible.update(scope.entities)
    return ModuleScope(visible, qualified)


def _used_scope(
    program: CheckedProgram, scope: PackageScope, module: ast.Module, use: ast.Use
) -> PackageScope | None:
    from pathlib import Path

    from capdsl.loader import resolve_use

    base = Path(module.file).parent
    resolved = resolve_use(use, base)
    return program.packages.get(resolved[0]) if resolved else None


def scope_for(program: CheckedProgram, entity: EntityInfo) -> TypeScope:
    """The type scope inside `entity`: its module's names and its type parameters."""
    module = _module_of(program, entity)
    return TypeScope(program.module_scopes[id(module)]).with_params(entity.type_params)


def _module_of(program: CheckedProgram, entity: EntityInfo) -> ast.Module:
    return program.entity_modules[id(entity)]


def _make_tparams(
    params: tuple[ast.TypeParam, ...], program: CheckedProgram, entity: EntityInfo
) -> list[TypeParamInfo]:
    """Type parameters with their capability, read from the constraint as
    written (so an F-bounded constraint like `A: Equatable[A] #read` sees it)."""
    visible = program.module_scopes[id(_module_of(program, entity))]
    return [TypeParamInfo(p.name, p.span, cap=constraint_cap_syntax(p.constraint, visible))
            for p in params]


def _resolve_tparams(
    program: CheckedProgram, infos: list[TypeParamInfo], params: tuple[ast.TypeParam, ...],
    scope: TypeScope,
) -> None:
    for info, node in zip(infos, params, strict=True):
        if node.constraint is not None:
            pending = len(program.resolver.pending_args)
            info.constraint = program.resolver.resolve(node.constraint, scope)
            # Type arguments inside a constraint are bounds, not instantiations.
            del program.resolver.pending_args[pending:]
        else:
            any_type = program.builtin("Any")
            info.constraint = Nominal(any_type, (), RCap(Cap.ANY))
            info.cap = RCap(Cap.ANY)
        if node.default is not None:
            info.default = program.resolver.resolve(node.default, scope)


def _declare_type_params(program: CheckedProgram, entity: EntityInfo) -> None:
    scope = scope_for(program, entity)
    _resolve_tparams(program, entity.type_params, entity.decl.type_params, scope)


def _declare_members(program: CheckedProgram, entity: EntityInfo) -> None:
    decl = entity.decl
    scope = scope_for(program, entity)
    if isinstance(decl, ast.TypeAliasDecl):
        program.resolver.alias_target(entity)
        return
    if decl.provides is not None:
        entity.provides = [program.resolver.resolve(decl.provides, scope)]
    for fdecl in decl.fields:
        _declare_field(program, entity, fdecl, scope)
    for mdecl in decl.methods:
        _declare_method(program, entity, mdecl, scope)


def _declare_field(
    program: CheckedProgram, entity: EntityInfo, fdecl: ast.Field, scope: TypeScope
) -> None:
    if fdecl.name in entity.fields:
        program.reporter.add(make("E0204", fdecl.name_span, name=fdecl.name,
                                  entity=entity.name))
        return
    ftype = program.resolver.resolve(fdecl.type, scope)
    entity.fields[fdecl.name] = FieldInfo(fdecl.name, fdecl.kind, ftype, fdecl, entity)


def method_cap(entity: EntityInfo, mdecl: ast.Method) -> Cap:
    """The receiver capability of a method (the result capability for `new`)."""
    if mdecl.kind == "be":
        return Cap.TAG
    if mdecl.cap is not None:
        return parse_cap(mdecl.cap, None).cap
    if mdecl.kind == "new":
        return {"actor": Cap.TAG, "primitive": Cap.VAL}.get(entity.kind, Cap.REF)
    return Cap.BOX


def _declare_method(
    program: CheckedProgram, entity: EntityInfo, mdecl: ast.Method, scope: TypeScope
) -> None:
    if mdecl.name in entity.methods or mdecl.name in entity.fields:
        program.reporter.add(make("E0204", mdecl.name_span, name=mdecl.name,
                                  entity=entity.name))
        return
    info = MethodInfo(mdecl.name, mdecl.kind, method_cap(entity, mdecl), mdecl, entity,
                      span=mdecl.name_span, partial=mdecl.partial)
    info.type_params = _make_tparams(mdecl.type_params, program, entity)
    inner = scope.with_params(info.type_params)
    _resolve_tparams(program, info.type_params, mdecl.type_params, inner)
    for p in mdecl.params:
        ptype = program.resolver.resolve(p.type, inner)
        info.params.append(ParamInfo(p.name, ptype, p.default, p.span))
    info.ret = _method_result(program, entity, info, mdecl, inner)
    entity.methods[mdecl.name] = info


def _method_result(
    program: CheckedProgram, entity: EntityInfo, info: MethodInfo, mdecl: ast.Method,
    scope: TypeScope,
) -> Type:
    if mdecl.kind == "new":
        from checker.cap import Mod

        args = tuple(program.resolver.resolve(_tparam_ref(p), scope)
                     for p in entity.decl.type_params)
        return Nominal(entity, args, RCap(info.cap, Mod.EPH))
    if mdecl.kind == "be" or mdecl.ret is None:
        return program.builtin_type("None")
    return program.resolver.resolve(mdecl.ret, scope)


def _tparam_ref(p: ast.TypeParam) -> ast.NominalType:
    return ast.NominalType(p.span, None, p.name, (), None, None)


def inherit_methods(program: CheckedProgram, entity: EntityInfo) -> None:
    """Give `entity` the default methods of what it provides (object literals
    are entered after the names pass)."""
    _inherit(program, entity, set())


def _inherit(program: CheckedProgram, entity: EntityInfo, busy: set[int]) -> None:
    """Copy methods of provided traits and interfaces that `entity` doesn't define
    (with type arguments substituted), so lookups find them."""
    if id(entity) in busy or entity.kind == "type":
        return
    busy.add(id(entity))
    from checker.subtype import provided

    for parent in provided(entity, tuple(_self_args(entity))):
        _inherit(program, parent.entity, busy)
        mapping = dict(zip(parent.entity.type_params, parent.args, strict=False))
        for name, method in parent.entity.methods.items():
            if name in entity.methods or method.is_ctor:
                continue
            if method.body is None and entity.kind != "interface" and parent.entity.kind == \
                    "interface":
                continue
            entity.methods[name] = _substituted(method, mapping)


def _self_args(entity: EntityInfo) -> list[Type]:
    from checker.types import TParam

    return [TParam(p, p.cap) for p in entity.type_params]


def _substituted(method: MethodInfo, mapping: dict[TypeParamInfo, Type]) -> MethodInfo:
    if not mapping:
        return method
    copy = MethodInfo(method.name, method.kind, method.cap, method.decl, method.owner,
                      method.type_params, [], substitute(method.ret, mapping), method.partial,
                      method.span)
    copy.params = [ParamInfo(p.name, substitute(p.type, mapping), p.default, p.span)
                   for p in method.params]
    return copy


def _add_default_ctor(entity: EntityInfo) -> None:
    """Pony adds `new iso create()` to a class with no constructor, `new val
    create()` to a primitive and `new tag create()` to an actor."""
    if entity.kind not in ("class", "actor", "primitive") or (entity.native and \
            entity.kind == "class"):
        return
    if any(m.is_ctor for m in entity.methods.values()) or "create" in entity.methods:
        return
    from checker.cap import Mod

    cap = {"class": Cap.ISO, "actor": Cap.TAG, "primitive": Cap.VAL}[entity.kind]
    args = tuple(_self_args(entity))
    info = MethodInfo("create", "new", cap, None, entity, span=entity.span,
                      ret=Nominal(entity, args, RCap(cap, Mod.EPH)))
    entity.methods["create"] = info


def _check_entity(program: CheckedProgram, entity: EntityInfo) -> None:
    from checker.declcheck import check_entity

    check_entity(program, entity)


def _check_type_args(program: CheckedProgram) -> None:
    from checker.declcheck import check_type_args

    check_type_args(program)


def check_bodies(program: CheckedProgram) -> None:
    """The types pass: check every method body and field initialiser."""
    from checker.expr.fields import verify_field_consumes
    from checker.expr.method import check_entity_bodies, check_entity_defaults
    from checker.info import NodeInfo

    program.info = NodeInfo()
    for entity in program.entities:
        check_entity_defaults(program, entity)
    for entity in program.entities:
        check_entity_bodies(program, entity)
    verify_field_consumes(program)


def unknown_type() -> Type:
    return UNKNOWN

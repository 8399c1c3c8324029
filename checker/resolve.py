"""Resolving written types (`capdsl.ast` type nodes) to checker types.

Used by the names pass for declarations and by the expression checker for
local annotations, `as` and type arguments. A name is looked up in the type
parameters in scope, then the module's visible entities (own package,
builtin, packages used without a name), then `pkg.Name` through `use pkg =`.
Unknown names are reported once and become `Unknown`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from capdsl import ast
from capdsl.diagnostics import Reporter
from capdsl.messages import make
from checker.cap import Cap, Mod, RCap, alias, consume, parse_cap
from checker.decls import EntityInfo, TypeParamInfo
from checker.types import (
    THIS,
    UNKNOWN,
    Arrow,
    Isect,
    Nominal,
    TParam,
    TupleT,
    Type,
    Union,
    make_arrow,
    map_caps,
    map_parts,
    recap,
    view,
)


@dataclass
class ModuleScope:
    """What one source file can name."""

    visible: dict[str, EntityInfo]
    qualified: dict[str, dict[str, EntityInfo]] = field(default_factory=dict)


@dataclass
class TypeScope:
    """A module's names plus the type parameters of the entity and method."""

    module: ModuleScope
    tparams: dict[str, TypeParamInfo] = field(default_factory=dict)

    def with_params(self, params: Iterable[TypeParamInfo]) -> TypeScope:
        inner = dict(self.tparams)
        inner.update((p.name, p) for p in params)
        return TypeScope(self.module, inner)

    def entity(self, name: str, package: str | None) -> EntityInfo | None:
        if package is None:
            return self.module.visible.get(name)
        return self.module.qualified.get(package, {}).get(name)


def _modifier(mod: str | None) -> Mod:
    return {"^": Mod.EPH, "!": Mod.ALIASED}.get(mod or "", Mod.NONE)


def apply_modifier(t: Type, mod: Mod) -> Type:
    """`t^` or `t!` applied to every capability in `t`."""
    if mod is Mod.EPH:
        return map_caps(t, lambda rc: consume(rc) or rc, Mod.EPH)
    if mod is Mod.ALIASED:
        return map_caps(t, alias, Mod.ALIASED)
    return t


class Resolver:
    """Turns type expressions into types, reporting unknown names."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.pending_args: list[tuple[Nominal, ast.NominalType, TypeScope]] = []
        self.alias_scope: Callable[[EntityInfo], TypeScope] | None = None
        self._expanding: set[int] = set()

    def alias_target(self, entity: EntityInfo) -> Type:
        """A type alias's target, resolved on first use (aliases may name
        each other in any order; a cycle resolves to Unknown)."""
        decl = entity.decl
        if entity.alias_target is None and id(entity) in self._expanding:
            self.reporter.add(make("E0614", entity.span, name=entity.name))
            entity.alias_target = UNKNOWN
        if entity.alias_target is None and isinstance(decl, ast.TypeAliasDecl) and \
                self.alias_scope is not None and id(entity) not in self._expanding:
            self._expanding.add(id(entity))
            try:
                entity.alias_target = self.resolve(decl.target, self.alias_scope(entity))
            finally:
                self._expanding.discard(id(entity))
        return entity.alias_target if entity.alias_target is not None else UNKNOWN

    def resolve(self, texpr: ast.TypeExpr, scope: TypeScope) -> Type:
        if isinstance(texpr, ast.NominalType):
            return self._nominal(texpr, scope)
        if isinstance(texpr, ast.UnionType):
            members = tuple(self.resolve(m, scope) for m in texpr.members)
            return apply_modifier(Union(members), _modifier(texpr.modifier))
        if isinstance(texpr, ast.IsectType):
            members = tuple(self.resolve(m, scope) for m in texpr.members)
            return apply_modifier(Isect(members), _modifier(texpr.modifier))
        if isinstance(texpr, ast.TupleType):
            elems = tuple(self.resolve(e, scope) for e in texpr.elems)
            return apply_modifier(TupleT(elems), _modifier(texpr.modifier))
        if isinstance(texpr, ast.ArrowType):
            return self._arrow(texpr, scope)
        if isinstance(texpr, ast.LambdaType):
            return self._lambda_type(texpr, scope)
        self.reporter.add(make("E0306", texpr.span))
        return UNKNOWN

    def _lambda_type(self, texpr: ast.LambdaType, scope: TypeScope) -> Type:
        """`{(A, B): R ?} cap` is an anonymous interface with that `apply`.
        Type parameters it mentions become the interface's own, applied to the
        outer ones, so substitution reaches them."""
        from checker.decls import EntityInfo, MethodInfo, ParamInfo

        free = [p for name, p in scope.tparams.items() if _mentions(texpr, name)]
        own = [TypeParamInfo(p.name, p.span, p.constraint, p.cap) for p in free]
        inner = TypeScope(scope.module, {**scope.tparams, **{p.name: p for p in own}})
        decl = ast.Entity(texpr.span, "interface", None, _lambda_name(texpr), texpr.span,
                          (), None, (), ())
        package = next(iter(scope.module.visible.values())).package
        iface = EntityInfo(decl.name, "interface", decl, package, Cap.REF, type_params=own)
        apply_cap = parse_cap(texpr.apply_cap, None).cap if texpr.apply_cap else Cap.BOX
        method = MethodInfo("apply", "fun", apply_cap, None, iface, partial=texpr.partial,
                            span=texpr.span)
        method.params = [ParamInfo(f"p{i}", self.resolve(t, inner), None, t.span)
                         for i, t in enumerate(texpr.params)]
        method.ret = self.resolve(texpr.ret, inner) if texpr.ret is not None else \
            _none_type(scope)
        iface.methods["apply"] = method
        cap = RCap(Cap.REF) if texpr.cap is None else parse_cap(texpr.cap, None)
        args = tuple(TParam(p, p.cap) for p in free)
        return apply_modifier(Nominal(iface, args, cap), _modifier(texpr.modifier))

    def _arrow(self, texpr: ast.ArrowType, scope: TypeScope) -> Type:
        target = self.resolve(texpr.right, scope)
        left = texpr.left
        if isinstance(left, ast.ThisType):
            return make_arrow(THIS, target)
        if isinstance(left, ast.CapType):
            return view(parse_cap(left.cap, None), target)
        origin = self.resolve(left, scope)
        if isinstance(origin, TParam):
            return make_arrow(origin, target)
        if isinstance(origin, Nominal):
            return view(origin.cap, target)
        return target

    def _nominal(self, texpr: ast.NominalType, scope: TypeScope) -> Type:
        mod = _modifier(texpr.modifier)
        if texpr.package is None and texpr.name in scope.tparams:
            param = scope.tparams[texpr.name]
            base: Type = TParam(param, param.cap)
            if texpr.cap is not None and parse_cap(texpr.cap, None) != param.cap:
                self.reporter.add(make("E0421", texpr.span, name=param.name, cap=texpr.cap,
                                       constraint=str(param.cap)))
            return apply_modifier(base, mod) if mod is not Mod.NONE else base
        entity = scope.entity(texpr.name, texpr.package)
        if entity is None:
            self._unknown_type(texpr, scope)
            return UNKNOWN
        args = tuple(self.resolve(a, scope) for a in texpr.args)
        return self.instantiate(entity, args, texpr, scope, mod)

    def _unknown_type(self, texpr: ast.NominalType, scope: TypeScope) -> None:
        name = f"{texpr.package}.{texpr.name}" if texpr.package else texpr.name
        if texpr.package is not None and texpr.package not in scope.module.qualified:
            self.reporter.add(make("E0203", texpr.span, name=texpr.package))
            return
        hint = _suggest(texpr.name, [*scope.module.visible, *scope.tparams])
        self.reporter.add(make("E0201", texpr.span, name=name,
                               hint=f"did you mean `{hint}`?" if hint else None))

    def instantiate(
        self, entity: EntityInfo, args: tuple[Type, ...], texpr: ast.NominalType,
        scope: TypeScope, mod: Mod,
    ) -> Type:
        """`entity[args] cap^`, with defaults filled and the arity checked."""
        filled = self._fill_defaults(entity, args, texpr)
        if filled is None:
            return UNKNOWN
        args = filled
        cap = RCap(entity.cap) if texpr.cap is None else parse_cap(texpr.cap, None)
        if entity.kind == "type":
            return self._expand_alias(entity, args, texpr, mod)
        result = Nominal(entity, args, cap)
        if args:
            self.pending_args.append((result, texpr, scope))
        return apply_modifier(result, mod)

    def _expand_alias(
        self, entity: EntityInfo, args: tuple[Type, ...], texpr: ast.NominalType, mod: Mod
    ) -> Type:
        target = self.alias_target(entity)
        if args:
            target = substitute(target, dict(zip(entity.type_params, args, strict=True)))
        if texpr.cap is not None:
            target = recap(target, parse_cap(texpr.cap, None))
        return apply_modifier(target, mod)

    def _fill_defaults(
        self, entity: EntityInfo, args: tuple[Type, ...], texpr: ast.NominalType
    ) -> tuple[Type, ...] | None:
        params = entity.type_params
        if len(args) > len(params):
            self.reporter.add(make("E0302", texpr.span, name=entity.name, want=len(params),
                                   got=len(args)))
            return None
        missing = params[len(args):]
        if any(p.default is None for p in missing):
            self.reporter.add(make("E0302", texpr.span, name=entity.name, want=len(params),
                                   got=len(args)))
            return None
        filled = list(args)
        for p in missing:
            assert p.default is not None
            filled.append(substitute(p.default, dict(zip(params, filled, strict=False))))
        return tuple(filled)


def _mentions(texpr: ast.LambdaType, name: str) -> bool:
    """Whether a lambda type's text names type parameter `name` (a cheap,
    conservative scan of its nominal parts)."""
    todo: list[object] = [*texpr.params, texpr.ret]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.NominalType):
            if node.package is None and node.name == name:
                return True
            todo.extend(node.args)
        elif isinstance(node, ast.UnionType | ast.IsectType):
            todo.extend(node.members)
        elif isinstance(node, ast.TupleType):
            todo.extend(node.elems)
        elif isinstance(node, ast.ArrowType):
            todo.extend((node.left, node.right))
        elif isinstance(node, ast.LambdaType):
            todo.extend((*node.params, node.ret))
    return False


def _lambda_name(texpr: ast.LambdaType) -> str:
    return f"{{lambda type at {texpr.span.line}:{texpr.span.col}}}"


def _none_type(scope: TypeScope) -> Type:
    entity = scope.module.visible.get("None")
    return Nominal(entity, (), RCap(Cap.VAL)) if entity is not None else UNKNOWN


def substitute(t: Type, mapping: dict[TypeParamInfo, Type]) -> Type:
    """`t` with type parameters replaced by arguments, applying each use's
    modifier (`A!` with `A = String iso` gives `String tag`)."""
    if not mapping:
        return t
    if isinstance(t, TParam):
        if t.param not in mapping:
            return t
        arg = apply_modifier(mapping[t.param], t.mod)
        return arg if t.seen_through is None else view(t.seen_through, arg)
    if isinstance(t, Nominal):
        return Nominal(t.entity, tuple(substitute(a, mapping) for a in t.args), t.cap)
    mapped = map_parts(t, lambda part: substitute(part, mapping))
    if mapped is not None:
        return mapped
    if isinstance(t, Arrow):
        target = substitute(t.target, mapping)
        if isinstance(t.origin, TParam) and t.origin.param in mapping:
            origin = substitute(t.origin, mapping)
            return view(origin.cap, target) if isinstance(origin, Nominal) else target
        return make_arrow(t.origin, target)
    return t


def _suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate by edit distance, when close enough to be a typo."""
    import difflib

    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


def constraint_cap_syntax(texpr: ast.TypeExpr | None, scope: ModuleScope) -> RCap:
    """The capability (or set) a type parameter gets from its constraint as
    written: the written capability, else `#any` (ponyc 0.69.1; a primitive,
    always val, gives `val`); a union of constraints gives the smallest set
    holding every member's, an intersection the common members."""
    if texpr is None:
        return RCap(Cap.ANY)
    if isinstance(texpr, ast.NominalType):
        if texpr.cap is not None:
            return parse_cap(texpr.cap, None)
        entity = scope.qualified.get(texpr.package, {}).get(texpr.name) if texpr.package \
            else scope.visible.get(texpr.name)
        if entity is not None and entity.kind == "primitive":
            return RCap(Cap.VAL)
        if entity is not None and isinstance(entity.decl, ast.TypeAliasDecl):
            return constraint_cap_syntax(entity.decl.target, scope)
        return RCap(Cap.ANY)
    if isinstance(texpr, ast.UnionType | ast.IsectType):
        caps = [constraint_cap_syntax(m, scope) for m in texpr.members]
        union = isinstance(texpr, ast.UnionType)
        return _combine_sets(caps, union)
    return RCap(Cap.ANY)


def _combine_sets(caps: list[RCap], union: bool) -> RCap:
    """The named capability or set whose members are the union (or the
    intersection) of the given ones' members; `#any` if none matches."""
    from checker.cap import members

    sets = [members(c.cap) for c in caps]
    wanted = frozenset().union(*sets) if union else frozenset.intersection(*sets)
    for cap in Cap:
        if members(cap) == wanted:
            return RCap(cap)
    if union:
        for cap in (Cap.SEND, Cap.SHARE, Cap.READ, Cap.ALIAS, Cap.ANY):
            if wanted <= members(cap):
                return RCap(cap)
    return RCap(Cap.ANY)

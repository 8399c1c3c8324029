"""Names, `this`, fields and type references (ponyc `expr/reference.c`).

A name is a local or parameter, else a field of `this`, else a type (which
as a value means `Type.create()`). Reading a field adapts its type to the
origin's capability (viewpoint adaptation); inside a `box` method `this` is
`this->C ref` and field reads stay arrows until a use makes them concrete.
Inside `recover`, a non-sendable local from outside is seen as `tag`,
except as the receiver of a field read or a call, where the access itself
is judged.
"""

from __future__ import annotations

from dataclasses import dataclass

from capdsl import ast
from capdsl.diagnostics import Diagnostic
from capdsl.messages import make
from capdsl.source import Span
from checker.cap import Cap, Mod, RCap, can_read_fields
from checker.decls import EntityInfo, FieldInfo
from checker.expr.base import CheckerBase
from checker.expr.context import Frame, LocalVar
from checker.info import FieldRef, LocalRef, TypeRef
from checker.resolve import substitute
from checker.sendable import is_sendable_type
from checker.types import (
    THIS,
    UNKNOWN,
    Arrow,
    Nominal,
    ThisOrigin,
    TParam,
    TupleT,
    Type,
    Unknown,
    consume_type,
    make_arrow,
    make_union,
    recap,
    reify_this,
    show,
    view,
)

_THIS_CAPS = (RCap(Cap.REF), RCap(Cap.VAL), RCap(Cap.BOX))


@dataclass(frozen=True)
class Receiver:
    """An expression used left of `.`: its type as declared, and whether it is a
    non-sendable name from outside the enclosing `recover`."""

    type: Type
    outside_recover: bool = False
    type_ref: TypeRef | None = None


class ReferenceMixin(CheckerBase):
    def e_NameRef(self, node: ast.NameRef, expected: Type | None, used: bool) -> Type:
        var = self.frame.lookup(node.name)
        if var is not None:
            t = self.use_local(var, node)
            if self.outside_recover(var) and not is_sendable_type(t):
                return recap(t, RCap(Cap.TAG))
            if id(node) in self.frame.result_names:  # the method's result: moved out
                return consume_type(t)
            return t
        field = self.frame.entity.fields.get(node.name)
        if field is not None:
            self.info.refs[id(node)] = FieldRef(field)
            self.use_this(node)
            self.field_defined(field.name, node)
            self.consumed_field_use(node)
            result = self.read_field(self.this_for_access(), field, node)
            this = self.frame.this_type
            if self.frame.recover_depth > 0 and not is_sendable_type(this) and \
                    not is_sendable_type(result):
                self.report("E0409", node.span, name="this", type=show(this))
            return result
        entity = self.lookup_entity(node.name)
        if entity is not None:
            ref = self.bare_type_ref(entity, node)
            if ref is None:
                return UNKNOWN
            return self.type_as_value(node, ref.entity, ref.args, expected)
        if node.name in self.frame.entity.methods:
            self.report("E0305", node.span, what="method values (partial application)")
            return UNKNOWN
        captured = self.capture_outer(node)
        if captured is not None:
            self.info.refs[id(node)] = FieldRef(self.frame.entity.fields[node.name])
            return captured
        self.report_unknown_name(node)
        return UNKNOWN

    def report_unknown_name(self, node: ast.NameRef) -> None:
        import difflib

        names = [n for scope in self.frame.scopes for n in scope]
        names += list(self.frame.entity.fields) + list(self.frame.entity.methods)
        close = difflib.get_close_matches(node.name, names, n=1, cutoff=0.7)
        hint = f"did you mean `{close[0]}`?" if close else None
        self.program.reporter.add(self._make_unknown(node, hint))

    def _make_unknown(self, node: ast.NameRef, hint: str | None) -> Diagnostic:
        return make("E0205", node.span, name=node.name, hint=hint)

    def use_local(self, var: LocalVar, node: ast.Expr) -> Type:
        """The type of a use of `var`; reports a use after consume."""
        self.info.refs[id(node)] = LocalRef(var.name)
        consumed_at = self.frame.flow.consumed.get(var)
        if consumed_at is not None and self.frame.flow.reachable:
            from capdsl.messages import make

            if consumed_at == var.unassigned_at:
                self.program.reporter.add(make("E0609", node.span, name=var.name))
            else:
                self.program.reporter.add(make(
                    "E0407", node.span, name=var.name,
                    labels=(self.label(consumed_at, "consumed here"),)))
            return UNKNOWN
        return var.type

    def outside_recover(self, var: LocalVar) -> bool:
        return var.recover_depth < self.frame.recover_depth

    def this_for_access(self) -> Type:
        return self.frame.this_type

    def use_this(self, node: ast.Expr) -> None:
        """`this`, written or implied by a field or method name: not in a
        default argument, nor after `consume this`."""
        if self.frame.default_arg:
            what = "`this`" if isinstance(node, ast.This) else f"`{_node_name(node)}`"
            self.report("E0427", node.span, what=what)
            return
        if self.frame.flow.reachable:
            self.check_this_unconsumed(self.frame, node)

    def check_this_unconsumed(self, frame: Frame, node: ast.Expr) -> None:
        """E0407 at `node` if `frame`'s `this` has been consumed (`node` uses
        it, written or through a field, a method or a literal's capture)."""
        consumed_at = frame.flow.consumed.get(frame.this_var)
        if consumed_at is not None:
            label = self.label(consumed_at, "consumed here")
            self.program.reporter.add(make("E0407", node.span, name="this", labels=(label,)))

    def check_fields_defined(self, span: Span) -> None:
        """A constructor must define every field on every path."""
        missing = self.frame.undefined_fields()
        if missing:
            names = ", ".join(f"`{n}`" for n in missing)
            self.report("E0610", span, names=names, count=len(missing))

    def field_defined(self, name: str, node: ast.Expr) -> None:
        """A field read inside a constructor before it is assigned."""
        var = self.frame.field_vars.get(name)
        if var is not None and var in self.frame.flow.consumed and self.frame.flow.reachable:
            self.report("E0611", node.span, name=name)

    def current_this(self) -> Type:
        """`this` as a value: `tag` until a constructor has defined every field."""
        if self.frame.this_incomplete():
            return recap(self.frame.this_type, RCap(Cap.TAG))
        return self.frame.this_type

    def e_This(self, node: ast.This, expected: Type | None, used: bool) -> Type:
        self.use_this(node)
        t = self.current_this()
        if self.frame.recover_depth > 0 and not is_sendable_type(t):
            return recap(t, RCap(Cap.TAG))
        return t

    def e_DontCare(self, node: ast.DontCare, expected: Type | None, used: bool) -> Type:
        self.report("E0607", node.span)
        return UNKNOWN

    def lookup_entity(self, name: str) -> EntityInfo | None:
        scope = self.type_scope()
        if name in scope.tparams:
            return None
        return scope.entity(name, None)

    def bare_type_ref(self, entity: EntityInfo, node: ast.NameRef | ast.Dot,
                      package: str | None = None) -> TypeRef | None:
        """A type named without type arguments: its parameters' defaults apply
        (`Range(0, 10)` is `Range[USize](0, 10)`)."""
        if not entity.type_params:
            return TypeRef(entity, ())
        texpr = ast.NominalType(node.span, package, entity.name, (), None, None)
        t = self.resolve_type(texpr)
        return TypeRef(t.entity, t.args) if isinstance(t, Nominal) else None

    def package_type(self, node: ast.Expr) -> tuple[EntityInfo, str] | None:
        """`pkg.Type` where `pkg` names a package imported with `use pkg = "..."`."""
        if not (isinstance(node, ast.Dot) and isinstance(node.obj, ast.NameRef)):
            return None
        alias = node.obj.name
        if self.frame.lookup(alias) is not None or alias in self.frame.entity.fields:
            return None
        entity = self.type_scope().entity(node.name, alias)
        return (entity, alias) if entity is not None else None

    def type_as_value(
        self, node: ast.Expr, entity: EntityInfo, args: tuple[Type, ...],
        expected: Type | None,
    ) -> Type:
        """A type written as a value: `Foo` is `Foo.create()`."""
        raise NotImplementedError

    # ------------------------------------------------------------ receivers

    def receiver(self, node: ast.Expr) -> Receiver:
        """Check an expression used left of `.`, keeping the declared type of an
        outside local inside `recover` so each access can be judged."""
        if isinstance(node, ast.NameRef):
            var = self.frame.lookup(node.name)
            if var is not None:
                t = self.record(node, self.use_local(var, node))
                outside = self.outside_recover(var) and not is_sendable_type(t)
                return Receiver(t, outside)
            if node.name not in self.frame.entity.fields:
                entity = self.lookup_entity(node.name)
                if entity is not None:
                    return Receiver(UNKNOWN, type_ref=self.bare_type_ref(entity, node))
        if isinstance(node, ast.This):
            self.use_this(node)
            t = self.record(node, self.frame.this_type)
            return Receiver(t, self.frame.recover_depth > 0 and not is_sendable_type(t))
        if isinstance(node, ast.Qualify) and isinstance(node.expr, ast.NameRef | ast.Dot):
            ref = self.qualified_type(node)
            if ref is not None:
                return Receiver(UNKNOWN, type_ref=ref)
        if isinstance(node, ast.Dot) and (found := self.package_type(node)):
            return Receiver(UNKNOWN, type_ref=self.bare_type_ref(found[0], node, found[1]))
        return Receiver(self.value_of(node))

    def qualified_type(self, node: ast.Qualify) -> TypeRef | None:
        raise NotImplementedError

    # ------------------------------------------------------------ fields

    def e_Dot(self, node: ast.Dot, expected: Type | None, used: bool) -> Type:
        found = self.package_type(node)
        if found is not None:
            ref = self.bare_type_ref(found[0], node, found[1])
            return UNKNOWN if ref is None else \
                self.type_as_value(node, ref.entity, ref.args, expected)
        recv = self.receiver(node.obj)
        if recv.type_ref is not None:
            return self.dot_on_type(node, recv.type_ref, expected)
        if isinstance(recv.type, Unknown):
            return UNKNOWN
        if isinstance(recv.type, TupleT) and node.name.startswith("_"):
            element = self._tuple_element(node, recv.type)
            if recv.outside_recover and not is_sendable_type(element):
                self.report("E0409", node.obj.span, name=_name(node.obj), type=show(recv.type))
            return element
        field = self.field_of(recv.type, node.name)
        if field is None:
            if self.method_named(recv.type, node.name):
                self.report("E0305", node.span, what="method values (partial application)")
            else:
                self.report_no_member(node, recv.type, node.name, "field")
            return UNKNOWN
        self.info.fields[id(node)] = field
        if isinstance(node.obj, ast.This):
            self.field_defined(field.name, node)
        self.consumed_field_use(node)
        result = self.read_field(recv.type, field, node)
        if recv.outside_recover and not is_sendable_type(result):
            self.report("E0409", node.obj.span, name=_name(node.obj), type=show(recv.type))
        return result

    def dot_on_type(self, node: ast.Dot, ref: TypeRef, expected: Type | None) -> Type:
        raise NotImplementedError

    def consumed_field_use(self, node: ast.Expr) -> None:
        raise NotImplementedError  # FieldConsumeMixin

    def method_named(self, t: Type, name: str) -> bool:
        raise NotImplementedError

    def _tuple_element(self, node: ast.Dot, t: TupleT) -> Type:
        index = int(node.name[1:]) - 1 if node.name[1:].isdigit() else -1
        if not 0 <= index < len(t.elems):
            self.report_no_member(node, t, node.name, "element")
            return UNKNOWN
        return t.elems[index]

    def report_no_member(self, node: ast.Expr, t: Type, name: str, member: str) -> None:
        span = node.name_span if isinstance(node, ast.Dot) else node.span
        self.report("E0206", span, type=show(t), member=member, name=name)

    def field_of(self, t: Type, name: str) -> FieldInfo | None:
        entity = _entity_of(t)
        return entity.fields.get(name) if entity is not None else None

    def read_field(self, origin: Type, field: FieldInfo, node: ast.Expr) -> Type:
        """The type of reading `field` through `origin` (viewpoint adaptation).
        Through `this` in a box method the result stays `this->F`; through a
        type parameter it is adapted by the parameter's capability set (a
        field of `this->A` is read for each capability `this` may have)."""
        if isinstance(origin, Arrow) and isinstance(origin.origin, ThisOrigin):
            if not isinstance(origin.target, Nominal):
                return make_union([self.read_field(reify_this(origin, cap), field, node)
                                   for cap in _THIS_CAPS])
            ftype = _field_type(origin.target, field)
            seen = {view(cap, ftype) for cap in _THIS_CAPS}
            return seen.pop() if len(seen) == 1 else make_arrow(THIS, ftype)
        if isinstance(origin, TParam):
            origin = _bound(origin) or UNKNOWN
        if not isinstance(origin, Nominal):
            return UNKNOWN
        if not can_read_fields(origin.cap):
            self.report("E0402", node.span, name=field.name, type=show(origin))
            return UNKNOWN
        return view(origin.cap, _field_type(origin, field))


def _field_type(origin: Type, field: FieldInfo) -> Type:
    if isinstance(origin, Nominal) and origin.args:
        mapping = dict(zip(origin.entity.type_params, origin.args, strict=False))
        return substitute(field.type, mapping)
    return field.type


def _entity_of(t: Type) -> EntityInfo | None:
    if isinstance(t, Nominal):
        return t.entity
    if isinstance(t, Arrow):
        return _entity_of(t.target)
    if isinstance(t, TParam):
        bound = _bound(t)
        return bound.entity if bound is not None else None
    return None


def _bound(t: TParam) -> Nominal | None:
    """A type parameter seen as its (nominal) constraint with the parameter's
    capability set, for field access."""
    constraint = t.param.constraint
    if isinstance(constraint, Nominal):
        return Nominal(constraint.entity, constraint.args, t.cap)
    return None


def _name(node: ast.Expr) -> str:
    if isinstance(node, ast.NameRef):
        return node.name
    return "this"


def is_ephemeral_unique(t: Type) -> bool:
    return isinstance(t, Nominal) and t.cap.mod is Mod.EPH and t.cap.cap in (Cap.ISO, Cap.TRN)


def _node_name(node: ast.Expr) -> str:
    """The name a field or method reference is written with."""
    name = getattr(node, "name", None)
    return name if isinstance(name, str) else "this"

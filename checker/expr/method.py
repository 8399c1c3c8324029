"""Checking method bodies, field initialisers and default arguments.

The driver of the types pass for one entity: it builds a `Frame` for each
body with `this` typed by the method's receiver capability (`this->C ref`
in a `box` method, `C ref` in behaviours and constructors, `C val` in a
primitive), declares the parameters, checks the body and then the body's
value against the declared result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from capdsl import ast
from checker.cap import Cap, Mod, RCap
from checker.declcheck import self_type
from checker.decls import EntityInfo, MethodInfo
from checker.expr.checker import ExprChecker
from checker.expr.context import Frame, LocalVar
from checker.resolve import TypeScope
from checker.types import THIS, Arrow, Never, Type, recap

if TYPE_CHECKING:
    from checker.program import CheckedProgram


def this_type_for(entity: EntityInfo, method: MethodInfo | None) -> Type:
    """The type of `this` inside `method` (None: a field initialiser)."""
    base = self_type(entity)
    if entity.kind == "primitive":
        return recap(base, RCap(Cap.VAL))
    if method is None or method.kind in ("be", "new"):
        return recap(base, RCap(Cap.REF))
    if method.cap is Cap.BOX:
        return Arrow(THIS, recap(base, RCap(Cap.REF)))
    return recap(base, RCap(method.cap))


def check_entity_defaults(program: CheckedProgram, entity: EntityInfo) -> None:
    """Default arguments, checked before any body so calls see their types."""
    from checker.program import scope_for

    scope = scope_for(program, entity)
    for method in entity.methods.values():
        if method.owner is entity and method.decl is not None:
            _check_param_defaults(program, entity, method, scope.with_params(method.type_params))


def check_entity_bodies(program: CheckedProgram, entity: EntityInfo) -> None:
    from checker.program import scope_for

    scope = scope_for(program, entity)
    _check_field_defaults(program, entity, scope)
    for method in entity.methods.values():
        if method.owner is entity and method.body is not None and not entity.native:
            check_method(program, entity, method, scope)


def _frame(entity: EntityInfo, method: MethodInfo | None, ret: Type | None) -> Frame:
    frame = Frame(entity, method, this_type_for(entity, method), ret,
                  partial=bool(method and method.partial))
    frame.in_ctor = method is None or method.is_ctor
    return frame


def check_method(
    program: CheckedProgram, entity: EntityInfo, method: MethodInfo, scope: TypeScope,
    outer: tuple[Frame, ast.Expr | None] | None = None,
) -> None:
    """Check one method's body against its signature. `outer` is the frame
    and node of an object literal whose methods may capture its locals."""
    body = method.body
    assert body is not None
    wants_value = method.kind == "fun"
    frame = _frame(entity, method, method.ret if wants_value else None)
    if outer is not None:
        frame.outer, frame.literal = outer
    checker = ExprChecker(program, frame, scope.with_params(method.type_params))
    for param in method.params:
        frame.declare(LocalVar(param.name, "param", param.type, param.span))
    if method.is_ctor:
        _start_definite_assignment(frame, entity, method)
    if not wants_value or _returns_none(program, method):
        checker.expr(body, None, used=False)
        if method.is_ctor and frame.flow.reachable:
            checker.check_fields_defined(method.span or body.span)
        return
    for e in body.exprs[:-1]:
        checker.expr(e, None, used=False)
    last = body.exprs[-1]
    t = checker.final_value(last, method.ret)
    if frame.flow.reachable and not isinstance(t, Never):
        checker.check_fits(last, t, method.ret, "the result", f"`{method.name}`'s result type",
                           result=True)
    checker.record(body, t)


def _start_definite_assignment(frame: Frame, entity: EntityInfo, method: MethodInfo) -> None:
    """In a constructor, every field without an initialiser starts undefined
    (tracked like a consumed local, so branches join the same way)."""
    where = method.span or entity.span
    for name, info in entity.fields.items():
        if info.decl.default is None and info.owner is entity:
            var = LocalVar(f"this.{name}", "field", info.type, where, unassigned_at=where)
            frame.field_vars[name] = var
            frame.flow.consumed[var] = where


def _returns_none(program: CheckedProgram, method: MethodInfo) -> bool:
    from checker.types import Nominal

    none = program.builtin("None")
    return isinstance(method.ret, Nominal) and method.ret.entity is none


def _check_field_defaults(program: CheckedProgram, entity: EntityInfo, scope: TypeScope) -> None:
    for field in entity.fields.values():
        default = field.decl.default
        if default is None or field.owner is not entity:
            continue
        checker = ExprChecker(program, _frame(entity, None, None), scope)
        t = checker.value_of(default, field.type)
        checker.check_embed_value(field, default)
        checker.check_fits(default, t, field.type, "the initial value", f"field `{field.name}`")


def _check_param_defaults(
    program: CheckedProgram, entity: EntityInfo, method: MethodInfo, scope: TypeScope
) -> None:
    for param in method.params:
        if param.default is None:
            continue
        frame = _frame(entity, None, None)
        frame.default_arg = True
        checker = ExprChecker(program, frame, scope)
        t = checker.value_of(param.default, param.type)
        checker.check_fits(param.default, t, param.type, "the default value",
                           f"parameter `{param.name}`")


def unused(node: ast.Expr) -> None:
    del node


def ephemeral(rc: RCap) -> RCap:
    return RCap(rc.cap, Mod.EPH)

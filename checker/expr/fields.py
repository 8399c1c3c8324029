"""Consuming a field inside the assignment that replaces it (ponyc's refer
and verify passes).

`f = g(consume f)` (and `x.f = x.g(consume x.f)`) moves a `var` field's
value out and puts a new one in within one expression. Between the two, the
field must not be read, no partial call may jump out (leaving it empty), and
no method called from the expression may read a field of that name or type,
nor be a trait or interface method whose body can't be seen; that last part
is checked after every body is typed (`verify_field_consumes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from capdsl import ast
from capdsl.source import Span
from checker.decls import FieldInfo, MethodInfo
from checker.expr.call import CallMixin
from checker.info import FieldRef, NodeInfo
from checker.types import Type

if TYPE_CHECKING:
    from checker.program import CheckedProgram

FieldPath = tuple[str, ...]


@dataclass
class FieldConsume:
    """A field consumed inside its own reassignment, to verify afterwards."""

    field: FieldInfo
    value: ast.Expr
    span: Span


class FieldConsumeMixin(CallMixin):
    def field_path(self, node: ast.Expr) -> FieldPath | None:
        """`f`, `this.f`, `x.f`, `x.a.f` as names from a local or `this`, else None."""
        if isinstance(node, ast.This):
            return ("this",)
        if isinstance(node, ast.NameRef):
            if self.frame.lookup(node.name) is not None:
                return (node.name,)
            if node.name in self.frame.entity.fields:
                return ("this", node.name)
            return None
        if isinstance(node, ast.Dot):
            base = self.field_path(node.obj)
            return (*base, node.name) if base is not None else None
        return None

    def consumed_field_use(self, node: ast.Expr) -> None:
        """Report a read of a field path that is consumed right now."""
        path = self.field_path(node)
        if path is not None and path in self.frame.consumed_fields:
            self.report("E0407", node.span, name=".".join(path[1:]) if path[0] == "this"
                        else ".".join(path))

    def consume_field(self, node: ast.Consume, field: FieldInfo, t: Type) -> bool:
        """Check `consume <field path>`; True if allowed here."""
        path = self.field_path(node.operand)
        if field.kind != "var" or path is None or path not in self.frame.field_targets:
            self.report("E0423", node.span, name=field.name, kind=field.kind)
            return False
        self.frame.consumed_fields[path] = (node.span, self.partial_calls)
        return True

    def assign_field_path(self, target: ast.Expr, value: ast.Expr, check: object) -> Type:
        """Run `check()` (the assignment) with `target`'s path open for a
        consume, then close it: a partial call after the consume is an error."""
        assert callable(check)
        path = self.field_path(target)
        if path is None:
            result: Type = check()
            return result
        self.frame.field_targets.append(path)
        try:
            result = check()
        finally:
            self.frame.field_targets.pop()
        consumed = self.frame.consumed_fields.pop(path, None)
        if consumed is not None:
            span, partials = consumed
            if self.partial_calls > partials:
                self.report("E0424", target.span, name=path[-1])
            field = self.info.fields.get(id(target))
            ref = self.info.refs.get(id(target))
            info = field if field is not None else getattr(ref, "field", None)
            if isinstance(info, FieldInfo):
                self.program.field_consumes.append(FieldConsume(info, value, span))
        return result


def verify_field_consumes(program: CheckedProgram) -> None:
    """Methods called while a field is consumed must not read a field of that
    name or type, and must be concrete (their bodies checked here)."""
    assert program.info is not None
    for job in program.field_consumes:
        seen: set[int] = set()
        for call_node, method in _calls_in(program, job.value):
            _verify_method(program, job, method, call_node, seen)


def _calls_in(program: CheckedProgram, root: ast.Expr) -> list[tuple[ast.Expr, MethodInfo]]:
    """Every call made by the expression `root` (not inside called methods)."""
    assert program.info is not None
    found: list[tuple[ast.Expr, MethodInfo]] = []
    todo: list[ast.Expr] = [root]
    while todo:
        node = todo.pop()
        call = program.info.calls.get(id(node))
        if call is not None:
            found.append((node, call.method))
        todo.extend(_children(node))
    return found


def _verify_method(program: CheckedProgram, job: FieldConsume, method: MethodInfo,
                   call_node: ast.Expr, seen: set[int]) -> None:
    """Walk a called method's body (and what it calls) for reads that could
    see the consumed field."""
    from capdsl.messages import make

    if id(method) in seen or method.owner.native:
        return
    seen.add(id(method))
    if method.body is None or method.owner.kind in ("trait", "interface"):
        program.reporter.add(make("E0426", call_node.span, name=job.field.name,
                                  method=method.name))
        return
    assert program.info is not None
    todo: list[ast.Expr] = [method.body]
    while todo:
        node = todo.pop()
        if _reads_field_like(program.info, node, job.field):
            program.reporter.add(make("E0425", node.span, name=job.field.name))
        call = program.info.calls.get(id(node))
        if call is not None:
            _verify_method(program, job, call.method, node, seen)
        todo.extend(_children(node))


def _reads_field_like(info: NodeInfo, node: ast.Expr, field: FieldInfo) -> bool:
    read = info.fields.get(id(node))
    if read is None:
        ref = info.refs.get(id(node))
        read = ref.field if isinstance(ref, FieldRef) else None
    if read is None:
        return False
    return read.name == field.name or read.type == field.type


def _children(node: object) -> list[ast.Expr]:
    """The expression children of a node (for the verify walk)."""
    import dataclasses

    out: list[ast.Expr] = []
    if not dataclasses.is_dataclass(node):
        return out
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        for item in value if isinstance(value, tuple) else (value,):
            if dataclasses.is_dataclass(item) and not isinstance(item, Span) and \
                    hasattr(item, "span"):
                out.append(item)  # type: ignore[arg-type]
    return out

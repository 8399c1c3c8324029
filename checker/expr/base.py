"""The shared core of the expression checker: dispatch, recording, reporting
and the assignment rule every construct uses.

The checker is one class (`checker.expr.checker.ExprChecker`) assembled from
one mixin per family of constructs, as ponyc splits `expr/`: literals,
references, calls, operators, control flow, lambdas. Each mixin defines
`e_<NodeClass>(node, expected, used)` methods; `expr` dispatches on the
node's class. `expected` is the type the context wants (it types literals
and recovers constructor results); `used` says whether the value is needed
(automatic receiver recovery may discard a result that isn't).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from capdsl import ast
from capdsl.diagnostics import Label, Note
from capdsl.messages import make
from capdsl.source import Span
from checker.cap import Cap, Mod, RCap
from checker.decls import FieldInfo
from checker.expr.context import Frame, LocalVar
from checker.info import TypeRef
from checker.subtype import is_subtype
from checker.types import (
    UNKNOWN,
    Literal,
    Never,
    Nominal,
    Type,
    Unknown,
    cap_of,
    consume_type,
    recap,
    show,
    strip_eph,
)

if TYPE_CHECKING:
    from checker.info import NodeInfo
    from checker.program import CheckedProgram
    from checker.resolve import TypeScope


def value_sources(node: ast.Expr) -> list[ast.Expr | None]:
    """The sub-expressions whose value becomes `node`'s value: a sequence's
    last expression, the branches of if, match and try, a recover's body."""
    if isinstance(node, ast.Seq):
        return [node.exprs[-1]] if node.exprs else []
    if isinstance(node, ast.If):
        return [node.then, node.orelse]
    if isinstance(node, ast.Match):
        bodies: list[ast.Expr | None] = [c.body for c in node.cases]
        return [*bodies, node.orelse]
    if isinstance(node, ast.Try):
        return [node.body, node.orelse]
    if isinstance(node, ast.Recover):
        return [node.body]
    return []


def needs_box(value: Type, target: Type) -> bool:
    """Whether storing a `value` where `target` is expected loses its numeric
    type: a number into a union, interface, trait or `Any` (not into a type
    parameter: generic code keeps values as they are)."""
    from checker.literals import numeric_name
    from checker.types import TParam, TupleT

    if isinstance(target, TParam | Unknown) or isinstance(value, Unknown):
        return False
    if isinstance(value, TupleT):
        if isinstance(target, TupleT):
            return any(needs_box(v, t) for v, t in zip(value.elems, target.elems, strict=False))
        return any(numeric_name(e) is not None or isinstance(e, TupleT) for e in value.elems)
    return numeric_name(value) is not None and numeric_name(target) is None


_UNIQUE_RULE = {
    Cap.ISO: "an iso reference must stay the only one",
    Cap.TRN: "a trn reference must stay the only writable one",
}


class CheckerBase:
    """State and helpers shared by all expression mixins."""

    def __init__(self, program: CheckedProgram, frame: Frame) -> None:
        self.program = program
        self.frame = frame
        assert program.info is not None
        self.info: NodeInfo = program.info
        self._dispatch: dict[type, Callable[..., Type]] = {}

    # ---------------------------------------------------------------- dispatch

    def expr(self, node: ast.Expr, expected: Type | None = None, used: bool = True) -> Type:
        """Check `node` and return its type (recorded for codegen)."""
        handler = self._dispatch.get(type(node))
        if handler is None:
            handler = getattr(self, f"e_{type(node).__name__}", None)
            if handler is None:
                self.report("E0305", node.span, what=f"{type(node).__name__} expressions")
                return self.record(node, UNKNOWN)
            self._dispatch[type(node)] = handler
        result: Type = handler(node, expected, used)
        return self.record(node, result)

    def record(self, node: ast.Expr, t: Type) -> Type:
        self.info.types[id(node)] = t
        return t

    def report(self, code: str, span: Span, **args: Any) -> None:
        self.program.reporter.add(make(code, span, **args))

    # ---------------------------------------------------------------- types

    def builtin(self, name: str, cap: Cap | None = None) -> Nominal:
        return self.program.builtin_type(name, cap)

    def none_type(self) -> Nominal:
        return self.builtin("None")

    def bool_type(self) -> Nominal:
        return self.builtin("Bool")

    def value_of(self, node: ast.Expr, expected: Type | None = None) -> Type:
        """Check `node` as a value that is used; a literal takes its default type."""
        t = self.expr(node, expected)
        if isinstance(t, Literal):
            t = self.settle_literal(node, t, expected)
        return t

    def settle_literal(self, node: ast.Expr, lit: Literal, expected: Type | None) -> Type:
        raise NotImplementedError  # LiteralMixin

    def capture_outer(self, node: ast.NameRef) -> Type | None:
        raise NotImplementedError  # LambdaMixin

    def current_this(self) -> Type:
        raise NotImplementedError  # ReferenceMixin

    def check_fields_defined(self, span: Span) -> None:
        raise NotImplementedError  # ReferenceMixin

    def number(self, node: ast.Expr, lit: Literal, expected: Type | None) -> Type:
        raise NotImplementedError  # LiteralMixin

    def recover_ctor(self, result: Type, expected: Type | None,
                     args: tuple[ast.Expr, ...]) -> Type:
        raise NotImplementedError  # CallMixin

    def resolve_type(self, texpr: ast.TypeExpr) -> Type:
        raise NotImplementedError  # ExprChecker

    def type_scope(self) -> TypeScope:
        raise NotImplementedError  # ExprChecker

    # ---------------------------------------------------------------- fitting

    def check_embed_value(self, field: FieldInfo, value: ast.Expr) -> None:
        """An `embed` field takes only a constructor call of its class (E0430)."""
        if field.kind != "embed":
            return
        call = self.info.calls.get(id(value))
        if call is not None and call.method.is_ctor:
            return
        if isinstance(self.info.refs.get(id(value)), TypeRef):  # `Foo` is `Foo.create()`
            return
        self.report("E0430", value.span, name=field.name)

    def check_fits(
        self, node: ast.Expr, value: Type, target: Type, what: str, target_desc: str,
        result: bool = False,
    ) -> bool:
        """The assignment rule: `value` must be a subtype of `target` made
        ephemeral (storing makes an alias). A method's result (`result`) is
        not stored: it needs only to be a subtype of the result type as
        written (ponyc check_return_type; an `iso` field may be returned as
        `iso`, which the caller can only alias as `tag`). Reports E0301 or,
        when only the capability is wrong, E0406 with the reasons as notes."""
        if isinstance(value, Unknown | Never) or isinstance(target, Unknown):
            return True
        want = target if result else consume_type(target)
        why: list[str] = []
        if is_subtype(value, want, why):
            self.note_widening(node, value, target)
            return True
        var, rc = self.local_of(node), cap_of(value)
        if var is not None and rc is not None and self._copies_unique(value, want):
            self.program.reporter.add(make(
                "E0418", node.span, what=what, name=var.name, type=show(value),
                rule=_UNIQUE_RULE[rc.cap], target=target_desc,
                notes=self._value_notes(node, value)))
            return False
        if var is not None and var.recover_depth < self.frame.recover_depth:
            self.report("E0409", node.span, name=var.name, type=show(var.type))
            return False
        code = "E0406" if self._only_caps_differ(value, target) else "E0301"
        notes = tuple(Note(w) for w in dict.fromkeys(why)) + self._value_notes(node, value)
        self.program.reporter.add(make(
            code, node.span, what=what, got=show(value), target=target_desc,
            want=show(strip_eph(target)), notes=notes, hint=self._fit_hint(node, value, target),
        ))
        return False

    def note_widening(self, node: ast.Expr, value: Type, target: Type) -> None:
        """Record that a number (or a tuple holding one) is stored where the
        static type is not a number, so codegen keeps its type in a box."""
        if needs_box(value, target):
            self.info.coercions[id(node)] = (value, target)

    def _copies_unique(self, value: Type, want: Type) -> bool:
        """The value is a name of an `iso`/`trn` object that would fit if it were
        moved (consumed) instead of copied."""
        rc = cap_of(value)
        if rc is None or rc.cap not in (Cap.ISO, Cap.TRN) or rc.mod is not Mod.NONE:
            return False
        return is_subtype(consume_type(value), want)

    def _only_caps_differ(self, value: Type, target: Type) -> bool:
        tag = RCap(Cap.TAG)
        return is_subtype(recap(value, tag), recap(target, tag))

    def _value_notes(self, node: ast.Expr, value: Type) -> tuple[Note, ...]:
        var = self.local_of(node)
        if var is not None:
            return self.local_notes(var)
        field = self.info.fields.get(id(node))
        origin = self.info.types.get(id(node.obj)) if isinstance(node, ast.Dot) else None
        if field is not None and origin is not None:
            return (Note(f"field `{field.name}` is declared {show(field.type)}; read through "
                         f"{show(origin)} it is {show(value)} (viewpoint adaptation)",
                         field.decl.name_span),)
        return ()

    def local_notes(self, var: LocalVar) -> tuple[Note, ...]:
        """Where a local got its type; for an inferred local whose capability
        changed by aliasing, the story of that change (`iso` seen as `tag`)."""
        source = var.inferred_from
        if source is not None and source != var.type:
            have, got = cap_of(source), cap_of(var.type)
            why = f" (an alias of {have} is {got})" if have and got and have != got else ""
            return (Note(f"`{var.name}` was inferred as {show(var.type)} from a value of type "
                         f"{show(source)}{why}", var.span),)
        return (Note(f"`{var.name}` is declared here as {show(var.type)}", var.span),)

    def _fit_hint(self, node: ast.Expr, value: Type, target: Type) -> str | None:
        have, want = cap_of(value), cap_of(target)
        if have is None or want is None:
            return None
        var = self.local_of(node)
        if have.cap in (Cap.ISO, Cap.TRN) and have.mod is Mod.NONE and var is not None:
            return f"write `consume {var.name}` to move it instead of copying the reference"
        if want.cap is Cap.VAL and have.cap in (Cap.REF, Cap.BOX, Cap.TRN):
            return "a val must be immutable everywhere: build it inside `recover val ... end`, " \
                   "or copy it (for String, `.clone()`)"
        if isinstance(node, ast.Dot) and id(node) in self.info.fields:
            return "consume the object first to own it, or read the field through a ref"
        if want.cap is Cap.REF and have.cap in (Cap.BOX, Cap.VAL, Cap.TAG):
            return "this value is read-only here; get a ref from a `fun ref` method or a " \
                   "constructor"
        return None

    def local_of(self, node: ast.Expr) -> LocalVar | None:
        """The local a plain name refers to, if `node` is one."""
        if isinstance(node, ast.NameRef):
            return self.frame.lookup(node.name)
        return None

    def label(self, span: Span, text: str) -> Label:
        return Label(span, text)

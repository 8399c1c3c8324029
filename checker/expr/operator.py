"""Operators, assignment, consume and recover (ponyc `expr/operator.c`).

Binary and unary operators are method calls on the left operand (`a + b` is
`a.add(b)`), except `is`/`isnt` (identity) and `and`/`or` on `Bool`.
Assignment checks the value against the target's declared type made
ephemeral, requires a mutable origin and safe-to-write for fields, and
evaluates to the old value. `consume` marks a local consumed until it is
assigned again; `recover` lifts its value's capability.
"""

from __future__ import annotations

from capdsl import ast
from capdsl.messages import make
from capdsl.source import Span
from checker.cap import (
    Cap,
    Mod,
    RCap,
    can_write_fields,
    consume_to,
    recover_result,
    safe_to_write,
)
from checker.expr.call import _all_caps
from checker.expr.context import LocalVar
from checker.expr.fields import FieldConsumeMixin
from checker.expr.reference import Receiver
from checker.info import CallInfo, FieldRef, LocalRef, TypeRef
from checker.sendable import is_sendable_type
from checker.types import (
    NEVER,
    UNKNOWN,
    Arrow,
    Literal,
    Nominal,
    ThisOrigin,
    TupleT,
    Type,
    Union,
    Unknown,
    alias_type,
    consume_type,
    map_caps_checked,
    show,
    strip_eph,
)

BINARY_METHODS = {
    "+": "add", "-": "sub", "*": "mul", "/": "div", "%": "rem", "%%": "mod",
    "<<": "shl", ">>": "shr", "==": "eq", "!=": "ne", "<": "lt", "<=": "le",
    ">": "gt", ">=": "ge", "and": "op_and", "or": "op_or", "xor": "op_xor",
}
UNARY_METHODS = {"-": "neg", "-~": "neg_unsafe", "not": "op_not"}


def method_for_operator(op: str) -> str:
    """`+` -> `add`, `+~` -> `add_unsafe`, `+?` -> `add_partial`."""
    if op.endswith("~") and op[:-1] in BINARY_METHODS:
        return BINARY_METHODS[op[:-1]] + "_unsafe"
    if op.endswith("?") and op[:-1] in BINARY_METHODS:
        return BINARY_METHODS[op[:-1]] + "_partial"
    return BINARY_METHODS[op]


class OperatorMixin(FieldConsumeMixin):
    # ------------------------------------------------------------- operators

    def e_BinOp(self, node: ast.BinOp, expected: Type | None, used: bool) -> Type:
        if node.op in ("is", "isnt"):
            left, right = self.value_of(node.left), self.value_of(node.right)
            self.info.identities.append((self._identity_operand(node.left, left),
                                         self._identity_operand(node.right, right)))
            return self.bool_type()
        left = self.expr(node.left, expected)
        if isinstance(left, Literal):
            right = self.expr(node.right, expected)
            hint = expected if isinstance(right, Literal) else right
            left = self.settle_literal(node.left, left, hint)
            if isinstance(right, Literal):
                self.settle_literal(node.right, right, left)
        result = self._operator_call(node, left, [node.right], method_for_operator(node.op))
        self._check_constant_operand(node, left)
        return result

    def _check_constant_operand(self, node: ast.BinOp, left: Type) -> None:
        """ponyc's compile-time refusals (genoperator.c): integer `/`, `%`,
        `%%` by a constant zero; `<<`, `>>` by a constant >= the width."""
        bits = _int_bits(left)
        amount = _constant_int(node.right)
        if bits is None or amount is None:
            return
        if node.op in ("/", "%", "%%") and amount == 0:
            self.report("E0615", node.right.span, what="constant divide or remainder by zero")
        elif node.op in ("<<", ">>") and amount >= bits:
            self.report("E0615", node.right.span,
                        what=f"shift amount {amount} is not less than the type's width ({bits})")

    def _operator_call(
        self, node: ast.BinOp | ast.UnaryOp, left: Type, args: list[ast.Expr], name: str
    ) -> Type:
        if isinstance(left, Unknown):
            for a in args:
                self.value_of(a)
            return UNKNOWN
        found = self.lookup_method(left, name)
        if found is None:
            for a in args:
                self.value_of(a)
            self.report("E0313", node.span, op=getattr(node, "op", name), type=show(left))
            return UNKNOWN
        call = ast.Call(node.span, ast.Dot(node.span, _operand(node), name, node.span),
                        tuple(args), (), name.endswith("_partial"))
        from checker.expr.call import CallSite
        from checker.expr.reference import Receiver

        method, entity, mapping = found
        site = CallSite(call, method, entity, mapping, Receiver(left), _operand(node), True,
                        sugar=getattr(node, "op", None))
        result = self.invoke(site, ())
        info = self.info.calls.pop(id(call))
        self.info.calls[id(node)] = CallInfo(
            info.method, info.entity, info.args, _operand(node), left, False, info.sugar)
        return result

    def e_UnaryOp(self, node: ast.UnaryOp, expected: Type | None, used: bool) -> Type:
        if node.op == "-" and isinstance(node.operand, ast.IntLit | ast.FloatLit):
            value = -node.operand.value
            lit = Literal(isinstance(node.operand, ast.FloatLit), value)
            return self.number(node, lit, expected)
        operand = self.expr(node.operand, expected)
        if isinstance(operand, Literal):
            operand = self.settle_literal(node.operand, operand, expected)
        return self._operator_call(node, operand, [], UNARY_METHODS[node.op])

    def _identity_operand(self, node: ast.Expr, t: Type) -> Type:
        """The type an identity test's operand is recorded with: `this` in a
        trait's or interface's default method can't be a String when String
        has its own method of that name (the default never runs on one), so
        `Equatable.eq`'s `this is that` doesn't make every String's identity
        observable (codegen's Map key objects)."""
        method = self.frame.method
        if not isinstance(node, ast.This) or method is None or \
                not self.frame.entity.is_abstract:
            return t
        string = self.program.builtin("String")
        own = string.methods.get(method.name)
        return NEVER if own is not None and own.owner is string else t

    def e_DigestOf(self, node: ast.DigestOf, expected: Type | None, used: bool) -> Type:
        self.info.identities.append((self.value_of(node.operand),))
        return self.builtin("USize")

    # ------------------------------------------------------------- consume

    def e_Consume(self, node: ast.Consume, expected: Type | None, used: bool) -> Type:
        operand = node.operand
        if isinstance(operand, ast.This):
            self.use_this(operand)
            self.frame.flow.consumed[self.frame.this_var] = node.span
            self.record(operand, self.frame.this_type)
            return consume_type(self.frame.this_type)
        var = self.frame.lookup(operand.name) if isinstance(operand, ast.NameRef) else None
        if var is None and self.field_path(operand) is not None:
            return self._consume_field(node)
        if var is None:
            self.report("E0408", operand.span)
            if not isinstance(operand, ast.NameRef):
                self.value_of(operand)
            return UNKNOWN
        t = self.use_local(var, operand)
        self.record(operand, t)
        if self.outside_recover(var) and self.frame.loop_depth > var.loop_depth:
            pass
        self.frame.flow.consumed[var] = node.span
        if node.cap is not None:
            return self._consume_to(node, t, node.cap)
        return consume_type(t)

    def _consume_field(self, node: ast.Consume) -> Type:
        """`consume f` or `consume x.f`: only inside the assignment to that field."""
        t = self.value_of(node.operand)
        field = self.info.fields.get(id(node.operand))
        if field is None:
            ref = self.info.refs.get(id(node.operand))
            field = ref.field if isinstance(ref, FieldRef) else None
        if field is None or not self.consume_field(node, field, t):
            return UNKNOWN
        return consume_type(t)

    def _consume_to(self, node: ast.Consume, t: Type, cap: str) -> Type:
        from checker.cap import parse_cap

        target = parse_cap(cap, None).cap
        converted, ok = map_caps_checked(t, lambda rc: consume_to(rc, target), Mod.EPH)
        if not ok:
            self.report("E0417", node.span, name=_name_of(node.operand), type=show(t), cap=cap)
        return converted

    # ------------------------------------------------------------- recover

    def e_Recover(self, node: ast.Recover, expected: Type | None, used: bool) -> Type:
        self.frame.recover_depth += 1
        try:
            inner_expected = strip_eph(expected) if expected is not None else None
            body = self.value_of(node.body, _recap_for_recover(inner_expected))
        finally:
            self.frame.recover_depth -= 1
        if not self.frame.flow.reachable:
            self.report("E0505", node.span)
            return body
        explicit = None if node.cap is None else _parse(node.cap)
        lifted, ok = map_caps_checked(body, lambda rc: recover_result(rc, explicit), Mod.NONE)
        if not ok or not _tuple_lifts_ok(body, lifted):
            self.report("E0410", node.span, got=show(body), cap=node.cap or "a sendable value")
        return lifted

    # ------------------------------------------------------------- assignment

    def e_Assign(self, node: ast.Assign, expected: Type | None, used: bool) -> Type:
        target = node.target
        if isinstance(target, ast.Local):
            return self._assign_local_decl(target, node.value)
        if isinstance(target, ast.NameRef):
            return self.assign_field_path(target, node.value,
                                          lambda: self._assign_name(node, target))
        if isinstance(target, ast.Dot):
            return self.assign_field_path(target, node.value,
                                          lambda: self._assign_field(node, target))
        if isinstance(target, ast.Call):
            return self._assign_update(node, target, used)
        if isinstance(target, ast.TupleExpr):
            return self._assign_tuple(node, target)
        if isinstance(target, ast.DontCare):
            self.value_of(node.value)
            return self.none_type()
        self.report("E0607", target.span)
        self.value_of(node.value)
        return UNKNOWN

    def _assign_local_decl(self, target: ast.Local, value: ast.Expr) -> Type:
        declared = self.resolve_type(target.type) if target.type is not None else None
        if declared is not None:
            self._check_storable(target, declared)
        t = self.value_of(value, declared)
        inferred_from = None
        if declared is None:
            declared = alias_type(t)
            inferred_from = t
        else:
            self.check_fits(value, t, declared, "the value", f"`{target.name}`")
        var = LocalVar(target.name, target.kind, declared, target.name_span)
        var.inferred_from = inferred_from
        self.frame.declare(var)
        self.info.refs[id(target)] = LocalRef(var.name)
        self.record(target, declared)
        return consume_type(declared)

    def _check_storable(self, target: ast.Local, declared: Type) -> None:
        caps: list[RCap] = []
        _collect_caps(declared, caps)
        if any(c.mod is Mod.EPH and c.cap in (Cap.ISO, Cap.TRN) for c in caps):
            self.report("E0608", target.type.span if target.type else target.span,
                        type=show(declared))

    def e_Local(self, node: ast.Local, expected: Type | None, used: bool) -> Type:
        if node.type is None:  # the syntax pass reports it (E0120)
            declared: Type = UNKNOWN
        else:
            declared = self.resolve_type(node.type)
            self._check_storable(node, declared)
        var = LocalVar(node.name, node.kind, declared, node.name_span, unassigned_at=node.span)
        self.frame.declare(var)
        self.frame.flow.consumed[var] = node.span  # unassigned until the first assignment
        self.info.refs[id(node)] = LocalRef(var.name)
        return declared

    def _assign_name(self, node: ast.Assign, target: ast.NameRef) -> Type:
        var = self.frame.lookup(target.name)
        if var is not None:
            return self._assign_var(node, target, var)
        field = self.frame.entity.fields.get(target.name)
        if field is None and self.capture_outer(target) is not None:
            field = self.frame.entity.fields[target.name]  # a captured copy, written
        if field is not None:
            self.info.refs[id(target)] = FieldRef(field)
            self.use_this(target)
            if self.frame.recover_depth > 0 and not is_sendable_type(self.frame.this_type):
                self.report("E0422", target.span, name=field.name)
            return self._write_field(node, target, self.frame.this_type, field, this=True)
        self.report_unknown_name(target)
        self.value_of(node.value)
        return UNKNOWN

    def _assign_var(self, node: ast.Assign, target: ast.NameRef, var: LocalVar) -> Type:
        consumed_before = var in self.frame.flow.consumed
        partial_before = self.partial_calls
        t = self.value_of(node.value, var.type)
        self._try_reassign_rules(target, var, consumed_before,
                                 self.partial_calls > partial_before)
        self.info.refs[id(target)] = LocalRef(var.name)
        self.record(target, var.type)
        if var.kind in ("let", "param") and not self._first_assignment(var):
            what = "parameter" if var.kind == "param" else "local"
            self.report("E0602", target.span, name=var.name, what=what)
        if self.outside_recover(var) and not is_sendable_type(var.type):
            self.report("E0413", target.span, name=var.name)
        self.check_fits(node.value, t, var.type, "the value", f"`{var.name}`")
        self.frame.flow.consumed.pop(var, None)
        return consume_type(var.type)

    def _try_reassign_rules(self, target: ast.NameRef, var: LocalVar, consumed_before: bool,
                            partial: bool) -> None:
        """Inside `try`, an error may jump out between a consume and the
        reassignment, leaving the local consumed: so a local from outside the
        `try` is reassigned only in the same expression that consumes it, and
        with no partial call in that expression (ponyc's refer pass)."""
        if self.frame.try_depth <= var.try_depth or var not in self.frame.flow.consumed:
            return
        if self._first_assignment(var):
            return
        if consumed_before:
            self.report("E0419", target.span, name=var.name)
        elif partial:
            self.report("E0420", target.span, name=var.name)

    def _first_assignment(self, var: LocalVar) -> bool:
        """Whether `var` was declared without a value and not assigned yet."""
        pending = self.frame.flow.consumed.get(var)
        return pending is not None and pending == var.unassigned_at

    def _assign_field(self, node: ast.Assign, target: ast.Dot) -> Type:
        recv = self.receiver(target.obj)
        if recv.type_ref is not None:  # `Type.f = v` writes to `Type.create()`'s field
            ref = recv.type_ref
            made = self.type_as_value(target.obj, ref.entity, ref.args, None)
            recv = Receiver(self.record(target.obj, made))
        if isinstance(recv.type, Unknown):
            self.value_of(node.value)
            return UNKNOWN
        field = self.field_of(recv.type, target.name)
        if field is None:
            self.report_no_member(target, recv.type, target.name, "field")
            self.value_of(node.value)
            return UNKNOWN
        self.info.fields[id(target)] = field
        if recv.outside_recover:
            self.report("E0409", target.obj.span, name=getattr(target.obj, "name", "this"),
                        type=show(recv.type))
        is_this = isinstance(target.obj, ast.This)
        return self._write_field(node, target, recv.type, field, this=is_this)

    def _write_field(
        self, node: ast.Assign, target: ast.Expr, origin: Type, field: object, this: bool
    ) -> Type:
        from checker.decls import FieldInfo

        assert isinstance(field, FieldInfo)
        declared = _field_decl_type(origin, field)
        t = self.value_of(node.value, declared)
        self.check_embed_value(field, node.value)
        writable = True
        first = self._define_field(field, this)
        if field.kind in ("let", "embed") and not (this and self.frame.in_ctor and first):
            self.report("E0602", target.span, name=field.name, what="field")
        elif self._check_mutable_origin(target, origin, field):
            self._check_safe_to_write(node.value, t, origin, declared)
        else:
            writable = False
        self.check_fits(node.value, t, declared, "the value", f"field `{field.name}`")
        old = self.read_field(origin, field, target) if writable else UNKNOWN
        self.record(target, old)
        return consume_type(old)

    def _define_field(self, field: object, this: bool) -> bool:
        """Record a constructor's assignment to a field of `this`; True when it
        is the field's first assignment on every path and not inside a loop
        (a `let` field is assigned exactly once, ponyc's refer and verify)."""
        from checker.decls import FieldInfo

        assert isinstance(field, FieldInfo)
        var = self.frame.field_vars.get(field.name) if this else None
        if var is None:
            return False
        first = var in self.frame.flow.consumed and self.frame.loop_depth == 0
        self.frame.flow.consumed.pop(var, None)
        return first

    def _check_mutable_origin(self, target: ast.Expr, origin: Type, field: object) -> bool:
        name = getattr(field, "name", "?")
        if isinstance(origin, Arrow) and isinstance(origin.origin, ThisOrigin):
            self.report("E0404", target.span, name=name, type="this (a box method's receiver)",
                        reason="a `fun` is read-only (box) by default; declare it `fun ref` to "
                        "change fields")
            return False
        if isinstance(origin, Nominal) and not can_write_fields(origin.cap):
            self.report("E0404", target.span, name=name, type=show(origin),
                        reason=f"a {origin.cap.cap} reference can't write")
            return False
        return True

    def _check_safe_to_write(
        self, value_node: ast.Expr, value: Type, origin: Type, declared: Type
    ) -> None:
        if not isinstance(origin, Nominal) or origin.cap.cap not in (Cap.ISO, Cap.TRN):
            return
        ocap = origin.cap.cap
        if _all_caps(alias_type(value), lambda rc: safe_to_write(ocap, rc)):
            return
        if _all_caps(declared, lambda rc: safe_to_write(ocap, rc)):
            return
        call = self.info.calls.get(id(value_node))
        hint = None
        if isinstance(self.info.refs.get(id(value_node)), TypeRef) or \
                (call is not None and call.method.is_ctor):
            hint = ("a constructor stored in a field takes the field's capability; write "
                    "`recover iso ... end` around it to keep it isolated")
        self.program.reporter.add(make(
            "E0405", value_node.span, value=show(value), origin=show(origin),
            reason=f"an {ocap} object may only take iso, val or tag values (or trn ones when "
            "it is trn), so that nothing outside it can reach inside", hint=hint))

    def _assign_update(self, node: ast.Assign, target: ast.Call, used: bool) -> Type:
        """`x(i) = v` is `x.update(i where value = v)`."""
        named = (*target.named, ast.NamedArg(node.value.span, "value", node.value))
        call = ast.Call(node.span, ast.Dot(target.callee.span, target.callee, "update",
                                           target.callee.span), target.args, named,
                        target.partial)
        result = self.e_Call(call, None, used)
        info = self.info.calls.pop(id(call), None)
        if info is not None:
            self.info.calls[id(node)] = CallInfo(info.method, info.entity, info.args,
                                                 target.callee, info.receiver_type,
                                                 info.via_create, "update")
        return result

    def _assign_tuple(self, node: ast.Assign, target: ast.TupleExpr) -> Type:
        t = self.value_of(node.value)
        self._bind_tuple(target, t, node.span)
        return t

    def _bind_tuple(self, target: ast.TupleExpr, t: Type, span: Span) -> None:
        """Destructure a value of type `t` into `target`'s parts, nested
        tuples included (ponyc infer_local_inner)."""
        elems = t.elems if isinstance(t, TupleT) else None
        if elems is None or len(elems) != len(target.elems):
            if not isinstance(t, Unknown):
                self.report("E0312", span, got=len(elems) if elems else 1,
                            want=len(target.elems))
            elems = tuple(UNKNOWN for _ in target.elems)
        for part, elem in zip(target.elems, elems, strict=True):
            if isinstance(part, ast.TupleExpr):
                self._bind_tuple(part, elem, part.span)
            else:
                self._bind_part(part, elem)

    def _bind_part(self, part: ast.Expr, t: Type) -> None:
        if isinstance(part, ast.Local):
            declared = self.resolve_type(part.type) if part.type is not None else alias_type(t)
            if part.type is not None:
                self.check_fits(part, t, declared, "this element", f"`{part.name}`")
            var = LocalVar(part.name, part.kind, declared, part.name_span)
            self.frame.declare(var)
            self.info.refs[id(part)] = LocalRef(var.name)
            self.record(part, declared)
        elif isinstance(part, ast.NameRef) and (known := self.frame.lookup(part.name)):
            self.info.refs[id(part)] = LocalRef(known.name)
            self.check_fits(part, t, known.type, "this element", f"`{known.name}`")
            self.frame.flow.consumed.pop(known, None)
        elif not isinstance(part, ast.DontCare):
            self.report("E0607", part.span)


def _name_of(node: ast.Expr) -> str:
    return node.name if isinstance(node, ast.NameRef) else "this"


def _operand(node: ast.BinOp | ast.UnaryOp) -> ast.Expr:
    return node.left if isinstance(node, ast.BinOp) else node.operand


def _tuple_lifts_ok(before: Type, after: Type) -> bool:
    """Within one tuple at most one element may be lifted to a mutable
    capability (two could be the same object), and mutable and immutable
    lifts can't be mixed (ponyc's recover of tuples); nested tuples and
    unions inside a tuple share that count (ponyc recover_type_inner)."""
    if isinstance(before, Union) and isinstance(after, Union):
        return all(_tuple_lifts_ok(b, a) for b, a in zip(before.members, after.members,
                                                         strict=True))
    if not (isinstance(before, TupleT) and isinstance(after, TupleT)):
        return True
    mutable, immutable = _count_lifts(before, after)
    return mutable <= 1 and not (mutable and immutable)


def _count_lifts(before: Type, after: Type) -> tuple[int, int]:
    """(mutable, immutable) lifts anywhere inside a tuple's elements, a
    union's members counting as the element's (the larger of them)."""
    if isinstance(before, TupleT) and isinstance(after, TupleT):
        counts = [_count_lifts(b, a) for b, a in zip(before.elems, after.elems, strict=True)]
        return sum(c[0] for c in counts), sum(c[1] for c in counts)
    if isinstance(before, Union) and isinstance(after, Union):
        counts = [_count_lifts(b, a) for b, a in zip(before.members, after.members,
                                                     strict=True)]
        return max((c[0] for c in counts), default=0), max((c[1] for c in counts), default=0)
    if not (isinstance(before, Nominal) and isinstance(after, Nominal)):
        return 0, 0
    if before.cap.cap in (Cap.REF, Cap.TRN, Cap.BOX) and after.cap.cap != before.cap.cap:
        return (1, 0) if after.cap.cap in (Cap.ISO, Cap.TRN) else (0, 1)
    return 0, 0


def _parse(cap: str) -> Cap:
    from checker.cap import parse_cap

    return parse_cap(cap, None).cap


def _recap_for_recover(expected: Type | None) -> Type | None:
    """Inside `recover`, a constructor may be made `ref`: the lift does the rest."""
    if isinstance(expected, Nominal):
        return Nominal(expected.entity, expected.args, RCap(Cap.REF))
    return None


def _collect_caps(t: Type, out: list[RCap]) -> None:
    if isinstance(t, Nominal):
        out.append(t.cap)
    elif isinstance(t, Union):
        for m in t.members:
            _collect_caps(m, out)
    elif isinstance(t, TupleT):
        for e in t.elems:
            _collect_caps(e, out)


def _field_decl_type(origin: Type, field: object) -> Type:
    from checker.decls import FieldInfo
    from checker.resolve import substitute

    assert isinstance(field, FieldInfo)
    if isinstance(origin, Nominal) and origin.args:
        return substitute(field.type, dict(zip(origin.entity.type_params, origin.args,
                                               strict=False)))
    return field.type


def _int_bits(t: Type) -> int | None:
    """The width of an integer type, else None."""
    from checker.literals import INT_RANGES, numeric_name

    name = numeric_name(t)
    if name not in INT_RANGES:
        return None
    lo, hi = INT_RANGES[name]
    return (hi - lo).bit_length()


def _constant_int(node: ast.Expr) -> int | None:
    """An integer literal, or `T(literal)`, as written; else None."""
    if isinstance(node, ast.IntLit):
        return node.value
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.named and \
            isinstance(node.callee, ast.NameRef) and isinstance(node.args[0], ast.IntLit):
        return node.args[0].value
    return None

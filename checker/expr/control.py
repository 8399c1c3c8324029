"""Sequences and control flow (ponyc `expr/control.c`, `expr/match.c`).

Each branch starts from a copy of the flow state; afterwards the states of
the branches that reach the end are joined, so a local consumed on any of
them is consumed after the construct. An `if` without `else` and a `match`
without `else` may produce `None`; a loop's value is its body's or its
`else`'s. A loop may not leave a local from outside consumed at the end of
an iteration.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from capdsl import ast
from capdsl.messages import make
from capdsl.source import Span
from checker.cap import Cap, Mod, RCap, is_subcap, members
from checker.expr.base import value_sources
from checker.expr.context import Flow, LocalVar, LoopState, join
from checker.expr.operator import OperatorMixin
from checker.info import LocalRef
from checker.literals import literal_target, numeric_name
from checker.subtype import is_subtype
from checker.types import (
    NEVER,
    UNKNOWN,
    Arrow,
    Literal,
    Never,
    Nominal,
    ThisOrigin,
    TParam,
    TupleT,
    Type,
    Union,
    Unknown,
    alias_type,
    make_union,
    recap,
    reify_this,
    show,
    view,
)


class ControlMixin(OperatorMixin):
    # ------------------------------------------------------------- sequences

    def e_Seq(self, node: ast.Seq, expected: Type | None, used: bool) -> Type:
        result: Type = self.none_type()
        last = len(node.exprs) - 1
        for i, e in enumerate(node.exprs):
            if i == last:
                result = self.expr(e, expected, used)
            else:
                self.expr(e, None, used=False)
        return result

    def check_bool(self, node: ast.Expr) -> None:
        t = self.value_of(node, self.bool_type())
        if isinstance(t, Unknown | Never):
            return
        if not is_subtype(t, self.bool_type()):
            self.report("E0309", node.span, type=show(t))

    def branch(self, body: ast.Expr | None, start: Flow, expected: Type | None,
               used: bool) -> tuple[Type, Flow]:
        """Check one branch from `start`; returns its type and final flow."""
        self.frame.flow = start.copy()
        if body is None:
            return self.none_type(), self.frame.flow
        self.frame.push()
        try:
            t = self.expr(body, expected, used)  # a literal stays open until the join
        finally:
            self.frame.pop()
        if not self.frame.flow.reachable:
            t = NEVER
        return t, self.frame.flow

    # ------------------------------------------------------------- if

    def e_If(self, node: ast.If, expected: Type | None, used: bool) -> Type:
        self.check_bool(node.cond)
        start = self.frame.flow.copy()
        then_t, then_flow = self.branch(node.then, start, expected, used)
        else_t, else_flow = self.branch(node.orelse, start, expected, used)
        self.frame.flow = join([then_flow, else_flow])
        return self._join_types([then_t, else_t], [then_flow, else_flow],
                                [node.then, node.orelse])

    def _join_types(self, types: list[Type], flows: list[Flow],
                    bodies: list[ast.Expr | None] | None = None) -> Type:
        """The type of a construct whose value comes from one of several
        branches; a number in a branch whose join is not a number is boxed."""
        types = self._unify_literals(types, bodies or [])
        live = [t for t, f in zip(types, flows, strict=True) if f.reachable]
        result = make_union(live) if live else NEVER
        return self._widen(bodies or [], types, result)

    def _unify_literals(self, types: list[Type], bodies: list[ast.Expr | None]) -> list[Type]:
        """A literal branch takes the numeric type of the other branches (ponyc's
        literal_unify_control); with none, it stays a literal for the context
        to settle (`if c then 1 else 2 end` as a U8 argument)."""
        if not any(isinstance(t, Literal) for t in types):
            return types
        probe = next(t for t in types if isinstance(t, Literal))
        numeric = {n for t in types if not isinstance(t, Literal)
                   and (n := literal_target(t, probe)) is not None}
        if len(numeric) != 1:
            if all(isinstance(t, Literal | Never) for t in types):
                lits = [t for t in types if isinstance(t, Literal)]
                return [Literal(any(x.is_float for x in lits), lits[0].value)
                        if isinstance(t, Literal) else t for t in types]
            target = None
        else:
            target = numeric.pop()
        out: list[Type] = []
        for t, body in zip(types, bodies, strict=False):
            if isinstance(t, Literal) and body is not None:
                t = self.settle_literal(body, t, target)
            out.append(t)
        return out + types[len(out):]

    def _loop_result(self, bodies: list[ast.Expr | None], types: list[Type],
                     loop: LoopState) -> Type:
        """A loop's value: its body's last value, its else's, or a break's."""
        bodies = [*bodies, *(node for node, _t in loop.break_values)]
        types = [*types, *(t for _node, t in loop.break_values)]
        types = self._unify_literals(types, bodies)
        return self._widen(bodies, types, make_union(types))

    def _widen(self, bodies: list[ast.Expr | None], types: list[Type], result: Type) -> Type:
        for body, t in zip(bodies, types, strict=False):
            if body is not None:
                self.note_widening(body, t, result)
        return result

    # ------------------------------------------------------------- loops

    def _loop_body(self, loop: ast.Expr, body: ast.Seq, expected: Type | None,
                   used: bool) -> tuple[Type, Flow, LoopState]:
        """Check a loop's body; returns its type, the flow at its end (with
        the `continue` paths) and what its `break`s gave (flows, values)."""
        start = self.frame.flow.copy()
        self.frame.loop_depth += 1
        state = LoopState(start)
        self.frame.loops.append(state)
        try:
            t, end = self.branch(body, start, expected, used)
        finally:
            self.frame.loop_depth -= 1
            self.frame.loops.pop()
        self._report_leaving(self._leaving_consumed(start, end, self.frame.loop_depth),
                             _keyword_span(loop), NEXT_ITERATION)
        return t, join([end, *state.continues]), state

    def _report_leaving(self, leaving: list[tuple[LocalVar, Span]], at: Span,
                        when: str) -> None:
        """E0411 at `at` for each local leaving the iteration consumed."""
        for var, span in leaving:
            self.program.reporter.add(make("E0411", at, name=var.name, when=when,
                                           labels=(self.label(span, "consumed here"),)))

    @staticmethod
    def _leaving_consumed(start: Flow, flow: Flow,
                          outside_depth: int) -> list[tuple[LocalVar, Span]]:
        """Locals from outside the loop (declared at `outside_depth` or less)
        that `flow`, a path leaving an iteration, has consumed since the loop
        began and not assigned again: ponyc's "consumed when the loop exits"."""
        if not flow.reachable:
            return []
        return [(var, span) for var, span in flow.consumed.items()
                if var not in start.consumed and var.loop_depth <= outside_depth
                and var.unassigned_at != span]

    def _loop_condition(self, cond: ast.Expr) -> None:
        """A condition runs on every iteration: it can't consume an outside local."""
        before = dict(self.frame.flow.consumed)
        self.check_bool(cond)
        for var, span in self.frame.flow.consumed.items():
            if var not in before and var.loop_depth <= self.frame.loop_depth:
                self.report("E0411", span, name=var.name, when=NEXT_ITERATION)

    def e_While(self, node: ast.While, expected: Type | None, used: bool) -> Type:
        self._loop_condition(node.cond)
        start = self.frame.flow.copy()
        body_t, body_flow, loop = self._loop_body(node, node.body, expected, used)
        else_t, else_flow = self.branch(node.orelse, start, expected, used)
        self.frame.flow = join([start, body_flow, else_flow, *loop.breaks])
        return self._loop_result([node.body, node.orelse], [body_t, else_t], loop)

    def e_Repeat(self, node: ast.Repeat, expected: Type | None, used: bool) -> Type:
        start = self.frame.flow.copy()
        body_t, body_flow, loop = self._loop_body(node, node.body, expected, used)
        self.frame.flow = body_flow.copy()
        self.frame.push()
        self._loop_condition(node.cond)
        self.frame.pop()
        if node.orelse is None:  # the body always runs at least once
            self.frame.flow = join([self.frame.flow, body_flow, *loop.breaks])
            if may_take_else(node.body):  # ponyc's implicit `else None` then gives None
                return self._loop_result([node.body, None], [body_t, self.none_type()], loop)
            return self._loop_result([node.body], [body_t], loop)
        else_t, else_flow = self.branch(node.orelse, start, expected, used)
        self.frame.flow = join([self.frame.flow, body_flow, else_flow, *loop.breaks])
        return self._loop_result([node.body, node.orelse], [body_t, else_t], loop)

    def e_For(self, node: ast.For, expected: Type | None, used: bool) -> Type:
        it = self.value_of(node.iterable)
        elem = self._iterator_elem(node, alias_type(it))
        start = self.frame.flow.copy()
        self.frame.push()
        try:
            self._bind_idseq(node.target, alias_type(elem))
            body_t, body_flow, loop = self._loop_body(node, node.body, expected, used)
        finally:
            self.frame.pop()
        else_t, else_flow = self.branch(node.orelse, start, expected, used)
        self.frame.flow = join([start, body_flow, else_flow, *loop.breaks])
        self.record(node.iterable, it)
        return self._loop_result([node.body, node.orelse], [body_t, else_t], loop)

    def _iterator_elem(self, node: ast.For, it: Type) -> Type:
        if isinstance(it, Unknown):
            return UNKNOWN
        has_next = self.lookup_method(it, "has_next")
        nxt = self.lookup_method(it, "next")
        if has_next is None or nxt is None:
            self.report("E0314", node.iterable.span, type=show(it))
            return UNKNOWN
        from checker.resolve import substitute

        method, _entity, mapping = nxt
        return substitute(method.ret, mapping)

    def _bind_idseq(self, ids: ast.IdSeq, t: Type) -> None:
        if len(ids.names) == 1 and isinstance(ids.names[0], str):
            self._declare_let(ids.names[0], t, ids)
            return
        elems = t.elems if isinstance(t, TupleT) and len(t.elems) == len(ids.names) else None
        if elems is None and not isinstance(t, Unknown):
            self.report("E0312", ids.span, got=len(t.elems) if isinstance(t, TupleT) else 1,
                        want=len(ids.names))
        for i, name in enumerate(ids.names):
            part = elems[i] if elems else UNKNOWN
            if isinstance(name, str):
                self._declare_let(name, part, ids)
            else:
                self._bind_idseq(name, part)

    def _declare_let(self, name: str, t: Type, ids: ast.IdSeq) -> None:
        if name == "_":
            return
        self.frame.declare(LocalVar(name, "let", t, ids.span))

    def e_Break(self, node: ast.Break, expected: Type | None, used: bool) -> Type:
        if node.value is not None:
            value = self.expr(node.value, expected)
            if self.frame.loops:
                self.frame.loops[-1].break_values.append((node.value, value))
            elif isinstance(value, Literal):
                self.settle_literal(node.value, value, None)
        return self._jump_out_of_loop(node, "break")

    def e_Continue(self, node: ast.Continue, expected: Type | None, used: bool) -> Type:
        return self._jump_out_of_loop(node, "continue")

    def _jump_out_of_loop(self, node: ast.Expr, word: str) -> Type:
        """`break` or `continue`: every local from outside the loop consumed
        in it must have been assigned again here (ponyc reports it at the
        jump); the flow goes on after the loop or at its next iteration."""
        if self.frame.loop_depth == 0:
            self.report("E0504", node.span, word=word)
        else:
            state = self.frame.loops[-1]
            leaving = self._leaving_consumed(state.start, self.frame.flow,
                                             self.frame.loop_depth - 1)
            self._report_leaving(leaving, node.span, f"this `{word}`")
            jumps = state.breaks if word == "break" else state.continues
            jumps.append(self.frame.flow.copy())
        self.frame.flow.reachable = False
        return NEVER

    # ------------------------------------------------------------- jumps

    def e_Return(self, node: ast.Return, expected: Type | None, used: bool) -> Type:
        frame = self.frame
        if frame.method is not None and frame.method.is_ctor:
            self.check_fields_defined(node.span)
        if node.value is not None:
            want = frame.ret_type
            if want is None:  # behaviours and constructors (the syntax pass says so)
                self.value_of(node.value)
            else:
                t = self.final_value(node.value, want)
                self.check_fits(node.value, t, want, "the returned value",
                                "the method's result type", result=True)
        frame.flow.reachable = False
        return NEVER

    def final_value(self, node: ast.Expr, want: Type | None) -> Type:
        """A method's result: a local named as the result (also as the last
        value of a branch of it) is consumed implicitly, as in Pony."""
        self.frame.result_names.update(_result_names(node))
        return self.value_of(node, want)

    def e_Error(self, node: ast.Error, expected: Type | None, used: bool) -> Type:
        self.partial_calls += 1
        if not self.frame.may_error():
            self.report("E0503", node.span, what="`error`")
        self.frame.flow.reachable = False
        return NEVER

    # ------------------------------------------------------------- try

    def e_Try(self, node: ast.Try, expected: Type | None, used: bool) -> Type:
        start = self.frame.flow.copy()
        self.frame.try_depth += 1
        try:
            body_t, body_flow = self.branch(node.body, start, expected, used)
        finally:
            self.frame.try_depth -= 1
        failed = join([start, Flow(dict(body_flow.consumed), True)])
        else_t, else_flow = self.branch(node.orelse, failed, expected, used)
        self.frame.flow = join([body_flow, else_flow])
        if node.then is not None:
            self.branch(node.then, self.frame.flow, None, False)
            self.frame.flow = join([body_flow, else_flow])
        return self._join_types([body_t, else_t], [body_flow, else_flow],
                                [node.body, node.orelse])

    # ------------------------------------------------------------- match

    def e_Match(self, node: ast.Match, expected: Type | None, used: bool) -> Type:
        subject = self.value_of(node.subject)
        ephemeral = isinstance(node.subject, ast.Consume)
        start = self.frame.flow.copy()
        types: list[Type] = []
        flows: list[Flow] = []
        bodies: list[ast.Expr | None] = []
        for case in node.cases:
            self.frame.flow = start.copy()
            self.frame.push()
            try:
                self._pattern(case.pattern, subject, ephemeral)
                if case.guard is not None:
                    self.check_bool(case.guard)
                if case.body is None:  # falls through to the next case's body
                    continue
                t, f = self.branch(case.body, self.frame.flow, expected, used)
            finally:
                self.frame.pop()
            types.append(t)
            flows.append(f)
            bodies.append(case.body)
        if node.orelse is None and self._exhaustive(subject, node.cases):
            # Like ponyc, definite assignment still counts the missing `else`
            # as a path (joining `start` adds only not-yet-assigned markers).
            self.frame.flow = join([*flows, start]) if any(f.reachable for f in flows) \
                else join(flows)
            return self._join_types(types, flows, bodies)
        else_t, else_flow = self.branch(node.orelse, start, expected, used)
        self.frame.flow = join([*flows, else_flow])
        return self._join_types([*types, else_t], [*flows, else_flow], [*bodies, node.orelse])

    def _exhaustive(self, subject: Type, cases: tuple[ast.MatchCase, ...]) -> bool:
        """Whether the unguarded patterns cover every type the subject may have
        (then a match without `else` can't fall through)."""
        covers: list[Type] = []
        bools: set[bool] = set()
        for case in cases:
            if case.guard is not None:
                continue
            if isinstance(case.pattern, ast.BoolLit):
                bools.add(case.pattern.value)
            cover = self._cover(case.pattern, subject)
            if cover is not None:
                covers.append(cover)
        if bools == {True, False}:  # `| true => | false =>` covers Bool (ponyc #4782)
            covers.append(self.bool_type())
        if not covers or isinstance(subject, Unknown):
            return False
        tag = RCap(Cap.TAG)
        return is_subtype(recap(_distribute(subject), tag), recap(make_union(covers), tag))

    def _cover(self, pattern: ast.Expr, subject: Type) -> Type | None:
        """The type a pattern matches entirely: a capture's type, a singleton
        primitive, anything for `_`, and a tuple of covering patterns."""
        if isinstance(pattern, ast.DontCare):
            return subject
        t = self.info.types.get(id(pattern))
        if isinstance(pattern, ast.Local) or _is_singleton(t):
            return t
        if isinstance(pattern, ast.TupleExpr):
            parts = [m.elems for m in (subject.members if isinstance(subject, Union)
                                       else (subject,)) if isinstance(m, TupleT) and
                     len(m.elems) == len(pattern.elems)]
            elems = []
            for i, part in enumerate(pattern.elems):
                cover = self._cover(part, make_union([p[i] for p in parts]) if parts else UNKNOWN)
                if cover is None:
                    return None
                elems.append(cover)
            return TupleT(tuple(elems))
        return None

    def _pattern(self, pattern: ast.Expr, subject: Type, ephemeral: bool) -> None:
        if isinstance(pattern, ast.DontCare):
            return
        if isinstance(pattern, ast.Local):
            self._capture(pattern, subject, ephemeral)
            return
        if isinstance(pattern, ast.TupleExpr):
            self._tuple_pattern(pattern, subject, ephemeral)
            return
        self._value_pattern(pattern, subject)

    def _tuple_pattern(self, pattern: ast.TupleExpr, subject: Type, ephemeral: bool) -> None:
        candidates = [m for m in (subject.members if isinstance(subject, Union) else (subject,))
                      if isinstance(m, TupleT) and len(m.elems) == len(pattern.elems)]
        for i, part in enumerate(pattern.elems):
            parts = [c.elems[i] for c in candidates]
            self._pattern(part, make_union(parts) if parts else UNKNOWN, ephemeral)

    def _value_pattern(self, pattern: ast.Expr, subject: Type) -> None:
        t = self.value_of(pattern, _numeric_hint(subject))
        if isinstance(t, Unknown) or self.lookup_method(t, "eq") is None:
            return

    def _capture(self, pattern: ast.Local, subject: Type, ephemeral: bool) -> None:
        if pattern.type is None:  # the syntax pass reports it (E0120)
            return
        declared = self.resolve_type(pattern.type)
        self.note_type_test(declared)
        self._check_capture_caps(pattern, subject, declared, ephemeral)
        var = LocalVar(pattern.name, pattern.kind, declared, pattern.name_span)
        self.frame.declare(var)
        self.info.refs[id(pattern)] = LocalRef(var.name)
        self.record(pattern, declared)

    def note_type_test(self, t: Type) -> None:
        """Generic classes tested with type arguments at run time (`| let a:
        Array[U8] =>`) keep their type arguments in their instances."""
        todo = [t]
        while todo:
            current = todo.pop()
            if isinstance(current, Nominal):
                if current.args:
                    self.program.reified.add(id(current.entity))
                todo.extend(current.args)
            elif isinstance(current, Union | TupleT):
                todo.extend(current.members if isinstance(current, Union) else current.elems)

    def _check_capture_caps(
        self, pattern: ast.Expr, subject: Type, declared: Type, ephemeral: bool,
        is_as: bool = False,
    ) -> None:
        """Matching can't test capabilities at run time, so every member of the
        subject that could be the captured type must have a capability that
        fits it; iso and trn captures need a consumed subject. `as` gives an
        expression, not a new name, so it compares the subject's capability
        as it is (ponyc's AsUnaliased)."""
        if isinstance(declared, Arrow):
            for cap in _THIS_CAPS:
                reified = reify_this(declared, cap)
                if reified != declared:
                    before = len(self.program.reporter.items)
                    self._check_capture_caps(pattern, subject, reified, ephemeral, is_as)
                    if len(self.program.reporter.items) > before:
                        return
            return
        want = declared.cap if isinstance(declared, Nominal | TParam) else None
        if want is None:
            return
        ephemeral = ephemeral or _all_ephemeral(subject)
        unique = members(want.cap) & {Cap.ISO, Cap.TRN}
        if unique and want.mod is not Mod.ALIASED and not ephemeral and not is_as:
            self.report("E0414", pattern.span, cap=str(want.cap))
            return
        target = want if is_as else consume_type_cap(want)
        if not isinstance(declared, Nominal):
            return
        for member in _match_operands(subject):
            if isinstance(member, Nominal) and not _could_match(member, declared):
                continue
            # against a trait or interface pattern, ponyc takes the subject as ephemeral
            lenient = ephemeral or declared.entity.is_abstract
            have = RCap(member.cap.cap, Mod.EPH) if lenient else member.cap
            if not is_subcap(have, target):
                self.report("E0415", pattern.span, have=show(member), want=show(declared))
                return

    def e_As(self, node: ast.As, expected: Type | None, used: bool) -> Type:
        """`x as T`: a run-time type test that raises `error` when it fails."""
        subject = self.value_of(node.operand)
        target = self.resolve_type(node.type)
        self.note_type_test(target)
        self.partial_calls += 1
        if not self.frame.may_error():
            self.report("E0503", node.span, what="`as`")
        self._check_capture_caps(node, subject, target, isinstance(node.operand, ast.Consume),
                                 is_as=True)
        return target


_THIS_CAPS = (RCap(Cap.REF), RCap(Cap.VAL), RCap(Cap.BOX))


def _distribute(t: Type, limit: int = 64) -> Type:
    """A tuple of unions as the union of its tuples (`(A | B, C)` is
    `(A, C) | (B, C)`), so tuple patterns can be seen to cover it."""
    import itertools

    if isinstance(t, Union):
        return make_union([_distribute(m, limit) for m in t.members])
    if not isinstance(t, TupleT):
        return t
    choices = [e.members if isinstance(e, Union) else (e,) for e in t.elems]
    total = 1
    for c in choices:
        total *= len(c)
    if total > limit:
        return t
    return make_union([TupleT(combo) for combo in itertools.product(*choices)])


def _match_operands(t: Type) -> list[Nominal | TParam]:
    """What a match or `as` may find behind a subject of type `t`: each
    member of a union; a `this->X` or `A->X` arrow read through every
    capability its origin may be; a type parameter as its constraint with
    its capability set, or as itself when unconstrained (it could then be
    anything: ponyc 0.69.1 lets such a match capture any capability, which
    is unsound, so capdsl checks the set, #any for no constraint)."""
    if isinstance(t, Union):
        return [m for part in t.members for m in _match_operands(part)]
    if isinstance(t, Arrow):
        origins = _THIS_CAPS if isinstance(t.origin, ThisOrigin) else \
            tuple(RCap(c) for c in members(t.origin.cap.cap))
        return [m for origin in origins for m in _match_operands(view(origin, t.target))]
    if isinstance(t, TParam):
        bound = t.param.constraint
        return [Nominal(bound.entity, bound.args, t.cap)] if isinstance(bound, Nominal) else [t]
    return [t] if isinstance(t, Nominal) else []


def _could_match(member: Nominal, pattern: Nominal) -> bool:
    """Whether a value of type `member` could be of type `pattern` at run
    time, capabilities aside (ponyc's matchtype): a concrete pattern must be
    a subtype of the member (an `Any box` may be an `Item`); a trait or
    interface pattern a supertype of a concrete member, and may be met by
    any object behind a trait or interface member."""
    def bare(t: Nominal) -> Type:
        return recap(t, RCap(Cap.TAG))

    if not pattern.entity.is_abstract:
        return is_subtype(bare(pattern), bare(member))
    return member.entity.is_abstract or is_subtype(bare(member), bare(pattern))


def _all_ephemeral(t: Type) -> bool:
    """Whether every capability in the subject is ephemeral (a consumed or
    fresh value), so a unique capture takes the only reference."""
    if isinstance(t, Nominal | TParam):
        return t.cap.mod is Mod.EPH
    if isinstance(t, Union):
        return all(_all_ephemeral(m) or _is_singleton(m) for m in t.members)
    return False


def _result_names(node: ast.Expr) -> set[int]:
    """The names whose value is the value of `node` (through sequences and
    the branches of if, match, try and recover)."""
    found: set[int] = set()
    todo: list[ast.Expr | None] = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, ast.NameRef):
            found.add(id(n))
        elif n is not None:
            todo += value_sources(n)
    return found


NEXT_ITERATION = "the next iteration"
"""E0411's `when` for a loop body's end and a loop condition."""


def may_take_else(body: ast.Expr) -> bool:
    """Whether a loop's `body` has a jump that leaves through the loop's
    `else`: a `break` without a value, or a `continue` (taken in the last
    round); ponyc gencontrol.c makes the else block the break-without-value
    target and the exit of a continue whose condition ends the loop. Jumps
    in a nested loop's body, a lambda or an object literal are not this
    loop's."""
    if isinstance(body, ast.Continue) or (isinstance(body, ast.Break) and body.value is None):
        return True
    if isinstance(body, ast.Lambda | ast.ObjectLit):
        return False
    inner = isinstance(body, ast.While | ast.Repeat | ast.For)  # its else is outside it
    for f in fields(body):
        if inner and f.name in ("body", "cond"):
            continue
        value = getattr(body, f.name)
        for child in value if isinstance(value, tuple) else (value,):
            if is_dataclass(child) and may_take_else(child):  # type: ignore[arg-type]
                return True
    return False


def _keyword_span(loop: ast.Expr) -> Span:
    """The span of a loop's opening keyword."""
    word = {ast.While: 5, ast.Repeat: 6, ast.For: 3}.get(type(loop), 1)
    s = loop.span
    return Span(s.file, s.line, s.col, s.line, s.col + word)


def _is_singleton(t: Type | None) -> bool:
    """A primitive that is not a number or Bool: one value, so matching it covers its type."""

    return isinstance(t, Nominal) and t.entity.kind == "primitive" and \
        numeric_name(t) is None and t.entity.name != "Bool"


def consume_type_cap(rc: RCap) -> RCap:
    from checker.cap import consume

    return consume(rc) or rc


def _numeric_hint(subject: Type) -> Type | None:
    return subject if isinstance(subject, Nominal | Union) else None


def literal_of(t: Type) -> bool:
    return isinstance(t, Literal)


def alias_elem(t: Type) -> Type:
    return alias_type(t) if not isinstance(t, Unknown) else t


__all__ = ["UNKNOWN", "ControlMixin", "TupleT", "Union"]

"""Control flow to Python statements: if, loops, match, try, jumps, `as`,
lambdas and object literals.

A construct whose value is used writes it to a temporary in every branch
that produces one; used for effect only, it writes nothing. Pony's loop
`else` runs when the body gives no value (see the loops section), so it is
guarded by a flag rather than Python's `while ... else` (which means
something else). Runtime type tests
for `match` and `as` come from `codegen.typetest`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from capdsl import ast as cap
from capdsl.codegen import pyast as py
from capdsl.codegen.expr import FnGen
from capdsl.codegen.names import py_attr, py_name
from checker.expr.control import may_take_else
from checker.types import Never, Type


@dataclass(frozen=True)
class _Loop:
    """A loop being generated: the temporary for its value (if used), a
    repeat's `until` condition, and the flag that is true when the value
    came from the body or a break with one (None when no else matters)."""

    tmp: str | None
    until: cap.Expr | None
    flag: str | None


class ControlGen(FnGen):
    """Adds control-flow constructs to the expression generator."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self._loops: list[_Loop] = []

    # ------------------------------------------------------------- helpers

    def _branch(self, body: cap.Expr | None, tmp: str | None) -> list[ast.stmt]:
        """Statements for one branch, assigning its value to `tmp` if given."""
        out: list[ast.stmt] = []
        if body is None:
            if tmp is not None:
                out.append(py.assign(py.store(tmp), py.const(None)))
            return out or [ast.Pass()]
        if tmp is None:
            self.effect(body, out)
            return out or [ast.Pass()]
        value = self.value(body, out)
        if not isinstance(self.type_of(body), Never):
            out.append(py.assign(py.store(tmp), value))
        return out or [ast.Pass()]

    def _control(self, node: cap.Expr, out: list[ast.stmt], used: bool) -> ast.expr:
        tmp = self.temp() if used else None
        handler = getattr(self, f"g_{type(node).__name__}")
        handler(node, out, tmp)
        return py.name(tmp) if tmp is not None else py.const(None)

    # ------------------------------------------------------------- if

    def v_If(self, node: cap.If, out: list[ast.stmt]) -> ast.expr:
        return self._control(node, out, True)

    def s_If(self, node: cap.If, out: list[ast.stmt]) -> None:
        self._control(node, out, False)

    def g_If(self, node: cap.If, out: list[ast.stmt], tmp: str | None) -> None:
        cond = self.value(node.cond, out)
        orelse: list[ast.stmt]
        if isinstance(node.orelse, cap.If) and id(node.orelse) not in self.info.coercions:
            orelse = []
            self.g_If(node.orelse, orelse, tmp)
        else:
            orelse = _drop_pass(self._branch(node.orelse, tmp))
        out.append(py.at(ast.If(cond, self._branch(node.then, tmp), orelse), node.span))

    # ------------------------------------------------------------- loops
    #
    # Pony's loop `else` gives the loop's value when the body doesn't: the
    # condition is false at the start (or `has_next()` is), a `continue`
    # ends the last round, or a `break` without a value leaves (ponyc
    # gencontrol.c: the else block is the break-without-value target and a
    # continue's exit when the condition ends the loop; `for` is a while
    # whose `next()?` error breaks, sugar.c). When that matters (the value is
    # used or the else has effects) a flag `ʹokN` says whether the value came
    # from the body or a break with a value; `if not ʹokN:` runs the else.

    def v_While(self, node: cap.While, out: list[ast.stmt]) -> ast.expr:
        return self._control(node, out, True)

    def s_While(self, node: cap.While, out: list[ast.stmt]) -> None:
        self._control(node, out, False)

    def g_While(self, node: cap.While, out: list[ast.stmt], tmp: str | None) -> None:
        loop = self._new_loop(node, tmp)
        cond_stmts: list[ast.stmt] = []
        cond = self.value(node.cond, cond_stmts)
        body = self._loop_body(node.body, loop)
        if cond_stmts:
            exit_test = ast.If(ast.UnaryOp(ast.Not(), cond), [ast.Break()], [])
            stmt = ast.While(py.const(True), [*cond_stmts, exit_test, *body], [])
        else:
            stmt = ast.While(cond, body, [])
        out.extend(self._loop_start(loop, False))
        out.append(py.at(stmt, node.span))
        self._loop_else(node.orelse, out, loop)

    def _new_loop(self, node: cap.While | cap.Repeat | cap.For, tmp: str | None) -> _Loop:
        """The state of a loop being generated, with a flag if its else can
        run and that matters (the value is used or the else has effects)."""
        matters = tmp is not None or (
            node.orelse is not None and bool(_drop_pass(self._branch(node.orelse, None))))
        if isinstance(node, cap.For):
            takes_else = True  # `next()?` may error, a break without a value
        elif isinstance(node, cap.Repeat):
            takes_else = may_take_else(node.body)  # the body always runs first
        else:
            takes_else = node.orelse is not None or may_take_else(node.body)
        flag = self.temp("ok") if matters and takes_else else None
        return _Loop(tmp, node.cond if isinstance(node, cap.Repeat) else None, flag)

    def _loop_start(self, loop: _Loop, flag_value: bool) -> list[ast.stmt]:
        stmts: list[ast.stmt] = []
        if loop.tmp is not None:
            stmts.append(py.assign(py.store(loop.tmp), py.const(None)))
        if loop.flag is not None:
            stmts.append(py.assign(py.store(loop.flag), py.const(flag_value)))
        return stmts

    def _loop_body(self, body: cap.Seq, loop: _Loop) -> list[ast.stmt]:
        self._loops.append(loop)
        try:
            stmts = self._branch(body, loop.tmp)
        finally:
            self._loops.pop()
        if loop.flag is not None and loop.until is None and \
                not isinstance(self.type_of(body), Never):
            stmts.append(py.assign(py.store(loop.flag), py.const(True)))
        return stmts

    def _loop_else(self, orelse: cap.Seq | None, out: list[ast.stmt], loop: _Loop) -> None:
        if loop.flag is not None:
            test = ast.UnaryOp(ast.Not(), py.name(loop.flag))
            out.append(ast.If(test, self._branch(orelse, loop.tmp), []))

    def v_Repeat(self, node: cap.Repeat, out: list[ast.stmt]) -> ast.expr:
        return self._control(node, out, True)

    def s_Repeat(self, node: cap.Repeat, out: list[ast.stmt]) -> None:
        self._control(node, out, False)

    def g_Repeat(self, node: cap.Repeat, out: list[ast.stmt], tmp: str | None) -> None:
        loop = self._new_loop(node, tmp)
        out.extend(self._loop_start(loop, True))  # cleared by the jumps to the else
        body = self._loop_body(node.body, loop)
        body.extend(self._until_exit(node.cond, None))
        out.append(py.at(ast.While(py.const(True), body, []), node.span))
        self._loop_else(node.orelse, out, loop)

    def _until_exit(self, cond_node: cap.Expr, flag: str | None) -> list[ast.stmt]:
        """`if cond: break` ending a repeat's round (`flag` cleared first
        after a `continue`: then the loop's value is its else's)."""
        stmts: list[ast.stmt] = []
        cond = self.value(cond_node, stmts)
        leave: list[ast.stmt] = [ast.Break()]
        if flag is not None:
            leave.insert(0, py.assign(py.store(flag), py.const(False)))
        stmts.append(ast.If(cond, leave, []))
        return stmts

    def v_For(self, node: cap.For, out: list[ast.stmt]) -> ast.expr:
        return self._control(node, out, True)

    def s_For(self, node: cap.For, out: list[ast.stmt]) -> None:
        self._control(node, out, False)

    def g_For(self, node: cap.For, out: list[ast.stmt], tmp: str | None) -> None:
        loop = self._new_loop(node, tmp)
        iterable = self.value(node.iterable, out)
        target = _idseq_target(node.target)
        self.locals.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        body = self._loop_body(node.body, loop)
        if loop.flag is None:  # the else can't matter: Python's for over the iterator
            it = py.call(self.prog.runtime("iterate"), [iterable])
            out.append(py.at(ast.For(target, it, body, []), node.span))
            return
        # Pony's sugar (`while it.has_next() do let x = try it.next()? else
        # break end ...`), so an error from next() takes the else
        it_name = self.temp("it")
        out.append(py.assign(py.store(it_name), iterable))
        out.extend(self._loop_start(loop, False))
        fail = [py.assign(py.store(loop.flag), py.const(False)), ast.Break()]
        take = ast.Try([py.assign(target, py.call(py.attr(py.name(it_name), "next"), []))],
                       [ast.ExceptHandler(py.name("_PonyError"), None, fail)], [], [])
        has_next = py.call(py.attr(py.name(it_name), "has_next"), [])
        out.append(py.at(ast.While(has_next, [take, *body], []), node.span))
        self._loop_else(node.orelse, out, loop)

    def v_Break(self, node: cap.Break, out: list[ast.stmt]) -> ast.expr:
        self.s_Break(node, out)
        return py.const(None)

    def s_Break(self, node: cap.Break, out: list[ast.stmt]) -> None:
        loop = self._loops[-1] if self._loops else _Loop(None, None, None)
        if node.value is not None:
            if loop.tmp is not None:
                out.append(py.assign(py.store(loop.tmp), self.value(node.value, out)))
            else:
                self.effect(node.value, out)
            if loop.flag is not None and loop.until is None:
                out.append(py.assign(py.store(loop.flag), py.const(True)))
        elif loop.flag is not None:  # the loop's value is its else's
            out.append(py.assign(py.store(loop.flag), py.const(False)))
        out.append(py.at(ast.Break(), node.span))

    def v_Continue(self, node: cap.Continue, out: list[ast.stmt]) -> ast.expr:
        self.s_Continue(node, out)
        return py.const(None)

    def s_Continue(self, node: cap.Continue, out: list[ast.stmt]) -> None:
        loop = self._loops[-1] if self._loops else _Loop(None, None, None)
        if loop.until is not None:  # `continue` in `repeat` still tests the condition
            out.extend(self._until_exit(loop.until, loop.flag))
        elif loop.flag is not None:  # if the condition now ends the loop, the else runs
            out.append(py.assign(py.store(loop.flag), py.const(False)))
        out.append(py.at(ast.Continue(), node.span))

    # ------------------------------------------------------------- jumps

    def v_Return(self, node: cap.Return, out: list[ast.stmt]) -> ast.expr:
        self.s_Return(node, out)
        return py.const(None)

    def s_Return(self, node: cap.Return, out: list[ast.stmt]) -> None:
        value = self.value(node.value, out) if node.value is not None else self.return_default()
        out.append(py.at(ast.Return(value), node.span))

    def return_default(self) -> ast.expr | None:
        """What a bare `return` gives (a class constructor returns the object)."""
        return None

    def v_Error(self, node: cap.Error, out: list[ast.stmt]) -> ast.expr:
        self.s_Error(node, out)
        return py.const(None)

    def s_Error(self, node: cap.Error, out: list[ast.stmt]) -> None:
        out.append(py.at(ast.Raise(py.name("_PonyError"), None), node.span))

    # ------------------------------------------------------------- try

    def v_Try(self, node: cap.Try, out: list[ast.stmt]) -> ast.expr:
        return self._control(node, out, True)

    def s_Try(self, node: cap.Try, out: list[ast.stmt]) -> None:
        self._control(node, out, False)

    def g_Try(self, node: cap.Try, out: list[ast.stmt], tmp: str | None) -> None:
        handler = ast.ExceptHandler(py.name("_PonyError"), None, self._branch(node.orelse, tmp))
        final = _drop_pass(self._branch(node.then, None)) if node.then is not None else []
        out.append(py.at(ast.Try(self._branch(node.body, tmp), [handler], [], final), node.span))

    # ------------------------------------------------------------- match

    def v_Match(self, node: cap.Match, out: list[ast.stmt]) -> ast.expr:
        return self._control(node, out, True)

    def s_Match(self, node: cap.Match, out: list[ast.stmt]) -> None:
        self._control(node, out, False)

    def g_Match(self, node: cap.Match, out: list[ast.stmt], tmp: str | None) -> None:
        subject = self.temp("m")
        out.append(py.assign(py.store(subject), self.value(node.subject, out)))
        bodies = _case_bodies(node.cases)
        if any(c.guard is not None for c in node.cases):
            self._match_with_flag(node, bodies, subject, out, tmp)
            return
        chain: list[ast.stmt] = self._branch(node.orelse, tmp)
        for case, body in reversed(list(zip(node.cases, bodies, strict=True))):
            test, binds = self.pattern(case.pattern, py.name(subject))
            chain = [ast.If(test, [*binds, *self._branch(body, tmp)], chain)]
        out.extend(chain)

    def _match_with_flag(self, node: cap.Match, bodies: list[cap.Seq | None], subject: str,
                         out: list[ast.stmt], tmp: str | None) -> None:
        done = self.temp("done")
        out.append(py.assign(py.store(done), py.const(False)))
        for case, body in zip(node.cases, bodies, strict=True):
            test, binds = self.pattern(case.pattern, py.name(subject))
            inner = [*self._branch(body, tmp), py.assign(py.store(done), py.const(True))]
            if case.guard is not None:
                guard_stmts: list[ast.stmt] = []
                guard = self.value(case.guard, guard_stmts)
                inner = [*guard_stmts, ast.If(guard, inner, [])]
            full = ast.BoolOp(ast.And(), [ast.UnaryOp(ast.Not(), py.name(done)), test])
            out.append(ast.If(full, [*binds, *inner], []))
        out.append(ast.If(ast.UnaryOp(ast.Not(), py.name(done)),
                          self._branch(node.orelse, tmp), []))

    def pattern(self, pat: cap.Expr, subject: ast.expr) -> tuple[ast.expr, list[ast.stmt]]:
        """A test of `subject` against `pat`, and the statements binding its captures."""
        if isinstance(pat, cap.DontCare):
            return py.const(True), []
        if isinstance(pat, cap.Local):
            t = self.type_of(pat)
            test = self.prog.type_test(t, subject) if t is not None else py.const(True)
            self.locals.add(py_name(pat.name))
            return test, [py.assign(py.store(py_name(pat.name)), self._unboxed(t, subject))]
        if isinstance(pat, cap.TupleExpr):
            return self._tuple_pattern(pat, subject)
        value = self.value(pat, [])
        return self.prog.value_test(self.type_of(pat), value, subject), []

    def _unboxed(self, t: Type | None, value: ast.expr) -> ast.expr:
        """A captured number leaves its box (its static type is a number again)."""
        from checker.literals import numeric_name

        if t is not None and numeric_name(t) is not None:
            return py.call(py.attr(py.name("_box"), "unbox"), [value])
        return value

    def _tuple_pattern(self, pat: cap.TupleExpr,
                       subject: ast.expr) -> tuple[ast.expr, list[ast.stmt]]:
        n = len(pat.elems)
        tests: list[ast.expr] = [
            py.call(py.name("isinstance"), [subject, py.name("tuple")]),
            py.compare(py.call(py.name("len"), [subject]), ast.Eq(), py.const(n)),
        ]
        binds: list[ast.stmt] = []
        for i, elem in enumerate(pat.elems):
            test, more = self.pattern(elem, ast.Subscript(subject, py.const(i), ast.Load()))
            if not (isinstance(test, ast.Constant) and test.value is True):
                tests.append(test)
            binds.extend(more)
        return ast.BoolOp(ast.And(), tests), binds

    # ------------------------------------------------------------- as

    def v_As(self, node: cap.As, out: list[ast.stmt]) -> ast.expr:
        tmp = self.temp("as")
        out.append(py.assign(py.store(tmp), self.value(node.operand, out)))
        test = self.prog.type_test(self.type_of(node), py.name(tmp))
        out.append(ast.If(ast.UnaryOp(ast.Not(), test), [ast.Raise(py.name("_PonyError"), None)],
                          []))
        return self._unboxed(self.type_of(node), py.name(tmp))

    # ------------------------------------------------------------- literals with code

    def v_Lambda(self, node: cap.Lambda, out: list[ast.stmt]) -> ast.expr:
        entity = self.info.literals[id(node)]
        values = []
        for capture in node.captures or ():
            if capture.value is not None:
                values.append(self.value(capture.value, out))
            else:
                values.append(self._captured(capture.name))
        values += [self._captured(n) for n in self.info.captures.get(id(node), [])]
        return py.call(self.prog.entity_ref(entity), values)

    def _captured(self, name: str) -> ast.expr:
        """The value a literal captures by name: a local or parameter, else a
        field (of this object, or one an object literal took from its
        creator), as ponyc's capture of a name reads it in the creating code."""
        if py_name(name) not in self.locals and name in self.entity.fields:
            return py.attr(py.name("self"), py_attr(name))
        return py.name(py_name(name))

    def v_ObjectLit(self, node: cap.ObjectLit, out: list[ast.stmt]) -> ast.expr:
        entity = self.info.literals[id(node)]
        defaults = [f.default for f in node.fields if f.default is not None]
        values = self.ordered(defaults, out)
        values += [self._captured(n) for n in self.info.captures.get(id(node), [])]
        if entity.kind == "actor":
            cls = self.prog.entity_ref(entity)
            return py.call(py.name("_spawn"), [cls, py.attr(cls, "_c_create"),
                                               ast.Tuple(values, ast.Load())])
        return py.call(self.prog.entity_ref(entity), values)


def _drop_pass(stmts: list[ast.stmt]) -> list[ast.stmt]:
    """An empty branch: no `else: pass` or `finally: pass` in the output."""
    return [] if all(isinstance(s, ast.Pass) for s in stmts) else stmts


def _idseq_target(ids: cap.IdSeq) -> ast.expr:
    if len(ids.names) == 1 and isinstance(ids.names[0], str):
        return py.store(py_name(ids.names[0]))
    elts: list[ast.expr] = []
    for part in ids.names:
        elts.append(py.store(py_name(part)) if isinstance(part, str) else _idseq_target(part))
    return ast.Tuple(elts, ast.Store())


def _case_bodies(cases: tuple[cap.MatchCase, ...]) -> list[cap.Seq | None]:
    """Each case's body; a case without one shares the next case's body."""
    bodies: list[cap.Seq | None] = []
    following: cap.Seq | None = None
    for case in reversed(cases):
        if case.body is not None:
            following = case.body
        bodies.append(following)
    return list(reversed(bodies))


def unused(t: Type) -> None:
    del t

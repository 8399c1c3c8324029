"""Control flow to Python statements: if, loops, match, try, jumps, `as`,
lambdas and object literals.

A construct whose value is used writes it to a temporary in every branch
that produces one; used for effect only, it writes nothing. Pony's loop
`else` runs when the body never ran, so it is guarded by a flag rather than
Python's `while ... else` (which means something else). Runtime type tests
for `match` and `as` come from `codegen.typetest`.
"""

from __future__ import annotations

import ast

from capdsl import ast as cap
from capdsl.codegen import pyast as py
from capdsl.codegen.expr import FnGen
from capdsl.codegen.names import py_attr, py_name
from checker.types import Never, Type


class ControlGen(FnGen):
    """Adds control-flow constructs to the expression generator."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self._loops: list[tuple[str | None, cap.Expr | None]] = []

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

    def v_While(self, node: cap.While, out: list[ast.stmt]) -> ast.expr:
        return self._control(node, out, True)

    def s_While(self, node: cap.While, out: list[ast.stmt]) -> None:
        self._control(node, out, False)

    def g_While(self, node: cap.While, out: list[ast.stmt], tmp: str | None) -> None:
        ran = self.temp("ran") if self._has_else(node.orelse, tmp) else None
        self._start_loop(out, tmp, ran)
        cond_stmts: list[ast.stmt] = []
        cond = self.value(node.cond, cond_stmts)
        body = self._loop_body(node.body, tmp, ran, None)
        if cond_stmts:
            exit_test = ast.If(ast.UnaryOp(ast.Not(), cond), [ast.Break()], [])
            loop = ast.While(py.const(True), [*cond_stmts, exit_test, *body], [])
        else:
            loop = ast.While(cond, body, [])
        out.append(py.at(loop, node.span))
        self._loop_else(node.orelse, out, tmp, ran)

    def _start_loop(self, out: list[ast.stmt], tmp: str | None, ran: str | None) -> None:
        if tmp is not None:
            out.append(py.assign(py.store(tmp), py.const(None)))
        if ran is not None:
            out.append(py.assign(py.store(ran), py.const(False)))

    def _loop_body(self, body: cap.Seq, tmp: str | None, ran: str | None,
                   until: cap.Expr | None) -> list[ast.stmt]:
        self._loops.append((tmp, until))
        try:
            stmts = self._branch(body, tmp)
        finally:
            self._loops.pop()
        if ran is not None:
            stmts.insert(0, py.assign(py.store(ran), py.const(True)))
        return stmts

    def _has_else(self, orelse: cap.Seq | None, tmp: str | None) -> bool:
        """Whether a loop's `else` does anything (a flag is needed only then)."""
        if orelse is None:
            return False
        return tmp is not None or bool(_drop_pass(self._branch(orelse, None)))

    def _loop_else(self, orelse: cap.Seq | None, out: list[ast.stmt], tmp: str | None,
                   ran: str | None) -> None:
        if orelse is None or ran is None:
            return
        out.append(ast.If(ast.UnaryOp(ast.Not(), py.name(ran)), self._branch(orelse, tmp), []))

    def v_Repeat(self, node: cap.Repeat, out: list[ast.stmt]) -> ast.expr:
        return self._control(node, out, True)

    def s_Repeat(self, node: cap.Repeat, out: list[ast.stmt]) -> None:
        self._control(node, out, False)

    def g_Repeat(self, node: cap.Repeat, out: list[ast.stmt], tmp: str | None) -> None:
        self._start_loop(out, tmp, None)
        body = self._loop_body(node.body, tmp, None, node.cond)
        body.extend(self._until_exit(node.cond))
        out.append(py.at(ast.While(py.const(True), body, []), node.span))

    def _until_exit(self, cond_node: cap.Expr) -> list[ast.stmt]:
        stmts: list[ast.stmt] = []
        cond = self.value(cond_node, stmts)
        stmts.append(ast.If(cond, [ast.Break()], []))
        return stmts

    def v_For(self, node: cap.For, out: list[ast.stmt]) -> ast.expr:
        return self._control(node, out, True)

    def s_For(self, node: cap.For, out: list[ast.stmt]) -> None:
        self._control(node, out, False)

    def g_For(self, node: cap.For, out: list[ast.stmt], tmp: str | None) -> None:
        ran = self.temp("ran") if self._has_else(node.orelse, tmp) else None
        self._start_loop(out, tmp, ran)
        iterable = py.call(self.prog.runtime("iterate"), [self.value(node.iterable, out)])
        body = self._loop_body(node.body, tmp, ran, None)
        target = _idseq_target(node.target)
        self.locals.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        out.append(py.at(ast.For(target, iterable, body, []), node.span))
        self._loop_else(node.orelse, out, tmp, ran)

    def v_Break(self, node: cap.Break, out: list[ast.stmt]) -> ast.expr:
        self.s_Break(node, out)
        return py.const(None)

    def s_Break(self, node: cap.Break, out: list[ast.stmt]) -> None:
        tmp = self._loops[-1][0] if self._loops else None
        if node.value is not None:
            value = self.value(node.value, out)
            if tmp is not None:
                out.append(py.assign(py.store(tmp), value))
        out.append(py.at(ast.Break(), node.span))

    def v_Continue(self, node: cap.Continue, out: list[ast.stmt]) -> ast.expr:
        self.s_Continue(node, out)
        return py.const(None)

    def s_Continue(self, node: cap.Continue, out: list[ast.stmt]) -> None:
        until = self._loops[-1][1] if self._loops else None
        if until is not None:  # `continue` in `repeat` still tests the condition
            out.extend(self._until_exit(until))
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

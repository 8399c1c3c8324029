"""The mypy plugin's `cap-consume` check: a name used after `consume(name)`.

Place: part of `capdsl.mypy_plugin`, which calls `check_consume` from its
function hook on `capdsl.caps.consume`. It scans the enclosing function for
later uses of the consumed variable: straight-line code, `if` branches (a
branch that rebinds the name or leaves ends the danger on that path), the
blocks enclosing the `consume`, and the next time round a loop whose body
consumes it. Messages are in `capdsl.messages`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mypy.errorcodes import ErrorCode
from mypy.nodes import (
    AssignmentStmt,
    Block,
    BreakStmt,
    CallExpr,
    ContinueStmt,
    Expression,
    ForStmt,
    FuncItem,
    IfStmt,
    NameExpr,
    RaiseStmt,
    ReturnStmt,
    Statement,
    TryStmt,
    Var,
    WhileStmt,
    WithStmt,
)
from mypy.plugin import FunctionContext
from mypy.traverser import NameAndMemberCollector
from mypy.types import Type

from capdsl.messages import plugin_message

CAP_CONSUME = ErrorCode("cap-consume", "Name used after it was consumed", "capdsl")


def check_consume(ctx: FunctionContext) -> Type:
    """Report every later use of the consumed name (straight-line code,
    `if` branches and the blocks enclosing the `consume`)."""
    if not ctx.args or not ctx.args[0]:
        return ctx.default_return_type
    arg = ctx.args[0][0]
    call = ctx.context
    if not isinstance(arg, NameExpr) or not isinstance(arg.node, Var) or \
            not isinstance(call, CallExpr):
        return ctx.default_return_type
    chk: Any = ctx.api
    func: FuncItem | None = chk.scope.current_function()
    body = func.body.body if func is not None else chk.tree.defs
    scan = _ConsumeScan(chk, arg, call)
    scan.run(body)
    return ctx.default_return_type


OPEN, REBOUND, EXITED = "open", "rebound", "exited"


class _ConsumeScan:
    """Uses of one consumed variable after its `consume` call."""

    def __init__(self, chk: Any, arg: NameExpr, call: CallExpr) -> None:
        self.chk = chk
        self.arg = arg
        self.var = arg.node
        self.call = call
        self.message = "cap-consume"

    def run(self, body: list[Statement]) -> None:
        path = locate(body, self.arg)
        if not path:
            return
        block, index = path[-1]
        self.report_after_call(block[index])
        if self.rebinds(block[index]):
            return
        for level in range(len(path) - 1, -1, -1):
            block, index = path[level]
            state = self.scan(block[index + 1:])
            if state != OPEN:
                return
            loop = path[level - 1][0][path[level - 1][1]] if level else None
            if isinstance(loop, WhileStmt | ForStmt) and block is loop.body.body:
                self.loop_back(loop, block[:index + 1])

    def loop_back(self, loop: WhileStmt | ForStmt, head: list[Statement]) -> None:
        """The loop runs again: its condition and the statements up to the
        `consume` (the `consume` itself included) would see the name."""
        self.message = "cap-consume-loop"
        if isinstance(loop, WhileStmt):
            self.report_all(loop.expr)
        if self.scan(head[:-1]) == OPEN:
            where = (self.call.line, self.call.column)
            for use in self.uses(head[-1]):
                if (use.line, use.column) <= where or use is self.arg:
                    self.report(use)
        self.message = "cap-consume"

    def report_after_call(self, stmt: Statement) -> None:
        where = (self.call.line, self.call.column)
        for use in self.uses(stmt):
            if use is not self.arg and (use.line, use.column) > where:
                self.report(use)

    def uses(self, node: Statement | Expression | Block) -> Iterator[NameExpr]:
        return (found for found in names_in(node) if found.node is self.var)

    def report(self, use: NameExpr) -> None:
        self.chk.fail(plugin_message(self.message, name=use.name, line=self.call.line),
                      use, code=CAP_CONSUME)

    def rebinds(self, stmt: Statement) -> bool:
        return isinstance(stmt, AssignmentStmt) and any(
            isinstance(t, NameExpr) and t.node is self.var for t in stmt.lvalues)

    def scan(self, stmts: list[Statement]) -> str:
        for stmt in stmts:
            state = self.statement(stmt)
            if state != OPEN:
                return state
        return OPEN

    def statement(self, stmt: Statement) -> str:
        if isinstance(stmt, IfStmt):
            return self.if_statement(stmt)
        if isinstance(stmt, WithStmt):
            for expr in stmt.expr:
                self.report_all(expr)
            return self.scan(stmt.body.body)
        if isinstance(stmt, WhileStmt | ForStmt | TryStmt):
            self.report_all(stmt)  # a loop or handler may or may not rebind first
            return OPEN
        if isinstance(stmt, AssignmentStmt):
            self.report_all(stmt.rvalue)
            for target in stmt.lvalues:
                if not (isinstance(target, NameExpr) and target.node is self.var):
                    self.report_all(target)
            return REBOUND if self.rebinds(stmt) else OPEN
        self.report_all(stmt)
        if isinstance(stmt, ReturnStmt | RaiseStmt | BreakStmt | ContinueStmt):
            return EXITED
        return OPEN

    def if_statement(self, stmt: IfStmt) -> str:
        for cond in stmt.expr:
            self.report_all(cond)
        branches = [self.scan(b.body) for b in stmt.body]
        branches.append(self.scan(stmt.else_body.body) if stmt.else_body else OPEN)
        if all(b == EXITED for b in branches):
            return EXITED
        return REBOUND if all(b != OPEN for b in branches) else OPEN

    def report_all(self, node: Statement | Expression) -> None:
        for use in self.uses(node):
            self.report(use)


def contains(stmt: Statement, target: NameExpr) -> bool:
    end = stmt.end_line
    if end is not None and not stmt.line <= target.line <= end:
        return False
    return any(node is target for node in names_in(stmt))


def child_blocks(stmt: Statement) -> list[Block]:
    if isinstance(stmt, IfStmt):
        return [*stmt.body, *([stmt.else_body] if stmt.else_body else [])]
    if isinstance(stmt, WhileStmt | ForStmt):
        return [stmt.body, *([stmt.else_body] if stmt.else_body else [])]
    if isinstance(stmt, WithStmt):
        return [stmt.body]
    if isinstance(stmt, TryStmt):
        extra = [b for b in (stmt.else_body, stmt.finally_body) if b is not None]
        return [stmt.body, *stmt.handlers, *extra]
    return []


def locate(stmts: list[Statement], target: NameExpr) -> list[tuple[list[Statement], int]]:
    """The path of (block, index) from `stmts` to the innermost statement
    holding `target` (the consumed name); empty if it is not there."""
    for index, stmt in enumerate(stmts):
        if not contains(stmt, target):
            continue
        for block in child_blocks(stmt):
            inner = locate(block.body, target)
            if inner:
                return [(stmts, index), *inner]
        return [(stmts, index)]
    return []


def names_in(node: Statement | Expression | Block) -> list[NameExpr]:
    """Every name expression in `node`, in source order (mypy's own compiled
    collector: mypyc-compiled visitors can't be subclassed here)."""
    collector = NameAndMemberCollector()
    node.accept(collector)
    return collector.name_exprs

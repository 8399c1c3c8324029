"""Small constructors for Python `ast` nodes, and `.cap` positions on them.

Codegen builds every Python construct through these helpers so the calls
read like the code they make. `at(node, span)` copies a `.cap` span onto a
node (lines as they are, columns 0-based) so tracebacks, profilers and
coverage report `.cap` positions.
"""

from __future__ import annotations

import ast
from typing import TypeVar

from capdsl.source import Span

N = TypeVar("N", bound=ast.AST)


def at(node: N, span: Span) -> N:
    """Give `node` (and children without a position) the position of `span`."""
    if span.line > 0:
        node.lineno = span.line  # type: ignore[attr-defined]
        node.col_offset = max(span.col - 1, 0)  # type: ignore[attr-defined]
        node.end_lineno = max(span.end_line, span.line)  # type: ignore[attr-defined]
        end_col = span.end_col - 1
        if span.end_line <= span.line:
            end_col = max(end_col, span.col - 1)
        node.end_col_offset = end_col  # type: ignore[attr-defined]
    return node


def name(ident: str) -> ast.Name:
    return ast.Name(ident, ast.Load())


def store(ident: str) -> ast.Name:
    return ast.Name(ident, ast.Store())


def attr(obj: ast.expr, field: str) -> ast.Attribute:
    return ast.Attribute(obj, field, ast.Load())


def attr_store(obj: ast.expr, field: str) -> ast.Attribute:
    return ast.Attribute(obj, field, ast.Store())


def dotted(path: str) -> ast.expr:
    """`a.b.c` as a load expression."""
    parts = path.split(".")
    node: ast.expr = name(parts[0])
    for part in parts[1:]:
        node = attr(node, part)
    return node


def call(func: ast.expr, args: list[ast.expr]) -> ast.Call:
    return ast.Call(func, args, [])


def const(value: str | bytes | bool | int | float | None) -> ast.Constant:
    return ast.Constant(value)


def str_tuple(values: tuple[str, ...]) -> ast.Tuple:
    """A tuple of string constants."""
    return ast.Tuple([const(v) for v in values], ast.Load())


def assign(target: ast.expr, value: ast.expr) -> ast.Assign:
    return ast.Assign([target], value)


def expr_stmt(value: ast.expr) -> ast.Expr:
    return ast.Expr(value)


def binop(left: ast.expr, op: ast.operator, right: ast.expr) -> ast.BinOp:
    return ast.BinOp(left, op, right)


def compare(left: ast.expr, op: ast.cmpop, right: ast.expr) -> ast.Compare:
    return ast.Compare(left, [op], [right])


def func_def(fname: str, params: list[str], body: list[ast.stmt],
             decorators: list[ast.expr] | None = None) -> ast.FunctionDef:
    arguments = ast.arguments([], [ast.arg(p) for p in params], None, [], [], None, [])
    return ast.FunctionDef(fname, arguments, body or [ast.Pass()], decorators or [], None)


def is_pure(node: ast.expr) -> bool:
    """Whether evaluating `node` later gives the same value with no effect."""
    return isinstance(node, ast.Constant)

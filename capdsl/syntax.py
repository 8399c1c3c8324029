"""The syntax pass: what the grammar accepts but Pony forbids.

    parse -> check_syntax -> names -> types ...

Runs on each parsed `Module` and reports, as ponyc's syntax pass does:
- different binary operators mixed without parentheses (`1 + 2 * 3`), with
  a hint that shows the usual reading in parentheses;
- code after `return`, `break`, `continue` or `error` in the same sequence;
- a `let`/`var` local with neither a type nor a value;
- members a declaration's kind forbids (a behaviour with a return type,
  fields in a primitive, a concrete method without a body, ...);
- capabilities, capability sets and `this` where a type can't have them,
  lowercase type names, and declared names that break Pony's spelling;
- a few expression rules (`consume` of a non-name, `as` on a literal,
  `return` with a value in a behaviour, the last match case without body,
  a lambda capture with a type but no value, FFI defaults and named args).

The walk is iterative (an explicit stack), so a deep tree can't exhaust
Python's stack; a tree deeper than `MAX_DEPTH` is reported (E0004) and not
walked further. Method bodies of the standard library's native methods are
allowed to be missing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from capdsl import ast
from capdsl.diagnostics import Reporter
from capdsl.messages import make
from capdsl.source import Span

MAX_DEPTH = 400
_STDLIB = Path(__file__).resolve().parent / "stdlib"
_JUMPS = (ast.Return, ast.Break, ast.Continue, ast.Error)
_CAPS = frozenset({"iso", "trn", "ref", "val", "box", "tag"})


class _Ctx(NamedTuple):
    """What the walk knows about a node's surroundings."""

    method: str | None = None  # kind of the enclosing method
    in_lambda: bool = False
    constraint: bool = False  # inside a type parameter's constraint
    arrow_left: bool = False  # the left side of `->`


_ROOT = _Ctx()


def check_syntax(module: ast.Module, reporter: Reporter) -> None:
    """Report what `module` writes that Pony's syntax rules forbid."""
    _SyntaxChecker(module, reporter).run()


# --------------------------------------------------------------------------
# The walk


def _node_fields(cls: type) -> tuple[str, ...]:
    """Fields of an AST class that may hold nodes (not text, flags, spans)."""
    plain = re.compile(r"^(?:str|bool|int|float|Span|None|\s|\|)+$")
    return tuple(f.name for f in dataclasses.fields(cls)
                 if not plain.match(str(f.type)) and f.name != "span")


_FIELDS: dict[type, tuple[str, ...]] = {
    cls: _node_fields(cls) for cls in vars(ast).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == ast.__name__
}


def _children(node: Any) -> Iterator[Any]:
    for name in _FIELDS[type(node)]:
        value = getattr(node, name)
        if isinstance(value, tuple):
            yield from (v for v in value if type(v) in _FIELDS)
        elif type(value) in _FIELDS:
            yield value


class _Walker:
    """The iterative walk; subclasses add a handler per node type."""

    def __init__(self, module: ast.Module, reporter: Reporter) -> None:
        self.module = module
        self.reporter = reporter
        self.native = _is_stdlib(module.file)
        self.skip: set[int] = set()  # BinOps inside an already reported chain
        self.assigned: set[int] = set()  # Locals that are assignment targets
        self.handlers: dict[type, Callable[[Any, _Ctx], None]] = {}

    def report(self, code: str, span: Span, **args: Any) -> None:
        self.reporter.add(make(code, span, **args))

    def run(self) -> None:
        stack: list[tuple[Any, _Ctx, int]] = [(self.module, _ROOT, 0)]
        while stack:
            node, ctx, depth = stack.pop()
            if depth > MAX_DEPTH:
                self.report("E0004", node.span, limit=MAX_DEPTH)
                return
            handler = self.handlers.get(type(node))
            if handler is not None:
                handler(node, ctx)
            inner = self.inner(node, ctx)
            # Reversed, so nodes are visited (and reported) in source order.
            for child in reversed(list(_children(node))):
                stack.append((child, self.child_ctx(node, child, inner), depth + 1))

    def inner(self, node: Any, ctx: _Ctx) -> _Ctx:
        """The context of `node`'s children."""
        if isinstance(node, ast.Method):
            return _Ctx(node.kind)
        if isinstance(node, ast.Lambda):
            return ctx._replace(in_lambda=True, arrow_left=False)
        return ctx._replace(arrow_left=False) if ctx.arrow_left else ctx

    @staticmethod
    def child_ctx(node: Any, child: Any, inner: _Ctx) -> _Ctx:
        if isinstance(node, ast.ArrowType) and child is node.left:
            return inner._replace(arrow_left=True)
        if isinstance(node, ast.TypeParam) and child is node.constraint:
            return inner._replace(constraint=True)
        return inner


def _is_stdlib(file: str) -> bool:
    """Standard library modules: named `<package>/file.cap` by the loader,
    or read from capdsl's stdlib directory."""
    if file.startswith("<"):
        return True
    try:
        return Path(file).resolve().is_relative_to(_STDLIB)
    except (OSError, ValueError):
        return False


# --------------------------------------------------------------------------
# Expressions


class _Expressions(_Walker):
    def binop(self, node: ast.BinOp, ctx: _Ctx) -> None:
        if id(node) in self.skip:
            return
        left = node.left
        clash = isinstance(left, ast.BinOp) and not left.grouped and left.op != node.op
        right = node.right
        if isinstance(right, ast.BinOp) and not right.grouped and right.op != node.op:
            clash = True
        if not clash:
            return
        operands, ops = _chain(node, self.skip)
        other = next(op for op in ops if op != ops[-1])
        self.report("E0114", node.span, left=other, right=ops[-1],
                    suggestion=_suggest(operands, ops))

    def seq(self, node: ast.Seq, ctx: _Ctx) -> None:
        for expr, after in zip(node.exprs, node.exprs[1:], strict=False):
            if isinstance(expr, _JUMPS):
                self.report("E0116", after.span, keyword=_jump_word(expr))
                return

    def return_(self, node: ast.Return, ctx: _Ctx) -> None:
        self.jump_value(node.value, "return")
        if node.value is not None and ctx.method in ("be", "new") and not ctx.in_lambda:
            what = "behaviour" if ctx.method == "be" else "constructor"
            self.report("E0129", node.span, what=what)

    def break_(self, node: ast.Break, ctx: _Ctx) -> None:
        self.jump_value(node.value, "break")

    def jump_value(self, value: ast.Expr | None, keyword: str) -> None:
        """ponyc's rule: the value of a jump takes the rest of its sequence,
        so a value of several expressions is code after the jump."""
        if isinstance(value, ast.Seq) and len(value.exprs) > 1:
            self.report("E0116", value.exprs[1].span, keyword=keyword)

    def assign(self, node: ast.Assign, ctx: _Ctx) -> None:
        todo: list[Any] = [node.target]
        while todo:
            target = todo.pop()
            if isinstance(target, ast.Local):
                self.assigned.add(id(target))
            elif isinstance(target, ast.TupleExpr | ast.Seq):
                todo.extend(target.elems if isinstance(target, ast.TupleExpr) else target.exprs)

    def local(self, node: ast.Local, ctx: _Ctx) -> None:
        _check_name(self, "local variable", node.name, node.name_span, _LOCAL)
        if node.type is None and id(node) not in self.assigned:
            self.report("E0120", node.span, name=node.name, kind=node.kind)

    def match(self, node: ast.Match, ctx: _Ctx) -> None:
        if node.cases and node.cases[-1].body is None:
            self.report("E0125", node.cases[-1].span)

    def consume(self, node: ast.Consume, ctx: _Ctx) -> None:
        operand = node.operand
        if isinstance(operand, ast.NameRef | ast.This):
            return
        if isinstance(operand, ast.Dot) and not isinstance(operand.obj, ast.Call | ast.Seq):
            return
        self.report("E0128", operand.span)

    def as_(self, node: ast.As, ctx: _Ctx) -> None:
        if isinstance(node.operand, ast.IntLit | ast.FloatLit | ast.CharLit):
            self.report("E0132", node.operand.span)

    def capture(self, node: ast.LambdaCapture, ctx: _Ctx) -> None:
        if node.type is not None and node.value is None:
            self.report("E0130", node.span, name=node.name)

    def ffi_decl(self, node: ast.FFIDecl, ctx: _Ctx) -> None:
        for param in node.params:
            if param.default is not None:
                self.report("E0133", param.default.span,
                            problem="FFI parameters can't have default values")

    def ffi_call(self, node: ast.FFICall, ctx: _Ctx) -> None:
        if node.named:
            self.report("E0133", node.named[0].span,
                        problem="an FFI call can't take named arguments")


def _jump_word(node: Any) -> str:
    return {ast.Return: "return", ast.Break: "break", ast.Continue: "continue",
            ast.Error: "error"}[type(node)]


def _chain(node: ast.BinOp, skip: set[int]) -> tuple[list[Any], list[str]]:
    """The operands and operators of the ungrouped chain ending at `node`,
    left to right; the chain's inner BinOps are added to `skip`."""
    rights: list[Any] = []
    ops: list[str] = []
    cur: Any = node
    while isinstance(cur, ast.BinOp) and (cur is node or not cur.grouped):
        skip.add(id(cur))
        rights.append(cur.right)
        ops.append(cur.op)
        cur = cur.left
    return [cur, *reversed(rights)], list(reversed(ops))


# Conventional precedence, to guess what a mixed chain means for the hint.
_PRECEDENCE = {
    "*": 6, "/": 6, "%": 6, "%%": 6, "+": 5, "-": 5, "<<": 4, ">>": 4, "==": 3, "!=": 3,
    "<": 3, "<=": 3, ">": 3, ">=": 3, "is": 3, "isnt": 3, "and": 2, "xor": 1, "or": 0,
}


def _rank(op: str) -> int:
    return _PRECEDENCE.get(op.rstrip("~?"), 3)


def _suggest(operands: list[Any], ops: list[str]) -> str:
    """The chain with parentheses as conventional precedence reads it."""
    values: list[tuple[str, str | None]] = [(_show(operands[0]), None)]
    pending: list[str] = []
    for op, operand in zip(ops, operands[1:], strict=True):
        while pending and _rank(pending[-1]) >= _rank(op):
            _reduce(values, pending)
        pending.append(op)
        values.append((_show(operand), None))
    while pending:
        _reduce(values, pending)
    return f"`{values[0][0]}`"


def _reduce(values: list[tuple[str, str | None]], pending: list[str]) -> None:
    op = pending.pop()
    (right, rop), (left, lop) = values.pop(), values.pop()
    if lop is not None and lop != op:
        left = f"({left})"
    if rop is not None:
        right = f"({right})"
    values.append((f"{left} {op} {right}", op))


def _show(expr: Any, budget: int = 3) -> str:
    """Short source-like text of an operand, for hints."""
    if isinstance(expr, ast.NameRef):
        return expr.name
    if isinstance(expr, ast.IntLit | ast.CharLit):
        return str(expr.value)
    if isinstance(expr, ast.FloatLit):
        return repr(expr.value)
    if isinstance(expr, ast.BoolLit):
        return "true" if expr.value else "false"
    if isinstance(expr, ast.This):
        return "this"
    if isinstance(expr, ast.StringLit):
        return '"…"'
    if budget > 0 and isinstance(expr, ast.Dot):
        return f"{_show(expr.obj, budget - 1)}.{expr.name}"
    if budget > 0 and isinstance(expr, ast.Call):
        return f"{_show(expr.callee, budget - 1)}({'…' if expr.args else ''})"
    if budget > 0 and isinstance(expr, ast.UnaryOp):
        return f"{expr.op}{' ' if expr.op == 'not' else ''}{_show(expr.operand, budget - 1)}"
    if isinstance(expr, ast.BinOp) and expr.grouped:
        return "(…)"
    return "…"


# --------------------------------------------------------------------------
# Declarations and types

# Who may have what, after ponyc's permission tables: "Y" required, "N"
# forbidden, "X" optional; None: the member kind is not allowed at all.
#                    entity cap, fields
_ENTITY = {"actor": "NY", "class": "XY", "primitive": "NN", "trait": "XN",
           "interface": "XN", "object": "NY"}
#                          cap, return type, `?`, body
_METHOD: dict[tuple[str, str], str | None] = {
    ("fun", "actor"): "XXXY", ("fun", "class"): "XXXY", ("fun", "primitive"): "XXXY",
    ("fun", "trait"): "XXXX", ("fun", "interface"): "XXXX", ("fun", "object"): "XXXY",
    ("be", "actor"): "NNNY", ("be", "class"): None, ("be", "primitive"): None,
    ("be", "trait"): "NNNX", ("be", "interface"): "NNNX", ("be", "object"): "NNNY",
    ("new", "actor"): "NNNY", ("new", "class"): "XNXY", ("new", "primitive"): "NNXY",
    ("new", "trait"): "XNXN", ("new", "interface"): "XNXN", ("new", "object"): "NNNY",
}
_METHOD_WORD = {"fun": "function", "be": "behaviour", "new": "constructor"}
_PARTS = ("a receiver capability", "a return type", "`?` (partial)", "a body")


class _Declarations(_Expressions):
    def entity(self, node: ast.Entity, ctx: _Ctx) -> None:
        _check_name(self, node.kind, node.name, node.name_span, _TYPE)
        self.members(node.kind, node.cap, node.span, node.fields, node.methods)
        if node.provides is not None:
            self.provides(node.provides)

    def object_lit(self, node: ast.ObjectLit, ctx: _Ctx) -> None:
        self.members("object", None, node.span, node.fields, node.methods)
        for f in node.fields:
            if f.default is None:
                self.report("E0121", f.span, what="a field of an object literal",
                            rule="needs an initial value")
        if node.provides is not None:
            self.provides(node.provides)

    def members(self, kind: str, cap: str | None, span: Span,
                fields: tuple[ast.Field, ...], methods: tuple[ast.Method, ...]) -> None:
        rules = _ENTITY[kind]
        if cap is not None and rules[0] == "N":
            self.report("E0121", span, what=f"{_a(kind)} declaration",
                        rule="can't have a capability")
        if fields and rules[1] == "N":
            self.report("E0121", fields[0].span, what=_a(kind), rule="can't have fields")
        for method in methods:
            self.method_rules(method, kind)

    def method_rules(self, m: ast.Method, kind: str) -> None:
        rules = _METHOD[(m.kind, kind)]
        what = f"{_a(kind)} {_METHOD_WORD[m.kind]}" if kind != "object" else \
            f"an object literal's {_METHOD_WORD[m.kind]}"
        if rules is None:
            self.report("E0121", m.span, what=_a(kind),
                        rule=f"can't have {_METHOD_WORD[m.kind]}s")
            return
        present = (m.cap is not None, m.ret is not None, m.partial, m.body is not None)
        where = (m.name_span, m.ret.span if m.ret else m.span, m.name_span,
                 m.body.span if m.body else m.name_span)
        for rule, has, part, span in zip(rules, present, _PARTS, where, strict=True):
            if rule == "N" and has:
                self.report("E0121", span, what=what, rule=f"can't have {part}")
            elif rule == "Y" and not has and not self.native:
                self.report("E0121", span, what=what, rule="needs a body")

    def provides(self, provides: ast.TypeExpr) -> None:
        todo = [provides]
        while todo:
            t = todo.pop()
            if isinstance(t, ast.IsectType):
                todo.extend(t.members)
            elif not isinstance(t, ast.NominalType):
                self.report("E0131", t.span, problem="this is not a trait or an interface")
            elif t.cap is not None or t.modifier is not None:
                self.report("E0131", t.span, problem="it can't have a capability")

    def type_alias(self, node: ast.TypeAliasDecl, ctx: _Ctx) -> None:
        _check_name(self, "type alias", node.name, node.name_span, _TYPE)

    def type_param(self, node: ast.TypeParam, ctx: _Ctx) -> None:
        _check_name(self, "type parameter", node.name, node.span, _TYPE_PARAM)

    def field(self, node: ast.Field, ctx: _Ctx) -> None:
        _check_name(self, "field", node.name, node.name_span, _FIELD)

    def method(self, node: ast.Method, ctx: _Ctx) -> None:
        _check_name(self, "method", node.name, node.name_span, _METHOD_NAME)

    def param(self, node: ast.Param, ctx: _Ctx) -> None:
        _check_name(self, "parameter", node.name, node.span, _PARAM)

    def use(self, node: ast.Use, ctx: _Ctx) -> None:
        if node.alias is not None:
            _check_name(self, "package", node.alias, node.span, _PACKAGE)

    # ---------------------------------------------------------------- types

    def cap_type(self, node: ast.CapType, ctx: _Ctx) -> None:
        if not ctx.arrow_left:
            self.report("E0122", node.span,
                        problem=f"`{node.cap}` alone is not a type: a capability follows a "
                        "type name, as in `String " + node.cap + "`")

    def this_type(self, node: ast.ThisType, ctx: _Ctx) -> None:
        if not ctx.arrow_left:
            self.report("E0122", node.span,
                        problem="in a type, `this` only comes before `->`, as in `this->A`")

    def arrow(self, node: ast.ArrowType, ctx: _Ctx) -> None:
        if ctx.constraint:
            self.report("E0122", node.span, problem="a type constraint can't be an arrow type")
        right = node.right
        if isinstance(right, ast.ThisType | ast.CapType):
            word = "this" if isinstance(right, ast.ThisType) else right.cap
            self.report("E0122", right.span, problem=f"`{word}` can't be on the right of `->`")

    def nominal(self, node: ast.NominalType, ctx: _Ctx) -> None:
        self.gencap(node.cap, node.span, ctx)
        name = node.name.lstrip("_")
        if name and not name[0].isupper():
            self.report("E0119", node.span, name=node.name,
                        suggestion=node.name[:len(node.name) - len(name)] + name[0].upper()
                        + name[1:])

    def lambda_type(self, node: ast.LambdaType, ctx: _Ctx) -> None:
        self.gencap(node.cap, node.span, ctx)

    def tuple_type(self, node: ast.TupleType, ctx: _Ctx) -> None:
        if ctx.constraint:
            self.report("E0122", node.span, problem="a type constraint can't be a tuple type")

    def gencap(self, cap: str | None, span: Span, ctx: _Ctx) -> None:
        if cap is not None and cap.startswith("#") and not ctx.constraint:
            self.report("E0122", span, problem=f"a capability set like `{cap}` only appears "
                        "in a type parameter's constraint")


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


# --------------------------------------------------------------------------
# Names (ponyc's id rules)

_UPPER, _LOWER, _LEADING, _UNDERSCORE, _TICK, _DONTCARE = 1, 2, 4, 8, 16, 32
_TYPE = _UPPER | _LEADING
_TYPE_PARAM = _UPPER
_PACKAGE = _LOWER | _UNDERSCORE
_FIELD = _LOWER | _LEADING | _UNDERSCORE | _TICK
_METHOD_NAME = _LOWER | _LEADING | _UNDERSCORE
_PARAM = _LOWER | _UNDERSCORE | _TICK
_LOCAL = _LOWER | _UNDERSCORE | _TICK | _DONTCARE


def _check_name(checker: _Walker, what: str, name: str, span: Span, spec: int) -> None:
    problem = _name_problem(name, spec)
    if problem is not None:
        checker.report("E0124", span, what=what, name=name, problem=problem)


def _name_problem(name: str, spec: int) -> str | None:
    """Why `name` breaks the spelling rule `spec`, or None."""
    body = name
    if name.startswith("_"):
        body = name[1:]
        if not body:
            return None if spec & _DONTCARE else "can't be `_`"
        if not spec & _LEADING:
            return "can't start with `_`"
    if spec & _UPPER and not body[:1].isupper():
        return "must start with an uppercase letter"
    if spec & _LOWER and not body[:1].islower():
        return "must start with a lowercase letter"
    stem = body.rstrip("'")
    if "'" in stem:
        return "can only have primes (') at its end"
    if stem != body and not spec & _TICK:
        return "can't contain a prime (')"
    if "_" in stem and not spec & _UNDERSCORE:
        return "can't contain `_`"
    if "__" in stem:
        return "can't contain `__`"
    if stem.endswith("_"):
        return "can't end with `_`"
    return None


class _SyntaxChecker(_Declarations):
    """All the checks, with the table of which handles what."""

    def __init__(self, module: ast.Module, reporter: Reporter) -> None:
        super().__init__(module, reporter)
        self.handlers = {
            ast.BinOp: self.binop, ast.Seq: self.seq, ast.Return: self.return_,
            ast.Break: self.break_, ast.Assign: self.assign, ast.Local: self.local,
            ast.Entity: self.entity, ast.ObjectLit: self.object_lit, ast.Match: self.match,
            ast.Consume: self.consume, ast.As: self.as_, ast.LambdaCapture: self.capture,
            ast.FFIDecl: self.ffi_decl, ast.FFICall: self.ffi_call,
            ast.CapType: self.cap_type, ast.ThisType: self.this_type,
            ast.ArrowType: self.arrow, ast.NominalType: self.nominal,
            ast.LambdaType: self.lambda_type, ast.TupleType: self.tuple_type,
            ast.TypeParam: self.type_param, ast.TypeAliasDecl: self.type_alias,
            ast.Field: self.field, ast.Method: self.method, ast.Param: self.param,
            ast.Use: self.use,
        }

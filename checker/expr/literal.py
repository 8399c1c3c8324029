"""Literals, tuples and array literals (ponyc `expr/literal.c`, `expr/array.c`).

Number literals are typed from `expected` when it names a numeric type and
checked against that type's range; otherwise they stay `Literal` until a
use settles them (`I64`/`F64` by default).
"""

from __future__ import annotations

from capdsl import ast
from checker.cap import Cap, Mod, RCap
from checker.expr.base import CheckerBase, value_sources
from checker.literals import fits, literal_target, numeric_name, range_text
from checker.types import (
    Literal,
    Nominal,
    TParam,
    TupleT,
    Type,
    Union,
    Unknown,
    alias_type,
    make_union,
)


def _literal_node(node: ast.Expr) -> ast.Expr:
    """The literal whose value `node` has (through sequences), for range checks."""
    while isinstance(node, ast.Seq) and node.exprs:
        node = node.exprs[-1]
    return node


class LiteralMixin(CheckerBase):
    def e_IntLit(self, node: ast.IntLit, expected: Type | None, used: bool) -> Type:
        return self.number(node, Literal(False, node.value), expected)

    def e_CharLit(self, node: ast.CharLit, expected: Type | None, used: bool) -> Type:
        return self.number(node, Literal(False, node.value), expected)

    def e_FloatLit(self, node: ast.FloatLit, expected: Type | None, used: bool) -> Type:
        return self.number(node, Literal(True, node.value), expected)

    def number(self, node: ast.Expr, lit: Literal, expected: Type | None) -> Type:
        target = literal_target(expected, lit)
        if target is None:
            return lit
        return self._typed_literal(node, lit, target)

    def _typed_literal(self, node: ast.Expr, lit: Literal, target: Nominal | TParam) -> Type:
        if isinstance(target, TParam):
            return target
        name = numeric_name(target)
        assert name is not None
        value = lit.value
        if isinstance(node, ast.UnaryOp) and isinstance(value, int) and value < 0 and \
                name.startswith("U"):
            value = -value  # ponyc checks a negated literal's magnitude; the value wraps
        if not fits(name, value):
            self.report("E0304", node.span, value=lit.value, type=name, range=range_text(name))
        return Nominal(target.entity, (), RCap(Cap.VAL))

    def settle_literal(self, node: ast.Expr, lit: Literal, expected: Type | None) -> Type:
        """Give a literal its type: from `expected` if numeric, else I64/F64.
        Re-records the node (and a negated literal's operand) with that type."""
        target = literal_target(expected, lit)
        if target is None:
            target = self.builtin("F64" if lit.is_float else "I64")
        result = self._typed_literal(_literal_node(node), lit, target)
        self._settle_tree(node, result)
        return result

    def _settle_tree(self, node: ast.Expr | None, t: Type) -> None:
        """Give `t` to a settled literal and to every construct whose value
        it is (a sequence's last expression, the literal branches of if,
        match and try), so codegen sees the final type everywhere."""
        todo: list[ast.Expr | None] = [node]
        while todo:
            n = todo.pop()
            if n is None or not isinstance(self.info.types.get(id(n), Literal(False, 0)), Literal):
                continue
            self.record(n, t)
            todo += [n.operand] if isinstance(n, ast.UnaryOp) else value_sources(n)

    def e_StringLit(self, node: ast.StringLit, expected: Type | None, used: bool) -> Type:
        return self.builtin("String", Cap.VAL)

    def e_BoolLit(self, node: ast.BoolLit, expected: Type | None, used: bool) -> Type:
        return self.bool_type()

    def e_TupleExpr(self, node: ast.TupleExpr, expected: Type | None, used: bool) -> Type:
        hints: tuple[Type | None, ...] = (None,) * len(node.elems)
        if isinstance(expected, TupleT) and len(expected.elems) == len(node.elems):
            hints = expected.elems
        elems = tuple(self.value_of(e, h) for e, h in zip(node.elems, hints, strict=True))
        return TupleT(elems)

    def e_ArrayLit(self, node: ast.ArrayLit, expected: Type | None, used: bool) -> Type:
        array = self.program.builtin("Array")
        if isinstance(expected, Union):  # ponyc's antecedent: the union's one Array member
            arrays = [m for m in expected.members
                      if isinstance(m, Nominal) and m.entity is array]
            expected = arrays[0] if len(arrays) == 1 else expected
        elem = self._array_elem_type(node, expected)
        # with an `iso` or `val` Array antecedent the literal is checked as
        # if inside `recover` (ponyc expr_pre_array wraps it in one)
        lift = expected.cap.cap if isinstance(expected, Nominal) and \
            expected.entity is array and expected.cap.cap in (Cap.ISO, Cap.VAL) else None
        self.frame.recover_depth += lift is not None
        try:
            types = [self.value_of(e, elem) for e in node.elems]
            if elem is None:
                elem = alias_type(make_union(types)) if types else self.builtin("None")
            for e, t in zip(node.elems, types, strict=True):
                self.check_fits(e, t, elem, "this element", "the array's element type")
        finally:
            self.frame.recover_depth -= lift is not None
        if lift is not None:
            return Nominal(array, (elem,), RCap(lift, Mod.EPH))
        return self.recover_ctor(Nominal(array, (elem,), RCap(Cap.REF, Mod.EPH)), expected,
                                 node.elems)

    def _array_elem_type(self, node: ast.ArrayLit, expected: Type | None) -> Type | None:
        if node.elem_type is not None:
            return self.resolve_type(node.elem_type)
        if isinstance(expected, Nominal) and expected.entity is self.program.builtin("Array"):
            elem = expected.args[0]
            return None if isinstance(elem, Unknown) else elem
        return None

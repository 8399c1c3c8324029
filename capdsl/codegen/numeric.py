"""Arithmetic on Pony's fixed-width numbers as Python expressions.

Pony integers are Python ints kept in their type's range: after `+`, `-`,
`*`, negation and shifts the result is wrapped to the width inline (a mask
for unsigned types, mask-and-offset for signed ones). A sum or difference
of two in-range values of 32 bits or more is at most one span out of
range, so it is corrected by a comparison instead
(`x if (x := a + b) <= 0xFFFFFFFF else x - 0x100000000`): the mask is a
multi-digit Python int, which makes `&` several times slower than a
compare, and a constant operand leaves only one direction to check. Division, remainder
and the rarer methods call `runtime.numbers`. Floats use Python floats; F32
results go through the runtime to be rounded to 32 bits.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from capdsl.codegen.pyast import attr, binop, call, compare, const, name
from checker.literals import FLOAT_NAMES, INT_RANGES

NUM_MODULE = "_num"
BITS = {n: (hi - lo).bit_length() for n, (lo, hi) in INT_RANGES.items()}
SIGNED = frozenset(n for n, (lo, _hi) in INT_RANGES.items() if lo < 0)

_ARITH = {"add": ast.Add(), "sub": ast.Sub(), "mul": ast.Mult()}
_BITWISE = {"op_and": ast.BitAnd(), "op_or": ast.BitOr(), "op_xor": ast.BitXor()}
_UNSIGNED_DIVISION = {"div": ast.FloorDiv(), "rem": ast.Mod(), "mod": ast.Mod(),
                      "fld": ast.FloorDiv()}
_COMPARE = {"eq": ast.Eq(), "ne": ast.NotEq(), "lt": ast.Lt(), "le": ast.LtE(),
            "gt": ast.Gt(), "ge": ast.GtE()}


def wrap(value: ast.expr, type_name: str) -> ast.expr:
    """`value` wrapped into the range of integer type `type_name`."""
    bits = BITS[type_name]
    mask = (1 << bits) - 1
    if type_name not in SIGNED:
        return binop(value, ast.BitAnd(), const(mask))
    half = 1 << (bits - 1)
    shifted = binop(binop(value, ast.Add(), const(half)), ast.BitAnd(), const(mask))
    return binop(shifted, ast.Sub(), const(half))


_COMPARE_WRAP_BITS = 32
"""From this width on, `+` and `-` wrap by comparison, not by a mask."""

TempNames = Callable[[str], str]
"""Gives a fresh local name for generated code (hint -> name)."""


def _int_constant(node: ast.expr) -> int | None:
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def _overflow_sides(type_name: str, sum_: ast.BinOp) -> tuple[bool, bool]:
    """Whether `sum_` (`a + b` or `a - b`, both in range) can go above the
    range and whether below, given a constant right operand's sign."""
    lo, _hi = INT_RANGES[type_name]
    c = _int_constant(sum_.right)
    adds = isinstance(sum_.op, ast.Add)
    grows = c is None or (c > 0 if adds else c < 0)  # the operand pushes up
    shrinks = c is None or (c < 0 if adds else c > 0)
    if adds:
        return grows, lo < 0 and shrinks
    return lo < 0 and grows, shrinks


def wrap_sum(sum_: ast.BinOp, type_name: str, temp: TempNames) -> ast.expr:
    """`sum_` (`a + b` or `a - b` of two in-range integers) wrapped by
    comparison: it lies within one span of the range, so one subtraction
    or addition of the span brings it back."""
    lo, hi = INT_RANGES[type_name]
    span = hi - lo + 1
    up, down = _overflow_sides(type_name, sum_)
    if not (up or down):
        return sum_
    x = temp("w")
    bound = ast.NamedExpr(ast.Name(x, ast.Store()), sum_)
    below = binop(name(x), ast.Add(), const(span))
    above = binop(name(x), ast.Sub(), const(span))
    if up and down:
        test = ast.Compare(const(lo), [ast.LtE(), ast.LtE()], [bound, const(hi)])
        fix: ast.expr = ast.IfExp(compare(name(x), ast.Gt(), const(hi)), above, below)
    elif up:
        test, fix = compare(bound, ast.LtE(), const(hi)), above
    else:
        test, fix = compare(bound, ast.GtE(), const(lo)), below
    return ast.IfExp(test, name(x), fix)


def num_method(type_name: str, method: str) -> ast.expr:
    """`_num.U8.method`: the runtime's implementation of a numeric method."""
    return attr(attr(name(NUM_MODULE), type_name), method)


def inline_binary(type_name: str, method: str, left: ast.expr, right: ast.expr,
                  temp: TempNames | None = None) -> ast.expr | None:
    """The inline form of `left.method(right)` on a number, or None (`temp`
    names the locals the comparison form of wrapping needs)."""
    if method in _COMPARE:
        return compare(left, _COMPARE[method], right)
    if type_name in FLOAT_NAMES:
        if type_name == "F64" and method in _ARITH:
            return binop(left, _ARITH[method], right)
        return None
    if method in _ARITH:
        result = binop(left, _ARITH[method], right)
        if method != "mul" and temp is not None and BITS[type_name] >= _COMPARE_WRAP_BITS:
            return wrap_sum(result, type_name, temp)
        return wrap(result, type_name)
    if method in _BITWISE:
        return binop(left, _BITWISE[method], right)
    if method in _UNSIGNED_DIVISION and type_name not in SIGNED and _nonzero_constant(right):
        return binop(left, _UNSIGNED_DIVISION[method], right)  # both >= 0: same as Pony
    if method in ("shl", "shr") and _constant_below(right, BITS[type_name]):
        # a constant amount below the width needs no clamping (runtime.numbers.shl)
        if method == "shr":
            return binop(left, ast.RShift(), right)  # arithmetic on negative ints too
        return wrap(binop(left, ast.LShift(), right), type_name)
    return None


def _constant_below(node: ast.expr, limit: int) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and \
        0 <= node.value < limit


def _nonzero_constant(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and node.value > 0


_INT_CONVERSIONS = {name.lower(): name for name in INT_RANGES}
_INT_CONVERSIONS.update({f"{k}_unsafe": v for k, v in list(_INT_CONVERSIONS.items())})


def _int_conversion(type_name: str, method: str, operand: ast.expr) -> ast.expr | None:
    """`x.u64()` and the like from an integer type: truncate, then sign-extend
    (runtime.numbers), which is the value itself when the target's range
    holds the source's."""
    target = _INT_CONVERSIONS.get(method)
    if target is None or type_name not in INT_RANGES:
        return None
    lo, hi = INT_RANGES[type_name]
    target_lo, target_hi = INT_RANGES[target]
    if target_lo <= lo and hi <= target_hi:
        return operand
    return wrap(operand, target)


def inline_unary(type_name: str, method: str, operand: ast.expr) -> ast.expr | None:
    """The inline form of `operand.method()` on a number, or None."""
    conversion = _int_conversion(type_name, method, operand)
    if conversion is not None:
        return conversion
    if method == "neg":
        if type_name == "F64":
            return ast.UnaryOp(ast.USub(), operand)
        if type_name in INT_RANGES:
            return wrap(ast.UnaryOp(ast.USub(), operand), type_name)
    if method == "op_not" and type_name in INT_RANGES:
        if type_name in SIGNED:
            return ast.UnaryOp(ast.Invert(), operand)
        return binop(operand, ast.BitXor(), const((1 << BITS[type_name]) - 1))
    return None


def numeric_call(type_name: str, method: str, recv: ast.expr, args: list[ast.expr],
                 temp: TempNames | None = None) -> ast.expr:
    """`recv.method(args)` on a number: inline when cheap, else the runtime."""
    if method == "string" and not args and type_name in INT_RANGES:
        # an integer prints as its decimal digits, as Python's str does
        return call(attr(name("_rt"), "String"), [call(name("str"), [recv])])
    if len(args) == 1:
        inline = inline_binary(type_name, method, recv, args[0], temp)
        if inline is not None:
            return inline
    if not args:
        inline = inline_unary(type_name, method, recv)
        if inline is not None:
            return inline
    return call(num_method(type_name, method), [recv, *args])

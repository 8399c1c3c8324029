"""Number literals: their types come from context.

A literal takes the numeric type its context expects (the declared type of
a local, a parameter, the other operand of an operator); with no numeric
context an integer is `I64` and a float `F64`, as in Pony. A literal that
doesn't fit its type is an error (`let x: U8 = 300`).
"""

from __future__ import annotations

from checker.types import Arrow, Isect, Literal, Nominal, TParam, Type, Union, Unknown

INT_RANGES: dict[str, tuple[int, int]] = {
    "U8": (0, 2**8 - 1), "U16": (0, 2**16 - 1), "U32": (0, 2**32 - 1),
    "U64": (0, 2**64 - 1), "U128": (0, 2**128 - 1), "ULong": (0, 2**64 - 1),
    "USize": (0, 2**64 - 1),
    "I8": (-(2**7), 2**7 - 1), "I16": (-(2**15), 2**15 - 1), "I32": (-(2**31), 2**31 - 1),
    "I64": (-(2**63), 2**63 - 1), "I128": (-(2**127), 2**127 - 1),
    "ILong": (-(2**63), 2**63 - 1), "ISize": (-(2**63), 2**63 - 1),
}
FLOAT_NAMES = frozenset({"F32", "F64"})


def numeric_name(t: Type) -> str | None:
    """The name of a builtin numeric primitive type, or None."""
    if isinstance(t, Nominal) and t.entity.package.key == "builtin":
        name = t.entity.name
        if name in INT_RANGES or name in FLOAT_NAMES:
            return name
    return None


def accepts_literal(t: Type, lit: Literal) -> bool:
    """Whether some numeric type inside `t` can hold a literal of this kind."""
    return literal_target(t, lit) is not None


def literal_target(t: Type | None, lit: Literal) -> Nominal | TParam | None:
    """The numeric type a literal takes in a context expecting `t`, if any: a
    type parameter whose constraint only admits numbers takes it too."""
    if t is None or isinstance(t, Unknown):
        return None
    name = numeric_name(t)
    if name is not None:
        assert isinstance(t, Nominal)
        return t if (name in FLOAT_NAMES or not lit.is_float) else None
    if isinstance(t, Union | Isect):
        found = [n for m in t.members if (n := literal_target(m, lit)) is not None]
        return found[0] if len(found) == 1 else None
    if isinstance(t, TParam):
        return t if _all_numeric(t.param.constraint, lit) else None
    if isinstance(t, Arrow):  # a number is val, and any origin sees a val as val
        return literal_target(t.target, lit)
    return None


def _all_numeric(t: Type, lit: Literal) -> bool:
    if isinstance(t, Union):
        return all(_all_numeric(m, lit) for m in t.members)
    if isinstance(t, Isect):
        return any(_all_numeric(m, lit) for m in t.members)
    return isinstance(t, Nominal) and literal_target(t, lit) is not None


def fits(name: str, value: int | float) -> bool:
    """Whether an integer literal's value is in the range of type `name`."""
    if name in FLOAT_NAMES or isinstance(value, float):
        return True
    low, high = INT_RANGES[name]
    return low <= value <= high


def range_text(name: str) -> str:
    low, high = INT_RANGES[name]
    return f"{low} to {high}"

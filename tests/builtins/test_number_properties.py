"""Property tests for runtime.numbers: the definitions, checked on random values.

Reference rules: arithmetic is exact arithmetic mod 2**bits, read back in the
type's range (two's complement for signed); for b != 0 (and not signed
MIN / -1, which Pony maps to 0) a == b * div(a, b) + rem(a, b) with rem
taking the dividend's sign and |rem| < |b|; mod takes the divisor's sign and
is congruent to a mod b; shifts clamp the amount to bits - 1.
"""

from __future__ import annotations

import math
import struct
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from runtime import numbers as num
from runtime.builtins import String
from runtime.errors import PonyError

TYPES = [("U8", 8, False), ("U16", 16, False), ("U32", 32, False), ("U64", 64, False),
         ("U128", 128, False), ("I8", 8, True), ("I16", 16, True), ("I32", 32, True),
         ("I64", 64, True), ("I128", 128, True), ("USize", 64, False), ("ISize", 64, True)]


def bounds(bits: int, signed: bool) -> tuple[int, int]:
    return (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)


def reference_wrap(x: int, bits: int, signed: bool) -> int:
    r = x % 2**bits
    return r - 2**bits if signed and r >= 2 ** (bits - 1) else r


@st.composite
def typed_pair(draw: Any) -> tuple[str, int, bool, int, int]:
    name, bits, signed = draw(st.sampled_from(TYPES))
    lo, hi = bounds(bits, signed)
    edge = st.sampled_from([lo, hi, 0, 1, -1 if signed else 2, lo + 1, hi - 1])
    value = st.one_of(edge, st.integers(lo, hi))
    return name, bits, signed, draw(value), draw(value)


def op(name: str, method: str) -> Any:
    return getattr(getattr(num, name), method)


@given(typed_pair())
def test_add_sub_mul_wrap(case: tuple[str, int, bool, int, int]) -> None:
    name, bits, signed, a, b = case
    assert op(name, "add")(a, b) == reference_wrap(a + b, bits, signed)
    assert op(name, "sub")(a, b) == reference_wrap(a - b, bits, signed)
    assert op(name, "mul")(a, b) == reference_wrap(a * b, bits, signed)
    assert op(name, "neg")(a) == reference_wrap(-a, bits, signed)
    assert (num.wrap_s if signed else num.wrap_u)(a * b + a, bits) == \
        reference_wrap(a * b + a, bits, signed)


@given(typed_pair())
def test_div_rem_identity(case: tuple[str, int, bool, int, int]) -> None:
    name, bits, signed, a, b = case
    lo, _ = bounds(bits, signed)
    q, r = op(name, "div")(a, b), op(name, "rem")(a, b)
    if b == 0 or (signed and a == lo and b == -1):
        assert q == 0 and r == 0
        return
    assert a == b * q + r
    assert abs(r) < abs(b)
    assert r == 0 or (r < 0) == (a < 0)  # the dividend's sign
    assert abs(q) == abs(a) // abs(b)  # truncated toward zero


@given(typed_pair())
def test_mod_is_floored(case: tuple[str, int, bool, int, int]) -> None:
    name, _bits, _signed, a, b = case
    m = op(name, "mod")(a, b)
    if b == 0:
        assert m == 0
        return
    assert (a - m) % b == 0
    assert m == 0 or (m < 0) == (b < 0)  # the divisor's sign
    assert abs(m) < abs(b)


@given(typed_pair())
def test_partial_ops_agree_or_raise(case: tuple[str, int, bool, int, int]) -> None:
    name, bits, signed, a, b = case
    lo, hi = bounds(bits, signed)
    for method, exact in (("add_partial", a + b), ("sub_partial", a - b), ("mul_partial", a * b)):
        try:
            assert op(name, method)(a, b) == exact
        except PonyError:
            assert not lo <= exact <= hi


@given(typed_pair(), st.integers(0, 300))
def test_shifts(case: tuple[str, int, bool, int, int], amount: int) -> None:
    name, bits, signed, a, _ = case
    n = min(amount, bits - 1)
    assert op(name, "shl")(a, amount) == reference_wrap(a << n, bits, signed)
    assert op(name, "shr")(a, amount) == a >> n  # arithmetic on signed values


@given(typed_pair())
def test_conversions_round_trip_through_a_wider_type(case: tuple[str, int, bool, int, int]) -> None:
    name, _bits, signed, a, _ = case
    wide = op(name, "i128" if signed else "u128")(a)
    assert wide == a
    assert op("I128" if signed else "U128", name.lower())(wide) == a
    assert op(name, "u8")(a) == a % 256
    assert op(name, "i8")(a) == reference_wrap(a, 8, True)


@given(typed_pair())
def test_string_round_trips_through_parsing(case: tuple[str, int, bool, int, int]) -> None:
    name, _bits, _signed, a, _ = case
    text = op(name, "string")(a)
    assert text._s == str(a)
    parse = {"USize": "usize", "ISize": "isize"}.get(name, name.lower())
    assert getattr(String(text._s), parse)(0) == a
    assert getattr(String(hex(a).replace("0x", "0x_") if a >= 0 else "-0x" + hex(a)[3:]),
                   parse)(0) == a


@given(typed_pair())
def test_bit_counts(case: tuple[str, int, bool, int, int]) -> None:
    name, bits, signed, a, _ = case
    u = a % 2**bits
    assert op(name, "popcount")(a) == bin(u).count("1")
    assert op(name, "clz")(a) == bits - u.bit_length()
    assert op(name, "op_not")(a) == reference_wrap(~a, bits, signed)
    assert op(name, "bit_reverse")(op(name, "bit_reverse")(a)) == a
    assert op(name, "bswap")(op(name, "bswap")(a)) == a


def to_f32(x: float) -> float:
    value: float = struct.unpack("<f", struct.pack("<f", x))[0]
    return value


finite_f32 = st.floats(width=32, allow_nan=False, allow_infinity=False)


@given(finite_f32, finite_f32)
def test_f32_results_are_f32_values(a: float, b: float) -> None:
    for method in ("add", "sub", "mul", "div"):
        r = op("F32", method)(a, b)
        assume(not math.isnan(r) and not math.isinf(r))
        assert to_f32(r) == r


@given(st.floats(allow_nan=False))
def test_float_to_int_saturates(x: float) -> None:
    for name, bits, signed in TYPES:
        lo, hi = bounds(bits, signed)
        v = op("F64", name.lower())(x)
        assert lo <= v <= hi
        if lo <= x <= hi:
            assert v == math.trunc(x)
        elif x > hi:
            assert v == hi
        else:
            assert v == lo


@given(st.floats())
def test_float_string_is_printf_g(x: float) -> None:
    text = num.F64.string(x)._s
    if math.isnan(x):
        assert text in ("nan", "-nan")
    else:
        assert text == "%g" % x  # noqa: UP031 - C's printf format is the reference

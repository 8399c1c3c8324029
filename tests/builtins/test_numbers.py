"""runtime.numbers against Pony's rules (ponyc 0.69.1), table by table.

Every expected value is derived by hand from the rule in the comment above
its table (the Pony source it comes from is named), not from the
implementation's output.
"""

from __future__ import annotations

import math
import struct
from typing import Any

import pytest

from runtime import numbers as num
from runtime.builtins import Equal, Greater, Less, String
from runtime.errors import PonyError

INT_TYPES = ["U8", "U16", "U32", "U64", "U128", "ULong", "USize",
             "I8", "I16", "I32", "I64", "I128", "ILong", "ISize"]


def call(type_name: str, method: str, *args: Any) -> Any:
    return getattr(getattr(num, type_name), method)(*args)


def same_float(a: float, b: float) -> bool:
    """Equal as IEEE values, telling -0.0 from 0.0 and NaN equal to NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


# Wrapping at every width: (type, MIN, MAX, bits). Arithmetic is mod 2**bits
# (two's complement for signed): MAX + 1 == MIN, MIN - 1 == MAX,
# MAX * 2 == 2**bits - 2 (unsigned: MAX - 1; signed: -2), -MIN == MIN.
WIDTHS = [
    ("U8", 0, 255, 8), ("U16", 0, 65535, 16), ("U32", 0, 4294967295, 32),
    ("U64", 0, 18446744073709551615, 64), ("ULong", 0, 18446744073709551615, 64),
    ("USize", 0, 18446744073709551615, 64),
    ("U128", 0, 340282366920938463463374607431768211455, 128),
    ("I8", -128, 127, 8), ("I16", -32768, 32767, 16),
    ("I32", -2147483648, 2147483647, 32),
    ("I64", -9223372036854775808, 9223372036854775807, 64),
    ("ILong", -9223372036854775808, 9223372036854775807, 64),
    ("ISize", -9223372036854775808, 9223372036854775807, 64),
    ("I128", -170141183460469231731687303715884105728,
     170141183460469231731687303715884105727, 128),
]


@pytest.mark.parametrize(("t", "lo", "hi", "bits"), WIDTHS)
def test_wrapping_at_every_width(t: str, lo: int, hi: int, bits: int) -> None:
    assert call(t, "min_value") == lo
    assert call(t, "max_value") == hi
    assert call(t, "bitwidth", 0) == bits
    assert call(t, "add", hi, 1) == lo
    assert call(t, "sub", lo, 1) == hi
    assert call(t, "mul", hi, 2) == (hi - 1 if lo == 0 else -2)
    assert call(t, "add_unsafe", hi, 1) == lo
    assert call(t, "neg", lo) == lo  # -0 == 0; -MIN wraps to MIN
    assert call(t, "neg", 1) == (hi if lo == 0 else -1)  # unsigned: 0 - 1 wraps to MAX
    assert num.wrap_u(2**bits, bits) == 0
    assert num.wrap_u(-1, bits) == 2**bits - 1
    if lo:
        assert num.wrap_s(hi + 1, bits) == lo
        assert num.wrap_s(lo - 1, bits) == hi
    assert call(t, "string", lo)._s == str(lo)
    assert call(t, "string", hi)._s == str(hi)


# Division (genoperator.c make_divrem, real.pony, _arithmetic.pony):
# div truncates toward zero; rem has the dividend's sign; mod is floored
# (the divisor's sign); x / 0, x % 0 and x %% 0 are 0; signed MIN / -1 and
# MIN % -1 take the overflow branch, which yields 0.
DIVISION = [
    ("U8", "div", (7, 2), 3), ("U8", "rem", (7, 2), 1), ("U8", "mod", (7, 2), 1),
    ("U8", "div", (7, 0), 0), ("U8", "rem", (7, 0), 0), ("U8", "mod", (7, 0), 0),
    ("U32", "div", (10, 0), 0), ("U64", "div", (2**64 - 1, 2), 2**63 - 1),
    ("I8", "div", (-7, 2), -3), ("I8", "div", (7, -2), -3), ("I8", "div", (-7, -2), 3),
    ("I8", "rem", (-7, 2), -1), ("I8", "rem", (7, -2), 1), ("I8", "rem", (-7, -2), -1),
    ("I8", "mod", (-7, 2), 1), ("I8", "mod", (7, -2), -1), ("I8", "mod", (-7, -2), -1),
    ("I8", "mod", (7, 2), 1), ("I8", "mod", (-8, 2), 0), ("I8", "rem", (-8, 2), 0),
    ("I32", "div", (-1, 2), 0), ("I32", "mod", (-1, 2), 1), ("I32", "rem", (-1, 2), -1),
    ("I8", "div", (5, 0), 0), ("I8", "rem", (-5, 0), 0), ("I8", "mod", (-5, 0), 0),
    ("I8", "div", (-128, -1), 0), ("I8", "rem", (-128, -1), 0), ("I8", "mod", (-128, -1), 0),
    ("I8", "div", (-128, 1), -128), ("I8", "div", (127, -1), -127),
    ("I64", "div", (-2**63, -1), 0), ("I128", "div", (-2**127, -1), 0),
    ("I8", "div_unsafe", (-7, 2), -3), ("I8", "rem_unsafe", (-7, 2), -1),
    ("I8", "mod_unsafe", (-7, 2), 1),
]


@pytest.mark.parametrize(("t", "m", "args", "expected"), DIVISION)
def test_division(t: str, m: str, args: tuple[int, int], expected: int) -> None:
    assert call(t, m, *args) == expected


def test_division_helpers_follow_the_same_rules() -> None:
    assert num.div_u(7, 0) == 0
    assert num.div_s(-7, 2, 8) == -3
    assert num.div_s(-128, -1, 8) == 0
    assert num.rem_u(7, 0) == 0
    assert num.rem_s(7, -2, 8) == 1
    assert num.mod_u(7, 3) == 1
    assert num.mod_s(7, -2, 8) == -1
    assert num.mod_s(7, 0, 8) == 0


# _partial operators (_arithmetic.pony): error on overflow (addc/subc/mulc
# overflow flag), on a zero divisor, and on signed MIN / -1; else the value.
PARTIAL_OK = [
    ("U8", "add_partial", (254, 1), 255), ("U8", "sub_partial", (1, 1), 0),
    ("I8", "mul_partial", (-64, 2), -128), ("I8", "div_partial", (-7, 2), -3),
    ("I8", "rem_partial", (-7, 2), -1), ("I8", "mod_partial", (-7, 2), 1),
    ("U64", "mul_partial", (2**32, 2**31), 2**63),
]
PARTIAL_ERR = [
    ("U8", "add_partial", (255, 1)), ("U8", "sub_partial", (0, 1)),
    ("U8", "mul_partial", (16, 16)), ("I8", "add_partial", (127, 1)),
    ("I8", "sub_partial", (-128, 1)), ("I8", "mul_partial", (-128, -1)),
    ("I8", "mul_partial", (64, 2)), ("U8", "div_partial", (1, 0)),
    ("U8", "rem_partial", (1, 0)), ("U8", "mod_partial", (1, 0)),
    ("I8", "div_partial", (-128, -1)), ("I8", "rem_partial", (-128, -1)),
    ("I8", "mod_partial", (-128, -1)), ("I64", "div_partial", (5, 0)),
    ("U64", "mul_partial", (2**32, 2**32)), ("U128", "add_partial", (2**128 - 1, 1)),
]


@pytest.mark.parametrize(("t", "m", "args", "expected"), PARTIAL_OK)
def test_partial_in_range(t: str, m: str, args: tuple[int, int], expected: int) -> None:
    assert call(t, m, *args) == expected


@pytest.mark.parametrize(("t", "m", "args"), PARTIAL_ERR)
def test_partial_errors(t: str, m: str, args: tuple[int, int]) -> None:
    with pytest.raises(PonyError):
        call(t, m, *args)


# Shifts (genoperator.c gen_shl/gen_shr, the non-constant path): the amount
# is compared unsigned and clamped to width - 1; shr is arithmetic for
# signed types, logical for unsigned; shl drops the bits shifted out.
SHIFTS = [
    ("U8", "shl", (1, 7), 128), ("U8", "shl", (1, 8), 128), ("U8", "shl", (3, 7), 128),
    ("U8", "shl", (255, 200), 128), ("U8", "shl", (255, 1), 254),
    ("U8", "shr", (128, 7), 1), ("U8", "shr", (255, 8), 1), ("U8", "shr", (255, 0), 255),
    ("I8", "shr", (-128, 1), -64), ("I8", "shr", (-128, 8), -1), ("I8", "shr", (-1, 200), -1),
    ("I8", "shl", (1, 7), -128), ("I8", "shl", (1, 100), -128), ("I8", "shl", (-1, 7), -128),
    ("I8", "shl", (64, 1), -128), ("I8", "shl", (1, -1), -128),  # -1 read as U8 255
    ("I32", "shr", (-1, 31), -1), ("U64", "shl", (1, 63), 2**63), ("U64", "shl", (1, 64), 2**63),
    ("U128", "shl", (1, 127), 2**127), ("I128", "shr", (-2**127, 200), -1),
    ("U16", "shl_unsafe", (1, 15), 32768), ("U16", "shr_unsafe", (32768, 15), 1),
]


@pytest.mark.parametrize(("t", "m", "args", "expected"), SHIFTS)
def test_shifts(t: str, m: str, args: tuple[int, int], expected: int) -> None:
    assert call(t, m, *args) == expected


def test_shift_helpers() -> None:
    assert num.shl(1, 8, 8, False) == 128
    assert num.shl(1, 7, 8, True) == -128
    assert num.shr(-128, 9, 8, True) == -1
    assert num.shr(200, 9, 8, False) == 1


# Bitwise operators and bit counting (unsigned.pony, signed.pony: the
# signed ones count the bits of the same-width unsigned value; clz/ctz of 0
# are the width; bit_reverse example 0b11101101 -> 0b10110111 from real.pony).
BITS = [
    ("U8", "op_and", (0b1100, 0b1010), 0b1000), ("U8", "op_or", (0b1100, 0b1010), 0b1110),
    ("U8", "op_xor", (0b1100, 0b1010), 0b0110), ("I8", "op_and", (-1, 5), 5),
    ("U8", "op_not", (0,), 255), ("I8", "op_not", (0,), -1), ("U16", "op_not", (0x00FF,), 0xFF00),
    ("I8", "op_not", (-128,), 127), ("U128", "op_not", (0,), 2**128 - 1),
    ("U8", "popcount", (255,), 8), ("I8", "popcount", (-1,), 8), ("U32", "popcount", (0,), 0),
    ("I64", "popcount", (-2**63,), 1),
    ("U8", "clz", (1,), 7), ("U8", "clz", (0,), 8), ("I8", "clz", (-1,), 0),
    ("U64", "clz", (1,), 63), ("I16", "clz", (1,), 15),
    ("U8", "ctz", (0,), 8), ("U8", "ctz", (8,), 3), ("I16", "ctz", (-32768,), 15),
    ("U128", "ctz", (2**100,), 100),
    ("U8", "bswap", (0x12,), 0x12), ("U16", "bswap", (0x1234,), 0x3412),
    ("U32", "bswap", (0x12345678,), 0x78563412), ("I16", "bswap", (0x0080,), -32768),
    ("U64", "bswap", (1,), 2**56),
    ("U8", "bit_reverse", (237,), 183), ("U8", "bit_reverse", (1,), 128),
    ("I8", "bit_reverse", (1,), -128), ("U16", "bit_reverse", (1,), 0x8000),
    ("U128", "bit_reverse", (1,), 2**127),
]


@pytest.mark.parametrize(("t", "m", "args", "expected"), BITS)
def test_bit_operations(t: str, m: str, args: tuple[int, ...], expected: int) -> None:
    assert call(t, m, *args) == expected


# Integer conversions (genprim.c number_conversion): to a narrower type
# truncates; to a wider one sign-extends signed sources, zero-extends
# unsigned ones; the bits are then read in the target's signedness.
INT_CONVERSIONS = [
    ("U16", "u8", 0x1234, 0x34), ("I16", "i8", 0x1280, -128), ("I8", "u8", -1, 255),
    ("I8", "u64", -1, 2**64 - 1), ("U8", "i8", 200, -56), ("I64", "i128", -5, -5),
    ("U128", "u64", 2**64 + 5, 5), ("I32", "u16", -1, 65535), ("U64", "i64", 2**63, -2**63),
    ("I128", "u128", -1, 2**128 - 1), ("U32", "isize", 7, 7), ("ISize", "ulong", -2, 2**64 - 2),
    ("U8", "u8_unsafe", 5, 5), ("I16", "i8_unsafe", 0x1280, -128),
]


@pytest.mark.parametrize(("t", "m", "x", "expected"), INT_CONVERSIONS)
def test_integer_conversions(t: str, m: str, x: int, expected: int) -> None:
    assert call(t, m, x) == expected


# Integer to float (LLVM sitofp/uitofp): rounded once, to nearest, ties to
# even. 2**24 + 1 lies halfway between two F32s and goes to the even one
# (2**24); 2**60 + 2**36 + 1 is just above the halfway point between
# 2**60 and 2**60 + 2**37, so it rounds up (rounding through a double first
# would lose the +1 and tie down to 2**60). U128 max rounds to 2**128,
# beyond F32's range: +inf (genprim.c u128_to_f32_saturation).
INT_TO_FLOAT = [
    ("U64", "f64", 2**64 - 1, 18446744073709551616.0), ("I8", "f64", -128, -128.0),
    ("I64", "f32", 2**24 + 1, 16777216.0), ("U32", "f32", 2**24 + 3, 16777220.0),
    ("I64", "f32", 2**60 + 2**36 + 1, float(2**60 + 2**37)),
    ("I64", "f32", -(2**60 + 2**36 + 1), -float(2**60 + 2**37)),
    ("U128", "f32", 2**128 - 1, math.inf), ("U128", "f64", 2**128 - 1, 2.0**128),
    ("I32", "f32", 16777217, 16777216.0),
]


@pytest.mark.parametrize(("t", "m", "x", "expected"), INT_TO_FLOAT)
def test_integer_to_float(t: str, m: str, x: int, expected: float) -> None:
    assert same_float(call(t, m, x), expected)


# Float to integer (genprim.c f64_to_si_saturation & co.): NaN gives 0;
# above the target's maximum gives the maximum, below its minimum the
# minimum; otherwise truncation toward zero.
FLOAT_TO_INT = [
    ("F64", "i8", 200.0, 127), ("F64", "i8", -200.0, -128), ("F64", "u8", -1.0, 0),
    ("F64", "u8", 256.0, 255), ("F64", "u8", 255.9, 255), ("F64", "i32", -2.9, -2),
    ("F64", "i32", 2.9, 2), ("F64", "u8", -0.5, 0), ("F64", "i64", math.nan, 0),
    ("F64", "u32", math.inf, 2**32 - 1), ("F64", "i16", -math.inf, -32768),
    ("F64", "u64", 1e30, 2**64 - 1), ("F64", "i64", 9.3e18, 2**63 - 1),
    ("F64", "i64", -9.3e18, -2**63), ("F64", "i64", 2.0**63, 2**63 - 1),
    ("F64", "u128", math.inf, 2**128 - 1), ("F64", "i128", -1e40, -2**127),
    ("F64", "u128", 1e30, 1000000000000000019884624838656),
    ("F32", "u8", 300.0, 255), ("F32", "i32", math.nan, 0), ("F32", "u128", math.inf, 2**128 - 1),
    ("F64", "usize_unsafe", 3.7, 3),
]


@pytest.mark.parametrize(("t", "m", "x", "expected"), FLOAT_TO_INT)
def test_float_to_integer_saturates(t: str, m: str, x: float, expected: int) -> None:
    assert call(t, m, x) == expected


def _f32(x: float) -> float:
    value: float = struct.unpack("<f", struct.pack("<f", x))[0]
    return value


# F64 -> F32 (genprim.c f64_to_f32_saturation): NaN stays NaN, beyond F32's
# largest finite value gives +/-inf, otherwise round to nearest.
F64_TO_F32 = [
    (1e39, math.inf), (-1e39, -math.inf), (math.nan, math.nan), (0.1, _f32(0.1)),
    (-0.0, -0.0), (3.4028234663852886e38, 3.4028234663852886e38),
]


@pytest.mark.parametrize(("x", "expected"), F64_TO_F32)
def test_f64_to_f32(x: float, expected: float) -> None:
    assert same_float(num.F64.f32(x), expected)


# Float string (_to_string.pony `_ToString._f64`: snprintf "%g", for F32
# after widening). %g: 6 significant digits; exponent form when the decimal
# exponent X (after rounding) is < -4 or >= 6, with at least two exponent
# digits; trailing zeros and a trailing point removed; glibc prints
# "inf"/"-inf", "nan" and "-nan" (a NaN with the sign bit set), "-0".
FLOAT_STRINGS = [
    ("F64", 4.0, "4"), ("F64", 1.5, "1.5"), ("F64", 0.1, "0.1"), ("F64", 1e20, "1e+20"),
    ("F64", 1 / 3, "0.333333"), ("F64", math.nan, "nan"), ("F64", -math.nan, "-nan"),
    ("F64", math.inf, "inf"), ("F64", -math.inf, "-inf"), ("F64", -0.0, "-0"),
    ("F64", 0.0, "0"), ("F64", 123456.0, "123456"), ("F64", 1234567.0, "1.23457e+06"),
    ("F64", 100000.0, "100000"), ("F64", 1e6, "1e+06"), ("F64", 999999.5, "1e+06"),
    ("F64", 0.0001, "0.0001"), ("F64", 0.00001, "1e-05"), ("F64", 0.00001234, "1.234e-05"),
    ("F64", 2.5e-7, "2.5e-07"), ("F64", -2.5, "-2.5"), ("F64", 1e100, "1e+100"),
    ("F64", 1.7976931348623157e308, "1.79769e+308"), ("F64", 5e-324, "4.94066e-324"),
    ("F64", 3.14159265358979, "3.14159"), ("F64", 2.0**53, "9.0072e+15"),
    ("F32", _f32(0.1), "0.1"), ("F32", _f32(3.4028235e38), "3.40282e+38"),
    ("F32", _f32(1 / 3), "0.333333"),
]


@pytest.mark.parametrize(("t", "x", "expected"), FLOAT_STRINGS)
def test_float_string(t: str, x: float, expected: str) -> None:
    s = call(t, "string", x)
    assert type(s) is String
    assert s._s == expected


# Float arithmetic (IEEE 754 through LLVM; rem is C fmod, the dividend's
# sign; mod from float.pony: r = x rem y; r == 0 -> copysign(r, y); r and y
# of different signs -> r + y; sqrt of a negative is NaN; floor/ceil/trunc
# keep the sign of zero; round is llvm.round: halves away from zero;
# min/max are llvm.minimum/maximum: NaN-propagating, -0 < +0).
FLOAT_OPS = [
    ("F64", "div", (1.0, 0.0), math.inf), ("F64", "div", (-1.0, 0.0), -math.inf),
    ("F64", "div", (1.0, -0.0), -math.inf), ("F64", "div", (0.0, 0.0), math.nan),
    ("F64", "div", (7.0, 2.0), 3.5),
    ("F64", "rem", (5.5, 2.0), 1.5), ("F64", "rem", (-5.5, 2.0), -1.5),
    ("F64", "rem", (1.0, 0.0), math.nan), ("F64", "rem", (math.inf, 2.0), math.nan),
    ("F64", "rem", (1.0, math.inf), 1.0),
    ("F64", "mod", (-5.5, 2.0), 0.5), ("F64", "mod", (5.5, -2.0), -0.5),
    ("F64", "mod", (4.0, -2.0), -0.0), ("F64", "mod", (-4.0, 2.0), 0.0),
    ("F64", "sqrt", (-1.0,), math.nan), ("F64", "sqrt", (-0.0,), -0.0),
    ("F64", "sqrt", (9.0,), 3.0),
    ("F64", "floor", (-0.5,), -1.0), ("F64", "floor", (-0.0,), -0.0), ("F64", "floor", (2.7,), 2.0),
    ("F64", "ceil", (-0.5,), -0.0), ("F64", "ceil", (2.1,), 3.0),
    ("F64", "ceil", (math.inf,), math.inf),
    ("F64", "round", (2.5,), 3.0), ("F64", "round", (-2.5,), -3.0), ("F64", "round", (0.5,), 1.0),
    ("F64", "round", (0.49999999999999994,), 0.0), ("F64", "round", (-0.4,), -0.0),
    ("F64", "round", (1e300,), 1e300), ("F64", "round", (math.nan,), math.nan),
    ("F64", "trunc", (-1.7,), -1.0), ("F64", "trunc", (-0.7,), -0.0),
    ("F64", "log", (0.0,), -math.inf), ("F64", "log", (-1.0,), math.nan),
    ("F64", "log", (1.0,), 0.0),
    ("F64", "exp", (1000.0,), math.inf), ("F64", "exp", (0.0,), 1.0),
    ("F64", "pow", (2.0, 10.0), 1024.0), ("F64", "pow", (-8.0, 1 / 3), math.nan),
    ("F64", "pow", (0.0, -1.0), math.inf), ("F64", "pow", (-0.0, -1.0), -math.inf),
    ("F64", "pow", (10.0, 400.0), math.inf), ("F64", "pow", (-10.0, 401.0), -math.inf),
    ("F64", "min", (math.nan, 1.0), math.nan), ("F64", "min", (1.0, math.nan), math.nan),
    ("F64", "min", (-0.0, 0.0), -0.0), ("F64", "min", (0.0, -0.0), -0.0),
    ("F64", "max", (-0.0, 0.0), 0.0), ("F64", "max", (0.0, -0.0), 0.0),
    ("F64", "max", (1.0, 2.0), 2.0),
    ("F64", "abs", (-0.0,), 0.0), ("F64", "neg", (0.0,), -0.0),
    ("F32", "add", (16777216.0, 1.0), 16777216.0), ("F32", "mul", (3.4e38, 10.0), math.inf),
    ("F32", "div", (1.0, 3.0), _f32(1 / 3)), ("F32", "div", (1.0, 0.0), math.inf),
    ("F32", "sqrt", (2.0,), _f32(math.sqrt(2.0))), ("F32", "create", (0.1,), _f32(0.1)),
    ("F32", "sub", (_f32(0.1), _f32(0.2)), _f32(_f32(0.1) - _f32(0.2))),
]


@pytest.mark.parametrize(("t", "m", "args", "expected"), FLOAT_OPS)
def test_float_operations(t: str, m: str, args: tuple[float, ...], expected: float) -> None:
    assert same_float(call(t, m, *args), expected)


def test_float_predicates_and_limits() -> None:
    assert num.F64.nan(math.nan) and not num.F64.nan(math.inf)
    assert num.F64.infinite(-math.inf) and not num.F64.infinite(1.0)
    assert num.F64.finite(1.0) and not num.F64.finite(math.nan)
    assert num.F64.max_value() == 1.7976931348623157e308
    assert num.F64.min_value() == -1.7976931348623157e308
    assert num.F32.max_value() == _f32(3.4028234663852886e38)
    assert num.F64.f64(1.5) == 1.5 and num.F64.create(2) == 2.0


# compare (builtin.pony Comparable.compare): Equal if eq, Less if lt, else
# Greater, so a NaN compares Greater.
COMPARE = [
    ("U8", (1, 2), Less), ("U8", (2, 2), Equal), ("I8", (3, -3), Greater),
    ("F64", (1.0, 2.0), Less), ("F64", (math.nan, 1.0), Greater), ("F64", (-0.0, 0.0), Equal),
]


@pytest.mark.parametrize(("t", "args", "expected"), COMPARE)
def test_compare(t: str, args: tuple[Any, Any], expected: object) -> None:
    assert call(t, "compare", *args) is expected


def test_min_max_eq_abs() -> None:
    assert num.U32.max(3, 9) == 9 and num.U32.min(3, 9) == 3
    assert num.I8.min(-3, 2) == -3
    assert num.I8.eq(3, 3) and num.I8.ne(3, 4) and num.I8.lt(-1, 0) and num.I8.ge(0, 0)
    # Signed abs gives the unsigned type's value: I8(-128).abs() is U8(128).
    assert num.I8.abs(-128) == 128
    assert num.I32.abs(-5) == 5 and num.U8.abs(200) == 200
    assert num.U8.create(300) == 44  # create wraps a value given from Python


def _pony_hash64(x: int) -> int:
    """real.pony Real.hash64, step by step, with U64 wrapping."""
    m = 2**64 - 1
    x &= m
    x = ((~x & m) + (x << 21)) & m
    x = x ^ (x >> 24)
    x = ((x + (x << 3) & m) + (x << 8)) & m
    x = x ^ (x >> 14)
    x = ((x + (x << 2) & m) + (x << 4)) & m
    x = x ^ (x >> 28)
    return (x + (x << 31)) & m


@pytest.mark.parametrize("t", INT_TYPES)
def test_integer_hash_is_ponys_mix_of_the_u64_value(t: str) -> None:
    for x in (0, 1, 42, 127):
        assert call(t, "hash", x) == _pony_hash64(x)
        assert call(t, "hash64", x) == call(t, "hash", x)
    assert 0 <= call(t, "hash", 5) < 2**64


def test_hash_of_negative_and_wide_values() -> None:
    # I64.hash is hash64 of u64(): -1 hashes like U64 max.
    assert num.I64.hash(-1) == num.U64.hash(2**64 - 1) == _pony_hash64(2**64 - 1)
    # U128.hash: hash of (high 64 bits xor low 64 bits).
    assert num.U128.hash(2**64 + 3) == _pony_hash64(1 ^ 3)
    assert num.I128.hash(-1) == _pony_hash64(0)
    # Floats hash their bits (float.pony F64.hash = bits().hash()).
    assert num.F64.hash(1.0) == _pony_hash64(0x3FF0000000000000)
    assert num.F32.hash(1.0) == _pony_hash64(0x3F800000)


def test_bool_and_none() -> None:
    assert num.Bool.op_and(True, False) is False
    assert num.Bool.op_or(True, False) is True
    assert num.Bool.op_xor(True, True) is False
    assert num.Bool.op_not(False) is True
    assert num.Bool.eq(True, True) and num.Bool.ne(True, False)
    assert num.Bool.create(True) is True
    assert num.Bool.string(True)._s == "true"
    assert num.Bool.string(False)._s == "false"
    assert num.NoneP.string(None)._s == "None"


def test_string_results_are_new_objects() -> None:
    a, b = num.U8.string(7), num.U8.string(7)
    assert a is not b and a == b


# The `c` operators (real.pony Integer, _arithmetic.pony): (the wrapped
# result, whether the true result is out of range) for add/sub/mul; for
# div/rem/fld/mod (the usual result, y == 0 or MIN / -1).
CHECKED = [
    ("U8", "addc", 250, 10, (4, True)), ("U8", "addc", 250, 5, (255, False)),
    ("U8", "subc", 3, 5, (254, True)), ("I8", "subc", -128, 1, (127, True)),
    ("I8", "mulc", 100, 2, (-56, True)), ("I8", "mulc", -64, 2, (-128, False)),
    ("I8", "mulc", -128, -1, (-128, True)), ("U128", "mulc", 2**127, 2, (0, True)),
    ("I8", "divc", -128, -1, (0, True)), ("I8", "divc", 7, 0, (0, True)),
    ("I8", "remc", 7, 2, (1, False)), ("I8", "fldc", -7, 2, (-4, False)),
    ("I8", "modc", -7, 2, (1, False)), ("U8", "modc", 7, 0, (0, True)),
]


@pytest.mark.parametrize(("t", "method", "x", "y", "expected"), CHECKED)
def test_checked_operators(t: str, method: str, x: int, y: int,
                           expected: tuple[int, bool]) -> None:
    assert call(t, method, x, y) == expected


def test_divrem_rotations_next_pow2() -> None:
    assert call("I32", "divrem", -7, 2) == (-3, -1) and call("U8", "divrem", 7, 0) == (0, 0)
    with pytest.raises(PonyError):
        call("I8", "divrem_partial", -128, -1)
    assert call("U8", "rotl", 0x81, 1) == 3 and call("U8", "rotr", 0x81, 9) == 0xC0
    assert call("U8", "rotl", 0x81, 8) == 0x81 and call("U128", "rotr", 1, 1) == 2**127
    # unsigned.pony next_pow2: 1 << (bitwidth - (this - 1).clz()), 1 when that clz is 0.
    assert [call("U8", "next_pow2", x) for x in (0, 1, 2, 5, 128, 129, 255)] == \
        [1, 1, 2, 8, 128, 1, 1]
    assert call("I16", "bytewidth", 1) == 2 and call("U8", "clz_unsafe", 1) == 7


def test_float_functions_follow_c() -> None:
    assert call("F64", "pi") == math.pi and call("F32", "pi") == num.f32(math.pi)
    assert call("F64", "bits", 1.0) == 0x3FF0000000000000 and call("F32", "bits", -0.0) == 1 << 31
    assert call("F32", "epsilon") == 2.0 ** -23 and call("F64", "epsilon") == 2.0 ** -52
    assert call("F64", "log10", 0.0) == -math.inf and math.isnan(call("F64", "log2", -1.0))
    assert call("F64", "atanh", -1.0) == -math.inf and math.isnan(call("F64", "acosh", 0.5))
    assert call("F64", "sinh", -1000.0) == -math.inf and call("F64", "exp2", 2000.0) == math.inf
    assert call("F32", "cosh", 100.0) == math.inf  # beyond F32's range
    assert call("F64", "logb", 5e-324) == -1074.0 and call("F64", "logb", -math.inf) == math.inf
    assert call("F64", "ldexp", 1.0, 2000) == math.inf and call("F64", "frexp", 8.0) == (0.5, 4)
    assert call("F64", "copysign", 3.0, -0.0) == -3.0
    assert call("F64", "atan2", 1.0, -1.0) == math.atan2(1.0, -1.0)
    # llvm.powi: square and multiply (compiler-rt __powidf2), 1 / r for b < 0.
    assert call("F64", "powi", 2.0, 10) == 1024.0 and call("F64", "powi", 2.0, -2) == 0.25
    assert call("F64", "powi", 0.0, -1) == math.inf and call("F64", "powi", 5.0, 0) == 1.0
    assert call("F64", "divrem", 7.0, 2.0) == (3.5, 1.0)
    assert call("F64", "create") == 0.0 and call("F32", "precision10") == 6

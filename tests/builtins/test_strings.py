"""runtime.builtins.String against Pony's string.pony (ponyc 0.69.1).

Expected values come from the rule in each table's comment; where Pony's
documentation gives an example, the example is used as it is.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runtime.builtins import Equal, Greater, Less, String
from runtime.errors import PonyError
from runtime.strings import siphash24


def S(text: str) -> String:
    return String(text)


def texts(arr: Any) -> list[str]:
    return [s._s for s in arr]


def bytes_of(s: String) -> bytes:
    return bytes(s.values())


# split (string.pony `split`): split at ANY character of delim, keep empty
# fields; n > 0 gives at most n fields, the last holding the rest of the
# string, delimiters included; an empty string gives no fields at all; an
# empty delim (no delimiter characters) gives the whole string.
SPLIT = [
    ("a,,b", ",", 0, ["a", "", "b"]),                       # doc: "1,,2" -> 1, "", 2
    ("name,job;department", ".,;", 0, ["name", "job", "department"]),  # doc example
    ("a b\tc\nd", None, 0, ["a", "b", "c", "d"]),
    ("  a  b ", " ", 0, ["", "", "a", "", "b", ""]),
    ("a,b,c", ",", 2, ["a", "b,c"]),
    ("a,b,c", ",", 1, ["a,b,c"]),
    ("a,b,c", ",", 3, ["a", "b", "c"]),
    ("a,b,c", ",", 9, ["a", "b", "c"]),
    ("a,b;c", ",;", 2, ["a", "b;c"]),
    ("", ",", 0, []),
    ("abc", "", 0, ["abc"]),
    ("a,b,", ",", 0, ["a", "b", ""]),
    (",a", ",", 0, ["", "a"]),
    ("aébéc", "é", 0, ["a", "b", "c"]),
    ("a b c", " ", 2**64 - 1, ["a", "b", "c"]),
]


@pytest.mark.parametrize(("text", "delim", "n", "expected"), SPLIT)
def test_split(text: str, delim: str | None, n: int, expected: list[str]) -> None:
    d = None if delim is None else S(delim)
    result = S(text).split(d, n) if d is not None else S(text).split(n=n)
    assert texts(result) == expected
    assert all(type(s) is String for s in result)


def test_split_default_is_whitespace() -> None:
    assert texts(S("a\vb\fc\rd").split()) == ["a", "b", "c", "d"]


# split_by (string.pony `split_by`): split at each whole occurrence of delim,
# adjacent delimiters give empty fields, n limits the fields (the loop
# runs while fields + 1 < n), an empty delim gives the whole string.
SPLIT_BY = [
    # The doc example prints "b>" last, but "</span></b>" holds "><" before "/b>":
    # the code (find from the end of the previous delimiter) gives "/b>".
    ("<b><span>Hello!</span></b>", "><", 2**64 - 1, ["<b", "span>Hello!</span", "/b>"]),
    ("1CutCut2", "Cut", 2**64 - 1, ["1", "", "2"]),  # doc
    ("abc", "", 2**64 - 1, ["abc"]),
    ("a,b,c", ",", 2, ["a", "b,c"]),
    ("a,b", ",", 0, ["a,b"]),
    ("a,b", ",", 1, ["a,b"]),
    ("", ",", 2**64 - 1, [""]),
    ("a,", ",", 2**64 - 1, ["a", ""]),
    ("aaa", "aa", 2**64 - 1, ["", "a"]),
    ("xéyéz", "é", 2**64 - 1, ["x", "y", "z"]),
]


@pytest.mark.parametrize(("text", "delim", "n", "expected"), SPLIT_BY)
def test_split_by(text: str, delim: str, n: int, expected: list[str]) -> None:
    assert texts(S(text).split_by(S(delim), n)) == expected


# substring (string.pony): [from, to) in bytes; offset_to_index maps a
# negative i to size + i computed in USize, so an offset reaching before the
# start wraps to a huge index: as `from` that gives "", as `to` it is
# clamped to the size. `to` defaults to ISize max.
SUBSTRING = [
    ("hello", 1, 3, "el"), ("hello", -3, 2**63 - 1, "llo"), ("hello", 1, -1, "ell"),
    ("hello", 3, 1, ""), ("hello", -10, 2**63 - 1, ""), ("hello", 0, 100, "hello"),
    ("hello", 5, 2**63 - 1, ""), ("hello", 2, -10, "llo"), ("hello", -5, -4, "h"),
    ("héllo", 1, 3, "é"), ("héllo", 3, 2**63 - 1, "llo"),
]


@pytest.mark.parametrize(("text", "start", "end", "expected"), SUBSTRING)
def test_substring(text: str, start: int, end: int, expected: str) -> None:
    assert S(text).substring(start, end)._s == expected


def test_substring_inside_a_character_keeps_the_byte() -> None:
    half = S("é").substring(0, 1)  # the lead byte 0xC3 alone
    assert half.size() == 1 and bytes_of(half) == b"\xc3"
    assert half.add(S("é").substring(1)) == S("é")  # and the bytes join back


def test_trim() -> None:
    # trim(from, to): [min(from, last), last) with last = min(to, size).
    assert S("hello").trim(1, 3)._s == "el"
    assert S("hello").trim(4, 2)._s == ""
    assert S("hello").trim(2)._s == "llo"


# find/contains (string.pony): the nth (from 0) occurrence at or after
# offset, advancing one byte at a time (overlapping matches count); an empty
# needle never matches; find errors when there is none.
FIND = [
    ("abcabc", "bc", 0, 0, 1), ("abcabc", "bc", 2, 0, 4), ("abcabc", "bc", 0, 1, 4),
    ("aaa", "aa", 0, 1, 1), ("abc", "c", -1, 0, 2), ("héllo", "l", 0, 0, 3),
    ("abcabc", "bc", 0, 2, None), ("abc", "x", 0, 0, None), ("abc", "", 0, 0, None),
    ("abc", "a", -10, 0, None),
]


@pytest.mark.parametrize(("text", "needle", "offset", "nth", "expected"), FIND)
def test_find_and_contains(text: str, needle: str, offset: int, nth: int,
                           expected: int | None) -> None:
    if expected is None:
        with pytest.raises(PonyError):
            S(text).find(S(needle), offset, nth)
        assert not S(text).contains(S(needle), offset, nth)
    else:
        assert S(text).find(S(needle), offset, nth) == expected
        assert S(text).contains(S(needle), offset, nth)


def test_at() -> None:
    # at(s, offset): the bytes of s at offset; an empty s is found up to the end.
    assert S("abc").at(S("bc"), 1)
    assert not S("abc").at(S("bc"), 0)
    assert S("abc").at(S(""), 3) and not S("abc").at(S(""), 4)
    assert S("abc").at(S("c"), -1)
    assert not S("abc").at(S("abcd"))


# compare/lt (string.pony): bytewise lexicographic, a proper prefix is Less.
COMPARE = [
    ("a", "b", Less), ("ab", "a", Greater), ("", "", Equal), ("B", "a", Less),
    ("é", "z", Greater), ("abc", "abc", Equal), ("", "a", Less),
]


@pytest.mark.parametrize(("a", "b", "expected"), COMPARE)
def test_compare(a: str, b: str, expected: object) -> None:
    x, y = S(a), S(b)
    assert x.compare(y) is expected
    assert x.lt(y) == (expected is Less)
    assert x.le(y) == (expected is not Greater)
    assert x.gt(y) == (expected is Greater)
    assert x.ge(y) == (expected is not Less)
    assert x.eq(y) == (expected is Equal)
    assert x.ne(y) == (expected is not Equal)


def test_compare_singletons_print_their_names() -> None:
    assert [c.string()._s for c in (Less, Equal, Greater)] == ["Less", "Equal", "Greater"]
    assert Less.eq(Less) and Less.ne(Equal)
    assert type(Less).__name__ == "Less"


def test_hash_and_dict_keys() -> None:
    a, b = S("key"), S("key")
    assert a is not b and a == b and hash(a) == hash(b)
    assert a.hash() == b.hash() and 0 <= a.hash() < 2**64
    assert {a: 1}[b] == 1
    assert S("x") != S("y") and S("x") != "x"
    assert repr(S("hi")) == "String('hi')"


def test_siphash24_reference_vectors() -> None:
    # The SipHash paper's vectors: key 00..0f, messages 00 01 .. (n-1).
    key = (int.from_bytes(bytes(range(8)), "little"), int.from_bytes(bytes(range(8, 16)), "little"))
    assert siphash24(b"", *key) == 0x726FDB47DD0E0E31
    assert siphash24(bytes(range(8)), *key) == 0x93F5F5799A932462
    assert siphash24(bytes(range(15)), *key) == 0xA129CA6149BE45E5
    assert siphash24(bytes(range(63)), *key) == 0x958A324CEB064572


def test_hash_is_ponys_siphash_with_the_fixed_key() -> None:
    # ponyint_hash_block (libponyrt/ds/fun.c) on a 64-bit target.
    assert S("").hash() == 10978353863185372633
    assert S("hello").hash() == 7631117692111270106
    assert S("hello").hash64() == S("hello").hash()
    assert S("é").hash() == siphash24("é".encode())
    assert String.from_array([0xFF, 0x41]).hash() == siphash24(b"\xffA")


# u8 ... i64 parsing (string.pony _to_int/read_int/_read_int_base): the whole
# string; base 0 reads a 0x/0b prefix (any case) when at least one character
# follows it, else decimal (a leading 0 is not octal); `_` is skipped
# anywhere; a `-` only for signed types; no `+`, no spaces; at least one
# digit; out of range is an error.
PARSE = [
    ("u32", "123", 0, 123), ("u32", "0x1F", 0, 31), ("u32", "0X1f", 0, 31),
    ("u32", "0b101", 0, 5), ("u32", "1_000", 0, 1000), ("u32", "_1", 0, 1), ("u32", "1_", 0, 1),
    ("u32", "ff", 16, 255), ("u32", "0x1", 0, 1), ("u32", "4294967295", 0, 4294967295),
    ("u32", "010", 0, 10), ("u32", "z", 36, 35), ("u32", "10", 2, 2), ("u32", "1e", 16, 30),
    ("u32", "0b1", 0, 1), ("i32", "-0x10", 0, -16), ("i8", "-128", 0, -128), ("i8", "127", 0, 127),
    ("u8", "255", 0, 255), ("u64", "18446744073709551615", 0, 2**64 - 1),
    ("i64", "-9223372036854775808", 0, -2**63), ("u16", "0", 0, 0), ("isize", "-0", 0, 0),
    ("usize", "0x_ff", 0, 255), ("u32", "0", 1, 0), ("u32", "1z", 40, 75),
    ("u32", "0b11", 16, 0xB11), ("u32", "0", 16, 0), ("u32", "00", 16, 0),
    ("i128", "-5", 0, -5), ("u128", "0x1_0", 0, 16),
]
PARSE_ERRORS = [
    ("u32", "0x", 0), ("u32", "", 0), ("u32", "-1", 0), ("u32", "+1", 0), ("u32", " 1", 0),
    ("u32", "1 ", 0), ("u32", "4294967296", 0), ("u32", "12a", 0), ("u32", "0b", 0),
    ("i8", "-129", 0), ("i8", "128", 0), ("u32", "12", 2), ("u32", "0x10", 10), ("i8", "-", 0),
    ("i8", "--1", 0), ("u32", "__", 0), ("u8", "256", 0), ("u32", "١٢", 0), ("u32", "1.0", 0),
    ("u16", "-0", 0), ("u32", "1", 1),
    # an explicit base reads no prefix: the x, b or o is a bad digit there
    ("u8", "0xff", 16), ("u8", "0b11", 2), ("u32", "0x10", 16), ("u32", "0o7", 8),
    ("u32", "0x0x5", 0),
]


@pytest.mark.parametrize(("method", "text", "base", "expected"), PARSE)
def test_parse_integers(method: str, text: str, base: int, expected: int) -> None:
    assert getattr(S(text), method)(base) == expected


@pytest.mark.parametrize(("method", "text", "base"), PARSE_ERRORS)
def test_parse_integer_errors(method: str, text: str, base: int) -> None:
    with pytest.raises(PonyError):
        getattr(S(text), method)(base)


# f64/f32 (string.pony): C strtod/strtof over the whole string: leading
# whitespace, a sign, decimal or hex floats, inf/infinity/nan in any case;
# anything left over, an empty string, or ERANGE (overflow, underflow) errors.
FLOATS = [
    ("1.5", 1.5), ("1e3", 1000.0), (" 2", 2.0), ("inf", math.inf), ("-Infinity", -math.inf),
    ("0x1.8p1", 3.0), ("0", 0.0), ("0e-400", 0.0), (".5", 0.5), ("5.", 5.0), ("+3", 3.0),
    ("-0", -0.0), ("1.19208e-07", 1.19208e-07), ("0X10", 16.0),
]
FLOAT_ERRORS = ["2 ", "1e400", "1e-400", "", "abc", "1_0", "1e", "0x", "--1", "1.5x", " "]


@pytest.mark.parametrize(("text", "expected"), FLOATS)
def test_parse_f64(text: str, expected: float) -> None:
    value = S(text).f64()
    assert value == expected and math.copysign(1, value) == math.copysign(1, expected)


def test_parse_nan() -> None:
    assert math.isnan(S("NaN").f64()) and math.isnan(S("nan").f32())


@pytest.mark.parametrize("text", FLOAT_ERRORS)
def test_parse_f64_errors(text: str) -> None:
    with pytest.raises(PonyError):
        S(text).f64()


def test_parse_f32() -> None:
    assert S("1.5").f32() == 1.5
    assert S("0.1").f32() == 0.10000000149011612
    for bad in ("1e39", "1e-46", "x"):
        with pytest.raises(PonyError):
            S(bad).f32()


# Bytes: size is the UTF-8 length, apply the i-th byte, update replaces a
# byte and returns the old one, push appends a byte; bytes that are not
# UTF-8 are kept (a String is bytes in Pony).
def test_size_and_bytes() -> None:
    assert S("héllo").size() == 6
    assert S("abc").apply(1) == 98
    assert S("é").apply(0) == 0xC3 and S("é").apply(1) == 0xA9
    for bad in (3, -1):
        with pytest.raises(PonyError):
            S("abc").apply(bad)
    s = S("abc")
    assert s.update(0, ord("x")) == ord("a") and s._s == "xbc"
    with pytest.raises(PonyError):
        s.update(3, 0)
    assert S("").size() == 0


def test_push_builds_utf8_byte_by_byte() -> None:
    s = S("caf")
    s.push(0xC3)
    assert s.size() == 4
    s.push(0xA9)
    assert s == S("café") and s.size() == 5
    s.push(ord("!"))
    assert s._s == "café!"


def test_from_array_keeps_invalid_bytes() -> None:
    s = String.from_array([104, 0xFF, 105])
    assert s.size() == 3 and s.apply(1) == 0xFF and bytes_of(s) == b"h\xffi"
    assert String.from_array(b"hi")._s == "hi"
    assert list(S("hé").array()) == [104, 0xC3, 0xA9]


def test_values_iterator_both_protocols() -> None:
    it = S("ab").values()
    assert it.has_next() and it.next() == 97
    assert list(it) == [98]
    assert not it.has_next()
    with pytest.raises(PonyError):
        it.next()
    assert list(S("é").values()) == [0xC3, 0xA9]


def test_mutation_and_copies() -> None:
    s = String.create()
    assert s.append(S("Hello")) is None  # string.pony: `fun ref append` returns None
    s.append(S(", "))
    s.append(S("cap"))
    assert s._s == "Hello, cap" and s.size() == 10
    c = s.clone()
    assert c is not s and c == s
    s.truncate(5)
    assert s._s == "Hello" and c._s == "Hello, cap"
    s.truncate(50)
    assert s._s == "Hello"
    s.reserve(100)
    s.clear()
    assert s._s == "" and s.size() == 0
    t = S("x")
    assert t.string() is not t and t.string() == t
    assert S("a").add(S("b"))._s == "ab"
    t = S("ab")
    t.append([0x63, 0x64])
    assert t._s == "abcd"


def test_case_reverse_strip() -> None:
    # upper/lower: ASCII letters only (string.pony lower_in_place/upper_in_place).
    assert S("abcÉé").upper()._s == "ABCÉé"
    assert S("ABCÉé").lower()._s == "abcÉé"
    assert S("ß").upper()._s == "ß"
    # reverse: the bytes in reverse order.
    assert S("abc").reverse()._s == "cba"
    assert bytes_of(S("é").reverse()) == b"\xa9\xc3"
    # strip (fun ref): removes, in place, the leading and trailing characters in s.
    for text, chars, want in (("  a b \n", None, "a b"), ("xxaxx", S("x"), "a"), ("   ", None, "")):
        s = S(text)
        assert (s.strip() if chars is None else s.strip(chars)) is None
        assert s._s == want


def test_join_and_repeat() -> None:
    parts = String.create().split()  # no fields
    assert S(", ").join(parts.values())._s == ""
    assert S(", ").join(S("a b c").split().values())._s == "a, b, c"
    assert S("-").repeat_str(3, S(""))._s == "---"
    assert S("ab").repeat_str(3, S("-"))._s == "ab-ab-ab"
    assert S("ab").repeat_str(0, S("-"))._s == ""


@given(st.binary(max_size=12), st.binary(max_size=12))
def test_joining_byte_strings_is_joining_bytes(a: bytes, b: bytes) -> None:
    x, y = String.from_array(a), String.from_array(b)
    joined = x.add(y)
    assert bytes_of(joined) == a + b
    assert joined == String.from_array(a + b)  # canonical text: equal bytes, equal strings
    x.append(y)
    assert x == joined


@given(st.binary(max_size=16), st.integers(-20, 20), st.integers(-20, 20))
def test_substring_is_byte_slicing(data: bytes, start: int, end: int) -> None:
    n = len(data)

    def index(i: int) -> int:  # offset_to_index, with USize wrapping
        return (i + n) % 2**64 if i < 0 else i

    lo, hi = index(start), min(index(end), n)
    expected = data[lo:hi] if lo < n and lo < hi else b""
    assert bytes_of(String.from_array(data).substring(start, end)) == expected


@given(st.text(max_size=20))
def test_size_is_the_utf8_length(text: str) -> None:
    assert S(text).size() == len(text.encode("utf-8", "surrogatepass"))


# rfind (string.pony): from i = idx(offset) + 1 - s.size() down to 0; i past
# the end (USize arithmetic: negative wraps) or an empty needle: error.
RFIND = [
    ("abcabc", "b", -1, 0, 4), ("abcabc", "b", 3, 0, 1), ("abcabc", "b", -1, 1, 1),
    ("abcabc", "bc", -1, 0, 4), ("aaaa", "aa", -1, 1, 1), ("éaé", "é", -1, 0, 3),
    ("abcabc", "c", 0, 0, None), ("abcabc", "", -1, 0, None), ("ab", "abc", -1, 0, None),
    ("abcabc", "bc", 10, 0, None), ("abc", "a", -4, 0, None),
]


@pytest.mark.parametrize(("text", "needle", "offset", "nth", "expected"), RFIND)
def test_rfind(text: str, needle: str, offset: int, nth: int, expected: int | None) -> None:
    if expected is None:
        with pytest.raises(PonyError):
            S(text).rfind(S(needle), offset, nth)
    else:
        assert S(text).rfind(S(needle), offset, nth) == expected


def test_count_remove_replace() -> None:
    assert S("aaaa").count(S("aa")) == 2 and S("").count(S("")) == 1
    assert S("a").count(S("")) == 0 and S("aaa").count(S("a"), -1) == 1
    s = S("a-é-c")
    assert s.replace(S("-"), S("é")) == 2 and s._s == "aéééc"
    assert s.remove(S("é")) == 3 and s._s == "ac"
    t = S("aaa")
    assert t.replace(S("a"), S("bb"), 2) == 2 and t._s == "bbbba"
    assert t.replace(S(""), S("x")) == 0 and t.remove(S("")) == 0


def test_strip_by_code_point_with_invalid_bytes() -> None:
    # rstrip passes over bytes that start no sequence, and they go when a
    # character before them is stripped; lstrip stops at them (U+FFFD).
    s = String.from_array(b"a \xff")
    s.rstrip()
    assert s._s == "a"
    s = String.from_array(b"\xff a")
    s.lstrip()
    assert bytes(s.values()) == b"\xff a"
    s = S("ééaé")
    s.strip(S("é"))
    assert s._s == "a"


def test_runes_and_utf32() -> None:
    assert list(S("aé€😀").runes()) == [97, 233, 8364, 128512]
    assert list(String.from_array(b"\xc3A\xff\xe0\x80\x80").runes()) == \
        [0xFFFD, 65, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD]  # E0 80: overlong
    assert S("aé").utf32(1) == (233, 2) and S("aé").utf32(-1) == (0xFFFD, 1)
    with pytest.raises(PonyError):
        S("a").utf32(1)
    assert String.from_utf32(0xD800)._s == "\ufffd" and String.from_utf32(0x41)._s == "A"


def test_byte_edits() -> None:
    s = S("abc")
    s.insert_byte(1, 0xC3)
    assert bytes(s.values()) == b"a\xc3bc"
    s.delete(1)
    s.unshift(0x7A)
    assert s._s == "zabc" and s.shift() == 0x7A and s.pop() == 0x63
    s.unshift(0)
    assert s._s == ""
    with pytest.raises(PonyError):
        s.pop()

"""Pony's String: bytes held as canonical text (see `runtime.builtins` for the
representation), with the helpers that convert between text and bytes and
parse numbers out of strings."""

from __future__ import annotations

import re
import struct
import sys
from collections.abc import Iterable
from itertools import repeat
from typing import Any, Final

from runtime.arrays import Array
from runtime.compare import Equal, Greater, Less, _Compare
from runtime.errors import PonyError
from runtime.iterators import PonyIterator, iterate, over
from runtime.memory import acct

MASK64: Final = (1 << 64) - 1
_BIG: Final = 1 << 64  # an index past any string: Pony's wrapped negative offsets
_WHITESPACE: Final = " \t\v\f\r\n"


# ---------------------------------------------------------------- bytes <-> text

def _enc(s: str) -> bytes:
    """The bytes of a String's text."""
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate from Python code, not an escape
        return s.encode("utf-8", "surrogatepass")


def _dec(b: bytes | bytearray) -> str:
    return b.decode("utf-8", "surrogateescape")


def _is_esc(c: str) -> bool:
    return "\udc80" <= c <= "\udcff"


def _join(a: str, b: str) -> str:
    """The canonical text of bytes(a) + bytes(b).

    Only escaped bytes at the seam can combine (a dangling lead byte at the
    end of `a` with continuation bytes at the start of `b`); a UTF-8
    sequence is at most 4 bytes, so 3 characters each side are re-decoded.
    """
    if not (a and b and _is_esc(a[-1]) and _is_esc(b[0])):
        return a + b
    i = len(a)
    while i > 0 and len(a) - i < 3 and _is_esc(a[i - 1]):
        i -= 1
    j = 0
    while j < len(b) and j < 3 and _is_esc(b[j]):
        j += 1
    return a[:i] + _dec(_enc(a[i:] + b[:j])) + b[j:]


def _canon(s: str) -> str:
    return s if s.isascii() else _dec(_enc(s))


def _index(offset: int, size: int) -> int:
    """Pony's offset_to_index: negative offsets count from the end; one that
    reaches before the start wraps (USize) to an index past the end."""
    if offset < 0:
        offset += size
        if offset < 0:
            return _BIG
    return offset


def _find(hay: str | bytes, needle: str | bytes, start: int, nth: int) -> int:
    """Index of the nth (from 0) occurrence at or after start; overlapping
    occurrences count, as Pony advances one byte at a time. -1 if none."""
    if not needle:
        return -1
    i = hay.find(needle, start)  # type: ignore[arg-type]
    while nth > 0 and i >= 0:
        i = hay.find(needle, i + 1)  # type: ignore[arg-type]
        nth -= 1
    return i


_SPLIT_RE: dict[str, re.Pattern[str]] = {}
_UPPER: Final = {c: c - 32 for c in range(ord("a"), ord("z") + 1)}
_LOWER: Final = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _split_re(delim: str) -> re.Pattern[str]:
    pat = _SPLIT_RE.get(delim)
    if pat is None:
        pat = re.compile("[" + "".join(re.escape(c) for c in set(delim)) + "]")
        if len(_SPLIT_RE) < 256:
            _SPLIT_RE[delim] = pat
    return pat


def _maxsplit(n: int) -> int:
    """Python's maxsplit for Pony's field limit n (> 0)."""
    return n - 1 if n - 1 <= sys.maxsize else -1


def _text_of(v: Any) -> str:
    """The text of a Stringable value (for `join`)."""
    if type(v) is String:
        return v._s
    if type(v) is bool:
        return "true" if v else "false"
    if type(v) is int:
        return str(v)
    if v is None:
        return "None"
    if type(v) is float:
        from runtime import numbers  # numbers imports this module

        formatted: str = numbers.format_float(v)
        return formatted
    text: str = v.string()._s
    return text


# ---------------------------------------------------------------- parsing numbers

_INT_LIMITS: Final = {
    "u8": (0, 0xFF), "u16": (0, 0xFFFF), "u32": (0, 0xFFFF_FFFF),
    "u64": (0, MASK64), "usize": (0, MASK64), "ulong": (0, MASK64),
    "u128": (0, (1 << 128) - 1),
    "i8": (-(1 << 7), (1 << 7) - 1), "i16": (-(1 << 15), (1 << 15) - 1),
    "i32": (-(1 << 31), (1 << 31) - 1), "i64": (-(1 << 63), (1 << 63) - 1),
    "isize": (-(1 << 63), (1 << 63) - 1), "ilong": (-(1 << 63), (1 << 63) - 1),
    "i128": (-(1 << 127), (1 << 127) - 1),
}


def parse_int(s: str, base: int, lo: int, hi: int) -> int:
    """Pony's String._to_int: the whole string as an integer in [lo, hi].

    A leading `-` only for signed types; base 0 reads a `0x`/`0b` prefix
    (case-insensitive, only when at least one character follows it) and is
    otherwise decimal (a leading 0 is not octal); `_` is ignored anywhere;
    no `+`, no spaces; at least one digit; out of range is an error.
    """
    if not s.isascii():
        raise PonyError
    i, n = 0, len(s)
    minus = n > 0 and s[0] == "-"
    if minus:
        if lo == 0:
            raise PonyError
        i = 1
    if base == 0:
        base = 10
        if i + 2 < n and s[i] == "0" and s[i + 1] in "xXbB":
            base = 16 if s[i + 1] in "xX" else 2
            i += 2
    digits = s[i:].replace("_", "")
    if not digits or not digits.isalnum():
        raise PonyError
    value = _digits_value(digits, base)
    if minus:
        value = -value
    if not lo <= value <= hi:
        raise PonyError
    return value


def _digits_value(digits: str, base: int) -> int:
    if 2 <= base <= 36:
        try:
            return int(digits, base)
        except ValueError:
            raise PonyError from None
    value = 0
    for c in digits:  # base 1 or > 36: Pony's digit rule, 0-9 then a-z/A-Z
        d = int(c, 36)
        if d >= base:
            raise PonyError
        value = value * base + d
    return value


_FLOAT_RE: Final = re.compile(
    r"[ \t\n\v\f\r]*[+-]?(?:"
    r"(?P<dec>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<hex>0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)"
    r"|(?P<inf>[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)"
    r"|(?P<nan>[nN][aA][nN](?:\([0-9A-Za-z_]*\))?))"
)
_F64_MIN_NORMAL: Final = 2.2250738585072014e-308


def parse_float(s: str) -> float:
    """Pony's String.f64: C `strtod` over the whole string.

    Accepts what strtod accepts (leading whitespace, sign, decimal and hex
    floats, inf/infinity/nan, any case) and nothing after it; an empty
    string, overflow to infinity and underflow (a nonzero number that
    rounds to zero or to a subnormal: glibc sets ERANGE) are errors.
    """
    m = _FLOAT_RE.fullmatch(s)
    if m is None:
        raise PonyError
    text = s.lstrip(" \t\n\v\f\r")
    if m.group("nan") is not None:
        return float("-nan") if text[0] == "-" else float("nan")
    if m.group("inf") is not None:
        return float("-inf") if text[0] == "-" else float("inf")
    try:
        value = float.fromhex(text) if m.group("hex") is not None else float(text)
    except OverflowError:  # float.fromhex on a huge hex literal
        raise PonyError from None
    if value in (float("inf"), float("-inf")):
        raise PonyError
    if abs(value) < _F64_MIN_NORMAL and _has_nonzero_digit(m.group("dec") or m.group("hex")):
        raise PonyError
    return value


def _has_nonzero_digit(mantissa: str) -> bool:
    if mantissa[:2] in ("0x", "0X"):
        body = re.split("[pP]", mantissa[2:])[0]
    else:
        body = re.split("[eE]", mantissa)[0]
    return any(c not in "0." for c in body)


_F32: Final = struct.Struct("<f")
_F32_MIN_NORMAL: Final = 1.1754943508222875e-38


def _parse_f32(s: str) -> float:
    """Pony's String.f32 (strtof): as parse_float, with F32's range."""
    value = parse_float(s)
    if value != value or value in (float("inf"), float("-inf")):
        return value
    try:
        rounded: float = _F32.unpack(_F32.pack(value))[0]
    except OverflowError:
        raise PonyError from None
    if rounded in (float("inf"), float("-inf")):
        raise PonyError
    if value != 0.0 and abs(rounded) < _F32_MIN_NORMAL:
        raise PonyError
    return rounded


# ---------------------------------------------------------------- String

class String:
    """Pony's String: bytes, held as canonical text in `_s` (see module doc)."""

    __slots__ = ("_s",)

    def __init__(self, text: str = "") -> None:
        self._s = text

    # -- constructors
    @staticmethod
    def create(len: int = 0) -> String:
        """An empty string (`len` is the space to reserve: ignored)."""
        return String("")

    @staticmethod
    def from_array(data: Iterable[int]) -> String:
        """The string of the bytes in `data` (an Array[U8] or bytes)."""
        return String(_dec(bytes(data)))

    @staticmethod
    def from_iso_array(data: Iterable[int]) -> String:
        """As `from_array`, taking the array over (Pony's `new iso from_iso_array`)."""
        return String(_dec(bytes(data)))

    @staticmethod
    def from_bytes(data: bytes) -> String:
        return String(_dec(data))

    # -- Python protocol: hashable by text, so a String val can key a dict
    def __eq__(self, other: object) -> bool:
        if type(other) is String:
            return self._s == other._s
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if type(other) is String:
            return self._s != other._s
        return NotImplemented

    def __lt__(self, other: String) -> bool:
        return self._s < other._s

    def __hash__(self) -> int:
        return hash(self._s)

    def __repr__(self) -> str:
        return f"String({self._s!r})"

    def __str__(self) -> str:
        return self._s

    # -- size and bytes
    def _bytes(self) -> bytes:
        return _enc(self._s)

    def size(self) -> int:
        s = self._s
        return len(s) if s.isascii() else len(_enc(s))

    def apply(self, i: int) -> int:
        s = self._s
        if s.isascii():
            if 0 <= i < len(s):
                return ord(s[i])
            raise PonyError
        b = _enc(s)
        if 0 <= i < len(b):
            return b[i]
        raise PonyError

    def update(self, i: int, value: int) -> int:
        """Set the i-th byte; returns the old one."""
        b = bytearray(_enc(self._s))
        if not 0 <= i < len(b):
            raise PonyError
        old = b[i]
        b[i] = value & 0xFF
        self._s = _dec(b)
        return old

    def values(self) -> PonyIterator:
        """An iterator over the bytes (of the string as it is now)."""
        s = self._s
        return over(iter(s.encode("ascii") if s.isascii() else _enc(s)))

    def array(self) -> Array:
        return Array(_enc(self._s))

    # -- mutation (ref methods)
    def append(self, that: Any) -> String:
        """Append a String (or a sequence of bytes); returns self.

        The common case grows the text in place: with the attribute cleared,
        the local holds the only reference, and CPython's `+=` then resizes
        the string instead of copying it (appends are amortised O(1), not
        O(n): building a string by appending is linear)."""
        tail = that._s if type(that) is String else _dec(bytes(that))
        acct.counted += len(tail)
        s = self._s
        if s and tail and "\udc80" <= s[-1] <= "\udcff" and "\udc80" <= tail[0] <= "\udcff":
            self._s = _join(s, tail)  # escaped bytes meet: re-decode the seam
            return self
        self._s = ""
        s += tail
        self._s = s
        return self

    def push(self, value: int) -> None:
        """Append one byte."""
        if value < 0x80:
            self._s += chr(value)
        else:
            self._s = _join(self._s, _dec(bytes((value & 0xFF,))))

    def clear(self) -> None:
        self._s = ""

    def truncate(self, n: int) -> None:
        """Keep the first `n` bytes (a longer `n` leaves the string as it is)."""
        s = self._s
        if s.isascii():
            if n < len(s):
                self._s = s[:n]
        else:
            b = _enc(s)
            if n < len(b):
                self._s = _dec(b[:n])

    def reserve(self, len: int) -> None:
        """No-op: Python strings manage their own space."""

    # -- new strings
    def add(self, that: String) -> String:
        text = _join(self._s, that._s)
        acct.counted += len(text)
        return String(text)

    def clone(self) -> String:
        return String(self._s)

    def string(self) -> String:
        return String(self._s)

    def upper(self) -> String:
        """ASCII letters to upper case; other bytes unchanged, as in Pony."""
        s = self._s
        return String(s.upper() if s.isascii() else s.translate(_UPPER))

    def lower(self) -> String:
        s = self._s
        return String(s.lower() if s.isascii() else s.translate(_LOWER))

    def reverse(self) -> String:
        """The bytes in reverse order (a multi-byte character is reversed too)."""
        s = self._s
        return String(s[::-1] if s.isascii() else _dec(_enc(s)[::-1]))

    def strip(self, s: String | None = None) -> None:
        """Remove, in place, the leading and trailing characters that are in `s`
        (Pony's `fun ref strip`)."""
        chars = _WHITESPACE if s is None else s._s
        self._s = self._s.strip(chars)

    def repeat_str(self, num: int = 1, sep: String | None = None) -> String:
        sep_text = "" if sep is None else sep._s
        text = _canon(sep_text.join(repeat(self._s, num)))
        acct.counted += len(text)
        return String(text)

    def join(self, data: Any) -> String:
        """The texts of `data`'s values with this string between them."""
        text = self._s.join([_text_of(v) for v in iterate(data)])
        acct.counted += len(text)
        return String(_canon(text))

    # -- searching
    def _pair(self, that: String) -> tuple[str | bytes, str | bytes]:
        a, b = self._s, that._s
        if a.isascii() and b.isascii():
            return a, b
        return _enc(a), _enc(b)

    def find(self, s: String, offset: int = 0, nth: int = 0) -> int:
        """Byte index of the nth occurrence of `s` from `offset`; error if none
        (or if `s` is empty)."""
        hay, needle = self._pair(s)
        i = _find(hay, needle, _index(offset, len(hay)), nth)
        if i < 0:
            raise PonyError
        return i

    def contains(self, s: String, offset: int = 0, nth: int = 0) -> bool:
        hay, needle = self._pair(s)
        return _find(hay, needle, _index(offset, len(hay)), nth) >= 0

    def at(self, s: String, offset: int = 0) -> bool:
        """True if `s` occurs at byte `offset` (an empty `s` occurs anywhere
        up to the end)."""
        hay, needle = self._pair(s)
        i = _index(offset, len(hay))
        return i + len(needle) <= len(hay) and hay.startswith(needle, i)  # type: ignore[arg-type]

    def substring(self, from_: int, to: int = (1 << 63) - 1) -> String:
        """Bytes [from_, to): negative offsets count from the end, `to` is
        clamped to the size, an empty range gives an empty string; a
        negative offset before the start wraps past the end (Pony's USize)."""
        s = self._s
        if s.isascii():
            n = len(s)
            start, finish = _index(from_, n), min(_index(to, n), n)
            return String(s[start:finish] if start < finish else "")
        b = _enc(s)
        n = len(b)
        start, finish = _index(from_, n), min(_index(to, n), n)
        return String(_dec(b[start:finish]) if start < finish else "")

    def trim(self, from_: int = 0, to: int = MASK64) -> String:
        """Bytes [min(from_, end), end) where end = min(to, size)."""
        last = min(self.size(), to)
        return self.substring(min(last, from_), last)

    def split(self, delim: String | None = None, n: int = 0) -> Array:
        """Split at every character that is in `delim`, keeping empty fields;
        n > 0 makes at most n fields (the last holds the rest, delimiters
        included); an empty string gives no fields at all."""
        s = self._s
        if not s:
            return Array()
        chars = _WHITESPACE if delim is None else delim._s
        limit = _maxsplit(n) if n > 0 else -1  # -1: no limit
        if not chars or limit == 0:
            parts = [s]
        elif len(chars) == 1:
            parts = s.split(chars, limit)
        else:
            parts = _split_re(chars).split(s, max(limit, 0))
        return Array([String(p) for p in parts])

    def split_by(self, delim: String, n: int = MASK64) -> Array:
        """Split at each occurrence of the whole `delim`; n limits the number
        of fields (n <= 1 or an empty delim gives the whole string)."""
        if n <= 1 or not delim._s:
            return Array([String(self._s)])
        s, d = self._s, delim._s
        if s.isascii() and d.isascii():
            return Array([String(p) for p in s.split(d, _maxsplit(n))])
        parts = _enc(s).split(_enc(d), _maxsplit(n))
        return Array([String(_dec(p)) for p in parts])

    # -- comparing and hashing
    def hash(self) -> int:
        """Stable within a run; equal for equal strings (Python's str hash)."""
        return hash(self._s) & MASK64

    def hash64(self) -> int:
        return hash(self._s) & MASK64

    def eq(self, that: String) -> bool:
        return self._s == that._s

    def ne(self, that: String) -> bool:
        return self._s != that._s

    def lt(self, that: String) -> bool:
        return self._s < that._s

    def le(self, that: String) -> bool:
        return self._s <= that._s

    def gt(self, that: String) -> bool:
        return self._s > that._s

    def ge(self, that: String) -> bool:
        return self._s >= that._s

    def compare(self, that: String) -> _Compare:
        a, b = self._s, that._s
        if a == b:
            return Equal
        return Less if a < b else Greater

    # -- parsing
    def u8(self, base: int = 0) -> int:
        return parse_int(self._s, base, 0, 0xFF)

    def u16(self, base: int = 0) -> int:
        return parse_int(self._s, base, 0, 0xFFFF)

    def u32(self, base: int = 0) -> int:
        return parse_int(self._s, base, 0, 0xFFFF_FFFF)

    def u64(self, base: int = 0) -> int:
        return parse_int(self._s, base, 0, MASK64)

    def u128(self, base: int = 0) -> int:
        return parse_int(self._s, base, 0, (1 << 128) - 1)

    def usize(self, base: int = 0) -> int:
        return parse_int(self._s, base, 0, MASK64)

    def ulong(self, base: int = 0) -> int:
        return parse_int(self._s, base, 0, MASK64)

    def i8(self, base: int = 0) -> int:
        return parse_int(self._s, base, -(1 << 7), (1 << 7) - 1)

    def i16(self, base: int = 0) -> int:
        return parse_int(self._s, base, -(1 << 15), (1 << 15) - 1)

    def i32(self, base: int = 0) -> int:
        return parse_int(self._s, base, -(1 << 31), (1 << 31) - 1)

    def i64(self, base: int = 0) -> int:
        return parse_int(self._s, base, -(1 << 63), (1 << 63) - 1)

    def i128(self, base: int = 0) -> int:
        return parse_int(self._s, base, -(1 << 127), (1 << 127) - 1)

    def isize(self, base: int = 0) -> int:
        return parse_int(self._s, base, -(1 << 63), (1 << 63) - 1)

    def ilong(self, base: int = 0) -> int:
        return parse_int(self._s, base, -(1 << 63), (1 << 63) - 1)

    def f64(self, offset: int = 0) -> float:
        return parse_float(self._tail(offset))

    def f32(self, offset: int = 0) -> float:
        return _parse_f32(self._tail(offset))

    def _tail(self, offset: int) -> str:
        """The text from byte `offset` (an offset at or past the end: error)."""
        if offset == 0:
            if not self._s:
                raise PonyError
            return self._s
        b = _enc(self._s)
        i = _index(offset, len(b))
        if i >= len(b):
            raise PonyError
        return _dec(b[i:])

"""The runtime side of Pony's `builtin` package: String, Array, Compare, iterators.

Place: imported by every generated module as `_rt` (`from runtime import
builtins as _rt`). The signatures live in `capdsl/stdlib/builtin/builtin.cap`;
this module implements the bodies. Numbers, Bool and None are in
`runtime.numbers`, the collections package in `runtime.collections`.

How generated code calls this module (the contract)
---------------------------------------------------
- Every method of builtin.cap is a Python method of the same name taking its
  arguments positionally in the declared order; the generator passes every
  argument (defaults included), the Python defaults equal Pony's for people
  calling from Python. A Pony name that is a Python keyword gets U+02BC
  appended as a method name (capdsl.codegen.names.py_attr) and a trailing
  `_` as a parameter name (`from_`).
- Partial methods (`?`) raise `runtime.errors.PonyError` (the class).
- Constructors are static methods named as in builtin.cap:
  `String.create(len=0)`, `String.from_array(data)`, `Array.create(len=0)`,
  `Array.init(from_, len)`. `String(text)` builds a String from a Python str
  (string literals: once, at module level); `String.from_bytes(b)` from raw
  bytes (literals with `\\xHH` escapes). `Array(list)` builds an array literal.
- `Less`, `Equal`, `Greater` are the single instances of the Compare
  primitives (their classes are `type(Less)`, ...), as for user primitives.
- Iterators (`values()`, `keys()`, `pairs()` and those of runtime.collections)
  have Pony's `has_next()` and partial `next()` and Python's iterator
  protocol; `iter(it)` hands out the native Python iterator they wrap, which
  shares their position, so a Python `for` over them runs at C speed.
- Helpers: `iterate(x)` (what a `for` loop iterates: our iterators as they
  are, any other Pony Iterator through has_next/next), `make_args(argv)`,
  `identical(a, b)` (Pony's `is`), `digest(x)` (`digestof`) and `dyn(obj,
  name)` (a method of a value whose static type is an interface or union).

Representation decisions
------------------------
- Pony integers are Python `int` (kept in their type's range), floats
  `float`, Bool `bool`, None `None`, tuples Python tuples.
- A Pony String is a sequence of bytes; `String` stores text: `_s` is a
  Python str holding the UTF-8 decoding of those bytes, with bytes that are
  not valid UTF-8 kept as surrogate escapes (U+DC80..U+DCFF, the
  `surrogateescape` error handler), so every byte string round-trips and
  `_s` is what OutStream prints. Sizes and indices are in bytes, as in Pony:
  `size()` is the UTF-8 length, `apply(i)` the i-th byte, `find` returns a
  byte offset. ASCII text (checked in O(1) with `str.isascii`) takes fast
  paths on the str; other text goes through its UTF-8 bytes, so byte
  indexing a non-ASCII String is O(n) per call (iterate with `values()`).
  Invariant: `_s` is canonical (the surrogateescape decoding of its bytes):
  joins re-decode the few characters at the seam when escapes meet, so equal
  bytes are always equal text and `hash`/`__eq__` can work on `_s`.
- `Array` subclasses `list` (`for x in arr` is a plain list loop);
  `Array.contains` follows Pony's default predicate `is`: value equality for
  int/float/bool/None, identity for every other object (so two distinct
  Strings with the same text are different elements).
"""

from __future__ import annotations

import importlib
import re
import struct
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import repeat
from operator import is_, itemgetter
from types import ModuleType
from typing import Any, Final, SupportsIndex

from runtime.errors import PonyError

MASK64: Final = (1 << 64) - 1
_BIG: Final = 1 << 64  # an index past any string: Pony's wrapped negative offsets
_WHITESPACE: Final = " \t\v\f\r\n"
_END: Final = object()
_VALUE_TYPES: Final = frozenset({int, float, bool, type(None)})


# ---------------------------------------------------------------- Compare

class _Compare:
    """Base of the three Compare primitives (each has a single instance)."""

    __slots__ = ()
    _name = ""

    def string(self) -> String:
        return String(self._name)

    def eq(self, that: object) -> bool:
        return self is that

    def ne(self, that: object) -> bool:
        return self is not that

    def __repr__(self) -> str:
        return self._name


class _Less(_Compare):
    __slots__ = ()
    _name = "Less"


class _Equal(_Compare):
    __slots__ = ()
    _name = "Equal"


class _Greater(_Compare):
    __slots__ = ()
    _name = "Greater"


for _cls in (_Less, _Equal, _Greater):
    _cls.__name__ = _cls.__qualname__ = _cls._name

Less: Final = _Less()
Equal: Final = _Equal()
Greater: Final = _Greater()


# ---------------------------------------------------------------- iterators

class PonyIterator:
    """A Pony Iterator over a native Python iterator, sharing its position.

    `_hint` is a callable giving how many items are left (a list, bytes or
    range iterator's `__length_hint__`), for `has_next`.
    """

    __slots__ = ("_hint", "_it")

    def __init__(self, it: Iterator[Any], hint: Callable[[], int]) -> None:
        self._it = it
        self._hint = hint

    def has_next(self) -> bool:
        return self._hint() > 0

    def next(self) -> Any:
        value = next(self._it, _END)
        if value is _END:
            raise PonyError
        return value

    def __iter__(self) -> Iterator[Any]:
        return self._it

    def __next__(self) -> Any:
        return next(self._it)


def over(it: Any, lead: Any = None) -> PonyIterator:
    """A PonyIterator over native iterator `it`; `lead` (default `it`) is the
    list, bytes or range iterator whose `__length_hint__` counts what is left."""
    return PonyIterator(it, (it if lead is None else lead).__length_hint__)


def list_iterator(items: list[Any]) -> PonyIterator:
    """A PonyIterator over a Python list (live: it sees the list as it is)."""
    return over(iter(items))


def iterate(x: Any) -> Iterable[Any]:
    """What a `for` loop iterates: our iterators as they are, any other
    Pony Iterator (a user class) through `has_next()` and `next()?`, the
    loop ending when `next` errors, as Pony's `for` sugar does."""
    if isinstance(x, PonyIterator):
        return x
    return _pony_protocol(x)


def _pony_protocol(x: Any) -> Iterator[Any]:
    has_next = x.has_next
    nxt = x.next
    while has_next():
        try:
            value = nxt()
        except PonyError:
            return
        yield value


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
        formatted: str = _numbers().format_float(v)
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
        s = self._s
        if s and tail and _is_esc(s[-1]) and _is_esc(tail[0]):
            self._s = _join(s, tail)
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
        return String(_join(self._s, that._s))

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
        return String(_canon(sep_text.join(repeat(self._s, num))))

    def join(self, data: Any) -> String:
        """The texts of `data`'s values with this string between them."""
        text = self._s.join([_text_of(v) for v in iterate(data)])
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


# ---------------------------------------------------------------- Array

class Array(list[Any]):
    """Pony's Array[A]: a Python list with Pony's methods (see module doc).
    `_targs` holds the element type's name when a program tests it."""

    __slots__ = ("_targs",)

    @staticmethod
    def create(len: int = 0) -> Array:
        """An empty array (`len` is the space to reserve: ignored)."""
        return Array()

    @staticmethod
    def init(from_: Any, len: int) -> Array:
        """`len` elements, each `from_`."""
        return Array(repeat(from_, len))

    def size(self) -> int:
        return self.__len__()

    def apply(self, i: int) -> Any:
        if i >= 0:
            try:
                return self[i]
            except IndexError:
                pass
        raise PonyError

    def update(self, i: int, value: Any) -> Any:
        """Set element i; returns the old element."""
        if i >= 0:
            try:
                old = self[i]
            except IndexError:
                raise PonyError from None
            self[i] = value
            return old
        raise PonyError

    push = list.append

    def pop(self) -> Any:  # type: ignore[override]
        if self:
            return list.pop(self)
        raise PonyError

    def unshift(self, value: Any) -> None:
        list.insert(self, 0, value)

    def shift(self) -> Any:
        if self:
            return list.pop(self, 0)
        raise PonyError

    def insert(self, i: SupportsIndex, value: Any) -> None:
        """Insert before element i; i == size() appends, i > size() errors."""
        if 0 <= int(i) <= self.__len__():
            list.insert(self, i, value)
        else:
            raise PonyError

    def delete(self, i: int) -> Any:
        """Remove element i and return it."""
        if i >= 0:
            try:
                return list.pop(self, i)
            except IndexError:
                pass
        raise PonyError

    def reserve(self, len: int) -> None:
        """No-op: Python lists manage their own space."""

    def truncate(self, len: int) -> None:
        del self[len:]

    def reverse_in_place(self) -> None:
        list.reverse(self)

    def contains(self, value: Any) -> bool:
        """Pony's default predicate `is`: equality for numbers, Bool and None,
        identity for objects."""
        if type(value) in _VALUE_TYPES:
            return list.__contains__(self, value)
        if type(value) is tuple:
            return any(identical(e, value) for e in self)
        return any(map(is_, self, repeat(value)))

    def values(self) -> PonyIterator:
        """The elements, live: elements pushed during iteration are seen."""
        return over(iter(self))

    def keys(self) -> PonyIterator:
        it = iter(self)
        return over(map(itemgetter(0), enumerate(it)), it)

    def pairs(self) -> PonyIterator:
        """(index, element) tuples."""
        it = iter(self)
        return over(enumerate(it), it)


# ---------------------------------------------------------------- helpers

def make_args(argv: list[str]) -> Array:
    """Env.args: the command line as an Array of String."""
    return Array([String(a) for a in argv])


def reify(obj: Any, targs: tuple[str, ...]) -> Any:
    """Give a new object of a generic class its type arguments' names, for
    type tests that tell `Array[U8]` from `Array[String]`; returns `obj`."""
    obj._targs = targs
    return obj


def targs_match(obj: Any, targs: tuple[str, ...]) -> bool:
    """Whether `obj`'s recorded type arguments are `targs` (`*`, from generic
    code, matches anything; an object made without them matches too)."""
    have = getattr(obj, "_targs", None)
    if have is None:
        return True
    return all(h == w or "*" in (h, w) for h, w in zip(have, targs, strict=True))


def identical(a: Any, b: Any) -> bool:
    """Pony's `is`: value equality for numbers and Bool (of the same Python
    type), element-wise for tuples, identity for everything else."""
    if a is b:
        return True
    t = type(a)
    if t is not type(b):
        return False
    if t is int or t is float or t is bool:
        return bool(a == b)
    if t is tuple:
        return len(a) == len(b) and all(map(identical, a, b))
    return False


_F64: Final = struct.Struct("<d")


def digest(x: Any) -> int:
    """Pony's `digestof`: the value (as a USize) for integers and Bool, the
    bits for floats, an identity number (`id`) for everything else."""
    t = type(x)
    if t is int or t is bool:
        return int(x) & MASK64
    if t is float:
        bits: int = struct.unpack("<Q", _F64.pack(x))[0]
        return bits
    return id(x)


_num_module: ModuleType | None = None


def _numbers() -> ModuleType:
    """runtime.numbers, imported on first use (it imports this module)."""
    global _num_module
    if _num_module is None:
        _num_module = importlib.import_module("runtime.numbers")
    return _num_module


def dyn(obj: Any, name: str) -> Callable[..., Any]:
    """Method `name` of `obj` as a bound callable, for receivers whose static
    type is an interface, a union or a type parameter.

    Numbers, Bool and None keep their methods in runtime.numbers. A Python
    int no longer knows its Pony width, so ints use I64's methods and floats
    F64's. That is exact for every method whose result does not depend on
    the width (string, hash, compare, eq, min/max, conversions, division of
    in-range values) and differs where it does: wrapping arithmetic of U8
    ... U128 values, `op_not`, `bitwidth`, shifts, `clz`, and F32 rounding.
    """
    t = type(obj)
    if t is int:
        return partial(getattr(_numbers().I64, name), obj)
    if t is float:
        return partial(getattr(_numbers().F64, name), obj)
    if t is bool:
        return partial(getattr(_numbers().Bool, name), obj)
    if obj is None:
        return partial(getattr(_numbers().NoneP, name), obj)
    method: Callable[..., Any] = getattr(obj, name)
    return method

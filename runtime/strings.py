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


def _rfind(hay: str | bytes, needle: str | bytes, offset: int, nth: int) -> int:
    """Pony's rfind: the nth (from 0) occurrence starting at or before
    index(offset) + 1 - len(needle), searching down; -1 if none (an empty
    needle, or a start past the end, as USize arithmetic makes it)."""
    m = len(needle)
    i = _index(offset, len(hay)) + 1 - m
    if not m or i < 0 or i >= len(hay):
        return -1
    end = i + m
    while True:
        k = hay.rfind(needle, 0, end)  # type: ignore[arg-type]
        if k < 0 or nth == 0:
            return k
        nth -= 1
        end = k + m - 1


_ESCAPES: Final = re.compile("[\udc80-\udcff]")
_REPLACEMENT: Final = (0xFFFD, 1)


def _utf32_at(b: bytes, i: int) -> tuple[int, int]:
    """Pony's String.utf32 at byte i (< len(b)): the code point and its
    length, or (0xFFFD, 1) where no valid UTF-8 sequence starts (a stray
    continuation byte, a truncated or overlong sequence, beyond U+10FFFF)."""
    n = len(b)
    c = b[i]
    if c < 0x80:
        return c, 1
    if c < 0xC2:
        return _REPLACEMENT
    if c < 0xE0:
        if i + 1 >= n or b[i + 1] & 0xC0 != 0x80:
            return _REPLACEMENT
        return ((c << 6) + b[i + 1]) - 0x3080, 2
    if c < 0xF0:
        if i + 2 >= n:
            return _REPLACEMENT
        c2, c3 = b[i + 1], b[i + 2]
        if c2 & 0xC0 != 0x80 or c3 & 0xC0 != 0x80 or (c == 0xE0 and c2 < 0xA0):
            return _REPLACEMENT
        return ((c << 12) + (c2 << 6) + c3) - 0xE2080, 3
    if c < 0xF5:
        if i + 3 >= n:
            return _REPLACEMENT
        c2, c3, c4 = b[i + 1], b[i + 2], b[i + 3]
        if (c2 & 0xC0 != 0x80 or c3 & 0xC0 != 0x80 or c4 & 0xC0 != 0x80
                or (c == 0xF0 and c2 < 0x90) or (c == 0xF4 and c2 >= 0x90)):
            return _REPLACEMENT
        return ((c << 18) + (c2 << 12) + (c3 << 6) + c4) - 0x3C82080, 4
    return _REPLACEMENT


def _runes(s: str) -> list[int]:
    """The code points Pony's `runes()` yields for text `s`: valid text is its
    characters; bytes that are not valid UTF-8 go through `_utf32_at`."""
    if _ESCAPES.search(s) is None:
        return [ord(c) for c in s]
    b = _enc(s)
    out: list[int] = []
    i, n = 0, len(b)
    while i < n:
        c, k = _utf32_at(b, i)
        out.append(c)
        i += k
    return out


def _utf32_char(value: int) -> str:
    """Pony's _UTF32Encoder: the character of a code point; surrogates and
    values past U+10FFFF encode as U+FFFD."""
    if 0 <= value < 0xD800 or 0xE000 <= value < 0x110000:
        return chr(value)
    return "\ufffd"


def _lstrip_at(b: bytes, chars: list[int]) -> int:
    """Where Pony's lstrip cuts: the first byte whose code point is not in
    `chars` (an invalid byte is U+FFFD)."""
    i, n = 0, len(b)
    while i < n:
        c, k = _utf32_at(b, i)
        if c not in chars:
            break
        i += k
    return i


def _rstrip_at(b: bytes, chars: list[int]) -> int:
    """Where Pony's rstrip truncates: walking back byte by byte, bytes that
    start no valid sequence (continuation bytes included) are passed over,
    a code point not in `chars` stops the walk."""
    cut = len(b)
    for i in range(len(b) - 1, -1, -1):
        decoded = _utf32_at(b, i)
        if decoded == _REPLACEMENT:
            continue
        if decoded[0] not in chars:
            break
        cut = i
    return cut


# SipHash-2-4 with ponyc's fixed key (libponyrt/ds/fun.c `the_key`): what
# String.hash() and hash64() are on a 64-bit target (ponyint_hash_block).
_SIP_K0: Final = int.from_bytes(bytes((0xFE, 0x09, 0xD3, 0x22, 0x6B, 0x9C, 0x10, 0x8A)), "little")
_SIP_K1: Final = int.from_bytes(bytes((0xE1, 0x35, 0x72, 0xB5, 0xCC, 0x3F, 0x92, 0x9F)), "little")


def siphash24(data: bytes, k0: int = _SIP_K0, k1: int = _SIP_K1) -> int:
    """SipHash-2-4 of `data` (the reference algorithm, as fun.c `siphash24`):
    two SipRounds per 8-byte little-endian word, the last word carrying the
    remaining bytes and the length in its top byte, then four rounds."""
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]
    n = len(data)
    tail = n - n % 8
    words = list(struct.unpack_from(f"<{tail // 8}Q", data)) if tail else []
    words.append((n & 0xFF) << 56 | int.from_bytes(data[tail:], "little"))
    for m in words:
        v[3] ^= m
        _sip_rounds(v, 2)
        v[0] ^= m
    v[2] ^= 0xFF
    _sip_rounds(v, 4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def _sip_rounds(v: list[int], count: int) -> None:
    m = MASK64
    v0, v1, v2, v3 = v
    for _ in range(count):
        v0 = (v0 + v1) & m
        v1 = ((v1 << 13) | (v1 >> 51)) & m ^ v0
        v0 = ((v0 << 32) | (v0 >> 32)) & m
        v2 = (v2 + v3) & m
        v3 = ((v3 << 16) | (v3 >> 48)) & m ^ v2
        v0 = (v0 + v3) & m
        v3 = ((v3 << 21) | (v3 >> 43)) & m ^ v0
        v2 = (v2 + v1) & m
        v1 = ((v1 << 17) | (v1 >> 47)) & m ^ v2
        v2 = ((v2 << 32) | (v2 >> 32)) & m
    v[:] = v0, v1, v2, v3


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


_PREFIX_LETTERS: Final = {2: "bB", 8: "oO", 16: "xX"}


def parse_int(s: str, base: int, lo: int, hi: int) -> int:
    """Pony's String._to_int: the whole string as an integer in [lo, hi].

    A leading `-` only for signed types; base 0 reads a `0x`/`0b` prefix
    (case-insensitive, only when at least one character follows it) and is
    otherwise decimal (a leading 0 is not octal); an explicit base reads no
    prefix (`"0xff".u8(16)` is an error: `x` is not a hex digit, string.pony
    _read_int_base); `_` is ignored anywhere;
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
    if len(digits) > 1 and digits[0] == "0" and digits[1] in _PREFIX_LETTERS.get(base, "-"):
        raise PonyError  # "0x" to int(..., 16): Python reads a prefix, Pony a bad digit
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
    def append(self, that: Any, offset: int = 0, count: int = MASK64) -> None:
        """Append `count` bytes of a String, an Array[U8] or another ReadSeq[U8]
        from `offset` (Pony's `fun ref append`; an offset at or past the end
        appends nothing).

        The common case (a whole String) grows the text in place: with the
        attribute cleared, the local holds the only reference, and CPython's
        `+=` then resizes the string instead of copying it (appends are
        amortised O(1), not O(n): building a string by appending is linear)."""
        if type(that) is String:
            tail = that._s
            if offset or count < MASK64:
                tail = _dec(_enc(tail)[offset:offset + count]) if offset < that.size() else ""
        elif isinstance(that, bytes | bytearray | list):
            tail = _dec(bytes(that[offset:offset + count]))
        else:  # any other ReadSeq[U8]: its elements through apply, as Pony does
            size = that.size()
            if offset >= size:
                return
            data = bytearray()
            try:
                for i in range(offset, offset + min(count, size - offset)):
                    data.append(that.apply(i))
            except PonyError:
                pass
            tail = _dec(bytes(data))
        acct.counted += len(tail)
        s = self._s
        if s and tail and "\udc80" <= s[-1] <= "\udcff" and "\udc80" <= tail[0] <= "\udcff":
            self._s = _join(s, tail)  # escaped bytes meet: re-decode the seam
            return
        self._s = ""
        s += tail
        self._s = s

    def concat(self, iter_: Any, offset: int = 0, count: int = MASK64) -> None:
        """Push `count` bytes of an iterator after skipping `offset` of them."""
        it = iterate(iter_)
        data = bytearray()
        for i, byte in enumerate(it):
            if i >= offset:
                if i - offset >= count:
                    break
                data.append(byte)
        self._s = _join(self._s, _dec(bytes(data)))

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
        (Pony's `fun ref strip`: lstrip, then rstrip)."""
        self.lstrip(s)
        self.rstrip(s)

    def lstrip(self, s: String | None = None) -> None:
        """Remove, in place, the leading characters that are in `s` (by code
        point; a byte that starts no valid UTF-8 sequence is U+FFFD)."""
        text = self._s
        chars = _WHITESPACE if s is None else s._s
        if _ESCAPES.search(text) is None and _ESCAPES.search(chars) is None:
            self._s = text.lstrip(chars)
            return
        b = _enc(text)
        cut = _lstrip_at(b, _runes(chars))
        if cut:
            self._s = _dec(b[cut:])

    def rstrip(self, s: String | None = None) -> None:
        """Remove, in place, the trailing characters that are in `s`; walking
        back, bytes that start no valid UTF-8 sequence are passed over (and go
        if a character before them is removed), as Pony's rstrip does."""
        text = self._s
        chars = _WHITESPACE if s is None else s._s
        if _ESCAPES.search(text) is None and _ESCAPES.search(chars) is None:
            self._s = text.rstrip(chars)
            return
        b = _enc(text)
        cut = _rstrip_at(b, _runes(chars))
        if cut < len(b):
            self._s = _dec(b[:cut])

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

    # -- code points
    @staticmethod
    def from_utf32(value: int) -> String:
        """The string of one code point (U+FFFD for a surrogate or a value
        past U+10FFFF, as Pony's _UTF32Encoder)."""
        return String(_utf32_char(value))

    def push_utf32(self, value: int) -> None:
        self._s = _join(self._s, _utf32_char(value))

    def utf32(self, offset: int) -> tuple[int, int]:
        """(code point, its length in bytes) at byte `offset`; (0xFFFD, 1)
        where no valid UTF-8 sequence starts; error past the end."""
        s = self._s
        if s.isascii():
            i = _index(offset, len(s))
            if i >= len(s):
                raise PonyError
            return ord(s[i]), 1
        b = _enc(s)
        i = _index(offset, len(b))
        if i >= len(b):
            raise PonyError
        return _utf32_at(b, i)

    def runes(self) -> PonyIterator:
        """An iterator over the code points (of the string as it is now)."""
        s = self._s
        if s.isascii():
            return over(iter(s.encode("ascii")))
        return over(iter(_runes(s)))

    def codepoints(self, from_: int = 0, to: int = (1 << 63) - 1) -> int:
        """The number of code points starting in bytes [from_, to): bytes
        that are not UTF-8 continuation bytes."""
        s = self._s
        b = s.encode("ascii") if s.isascii() else _enc(s)
        n = len(b)
        i, j = _index(from_, n), min(_index(to, n), n)
        if i >= j:
            return 0
        if s.isascii():
            return j - i
        return sum(1 for c in b[i:j] if c & 0xC0 != 0x80)

    # -- offsets (negative ones count from the end)
    def offset_to_index(self, i: int) -> int:
        return (i + self.size()) & MASK64 if i < 0 else i

    def at_offset(self, offset: int) -> int:
        return self.apply(self.offset_to_index(offset))

    def update_offset(self, offset: int, value: int) -> int:
        return self.update(self.offset_to_index(offset), value)

    def _splice(self, start: int, stop: int, data: str | bytes) -> None:
        """Replace bytes [start, stop) by `data` (text or bytes)."""
        s = self._s
        if s.isascii() and isinstance(data, str) and data.isascii():
            self._s = s[:start] + data + s[stop:]
            return
        b = _enc(s)
        mid = _enc(data) if isinstance(data, str) else data
        self._s = _dec(b[:start] + mid + b[stop:])

    def delete(self, offset: int, len: int = 1) -> None:
        """Delete `len` bytes at `offset` (nothing if it is past the end)."""
        n = self.size()
        i = _index(offset, n)
        if i < n:
            self._splice(i, i + min(len, n - i), "")

    def insert(self, offset: int, that: String) -> String:
        """A copy with `that` inserted at `offset` (appended past the end)."""
        s = self.clone()
        s.insert_in_place(offset, that)
        return s

    def insert_in_place(self, offset: int, that: String) -> None:
        n = self.size()
        i = min(_index(offset, n), n)
        self._splice(i, i, that._s)

    def insert_byte(self, offset: int, value: int) -> None:
        n = self.size()
        i = min(_index(offset, n), n)
        self._splice(i, i, bytes((value & 0xFF,)))

    def cut(self, from_: int, to: int = (1 << 63) - 1) -> String:
        """A copy without bytes [from_, to)."""
        s = self.clone()
        s.cut_in_place(from_, to)
        return s

    def cut_in_place(self, from_: int, to: int = (1 << 63) - 1) -> None:
        n = self.size()
        start, finish = _index(from_, n), min(_index(to, n), n)
        if start < n and start < finish:
            self._splice(start, finish, "")

    def trim_in_place(self, from_: int = 0, to: int = MASK64) -> None:
        """Keep bytes [min(from_, end), end) where end = min(to, size)."""
        last = min(self.size(), to)
        self._s = self.substring(min(last, from_), last)._s

    def chop(self, split_point: int) -> tuple[String, String]:
        """(this string cut to its first `split_point` bytes, the rest)."""
        n = self.size()
        right = self.substring(min(split_point, n))
        self.truncate(split_point)
        return self, right

    def remove(self, s: String) -> int:
        """Remove every occurrence of `s` (left to right, not overlapping);
        returns how many were removed."""
        hay, needle = self._pair(s)
        if not needle:
            return 0
        found = hay.count(needle)  # type: ignore[arg-type]
        if found:
            rest = hay.replace(needle, type(needle)())  # type: ignore[arg-type]
            self._s = rest if isinstance(rest, str) else _dec(rest)
        return found

    def replace(self, from_: String, to: String, n: int = 0) -> int:
        """Replace the first `n` occurrences of `from_` (all when n is 0), left
        to right, not overlapping; returns how many were replaced."""
        hay, needle = self._pair(from_)
        if not needle:
            return 0
        found = hay.count(needle)  # type: ignore[arg-type]
        if n:
            found = min(found, n)
        if found:
            new = to._s if isinstance(hay, str) and to._s.isascii() else _enc(to._s)
            if isinstance(hay, str) and isinstance(new, str):
                self._s = hay.replace(needle, new, found)  # type: ignore[arg-type]
            else:
                hb = hay if isinstance(hay, bytes) else _enc(hay)
                nb = needle if isinstance(needle, bytes) else _enc(needle)
                self._s = _dec(hb.replace(nb, _enc(to._s), found))
        return found

    def count(self, s: String, offset: int = 0) -> int:
        """Occurrences of `s` from `offset`, not overlapping (string.pony
        `count`: a string equal to `s` counts once, even when empty)."""
        hay, needle = self._pair(s)
        n, m = len(hay), len(needle)
        j = n - m
        if j < 0:
            return 0
        if j == 0 and hay == needle:
            return 1
        found, k = 0, offset
        while k <= j:
            i = _find(hay, needle, _index(k, n), 0)
            if i < 0:
                break
            k = i + m
            found += 1
        return found

    def rfind(self, s: String, offset: int = -1, nth: int = 0) -> int:
        """Byte index of the nth occurrence of `s` searching down from the one
        ending at `offset` (the last byte by default); error if none."""
        hay, needle = self._pair(s)
        i = _rfind(hay, needle, offset, nth)
        if i < 0:
            raise PonyError
        return i

    def mul(self, num: int) -> String:
        return self.repeat_str(num)

    # -- byte-level mutation
    def pop(self) -> int:
        """Remove the last byte and return it; error if empty."""
        b = self._bytes()
        if not b:
            raise PonyError
        self._s = self._s[:-1] if self._s.isascii() else _dec(b[:-1])
        return b[-1]

    def shift(self) -> int:
        """Remove the first byte and return it; error if empty."""
        b = self._bytes()
        if not b:
            raise PonyError
        self._s = self._s[1:] if self._s.isascii() else _dec(b[1:])
        return b[0]

    def unshift(self, value: int) -> None:
        """Add a byte at the start. As in Pony, unshifting a 0 byte empties
        the string (string.pony writes the terminator at 0)."""
        if value == 0:
            self._s = ""
        else:
            self._splice(0, 0, bytes((value & 0xFF,)))

    def lower_in_place(self) -> None:
        self._s = self.lower()._s

    def upper_in_place(self) -> None:
        self._s = self.upper()._s

    def reverse_in_place(self) -> None:
        self._s = self.reverse()._s

    def iso_array(self) -> Array:
        return Array(_enc(self._s))

    def compare_sub(self, that: String, n: int, offset: int = 0, that_offset: int = 0,
                    ignore_case: bool = False) -> _Compare:
        """Compare at most `n` bytes from `offset` with `that` from
        `that_offset` (string.pony `compare_sub`: a proper prefix is Less;
        ignore_case folds ASCII letters only)."""
        a, b = self._bytes(), that._bytes()
        j, k = _index(offset, len(a)), _index(that_offset, len(b))
        i = min(n, max((len(a) - j) & MASK64, (len(b) - k) & MASK64))
        while i > 0:
            if j >= len(a):
                return Less
            if k >= len(b):
                return Greater
            c1, c2 = a[j], b[k]
            if c1 != c2 and not (ignore_case and (c1 | 0x20) == (c2 | 0x20)
                                 and 0x61 <= (c1 | 0x20) <= 0x7A):
                return Greater if c1 > c2 else Less
            j, k, i = j + 1, k + 1, i - 1
        return Equal

    # -- comparing and hashing
    def hash(self) -> int:
        """Pony's: SipHash-2-4 of the bytes with ponyc's fixed key, the same
        in every run and equal to ponyc's on a 64-bit target."""
        s = self._s
        return siphash24(s.encode("ascii") if s.isascii() else _enc(s))

    def hash64(self) -> int:
        return self.hash()

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


def _string_bool(self: String) -> bool:
    """String.bool(): "true" or "false" in any case of ASCII letters; error
    otherwise. (Attached after the class: a method named `bool` would shadow
    the type in the class's annotations.)"""
    text = self.lower()._s
    if text == "true":
        return True
    if text == "false":
        return False
    raise PonyError


setattr(String, "bool", _string_bool)  # noqa: B010

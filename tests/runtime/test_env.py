"""Env and OutStream: what reaches the byte stream, and exit codes."""

from __future__ import annotations

import io
from typing import Any

import pytest

from runtime.env import Env, OutStream, to_bytes


class CapString:
    """Stands in for capdsl's String: a Python str in `_s`."""

    __slots__ = ("_s",)

    def __init__(self, s: str) -> None:
        self._s = s


class U8Array:
    """Stands in for Array[U8]: iterable of ints."""

    def __init__(self, xs: list[int]) -> None:
        self._xs = xs

    def __iter__(self) -> Any:
        return iter(self._xs)


def stream() -> tuple[OutStream, io.BytesIO]:
    buf = io.BytesIO()
    return OutStream(buf), buf


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("héllo", "héllo".encode()),
        (CapString("Ünï"), "Ünï".encode()),
        (b"\x00\xff", b"\x00\xff"),
        (bytearray(b"ab"), b"ab"),
        ([104, 105], b"hi"),
        ((0, 255), b"\x00\xff"),
        (U8Array([0x41, 0x42]), b"AB"),
        ("", b""),
    ],
)
def test_print_and_write_accept_every_byte_sequence(data: Any, expected: bytes) -> None:
    out, buf = stream()
    out.print(data)
    out.write(data)
    out.flush()
    assert buf.getvalue() == expected + b"\n" + expected


def test_undecodable_argv_bytes_round_trip() -> None:
    raw = b"caf\xe9"
    assert to_bytes(raw.decode("utf-8", "surrogateescape")) == raw


def test_lone_surrogates_are_replaced_not_fatal() -> None:
    assert to_bytes("a\ud800b") == b"a?b"


def test_ints_and_byte_values_out_of_range_are_refused() -> None:
    with pytest.raises(TypeError):
        to_bytes(3)
    with pytest.raises(ValueError):
        to_bytes([256])


def test_printv_and_writev() -> None:
    out, buf = stream()
    out.printv(["a", CapString("b"), b"c"])
    out.writev(iter(["x", b"y", [122]]))
    assert buf.getvalue() == b"a\nb\nc\nxyz"


class Recording(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1


def test_buffered_unless_line_flush() -> None:
    quiet, loud = Recording(), Recording()
    OutStream(quiet).print("x")
    OutStream(loud, line_flush=True).print("x")
    assert (quiet.flushes, loud.flushes) == (0, 1)


class Closed(io.BytesIO):
    def write(self, b: Any) -> int:
        raise BrokenPipeError


def test_a_closed_pipe_silences_the_stream() -> None:
    out = OutStream(Closed())
    out.print("lost")
    out.print("lost again")
    out.flush()


def test_env_carries_what_it_is_given_and_exitcode_defaults_to_zero() -> None:
    out, _ = stream()
    args = object()
    env = Env(out, out, args)
    assert env.args is args and env.out is out and env.err is out
    assert env.get_exitcode() == 0
    env.exitcode(3)
    assert env.get_exitcode() == 3

"""Pony's `Env` and `OutStream`: what `Main.create` receives.

Place: built by `runtime.program.run_main` and handed to the Main actor's
constructor; generated code calls `env.out.print(...)`, `env.exitcode(n)`.

Why an OutStream writes at once instead of being an actor: in Pony `print`
is a behaviour of the stream actor, so output appears in the order the
stream receives the messages. Writing in call order is one of the schedules
Pony allows: one actor's prints stay in program order (FIFO from one
sender), and if actor A prints and then sends to B, which prints, A's text is
written first, which is what causal messaging guarantees. Prints of
unrelated actors may interleave either way in Pony too.

Invariants: bytes go to a buffered binary stream and reach the OS at
`flush()`, which `run_main` calls at exit, on a fault and before the program
blocks waiting for I/O; on a terminal every `print` flushes. A closed pipe
(`| head`) silences the stream instead of failing the program.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, BinaryIO


def to_bytes(data: Any) -> bytes:
    """Pony ByteSeq to bytes: a str, a capdsl String (`_s`), or bytes/ints."""
    if type(data) is str:
        return _encode(data)
    s = getattr(data, "_s", None)
    if type(s) is str:
        return _encode(s)
    if isinstance(data, (str, int)):
        # bytes(3) would be three zero bytes; an int here is a bug upstream.
        raise TypeError(f"cannot write {type(data).__name__} to an OutStream")
    return bytes(data)


def _encode(s: str) -> bytes:
    """UTF-8; surrogate escapes (undecodable argv bytes) round-trip."""
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace")


class OutStream:
    """Pony's OutStream over a buffered binary stream (stdout or stderr)."""

    __slots__ = ("_broken", "_line_flush", "_stream")

    def __init__(self, stream: BinaryIO, line_flush: bool | None = None) -> None:
        self._stream = stream
        self._broken = False
        if line_flush is None:
            line_flush = _isatty(stream)
        self._line_flush = line_flush

    def print(self, data: Any) -> None:
        """Write `data` and a newline."""
        self._put(to_bytes(data) + b"\n")
        if self._line_flush:
            self.flush()

    def write(self, data: Any) -> None:
        """Write `data` as it is."""
        self._put(to_bytes(data))

    def printv(self, data: Iterable[Any]) -> None:
        """Write each element followed by a newline."""
        self._put(b"".join(to_bytes(d) + b"\n" for d in data))
        if self._line_flush:
            self.flush()

    def writev(self, data: Iterable[Any]) -> None:
        """Write each element, nothing between them."""
        self._put(b"".join(to_bytes(d) for d in data))

    def flush(self) -> None:
        """Hand buffered bytes to the OS."""
        if not self._broken:
            try:
                self._stream.flush()
            except (BrokenPipeError, ValueError):
                self._silence()

    def _put(self, b: bytes) -> None:
        if not self._broken:
            try:
                self._stream.write(b)
            except (BrokenPipeError, ValueError):
                self._silence()

    def _silence(self) -> None:
        """The reader went away: drop further output, quietly, as Pony does.

        The descriptor is pointed at /dev/null so that Python's own flush at
        interpreter exit finds a working file and prints no warning.
        """
        self._broken = True
        try:
            fd = self._stream.fileno()
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, fd)
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass


def _isatty(stream: BinaryIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class _AmbientAuth:
    """builtin's `AmbientAuth` primitive: the root authority, `env.root`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "AmbientAuth"


AmbientAuth = _AmbientAuth()


class Env:
    """Pony's Env: `out`, `err`, `args`, `vars`, `root`, `input`, `exitcode`.

    `args` and `vars` are whatever the caller built (capdsl's Array[String]
    val); this class only carries them.
    """

    __slots__ = ("_exitcode", "args", "err", "input", "out", "root", "vars")

    def __init__(
        self,
        out: OutStream,
        err: OutStream,
        args: object,
        vars: object = None,
        root: object = None,
        input: object = None,
    ) -> None:
        self.out = out
        self.err = err
        self.args = args
        self.vars = vars
        self.root = AmbientAuth if root is None else root
        self.input = input
        self._exitcode = 0

    def exitcode(self, code: Any) -> None:
        """Set the process exit status the program ends with."""
        self._exitcode = int(code)

    def get_exitcode(self) -> int:
        """The status set with `exitcode` (0 if never set)."""
        return self._exitcode

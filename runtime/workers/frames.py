"""Frames: how workers and the coordinator talk over pipes and sockets.

Place: used by `runtime.workers.worker` (message batches between workers,
reports to the coordinator) and `runtime.workers.coordinator` (reports in,
commands out). A frame is a 4-byte little-endian length and a pickle.

Pickling a batch copies its arguments; the checker guarantees a message's
arguments are `iso`, `val` or `tag`, so a copy cannot change what the
program means (an `iso` graph has no other alias, `val` is immutable, a
`tag` crosses as an address: see `runtime.workers.address`).
"""

from __future__ import annotations

import os
import pickle
from typing import Any

_HEADER = 4
PROTOCOL = pickle.HIGHEST_PROTOCOL


def encode(obj: Any) -> bytes:
    """One frame holding `obj`."""
    return frame(pickle.dumps(obj, PROTOCOL))


def decode(payload: bytes) -> Any:
    """The object in a frame written by `encode`."""
    return pickle.loads(payload)


def frame(payload: bytes) -> bytes:
    """`payload` with its length in front."""
    return len(payload).to_bytes(_HEADER, "little") + payload


class Reader:
    """Splits a byte stream into frames' payloads."""

    __slots__ = ("_buf",)

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes; return every frame now complete, in order."""
        buf = self._buf
        buf += data
        frames: list[bytes] = []
        start = 0
        end = len(buf)
        with memoryview(buf) as view:
            while end - start >= _HEADER:
                size = int.from_bytes(view[start:start + _HEADER], "little")
                stop = start + _HEADER + size
                if stop > end:
                    break
                frames.append(bytes(view[start + _HEADER:stop]))
                start = stop
        if start:
            del buf[:start]
        return frames


def write_all(fd: int, data: bytes) -> None:
    """Write every byte to a blocking descriptor."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]

"""Encoding a batch of messages for another worker, and decoding it there.

Place: `runtime.workers.worker` encodes each destination's outbox list
(flat triples `key, fn, args`; see `runtime.workers.address`) after a slice
and decodes what arrives before delivering it.

- A batch is `[spawns, groups]`: spawns `[key, cls, ctor, args, ...]`,
  groups `[key, [fn, args, fn, args, ...], key, [...], ...]` (one group per
  receiving actor, in send order).
- Behaviours (and the classes and constructors of remote spawns) are
  replaced by small codes:
  each link keeps a table, and a function crosses by name (pickle's
  "module.Class._b_name") once, in a `F` frame that precedes its first use.
- The batch itself is written with `marshal` when it holds only plain data
  (numbers, text, bytes, tuples, lists, dicts, sets: what most messages
  carry), which is several times cheaper than pickle's memo; marshal keeps
  an object that occurs twice as one object. Anything else (actors, capdsl
  Strings and Arrays, user classes) makes the whole batch go through pickle,
  which copies the object graph with its sharing intact and sends actors as
  addresses.

Frame payloads start with one byte: `F` (new codes), `M` (marshal), `P`
(pickle).
"""

from __future__ import annotations

import marshal
import pickle
from typing import Any

PROTOCOL = pickle.HIGHEST_PROTOCOL


class Encoder:
    """One outgoing link's function table."""

    __slots__ = ("_codes",)

    def __init__(self) -> None:
        self._codes: dict[Any, int] = {}

    def encode(self, spawns: list[Any], groups: list[Any]) -> list[bytes]:
        """The payloads for a batch (a new-codes frame first, if needed).
        Replaces the functions and classes in the batch by their codes."""
        columns = [spawns[1::4], spawns[2::4]]
        columns += [items[0::2] for items in groups[1::2]]
        new = self._register(columns)
        codes = self._codes
        spawns[1::4] = [codes[c] for c in columns[0]]
        spawns[2::4] = [codes[c] for c in columns[1]]
        for items, fns in zip(groups[1::2], columns[2:], strict=True):
            items[0::2] = [codes[fn] for fn in fns]
        payloads = [b"F" + pickle.dumps(new, PROTOCOL)] if new else []
        batch = [spawns, groups]
        try:
            payloads.append(b"M" + marshal.dumps(batch))
        except ValueError:
            payloads.append(b"P" + pickle.dumps(batch, PROTOCOL))
        return payloads

    def _register(self, columns: list[list[Any]]) -> list[Any]:
        """Give a code to every function not seen before; returns them."""
        codes = self._codes
        new = [fn for column in columns for fn in dict.fromkeys(column) if fn not in codes]
        new = list(dict.fromkeys(new))
        for fn in new:
            codes[fn] = len(codes)
        return new


class Decoder:
    """One incoming link's function table."""

    __slots__ = ("_fns",)

    def __init__(self) -> None:
        self._fns: list[Any] = []

    def decode(self, payload: bytes) -> tuple[list[Any], list[Any]] | None:
        """The batch (spawns, groups) in `payload`, functions restored; None
        for a codes frame."""
        kind = payload[:1]
        if kind == b"F":
            self._fns.extend(pickle.loads(payload[1:]))
            return None
        spawns, groups = (marshal.loads(payload[1:]) if kind == b"M"
                          else pickle.loads(payload[1:]))
        fns = self._fns
        spawns[1::4] = [fns[code] for code in spawns[1::4]]
        spawns[2::4] = [fns[code] for code in spawns[2::4]]
        for items in groups[1::2]:
            items[0::2] = [fns[code] for code in items[0::2]]
        return spawns, groups

"""Batches between workers: codes for functions, marshal or pickle, shared
objects kept shared, and delivery (including messages that overtake their
actor's spawn, possible with three or more workers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from runtime import driver, scheduler
from runtime.actor import Actor, send
from runtime.env import OutStream
from runtime.workers.address import NODE, Outbox
from runtime.workers.batch import Decoder, Encoder


class Log(Actor):
    __slots__ = ("seen",)

    def _c_create(self, tag: str) -> None:
        self.seen = [f"create {tag}"]

    def _b_note(self, value: Any) -> None:
        self.seen.append(value)


class Box:
    """A user class: not plain data, so its batch goes through pickle."""

    __slots__ = ("items",)


@pytest.fixture(autouse=True)
def _node() -> Iterator[None]:
    import io

    driver.reset()
    NODE.setup(1, 3, OutStream(io.BytesIO()), OutStream(io.BytesIO()))
    yield
    driver.reset()


def roundtrip(spawns: list[Any], groups: list[Any], encoder: Encoder,
              decoder: Decoder) -> tuple[list[Any], list[Any], list[bytes]]:
    payloads = encoder.encode(spawns, groups)
    batches = [b for b in map(decoder.decode, payloads) if b is not None]
    assert len(batches) == 1
    return (*batches[0], payloads)


def test_functions_cross_as_codes_once_and_plain_data_by_marshal() -> None:
    encoder, decoder = Encoder(), Decoder()
    groups = [7, [Log._b_note, (1,), Log._b_note, ("two", 2.5)]]
    _, got, payloads = roundtrip([], groups, encoder, decoder)
    assert got == [7, [Log._b_note, (1,), Log._b_note, ("two", 2.5)]]
    assert [p[:1] for p in payloads] == [b"F", b"M"]
    _, _, again = roundtrip([], [7, [Log._b_note, (3,)]], encoder, decoder)
    assert [p[:1] for p in again] == [b"M"]  # the code is known now


def test_objects_go_by_pickle_with_their_sharing_kept() -> None:
    shared = Box()
    shared.items = [1, 2]
    groups = [7, [Log._b_note, (shared, shared)]]
    _, got, payloads = roundtrip([], groups, Encoder(), Decoder())
    first, second = got[1][1]
    assert payloads[-1][:1] == b"P"
    assert first is second and first is not shared and first.items == [1, 2]


def test_plain_data_shared_twice_stays_one_object() -> None:
    inner = [1, 2, 3]
    _, got, _ = roundtrip([], [7, [Log._b_note, (inner, inner)]], Encoder(), Decoder())
    first, second = got[1][1]
    assert first is second


def test_messages_that_overtake_a_spawn_run_after_its_constructor() -> None:
    key = 4  # made by worker 1 of 3: seq 1 * 3 + 1
    receivers: dict[int, Any] = {}
    NODE.deliver([], [key, [Log._b_note, ("early",)]], receivers)
    assert receivers == {}  # not born yet
    NODE.deliver([key, Log, Log._c_create, ("x",)], [key, [Log._b_note, ("late",)]],
                 receivers)
    actor = NODE.exports[key]
    assert receivers == {id(actor): actor}
    while scheduler.run_slice():
        pass
    assert actor.seen == ["create x", "early", "late"]  # type: ignore[attr-defined]


def test_a_proxy_collects_sends_for_its_home_worker() -> None:
    proxy = NODE.proxy(2, 9, Log)
    send(proxy, Log._b_note, ("a",))
    send(proxy, Log._b_note, ("b",))
    assert type(proxy._mbox) is Outbox and not scheduler.has_work()
    assert NODE.collect(2) == ([], [9, [Log._b_note, ("a",), Log._b_note, ("b",)]], 2)
    assert NODE.collect(2) == ([], [], 0)

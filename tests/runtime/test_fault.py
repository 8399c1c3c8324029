"""The fault report's wording, piece by piece."""

from __future__ import annotations

import pytest

from runtime import driver
from runtime.actor import Actor, send, spawn
from runtime.errors import PonyError
from runtime.fault import ActorFault, describe, member_name


@pytest.mark.parametrize(
    ("qualname", "expected"),
    [
        ("Counter._b_inc", "behaviour Counter.inc"),
        ("Main._c_create", "constructor Main.create"),
        ("Parse.apply", "Parse.apply"),
        ("_b_orphan", "behaviour orphan"),
        ("f.<locals>.Counter._b_inc", "behaviour f.<locals>.Counter.inc"),
    ],
)
def test_member_names(qualname: str, expected: str) -> None:
    assert member_name(qualname) == expected


class Plain(Actor):
    __slots__ = ()

    def _b_fail(self, exc: Exception) -> None:
        raise exc

    def fail(self, exc: Exception) -> None:
        send(self, Plain._b_fail, (exc,))


def fault_of(exc: Exception) -> ActorFault:
    spawn(Plain, Plain._b_fail, (exc,))
    with pytest.raises(ActorFault) as info:
        driver.run()
    return info.value


def test_without_a_cap_frame_the_python_location_is_named() -> None:
    text = describe(fault_of(ValueError("bad")), with_traceback=False)
    lines = text.splitlines()
    assert lines[0] == "error: actor Plain failed in behaviour fail: ValueError: bad"
    assert lines[1].startswith("  raised in Python code at ")
    assert lines[1].endswith(f"test_fault.py:{Plain._b_fail.__code__.co_firstlineno + 1} "
                             "(no .cap frame)")


def test_an_escaped_pony_error_is_called_a_compiler_bug() -> None:
    text = describe(fault_of(PonyError()), with_traceback=False)
    assert "failed in behaviour fail: runtime.errors.PonyError" in text
    assert "compiler bug" in text


def test_pony_error_is_cheap_and_carries_nothing() -> None:
    assert PonyError.__slots__ == ()
    with pytest.raises(PonyError):
        raise PonyError

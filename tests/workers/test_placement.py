"""Placement policies: which worker each spawn goes to, and who counts as
Main (the code that calls spawn, seen through its frame)."""

from __future__ import annotations

from typing import Any

import pytest

from runtime.actor import Actor
from runtime.workers.placement import Placement


class Child(Actor):
    __slots__ = ()

    @staticmethod
    def create(placement: Placement) -> None:
        """As generated: `Child(...)` in .cap calls this, which spawns."""
        placement.spawn(Child, None, ())


def recorder(policy: str, index: int = 0, count: int = 3) -> tuple[Placement, list[int]]:
    where: list[int] = []

    def local(cls: type[Actor], ctor: Any, args: tuple[Any, ...]) -> Any:
        where.append(index)

    def remote(dest: int, cls: type[Actor], ctor: Any, args: tuple[Any, ...]) -> Any:
        where.append(dest)

    return Placement(policy, index, count, "Main", local, remote), where


class Main:
    """Stands for the generated Main: its methods' qualnames start "Main."."""

    @staticmethod
    def _c_create(placement: Placement, n: int) -> None:
        for _ in range(n):
            placement.spawn(Child, None, ())


    @staticmethod
    def _b_go(placement: Placement, n: int) -> None:
        for _ in range(n):
            Child.create(placement)


class Other:
    @staticmethod
    def _b_work(placement: Placement, n: int) -> None:
        for _ in range(n):
            placement.spawn(Child, None, ())

    @staticmethod
    def _b_go(placement: Placement, n: int) -> None:
        for _ in range(n):
            Child.create(placement)


@pytest.mark.parametrize(
    ("policy", "spawner", "expected"),
    [
        ("spread", Main._c_create, [1, 2, 0, 1, 2]),
        ("spread", Main._b_go, [1, 2, 0, 1, 2]),
        ("spread", Other._b_work, [0, 0, 0, 0, 0]),
        ("spread", Other._b_go, [0, 0, 0, 0, 0]),
        ("round-robin", Main._c_create, [1, 2, 0, 1, 2]),
        ("round-robin", Other._b_work, [1, 2, 0, 1, 2]),
        ("local", Main._c_create, [0, 0, 0, 0, 0]),
    ],
)
def test_policies(policy: str, spawner: Any, expected: list[int]) -> None:
    placement, where = recorder(policy)
    spawner(placement, 5)
    assert where == expected


def test_round_robin_on_another_worker_starts_after_itself() -> None:
    placement, where = recorder("round-robin", index=2)
    Other._b_work(placement, 4)
    assert where == [0, 1, 2, 0]


def test_unknown_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown placement policy"):
        recorder("everywhere")

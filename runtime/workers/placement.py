"""Placement: which worker a new actor lives on (`capdsl run --placement`).

Place: `runtime.workers.worker` replaces the generated program's `_spawn`
with `Placement.spawn`; actors the runtime itself makes (promises, timers)
stay where they are made.

Policies:
    spread       (default) actors spawned by Main's code (its constructor,
                 behaviours and methods) go round-robin over the workers,
                 starting with worker 1, then 0, ... (Main lives on worker 0);
                 actors spawned by any other actor stay on their creator's
                 worker. Main usually fans work out (parallel), while the
                 actors its children make usually talk to their creator
                 (chatty), and a local send costs about 0.3 us against
                 several us across workers.
    round-robin  every spawn goes to the next worker in turn (each worker
                 keeps its own turn, starting after itself).
    local        every actor stays on its creator's worker (so everything
                 on worker 0): the overhead of workers without parallelism.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from runtime.actor import Actor

POLICIES = ("spread", "round-robin", "local")
DEFAULT = "spread"

Spawn = Callable[[type[Actor], Any, tuple[Any, ...]], Actor]


class Placement:
    """Chooses a worker for each spawn and spawns there."""

    def __init__(self, policy: str, index: int, count: int, main_name: str,
                 local: Spawn, remote: Callable[[int, type[Actor], Any, tuple[Any, ...]], Actor]
                 ) -> None:
        if policy not in POLICIES:
            raise ValueError(f"unknown placement policy {policy!r}")
        self.policy = policy
        self.index = index
        self.count = count
        self.main_prefix = main_name + "."
        self.turn = index
        self._local = local
        self._remote = remote

    def next_worker(self) -> int:
        self.turn = (self.turn + 1) % self.count
        return self.turn

    def spawn(self, cls: type[Actor], ctor: Any, args: tuple[Any, ...]) -> Actor:
        """What generated code calls as `_spawn` in a worker."""
        policy = self.policy
        if policy == "local" or (policy == "spread" and not self._by_main(cls)):
            return self._local(cls, ctor, args)
        dest = self.next_worker()
        if dest == self.index:
            return self._local(cls, ctor, args)
        return self._remote(dest, cls, ctor, args)

    def _by_main(self, cls: type[Actor]) -> bool:
        """Whether the code spawning `cls` belongs to Main. Generated code
        calls `_spawn` from the class's constructor function (`Cls.create`,
        skipped here) or, for an object literal, directly."""
        frame = sys._getframe(2)  # the caller of spawn
        code = frame.f_code
        name = code.co_name
        if (code.co_qualname == f"{cls.__qualname__}.{name}"
                and not name.startswith(("_b_", "_c_")) and frame.f_back is not None):
            code = frame.f_back.f_code
        return code.co_qualname.startswith(self.main_prefix)

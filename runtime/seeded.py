"""A seeded scheduling order, for replaying an interleaving: `--seed N`.

Place: `runtime.program.run_main(seed=N)` installs `SeededSlices(N)` as the
driver's slice runner (`runtime.driver.set_slice_runner`) for one run, in
place of `runtime.scheduler.run_slice`; one process only (`--workers 1`).

The default scheduler is FIFO: one program with the same inputs always runs
the same way, so it shows one interleaving. With a seed, each turn picks the
actor at a random place in the run queue and runs a random number of its
messages (1 to the batch size of 100, short turns as likely as long ones),
from `random.Random(seed)`: the same
seed gives the same order of turns, so a failure found with one seed can be
replayed with it; other seeds explore other interleavings. Everything Pony
guarantees still holds (a mailbox is FIFO, so one sender's messages to one
receiver keep their order; no message is dropped). What comes from outside
(timers on the real clock, threads, sockets) arrives when it arrives; with
`runtime.timers.FakeClock` timers are deterministic too.

Same invariants as `runtime.scheduler` (an actor is on the run queue at most
once, `_mbox` is None exactly when idle); faults are raised the same way.
"""

from __future__ import annotations

import random
from typing import Any

from runtime.memory import SETTLE_BYTES, acct, settle
from runtime.scheduler import BATCH, _fail, runq

_EXPONENTS = 8
"""A turn runs 1, 2, 4, ... or 128 (capped at BATCH) messages, each as
likely: short turns often enough to interleave senders finely."""


class SeededSlices:
    """A slice runner (`budget -> more work?`) choosing turns by a seed."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._random = random.Random(seed)

    def __call__(self, budget: int) -> bool:
        queue = runq
        pick = self._random.randrange
        actor: Any = None
        fn: Any = None
        try:
            while queue and budget > 0:
                index = pick(len(queue))
                actor = acct.actor = queue[index]
                del queue[index]
                mb = actor._mbox
                for _ in range(min(1 << pick(_EXPONENTS), BATCH)):
                    fn = mb.popleft()
                    fn(actor, *mb.popleft())
                    budget -= 1
                    if acct.counted >= SETTLE_BYTES:
                        settle(actor)
                    if not mb:
                        actor._mbox = None
                        break
                else:
                    queue.append(actor)
        except BaseException as exc:
            _fail(actor, fn, exc)
        finally:
            acct.actor = None
        return bool(queue)

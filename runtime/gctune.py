"""Collector settings while a program runs: `tuned_collector`.

Place: `runtime.program.run_main` wraps a run in it. Messages themselves
barely touch the cyclic collector (see "Mailbox layout" in
`runtime.scheduler`), but creating actors does: every actor and every
mailbox is a tracked container, and with CPython's default thresholds
(700, 10, 10) a program that spawns hundreds of thousands of actors spends
most of its time in middle and full collections that walk the actors
already alive. Measured on 2 cores, Python 3.11, CPU time, creating 500,000
actors (bench/savina/actor_creation.cap): 0.27 million actors/s with the
defaults, 0.27 with the freeze alone, 0.55-0.71 with (700, 100, 100) and
0.69-0.78 with the thresholds below. Counting, thread ring and ping-pong (a
million messages, three interleaved processes each) stayed within 2%, and
the latency run's p50 and p99 did not move.

What it does, unless `CAPDSL_GC_TUNE=0` or the collector is disabled:
`gc.freeze()` moves every object alive at start-up (the program's classes,
the compiler's leftovers under `capdsl run`) out of the collector's sight,
and `gc.set_threshold(*THRESHOLDS)` makes collections rarer. Both are undone
when the run ends, so `run_main` can be called again and Python code
embedding the runtime gets its own settings back.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (10_000, 100, 100)
"""Young collections after 10,000 net allocations instead of 700; a middle
one every 100 young ones and a full one every 100 middle ones (CPython still
skips full collections until a quarter of the old objects are new)."""

ENV = "CAPDSL_GC_TUNE"


def enabled() -> bool:
    """Tuning is on unless the environment says `CAPDSL_GC_TUNE=0`."""
    return os.environ.get(ENV, "1").strip() != "0"


@contextmanager
def tuned_collector() -> Iterator[None]:
    """Freeze start-up objects and raise the thresholds for the block."""
    if not enabled() or not gc.isenabled():
        yield
        return
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()

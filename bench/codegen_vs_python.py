"""Generated code against hand-written Python doing the same work.

    .venv/bin/python bench/codegen_vs_python.py [--quick]

Compiles `bench/codegen_vs_python.cap` and times its `Work` functions
(called directly, no actors) against straightforward hand-written Python for
the same job: an integer loop with 32-bit wrapping arithmetic, building a
string by appending, and a Map-heavy word count. Median of 9 runs of each,
the two alternating after a warm-up, in this process; prints the ratio generated / Python
(the target is at most 1.5).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from capdsl.diagnostics import Reporter  # noqa: E402
from capdsl.emit import execute  # noqa: E402
from capdsl.passes import Compilation, run_passes  # noqa: E402


def py_int_loop(n: int) -> int:
    h = 2166136261
    for i in range(n):
        h = ((h ^ i) * 16777619) & 0xFFFFFFFF
    return h


def py_string_build(n: int) -> int:
    parts: list[str] = []
    for i in range(n):
        parts.append(str(i))
        parts.append(",")
    return len("".join(parts).encode())


def py_word_count(text: str, rounds: int) -> int:
    words = text.split(" ")
    counts: dict[str, int] = {}
    for _ in range(rounds):
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    return len(counts)


def load_work() -> Any:
    comp = Compilation(ROOT / "bench" / "codegen_vs_python.cap", Reporter())
    if not run_passes(comp, "codegen"):
        raise SystemExit(f"the benchmark program does not compile: {comp.reporter.items[0]}")
    return execute(comp.python["program"])["Work"]  # type: ignore[arg-type]


def side_by_side(gen: Callable[[], object], hand: Callable[[], object],
                 runs: int) -> tuple[float, float]:
    """Median times of `gen` and `hand`, run alternately after a warm-up of
    each, so a change in the machine's load touches both alike."""
    gen()
    hand()
    gen_times, hand_times = [], []
    for _ in range(runs):
        for fn, times in ((gen, gen_times), (hand, hand_times)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(gen_times), statistics.median(hand_times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller inputs")
    args = ap.parse_args()
    scale = 10 if args.quick else 1
    work = load_work()
    from runtime.builtins import String

    text_py = " ".join(f"w{i % 997}" for i in range(20_000))
    text = String(text_py)
    n_int, n_str, rounds = 1_000_000 // scale, 300_000 // scale, 20 // scale or 1
    cases = [
        ("integer loop (U32 wrapping)", lambda: work.int_loop(n_int), lambda: py_int_loop(n_int)),
        ("string building", lambda: work.string_build(n_str), lambda: py_string_build(n_str)),
        ("word count (Map)", lambda: work.word_count(text, rounds),
         lambda: py_word_count(text_py, rounds)),
    ]
    print(f"python {sys.version.split()[0]}; median of 9 runs of each, alternating, "
          "after a warm-up")
    for name, gen, hand in cases:
        if gen() != hand():
            raise SystemExit(f"{name}: results differ ({gen()} vs {hand()})")
        g, h = side_by_side(gen, hand, 9)
        print(f"{name:30} generated {g * 1000:8.1f} ms   python {h * 1000:8.1f} ms   "
              f"ratio {g / h:4.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Check speed and its growth: lines per second through the types pass on
generated well-typed programs of 10,000, 20,000 and 40,000 lines.

    .venv/bin/python bench/check_speed.py [--sizes 10000,20000,40000] [--runs 3]

Each size is timed best of `--runs` in this process (parse, syntax, names
and types; the grammar is loaded before timing). The last line compares the
cost per line of the largest program with the smallest: near 1.0 means the
checker grows linearly.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from typed_program import typed_program

from capdsl.diagnostics import Reporter
from capdsl.passes import Compilation, run_passes


def time_check(path: Path, runs: int) -> float:
    """Best time to check `path` through the types pass."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()  # don't charge this run for the previous run's garbage
        comp = Compilation(path, Reporter())
        start = time.perf_counter()
        ok = run_passes(comp, until="types")
        took = time.perf_counter() - start
        if not ok:
            raise SystemExit(f"the generated program does not check: {comp.reporter.items[0]}")
        best = min(best, took)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,20000,40000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    per_line: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        warm = Path(folder) / "warm.cap"
        warm.write_text(typed_program(200), encoding="utf-8")
        time_check(warm, 1)
        for size in sizes:
            path = Path(folder) / f"typed{size}.cap"
            text = typed_program(size)
            path.write_text(text, encoding="utf-8")
            lines = text.count("\n")
            took = time_check(path, args.runs)
            per_line.append(took / lines)
            print(f"{lines:7,} lines  {took:7.3f} s  {lines / took:9,.0f} lines/s")
    print(f"cost per line, largest / smallest: {per_line[-1] / per_line[0]:.2f} "
          "(1.0 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Load time of `capdsl.load`, cold (empty cache) and warm (cache hit).

Run: .venv/bin/python bench/embed_load.py [--runs 5] [PROGRAM.cap ...]

Each measurement is a fresh interpreter that imports capdsl and loads the
program, timed inside the process from before `import capdsl` to after
`load` returns (interpreter start-up itself is not counted). Cold: an empty
cache directory, so the program is parsed, checked, generated and compiled
(and the compiler's modules imported). Warm: the entry written by the cold
run is read back: marshalled code objects, no compiler imported. Median of
`--runs` runs each.

Figures (2-core machine, CPython 3.11.7), median of 5:
    see the report printed by a run; the README quotes one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "examples" / "embed_counter.cap", ROOT / "examples" / "calculator.cap",
           ROOT / "examples" / "life.cap"]

SCRIPT = """\
import time
t = time.perf_counter()
import capdsl
m = capdsl.load({path!r})
dt = time.perf_counter() - t
assert m.__capdsl_cached__ is {cached}
print(dt)
"""


def measure(path: Path, cache: Path, cached: bool) -> float:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("CAPDSL_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(path=str(path), cached=cached)],
                         env=env, capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("programs", nargs="*", type=Path, default=DEFAULT)
    opts = parser.parse_args()
    for path in opts.programs:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        cold, warm = [], []
        for _ in range(opts.runs):
            with tempfile.TemporaryDirectory() as cache:
                cold.append(measure(path, Path(cache), cached=False))
                warm.append(measure(path, Path(cache), cached=True))
        c, w = statistics.median(cold), statistics.median(warm)
        print(f"{path.name:22} {lines:4} lines  cold {c * 1000:7.1f} ms  "
              f"warm {w * 1000:6.1f} ms  ({c / w:.0f}x)")


if __name__ == "__main__":
    main()

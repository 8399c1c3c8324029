"""What the mypy plugin costs: mypy on a generated 2,000-line Python file that
uses the stubs of a compiled program, with `capdsl.mypy_plugin` on and off.

    .venv/bin/python bench/mypy_plugin.py [--runs 7] [--lines 2000]

Both configurations run in this process through `mypy.api`, each with its own
cache, alternating run by run. Two timings per configuration, medians:
- recheck: the cache is warm (standard library, capdsl.caps, the stubs) and
  the big file changed, so only it is analysed and checked again: what an
  editor's `dmypy` pays after an edit (3 x `--runs` runs);
- cold: no cache at all, the standard library analysed too (`--runs` runs).
The program is tests/mypy_cases/buffers.cap. Timings on a busy machine are
noisy: compare the ratios, and re-run on a quiet machine for absolute figures.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from capdsl.diagnostics import Reporter  # noqa: E402
from capdsl.passes import Compilation, run_passes  # noqa: E402
from capdsl.stubs import stub_text  # noqa: E402

PROGRAM = ROOT / "tests" / "mypy_cases" / "buffers.cap"
HEADER = '''"""Generated for bench/mypy_plugin.py."""

from buffers import Buf, Cell, Limits, Sink

from capdsl.caps import Ref, Tag, Val, consume
'''
FUNCTION = '''

def use_{k}(sink: Tag[Sink], frozen: Val[Buf], cell: Ref[Cell]) -> int:
    buf = Buf.create()
    buf.push({k})
    total = buf.total() + frozen.total() + frozen.size
    cell.item.push(total)
    cell.item.size = total
    seen = cell.fixed.total()
    sink.keep(frozen)
    sink.ping(total)
    sink.take(consume(buf))
    return total + seen + Limits.most()
'''


def python_source(lines: int) -> str:
    parts = [HEADER]
    k = 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append(FUNCTION.format(k=k))
        k += 1
    return "".join(parts)


def write_stub(out_dir: Path) -> None:
    comp = Compilation(PROGRAM, Reporter())
    if not run_passes(comp, "types") or comp.checked is None:
        raise SystemExit(f"{PROGRAM} does not check")
    (out_dir / "buffers.pyi").write_text(stub_text(comp.checked, PROGRAM.name))


def config(where: Path, stubs: Path, plugin: bool) -> Path:
    path = where / ("plugin.ini" if plugin else "plain.ini")
    path.write_text("[mypy]\n" + ("plugins = capdsl.mypy_plugin\n" if plugin else "")
                    + f"mypy_path = {stubs}:{ROOT}\n"
                    "[mypy-capdsl.*,runtime.*,checker.*]\nfollow_imports = silent\n")
    return path


def run_mypy(config_file: Path, cache: Path, target: Path) -> float:
    start = time.perf_counter()
    out, err, status = api.run(["--config-file", str(config_file), "--cache-dir", str(cache),
                                "--no-error-summary", str(target)])
    took = time.perf_counter() - start
    if status != 0:  # the generated file is correct code: nothing may be reported
        raise SystemExit(f"mypy reported:\n{out}{err}")
    return took


def measure(where: Path, configs: dict[bool, Path], target: Path, source: str,
            runs: int) -> dict[tuple[bool, str], list[float]]:
    """Times per (plugin, kind); on and off alternate so that load from
    other processes falls on both alike."""
    times: dict[tuple[bool, str], list[float]] = {}
    caches = {plugin: where / f"cache-{plugin}" for plugin in configs}
    for _ in range(runs):
        for plugin, config_file in configs.items():
            shutil.rmtree(caches[plugin], ignore_errors=True)
            target.write_text(source)
            times.setdefault((plugin, "cold"), []).append(
                run_mypy(config_file, caches[plugin], target))
    for n in range(runs * 3):  # rechecks are short: more of them
        for plugin, config_file in configs.items():
            target.write_text(source + f"\n# edit {n}\n")  # changed: checked again
            times.setdefault((plugin, "recheck"), []).append(
                run_mypy(config_file, caches[plugin], target))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lines", type=int, default=2000)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        write_stub(where)
        source = python_source(opts.lines)
        target = where / "big.py"
        target.write_text(source)
        print(f"{target.name}: {source.count(chr(10))} lines; medians of {opts.runs} cold runs "
              f"and {3 * opts.runs} rechecks")
        configs = {plugin: config(where, where, plugin) for plugin in (False, True)}
        times = measure(where, configs, target, source, opts.runs)
        median = {key: statistics.median(values) for key, values in times.items()}
        for plugin in (False, True):
            label = "plugin on " if plugin else "plugin off"
            print(f"  {label}: recheck {median[plugin, 'recheck'] * 1000:7.1f} ms   "
                  f"cold {median[plugin, 'cold'] * 1000:7.0f} ms")
        ratios = {kind: median[True, kind] / median[False, kind] for kind in ("recheck", "cold")}
        print(f"  ratio on/off: recheck {ratios['recheck']:.2f}   cold {ratios['cold']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

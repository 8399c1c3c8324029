"""What the mypy plugin costs: mypy on a generated 2,000-line Python file that
uses the stubs of a compiled program, with `capdsl.mypy_plugin` on and off.

    .venv/bin/python bench/mypy_plugin.py [--runs 7] [--lines 2000]

Both configurations run in this process through `mypy.api`, each with its own
cache, alternating run by run. Two timings per configuration, medians:
- recheck: the cache is warm (standard library, capdsl.caps, the stubs) and
  the big file changed, so only it is analysed and checked again: what an
  editor's `dmypy` pays after an edit (3 x `--runs` runs);
- cold: no cache at all, the standard library analysed too (`--runs` runs).
Part of a recheck is mypy's fixed cost (options, reading the cache), so it
also prints the file's own share: the recheck minus a check of the file's
import header alone. Two baselines: the plugin off with the same stubs (the
wrappers' members are then `Any`, so mypy checks less), and the plugin off
with capability-free stubs (`Iso[T]` an alias of `T`: the same calls
checked, without capabilities), which isolates what capabilities cost.
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


PLAIN_CAPS = '''"""The wrappers as plain aliases: Iso[T] is T (the capability-free baseline)."""
from typing import Annotated, TypeVar

from typing_extensions import TypeAlias

_T = TypeVar("_T")
Iso: TypeAlias = Annotated[_T, "iso"]
Trn: TypeAlias = Annotated[_T, "trn"]
Ref: TypeAlias = Annotated[_T, "ref"]
Val: TypeAlias = Annotated[_T, "val"]
Box: TypeAlias = Annotated[_T, "box"]
Tag: TypeAlias = Annotated[_T, "tag"]
def consume(value: _T) -> _T: ...
'''
CAPS_IMPORT = "from capdsl.caps import "


def write_stubs(out_dir: Path) -> None:
    """The program's stub, and for the baseline a copy (`plain/`) whose
    wrappers are plain aliases, so mypy checks the same calls without
    capabilities."""
    comp = Compilation(PROGRAM, Reporter())
    if not run_passes(comp, "types") or comp.checked is None:
        raise SystemExit(f"{PROGRAM} does not check")
    stub = stub_text(comp.checked, PROGRAM.name)
    (out_dir / "buffers.pyi").write_text(stub)
    plain = out_dir / "plain"
    plain.mkdir()
    for wrapper in ("Iso", "Trn", "Ref", "Val", "Box", "Tag"):
        stub = stub.replace(f"caps.{wrapper}[", f"plaincaps.{wrapper}[")
    (plain / "buffers.pyi").write_text(stub.replace("import typing\n",
                                                    "import typing\n\nimport plaincaps\n"))
    (plain / "plaincaps.pyi").write_text(PLAIN_CAPS)


def config(where: Path, stubs: Path, plugin: bool, name: str) -> Path:
    path = where / f"{name}.ini"
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


Setup = tuple[Path, Path, str]
"""A configuration: its config file, the file to check, that file's text."""


def measure(where: Path, setups: dict[str, Setup], runs: int) -> dict[tuple[str, str], float]:
    """Median times per (setup, kind). The setups alternate run by run, so
    that load from other processes falls on all alike. Each recheck follows
    a check of the file's header alone: the file's size changes, so mypy
    can't take it for unchanged (it trusts size and mtime to the second)."""
    times: dict[tuple[str, str], list[float]] = {}
    caches = {name: where / f"cache-{name}" for name in setups}
    for _ in range(runs):
        for name, (config_file, target, source) in setups.items():
            shutil.rmtree(caches[name], ignore_errors=True)
            target.write_text(source)
            times.setdefault((name, "cold"), []).append(
                run_mypy(config_file, caches[name], target))
    for _ in range(runs * 3):  # rechecks are short: more of them
        for name, (config_file, target, source) in setups.items():
            for kind, text in (("header", source[:source.index("\n\n\ndef")]),
                               ("recheck", source)):
                target.write_text(text)
                times.setdefault((name, kind), []).append(
                    run_mypy(config_file, caches[name], target))
    return {key: statistics.median(values) for key, values in times.items()}


SETUPS = (("off", "plugin off, same stubs (wrappers are Any to mypy)"),
          ("plain", "plugin off, capability-free stubs (Iso[T] is T)"),
          ("on", "plugin on"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lines", type=int, default=2000)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        write_stubs(where)
        source = python_source(opts.lines)
        plain_source = source.replace(CAPS_IMPORT, "from plaincaps import ")
        setups: dict[str, Setup] = {}
        for name, _label in SETUPS:
            home = where / f"run-{name}"
            home.mkdir()
            stubs = where / "plain" if name == "plain" else where
            text = plain_source if name == "plain" else source
            setups[name] = (config(where, stubs, name == "on", name), home / "big.py", text)
        print(f"big.py: {source.count(chr(10))} lines; medians of {opts.runs} cold runs "
              f"and {3 * opts.runs} rechecks")
        median = measure(where, setups, opts.runs)
        for name, label in SETUPS:
            alone = median[name, "recheck"] - median[name, "header"]
            print(f"  {label}:\n    recheck {median[name, 'recheck'] * 1000:6.0f} ms "
                  f"(the file's own share {alone * 1000:5.0f} ms)   "
                  f"cold {median[name, 'cold'] * 1000:6.0f} ms")
        for base in ("off", "plain"):
            print(f"  on / {base}: recheck {median['on', 'recheck'] / median[base, 'recheck']:.2f}"
                  f", cold {median['on', 'cold'] / median[base, 'cold']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

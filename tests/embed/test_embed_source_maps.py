"""Source maps: tracebacks, cProfile, coverage and py-spy report `.cap` files
and lines, for programs run with `capdsl run` and for programs loaded with
`capdsl.load`. Generated code is compiled with the `.cap` file name and `.cap`
line numbers (the cache keeps those code objects as they are), so every
tool that reads code objects sees `.cap` positions."""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from conftest import ROOT, write

import capdsl
from runtime.builtins import String, make_args
from runtime.program import run_main

PROGRAM = """
    use @int[I64](s: String)

    class Acc
      var total: I64 = 0
      new create() => None
      fun ref add(s: String) =>
        total = total + @int(s)

    actor Summer
      let _acc: Acc = Acc
      let _out: OutStream
      new create(out: OutStream) =>
        _out = out
      be add(s: String) =>
        _acc.add(s)
      be report() =>
        _out.print("total " + _acc.total.string())
      be never() =>
        _out.print("never runs")

    actor Main
      new create(env: Env) =>
        let s = Summer(env.out)
        var first = true
        for a in env.args.values() do
          if first then first = false else s.add(a) end
        end
        s.report()
"""
# Lines of PROGRAM (1-based, after dedent): the ones the tests look for.
ADD_BODY = 7  # total = total + @int(s)
BE_ADD = 14  # be add(s: String) =>
BE_ADD_BODY = 15  # _acc.add(s)
NEVER_BODY = 19  # _out.print("never runs")


def env_with_root(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           **extra}
    env.pop("COVERAGE_PROCESS_START", None)
    return env


def capdsl_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "capdsl.cli", *args]


# ------------------------------------------------------------- tracebacks


def test_traceback_via_capdsl_run(tmp_path: Path) -> None:
    path = write(tmp_path, "prog.cap", PROGRAM)
    proc = subprocess.run(capdsl_cli("run", str(path), "--", "1", "x"),
                          env=env_with_root(tmp_path, CAPDSL_TRACEBACK="1"),
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert f"{path}:{ADD_BODY}: in Acc.add" in proc.stderr
    assert f'File "{path}", line {BE_ADD_BODY}, in _b_add' in proc.stderr
    assert f'File "{path}", line {ADD_BODY}, in add' in proc.stderr


def test_traceback_via_load(tmp_path: Path) -> None:
    path = write(tmp_path, "prog.cap", PROGRAM)
    m = capdsl.load(path)
    with pytest.raises(capdsl.ActorFault) as info, capdsl.Runtime() as rt:
        s = m.Summer.create(None)
        s.add("x")
        rt.wait_idle(timeout=10)
    text = "".join(traceback.format_exception(info.value))
    assert f'File "{path}", line {BE_ADD_BODY}, in _b_add' in text
    assert f'File "{path}", line {ADD_BODY}, in add' in text
    assert "total = total + @int(s)" in text  # the .cap source line itself
    acc = m.Acc.create()
    with pytest.raises(ValueError) as direct:
        acc.add(String("y"))  # a .cap method called straight from Python
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(direct.value.__traceback__)]
    assert (str(path), ADD_BODY) in frames


# --------------------------------------------------------------- cProfile


def cap_entries(stats: pstats.Stats, path: Path) -> set[tuple[str, int]]:
    """(name, first line) of every profiled function from `path`."""
    return {(name, line) for (file, line, name) in stats.stats  # type: ignore[attr-defined]
            if file == str(path)}


def test_cprofile_via_load(tmp_path: Path) -> None:
    path = write(tmp_path, "prog.cap", PROGRAM)
    m = capdsl.load(path)
    profiler = cProfile.Profile()
    profiler.enable()
    status = run_main(m.Main, m.Main._c_create, make_args, ["prog", "1", "2"],
                      stdout=io.BytesIO(), stderr=io.BytesIO())
    profiler.disable()
    assert status == 0
    entries = cap_entries(pstats.Stats(profiler), path)
    # (Main's `s.add(...)` sends straight to `_b_add`: the behaviour's stub,
    # which Python callers use, is not called from .cap code.)
    assert {("_b_add", BE_ADD), ("add", 6), ("_c_create", 12),
            ("_c_create", 22)} <= entries


def test_cprofile_via_capdsl_run(tmp_path: Path) -> None:
    path = write(tmp_path, "prog.cap", PROGRAM)
    out = tmp_path / "prof.out"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "capdsl.cli",
                    "run", str(path), "--", "3"], env=env_with_root(tmp_path),
                   check=True, capture_output=True)
    entries = cap_entries(pstats.Stats(str(out)), path)
    assert {("_b_add", BE_ADD), ("_b_report", 16), ("add", 6)} <= entries


# --------------------------------------------------------------- coverage


def _coverage_lines(data_file: Path, path: Path) -> set[int]:
    coverage = pytest.importorskip("coverage", reason="coverage is not installed "
                                   "(pip install coverage)")
    data = coverage.CoverageData(str(data_file))
    data.read()
    return set(data.lines(str(path)) or ())


def _needs_coverage() -> None:
    pytest.importorskip("coverage", reason="coverage is not installed (pip install coverage)")


def test_coverage_via_load(tmp_path: Path) -> None:
    _needs_coverage()
    path = write(tmp_path, "prog.cap", PROGRAM)
    script = tmp_path / "use_prog.py"
    script.write_text(
        "import capdsl\n"
        f"m = capdsl.load({str(path)!r})\n"
        "with capdsl.Runtime() as rt:\n"
        "    s = m.Summer.create(None)\n"
        "    s.add('4')\n")
    data = tmp_path / ".coverage"
    subprocess.run([sys.executable, "-m", "coverage", "run", f"--data-file={data}",
                    str(script)], env=env_with_root(tmp_path), check=True, capture_output=True)
    lines = _coverage_lines(data, path)
    assert {ADD_BODY, BE_ADD_BODY} <= lines  # ran on the runtime's thread: traced too
    assert NEVER_BODY not in lines


def test_coverage_via_capdsl_run(tmp_path: Path) -> None:
    _needs_coverage()
    path = write(tmp_path, "prog.cap", PROGRAM)
    data = tmp_path / ".coverage"
    subprocess.run([sys.executable, "-m", "coverage", "run", f"--data-file={data}",
                    "-m", "capdsl.cli", "run", str(path), "--", "5"],
                   env=env_with_root(tmp_path), check=True, capture_output=True)
    lines = _coverage_lines(data, path)
    assert {ADD_BODY, BE_ADD_BODY, 17} <= lines and NEVER_BODY not in lines


# ----------------------------------------------------------------- py-spy

BUSY = """
    actor Spin
      var n: U64 = 0
      new create() => None
      be go(left: U64) =>
        var i: U64 = 0
        while i < 1000 do
          n = n + i
          i = i + 1
        end
        if left > 0 then go(left - 1) end

    actor Main
      new create(env: Env) => Spin.go(40000)
"""


def _py_spy(tmp_path: Path, command: list[str]) -> str:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(py_spy).exists():
        pytest.skip("py-spy is not installed (pip install py-spy)")
    out = tmp_path / "spy.txt"
    proc = subprocess.run([py_spy, "record", "-r", "200", "-f", "raw", "-o", str(out), "--",
                           *command], env=env_with_root(tmp_path), capture_output=True,
                          text=True, timeout=300)
    if proc.returncode != 0 and "ermission" in proc.stderr:
        pytest.skip(f"py-spy may not trace processes here: {proc.stderr.strip()[:200]}")
    assert out.exists(), proc.stderr
    return out.read_text()


@pytest.mark.slow
def test_py_spy_via_capdsl_run(tmp_path: Path) -> None:
    path = write(tmp_path, "busy.cap", BUSY)
    samples = _py_spy(tmp_path, capdsl_cli("run", str(path)))
    assert "(busy.cap:8)" in samples or "(busy.cap:9)" in samples or "(busy.cap:7)" in samples


@pytest.mark.slow
def test_py_spy_via_load(tmp_path: Path) -> None:
    path = write(tmp_path, "busy.cap", BUSY)
    script = tmp_path / "spy_me.py"
    script.write_text(
        "import capdsl\n"
        f"m = capdsl.load({str(path)!r})\n"
        "with capdsl.Runtime() as rt:\n"
        "    rt.run_main(m.Main)\n")
    samples = _py_spy(tmp_path, [sys.executable, str(script)])
    cap_frames = [ln for ln in samples.splitlines() if "(busy.cap:" in ln]
    assert cap_frames and any("Runtime._main" in ln for ln in cap_frames)  # on its thread

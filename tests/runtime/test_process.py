"""What only a real process shows: stdout/stderr bytes and exit status.

Each test writes prog.cap and a runner script that compiles the simulated
generated code (capsim) under the .cap name and calls run_main on the real
streams, then `sys.exit`s with its result, as `capdsl run` will.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from capsim import line_of, source

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

RUNNER = """\
import sys
sys.path[:0] = [{root!r}, {here!r}]
from capsim import HEADER
from runtime.program import run_main
ns = {{}}
exec(HEADER, ns)
exec(compile(open({cap!r}.replace(".cap", ".py")).read(), {cap!r}, "exec"), ns)
{extra}
sys.exit(run_main(ns["Main"], ns["Main"]._c_create, list, sys.argv))
"""


def script(tmp_path: Path, action: str, extra: str = "") -> list[str]:
    cap, py = source(action)
    (tmp_path / "prog.cap").write_text(cap, encoding="utf-8")
    (tmp_path / "prog.py").write_text(py, encoding="utf-8")
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER.format(root=str(ROOT), here=str(HERE),
                                    cap=str(tmp_path / "prog.cap"), extra=extra))
    return [sys.executable, str(runner)]


def run(cmd: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "CAPDSL_TRACEBACK"} | env
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=full_env)


def test_all_output_is_flushed_at_exit_with_the_exit_status(tmp_path: Path) -> None:
    # Main spawns a counter; 20,000 increments print 20,000 lines.
    p = run(script(tmp_path, "[c.inc(1) for _ in range(19_999)]; env.exitcode(3)"))
    assert p.returncode == 3, p.stderr
    assert p.stdout.splitlines() == [str(i) for i in range(1, 20_001)]
    assert p.stderr == ""


def test_a_fault_exits_1_flushes_stdout_and_names_the_cap_line(tmp_path: Path) -> None:
    p = run(script(tmp_path, "c.crash(0)"))
    assert p.returncode == 1
    assert p.stdout == "1\n"
    assert f"prog.cap:{line_of('_n = 1 % d')}: in behaviour Counter.crash" in p.stderr
    assert "_n = 1 % d" in p.stderr
    assert "Traceback" not in p.stderr


def test_capdsl_traceback_shows_the_python_traceback(tmp_path: Path) -> None:
    p = run(script(tmp_path, "c.crash(0)"), CAPDSL_TRACEBACK="1")
    assert p.returncode == 1
    assert "Traceback (most recent call last)" in p.stderr


def test_python_print_from_ffi_code_keeps_its_place_in_the_output(tmp_path: Path) -> None:
    p = run(script(tmp_path, 'env.out.print("a"); print("b"); env.out.print("c")'))
    assert p.returncode == 0, p.stderr
    assert p.stdout == "a\nb\nc\n1\n"


def test_ctrl_c_while_waiting_for_io_exits_130_with_one_line(tmp_path: Path) -> None:
    # Main holds an external source that nothing releases: the program waits.
    action = 'external.hold(); env.out.print("waiting"); env.out.flush()'
    cmd = script(tmp_path, action, extra="from runtime import external\nns['external'] = external")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline() == "waiting\n"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 130
    assert proc.stderr is not None
    assert proc.stderr.read() == "capdsl: interrupted\n"


def test_a_reader_that_goes_away_does_not_make_the_program_fail(tmp_path: Path) -> None:
    cmd = script(tmp_path, "[c.inc(1) for _ in range(200_000)]")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"1\n"
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert err == b""

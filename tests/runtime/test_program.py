"""run_main in process: exit statuses, fault reports, repeated runs."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from capsim import line_of, load

from runtime import external
from runtime.actor import Actor, send, spawn
from runtime.program import run_main


def run(tmp_path: Path, action: str, argv: list[str] | None = None) -> tuple[int, str, str]:
    ns = load(tmp_path, action)
    out, err = io.BytesIO(), io.BytesIO()
    rc = run_main(ns["Main"], ns["Main"]._c_create, list, argv or ["prog"],
                  stdout=out, stderr=err)
    return rc, out.getvalue().decode(), err.getvalue().decode()


def test_a_clean_run_exits_zero(tmp_path: Path) -> None:
    assert run(tmp_path, "c.inc(2)") == (0, "1\n3\n", "")


def test_exitcode_sets_the_status(tmp_path: Path) -> None:
    assert run(tmp_path, "env.exitcode(3)") == (3, "1\n", "")


def test_a_fault_reports_the_cap_line_actor_and_behaviour(tmp_path: Path) -> None:
    rc, out, err = run(tmp_path, "c.crash(0)")
    assert rc == 1
    assert out == "1\n"  # printed before the fault, and not lost
    first, where, text, hint = err.splitlines()
    assert first == ("error: actor Counter failed in behaviour crash: "
                     "ZeroDivisionError: integer modulo by zero")
    assert where == f"  {tmp_path / 'prog.cap'}:{line_of('_n = 1 % d')}: in behaviour Counter.crash"
    assert text == "    _n = 1 % d  // stands for an internal fault"
    assert "CAPDSL_TRACEBACK=1" in hint
    assert "Traceback" not in err


def test_a_python_exception_from_ffi_points_at_the_innermost_cap_frame(tmp_path: Path) -> None:
    rc, _, err = run(tmp_path, 'c.parse("{oops")')
    assert rc == 1
    lines = err.splitlines()
    assert lines[0].startswith("error: actor Counter failed in behaviour parse: "
                               "json.decoder.JSONDecodeError: ")
    assert lines[1].endswith(f"prog.cap:{line_of('@json.loads(s)')}: in Parse.apply")
    assert lines[2] == "    @json.loads(s)"


def test_the_source_line_is_left_out_when_the_cap_file_is_unreadable(tmp_path: Path) -> None:
    ns = load(tmp_path, "c.crash(0)")
    (tmp_path / "prog.cap").unlink()
    import linecache

    linecache.clearcache()
    err = io.BytesIO()
    rc = run_main(ns["Main"], ns["Main"]._c_create, list, ["p"], stdout=io.BytesIO(), stderr=err)
    assert rc == 1
    assert len(err.getvalue().decode().splitlines()) == 3


def test_capdsl_traceback_adds_the_python_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAPDSL_TRACEBACK", "1")
    rc, _, err = run(tmp_path, "c.crash(0)")
    assert rc == 1
    assert "Traceback (most recent call last)" in err
    assert "in _b_crash" in err


def test_args_are_built_by_make_args_from_argv(tmp_path: Path) -> None:
    seen: list[Any] = []

    class Main(Actor):
        __slots__ = ()

        def _c_create(self, env: Any) -> None:
            seen.append(env.args)

    rc = run_main(Main, Main._c_create, lambda a: ("built", a), ["prog", "x", "y"],
                  stdout=io.BytesIO(), stderr=io.BytesIO())
    assert rc == 0
    assert seen == [("built", ["prog", "x", "y"])]


def test_run_main_twice_in_one_process_starts_fresh_each_time(tmp_path: Path) -> None:
    assert run(tmp_path, "c.crash(0)")[0] == 1
    assert run(tmp_path, "env.exitcode(5)") == (5, "1\n", "")
    assert run(tmp_path, "c.inc(1)") == (0, "1\n2\n", "")


class Stopper(Actor):
    __slots__ = ()

    def _c_create(self, env: Any) -> None:
        env.out.print("start")
        external.hold()  # would keep the program alive forever
        self.go()

    def _b_go(self) -> None:
        raise KeyboardInterrupt

    def go(self) -> None:
        send(self, Stopper._b_go, ())


def test_keyboard_interrupt_exits_130_with_one_line() -> None:
    out, err = io.BytesIO(), io.BytesIO()
    rc = run_main(Stopper, Stopper._c_create, list, ["p"], stdout=out, stderr=err)
    assert rc == 130
    assert out.getvalue() == b"start\n"
    assert err.getvalue() == b"capdsl: interrupted\n"
    assert external.pending() == 0  # reset after the run


class Exiter(Actor):
    __slots__ = ()

    def _c_create(self, env: Any) -> None:
        raise SystemExit(4)


def test_system_exit_from_python_code_sets_the_status() -> None:
    assert run_main(Exiter, Exiter._c_create, list, ["p"],
                    stdout=io.BytesIO(), stderr=io.BytesIO()) == 4


class Nested(Actor):
    __slots__ = ()

    def _c_create(self, env: Any) -> None:
        run_main(Nested, Nested._c_create, list, ["p"])


def test_run_main_is_not_reentrant() -> None:
    err = io.BytesIO()
    assert run_main(Nested, Nested._c_create, list, ["p"], stdout=io.BytesIO(), stderr=err) == 1
    assert b"RuntimeError: run_main cannot run inside a running program" in err.getvalue()


class Spawner(Actor):
    __slots__ = ()

    def _c_create(self, env: Any) -> None:
        for i in range(50):
            spawn(Spawner, Spawner._b_print, (env, i))

    def _b_print(self, env: Any, i: int) -> None:
        env.out.print(str(i))


def test_output_of_every_actor_is_written_in_spawn_order() -> None:
    out = io.BytesIO()
    assert run_main(Spawner, Spawner._c_create, list, ["p"], stdout=out, stderr=io.BytesIO()) == 0
    assert out.getvalue().decode().split() == [str(i) for i in range(50)]


class Buffered(io.BytesIO):
    """A stream that, like a pipe behind a buffer, shows bytes only at flush."""

    def __init__(self, name: str, shown: list[tuple[str, bytes]]) -> None:
        super().__init__()
        self._name, self._shown = name, shown

    def flush(self) -> None:
        if self.getvalue():
            self._shown.append((self._name, self.getvalue()))
            self.seek(0)
            self.truncate()


def test_output_printed_before_a_fault_reaches_the_terminal_before_the_report(
    tmp_path: Path,
) -> None:
    ns = load(tmp_path, "c.crash(0)")
    shown: list[tuple[str, bytes]] = []
    rc = run_main(ns["Main"], ns["Main"]._c_create, list, ["p"],
                  stdout=Buffered("out", shown), stderr=Buffered("err", shown))
    assert rc == 1
    assert [name for name, _ in shown] == ["out", "err"]
    assert shown[0][1] == b"1\n"

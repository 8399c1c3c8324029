"""The `capdsl` command across the process boundary: options, exit codes,
output formats, and no Python traceback for anything a user can write.

Each test runs `python -m capdsl.cli` (the same `main` as the console
script) in a subprocess with a timeout, from a scratch directory."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from capdsl import __version__
from capdsl.cli import _build_parser
from tests.harness import ROOT

FIXTURES = Path(__file__).resolve().parent / "cli_fixtures"
EXAMPLES = ROOT / "examples"
CAPDSL = [sys.executable, "-m", "capdsl.cli"]
TIMEOUT = 120

TYPE_ERROR = 'actor Main\n  new create(env: Env) =>\n    let x: U32 = "text"\n'
CLEAN = 'actor Main\n  new create(env: Env) =>\n    env.out.print("ok")\n'


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "CAPDSL_TRACEBACK", "FORCE_COLOR")}
    env.update(extra)
    return env


def capdsl(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
           timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*CAPDSL, *map(str, args)], cwd=cwd, env=env or environment(),
                          capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    return proc


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def json_lines(stdout: str) -> list[dict[str, object]]:
    records = [json.loads(line) for line in stdout.splitlines()]
    for record in records:
        for key in ("file", "line", "column", "end_line", "end_column", "severity", "code",
                    "message", "notes"):
            assert key in record, (key, record)
        assert isinstance(record["line"], int) and record["line"] >= 1
        assert isinstance(record["column"], int) and record["column"] >= 1
        assert isinstance(record["end_line"], int) and record["end_line"] >= record["line"]
        assert isinstance(record["end_column"], int) and record["end_column"] >= 1
        assert isinstance(record["notes"], list)
        for note in record["notes"]:
            assert note["severity"] == "note"
            assert isinstance(note["message"], str)
    return records


def codes(stdout: str) -> list[str]:
    return [str(r["code"]) for r in json_lines(stdout)]


# ---------------------------------------------------------------- version and help


def test_version() -> None:
    proc = capdsl("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"capdsl {__version__}" == "capdsl 0.1.0"


def test_console_script_is_installed_next_to_python() -> None:
    script = Path(sys.executable).parent / "capdsl"
    if not script.exists():
        pytest.skip("no console script next to this interpreter")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert (proc.returncode, proc.stdout.strip()) == (0, "capdsl 0.1.0")


def _parsers() -> dict[str, argparse.ArgumentParser]:
    top = _build_parser()
    found = {"": top}
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def test_every_subcommand_is_known() -> None:
    assert set(_parsers()) == {"", "check", "compile", "stubs", "run", "explain"}


@pytest.mark.parametrize("command", ["", "check", "compile", "stubs", "run", "explain"])
def test_help_mentions_every_option(command: str) -> None:
    proc = capdsl(*([command] if command else []), "--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith(f"usage: capdsl{' ' + command if command else ''}")
    parser = _parsers()[command]
    for action in parser._actions:
        for option in action.option_strings:
            assert option in proc.stdout, option
        if not action.option_strings and not isinstance(action, argparse._SubParsersAction):
            assert str(action.metavar or action.dest) in proc.stdout
        if isinstance(action, argparse._SubParsersAction):
            for name in action.choices:
                assert name in proc.stdout
        if action.choices and not isinstance(action, argparse._SubParsersAction):
            for choice in action.choices:
                assert str(choice) in proc.stdout


def test_check_help_lists_the_passes() -> None:
    proc = capdsl("check", "--help")
    for name in ("parse", "syntax", "names", "types", "codegen"):
        assert name in proc.stdout


# ---------------------------------------------------------------- exit codes


def test_clean_program_exits_0(tmp_path: Path) -> None:
    proc = capdsl("check", write(tmp_path / "ok.cap", CLEAN))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_clean_program_json_prints_nothing(tmp_path: Path) -> None:
    proc = capdsl("check", "--format", "json", write(tmp_path / "ok.cap", CLEAN))
    assert (proc.returncode, proc.stdout) == (0, "")


def test_errors_exit_1_with_json_lines(tmp_path: Path) -> None:
    proc = capdsl("check", "--format", "json", "bad.cap", cwd=write(tmp_path / "bad.cap",
                                                                    TYPE_ERROR).parent)
    assert proc.returncode == 1
    [record] = json_lines(proc.stdout)
    assert record["file"] == "bad.cap"
    assert record["severity"] == "error"
    assert record["code"] == "E0301"
    # the primary span covers exactly `"text"`
    line = TYPE_ERROR.split("\n")[int(record["line"]) - 1]  # type: ignore[call-overload]
    assert record["end_line"] == record["line"]
    start, end = int(record["column"]), int(record["end_column"])  # type: ignore[call-overload]
    assert line[start - 1:end - 1] == '"text"'
    assert proc.stderr == ""


def test_errors_exit_1_with_text(tmp_path: Path) -> None:
    write(tmp_path / "bad.cap", TYPE_ERROR)
    proc = capdsl("check", "bad.cap", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stderr.split("\n")
    assert lines[0].startswith("bad.cap:3:18: error[E0301]: ")
    assert lines[2] == '3 |     let x: U32 = "text"'
    assert lines[3] == "  |                  ^^^^^^"
    assert "capdsl: bad.cap: 1 error" in proc.stderr
    assert proc.stdout == ""


def test_check_several_paths_reports_each(tmp_path: Path) -> None:
    good = write(tmp_path / "good.cap", CLEAN)
    bad = write(tmp_path / "bad.cap", TYPE_ERROR)
    proc = capdsl("check", "--format", "json", good, bad, good)
    assert proc.returncode == 1
    assert [r["file"] for r in json_lines(proc.stdout)] == [str(bad)]


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--bogus", "X.cap"],
        ["check"],
        ["compile"],
        ["run"],
        ["run", "--"],
        ["explain"],
        [],
        ["frobnicate"],
        ["check", "--pass", "nosuchpass", "X.cap"],
        ["check", "--format", "yaml", "X.cap"],
        ["check", "--color", "sometimes", "X.cap"],
        ["check", "nowhere.cap"],
        ["compile", "nowhere.cap"],
        ["run", "nowhere.cap"],
        ["check", "X.cap", "nowhere/"],
        ["check", "notes.txt"],
        ["run", "notes.txt"],
        ["compile", "-o", "existing.py", "X.cap"],
        ["compile", "-o", "existing.py/sub", "X.cap"],
        ["explain", "XYZ"],
        ["explain", "E9999"],
    ],
)
def test_bad_usage_exits_2(tmp_path: Path, argv: list[str]) -> None:
    write(tmp_path / "X.cap", CLEAN)
    write(tmp_path / "notes.txt", CLEAN)
    write(tmp_path / "existing.py", "# mine\n")
    proc = capdsl(*argv, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip()
    assert "internal compiler error" not in proc.stderr
    assert (tmp_path / "existing.py").read_text() == "# mine\n"


def test_usage_error_is_one_line(tmp_path: Path) -> None:
    proc = capdsl("check", "nowhere.cap", cwd=tmp_path)
    assert proc.stderr == "capdsl: error: nowhere.cap: no such file or directory\n"


def test_compile_onto_a_file_is_refused_before_compiling(tmp_path: Path) -> None:
    write(tmp_path / "bad.cap", TYPE_ERROR)
    write(tmp_path / "out", "")
    proc = capdsl("compile", "-o", "out", "bad.cap", cwd=tmp_path)
    assert proc.returncode == 2
    assert "E0301" not in proc.stderr


ICE_SCRIPT = """
import sys
import capdsl.passes as p
def boom(comp):
    raise ValueError("boom\\nsecond line")
p.PASSES = tuple(p.Pass(s.name, s.summary, boom) if s.name == sys.argv[1] else s
                 for s in p.PASSES)
import capdsl.cli
sys.exit(capdsl.cli.main(sys.argv[2:]))
"""


def ice(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", ICE_SCRIPT, *args], env=env or environment(),
                          capture_output=True, text=True, timeout=TIMEOUT)


@pytest.mark.parametrize("where", ["load", "parse", "names", "types", "codegen"])
def test_internal_error_exits_3_with_one_line(where: str) -> None:
    proc = ice(where, "check", "--pass", "codegen", str(EXAMPLES / "hello.cap"))
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "internal compiler error" in lines[0]
    assert "ValueError: boom" in lines[0]
    assert "report" in lines[0]


def test_internal_error_traceback_on_request() -> None:
    proc = ice("types", "run", str(EXAMPLES / "hello.cap"),
               env=environment(CAPDSL_TRACEBACK="1"))
    assert proc.returncode == 3
    assert "Traceback (most recent call last)" in proc.stderr
    assert ", in boom\n" in proc.stderr and "ValueError: boom" in proc.stderr
    assert "internal compiler error" in proc.stderr.splitlines()[-1]


def test_capdsl_traceback_0_means_off() -> None:
    proc = ice("types", "check", str(EXAMPLES / "hello.cap"),
               env=environment(CAPDSL_TRACEBACK="0"))
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr


RUNTIME_ICE = """
import sys
import runtime.program
def broken(*args, **kwargs):
    raise RuntimeError("scheduler exploded")
runtime.program.run_main = broken
import capdsl.cli
sys.exit(capdsl.cli.main(sys.argv[1:]))
"""


def test_runtime_bug_while_running_is_an_internal_error_line() -> None:
    proc = subprocess.run([sys.executable, "-c", RUNTIME_ICE, "run", str(EXAMPLES / "hello.cap")],
                          env=environment(), capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    [line] = proc.stderr.splitlines()
    assert "internal compiler error (RuntimeError: scheduler exploded)" in line


# ---------------------------------------------------------------- check --pass

SYNTAX_PASS_ERROR = 'actor Main\n  new create(env: Env) =>\n    let x: U32 = 1 + 2 * 3\n'
PARSE_ERROR = 'actor Main\n  new create(env: Env) =>\n    let x: U32 = (1 + \n'
NAME_ERROR = 'class C\n  var f: Nope = None\nactor Main\n  new create(env: Env) => None\n'


@pytest.mark.parametrize(
    ("text", "fails_from"),
    [(TYPE_ERROR, "types"), (SYNTAX_PASS_ERROR, "syntax"), (PARSE_ERROR, "parse"),
     (NAME_ERROR, "names"), (CLEAN, None)],
    ids=["type-error", "syntax-pass-error", "parse-error", "name-error", "clean"],
)
def test_check_pass_stops_where_it_says(tmp_path: Path, text: str,
                                        fails_from: str | None) -> None:
    path = write(tmp_path / "p.cap", text)
    passes = ["parse", "syntax", "names", "types", "codegen"]
    with ThreadPoolExecutor(max_workers=len(passes)) as pool:
        procs = list(pool.map(
            lambda name: capdsl("check", "--pass", name, "--format", "json", path), passes))
    for name, proc in zip(passes, procs, strict=True):
        failing = fails_from is not None and passes.index(name) >= passes.index(fails_from)
        assert proc.returncode == (1 if failing else 0), (name, proc.stdout, proc.stderr)
        assert bool(proc.stdout) == failing


def test_check_default_pass_is_types(tmp_path: Path) -> None:
    proc = capdsl("check", "--format", "json", write(tmp_path / "p.cap", TYPE_ERROR))
    assert codes(proc.stdout) == ["E0301"]


# ---------------------------------------------------------------- run


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], []),
        (["--", "a", "b"], ["a", "b"]),
        (["a", "b"], ["a", "b"]),
        (["--", "a", "--", "b"], ["a", "--", "b"]),
        (["--", "--"], ["--"]),
        (["--", "-h", "--version", "--format", "json"], ["-h", "--version", "--format", "json"]),
        (["--", "", "with space", "ünï"], ["", "with space", "ünï"]),
    ],
)
def test_run_passes_arguments(argv: list[str], expected: list[str]) -> None:
    path = FIXTURES / "args.cap"
    proc = capdsl("run", path, *argv)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n") == [str(len(expected) + 1), str(path), *expected, ""]


def test_run_path_after_double_dash_and_options_before_it() -> None:
    path = FIXTURES / "args.cap"
    proc = capdsl("run", "--format", "json", "--", path, "x")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n") == ["2", str(path), "x", ""]


def test_run_forwards_exitcode() -> None:
    proc = capdsl("run", FIXTURES / "exitcode.cap")
    assert (proc.returncode, proc.stdout) == (42, "before exit\n")


def test_run_examples_print_their_expected_output() -> None:
    for program in sorted(EXAMPLES.glob("*.cap")):
        proc = capdsl("run", program)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == program.with_suffix(".out").read_text(encoding="utf-8")


def test_run_with_errors_exits_1_and_does_not_run(tmp_path: Path) -> None:
    text = TYPE_ERROR + '    env.out.print("ran")\n'
    proc = capdsl("run", write(tmp_path / "p.cap", text))
    assert proc.returncode == 1
    assert "ran" not in proc.stdout
    assert "E0301" in proc.stderr


def test_run_fault_in_program_is_reported_without_traceback(tmp_path: Path) -> None:
    text = ("primitive R\n  fun f(n: U64): U64 => if n == 0 then 0 else 1 + f(n - 1) end\n\n"
            "actor Main\n  new create(env: Env) =>\n    env.out.print(R.f(10000000).string())\n")
    proc = capdsl("run", write(tmp_path / "rec.cap", text))
    assert proc.returncode == 1
    assert "RecursionError" in proc.stderr
    assert "internal compiler error" not in proc.stderr


# ---------------------------------------------------------------- compile


def test_compile_writes_a_module_that_runs_like_run(tmp_path: Path) -> None:
    program = EXAMPLES / "pingpong.cap"
    out = tmp_path / "build" / "nested"
    proc = capdsl("compile", "-o", out, program)
    assert proc.returncode == 0, proc.stderr
    module = out / "pingpong.py"
    assert module.is_file()
    assert str(module) in proc.stderr
    ran = subprocess.run([sys.executable, str(module)], capture_output=True, text=True,
                         env=environment(PYTHONPATH=str(ROOT)), cwd=tmp_path, timeout=TIMEOUT)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == capdsl("run", program).stdout == \
        program.with_suffix(".out").read_text(encoding="utf-8")


def test_compiled_module_forwards_args_and_exitcode(tmp_path: Path) -> None:
    assert capdsl("compile", "-o", tmp_path, FIXTURES / "exitcode.cap").returncode == 0
    assert capdsl("compile", "-o", tmp_path, FIXTURES / "args.cap").returncode == 0
    env = environment(PYTHONPATH=str(ROOT))
    ran = subprocess.run([sys.executable, str(tmp_path / "exitcode.py")], capture_output=True,
                         text=True, env=env, timeout=TIMEOUT)
    assert (ran.returncode, ran.stdout) == (42, "before exit\n")
    ran = subprocess.run([sys.executable, str(tmp_path / "args.py"), "a", "b"],
                         capture_output=True, text=True, env=env, timeout=TIMEOUT)
    assert ran.stdout.split("\n")[0] == "3"
    assert ran.stdout.split("\n")[2:] == ["a", "b", ""]


def test_compile_default_output_is_the_current_directory(tmp_path: Path) -> None:
    proc = capdsl("compile", EXAMPLES / "hello.cap", cwd=tmp_path)
    assert proc.returncode == 0
    assert (tmp_path / "hello.py").is_file()


def test_compile_with_errors_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.cap", TYPE_ERROR)
    proc = capdsl("compile", "-o", tmp_path / "out", path)
    assert proc.returncode == 1
    assert not (tmp_path / "out" / "bad.py").exists()


def test_compile_into_unwritable_place_is_bad_usage(tmp_path: Path) -> None:
    proc = capdsl("compile", "-o", "/proc/capdsl-no-such-dir", EXAMPLES / "hello.cap")
    assert proc.returncode == 2
    assert proc.stderr.startswith("capdsl: error: cannot write to /proc/capdsl-no-such-dir")


# ---------------------------------------------------------------- packages


def test_package_directory_with_two_files(tmp_path: Path) -> None:
    package = FIXTURES / "twofiles"
    assert len(list(package.glob("*.cap"))) == 2
    assert capdsl("check", package).returncode == 0
    expected = "hello from twofiles\necho 0\necho 1\necho 2\n"
    proc = capdsl("run", package)
    assert (proc.returncode, proc.stdout) == (0, expected)
    assert capdsl("compile", "-o", tmp_path, package).returncode == 0
    ran = subprocess.run([sys.executable, str(tmp_path / "twofiles.py")], capture_output=True,
                         text=True, env=environment(PYTHONPATH=str(ROOT)), timeout=TIMEOUT)
    assert ran.stdout == expected


def test_errors_in_a_package_name_their_file(tmp_path: Path) -> None:
    write(tmp_path / "a.cap", CLEAN)
    write(tmp_path / "b.cap", "class B\n  fun f(): U32 => \"no\"\n")
    proc = capdsl("check", "--format", "json", tmp_path)
    assert proc.returncode == 1
    assert {r["file"] for r in json_lines(proc.stdout)} == {str(tmp_path / "b.cap")}


# ---------------------------------------------------------------- explain


def test_explain_prints_the_page_with_its_example() -> None:
    proc = capdsl("explain", "E0407")
    assert proc.returncode == 0
    assert proc.stdout.startswith("E0407 (error): ")
    assert "consume a" in proc.stdout
    assert "    actor Main" in proc.stdout  # the example, indented
    assert "This one is accepted" in proc.stdout
    assert capdsl("explain", "e0407").stdout == proc.stdout


def test_explain_unknown_code_exits_2() -> None:
    proc = capdsl("explain", "XYZ")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "unknown diagnostic code XYZ" in proc.stderr


def test_explained_example_fails_with_its_code(tmp_path: Path) -> None:
    page = capdsl("explain", "E0407").stdout
    example = page.split("This program is rejected:\n\n")[1].split("\n\nThis one")[0]
    text = "\n".join(line[4:] for line in example.split("\n")) + "\n"
    proc = capdsl("check", "--format", "json", write(tmp_path / "e.cap", text))
    assert "E0407" in codes(proc.stdout)


# ---------------------------------------------------------------- colour


def test_colour_only_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path / "p.cap", TYPE_ERROR)
    assert "\x1b[" not in capdsl("check", path).stderr  # not a terminal
    assert "\x1b[" in capdsl("check", "--color", "always", path).stderr
    assert "\x1b[" not in capdsl("check", "--color", "never", path).stderr
    proc = capdsl("check", "--color", "auto", path, env=environment(NO_COLOR="1"))
    assert "\x1b[" not in proc.stderr


# ---------------------------------------------------------------- hostile input


def test_missing_file_and_empty_directory(tmp_path: Path) -> None:
    proc = capdsl("check", tmp_path / "none.cap")
    assert proc.returncode == 2
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("x")
    proc = capdsl("check", "--format", "json", tmp_path / "empty")
    assert proc.returncode == 1
    assert codes(proc.stdout) == ["E0003"]
    proc = capdsl("run", tmp_path / "empty")
    assert proc.returncode == 1
    assert "E0003" in proc.stderr


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path / "x.cap", b"actor\nMa\x00in\xff\xfe")
    proc = capdsl("check", "--format", "json", path)
    assert proc.returncode == 1
    [record] = json_lines(proc.stdout)
    assert (record["code"], record["line"], record["column"]) == ("E0002", 2, 3)
    assert capdsl("run", path).returncode == 1


def test_non_utf8_bytes_are_located_in_characters(tmp_path: Path) -> None:
    text = 'actor Main\n  new create(env: Env) =>\n    let s = "héllo \xff"\n'
    path = write(tmp_path / "x.cap", text.encode("latin-1").replace(b"\xe9", "é".encode()))
    proc = capdsl("check", "--format", "json", path)
    assert proc.returncode == 1
    [record] = json_lines(proc.stdout)
    assert record["code"] == "E0001"
    assert (record["line"], record["column"]) == (3, text.split("\n")[2].index("\xff") + 1)
    text_proc = capdsl("check", path)
    assert text_proc.returncode == 1
    assert f":3:{record['column']}: error[E0001]" in text_proc.stderr


@pytest.mark.parametrize("text", ["", "// only a comment\n", "/* a /* nested */ comment */",
                                  "\n\n\n", "   "])
def test_empty_programs_check_but_do_not_run(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "e.cap", text)
    assert capdsl("check", path).returncode == 0
    proc = capdsl("run", path)
    assert proc.returncode == 1
    assert "no `actor Main`" in proc.stderr
    assert proc.stderr.count("\n") == 1


def nested_parens(n: int) -> str:
    return f"actor Main\n  new create(env: Env) =>\n    let x: U32 = {'(' * n}1{')' * n}\n"


def nested_ifs(n: int) -> str:
    lines = ["actor Main", "  new create(env: Env) =>"]
    lines += ["    " + "  " * i + "if true then" for i in range(n)]
    lines.append("    " + "  " * n + 'env.out.print("deep")')
    lines += ["    " + "  " * i + "end" for i in reversed(range(n))]
    return "\n".join(lines) + "\n"


def long_chain(n: int) -> str:
    return ("actor Main\n  new create(env: Env) =>\n    let x: U32 = "
            + " + ".join(["1"] * n) + "\n    env.out.print(x.string())\n")


@pytest.mark.parametrize(
    ("name", "text"),
    [("parens", nested_parens(3000)), ("ifs", nested_ifs(500)), ("chain", long_chain(20_000)),
     ("brackets", "actor Main\n  new create(env: Env) =>\n    let a = " + "[" * 3000 + "\n"),
     ("unclosed", "actor Main\n  new create(env: Env) =>\n    let x = " + "(" * 50_000 + "\n"),
     ("calls", "actor Main\n  new create(env: Env) =>\n    env" + ".string()" * 5000 + "\n")],
)
def test_deep_nesting_is_a_diagnostic(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path / f"{name}.cap", text)
    for command in ("check", "run"):
        start = time.monotonic()
        proc = capdsl(command, "--format", "json", path, timeout=60)
        assert time.monotonic() - start < 30
        assert proc.returncode in (0, 1), proc.stderr
        assert "internal compiler error" not in proc.stderr
        assert "RecursionError" not in proc.stderr
        if proc.returncode == 1:
            assert json_lines(proc.stdout), proc.stderr


def test_chain_result_is_right_or_e0004(tmp_path: Path) -> None:
    proc = capdsl("run", "--format", "json", write(tmp_path / "c.cap", long_chain(20_000)))
    if proc.returncode == 0:
        assert proc.stdout == "20000\n"
    else:
        assert codes(proc.stdout) == ["E0004"]


def test_nesting_within_the_limit_runs(tmp_path: Path) -> None:
    proc = capdsl("run", write(tmp_path / "p.cap", nested_ifs(50)))
    assert (proc.returncode, proc.stdout) == (0, "deep\n")


def test_megabyte_line(tmp_path: Path) -> None:
    text = ('actor Main\n  new create(env: Env) =>\n    let s = "' + "a" * 1_000_000
            + '"; let x: U32 = "t"\n')
    proc = capdsl("check", write(tmp_path / "long.cap", text))
    assert proc.returncode == 1
    assert len(proc.stderr) < 5000  # the line is shown windowed, not whole
    assert ":3:1000030: error[E0301]" in proc.stderr
    ok = text.replace('; let x: U32 = "t"', "\n    env.out.print(s.size().string())")
    proc = capdsl("run", write(tmp_path / "ok.cap", ok))
    assert (proc.returncode, proc.stdout) == (0, "1000000\n")


@pytest.mark.parametrize(
    ("name", "data"),
    [("crlf", TYPE_ERROR.replace("\n", "\r\n").encode()),
     ("bom", b"\xef\xbb\xbf" + TYPE_ERROR.encode()),
     ("bom_crlf", b"\xef\xbb\xbf" + TYPE_ERROR.replace("\n", "\r\n").encode())],
)
def test_crlf_and_bom_keep_positions(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path / f"{name}.cap", data)
    proc = capdsl("check", "--format", "json", path)
    [record] = json_lines(proc.stdout)
    assert (record["line"], record["column"], record["end_line"], record["end_column"]) == \
        (3, 18, 3, 24)
    proc = capdsl("check", path)
    assert '3 |     let x: U32 = "text"\n  |                  ^^^^^^\n' in proc.stderr
    assert "\r" not in proc.stderr
    clean = data.replace(b'let x: U32 = "text"', b'env.out.print("crlf ok")')
    proc = capdsl("run", write(tmp_path / f"{name}_ok.cap", clean))
    assert (proc.returncode, proc.stdout) == (0, "crlf ok\n")


def test_tabs_put_the_caret_under_the_span(tmp_path: Path) -> None:
    text = 'actor Main\n\tnew create(env: Env) =>\n\t\tlet x: U32 = "text"\n'
    path = write(tmp_path / "tabs.cap", text)
    [record] = json_lines(capdsl("check", "--format", "json", path).stdout)
    assert (record["line"], record["column"]) == (3, 16)
    lines = capdsl("check", path).stderr.split("\n")
    shown, carets = lines[2].split("| ", 1)[1], lines[3].split("| ", 1)[1]
    start = carets.index("^")
    assert shown[start:start + len(carets.strip())] == '"text"'


@pytest.mark.parametrize(
    ("use", "code"),
    [('"nowhere"', "E0006"), ('"' + "a" * 300 + '"', "E0006"), ('"\\x00"', "E0006"),
     ('"../../../../../../../../no/such/dir"', "E0006")],
)
def test_use_of_a_missing_package(tmp_path: Path, use: str, code: str) -> None:
    text = f"use {use}\nactor Main\n  new create(env: Env) => None\n"
    proc = capdsl("check", "--format", "json", write(tmp_path / "u.cap", text))
    assert proc.returncode == 1
    [record] = json_lines(proc.stdout)
    assert (record["code"], record["line"], record["column"]) == (code, 1, 1)


def test_use_of_a_sibling_package(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    write(tmp_path / "lib" / "lib.cap", 'primitive Lib\n  fun name(): String => "lib"\n')
    (tmp_path / "main").mkdir()
    write(tmp_path / "main" / "m.cap",
          'use "../lib"\nactor Main\n  new create(env: Env) =>\n    env.out.print(Lib.name())\n')
    proc = capdsl("run", tmp_path / "main")
    assert (proc.returncode, proc.stdout) == (0, "lib\n"), proc.stderr


def test_many_errors_are_capped(tmp_path: Path) -> None:
    lines = [f'    let x{i}: U32 = "t"' for i in range(400)]
    text = "actor Main\n  new create(env: Env) =>\n" + "\n".join(lines) + "\n"
    proc = capdsl("check", "--format", "json", write(tmp_path / "many.cap", text))
    assert proc.returncode == 1
    assert 1 <= len(json_lines(proc.stdout)) <= 200


def test_closed_stdout_is_not_an_internal_error(tmp_path: Path) -> None:
    name = "x" * 2000
    lines = [f'    let {name}{i}: U32 = "t"' for i in range(200)]
    text = "actor Main\n  new create(env: Env) =>\n" + "\n".join(lines) + "\n"
    path = write(tmp_path / "many.cap", text)
    proc = subprocess.Popen([*CAPDSL, "check", "--format", "json", str(path)], env=environment(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline())["code"] == "E0301"
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=TIMEOUT) == 141
    assert err == ""


def test_interrupt_while_compiling(tmp_path: Path) -> None:
    lines = [f"    let x{i}: U32 = {i}" for i in range(30_000)]
    text = "actor Main\n  new create(env: Env) =>\n" + "\n".join(lines) + "\n"
    path = write(tmp_path / "big.cap", text)
    proc = subprocess.Popen([*CAPDSL, "check", str(path)], env=environment(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.6)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=TIMEOUT)
    if proc.returncode == 0:
        pytest.skip("the compile finished before the interrupt")
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert err == "capdsl: interrupted\n"


def test_json_on_an_ascii_only_stdout(tmp_path: Path) -> None:
    text = 'use "日本"\nactor Main\n  new create(env: Env) => None\n'
    path = write(tmp_path / "u.cap", text)
    proc = capdsl("check", "--format", "json", path, env=environment(PYTHONIOENCODING="ascii"))
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.isascii()
    [record] = json_lines(proc.stdout)
    assert record["message"] == "the package 日本 could not be found"
    proc = capdsl("check", path, env=environment(PYTHONIOENCODING="ascii"))
    assert proc.returncode == 1
    assert "E0006" in proc.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_undecodable_file_name(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xff.cap")
    write(tmp_path / name, TYPE_ERROR)
    for encoding in ("utf-8", "ascii"):
        proc = capdsl("check", "--format", "json", name, cwd=tmp_path,
                      env=environment(PYTHONIOENCODING=encoding))
        assert proc.returncode == 1, proc.stderr
        assert "E0301" in proc.stdout
    proc = capdsl("check", name, cwd=tmp_path)
    assert proc.returncode == 1
    assert ":3:18: error[E0301]" in proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_named_cap_is_refused_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.cap")
    proc = capdsl("check", "pipe.cap", cwd=tmp_path, timeout=30)
    assert proc.returncode == 2
    assert proc.stderr == "capdsl: error: pipe.cap is not a regular file\n"


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = write(tmp_path / "w.cap", CLEAN.encode("utf-16"))
    proc = capdsl("check", "--format", "json", path)
    assert proc.returncode == 1
    [record] = json_lines(proc.stdout)
    assert (record["code"], record["line"], record["column"]) == ("E0001", 1, 1)
    assert "UTF-16" in str(record["message"])



@pytest.mark.parametrize(
    "text",
    [
        pytest.param("actor Main\n  new other(env: Env) => None\n",
                     id="no-create"),
        pytest.param("actor Main\n", id="no-constructor"),
        pytest.param("actor Main\n  new create() => None\n", id="no-env"),
        pytest.param("actor Main\n  new create(env: Env, x: U32) => None\n",
                     id="two-params"),
        pytest.param("actor Main\n  new create(x: U32) => None\n",
                     id="wrong-param-type"),
        pytest.param("actor Main\n  be create(env: Env) => None\n",
                     id="behaviour-create"),
        pytest.param("class Main\n  new create(env: Env) => None\n",
                     id="class-main"),
        pytest.param("primitive Main\n", id="primitive-main"),
    ],
)
def test_main_of_the_wrong_shape_is_a_diagnostic(tmp_path: Path, text: str) -> None:
    proc = capdsl("run", write(tmp_path / "m.cap", text))
    assert proc.returncode == 1, proc.stderr
    assert "internal compiler error" not in proc.stderr
    assert "raised in Python code" not in proc.stderr
    assert "Main" in proc.stderr

"""Property tests of the whole pipeline: whatever the input, the compiler
answers with a result or with located diagnostics, never with a Python
exception, and never hangs.

Inputs: random text and bytes, soups of Pony tokens, and mutations (lines
and tokens deleted, duplicated, swapped or inserted; characters dropped) of
every program under `../shared/conformance/`, `examples/` and the CLI
fixtures. Each input is compiled in process through `codegen`, on a thread
with the CLI's stack and recursion limit, with a time budget; programs that
compile are also turned into Python bytecode, and a sample of them is run
with `capdsl run` in a subprocess with a timeout.

The default suite runs a modest number of examples; `pytest -m slow` runs
many more (`CAPDSL_FUZZ_SCALE` multiplies both).
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capdsl.diagnostics import Severity
from capdsl.passes import Compilation
from capdsl.render import TextRenderer, to_json
from tests.harness import ROOT, SHARED, compile_path

SCALE = float(os.environ.get("CAPDSL_FUZZ_SCALE", "1"))
BUDGET = 10.0
"""Seconds one compile may take before it counts as a hang."""
WATCHDOG = 120.0
"""Seconds after which a compile that holds the interpreter is stopped for good:
faulthandler dumps every thread and ends the process, so CI never blocks."""
RUN_TIMEOUT = 10.0

SEED_PATHS = sorted([
    *SHARED.glob("conformance/**/*.cap"),
    *(ROOT / "examples").glob("*.cap"),
    *(ROOT / "tests" / "cli_fixtures").glob("*.cap"),
])
SEEDS = [p.read_text(encoding="utf-8") for p in SEED_PATHS]
RICH_SEED_PATHS = sorted([*(ROOT / "tests" / "cases").glob("*/*.cap"),
                          *(ROOT / "tests" / "parse" / "cases").glob("*.cap")])
RICH_SEEDS = SEEDS + [p.read_text(encoding="utf-8") for p in RICH_SEED_PATHS]
"""More seeds for the soak: the checker's and runner's cases and the parser's
construct tour."""

TOKEN = re.compile(r"\s+|\w+'*|\"(?:\\.|[^\"\\])*\"|.", re.S)
KEYWORDS = [
    "actor", "class", "primitive", "struct", "trait", "interface", "type", "use", "new", "be",
    "fun", "let", "var", "embed", "if", "then", "elseif", "else", "end", "while", "do", "repeat",
    "until", "for", "in", "match", "where", "try", "error", "return", "break", "continue",
    "recover", "consume", "object", "lambda", "is", "isnt", "as", "and", "or", "xor", "not",
    "this", "true", "false", "None", "iso", "trn", "ref", "val", "box", "tag", "#read", "#send",
    "#share", "#alias", "#any", "with", "ifdef", "compile_error", "__loc", "digestof",
]
OPERATORS = [
    "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "=", "=>", "->", "^", "!", "?", "|", "&",
    "+", "-", "*", "/", "%", "%%", "<<", ">>", "<", "<=", ">", ">=", "==", "!=", "~", ".>",
    "+~", "-~", "*~", "@", "\\", "\\likely\\", "'", "\"", "\"\"\"", "/*", "*/", "//", "_",
    "0x", "1_", "1.5e", "0b", "'a'", "\"s\"", "\n", "\n  ", "\n    ", "\t", "\r\n", "é",
]
NAMES = ["Main", "env", "Env", "create", "x", "y", "_f", "a'", "U8", "U32", "I64", "F64", "String",
         "Array", "Bool", "print", "out", "string", "size", "apply", "1", "0", "42", "-1"]
PIECES = KEYWORDS + OPERATORS + NAMES

# Respelling swaps a word for another of its kind, so most results still parse
# and the checker and code generator get exercised.
WORD_GROUPS = [
    ["iso", "trn", "ref", "val", "box", "tag"],
    ["let", "var", "embed"],
    ["fun", "be", "new"],
    ["class", "actor", "primitive", "struct"],
    ["trait", "interface"],
    ["true", "false"],
    ["and", "or", "xor"],
    ["is", "isnt"],
    ["if", "while"],
    ["U8", "U16", "U32", "U64", "U128", "USize", "I8", "I32", "I64", "ISize", "F32", "F64",
     "String", "Bool", "None", "Any"],
    ["consume", "recover", "not", "-", "this"],
]
LITERALS = ["0", "1", "-1", "255", "256", "65536", "4294967296", "18446744073709551616", "1.5",
            "1e300", "0x10", "'a'", '""', '"x"', "None", "true"]
KEYWORD_SET = frozenset(KEYWORDS) | {"elseif", "then", "end", "do"}
WORD = re.compile(r"[A-Za-z_]\w*'*")

T = TypeVar("T")


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


def fuzz_settings(n: int) -> settings:
    return settings(max_examples=examples(n), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---------------------------------------------------------------- running with a budget


@dataclass
class Outcome:
    comp: Compilation
    ok: bool
    seconds: float


class CompileHang(Exception):
    """Raised inside a compile that outlasted its budget, to stop it."""


def _stop(worker: threading.Thread) -> None:
    """Raise `CompileHang` inside `worker` so a hung compile does not keep
    running behind the next tests (Python checks for it between bytecodes;
    a thread stuck in C code stops when it comes back), and let it unwind."""
    assert worker.ident is not None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident),
                                               ctypes.py_object(CompileHang))
    worker.join(BUDGET)


def within_budget(fn: Callable[[], T], budget: float = BUDGET) -> tuple[T, float]:
    """Run `fn` the way the CLI does (a thread with a large stack and a high
    recursion limit) and fail the test if it raises or outlasts `budget`
    (then the thread is stopped)."""
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # reported below, with its traceback
            failure.append(exc)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(60_000)
    previous = threading.stack_size(512 * 1024 * 1024)
    try:
        worker = threading.Thread(target=target, name="capdsl-fuzz", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)
    faulthandler.dump_traceback_later(WATCHDOG, exit=True)
    start = time.monotonic()
    try:
        worker.join(budget)
        elapsed = time.monotonic() - start
        hung = worker.is_alive()
        if hung:
            _stop(worker)
    finally:
        faulthandler.cancel_dump_traceback_later()
        if not worker.is_alive():
            sys.setrecursionlimit(limit)
    if hung:
        pytest.fail(f"the compiler did not finish within {budget} s (a hang)")
    if failure:
        raise AssertionError(f"the compiler raised {failure[0]!r}") from failure[0]
    return result[0], elapsed


def check_outcome(path: Path, until: str = "codegen", budget: float = BUDGET) -> Outcome:
    (comp, ok), seconds = within_budget(lambda: compile_path(path, until), budget)
    assert_well_reported(comp, ok, path)
    if ok and until == "codegen":
        assert_codegen_compiles(comp)
    return Outcome(comp, ok, seconds)


def assert_well_reported(comp: Compilation, ok: bool, path: Path) -> None:
    """A failed compile has an error; every error is located in a file that
    exists, at a line and column of it; every diagnostic renders."""
    diags = list(comp.reporter)
    errs = [d for d in diags if d.severity is Severity.ERROR]
    if not ok:
        assert errs, "the compile failed without an error diagnostic"
    sources = comp.sources()
    for d in diags:
        where = f"{d.code} {d.message!r} at {d.span}"
        assert d.span.line >= 1 and d.span.col >= 1, where
        assert (d.span.end_line, d.span.end_col) >= (d.span.line, d.span.col), where
        assert not d.span.file.startswith("<"), f"reported in a standard package: {where}"
        source = sources.get(d.span.file)
        if source is None:  # a file that could not be read as source
            assert Path(d.span.file).exists(), where
            assert d.code in ("E0001", "E0002", "E0003"), where
            continue
        assert d.span.line <= len(source.lines), where
        assert d.span.col <= len(source.line_text(d.span.line)) + 1, where
    renderer = TextRenderer(sources, colour=False)
    for d in diags:
        assert renderer.render(d)
        assert to_json(d).startswith("{")


def assert_codegen_compiles(comp: Compilation) -> None:
    """The generated modules are valid Python (the step `run` does first)."""
    program = comp.python.get("program")
    assert program is not None
    for filename, module in program.modules:  # type: ignore[attr-defined]
        compile(module, filename, "exec")


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="capdsl-fuzz-") as name:
        yield Path(name)


def compile_text(text: str | bytes, directory: Path, budget: float = BUDGET) -> Outcome:
    path = directory / "fuzz.cap"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return check_outcome(path, budget=budget)


# ---------------------------------------------------------------- input strategies


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str] = SEEDS) -> str:
    """A seed program with a few edits: whole lines deleted, duplicated,
    swapped or moved; tokens or characters deleted, inserted, duplicated or
    swapped."""
    text = draw(st.sampled_from(seeds))
    unit = draw(st.sampled_from(["line", "token", "char"]))
    if unit == "line":
        parts = text.splitlines(keepends=True)
    elif unit == "token":
        parts = tokens(text)
    else:
        parts = list(text)
    for _ in range(draw(st.integers(1, 4))):
        if not parts:
            parts = [""]
        i = draw(st.integers(0, len(parts) - 1))
        action = draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        if action == "delete":
            del parts[i:i + draw(st.integers(1, 3))]
        elif action == "insert":
            piece = draw(st.sampled_from(PIECES) | st.text(max_size=3))
            parts.insert(i, piece + ("\n" if unit == "line" else ""))
        elif action == "duplicate":
            parts[i:i] = parts[i:i + draw(st.integers(1, 8))]
        else:
            j = draw(st.integers(0, len(parts) - 1))
            parts[i], parts[j] = parts[j], parts[i]
    return "".join(parts)


@st.composite
def respelled(draw: st.DrawFn, seeds: list[str] = SEEDS) -> str:
    """A seed program with a few words replaced by others of their kind: a
    capability by a capability, a type by a type, a name by another name of
    the same program, a number by a literal; sometimes `consume` or a
    capability inserted before a word."""
    parts = tokens(draw(st.sampled_from(seeds)))
    words = [i for i, t in enumerate(parts) if WORD.fullmatch(t) or t.isdigit()]
    if not words:
        return "".join(parts)
    names = sorted({parts[i] for i in words} - KEYWORD_SET - {p for p in parts if p.isdigit()})
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.sampled_from(words))
        word = parts[i]
        group = next((g for g in WORD_GROUPS if word in g), None)
        choice = draw(st.integers(0, 9))
        if choice == 0:
            parts[i] = draw(st.sampled_from(["consume ", "recover ", "not ", "-"])) + word
        elif choice == 1:
            parts[i] = f"{word} {draw(st.sampled_from(WORD_GROUPS[0]))}"
        elif group is not None:
            parts[i] = draw(st.sampled_from(group))
        elif word.isdigit():
            parts[i] = draw(st.sampled_from(LITERALS))
        elif names:
            parts[i] = draw(st.sampled_from(names))
    return "".join(parts)


token_soup = st.lists(st.sampled_from(PIECES), max_size=80).map(" ".join)
spaced_soup = st.lists(st.sampled_from(PIECES) | st.sampled_from([" ", "  ", "\n", "\n    "]),
                       max_size=120).map("".join)


def program_around(body: str) -> str:
    return f"actor Main\n  new create(env: Env) =>\n    {body}\n"


# ---------------------------------------------------------------- properties


def test_seeds_are_there() -> None:
    assert len(SEEDS) >= 20
    assert any("conformance" in str(p) for p in SEED_PATHS)
    assert any(p.parent.name == "examples" for p in SEED_PATHS)


@fuzz_settings(40)
@given(text=st.text(max_size=400))
def test_random_text(workdir: Path, text: str) -> None:
    compile_text(text, workdir)


@fuzz_settings(30)
@given(data=st.binary(max_size=400))
def test_random_bytes(workdir: Path, data: bytes) -> None:
    compile_text(data, workdir)


@fuzz_settings(40)
@given(text=token_soup | spaced_soup)
def test_token_soup(workdir: Path, text: str) -> None:
    compile_text(text, workdir)


@fuzz_settings(40)
@given(text=token_soup | spaced_soup)
def test_token_soup_inside_a_constructor(workdir: Path, text: str) -> None:
    compile_text(program_around(text.replace("\n", "\n    ")), workdir)


@fuzz_settings(100)
@given(text=mutated())
def test_mutated_programs(workdir: Path, text: str) -> None:
    compile_text(text, workdir)


@fuzz_settings(100)
@given(text=respelled())
def test_respelled_programs(workdir: Path, text: str) -> None:
    compile_text(text, workdir)


@fuzz_settings(20)
@given(text=st.sampled_from(SEEDS), cut=st.integers(0, 100_000))
def test_truncated_programs(workdir: Path, text: str, cut: int) -> None:
    compile_text(text[:cut % (len(text) + 1)], workdir)


# ---------------------------------------------------------------- running what compiles

FAULT = re.compile(r"failed in .*?: (\w+(?:Error|Exception)\w*)")


def run_program(path: Path) -> subprocess.CompletedProcess[str] | None:
    """`capdsl run path`, or None if it outlasted the timeout (a mutated
    program may legitimately loop forever)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CAPDSL_TRACEBACK", "NO_COLOR")}
    try:
        return subprocess.run([sys.executable, "-m", "capdsl.cli", "run", str(path)],
                              capture_output=True, text=True, timeout=RUN_TIMEOUT, env=env,
                              cwd=path.parent, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None


def assert_ran_well(proc: subprocess.CompletedProcess[str] | None, text: str) -> None:
    if proc is None:
        return
    assert "Traceback" not in proc.stderr, proc.stderr
    # (exit status 3 may be the program's own: env.exitcode(3))
    assert "internal compiler error" not in proc.stderr, f"{proc.stderr}\nprogram:\n{text}"
    # a program that checks may fail only the way Pony programs do; a Python
    # exception other than running out of stack is a codegen or runtime bug
    for name in FAULT.findall(proc.stderr):
        assert name in ("RecursionError", "MemoryError"), f"{proc.stderr}\nprogram:\n{text}"


@fuzz_settings(12)
@given(text=mutated() | respelled(), data=st.data())
def test_mutated_programs_that_compile_run(workdir: Path, text: str, data: st.DataObject) -> None:
    outcome = compile_text(text, workdir)
    if not outcome.ok or "@" in text:  # no FFI: a mutant could call any Python function
        return
    program = outcome.comp.python.get("program")
    if getattr(program, "main_class", None) is None:
        return
    path = workdir / f"run{data.draw(st.integers(0, 10**9))}.cap"
    path.write_text(text, encoding="utf-8")
    try:
        assert_ran_well(run_program(path), text)
    finally:
        path.unlink()


def test_seed_programs_that_compile_run_without_faults(workdir: Path) -> None:
    """The unmutated seeds with a Main: they check, so they must run (or
    loop) without a Python exception escaping generated code."""
    runnable = [(path, text) for path, text in zip(SEED_PATHS, SEEDS, strict=True)
                if "run" in path.parts or path.parent.name == "examples"]
    assert len(runnable) >= 10
    for path, _ in runnable:
        assert check_outcome(path).ok, path
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(run_program, [path for path, _ in runnable]))
    for (_, text), proc in zip(runnable, runs, strict=True):
        assert_ran_well(proc, text)


# ---------------------------------------------------------------- soak (pytest -m slow)


@pytest.mark.slow
@fuzz_settings(3000)
@given(text=mutated(RICH_SEEDS) | respelled(RICH_SEEDS))
def test_mutated_programs_soak(workdir: Path, text: str) -> None:
    compile_text(text, workdir)


@pytest.mark.slow
@fuzz_settings(2000)
@given(text=st.text(max_size=2000) | token_soup | spaced_soup)
def test_random_input_soak(workdir: Path, text: str) -> None:
    compile_text(text, workdir)
    compile_text(program_around(text.replace("\n", "\n    ")), workdir)


@pytest.mark.slow
@fuzz_settings(300)
@given(text=mutated(RICH_SEEDS) | respelled(RICH_SEEDS), data=st.data())
def test_mutated_programs_that_compile_run_soak(workdir: Path, text: str,
                                                data: st.DataObject) -> None:
    test_mutated_programs_that_compile_run.hypothesis.inner_test(workdir, text, data)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_every_seed_truncated_at_every_line(workdir: Path) -> None:
    for text in SEEDS:
        lines = text.splitlines(keepends=True)
        for cut in range(len(lines)):
            compile_text("".join(lines[:cut]), workdir)
            compile_text("".join(lines[:cut] + lines[cut + 1:]), workdir)


# ---------------------------------------------------------------- reproducers found by fuzzing


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(program_around("Env.x = 1"), id="field-of-builtin-type"),
        pytest.param("primitive P\n" + program_around("P.y = 1"), id="field-of-primitive"),
        pytest.param("class C\n  var f: U32 = 0\n" + program_around("C.f = 1"),
                     id="field-of-class"),
        pytest.param('use "nowhere"\nuse "collections"\n' + program_around("None"),
                     id="missing-use-then-stdlib-use"),
        pytest.param('use "collections"\nuse "nowhere"\n' + program_around("None"),
                     id="stdlib-use-then-missing-use"),
    ],
)
def test_found_by_fuzzing(workdir: Path, text: str) -> None:
    compile_text(text, workdir)



@pytest.mark.parametrize(
    "decls",
    [
        pytest.param("trait T is T\n", id="trait-provides-itself"),
        pytest.param("trait T is U\ntrait U is T\n", id="trait-cycle"),
        pytest.param("class C is C\n", id="class-provides-itself"),
        pytest.param("class C is (C & D)\nclass D\n",
                     id="class-provides-intersection-with-itself"),
    ],
)
def test_cyclic_provides_is_a_diagnostic(workdir: Path, decls: str) -> None:
    outcome = compile_text(decls + program_around("None"), workdir)
    assert not outcome.ok



@pytest.mark.parametrize(
    "decls",
    [
        pytest.param("type A is A\n", id="self"),
        pytest.param("type A is (A | None)\n", id="union"),
        pytest.param("type A is B\ntype B is A\n", id="pair"),
    ],
)
def test_recursive_type_alias_is_an_error(workdir: Path, decls: str) -> None:
    outcome = compile_text(decls + program_around("let x: A = None"), workdir)
    assert not outcome.ok


def test_expanding_structural_subtype_ends(workdir: Path) -> None:
    decls = ("interface I[X]\n  fun f(): I[I[X]]\n"
             "class K[X]\n  fun f(): K[K[X]] => K[K[X]]\n")
    compile_text(decls + program_around("let i: I[U8] = K[U8]"), workdir, budget=3)

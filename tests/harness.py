"""In-process helpers for tests: compile a `.cap` program, run it, read its
diagnostics. Faster than a subprocess per case; the CLI tests cover the
process boundary."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from capdsl.diagnostics import Diagnostic, Reporter, Severity, TooManyErrors
from capdsl.passes import Compilation, run_passes

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CAPDSL_SHARED", ROOT.parent / "shared"))


def compile_path(path: Path, until: str = "types") -> tuple[Compilation, bool]:
    comp = Compilation(path, Reporter())
    try:
        ok = run_passes(comp, until)
    except TooManyErrors:
        ok = False
    return comp, ok


def compile_text(text: str, tmp_path: Path, name: str = "prog.cap",
                 until: str = "types") -> tuple[Compilation, bool]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return compile_path(path, until)


def errors(comp: Compilation) -> list[Diagnostic]:
    return [d for d in comp.reporter.sorted() if d.severity is Severity.ERROR]


def error_marks(comp: Compilation) -> set[tuple[int, str]]:
    return {(d.span.line, d.code) for d in errors(comp)}


@dataclass
class RunResult:
    status: int
    stdout: str
    stderr: str


def run_path(path: Path, args: tuple[str, ...] = (), workers: int = 1,
             placement: str | None = None) -> RunResult:
    """Compile and run a program in this process (with `workers` > 1, in
    worker processes forked from it), capturing its output."""
    from capdsl.emit import execute
    from runtime.builtins import make_args
    from runtime.program import run_main

    comp, ok = compile_path(path, "codegen")
    if not ok:
        text = "\n".join(f"{d.span}: {d.code}: {d.message}" for d in errors(comp))
        raise AssertionError(f"{path} does not compile:\n{text}")
    program = comp.python["program"]
    namespace = execute(program)  # type: ignore[arg-type]
    main = namespace[program.main_class]  # type: ignore[attr-defined]
    out, err = io.BytesIO(), io.BytesIO()
    status = run_main(main, main._c_create, make_args, [str(path), *args],
                      stdout=out, stderr=err, workers=workers, placement=placement)
    return RunResult(status, out.getvalue().decode(), err.getvalue().decode())

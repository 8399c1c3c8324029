"""The `capdsl` command: check, compile, run, explain.

Exit codes: 0 clean, 1 errors in the program (or the program's own failure
when run), 2 bad usage, 3 internal error. Nothing a user writes may produce a
Python traceback: the driver turns every failure into a diagnostic or one
line, and anything unexpected into the internal-error line.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from capdsl import __version__
from capdsl.diagnostics import Reporter, TooManyErrors
from capdsl.passes import PASS_NAMES, Compilation, InternalError, run_passes
from capdsl.render import TextRenderer, to_json, use_colour

EXIT_OK, EXIT_PROGRAM, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
ISSUES_URL = "https://github.com/capdsl/capdsl/issues"


class UsageError(Exception):
    """A bad command line: reported in one line, exit 2."""


Outcome = int | Callable[[], int]
"""An exit status, or the program to run on the main thread for that status."""


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="capdsl",
        description="Check, compile and run .cap programs: Pony's syntax and reference "
        "capabilities, compiled to Python.",
    )
    parser.add_argument("--version", action="version", version=f"capdsl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_check(sub)
    _add_compile(sub)
    _add_run(sub)
    explain = sub.add_parser("explain", help="explain a diagnostic code with an example",
                             description="Print the page for a diagnostic code: what it "
                             "means, a program that fails with it, and the fixed program.")
    explain.add_argument("code", help="a code such as E0401")
    return parser


def _add_output_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--format", choices=("text", "json"), default="text",
                     help="diagnostics as annotated text (stderr) or JSON lines (stdout)")
    cmd.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="colour text diagnostics (auto: only on a terminal without NO_COLOR)")


def _add_check(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("check", help="check programs for errors without running them",
                         description="Check each PATH (a .cap file or a package directory): "
                         "syntax, names, types and reference capabilities.")
    cmd.add_argument("paths", nargs="+", metavar="PATH", help="a .cap file or a package directory")
    cmd.add_argument("--pass", dest="until", choices=PASS_NAMES[1:], default="types",
                     metavar="NAME", help="stop after pass NAME, one of: "
                     + ", ".join(PASS_NAMES[1:]) + " (default: types)")
    _add_output_options(cmd)


def _add_compile(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("compile", help="compile a program to a Python module",
                         description="Check PATH and write the generated Python module "
                         "to DIR/NAME.py.")
    cmd.add_argument("path", metavar="PATH", help="a .cap file or a package directory")
    cmd.add_argument("-o", "--output", metavar="DIR", default=".",
                     help="directory for the generated module (default: current directory)")
    _add_output_options(cmd)


def _add_run(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("run", help="check, compile and run a program",
                         description="Check and compile PATH, then run its Main actor. "
                         "Arguments after `--` are passed to the program (env.args).")
    cmd.add_argument("path", metavar="PATH", help="a .cap file or a package directory")
    cmd.add_argument("args", nargs="*", metavar="ARGS", help="arguments for the program")
    _add_output_options(cmd)


def _check_path(raw: str, allow_dir: bool = True) -> Path:
    path = Path(raw)
    if not path.exists():
        raise UsageError(f"{raw}: no such file or directory")
    if path.is_dir():
        if not allow_dir:
            raise UsageError(f"{raw} is a directory")
        return path
    if path.suffix != ".cap":
        raise UsageError(f"{raw} is not a .cap file (expected a .cap file or a package directory)")
    if not os.access(path, os.R_OK):
        raise UsageError(f"{raw}: permission denied")
    return path


def _report(comp: Compilation, fmt: str, colour_mode: str) -> None:
    diags = comp.reporter.sorted()
    if fmt == "json":
        for diag in diags:
            print(to_json(diag))
        return
    renderer = TextRenderer(comp.sources(), use_colour(sys.stderr, colour_mode))
    for diag in diags:
        print(renderer.render(diag), end="\n\n", file=sys.stderr)
    errors = comp.reporter.error_count()
    if errors:
        noun = "error" if errors == 1 else "errors"
        print(f"capdsl: {comp.target}: {errors} {noun}", file=sys.stderr)


def _compile(path: Path, until: str) -> tuple[Compilation, bool]:
    comp = Compilation(path, Reporter())
    try:
        ok = run_passes(comp, until)
    except TooManyErrors:
        ok = False
    return comp, ok


def cmd_check(opts: argparse.Namespace) -> int:
    paths = [_check_path(p) for p in opts.paths]
    status = EXIT_OK
    for path in paths:
        comp, ok = _compile(path, opts.until)
        _report(comp, opts.format, opts.color)
        if not ok:
            status = EXIT_PROGRAM
    return status


def cmd_compile(opts: argparse.Namespace) -> int:
    from capdsl.emit import write_modules

    path = _check_path(opts.path)
    comp, ok = _compile(path, "codegen")
    _report(comp, opts.format, opts.color)
    if not ok:
        return EXIT_PROGRAM
    out_dir = Path(opts.output)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{opts.output} exists and is not a directory")
    written = write_modules(comp, out_dir)
    for file in written:
        print(f"wrote {file}", file=sys.stderr)
    return EXIT_OK


def cmd_run(opts: argparse.Namespace) -> Outcome:
    """Compiles on the compiler thread; the program itself then runs on the main
    thread (signals such as Ctrl-C are delivered there)."""
    from capdsl.emit import load_program

    path = _check_path(opts.path)
    comp, ok = _compile(path, "codegen")
    _report(comp, opts.format, opts.color)
    if not ok:
        return EXIT_PROGRAM
    return load_program(comp, [str(path), *opts.args])


def cmd_explain(opts: argparse.Namespace) -> int:
    from capdsl.explain import explain_page

    page = explain_page(opts.code.upper())
    if page is None:
        raise UsageError(f"unknown diagnostic code {opts.code} (codes look like E0401)")
    print(page)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], Outcome]] = {
    "check": cmd_check, "compile": cmd_compile, "run": cmd_run, "explain": cmd_explain,
}


def _internal_error(exc: BaseException, stream: IO[str]) -> int:
    if os.environ.get("CAPDSL_TRACEBACK"):
        traceback.print_exception(exc, file=stream)
    where = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    print(f"capdsl: internal compiler error ({where}); this is a bug in capdsl, please "
          f"report it at {ISSUES_URL} (set CAPDSL_TRACEBACK=1 for details)", file=stream)
    return EXIT_INTERNAL


def _dispatch(argv: Sequence[str] | None) -> Outcome:
    opts = _build_parser().parse_args(argv)
    try:
        return COMMANDS[opts.command](opts)
    except UsageError as exc:
        print(f"capdsl: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InternalError as exc:
        return _internal_error(exc, sys.stderr)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # every user mistake is a diagnostic; this is a bug
        return _internal_error(exc, sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script. Runs the command on a thread with a
    large stack so the recursive passes handle deeply nested programs."""
    result: list[Outcome] = []

    def target() -> None:
        try:
            result.append(_dispatch(argv))
        except SystemExit as exc:  # argparse's usage errors and --help
            result.append(exc.code if isinstance(exc.code, int) else EXIT_USAGE)
        except KeyboardInterrupt:
            result.append(130)
        except RecursionError as exc:
            result.append(_internal_error(exc, sys.stderr))

    sys.setrecursionlimit(60_000)
    threading.stack_size(512 * 1024 * 1024)
    worker = threading.Thread(target=target, name="capdsl")
    worker.start()
    worker.join()
    outcome = result[0] if result else EXIT_INTERNAL
    if callable(outcome):
        outcome = outcome()
    sys.stdout.flush()
    return outcome


if __name__ == "__main__":
    sys.exit(main())

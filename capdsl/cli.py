"""The `capdsl` command: check, compile, stubs, run, explain.

Exit codes: 0 clean, 1 errors in the program (or the program's own failure
when run), 2 bad usage, 3 internal error; like other Unix tools, 130 when
interrupted (Ctrl-C) and 141 when the reader of our output went away
(`capdsl ... | head`). Nothing a user writes may produce a Python traceback:
the driver turns every failure into a diagnostic or one line, and anything
unexpected into the internal-error line.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import IO

from capdsl import __version__
from capdsl.diagnostics import Reporter, TooManyErrors
from capdsl.loader import UnreadableSource
from capdsl.passes import PASS_NAMES, Compilation, InternalError, run_passes
from capdsl.render import TextRenderer, to_json, use_colour
from runtime.workers.placement import DEFAULT as DEFAULT_POLICY
from runtime.workers.placement import POLICIES

EXIT_OK, EXIT_PROGRAM, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE
ISSUES_URL = "https://github.com/capdsl/capdsl/issues"
MAX_WORKERS = 64


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
    _add_stubs(sub)
    _add_run(sub)
    explain = sub.add_parser("explain", help="explain a diagnostic code with an example",
                             description="Print the page for a diagnostic code (or a code "
                             "of the mypy plugin, such as cap-send): what it means, an "
                             "example that fails with it, and the fixed one.")
    explain.add_argument("code", help="a code such as E0401 or cap-send")
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
                         "to DIR/NAME.py and its typed stub, for mypy, to DIR/NAME.pyi.")
    cmd.add_argument("path", metavar="PATH", help="a .cap file or a package directory")
    cmd.add_argument("-o", "--output", metavar="DIR", default=".",
                     help="directory for the generated module and stub (default: current "
                     "directory)")
    _add_output_options(cmd)


def _add_stubs(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("stubs", help="write typed stubs of a program for mypy",
                         description="Check PATH and write DIR/NAME.pyi: its classes, "
                         "actors, primitives, traits and interfaces with their fields and "
                         "methods, each type with its capability (capdsl.caps), for mypy "
                         "with the capdsl.mypy_plugin plugin.")
    cmd.add_argument("path", metavar="PATH", help="a .cap file or a package directory")
    cmd.add_argument("-o", "--output", metavar="DIR", default=".",
                     help="directory for the stub (default: current directory)")
    _add_output_options(cmd)


def _add_run(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser("run", help="check, compile and run a program",
                         usage="capdsl run [-h] [--stats] [--max-actor-heap SIZE] "
                         "[--format {text,json}] [--color {auto,always,never}] "
                         "[--workers N] [--placement POLICY] [--seed N] "
                         "PATH [-- ARGS ...]",
                         description="Check and compile PATH, then run its Main actor. "
                         "Arguments after `--` are passed to the program (env.args) "
                         "exactly as given.")
    # PATH is optional to argparse only so that `run -- PATH ARGS` parses;
    # `_dispatch` requires it.
    cmd.add_argument("path", nargs="?", metavar="PATH", help="a .cap file or a package directory")
    cmd.add_argument("args", nargs="*", metavar="ARGS", help="arguments for the program")
    cmd.add_argument("--stats", action="store_true",
                     help="at exit, print per actor type and for the top actors: messages "
                     "processed, current and peak heap, mailbox high-water mark (stderr)")
    cmd.add_argument("--max-actor-heap", metavar="SIZE", type=_byte_size, default=0,
                     help="stop the program when an actor's measured heap passes SIZE "
                     "(bytes, or with a unit: 512K, 10M, 1G)")
    _add_output_options(cmd)
    cmd.add_argument("--workers", type=_worker_count, default=1, metavar="N",
                     help="run the actors on N worker processes (default: 1, in this "
                     "process; see README, Workers)")
    cmd.add_argument("--placement", choices=POLICIES, default=DEFAULT_POLICY, metavar="POLICY",
                     help="which worker a new actor goes to, with --workers above 1: "
                     + ", ".join(POLICIES) + f" (default: {DEFAULT_POLICY})")
    cmd.add_argument("--seed", type=_seed, default=None, metavar="N",
                     help="schedule turns in an order chosen by seed N (one worker): the "
                     "same seed replays the same interleaving, others explore others")


def _seed(text: str) -> int:
    """--seed: a whole number, 0 or more."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if seed < 0:
        raise argparse.ArgumentTypeError(f"the seed must be 0 or more, got {seed}")
    return seed


def _worker_count(text: str) -> int:
    """--workers: a whole number from 1 to MAX_WORKERS."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of workers, got {text!r}") from None
    if not 1 <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"the number of workers must be from 1 to "
                                         f"{MAX_WORKERS}, got {count}")
    return count


_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2,
          "mib": 1024**2, "g": 1024**3, "gb": 1024**3, "gib": 1024**3}


def _byte_size(text: str) -> int:
    """'10M' -> 10485760 (argparse reports a bad size as a usage error)."""
    number = text.strip().rstrip("bBiIkKmMgG")
    unit = text.strip()[len(number):].lower()
    try:
        value = float(number)
    except ValueError:
        value = 0.0
    if unit not in _UNITS or not value > 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size: write bytes or a number with K, M or G")
    return int(value * _UNITS[unit])


def _command_name(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv` (the top level has no option taking a
    value, so it is the first word that is not an option)."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word
    return None


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line. For `run`, everything after the first `--`
    belongs to the program verbatim (argparse alone would drop a later `--`)."""
    parser = _build_parser()
    if _command_name(argv) != "run" or "--" not in argv:
        opts = parser.parse_args(argv)
        program_args: list[str] = []
    else:
        cut = list(argv).index("--")
        opts = parser.parse_args(argv[:cut])
        program_args = list(argv[cut + 1:])
    if opts.command == "run":
        if opts.path is None:
            if not program_args:
                _subparser(parser, "run").error("the following arguments are required: PATH")
            opts.path = program_args.pop(0)
        opts.args = [*opts.args, *program_args]
    return opts


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: argparse.ArgumentParser = action.choices[name]
            return found
    raise InternalError(f"no subcommand {name}")


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
    if not path.is_file():  # a FIFO or a device would block or never end
        raise UsageError(f"{raw} is not a regular file")
    if not os.access(path, os.R_OK):
        raise UsageError(f"{raw}: permission denied")
    return path


def _print_out(text: str, fallback: Callable[[], str]) -> None:
    """Print `text` on stdout, or `fallback()` if stdout's encoding can't
    carry it (PYTHONIOENCODING=ascii, a legacy console, an undecodable file
    name)."""
    try:
        print(text)
    except UnicodeEncodeError:
        print(fallback())


def _ascii_safe(text: str) -> str:
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    return text.encode(encoding, "backslashreplace").decode(encoding, "replace")


def _report(comp: Compilation, fmt: str, colour_mode: str) -> None:
    diags = comp.reporter.sorted()
    if fmt == "json":
        for diag in diags:
            _print_out(to_json(diag), partial(to_json, diag, ascii_only=True))
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


def _check_output_dir(raw: str) -> Path:
    """The output directory, refused early if it can't be one: an existing
    non-directory, or below one."""
    out_dir = Path(raw)
    for where in (out_dir, *out_dir.parents):
        if where.exists():
            if not where.is_dir():
                raise UsageError(f"{where} exists and is not a directory")
            break
    return out_dir


def cmd_compile(opts: argparse.Namespace) -> int:
    from capdsl.emit import write_modules

    return _compile_and_write(opts, "codegen", lambda comp, out_dir: [
        *write_modules(comp, out_dir), _write_stub(comp, out_dir)])


def _compile_and_write(opts: argparse.Namespace, until: str,
                       write: Callable[[Compilation, Path], list[Path]]) -> int:
    """Check PATH through `until`, then `write` its files to the output
    directory and say which (a write that fails is a usage error)."""
    path = _check_path(opts.path)
    out_dir = _check_output_dir(opts.output)
    comp, ok = _compile(path, until)
    _report(comp, opts.format, opts.color)
    if not ok:
        return EXIT_PROGRAM
    try:
        written = write(comp, out_dir)
    except OSError as exc:
        raise UsageError(f"cannot write to {opts.output}: {exc.strerror or exc}") from exc
    for file in written:
        print(f"wrote {file}", file=sys.stderr)
    return EXIT_OK


def _write_stub(comp: Compilation, out_dir: Path) -> Path:
    from capdsl.stubs import stub_path, stub_text

    if comp.checked is None:
        raise InternalError("no checked program for the stub")
    path = stub_path(comp.target, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(stub_text(comp.checked, comp.target.name), encoding="utf-8")
    return path


def cmd_stubs(opts: argparse.Namespace) -> int:
    return _compile_and_write(opts, "types",
                              lambda comp, out_dir: [_write_stub(comp, out_dir)])


def cmd_run(opts: argparse.Namespace) -> Outcome:
    """Compiles on the compiler thread; the program itself then runs on the main
    thread (signals such as Ctrl-C are delivered there)."""
    from capdsl.emit import load_program

    path = _check_path(opts.path)
    if opts.workers > 1 and opts.seed is not None:
        raise UsageError("--seed works with --workers 1 only (a seeded order is one "
                         "process's order)")
    comp, ok = _compile(path, "codegen")
    _report(comp, opts.format, opts.color)
    if not ok:
        return EXIT_PROGRAM
    return load_program(comp, [str(path), *opts.args], stats=opts.stats,
                        max_actor_heap=opts.max_actor_heap, workers=opts.workers,
                        placement=opts.placement, seed=opts.seed)


def cmd_explain(opts: argparse.Namespace) -> int:
    from capdsl.explain import explain_page

    page = explain_page(opts.code.upper()) or explain_page(opts.code.lower())
    if page is None:
        raise UsageError(f"unknown diagnostic code {opts.code} (codes look like E0401, "
                         "or cap-send for the mypy plugin)")
    _print_out(page, lambda: _ascii_safe(page))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], Outcome]] = {
    "check": cmd_check, "compile": cmd_compile, "stubs": cmd_stubs, "run": cmd_run,
    "explain": cmd_explain,
}


def _want_traceback() -> bool:
    return os.environ.get("CAPDSL_TRACEBACK", "") not in ("", "0")


def _internal_error(exc: BaseException, stream: IO[str]) -> int:
    if _want_traceback():
        traceback.print_exception(exc, file=stream)
    where = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    print(f"capdsl: internal compiler error ({where}); this is a bug in capdsl, please "
          f"report it at {ISSUES_URL} (set CAPDSL_TRACEBACK=1 for details)", file=stream)
    return EXIT_INTERNAL


def _broken_pipe() -> int:
    """The reader of our output went away (`capdsl ... | head`): stop quietly.
    Standard output is pointed at /dev/null so the final flush can't fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (tests)
        pass
    return EXIT_BROKEN_PIPE


def _dispatch(argv: Sequence[str]) -> Outcome:
    opts = _parse(argv)
    try:
        return COMMANDS[opts.command](opts)
    except (UsageError, UnreadableSource) as exc:
        print(f"capdsl: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return _broken_pipe()
    except InternalError as exc:
        return _internal_error(exc, sys.stderr)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # every user mistake is a diagnostic; this is a bug
        return _internal_error(exc, sys.stderr)


def _run_outcome(outcome: Outcome) -> int:
    """The exit status: `outcome` itself, or what running the program gives.
    The runtime reports the program's own faults; anything escaping it is a
    bug in capdsl and gets the internal-error line, not a traceback."""
    if not callable(outcome):
        return outcome
    try:
        return outcome()
    except BrokenPipeError:
        return _broken_pipe()
    except KeyboardInterrupt:
        print("capdsl: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SystemExit:
        raise
    except Exception as exc:
        return _internal_error(exc, sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script. Runs the command on a thread with a
    large stack so the recursive passes handle deeply nested programs; the
    compiled program then runs on the main thread. Ctrl-C while compiling
    stops at once (the compiler thread is a daemon)."""
    args = list(sys.argv[1:] if argv is None else argv)
    result: list[Outcome] = []

    def target() -> None:
        try:
            result.append(_dispatch(args))
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code
            result.append(code if isinstance(code, int) else EXIT_OK if code is None
                          else EXIT_USAGE)
        except KeyboardInterrupt:
            result.append(EXIT_INTERRUPTED)
        except BrokenPipeError:
            result.append(_broken_pipe())
        except BaseException as exc:  # RecursionError, MemoryError...
            result.append(_internal_error(exc, sys.stderr))

    sys.setrecursionlimit(60_000)
    previous = threading.stack_size(512 * 1024 * 1024)
    try:
        worker = threading.Thread(target=target, name="capdsl", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)  # threads the program starts get the usual stack
    try:
        worker.join()
    except KeyboardInterrupt:
        print("capdsl: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    status = _run_outcome(result[0] if result else EXIT_INTERNAL)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        status = _broken_pipe()
    return status


if __name__ == "__main__":
    sys.exit(main())

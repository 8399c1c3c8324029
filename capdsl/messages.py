"""Every diagnostic code and message of capdsl, in one place.

Passes call `make(code, span, **args)`; the text comes from the code's
template here, so wording is reviewed in one file and `capdsl explain CODE`
can print the page for any code. Each code carries an example that fails
with it and the fixed program; the tests check both.

Code ranges: E00xx input files, E01xx syntax, E02xx names and scopes,
E03xx types, E04xx reference capabilities, E05xx partiality and control
flow, E06xx definite assignment and declarations, W0xxx warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

from capdsl.diagnostics import Diagnostic, Label, Note, Severity
from capdsl.source import Span


@dataclass(frozen=True, slots=True)
class Code:
    """A stable diagnostic code with its message template and its page."""

    code: str
    severity: Severity
    template: str
    summary: str
    example: str = ""
    fix: str = ""
    hint: str | None = None


CODES: dict[str, Code] = {}


def _define(
    code: str, template: str, summary: str, *, example: str = "", fix: str = "",
    hint: str | None = None, severity: Severity = Severity.ERROR,
) -> None:
    if code in CODES:
        raise ValueError(f"diagnostic code {code} defined twice")
    CODES[code] = Code(code, severity, template, summary, example, fix, hint)


def make(
    code: str,
    span: Span,
    *,
    labels: tuple[Label, ...] = (),
    notes: tuple[Note, ...] = (),
    hint: str | None = None,
    **args: object,
) -> Diagnostic:
    """The diagnostic `code` at `span`, its template filled from `args`."""
    entry = CODES[code]
    message = entry.template.format(**args)
    default_hint = entry.hint.format(**args) if entry.hint else None
    return Diagnostic(
        code, entry.severity, message, span, labels, notes,
        hint if hint is not None else default_hint,
    )


# --------------------------------------------------------------------------
# E00xx: input files

_define(
    "E0001", "{path} is not UTF-8 text: {reason}",
    "A source file could not be decoded as UTF-8.",
    hint="save the file as UTF-8; .cap sources are text",
)
_define(
    "E0002", "{path} contains a NUL byte; it looks like a binary file, not .cap source",
    "A source file holds binary data.",
)
_define(
    "E0003", "the package directory {path} has no .cap files",
    "A directory given as a program holds no sources.",
    hint="put the program's .cap files in the directory, or pass a .cap file",
)
_define(
    "E0004", "expression nested too deeply to compile (more than {limit} levels)",
    "An expression is nested deeper than the compiler supports.",
    hint="split the expression into smaller ones with `let` locals",
)
_define(
    "E0005", "{path} is not a .cap file",
    "A file given as a program does not end in .cap.",
)
_define(
    "E0006", "the package {path} could not be found",
    "A `use` names a package that does not exist.",
    example='use "nowhere"\nactor Main\n  new create(env: Env) => None\n',
    fix='use "collections"\nactor Main\n  new create(env: Env) => None\n',
    hint="standard packages are collections, time, net and promises; other paths are "
    "relative to the file",
)

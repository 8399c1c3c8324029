"""Finding and reading sources: the step before parsing.

A program is one `.cap` file or a directory of `.cap` files (one package).
`use "name"` brings a standard package from `capdsl/stdlib/NAME/` or, for
any other path, a directory relative to the using file. The builtin package
(`capdsl/stdlib/builtin/`) is part of every program.

Reading never raises a Python error for a user's file: undecodable or binary
input becomes a diagnostic at the offending character, and a file or
directory the system won't let us read raises `UnreadableSource`, which the
CLI reports in one line (exit status 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from capdsl import ast
from capdsl.diagnostics import Reporter
from capdsl.messages import make
from capdsl.source import SourceFile, Span

STDLIB_DIR = Path(__file__).resolve().parent / "stdlib"
STANDARD_PACKAGES = frozenset({"builtin", "collections", "time", "net", "promises"})


class UnreadableSource(Exception):
    """A source file or package directory can't be read (permissions, I/O
    errors, a name the system rejects): not a compiler bug."""


@dataclass
class Package:
    """One package: its sources and, once parsed, their modules.

    `key` identifies it in the program (`builtin`, `collections`, or the
    directory's resolved path); `is_stdlib` marks standard packages, whose
    classes may declare bodiless methods implemented by the runtime."""

    key: str
    directory: Path
    is_stdlib: bool
    sources: list[SourceFile] = field(default_factory=list)
    modules: list[ast.Module] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.key if self.is_stdlib else self.directory.name


def read_source(path: Path, reporter: Reporter, display: str | None = None) -> SourceFile | None:
    """The decoded text of `path`, or None after reporting why it can't be read."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableSource(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # what some editors call "Unicode"
        reporter.add(make("E0001", Span(name, 1, 1, 1, 1), path=name,
                          reason="it is UTF-16 (it starts with a UTF-16 byte order mark)"))
        return None
    if b"\x00" in data:
        reporter.add(make("E0002", _byte_span(name, data, data.index(b"\x00")), path=name))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reporter.add(make("E0001", _byte_span(name, data, exc.start), path=name,
                          reason=exc.reason))
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceFile(name, text)


def _byte_span(name: str, data: bytes, offset: int) -> Span:
    """The span of the byte at `offset`: its 1-based line, and its column in
    characters like every other span (the bytes before it on its line are
    decoded, undecodable ones counting one column each)."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return Span(name, line, col, line, col + 1)


def package_files(directory: Path) -> list[Path]:
    """The `.cap` files of a package directory, in a stable order."""
    try:
        return sorted(p for p in directory.iterdir() if p.suffix == ".cap" and p.is_file())
    except OSError as exc:
        raise UnreadableSource(f"{directory}: cannot list: {exc.strerror or exc}") from exc


def stdlib_package(name: str) -> Package:
    """A standard package with its sources read (they are known to be valid UTF-8)."""
    directory = STDLIB_DIR / name
    package = Package(name, directory, is_stdlib=True)
    for path in package_files(directory):
        package.sources.append(SourceFile(f"<{name}>/{path.name}", path.read_text("utf-8")))
    return package


def resolve_use(use: ast.Use, from_dir: Path) -> tuple[str, Path, bool] | None:
    """The key, directory and stdlib flag of the package a `use` names, or None."""
    if use.path in STANDARD_PACKAGES:
        return use.path, STDLIB_DIR / use.path, True
    try:
        directory = (from_dir / use.path).resolve()
        found = directory.is_dir()
    except (OSError, ValueError):  # a name too long, a NUL byte, a symlink loop...
        return None
    if found:
        return str(directory), directory, False
    return None

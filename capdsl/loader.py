"""Finding and reading sources: the step before parsing.

A program is one `.cap` file or a directory of `.cap` files (one package).
`use "name"` brings a standard package from `capdsl/stdlib/NAME/` or, for
any other path, a directory relative to the using file. The builtin package
(`capdsl/stdlib/builtin/`) is part of every program.

Reading never raises for a user's file: undecodable or binary input becomes
a diagnostic at the offending byte.
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
    data = path.read_bytes()
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
    """The span of the byte at `offset`, counting lines and (byte) columns."""
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return Span(name, line, col, line, col + 1)


def package_files(directory: Path) -> list[Path]:
    """The `.cap` files of a package directory, in a stable order."""
    return sorted(p for p in directory.iterdir() if p.suffix == ".cap" and p.is_file())


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
    directory = (from_dir / use.path).resolve()
    if directory.is_dir():
        return str(directory), directory, False
    return None

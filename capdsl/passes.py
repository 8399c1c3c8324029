"""The compiler's passes, in order, and the state they share.

    load -> parse -> syntax -> names -> types -> codegen

`run_passes(comp, until)` runs them in order and stops after `until` or after
the first pass that reports an error, so later passes may assume earlier
ones succeeded. `capdsl check --pass NAME` and the tests use the same table.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from capdsl import ast
from capdsl.diagnostics import Reporter
from capdsl.loader import Package, package_files, read_source, resolve_use, stdlib_package
from capdsl.messages import make
from capdsl.source import SourceFile, Span

if TYPE_CHECKING:
    from checker.program import CheckedProgram


class InternalError(Exception):
    """A compiler bug (never a user's mistake): reported in one line, exit 3."""


@dataclass
class Compilation:
    """Everything the passes know about one program."""

    target: Path
    reporter: Reporter
    packages: dict[str, Package] = field(default_factory=dict)
    root: Package | None = None
    checked: CheckedProgram | None = None
    python: dict[str, object] = field(default_factory=dict)

    def sources(self) -> dict[str, SourceFile]:
        return {s.name: s for p in self.packages.values() for s in p.sources}


@dataclass(frozen=True)
class Pass:
    name: str
    summary: str
    run: Callable[[Compilation], None]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC during a pass: the passes allocate many long-lived
    objects (trees, types) and few cycles, and with a large program every
    full collection walks them all, which made codegen grow faster than
    linearly (measured: 40,000 lines took 7x the time of 10,000)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(comp: Compilation) -> None:
    target = comp.target
    directory = target if target.is_dir() else target.parent
    root = Package(str(directory.resolve()), directory, is_stdlib=False)
    paths = package_files(target) if target.is_dir() else [target]
    if target.is_dir() and not paths:
        comp.reporter.add(make("E0003", Span(str(target), 1, 1, 1, 1), path=str(target)))
    for path in paths:
        source = read_source(path, comp.reporter)
        if source is not None:
            root.sources.append(source)
    comp.root = root
    comp.packages[root.key] = root
    comp.packages["builtin"] = stdlib_package("builtin")


def _parse_package(comp: Compilation, package: Package) -> None:
    from capdsl.parser import parse

    errors_before = comp.reporter.error_count()
    for source in package.sources:
        module = parse(source, comp.reporter)
        if module is not None:
            package.modules.append(module)
    if package.is_stdlib and comp.reporter.error_count() > errors_before:
        raise InternalError(f"the standard package {package.key} does not parse")


def _parse(comp: Compilation) -> None:
    pending = list(comp.packages.values())
    while pending:
        package = pending.pop()
        _parse_package(comp, package)
        pending.extend(_used_packages(comp, package))


def _used_packages(comp: Compilation, package: Package) -> list[Package]:
    """Packages named by `use` in `package` that are not loaded yet."""
    found: list[Package] = []
    for module in package.modules:
        for use in module.uses:
            where = Path(module.file).parent if not package.is_stdlib else package.directory
            resolved = resolve_use(use, where)
            if resolved is None:
                comp.reporter.add(make("E0006", use.span, path=use.path))
                continue
            key, directory, is_stdlib = resolved
            if key in comp.packages:
                continue
            new = stdlib_package(key) if is_stdlib else _user_package(comp, key, directory)
            comp.packages[key] = new
            found.append(new)
    return found


def _user_package(comp: Compilation, key: str, directory: Path) -> Package:
    package = Package(key, directory, is_stdlib=False)
    for path in package_files(directory):
        source = read_source(path, comp.reporter)
        if source is not None:
            package.sources.append(source)
    return package


def _syntax(comp: Compilation) -> None:
    from capdsl.syntax import check_syntax

    for package in comp.packages.values():
        for module in package.modules:
            check_syntax(module, comp.reporter)


def _names(comp: Compilation) -> None:
    from checker.program import declare_program

    comp.checked = declare_program(comp)


def _types(comp: Compilation) -> None:
    from checker.program import check_bodies

    assert comp.checked is not None
    check_bodies(comp.checked)


def _codegen(comp: Compilation) -> None:
    from capdsl.codegen import generate_program

    assert comp.checked is not None
    comp.python = {"program": generate_program(comp.checked)}


PASSES: tuple[Pass, ...] = (
    Pass("load", "read the program's source files", _load),
    Pass("parse", "build syntax trees, loading used packages", _parse),
    Pass("syntax", "reject what the grammar accepts but Pony forbids", _syntax),
    Pass("names", "declare entities, fields and methods; resolve type names", _names),
    Pass("types", "check expressions, types and reference capabilities", _types),
    Pass("codegen", "build Python modules", _codegen),
)
PASS_NAMES = tuple(p.name for p in PASSES)


def run_passes(comp: Compilation, until: str = "types") -> bool:
    """Run passes up to and including `until`; False if any reported an error."""
    for step in PASSES:
        with gc_paused():
            step.run(comp)
        if comp.reporter.has_errors():
            return False
        if step.name == until:
            break
    return True


def module_nodes(comp: Compilation) -> Iterator[tuple[Package, ast.Module]]:
    for package in comp.packages.values():
        for module in package.modules:
            yield package, module

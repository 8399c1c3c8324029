"""The standard packages' `.cap` sources against their runtime modules.

A standard-library entity is either native (no method has a body: the
runtime module named in codegen's NATIVE_MODULES implements it) or written
in `.cap` (compiled like user code); a concrete entity is never half of
each. Every native method of time and promises has an implementation that
takes the generator's positional arguments.
"""

from __future__ import annotations

import importlib
import inspect
import keyword
from pathlib import Path

import pytest

from capdsl import ast
from capdsl.codegen.module import NATIVE_MODULES
from capdsl.diagnostics import Reporter
from capdsl.loader import STDLIB_DIR, package_files
from capdsl.parser import parse
from capdsl.source import SourceFile

CONCRETE = ("class", "actor", "primitive")


def modules(package: str) -> list[ast.Module]:
    out = []
    for path in package_files(STDLIB_DIR / package):
        reporter = Reporter()
        module = parse(SourceFile(f"<{package}>/{path.name}", path.read_text("utf-8")), reporter)
        assert module is not None and not reporter.sorted(), path
        out.append(module)
    return out


PACKAGES = sorted(p.name for p in STDLIB_DIR.iterdir() if p.is_dir() and package_files(p))


def entities(package: str) -> list[ast.Entity]:
    return [e for m in modules(package) for e in m.entities if isinstance(e, ast.Entity)]


@pytest.mark.parametrize("package", PACKAGES)
def test_concrete_entities_are_all_native_or_all_cap(package: str) -> None:
    for entity in entities(package):
        if entity.kind not in CONCRETE:
            continue
        bodies = {m.body is not None for m in entity.methods}
        assert len(bodies) <= 1, f"{package}.{entity.name} mixes native and .cap methods"


def test_every_standard_package_with_natives_has_a_runtime_module() -> None:
    for package in PACKAGES:
        natives = [e for e in entities(package) if e.kind in CONCRETE and
                   not any(m.body is not None for m in e.methods)]
        if natives:
            assert package in NATIVE_MODULES, package


def _py(name: str) -> str:
    return name + "\u02bc" if keyword.iskeyword(name) else name


CASES = [
    (package, entity.kind, entity.name, method.kind, method.name, len(method.params))
    for package in ("time", "promises")
    for entity in entities(package)
    if entity.kind in CONCRETE and not any(m.body is not None for m in entity.methods)
    for method in entity.methods
]


@pytest.mark.parametrize(("package", "ekind", "entity", "mkind", "method", "nparams"), CASES,
                         ids=[f"{c[2]}.{c[4]}" for c in CASES])
def test_runtime_implements(package: str, ekind: str, entity: str, mkind: str, method: str,
                            nparams: int) -> None:
    home = importlib.import_module(f"runtime.{NATIVE_MODULES[package][1]}")
    obj = getattr(home, entity)  # a primitive's name holds its instance
    cls = type(obj) if ekind == "primitive" else obj
    fn = inspect.getattr_static(cls, _py(method), None)
    assert fn is not None, f"{entity}.{method} has no runtime implementation"
    if isinstance(fn, staticmethod):
        assert mkind == "new" and ekind != "primitive"
        inspect.signature(fn.__func__).bind(*[None] * nparams)
        return
    inspect.signature(fn).bind(*[None] * (nparams + 1))  # self, then the parameters
    if mkind == "be":
        body = inspect.getattr_static(cls, f"_b_{_py(method)}", None)
        assert body is not None, f"behaviour {entity}.{method} has no _b_ body"
        inspect.signature(body).bind(*[None] * (nparams + 1))


def test_coverage_is_not_vacuous() -> None:
    names = {f"{c[2]}.{c[4]}" for c in CASES}
    assert {"Time.nanos", "Timer.create", "Timers.apply", "Timers.cancel", "Timers.dispose",
            "Promise.apply", "Promise.reject", "Promise.next", "Promises.join"} <= names


def test_packages_are_found() -> None:
    assert {"builtin", "collections", "time", "promises"} <= set(PACKAGES)
    assert Path(STDLIB_DIR / "time" / "time.cap").is_file()

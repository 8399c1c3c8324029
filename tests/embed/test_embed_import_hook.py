"""The import hook: `import NAME` finds NAME.cap or a package directory of
.cap files on sys.path, after any Python module of that name before it."""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import COUNTER, write

import capdsl
from capdsl.embed import CapModule


@pytest.fixture
def path_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    capdsl.install_import_hook()
    yield tmp_path
    capdsl.uninstall_import_hook()
    for name in set(sys.modules) - before:
        del sys.modules[name]


def test_import_a_cap_file(path_dir: Path) -> None:
    write(path_dir, "hook_counter.cap", COUNTER)
    import hook_counter  # type: ignore[import-not-found]

    assert isinstance(hook_counter, CapModule)
    assert sys.modules["hook_counter"] is hook_counter
    assert hook_counter.__file__ == str(path_dir / "hook_counter.cap")
    assert hook_counter.__spec__.origin == hook_counter.__file__
    assert hook_counter.Util.twice(5) == 10
    from hook_counter import Box2  # type: ignore[import-not-found]

    assert Box2.create(1).sum(1) == 2
    with capdsl.Runtime() as rt:
        p = rt.promise()
        hook_counter.Counter.create(3).get(p)
        assert p.result(timeout=10) == 3


def test_import_a_package_directory(path_dir: Path) -> None:
    write(path_dir, "hook_pkg/a.cap", "primitive A\n  fun f(): U64 => B.g() + 1\n")
    write(path_dir, "hook_pkg/b.cap", "primitive B\n  fun g(): U64 => 41\n")
    import hook_pkg  # type: ignore[import-not-found]

    assert hook_pkg.A.f() == 42 and hook_pkg.__all__ == ["A", "B"]


def test_a_cap_file_inside_a_python_package(path_dir: Path) -> None:
    (path_dir / "hook_pypkg").mkdir()
    (path_dir / "hook_pypkg" / "__init__.py").write_text("X = 1\n")
    write(path_dir, "hook_pypkg/inner.cap", "primitive P\n  fun f(): U64 => 7\n")
    import hook_pypkg.inner  # type: ignore[import-not-found]

    assert hook_pypkg.inner.P.f() == 7
    assert hook_pypkg.inner.__name__ == "hook_pypkg.inner"


def test_python_modules_keep_their_place(path_dir: Path, tmp_path_factory: pytest.TempPathFactory,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    write(path_dir, "hook_both.cap", "primitive P\n  fun f(): U64 => 1\n")
    (path_dir / "hook_both.py").write_text("KIND = 'python'\n")
    import hook_both  # type: ignore[import-not-found]

    assert hook_both.KIND == "python"  # same directory: the Python module wins
    earlier = tmp_path_factory.mktemp("earlier")
    write(earlier, "hook_order.cap", "primitive P\n  fun f(): U64 => 1\n")
    (path_dir / "hook_order.py").write_text("KIND = 'python'\n")
    monkeypatch.syspath_prepend(str(earlier))
    import hook_order  # type: ignore[import-not-found]

    assert isinstance(hook_order, CapModule)  # earlier on sys.path wins
    (path_dir / "hook_real_pkg").mkdir()
    (path_dir / "hook_real_pkg" / "__init__.py").write_text("KIND = 'package'\n")
    write(path_dir, "hook_real_pkg/x.cap", "primitive P\n  fun f(): U64 => 1\n")
    import hook_real_pkg  # type: ignore[import-not-found]

    assert hook_real_pkg.KIND == "package"


def test_compile_error_on_import(path_dir: Path) -> None:
    write(path_dir, "hook_bad.cap", "actor Main\n  new create(env: Env) => nope\n")
    with pytest.raises(capdsl.CompileError, match=r"hook_bad\.cap:2"):
        import hook_bad  # type: ignore[import-not-found]  # noqa: F401
    assert "hook_bad" not in sys.modules


def test_uninstall_and_reinstall(path_dir: Path) -> None:
    write(path_dir, "hook_gone.cap", "primitive P\n  fun f(): U64 => 1\n")
    capdsl.uninstall_import_hook()
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("hook_gone")
    capdsl.install_import_hook()
    capdsl.install_import_hook()  # idempotent
    finders = [f for f in sys.meta_path if type(f).__name__ == "CapFinder"]
    assert len(finders) == 1
    assert sys.meta_path.index(finders[0]) < sys.meta_path.index(
        importlib.machinery.PathFinder)  # before namespace packages are made
    assert importlib.import_module("hook_gone").P.f() == 1


def test_reload(path_dir: Path) -> None:
    path = write(path_dir, "hook_reload.cap", "primitive P\n  fun f(): U64 => 1\n")
    import hook_reload  # type: ignore[import-not-found]

    path.write_text("primitive P\n  fun f(): U64 => 2\n")
    assert importlib.reload(hook_reload).P.f() == 2

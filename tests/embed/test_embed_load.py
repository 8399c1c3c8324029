"""capdsl.load: a program's root-package entities as a module; errors as
CompileError; packages and `use`; calling classes and primitives directly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import COUNTER, write

import capdsl
from capdsl.embed import CapModule
from runtime.errors import PonyError


def test_load_exposes_root_entities(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "counter.cap", COUNTER))
    assert isinstance(m, CapModule)
    assert m.__name__ == "counter"
    assert m.__file__ == str(tmp_path / "counter.cap")
    assert m.__all__ == ["Box2", "Counter", "Main", "Reply", "TextReply", "Util"]
    assert m.__capdsl_main__ == "Main"
    assert m.Counter.__module__ == "counter"
    assert "Counter" in dir(m) and "_send" not in dir(m)


def test_classes_and_primitives_are_called_directly(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "counter.cap", COUNTER))
    b = m.Box2.create(4)  # Pony: Box2(4)
    assert b.sum(3) == 7
    assert b.half() == 2
    assert m.Util.twice(21) == 42  # a primitive is its single instance
    with pytest.raises(PonyError):
        m.Box2.create(3).half()  # a partial method's `error` is PonyError


def test_unknown_entity_names_what_exists(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "counter.cap", COUNTER))
    with pytest.raises(AttributeError, match=r"no entity 'Nope' \(it defines: Box2, Counter"):
        m.Nope  # noqa: B018


def test_name_argument(tmp_path: Path) -> None:
    m = capdsl.load(write(tmp_path, "counter.cap", COUNTER), name="my.counter")
    assert m.__name__ == "my.counter"
    assert m.Counter.__module__ == "my.counter"


def test_each_load_is_a_fresh_module(tmp_path: Path) -> None:
    path = write(tmp_path, "counter.cap", COUNTER)
    assert capdsl.load(path).Counter is not capdsl.load(path).Counter


def test_compile_error_has_rendered_diagnostics(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.cap", """
        actor Main
          new create(env: Env) =>
            let a: String iso = recover String end
            let b: String iso = a
    """)
    with pytest.raises(capdsl.CompileError) as info:
        capdsl.load(path)
    err = info.value
    assert [d.code for d in err.diagnostics] == ["E0418"]
    text = str(err)
    assert f"{path}:4:25: error[E0418]" in text
    assert "let b: String iso = a" in text and "hint: write `consume a`" in text
    assert text.endswith(f"capdsl: {path}: 1 error")
    assert "\x1b[" not in text  # never coloured


def test_syntax_error_is_a_compile_error(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.cap", "actor Main\n  new create(env: Env) => let\n")
    with pytest.raises(capdsl.CompileError) as info:
        capdsl.load(path)
    assert info.value.diagnostics and info.value.diagnostics[0].span.file == str(path)


def test_bad_paths(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        capdsl.load(tmp_path / "missing.cap")
    (tmp_path / "x.py").write_text("")
    with pytest.raises(ValueError, match=r"not a \.cap file"):
        capdsl.load(tmp_path / "x.py")


def test_relative_path_gives_absolute_file_names(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "counter.cap", COUNTER)
    monkeypatch.chdir(tmp_path)
    m = capdsl.load("counter.cap")
    assert m.Box2.sum.__code__.co_filename == str(tmp_path / "counter.cap")


def test_package_directory_and_used_package(tmp_path: Path) -> None:
    write(tmp_path, "lib/shapes.cap", """
        class Square
          let side: U64
          new create(side': U64) => side = side'
          fun area(): U64 => side * side
    """)
    write(tmp_path, "app/one.cap", """
        use "../lib"
        primitive Areas
          fun of(side: U64): U64 => Square(side).area()
    """)
    write(tmp_path, "app/two.cap", """
        actor Main
          new create(env: Env) => env.out.print(Areas.of(3).string())
    """)
    m = capdsl.load(tmp_path / "app")
    assert m.__name__ == "app"
    assert m.__all__ == ["Areas", "Main"]  # root package only: Square is lib's
    assert m.Areas.of(5) == 25


def test_missing_ffi_function_is_a_compile_error(tmp_path: Path) -> None:
    path = write(tmp_path, "ffi.cap", """
        use @nosuchmodule_xyz.f[I64](x: I64)
        primitive P
          fun g(): I64 => @nosuchmodule_xyz.f(1)
    """)
    with pytest.raises(capdsl.CompileError, match="nosuchmodule_xyz"):
        capdsl.load(path)

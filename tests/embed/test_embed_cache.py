"""The compile cache: a hit skips the compiler, any change of a source, of a
package's file list, of capdsl or of Python misses, and a cache that can't be
written is simply not used."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from conftest import COUNTER, ROOT, write

import capdsl
from capdsl import embed
from runtime.builtins import String


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "capdsl"


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.capc")) if cache.exists() else []


def test_cold_then_warm(tmp_path: Path, cache: Path) -> None:
    path = write(tmp_path, "counter.cap", COUNTER)
    assert capdsl.load(path).__capdsl_cached__ is False
    assert len(entries(cache)) == 1
    warm = capdsl.load(path)
    assert warm.__capdsl_cached__ is True
    assert warm.Util.twice(4) == 8 and warm.__all__[0] == "Box2"


def test_a_hit_never_runs_the_compiler(tmp_path: Path, cache: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "counter.cap", COUNTER)
    capdsl.load(path)

    def no_compiling(target: Path) -> embed.Compiled:
        raise AssertionError("compiled on a cache hit")

    monkeypatch.setattr(embed, "_compile", no_compiling)
    assert capdsl.load(path).Box2.create(1).sum(2) == 3


def test_a_hit_imports_no_parser_or_checker(tmp_path: Path, cache: Path) -> None:
    """In a fresh interpreter, a warm load imports neither Lark nor the
    front end nor the checker: parsing and checking are skipped entirely."""
    path = write(tmp_path, "counter.cap", COUNTER)
    capdsl.load(path)
    script = (
        "import sys, capdsl\n"
        f"m = capdsl.load({str(path)!r})\n"
        "assert m.__capdsl_cached__\n"
        "heavy = sorted(n for n in sys.modules if n.split('.')[0] == 'lark' or n in "
        "('capdsl.parser', 'capdsl.passes', 'capdsl.codegen', 'checker.program'))\n"
        "print(heavy)\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_editing_a_source_misses(tmp_path: Path, cache: Path) -> None:
    path = write(tmp_path, "p.cap", "primitive P\n  fun f(): U64 => 1\n")
    assert capdsl.load(path).P.f() == 1
    path.write_text("primitive P\n  fun f(): U64 => 2\n")
    again = capdsl.load(path)
    assert again.__capdsl_cached__ is False and again.P.f() == 2
    assert len(entries(cache)) == 1  # one entry per program, replaced
    assert capdsl.load(path).__capdsl_cached__ is True


def test_same_content_rewritten_still_hits(tmp_path: Path, cache: Path) -> None:
    path = write(tmp_path, "p.cap", "primitive P\n  fun f(): U64 => 1\n")
    capdsl.load(path)
    os.utime(path, (1, 1))  # only the content counts, not the time
    assert capdsl.load(path).__capdsl_cached__ is True


def test_adding_a_file_to_a_package_misses(tmp_path: Path, cache: Path) -> None:
    write(tmp_path, "pkg/a.cap", "primitive A\n  fun f(): U64 => 1\n")
    assert capdsl.load(tmp_path / "pkg").__all__ == ["A"]
    write(tmp_path, "pkg/b.cap", "primitive B\n  fun f(): U64 => 2\n")
    m = capdsl.load(tmp_path / "pkg")
    assert m.__capdsl_cached__ is False and m.__all__ == ["A", "B"]


def test_editing_a_used_package_misses(tmp_path: Path, cache: Path) -> None:
    lib = write(tmp_path, "lib/l.cap", "primitive L\n  fun f(): U64 => 1\n")
    main = write(tmp_path, "app.cap", 'use "lib"\nprimitive P\n  fun g(): U64 => L.f()\n')
    assert capdsl.load(main).P.g() == 1
    lib.write_text("primitive L\n  fun f(): U64 => 5\n")
    m = capdsl.load(main)
    assert m.__capdsl_cached__ is False and m.P.g() == 5


def test_another_capdsl_or_python_misses(tmp_path: Path, cache: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "counter.cap", COUNTER)
    capdsl.load(path)
    monkeypatch.setattr(embed, "compiler_fingerprint", lambda: "another capdsl")
    assert capdsl.load(path).__capdsl_cached__ is False
    monkeypatch.setattr(embed, "_python_tag", lambda: "cpython-399")
    assert capdsl.load(path).__capdsl_cached__ is False
    assert len(entries(cache)) == 3


def test_compiler_fingerprint_follows_its_files() -> None:
    fingerprint = embed.compiler_fingerprint()
    assert fingerprint == embed.compiler_fingerprint()
    embed.compiler_fingerprint.cache_clear()
    target = Path(embed.__file__)
    st = target.stat()
    try:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert embed.compiler_fingerprint() != fingerprint
    finally:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
        embed.compiler_fingerprint.cache_clear()
    assert embed.compiler_fingerprint() == fingerprint


def test_corrupt_entry_is_recompiled(tmp_path: Path, cache: Path) -> None:
    path = write(tmp_path, "counter.cap", COUNTER)
    capdsl.load(path)
    (entry,) = entries(cache)
    entry.write_bytes(b"\x00garbage")
    assert capdsl.load(path).__capdsl_cached__ is False
    assert marshal.loads(entry.read_bytes())["format"] == embed.CACHE_FORMAT


def test_unwritable_cache_falls_back_to_no_cache(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")  # the cache directory would have to be below a file
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = write(tmp_path, "counter.cap", COUNTER)
    assert capdsl.load(path).Util.twice(2) == 4
    assert capdsl.load(path).__capdsl_cached__ is False


def test_cache_can_be_turned_off(tmp_path: Path, cache: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "counter.cap", COUNTER)
    capdsl.load(path, cache=False)
    assert entries(cache) == []
    monkeypatch.setenv("CAPDSL_NO_CACHE", "1")
    capdsl.load(path)
    assert entries(cache) == [] and embed.cache_dir() is None


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert embed.cache_dir() == tmp_path / ".cache" / "capdsl" / "programs-1"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the spec: absolute only
    assert embed.cache_dir() == tmp_path / ".cache" / "capdsl" / "programs-1"


def test_errors_are_not_cached(tmp_path: Path, cache: Path) -> None:
    path = write(tmp_path, "bad.cap", "actor Main\n  new create(env: Env) => nope\n")
    for _ in range(2):
        with pytest.raises(capdsl.CompileError):
            capdsl.load(path)
    assert entries(cache) == []


def test_cached_code_keeps_cap_positions(tmp_path: Path, cache: Path) -> None:
    """The cache stores code objects, so a warm load's tracebacks name the
    `.cap` file and line as a cold one's do."""
    path = write(tmp_path, "parse.cap", """
        use @int[I64](s: String)
        primitive Parse
          fun number(s: String): I64 =>
            @int(s)
    """)
    for cached in (False, True):
        m = capdsl.load(path)
        assert m.__capdsl_cached__ is cached
        with pytest.raises(ValueError) as info:
            m.Parse.number(String("twelve"))
        frames = traceback.extract_tb(info.value.__traceback__)
        cap = [(f.filename, f.lineno, f.name, f.line) for f in frames
               if f.filename.endswith(".cap")]
        assert cap == [(str(path), 4, "number", "@int(s)")]

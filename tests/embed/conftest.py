"""Embedding tests: each test gets an empty scheduler, no running Runtime and
no import hook afterwards; the compile cache lives in the session's temporary
directory (never the user's), shared by the tests so warm loads stay warm."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from capdsl.embed import uninstall_import_hook  # noqa: E402
from runtime import driver, embed  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    monkeypatch.delenv("CAPDSL_NO_CACHE", raising=False)
    yield
    leftover = embed._Active.runtime
    if leftover is not None:
        leftover.stop(timeout=10)
    uninstall_import_hook()
    driver.reset()
    assert leftover is None, "a test left its capdsl.Runtime running"


def write(directory: Path, name: str, source: str) -> Path:
    """Write a dedented `.cap` source file and return its path."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return path


COUNTER = """
    // A counter that Python drives.
    interface tag Reply
      be apply(value: U64)

    interface tag TextReply
      be apply(value: String)

    actor Counter
      var _n: U64

      new create(start: U64) =>
        _n = start

      new from_ten() =>
        _n = 10

      be inc(by: U64) =>
        _n = _n + by

      be get(reply: Reply) =>
        reply(_n)

      be greet(name: String, reply: TextReply) =>
        reply("hello " + name + " " + name.size().string())

    class Box2
      var a: U64
      new create(a': U64) => a = a'
      fun sum(b: U64): U64 => a + b
      fun half(): U64 ? =>
        if (a % 2) == 1 then error end
        a / 2

    primitive Util
      fun twice(x: U64): U64 => x * 2

    type Num is (U8 | U64)

    actor Main
      new create(env: Env) =>
        env.out.print("main: " + env.args.size().string() + " args")
        try env.exitcode(env.args(1)?.u8()?.i32()) end
"""

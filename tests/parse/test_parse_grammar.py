"""The grammar and the parser object: conflict-free LALR tables, a builder
callback for every rule, and a disk cache outside the install directory."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from lark import Lark
from lark.exceptions import LexError
from parse_support import ROOT

from capdsl.ast_builder import AstBuilder

GRAMMAR = resources.files("capdsl").joinpath("grammar.lark").read_text(encoding="utf-8")


def test_grammar_has_no_lalr_conflicts() -> None:
    """Strict mode rejects any shift/reduce or reduce/reduce conflict; its
    later regex-collision check needs `interegular`, which may be absent."""
    try:
        Lark(GRAMMAR, parser="lalr", strict=True)
    except LexError as e:
        assert "interegular" in str(e)


def test_every_rule_has_a_builder_callback() -> None:
    lark = Lark(GRAMMAR, parser="lalr", maybe_placeholders=True)
    missing = set()
    for rule in lark.rules:
        name = rule.alias or rule.origin.name
        kept = [s for s in rule.expansion if not (s.is_term and s.name.startswith("_"))]
        inlined = rule.options.expand1 and len(kept) == 1
        if not name.startswith("_") and not inlined and not hasattr(AstBuilder, name):
            missing.add(name)
    assert missing == set()


SCRIPT = """
from capdsl.diagnostics import Reporter
from capdsl.parser import parse
from capdsl.source import SourceFile
m = parse(SourceFile("a.cap", "actor Main\\n  new create(env: Env) => None\\n"), Reporter())
print("ok" if m is not None else "failed")
"""


def run_parser(cache_home: Path) -> str:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_grammar_cache_goes_to_the_user_cache_directory(tmp_path: Path) -> None:
    package = ROOT / "capdsl"
    before = set(package.iterdir())
    assert run_parser(tmp_path) == "ok"
    cached = list((tmp_path / "capdsl").glob("grammar-*.lark-cache"))
    assert len(cached) == 1 and cached[0].stat().st_size > 0
    assert run_parser(tmp_path) == "ok"  # from the cache this time
    assert set(package.iterdir()) - before <= {package / "__pycache__"}


def test_parser_works_without_a_usable_cache_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    assert run_parser(blocker / "cache") == "ok"


@pytest.mark.parametrize("name", ["grammar.lark"])
def test_grammar_ships_with_the_package(name: str) -> None:
    assert (ROOT / "capdsl" / name).is_file()

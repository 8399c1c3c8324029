"""Property tests: whatever the input, `parse` and `check_syntax` return
(no exception, no hang), and a failed parse always says where."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parse_support import HERE, SHARED

from capdsl.diagnostics import Reporter
from capdsl.parser import parse
from capdsl.source import SourceFile
from capdsl.syntax import check_syntax

SEEDS = sorted([*SHARED.glob("conformance/*/*.cap"), *(HERE / "cases").glob("*.cap"),
                *(HERE / "errors").glob("*.cap")])
PROGRAMS = [p.read_text(encoding="utf-8") for p in SEEDS if p.stat().st_size < 6000]
TOKEN = re.compile(r"\s+|\w+'*|\"(?:\\.|[^\"\\])*\"|.", re.S)
SNIPPETS = [
    "(", ")", "[", "]", "{", "}", "end", "if", "then", "else", "match", "|", "=>", "fun",
    "be", "new", "class", "actor", "let", "var", "=", "==", ";", "\n", "-", "-~", "?",
    ".", ".>", "@", "\"", "\"\"\"", "'", "/*", "*/", "//", "\\likely\\", "\\", "0x", "1_",
    "recover", "consume", "object", "try", "error", "return", "where", "as", "is", ",",
    ":", "->", "^", "!", "#read", "iso", "this", "_", "1.5e", "'ab", "é", "\t", "$",
]
SETTINGS = settings(max_examples=int(os.environ.get("CAPDSL_FUZZ_EXAMPLES", "120")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def run(text: str) -> None:
    """Parse and check `text`: no exception, quick, and errors located."""
    start = time.monotonic()
    reporter = Reporter()
    module = parse(SourceFile("fuzz.cap", text), reporter)
    if module is not None:
        check_syntax(module, reporter)
    else:
        assert reporter.has_errors()
    assert all(d.span.line >= 1 and d.span.col >= 1 for d in reporter)
    assert time.monotonic() - start < 10


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A seed program with a few tokens or characters deleted, inserted or
    duplicated."""
    text = draw(st.sampled_from(PROGRAMS))
    parts = tokens(text) if draw(st.booleans()) else list(text)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(len(parts) - 1, 0)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        if action == "delete" and parts:
            del parts[i:i + draw(st.integers(1, 3))]
        elif action == "insert":
            parts.insert(i, draw(st.sampled_from(SNIPPETS) | st.text(max_size=3)))
        elif action == "duplicate" and parts:
            parts[i:i] = parts[i:i + draw(st.integers(1, 8))]
        elif parts:
            j = draw(st.integers(0, len(parts) - 1))
            parts[i], parts[j] = parts[j], parts[i]
    return "".join(parts)


def test_seed_programs_exist() -> None:
    assert len(PROGRAMS) > 10


@SETTINGS
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    run(text)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    run(data.decode("utf-8", errors="replace"))
    run(data.decode("latin-1"))


@SETTINGS
@given(st.lists(st.sampled_from(SNIPPETS) | st.sampled_from(["x", "1", "U8", " ", "\n  "]),
                max_size=60))
def test_token_soup(parts: list[str]) -> None:
    run(" ".join(parts))


@SETTINGS
@given(mutated())
def test_mutated_programs(text: str) -> None:
    run(text)


@SETTINGS
@given(st.sampled_from(PROGRAMS), st.integers(0, 10_000))
def test_truncated_programs(text: str, cut: int) -> None:
    run(text[:cut % (len(text) + 1)])


def test_no_shared_folder_needed_for_seeds() -> None:
    assert any(Path(p).parent.name == "cases" for p in SEEDS)

"""The syntax pass, data-driven: each program in `errors/` marks the lines
where `parse` and `check_syntax` must report, with the codes (`//~ E0114`);
no other line may get a diagnostic."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from parse_support import HERE, check_text, parse_ok, program

from capdsl import ast
from capdsl.diagnostics import Reporter
from capdsl.source import Span
from capdsl.syntax import MAX_DEPTH, check_syntax

CASES = sorted((HERE / "errors").glob("*.cap"))
MARK = re.compile(r"//~((?:\s+E\d{4})+)")


def marks(text: str) -> Counter[tuple[int, str]]:
    found: Counter[tuple[int, str]] = Counter()
    for i, line in enumerate(text.split("\n"), 1):
        if m := MARK.search(line):
            found.update((i, code) for code in m.group(1).split())
    return found


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_syntax_errors_on_marked_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _, diags = check_text(text, path.name)
    got = Counter((d.span.line, d.code) for d in diags)
    assert sorted(got.elements()) == sorted(marks(text).elements()), \
        [f"{d.span} {d.code} {d.message}" for d in diags]


def test_mixed_operators_span_and_hint() -> None:
    _, diags = check_text(program("    let x = a == b and c == d\n"))
    [diag] = diags
    assert (diag.span.line, diag.span.col, diag.span.end_col) == (3, 13, 30)
    assert diag.message == "mixing `and` and `==` needs parentheses"
    assert diag.hint == "write `(a == b) and (c == d)`"


def test_mixed_operators_hint_keeps_left_to_right_for_equal_ranks() -> None:
    _, diags = check_text(program("    let x = a - b + c * d.e(1)\n"))
    assert [d.hint for d in diags] == ["write `(a - b) + (c * d.e(…))`"]


def test_unreachable_code_is_reported_at_the_first_dead_expression() -> None:
    _, diags = check_text("primitive P\n  fun f(): U32 =>\n    return 1\n    2\n    3\n")
    assert [(d.code, d.span.line, d.span.col) for d in diags] == [("E0116", 4, 5)]


def test_the_standard_library_may_omit_native_bodies() -> None:
    text = "primitive U8\n  fun add(y: U8): U8\n"
    module = parse_ok(text)
    stdlib = HERE.parents[1] / "capdsl" / "stdlib" / "builtin" / "numbers.cap"
    for name, wanted in ((str(stdlib), []), ("user.cap", ["E0121"])):
        reporter = Reporter()
        check_syntax(ast.Module(module.span, name, None, (), (), module.entities), reporter)
        assert [d.code for d in reporter] == wanted


def test_deep_tree_is_reported_once_without_recursion() -> None:
    span = Span("deep.cap", 3, 5, 3, 6)
    expr: ast.Expr = ast.NameRef(span, "x")
    for _ in range(20 * MAX_DEPTH):
        expr = ast.UnaryOp(span, "-", expr)
    method = ast.Method(span, "fun", None, "f", span, (), (), None, False,
                        ast.Seq(span, (expr,)))
    entity = ast.Entity(span, "primitive", None, "P", span, (), None, (), (method,))
    reporter = Reporter()
    check_syntax(ast.Module(span, "deep.cap", None, (), (), (entity,)), reporter)
    assert [d.code for d in reporter] == ["E0004"]

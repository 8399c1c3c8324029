"""Syntax errors: friendly words, several errors per run, recovery, limits,
the examples of every E01xx code, and no exception on deep nesting."""

from __future__ import annotations

import gc

import pytest
from parse_support import check_text, parse_text, program

from capdsl.messages import CODES
from capdsl.parser import MAX_ERRORS

SEVERAL = """\
actor Main
  new create(env: Env) =>
    let a = (1 + )
    let b = 2

  fun f(x: U32): U32
    x + 1

  fun g() =>
    while a < 3
      a = a + 1
    end

  be h() =>
    if x then
      None

  be k() =>
    let c = [1, 2]
    let d = 3 $ 4
    foo(a where b == 2)
"""


def codes_and_lines(text: str) -> list[tuple[int, str]]:
    _, diags = parse_text(text)
    return [(d.span.line, d.code) for d in diags]


def test_several_independent_errors_in_one_run() -> None:
    assert codes_and_lines(SEVERAL) == [
        (3, "E0101"), (7, "E0103"), (12, "E0105"), (18, "E0102"), (19, "E0101"),
        (20, "E0106"), (21, "E0101"),
    ]


def test_messages_say_what_was_found_and_expected_in_words() -> None:
    module, diags = parse_text(SEVERAL)
    assert module is None
    text = {d.span.line: d for d in diags}
    assert text[3].message == "expected an expression, found `)`"
    assert (text[3].span.col, text[3].span.end_col) == (18, 19)
    assert text[7].message == "expected `=>` before the body of `f`, found the name `x`"
    assert text[12].message == "expected `do` after the condition of this `while`, found `end`"
    assert text[18].message == "expected `end` to close the `if` on line 15, found `be`"
    assert [(lab.span.line, lab.span.col) for lab in text[18].labels] == [(15, 5)]
    assert text[19].hint is not None and "`;`" in text[19].hint
    assert text[20].message == "unexpected character `$`"
    assert text[21].message == "expected `=`, found `==`"
    assert text[21].hint is not None and "`==` compares" in text[21].hint


def test_missing_end_at_the_end_of_the_file() -> None:
    _, diags = parse_text(program("    match x\n    | 1 => None\n"))
    assert [d.code for d in diags] == ["E0102"]
    assert "found the end of the file" in diags[0].message
    assert [(lab.span.line, lab.span.col) for lab in diags[0].labels] == [(3, 5)]


def test_missing_then_points_at_the_if() -> None:
    _, diags = parse_text(program("    if a\n      b\n    end\n"))
    assert [(d.code, d.span.line) for d in diags] == [("E0104", 5)]
    assert [lab.span.line for lab in diags[0].labels] == [3]


def test_missing_closing_parenthesis() -> None:
    _, diags = parse_text(program("    foo(1, 2\n  fun g() => None\n"))
    assert [(d.code, d.span.line) for d in diags] == [("E0102", 4)]
    assert "`)`" in diags[0].message


def test_code_after_continue_is_unreachable() -> None:
    _, diags = parse_text(program("    while true do\n      continue\n      foo()\n    end\n"))
    assert [(d.code, d.span.line) for d in diags] == [("E0116", 5)]


def test_parenthesis_first_on_a_line_hint() -> None:
    _, diags = parse_text(program("    let x = foo\n      (1, 2) + 3 = 4 + =\n"))
    assert diags and diags[0].code == "E0101"


def test_a_cascade_is_reported_once() -> None:
    assert codes_and_lines(program("    let x = (1 + + + * )\n")) == [(3, "E0101")]


def test_errors_are_capped() -> None:
    text = program("".join(f"    let x{i} = 1 $\n" for i in range(40)))
    _, diags = parse_text(text)
    assert len(diags) == MAX_ERRORS


def test_builder_problems_before_the_first_syntax_error_are_kept() -> None:
    text = program("    let a = 1 let b = 2\n    let c = (1 + )\n")
    assert codes_and_lines(text) == [(3, "E0112"), (4, "E0101")]


def test_gc_is_restored_after_a_parse() -> None:
    assert gc.isenabled()
    parse_text(program("    let x = 1\n"))
    assert gc.isenabled()
    parse_text(program("    let x = (1 + )\n"))
    assert gc.isenabled()
    gc.disable()
    try:
        parse_text(program("    let x = 1\n"))
        assert not gc.isenabled()
    finally:
        gc.enable()


# ------------------------------------------------------------------ E01xx examples

SYNTAX_CODES = sorted(code for code in CODES if code.startswith("E01"))


def test_every_syntax_code_has_an_example_a_fix_and_a_summary() -> None:
    assert len(SYNTAX_CODES) >= 30
    for code in SYNTAX_CODES:
        entry = CODES[code]
        assert entry.example and entry.fix and entry.summary, code


@pytest.mark.parametrize("code", SYNTAX_CODES)
def test_example_fails_with_its_code_and_fix_is_clean(code: str) -> None:
    entry = CODES[code]
    _, diags = check_text(entry.example, "example.cap")
    assert code in [d.code for d in diags], [f"{d.code} {d.message}" for d in diags]
    module, fixed = check_text(entry.fix, "fix.cap")
    assert module is not None and fixed == []


# ------------------------------------------------------------------ deep nesting

N = 5000
DEEP = {
    "parentheses": "let x = " + "(" * N + "1" + ")" * N,
    "ifs": "if a then " * N + "1" + " end" * N,
    "calls": "f(" * N + "1" + ")" * N,
    "arrays": "[" * N + "1" + "]" * N,
    "lambdas": "{() => " * N + "1" + "}" * N,
    "unclosed": "(" * N,
    "types": "let x: " + "(" * N + "U8" + ")" * N + " = 1",
    "sum": "let x = " + " + ".join(["1"] * N),
    "elseifs": "if a then 1 " + "elseif b then 2 " * N + "end",
    "dots": "x" + ".y" * N,
    "nots": "not " * N + "x",
    "assignments": " = ".join(["a"] * N),
    "sequence": "; ".join(["a"] * N),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_is_reported_not_raised(name: str) -> None:
    text = program(f"    {DEEP[name]}\n")
    _, diags = check_text(text)
    if name == "sequence":
        assert diags == []  # long, but flat
    else:
        assert [d.code for d in diags] == ["E0004"]
        assert diags[0].span.line == 3


def test_problems_found_while_building_are_capped_too() -> None:
    _, diags = parse_text(program("".join(f"    let x{i} = 1 2\n" for i in range(40))))
    assert [d.code for d in diags] == ["E0112"] * MAX_ERRORS

"""Lexical rules: comments, the newline rule, literals, docstrings, keywords."""

from __future__ import annotations

import pytest
from parse_sketch import sketch
from parse_support import body_of, parse_ok, parse_text, program

from capdsl import ast
from capdsl.lexing import blank_comments, decode_char, decode_number, decode_string

# ------------------------------------------------------------------ comments


def test_blanking_keeps_every_line_and_column() -> None:
    text = 'a /* x /* y */\n z */ b // c\n"// s" \'/\' d'
    blanked = blank_comments(text)
    assert blanked.problem is None
    assert len(blanked.text) == len(text)
    assert blanked.text.split("\n") == ["a" + " " * 13, "      b     ", '"// s" \'/\' d']
    assert blanked.comment_ends == [text.index("*/ b") + 2]


@pytest.mark.parametrize(("text", "code", "start"), [
    ('x = "abc', "E0107", 4),
    ('x = """abc""', "E0107", 4),
    ("x = 'a", "E0111", 4),
    ("x /* a /* b */", "E0108", 2),
])
def test_unterminated_literals_and_comments(text: str, code: str, start: int) -> None:
    problem = blank_comments(text).problem
    assert problem is not None and problem[:2] == (code, start)


def test_unterminated_string_is_reported_at_its_quote() -> None:
    module, diags = parse_text(program('    let s = "abc\n    let t = 1\n'))
    assert module is None
    assert [(d.code, d.span.line, d.span.col) for d in diags] == [("E0107", 3, 13)]


def test_unterminated_comment_is_reported_at_its_start() -> None:
    _, diags = parse_text("actor Main\n  /* one /* two */\n  new create(env: Env) => None\n")
    assert [(d.code, d.span.line, d.span.col) for d in diags] == [("E0108", 2, 3)]


def test_nested_comment_inside_an_expression() -> None:
    mod = parse_ok(program("    let x = 1 /* one /* two */ three */ + 2\n"))
    assert sketch(body_of(mod)[0]) == "(= (let x) (+ 1 2))"


# ------------------------------------------------------------------ the newline rule


def test_block_comment_after_newline_cancels_it_as_in_ponyc() -> None:
    mod = parse_ok(program("    foo\n    /* c */ (1, 2)\n"))
    assert [sketch(e) for e in body_of(mod)] == ["(call foo 1 2)"]


def test_minus_first_on_a_line_is_unary() -> None:
    mod = parse_ok(program("    let a = b\n    -c\n"))
    assert [sketch(e) for e in body_of(mod)] == ["(= (let a) b)", "(- c)"]


def test_square_bracket_first_on_a_line_starts_an_array() -> None:
    mod = parse_ok(program("    x\n    [1]\n"))
    assert [sketch(e) for e in body_of(mod)] == ["x", "(array 1)"]


def test_type_arguments_must_be_on_the_same_line() -> None:
    mod = parse_ok(program("    let a: Array\n      [U8] = 1\n"))
    assert [sketch(e) for e in body_of(mod)] == ["(let a: Array)", "(= (array U8) 1)"]


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(("text", "value"), [
    ("0", 0), ("42", 42), ("1_000", 1000), ("0xff", 255), ("0XFF", 255), ("0x_F_F", 255),
    ("0b101", 5), ("0B1_0", 2), ("0x1e", 30), ("1.5", 1.5), ("1e3", 1000.0),
    ("1.5e+3", 1500.0), ("2E-2", 0.02), ("1_0.2_5", 10.25), (str(2**128 - 1), 2**128 - 1),
])
def test_numbers(text: str, value: int | float) -> None:
    got, problem = decode_number(text)
    assert problem is None
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(("text", "words"), [
    ("1__0", "`__`"), ("1_", "end with `_`"), ("0x", "no digits"), ("0b12", "`2`"),
    ("12abc", "`a`"), ("1e", "no digits"), ("1.5ex", "`x`"), ("0xFG", "`G`"),
    (str(2**128), "128 bits"),
])
def test_malformed_numbers(text: str, words: str) -> None:
    value, problem = decode_number(text)
    assert value == 0 and problem is not None and words in problem


def test_malformed_number_is_a_syntax_error_at_the_number() -> None:
    _, diags = parse_text(program("    let x = 0b102\n"))
    assert [(d.code, d.span.col, d.span.end_col) for d in diags] == [("E0110", 13, 18)]


# ------------------------------------------------------------------ strings and characters


def test_string_escapes() -> None:
    value, triple, problems = decode_string(r'"\a\b\e\f\n\r\t\v\\\0\"\x41\u00e9\U01F600"')
    assert value == "\a\b\x1b\f\n\r\t\v\\\0\"A\u00e9\U0001F600"
    assert not triple and problems == []


@pytest.mark.parametrize("escape", [r"\q", r"\'", r"\x4", r"\u12", r"\U11FFFF", r"\uD800"])
def test_invalid_string_escapes(escape: str) -> None:
    _, _, problems = decode_string(f'"ab{escape}"')
    assert [(offset, code) for offset, _, code, _ in problems] == [(3, "E0109")]


def test_invalid_escape_is_reported_where_it_is() -> None:
    _, diags = parse_text(program('    let s = "ok\\qno"\n'))
    assert [(d.code, d.span.line, d.span.col, d.span.end_col) for d in diags] == \
        [("E0109", 3, 16, 18)]


@pytest.mark.parametrize(("text", "value"), [
    ("'a'", 97), ("'\\n'", 10), ("'\\''", 39), ("'\\x7f'", 127), ("'\\xff'", 255),
    ("'ab'", 0x6162), ("'é'", 0xC3A9), ("'\\0'", 0),
])
def test_character_literals(text: str, value: int) -> None:
    assert decode_char(text) == (value, [])


@pytest.mark.parametrize("text", ["'\\\"'", "'\\u0041'"])
def test_escapes_that_only_strings_have(text: str) -> None:
    _, problems = decode_char(text)
    assert [p[2] for p in problems] == ["E0109"]


def test_empty_character_literal() -> None:
    _, diags = parse_text(program("    let c = ''\n"))
    assert [d.code for d in diags] == ["E0127"]


@pytest.mark.parametrize(("raw", "value"), [
    ('"""abc"""', "abc"),
    ('"""\n  a\n    b\n  """', "a\n  b\n"),
    ('"""\n\ta\n\tb"""', "a\nb"),
    ('"""\n  a\n\n  b\n"""', "a\n\nb\n"),
    ('"""x""""', 'x"'),
    ('"""\\n"""', "\\n"),
])
def test_triple_quoted_strings(raw: str, value: str) -> None:
    assert decode_string(raw) == (value, True, [])


def test_triple_quoted_text_on_the_first_line_of_several() -> None:
    _, diags = parse_text(program('    let s = """one\n      two"""\n'))
    assert [(d.code, d.span.line, d.span.col) for d in diags] == [("E0118", 3, 13)]


# ------------------------------------------------------------------ docstrings


DOCS = '''"""The module."""
class C
  """The class."""
  let f: U8 = 1 "The field."

  fun a(): U8 =>
    """The method."""
    1

  fun b(): String => "not a docstring: the only expression"

  fun c(): String
    "An abstract method's docstring."
'''


def test_docstrings_are_kept_and_not_left_in_bodies() -> None:
    mod = parse_ok(DOCS)
    assert mod.docstring == "The module."
    cls = mod.entities[0]
    assert isinstance(cls, ast.Entity) and cls.docstring == "The class."
    assert cls.fields[0].docstring == "The field."
    a, b, c = cls.methods
    assert a.docstring == "The method."
    assert a.body is not None and [sketch(e) for e in a.body.exprs] == ["1"]
    assert a.body.span.line == 8
    assert b.docstring is None
    assert b.body is not None and isinstance(b.body.exprs[0], ast.StringLit)
    assert c.docstring == "An abstract method's docstring." and c.body is None


def test_docstring_before_the_arrow_of_a_body_is_an_error() -> None:
    _, diags = parse_text('primitive P\n  fun f(): U8 "Doc." => 1\n')
    assert [d.code for d in diags] == ["E0126"]


# ------------------------------------------------------------------ names and keywords


def test_keywords_are_not_names() -> None:
    _, diags = parse_text(program("    let end = 1\n"))
    assert diags and diags[0].code == "E0101" and "found `end`" in diags[0].message


def test_names_may_contain_keywords_and_primes() -> None:
    mod = parse_ok(program("    let end' = if' + endif + iso_x + x''\n"))
    assert sketch(body_of(mod)[0]) == "(= (let end') (+ (+ (+ if' endif) iso_x) x''))"


@pytest.mark.parametrize("word", ["struct", "ifdef", "iftype", "with", "addressof", "__loc",
                                  "compile_intrinsic", "compile_error"])
def test_pony_keywords_outside_the_subset(word: str) -> None:
    _, diags = parse_text(program(f"    let {word} = 1\n"))
    assert diags[0].code == "E0117" and f"`{word}`" in diags[0].message


def test_annotation_only_after_a_keyword() -> None:
    _, diags = parse_text(program("    let x = a \\likely\\ + b\n"))
    assert diags and diags[0].code == "E0106" and diags[0].span.col == 15

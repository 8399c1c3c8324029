"""Spans: each node starts at its first token (keywords included) and ends
just past its last one, in the file the source was given."""

from __future__ import annotations

from parse_support import body_of, parse_ok

from capdsl import ast
from capdsl.source import Span

TEXT = """\
actor Main
  new create(env: Env) =>
    let total = f(1, 2)?
    if total > 3 then
      env.out.print("big")
    elseif total > 1 then
      None
    else
      None
    end
    (a + b)

  fun helper(x: U32): U32 => x * 2
"""


def span(line: int, col: int, end_line: int, end_col: int) -> Span:
    return Span("spans.cap", line, col, end_line, end_col)


def module() -> ast.Module:
    from parse_support import parse_text

    mod, diags = parse_text(TEXT, "spans.cap")
    assert mod is not None and not diags
    return mod


def test_entity_and_method_spans() -> None:
    main = module().entities[0]
    assert isinstance(main, ast.Entity)
    assert main.span == span(1, 1, 13, 35)
    assert main.name_span == span(1, 7, 1, 11)
    create, helper = main.methods
    assert create.span == span(2, 3, 11, 12)
    assert helper.span == span(13, 3, 13, 35)
    assert helper.name_span == span(13, 7, 13, 13)
    assert helper.params[0].span == span(13, 14, 13, 20)


def test_call_spans_from_callee_to_question_mark() -> None:
    assign = body_of(module())[0]
    assert isinstance(assign, ast.Assign)
    assert assign.span == span(3, 5, 3, 25)
    assert isinstance(assign.target, ast.Local) and assign.target.span == span(3, 5, 3, 14)
    call = assign.value
    assert isinstance(call, ast.Call) and call.partial
    assert call.span == span(3, 17, 3, 25)
    assert call.callee.span == span(3, 17, 3, 18)
    assert [a.span for a in call.args] == [span(3, 19, 3, 20), span(3, 22, 3, 23)]


def test_if_spans_from_if_to_end_and_elseif_inside() -> None:
    cond = body_of(module())[1]
    assert isinstance(cond, ast.If)
    assert cond.span == span(4, 5, 10, 8)
    assert cond.cond.span == span(4, 8, 4, 17)
    assert cond.then.span == span(5, 7, 5, 27)
    elseif = cond.orelse
    assert isinstance(elseif, ast.If) and elseif.is_elseif
    assert elseif.span == span(6, 5, 9, 11)
    assert isinstance(elseif.orelse, ast.Seq) and elseif.orelse.span == span(9, 7, 9, 11)


def test_parenthesised_binop_spans_its_parentheses_and_is_grouped() -> None:
    grouped = body_of(module())[2]
    assert isinstance(grouped, ast.BinOp) and grouped.grouped
    assert grouped.span == span(11, 5, 11, 12)
    assert grouped.left.span == span(11, 6, 11, 7)


def test_module_spans_the_file_and_names_it() -> None:
    mod = module()
    assert mod.file == "spans.cap"
    assert (mod.span.line, mod.span.col) == (1, 1)
    assert mod.span.end_line == TEXT.count("\n") + 1


def test_multiline_string_token_span() -> None:
    mod = parse_ok('actor Main\n  new create(env: Env) =>\n    let s = """\n      x\n      """\n')
    assign = body_of(mod)[0]
    assert isinstance(assign, ast.Assign)
    assert (assign.value.span.line, assign.value.span.col) == (3, 13)
    assert (assign.value.span.end_line, assign.value.span.end_col) == (5, 10)


def test_columns_count_code_points_after_non_ascii_text() -> None:
    mod = parse_ok('actor Main\n  new create(env: Env) =>\n    let s = "héé"; let t = 1\n')
    second = body_of(mod)[1]
    assert second.span.col == 20

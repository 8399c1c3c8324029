"""The diagnostic renderers, in process: text (header, source excerpt,
carets, labels, notes, hint, colour) and JSON lines."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from capdsl.diagnostics import Diagnostic, Label, Note, Severity
from capdsl.messages import make
from capdsl.render import MAX_LINE, TextRenderer, layout, to_json, use_colour
from capdsl.source import SourceFile, Span
from tests.harness import compile_text, errors

ANSI = re.compile(r"\x1b\[[0-9;]*m")

PROGRAM = 'actor Main\n  new create(env: Env) =>\n    let x: U32 = "text"\n'


def source(text: str, name: str = "p.cap") -> dict[str, SourceFile]:
    return {name: SourceFile(name, text)}


def diag(span: Span, *, labels: tuple[Label, ...] = (), notes: tuple[Note, ...] = (),
         hint: str | None = None, message: str = "something is wrong") -> Diagnostic:
    return Diagnostic("E0301", Severity.ERROR, message, span, labels, notes, hint)


def render(text: str, d: Diagnostic, colour: bool = False) -> list[str]:
    return TextRenderer(source(text), colour).render(d).split("\n")


def caret_run(line: str, marker: str = "^") -> tuple[int, int]:
    """Start and length of the run of `marker` on a rendered caret line,
    relative to the start of the source text (after `| `)."""
    body = line.split("|", 1)[1][1:]
    start = body.index(marker)
    length = len(body[start:]) - len(body[start:].lstrip(marker))
    return start, length


def source_line(line: str) -> str:
    return line.split("|", 1)[1][1:]


# ---------------------------------------------------------------- text layout


def test_header_source_line_and_carets_under_the_span() -> None:
    lines = render(PROGRAM, diag(Span("p.cap", 3, 18, 3, 24)))
    assert lines[0] == "p.cap:3:18: error[E0301]: something is wrong"
    assert lines[1] == "  |"
    assert lines[2] == '3 |     let x: U32 = "text"'
    start, length = caret_run(lines[3])
    shown = source_line(lines[2])
    assert shown[start:start + length] == '"text"'
    assert len(lines) == 4


def test_real_type_error_points_at_the_offending_expression(tmp_path: Path) -> None:
    comp, ok = compile_text(PROGRAM, tmp_path)
    assert not ok
    [d] = errors(comp)
    lines = TextRenderer(comp.sources(), False).render(d).split("\n")
    assert lines[0].startswith(f"{tmp_path / 'prog.cap'}:3:18: error[E0301]: ")
    start, length = caret_run(lines[3])
    assert source_line(lines[2])[start:start + length] == '"text"'


def test_labels_notes_and_hint() -> None:
    text = "line one\nsecond line here\nthird\n"
    d = diag(Span("p.cap", 2, 8, 2, 12), labels=(Label(Span("p.cap", 1, 6, 1, 9), "see this"),),
             notes=(Note("plain note"), Note("note with a place", Span("p.cap", 3, 1, 3, 6))),
             hint="do it differently")
    lines = render(text, d)
    assert lines[0] == "p.cap:2:8: error[E0301]: something is wrong"
    assert source_line(lines[2]) == "second line here"
    start, length = caret_run(lines[3])
    assert source_line(lines[2])[start:start + length] == "line"
    # the label: its line, dashes under "one" and the label's text
    label_source = lines.index("1 | line one")
    start, length = caret_run(lines[label_source + 1], "-")
    assert "line one"[start:start + length] == "one"
    assert lines[label_source + 1].endswith("--- see this")
    assert "  = note: plain note" in lines
    assert "  = note: note with a place (p.cap:3:1)" in lines
    assert lines[-1] == "  = hint: do it differently"


def test_label_in_another_file_names_it() -> None:
    sources = {**source("aaa\n", "a.cap"), **source("bbb\n", "b.cap")}
    d = diag(Span("a.cap", 1, 1, 1, 4), labels=(Label(Span("b.cap", 1, 2, 1, 3), "there"),))
    out = TextRenderer(sources, False).render(d)
    assert "--> b.cap:1:2" in out
    assert "1 | bbb" in out


def test_gutter_is_as_wide_as_the_largest_line_number() -> None:
    text = "\n".join(f"l{i}" for i in range(1, 120)) + "\n"
    d = diag(Span("p.cap", 115, 1, 115, 5), labels=(Label(Span("p.cap", 3, 1, 3, 3), "x"),))
    lines = render(text, d)
    assert lines[2] == "115 | l115"
    assert "  3 | l3" in lines
    assert lines[1] == "    |"


def test_tabs_keep_carets_under_the_span() -> None:
    text = 'actor Main\n\tnew create(env: Env) =>\n\t\tlet x: U32 = "text"\n'
    lines = render(text, diag(Span("p.cap", 3, 16, 3, 22)))
    shown = source_line(lines[2])
    assert "\t" not in shown
    start, length = caret_run(lines[3])
    assert shown[start:start + length] == '"text"'
    assert shown.startswith(" " * 8 + "let")  # two tab stops of four


def test_tab_stops_depend_on_the_column() -> None:
    shown, col, width = layout("ab\tc", 3, 4)
    assert shown == "ab  c"
    assert (col, width) == (4, 1)


def test_wide_and_combining_characters() -> None:
    text = 'x = "日本" + e\u0301 + y\n'
    lines = render(text, diag(Span("p.cap", 1, 17, 1, 18)))  # the `y`
    start, length = caret_run(lines[3])
    # 日 and 本 take two columns each, the combining accent none
    assert start == len('x = "') + 4 + len('" + e + ')
    assert length == 1


def test_control_characters_are_shown_not_sent() -> None:
    text = 'let s = "\x1b[2J\x07"\rx\u202e\n'
    d = diag(Span("p.cap", 1, 9, 1, 16), message="bad \x1b[31m thing", hint="\x1b]0;title\x07",
             notes=(Note("n\x9b1m"),))
    out = TextRenderer(source(text), False).render(d)
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert "\x9b" not in out and "\u202e" not in out
    assert "\u241b[2J" in out  # the control picture for ESC
    lines = out.split("\n")
    start, length = caret_run(lines[3])
    assert source_line(lines[2])[start:start + length] == '"\u241b[2J\u2407"'


def test_crlf_source_lines_lose_the_carriage_return() -> None:
    text = PROGRAM.replace("\n", "\r\n")
    lines = render(text, diag(Span("p.cap", 3, 18, 3, 24)))
    assert lines[2] == '3 |     let x: U32 = "text"'
    start, length = caret_run(lines[3])
    assert source_line(lines[2])[start:start + length] == '"text"'


def test_long_lines_are_windowed_around_the_span() -> None:
    line = "a" * 500_000 + " target " + "b" * 500_000
    col = 500_000 + 2
    lines = render(line + "\n", diag(Span("p.cap", 1, col, 1, col + 6)))
    shown = source_line(lines[2])
    assert len(shown) < MAX_LINE + 10
    assert shown.startswith("...") and shown.endswith("...")
    start, length = caret_run(lines[3])
    assert shown[start:start + length] == "target"


def test_huge_span_is_cut_too() -> None:
    line = "x" * 10_000
    lines = render(line + "\n", diag(Span("p.cap", 1, 1, 1, 10_001)))
    assert all(len(ln) < MAX_LINE + 20 for ln in lines)


@pytest.mark.parametrize(
    ("span", "caret_col"),
    [
        (Span("p.cap", 2, 3, 4, 2), 2),  # multi-line: carets from col to end of line
        (Span("p.cap", 4, 1, 4, 1), 0),  # the empty last line (end of file)
        (Span("p.cap", 3, 4, 3, 4), 3),  # just past the end of a line
        (Span("p.cap", 3, 50, 3, 60), 3),  # far past the end of a line
        (Span("p.cap", 9, 1, 9, 2), 0),  # a line the file doesn't have
        (Span("p.cap", 3, 2, 3, 1), 1),  # an end before the start
    ],
)
def test_odd_spans_do_not_crash(span: Span, caret_col: int) -> None:
    text = "first\nsecond\nend\n"
    lines = render(text, diag(span))
    start, length = caret_run(lines[3])
    assert start == caret_col
    assert length >= 1


def test_multiline_span_marks_the_rest_of_the_first_line() -> None:
    lines = render("first\nsecond\nend\n", diag(Span("p.cap", 2, 3, 3, 2)))
    start, length = caret_run(lines[3])
    assert source_line(lines[2])[start:start + length] == "cond"


def test_span_without_source_or_line_shows_only_the_header() -> None:
    d = diag(Span("missing.cap", 1, 1, 1, 2), hint="h")
    out = TextRenderer({}, False).render(d).split("\n")
    assert out == ["missing.cap:1:1: error[E0301]: something is wrong", "  = hint: h"]
    d0 = diag(Span("<builtin>", 0, 0, 0, 0))
    assert TextRenderer({}, False).render(d0) == "<builtin>:0:0: error[E0301]: something is wrong"


# ---------------------------------------------------------------- colour


def test_no_escapes_without_colour() -> None:
    d = diag(Span("p.cap", 3, 18, 3, 24), labels=(Label(Span("p.cap", 1, 1, 1, 6), "l"),),
             notes=(Note("n"),), hint="h")
    out = TextRenderer(source(PROGRAM), False).render(d)
    assert "\x1b" not in out


def test_escapes_with_colour_and_same_text_without_them() -> None:
    d = diag(Span("p.cap", 3, 18, 3, 24), notes=(Note("n"),), hint="h")
    plain = TextRenderer(source(PROGRAM), False).render(d)
    coloured = TextRenderer(source(PROGRAM), True).render(d)
    assert "\x1b[1;31merror[E0301]\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_use_colour_modes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(FakeTerminal(), "auto") is True
    assert use_colour(io.StringIO(), "auto") is False  # not a terminal
    assert use_colour(FakeTerminal(), "never") is False
    assert use_colour(io.StringIO(), "always") is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(FakeTerminal(), "auto") is False
    assert use_colour(FakeTerminal(), "always") is True  # an explicit request wins


def test_empty_no_color_does_not_disable(monkeypatch: pytest.MonkeyPatch) -> None:
    # no-color.org: "when present and not an empty string"
    monkeypatch.setenv("NO_COLOR", "")
    assert use_colour(FakeTerminal(), "auto") is True


# ---------------------------------------------------------------- JSON lines

FIELDS = ["file", "line", "column", "end_line", "end_column", "severity", "code", "message",
          "notes"]


def test_json_fields_and_notes() -> None:
    d = diag(Span("p.cap", 3, 18, 3, 24), labels=(Label(Span("p.cap", 2, 3, 2, 6), "lab"),),
             notes=(Note("plain"), Note("placed", Span("p.cap", 1, 1, 1, 6))), hint="h")
    line = to_json(d)
    assert "\n" not in line
    record = json.loads(line)
    assert list(record)[:9] == FIELDS
    assert (record["file"], record["line"], record["column"], record["end_line"],
            record["end_column"]) == ("p.cap", 3, 18, 3, 24)
    assert (record["severity"], record["code"], record["message"]) == \
        ("error", "E0301", "something is wrong")
    assert record["hint"] == "h"
    assert [n["severity"] for n in record["notes"]] == ["note", "note", "note"]
    assert record["notes"][0] == {"file": "p.cap", "line": 2, "column": 3, "end_line": 2,
                                  "end_column": 6, "severity": "note", "message": "lab"}
    assert record["notes"][1] == {"severity": "note", "message": "plain"}
    assert record["notes"][2]["line"] == 1 and record["notes"][2]["message"] == "placed"


def test_json_escapes_control_characters_and_keeps_unicode() -> None:
    d = make("E0006", Span("p.cap", 1, 1, 1, 5), path="日\x00\n")
    line = to_json(d)
    assert "\n" not in line and "\x00" not in line
    assert json.loads(line)["message"] == "the package 日\x00\n could not be found"
    assert "日" in line
    assert "hint" in json.loads(line)


def test_json_without_hint_has_no_hint_key() -> None:
    record = json.loads(to_json(diag(Span("p.cap", 1, 1, 1, 2))))
    assert "hint" not in record
    assert record["notes"] == []


def test_json_ascii_only_escapes_everything_outside_ascii() -> None:
    d = make("E0006", Span("\udcff.cap", 1, 1, 1, 5), path="日本😀")
    line = to_json(d, ascii_only=True)
    assert line.isascii()
    record = json.loads(line)
    assert record["file"] == "\udcff.cap"
    assert record["message"] == "the package 日本😀 could not be found"

"""Every diagnostic code's page: its example fails with that code and its fix
passes the checker (syntax codes' examples are tested in tests/parse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from capdsl.explain import explain_page
from capdsl.messages import CODES, make
from capdsl.source import Span
from tests.harness import compile_text, error_marks

# Codes about files rather than program text, and the fallback for type forms
# the grammar can't produce, have no example program.
NO_EXAMPLE = {"E0001", "E0002", "E0003", "E0004", "E0306"}
PROGRAM_CODES = sorted(c for c in CODES if not c.startswith("E01"))


@pytest.mark.parametrize("code", PROGRAM_CODES)
def test_example_fails_with_its_code_and_fix_passes(code: str, tmp_path: Path) -> None:
    entry = CODES[code]
    if code in NO_EXAMPLE:
        assert not entry.example
        return
    assert entry.example and entry.fix, f"{code} needs an example and a fix"
    comp, ok = compile_text(entry.example, tmp_path)
    assert not ok and code in {c for _line, c in error_marks(comp)}, error_marks(comp)
    comp, ok = compile_text(entry.fix, tmp_path)
    assert ok, error_marks(comp)


@pytest.mark.parametrize("code", sorted(CODES))
def test_page_and_message_render(code: str) -> None:
    page = explain_page(code)
    assert page is not None and page.startswith(code)
    entry = CODES[code]
    names = _template_fields(entry.template) + _template_fields(entry.hint or "")
    fields = {name: "x" for name in names}
    diag = make(code, Span("f.cap", 1, 1, 1, 2), **fields)
    assert diag.message and "{" not in diag.message


def _template_fields(template: str) -> list[str]:
    import string

    return [f for _lit, f, _spec, _conv in string.Formatter().parse(template) if f]


def test_unknown_code_has_no_page() -> None:
    assert explain_page("E9999") is None

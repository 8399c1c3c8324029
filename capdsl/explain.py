"""`capdsl explain CODE`: the page for one diagnostic code.

Built from the registry in `capdsl.messages`, so the page, the message and
the example can't drift apart; the tests check that each example fails with
its code and each fix passes.
"""

from __future__ import annotations

from capdsl.messages import CODES, PLUGIN_CODES


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.rstrip("\n").split("\n"))


def explain_page(code: str) -> str | None:
    """The text of the page for `code`, or None for an unknown code."""
    entry = CODES.get(code)
    if entry is None:
        return _plugin_page(code.lower())
    parts = [f"{entry.code} ({entry.severity.value}): {entry.summary}"]
    if entry.hint:
        parts.append("Usual fix: " + entry.hint.replace("{", "").replace("}", ""))
    if entry.example:
        parts.append("This program is rejected:\n\n" + _indent(entry.example))
    if entry.fix:
        parts.append("This one is accepted:\n\n" + _indent(entry.fix))
    return "\n\n".join(parts)


def _plugin_page(code: str) -> str | None:
    """The page of a mypy plugin code: its example is Python using the stubs
    of a small program (`capdsl stubs prog.cap`)."""
    entry = PLUGIN_CODES.get(code)
    if entry is None:
        return None
    return "\n\n".join([
        f"{entry.code} (mypy error, plugin capdsl.mypy_plugin): {entry.summary}",
        "Usual fix: " + entry.hint,
        "With the stubs of this program, prog.cap (`capdsl stubs prog.cap`):\n\n"
        + _indent(entry.cap),
        "This Python is rejected:\n\n" + _indent(entry.example),
        "This one is accepted:\n\n" + _indent(entry.fix),
    ])

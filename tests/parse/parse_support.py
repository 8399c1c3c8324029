"""Shared helpers of the parser tests: parsing text, finding nodes by line."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from capdsl import ast  # noqa: E402
from capdsl.diagnostics import Diagnostic, Reporter  # noqa: E402
from capdsl.parser import parse  # noqa: E402
from capdsl.source import SourceFile  # noqa: E402
from capdsl.syntax import check_syntax  # noqa: E402

SHARED = Path(os.environ.get("CAPDSL_SHARED", ROOT.parent / "shared"))
HERE = Path(__file__).resolve().parent


def parse_text(text: str, name: str = "test.cap") -> tuple[ast.Module | None, list[Diagnostic]]:
    """Parse `text`: the module (None on syntax errors) and the diagnostics."""
    reporter = Reporter()
    module = parse(SourceFile(name, text), reporter)
    return module, list(reporter)


def parse_ok(text: str) -> ast.Module:
    """Parse `text`, which must have no syntax error."""
    module, diags = parse_text(text)
    assert module is not None and not diags, [f"{d.span} {d.code} {d.message}" for d in diags]
    return module


def check_text(text: str, name: str = "test.cap") -> tuple[ast.Module | None, list[Diagnostic]]:
    """Parse `text` and run the syntax pass on it."""
    reporter = Reporter()
    module = parse(SourceFile(name, text), reporter)
    if module is not None:
        check_syntax(module, reporter)
    return module, list(reporter)


def program(body: str) -> str:
    """A program whose Main constructor runs `body` (lines at 4 spaces)."""
    return "actor Main\n  new create(env: Env) =>\n" + body


def body_of(module: ast.Module, entity: int = -1, method: int = 0) -> tuple[Any, ...]:
    """The expressions of a method body (by default Main's constructor)."""
    found = module.entities[entity]
    assert isinstance(found, ast.Entity)
    body = found.methods[method].body
    assert body is not None
    return body.exprs


def children(node: Any) -> list[Any]:
    """The AST nodes directly under `node`, in field order."""
    out: list[Any] = []
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        items = value if isinstance(value, tuple) else (value,)
        out += [v for v in items if type(v).__module__ == ast.__name__
                and dataclasses.is_dataclass(v)]
    return out


def walk(node: Any) -> list[tuple[Any, Any]]:
    """(node, parent) for every node under `node`, in pre-order, iteratively."""
    out: list[tuple[Any, Any]] = []
    stack: list[tuple[Any, Any]] = [(node, None)]
    while stack:
        cur, parent = stack.pop()
        out.append((cur, parent))
        stack.extend((c, cur) for c in reversed(children(cur)))
    return out


_ITEMS = (ast.Use, ast.FFIDecl, ast.Entity, ast.TypeAliasDecl, ast.Field, ast.Method,
          ast.MatchCase)


def first_on_line(module: ast.Module, line: int) -> Any:
    """The outermost declaration, member, case or statement (an expression
    directly in a sequence) that starts on `line`."""
    for node, parent in walk(module):
        if node.span.line == line and (isinstance(node, _ITEMS) or isinstance(parent, ast.Seq)):
            return node
    raise LookupError(f"no declaration or statement starts on line {line}")

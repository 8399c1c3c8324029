"""Every method the checker knows from builtin.cap, numbers.cap and
collections.cap has a runtime implementation taking its parameters
positionally (the contract with the code generator)."""

from __future__ import annotations

import inspect
import keyword
import re
from pathlib import Path
from typing import Any

import pytest

from runtime import builtins as rt
from runtime import collections as rtc
from runtime import numbers as num

STDLIB = Path(__file__).resolve().parents[2] / "capdsl" / "stdlib"
CAP = r"(?:(?:iso|trn|ref|val|box|tag)\s+)?"
ENTITY = re.compile(r"^(primitive|class|actor|interface|trait)\s+" + CAP + r"(\w+)")
METHOD = re.compile(r"^\s+(fun|new|be)\s+" + CAP + r"(\w+)")
OPEN = {"(": ")", "[": "]", "{": "}"}


def _params(line: str, start: int) -> int:
    """The number of parameters of the declaration whose name ends at `start`."""
    i = start
    if line[i] == "[":  # type parameters
        i = _close(line, i) + 1
    assert line[i] == "(", line
    end = _close(line, i)
    inner = line[i + 1:end].strip()
    if not inner:
        return 0
    depth, count = 0, 1
    for c in inner:
        if c in OPEN:
            depth += 1
        elif c in OPEN.values():
            depth -= 1
        elif c == "," and depth == 0:
            count += 1
    return count


def _close(line: str, i: int) -> int:
    depth = 0
    for j in range(i, len(line)):
        if line[j] in OPEN:
            depth += 1
        elif line[j] in OPEN.values():
            depth -= 1
            if depth == 0:
                return j
    raise AssertionError(line)


def declarations(path: Path) -> list[tuple[str, str, str, int]]:
    """(entity, kind, method, parameter count) for each body-less method."""
    out: list[tuple[str, str, str, int]] = []
    entity = None
    for line in path.read_text("utf-8").splitlines():
        m = ENTITY.match(line)
        if m:
            entity = m.group(2) if m.group(1) in ("primitive", "class") else None
            continue
        m = METHOD.match(line)
        if m and entity is not None and "=>" not in line:
            out.append((entity, m.group(1), m.group(2), _params(line, m.end())))
    return out


def runtime_home(entity: str) -> tuple[Any, bool] | None:
    """The runtime object implementing `entity`, and whether its functions
    are static with the receiver first (numbers)."""
    if hasattr(num, entity) and entity not in ("String",):
        return getattr(num, entity), True
    homes = {"None": (num.NoneP, True), "Less": (type(rt.Less), False),
             "Equal": (type(rt.Equal), False), "Greater": (type(rt.Greater), False),
             "String": (rt.String, False), "Array": (rt.Array, False)}
    if entity in homes:
        return homes[entity]
    if hasattr(rtc, entity):
        return getattr(rtc, entity), False
    return None  # Env, PyObject: implemented elsewhere


CASES = [
    (f.name, *d)
    for f in (STDLIB / "builtin" / "builtin.cap", STDLIB / "builtin" / "numbers.cap",
              STDLIB / "collections" / "collections.cap")
    for d in declarations(f)
    if runtime_home(d[0]) is not None
]


def py_name(name: str) -> str:
    return name + "\u02bc" if keyword.iskeyword(name) else name


@pytest.mark.parametrize(("file", "entity", "kind", "method", "nparams"), CASES)
def test_runtime_implements(file: str, entity: str, kind: str, method: str, nparams: int) -> None:
    home = runtime_home(entity)
    assert home is not None
    cls, static = home
    fn = inspect.getattr_static(cls, py_name(method), None)
    assert fn is not None, f"{entity}.{method} ({file}) has no runtime implementation"
    if isinstance(fn, staticmethod):
        fn = fn.__func__
        receiver = static and kind == "fun"
    else:
        receiver = True  # an instance method: self, then the parameters
    args = [None] * (nparams + (1 if receiver else 0))
    inspect.signature(fn).bind(*args)  # the generator passes every argument


def test_coverage_is_not_vacuous() -> None:
    entities = {c[1] for c in CASES}
    assert {"U8", "I128", "F32", "F64", "Bool", "None", "String", "Array", "Map", "Set",
            "List", "Range", "Reverse", "Less"} <= entities
    assert len(CASES) > 1000

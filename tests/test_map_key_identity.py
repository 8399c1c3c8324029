"""When the inline `m(k) = v` on a String-keyed Map may leave the key object
out (capdsl/codegen/intrinsics.py): only when no `is`, `isnt` or `digestof`
in the program could see a String on each side. Each case is a program
whose one identity test is judged by hand from the operands' types; the
generated code shows whether the key object's dict is touched at all
(`m._k`, perhaps loaded once into a local).
The run cases string_map_inline (stored, identity checked) and
string_map_keyless (left out, keys read back) check the behaviour.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.harness import compile_path

PROGRAM = """use "collections"
interface Named
  fun name(): String
actor Other
actor Main
  new create(env: Env) =>
    let m = Map[String, U64]
    m("k".clone()) = 1
    let s: String = "s"
    let t: String = "t"
    let maybe: (String | None) = None
    let n: U64 = 3
    let any: Any = s
    let other = Other
    env.out.print(({test}).string())
"""
SAME = "primitive Same\n  fun apply[A](a: A, b: A): Bool => a is b\n"

CASES = {
    "s is t": True,                 # two Strings
    "s isnt t": True,
    "digestof s": True,             # a String's identity
    "any is s": True,               # Any may be a String
    "maybe is s": True,             # a union with String on each side
    "Same.apply[String](s, t)": True,  # `a is b` on a type parameter
    "maybe is None": False,         # None can't be a String
    "digestof n": False,            # a number's digest is its value
    "other is other": False,        # actors
    "n == 3": False,                # no identity test at all
}


@pytest.mark.parametrize("test", CASES, ids=list(CASES))
def test_key_object_stored_only_if_identity_is_observable(test: str, tmp_path: Path) -> None:
    path = tmp_path / "ident.cap"
    text = PROGRAM.replace("{test}", test) + (SAME if "Same" in test else "")
    path.write_text(text, encoding="utf-8")
    comp, ok = compile_path(path, "codegen")
    assert ok, [str(d.message) for d in comp.reporter.items]
    program = comp.python["program"]
    source = "\n".join(ast.unparse(m) for name, m in program.modules  # type: ignore[attr-defined]
                       if name == str(path))
    assert "m._d" in source  # the update was inlined
    assert ("m._k" in source) is CASES[test]

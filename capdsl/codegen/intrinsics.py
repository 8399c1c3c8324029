"""Inline forms of hot standard-library calls (codegen's intrinsics).

Place: consulted by `codegen.expr.FnGen` before it emits an ordinary method
call. A call is inlined only when static types make its meaning certain, and
the inline code does exactly what the runtime method does
(`runtime.strings.String.append`, `runtime.arrays.Array.push`,
`runtime.collections.Map.get_or_else` and `Map.update`), minus the call and
the dynamic checks the types already answer:

- `s.append(text)` as a statement, where `s` is a builtin `String` (a class no
  one can subclass, so the object is always `runtime.strings.String`) and
  `text` is certainly ASCII: an ASCII string literal, or `n.string()` on an
  integer. ASCII text cannot meet escaped bytes at the seam, so the append is
  a plain concatenation; it grows the text in place as the method does
  (the attribute is cleared first, so the local holds the only reference and
  CPython resizes instead of copying).
- `a.push(x)` as a statement on a builtin `Array` (a list): `a.append(x)`
  and the reference's 8 bytes counted for memory accounting.
- `m.get_or_else(k, alt)` and `m(k) = v` (as a statement) on a collections
  `Map` whose key `k` is statically a `String`: the map's dicts are keyed by
  the key's text (see `runtime.collections._norm`).

Evaluation order is Pony's (receiver, then arguments left to right): the
operands are evaluated into temporaries in that order before any effect.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from capdsl import ast as cap
from capdsl.codegen import pyast as py
from capdsl.source import Span
from checker.info import CallInfo
from checker.literals import INT_RANGES, numeric_name
from checker.types import Nominal

if TYPE_CHECKING:
    from capdsl.codegen.expr import FnGen


def _is(info: CallInfo, package: str, entity: str, method: str) -> bool:
    return (info.method.name == method and info.entity.name == entity
            and info.entity.package.key == package and info.receiver is not None
            and not info.via_create)


def _is_string(gen: FnGen, node: cap.Expr) -> bool:
    """Whether `node`'s value is statically a builtin String."""
    t = gen.type_of(node)
    return (isinstance(t, Nominal) and t.entity.name == "String"
            and t.entity.package.key == "builtin")


def _integer_string_call(gen: FnGen, node: cap.Expr) -> CallInfo | None:
    """The call when `node` is `n.string()` on a statically integer `n`."""
    if not isinstance(node, cap.Call) or isinstance(node.callee, cap.Chain):
        return None
    info = gen.info.calls.get(id(node))
    if info is None or info.method.name != "string" or info.args or info.receiver is None \
            or info.via_create or gen.prog.native_primitive(info.entity) not in INT_RANGES:
        return None
    return info if numeric_name(info.receiver_type) in INT_RANGES else None


def _ascii_text(gen: FnGen, node: cap.Expr, out: list[ast.stmt]) -> ast.expr | None:
    """A Python str with `node`'s text if it is certainly ASCII, else None
    (nothing is emitted then)."""
    if isinstance(node, cap.StringLit):
        return py.const(node.value) if node.value.isascii() else None
    call = _integer_string_call(gen, node)
    if call is None or call.receiver is None:
        return None
    return py.at(py.call(py.name("str"), [gen.value(call.receiver, out)]), node.span)


def _reads_no_string(text: ast.expr) -> bool:
    """Whether `text` can be evaluated after the receiver's text was taken
    out: a constant, or `str(name)` of an integer local."""
    return isinstance(text, ast.Constant) or (
        isinstance(text, ast.Call) and len(text.args) == 1 and isinstance(text.args[0], ast.Name))


def _spill(gen: FnGen, value: ast.expr, hint: str, out: list[ast.stmt]) -> ast.Name:
    """`value` in a temporary (a name is kept only if nothing runs after it)."""
    tmp = gen.temp(hint)
    out.append(py.assign(py.store(tmp), value))
    return py.name(tmp)


def string_append(gen: FnGen, info: CallInfo, span: Span, out: list[ast.stmt]) -> bool:
    """`s.append(ascii_text)` as a statement, inline; False if not applicable."""
    if not _is(info, "builtin", "String", "append") or info.args[0] is None:
        return False
    arg = info.args[0]
    if not (isinstance(arg, cap.StringLit) and arg.value.isascii()) and \
            _integer_string_call(gen, arg) is None:
        return False
    assert info.receiver is not None
    recv = gen.value(info.receiver, out)
    text_stmts: list[ast.stmt] = []
    text = _ascii_text(gen, arg, text_stmts)
    assert text is not None
    if text_stmts or not isinstance(recv, ast.Name):
        recv = _spill(gen, recv, "r", out)
    out.extend(text_stmts)
    if not _reads_no_string(text):
        text = _spill(gen, text, "a", out)
    acc = gen.temp("s")
    out.extend(py.at(stmt, span) for stmt in (
        py.assign(py.store(acc), py.attr(recv, "_s")),
        py.assign(py.attr_store(recv, "_s"), py.const("")),
        ast.AugAssign(py.store(acc), ast.Add(), text),
        py.assign(py.attr_store(recv, "_s"), py.name(acc)),
        ast.Delete([ast.Name(acc, ast.Del())]),  # the attribute's text is referenced once
    ))
    return True


def array_push(gen: FnGen, info: CallInfo, span: Span, out: list[ast.stmt]) -> bool:
    """`a.push(x)` as a statement on a builtin Array: the list's own append,
    then the 8 bytes of the new reference counted, as `Array.push` does."""
    if not _is(info, "builtin", "Array", "push") or info.args[0] is None:
        return False
    assert info.receiver is not None
    recv, value = gen.ordered([info.receiver, info.args[0]], out)
    out.extend(py.at(stmt, span) for stmt in (
        py.expr_stmt(py.call(py.attr(recv, "append"), [value])),
        ast.AugAssign(py.attr_store(py.name("_acct"), "counted"), ast.Add(), py.const(8)),
    ))
    return True


def _string_key_call(gen: FnGen, info: CallInfo, method: str) -> list[cap.Expr] | None:
    """[receiver, key, other] of `m.method(key, other)` on a collections Map
    whose key is statically a String, or None."""
    if not _is(info, "collections", "Map", method):
        return None
    key, other = info.args
    if key is None or other is None or not _is_string(gen, key):
        return None
    assert info.receiver is not None
    return [info.receiver, key, other]


def map_get_or_else(gen: FnGen, info: CallInfo, out: list[ast.stmt]) -> ast.expr | None:
    """`m._d.get(k._s, alt)` for `m.get_or_else(k, alt)` with a String key."""
    operands = _string_key_call(gen, info, "get_or_else")
    if operands is None:
        return None
    recv, key_value, alt_value = gen.ordered(operands, out)
    get = py.attr(py.attr(recv, "_d"), "get")
    return py.call(get, [py.attr(key_value, "_s"), alt_value])


def map_update(gen: FnGen, info: CallInfo, span: Span, out: list[ast.stmt]) -> bool:
    """`m(k) = v` as a statement with a String key, inline; False if not
    applicable. The key object is stored in `m._k` too, as `Map.update`
    does."""
    operands = _string_key_call(gen, info, "update")
    if operands is None:
        return False
    parts = gen.ordered(operands, out)
    recv, key_obj, new = (p if isinstance(p, ast.Name | ast.Constant) else
                          _spill(gen, p, "m", out) for p in parts)
    text = _spill(gen, py.attr(key_obj, "_s"), "n", out)
    out.extend(py.at(py.assign(ast.Subscript(py.attr(recv, field), text, ast.Store()), item), span)
               for field, item in (("_d", new), ("_k", key_obj)))
    return True

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
  the key's text (see `runtime.collections._norm`). `Map.update` also stores
  the key object, as Pony's map keeps the key it was last given; the inline
  update leaves that out when no one can tell: the map's keys are
  `String val` (immutable, so only identity could differ) and nothing in
  the program observes a String's identity (no `is`, `isnt` or `digestof`
  that could have a String on each side; `string_identity_observed`). The
  map then makes a key object from the text when asked for its keys.

Evaluation order is Pony's for a call (the arguments left to right, then
the receiver: ponyc gencall.c gen_call), through `FnGen.receiver_last`,
which puts an argument in a temporary when Python would otherwise evaluate
it after the receiver and that could show; all operands are evaluated
before the inline code's first effect.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from capdsl import ast as cap
from capdsl.codegen import pyast as py
from capdsl.source import Span
from checker.cap import Cap
from checker.info import CallInfo, NodeInfo
from checker.literals import INT_RANGES, numeric_name
from checker.types import Arrow, Isect, Nominal, TParam, TupleT, Type, Union, Unknown

if TYPE_CHECKING:
    from capdsl.codegen.expr import FnGen


def _is(info: CallInfo, package: str, entity: str, method: str) -> bool:
    return (info.method.name == method and info.entity.name == entity
            and info.entity.package.key == package and info.receiver is not None
            and not info.via_create)


def is_string_type(t: Type | None) -> bool:
    return (isinstance(t, Nominal) and t.entity.name == "String"
            and t.entity.package.key == "builtin")


def _is_string(gen: FnGen, node: cap.Expr) -> bool:
    """Whether `node`'s value is statically a builtin String."""
    return is_string_type(gen.type_of(node))


def _may_hold_string(t: Type) -> bool:
    """Whether a value of type `t` could be a String object: a String, a
    type parameter, a trait or interface (String provides several), or a
    type made of one. Unknown counts as yes."""
    if isinstance(t, Nominal):
        return is_string_type(t) or t.entity.is_abstract
    if isinstance(t, Union | Isect):
        return any(_may_hold_string(m) for m in t.members)
    if isinstance(t, TupleT):
        return any(_may_hold_string(e) for e in t.elems)
    if isinstance(t, Arrow):
        return _may_hold_string(t.target)
    return isinstance(t, TParam | Unknown)


def string_identity_observed(info: NodeInfo) -> bool:
    """Whether the program could tell two equal String objects apart: some
    `a is b` with a String possible on both sides, or a `digestof` of a
    value that could be a String."""
    return any(all(_may_hold_string(t) for t in operands) for operands in info.identities)


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
    """`s.append(ascii_text)` as a statement, inline; False if not applicable
    (also when an `offset` or `len` is given: the whole text is appended)."""
    if not _is(info, "builtin", "String", "append") or info.args[0] is None or \
            any(a is not None for a in info.args[1:]):
        return False
    arg = info.args[0]
    if not (isinstance(arg, cap.StringLit) and arg.value.isascii()) and \
            _integer_string_call(gen, arg) is None:
        return False
    assert info.receiver is not None
    text = _ascii_text(gen, arg, out)  # the argument first, then the receiver
    assert text is not None
    recv_stmts: list[ast.stmt] = []
    recv = gen.value(info.receiver, recv_stmts)
    if not isinstance(text, ast.Constant) and (recv_stmts or not _reads_no_string(text)):
        text = _spill(gen, text, "a", out)
    out.extend(recv_stmts)
    if not isinstance(recv, ast.Name):
        recv = _spill(gen, recv, "r", out)
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
    recv, (value,) = gen.receiver_last(info.receiver, [info.args[0]], out)
    out.extend(py.at(stmt, span) for stmt in (
        py.expr_stmt(py.call(py.attr(recv, "append"), [value])),
        ast.AugAssign(py.attr_store(py.name("_acct"), "counted"), ast.Add(), py.const(8)),
    ))
    return True


def _string_key_call(gen: FnGen, info: CallInfo, method: str) -> list[cap.Expr] | None:
    """[key, other] of `m.method(key, other)` on a collections Map whose key
    is statically a String, or None."""
    if not _is(info, "collections", "Map", method):
        return None
    key, other = info.args
    if key is None or other is None or not _is_string(gen, key):
        return None
    return [key, other]


def map_get_or_else(gen: FnGen, info: CallInfo, out: list[ast.stmt]) -> ast.expr | None:
    """`m._d.get(k._s, alt)` for `m.get_or_else(k, alt)` with a String key."""
    operands = _string_key_call(gen, info, "get_or_else")
    if operands is None or info.receiver is None:
        return None
    recv, (key_value, alt_value) = gen.receiver_last(info.receiver, operands, out)
    get = py.attr(gen.fixed_attr(recv, "_d"), "get")
    return py.call(get, [py.attr(key_value, "_s"), alt_value])


def _key_object_unobservable(gen: FnGen, info: CallInfo) -> bool:
    """Whether the map's stored key object can't be told from another with
    its text: the keys are `String val` and no String's identity is seen."""
    map_type = info.receiver_type
    if gen.prog.string_identity_observed or not isinstance(map_type, Nominal) \
            or not map_type.args:
        return False
    key_type = map_type.args[0]
    return is_string_type(key_type) and isinstance(key_type, Nominal) and \
        key_type.cap.cap is Cap.VAL


def map_update(gen: FnGen, info: CallInfo, span: Span, out: list[ast.stmt]) -> bool:
    """`m(k) = v` as a statement with a String key, inline; False if not
    applicable. The key object is stored in `m._k` too, as `Map.update`
    does, unless no one can tell (see the module's docstring)."""
    operands = _string_key_call(gen, info, "update")
    if operands is None or info.receiver is None:
        return False
    recv, (key_obj, new) = gen.receiver_last(info.receiver, operands, out)
    # Python evaluates `new` before the subscript: the receiver and the key
    # must be names by then (`ordered` already spilled the key if `new`
    # needed statements; an expression alone can't rebind a local). Reading
    # the key's text after `new` is Pony's order too: `update` hashes its key.
    recv, key_obj = (p if isinstance(p, ast.Name | ast.Constant) else
                     _spill(gen, p, "m", out) for p in (recv, key_obj))
    text: ast.expr = py.attr(key_obj, "_s")
    key_stored = not _key_object_unobservable(gen, info)
    if key_stored:
        new = _spill(gen, new, "m", out)  # then the text, then two stores
        text = _spill(gen, text, "n", out)
    stores = [("_d", new), ("_k", key_obj)] if key_stored else [("_d", new)]
    out.extend(py.at(py.assign(ast.Subscript(gen.fixed_attr(recv, field), text, ast.Store()),
                               item), span)
               for field, item in stores)
    return True

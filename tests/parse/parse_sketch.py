"""A one-line S-expression sketch of AST nodes, for data-driven parser tests.

Test programs state the shape they expect in comments, `//= (+ a (* b c))`,
and the tests compare it with `sketch(node)`. Expressions print as
`(operator operands...)`, types as written (`Array[U8] val`, `(A | B)`),
declarations as their header (`(fun ref name(a: U32): U32 ?)`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from capdsl import ast


def sketch(node: Any) -> str:
    """The sketch of `node` (an expression, type or declaration)."""
    if node is None:
        return "-"
    printer = _PRINTERS.get(type(node))
    if printer is None:
        raise TypeError(f"no sketch for {type(node).__name__}")
    return printer(node)


def _all(nodes: Any) -> str:
    return " ".join(sketch(n) for n in nodes)


def _form(*parts: str) -> str:
    return "(" + " ".join(p for p in parts if p) + ")"


def _opt(node: Any) -> str:
    return sketch(node) if node is not None else ""


# ------------------------------------------------------------------ types

def _nominal(t: ast.NominalType) -> str:
    name = f"{t.package}.{t.name}" if t.package else t.name
    args = f"[{', '.join(sketch(a) for a in t.args)}]" if t.args else ""
    cap = f" {t.cap}" if t.cap else ""
    return f"{name}{args}{cap}{t.modifier or ''}"


def _lambda_type(t: ast.LambdaType) -> str:
    head = " ".join(x for x in (t.apply_cap, t.name) if x)
    tps = f"[{', '.join(sketch(p) for p in t.type_params)}]" if t.type_params else ""
    ret = f": {sketch(t.ret)}" if t.ret else ""
    cap = f" {t.cap}" if t.cap else ""
    return (f"{{{head}{tps}{' ' if head and not tps else ''}"
            f"({', '.join(sketch(p) for p in t.params)})"
            f"{ret}{' ?' if t.partial else ''}}}{cap}{t.modifier or ''}")


def _tparams(params: Any) -> str:
    return f"[{', '.join(sketch(p) for p in params)}]" if params else ""


def _typeparam(p: ast.TypeParam) -> str:
    out = p.name
    if p.constraint is not None:
        out += f": {sketch(p.constraint)}"
    if p.default is not None:
        out += f" = {sketch(p.default)}"
    return out


# ------------------------------------------------------------------ expressions

def _binop(e: ast.BinOp) -> str:
    inner = _form(e.op, sketch(e.left), sketch(e.right))
    return f"(group {inner})" if e.grouped else inner


def _call(e: ast.Call) -> str:
    named = " ".join(f"{n.name}={sketch(n.value)}" for n in e.named)
    return _form("call?" if e.partial else "call", sketch(e.callee), _all(e.args),
                 f"where {named}" if named else "")


def _ffi(e: ast.FFICall) -> str:
    ret = f"[{sketch(e.ret)}]" if e.ret else ""
    return _form(f"@{e.name}{ret}{'?' if e.partial else ''}", _all(e.args))


def _if(e: ast.If) -> str:
    return _form("elseif" if e.is_elseif else "if", sketch(e.cond), sketch(e.then),
                 _opt(e.orelse))


def _idseq(ids: ast.IdSeq) -> str:
    return "(" + " ".join(n if isinstance(n, str) else _idseq(n) for n in ids.names) + ")"


def _case(c: ast.MatchCase) -> str:
    return _form("|", sketch(c.pattern), f"if {sketch(c.guard)}" if c.guard else "",
                 f"=> {sketch(c.body)}" if c.body else "")


def _match(e: ast.Match) -> str:
    return _form("match", sketch(e.subject), _all(e.cases),
                 f"else {sketch(e.orelse)}" if e.orelse else "")


def _try(e: ast.Try) -> str:
    return _form("try", sketch(e.body), f"else {sketch(e.orelse)}" if e.orelse else "",
                 f"then {sketch(e.then)}" if e.then else "")


def _params(params: Any) -> str:
    return ", ".join(_param_text(p) for p in params)


def _param_text(p: ast.Param) -> str:
    out = f"{p.name}: {sketch(p.type)}"
    return out + (f" = {sketch(p.default)}" if p.default is not None else "")


def _lambda(e: ast.Lambda) -> str:
    head = " ".join(x for x in (e.apply_cap, e.name) if x)
    tps = f"[{', '.join(sketch(p) for p in e.type_params)}]" if e.type_params else ""
    caps = ""
    if e.captures is not None:
        caps = "(" + ", ".join(_capture(c) for c in e.captures) + ")"
    ret = f": {sketch(e.ret)}" if e.ret else ""
    return _form("lambda", f"{head}{tps}({_params(e.params)}){caps}{ret}"
                 f"{' ?' if e.partial else ''}", sketch(e.body), e.cap or "")


def _capture(c: ast.LambdaCapture) -> str:
    out = c.name + (f": {sketch(c.type)}" if c.type else "")
    return out + (f" = {sketch(c.value)}" if c.value is not None else "")


def _object(e: ast.ObjectLit) -> str:
    return _form("object", e.cap or "", f"is {sketch(e.provides)}" if e.provides else "",
                 _all(e.fields), _all(e.methods))


# ------------------------------------------------------------------ declarations

def _entity(e: ast.Entity) -> str:
    tps = f"[{', '.join(sketch(p) for p in e.type_params)}]" if e.type_params else ""
    return _form(e.kind, e.cap or "", f"{e.name}{tps}",
                 f"is {sketch(e.provides)}" if e.provides else "",
                 f"doc={json.dumps(e.docstring)}" if e.docstring is not None else "")


def _method(m: ast.Method) -> str:
    tps = f"[{', '.join(sketch(p) for p in m.type_params)}]" if m.type_params else ""
    ret = f": {sketch(m.ret)}" if m.ret else ""
    return _form(m.kind, m.cap or "", f"{m.name}{tps}({_params(m.params)}){ret}",
                 "?" if m.partial else "",
                 f"doc={json.dumps(m.docstring)}" if m.docstring is not None else "",
                 "abstract" if m.body is None else "")


def _field(f: ast.Field) -> str:
    default = f" = {sketch(f.default)}" if f.default is not None else ""
    doc = f" doc={json.dumps(f.docstring)}" if f.docstring is not None else ""
    return f"({f.kind} {f.name}: {sketch(f.type)}{default}{doc})"


def _ffi_decl(d: ast.FFIDecl) -> str:
    params = _params(d.params) + (", ..." if d.variadic and d.params else
                                  "..." if d.variadic else "")
    return f"(use @{d.name}[{sketch(d.ret)}]({params}){' ?' if d.partial else ''})"


_PRINTERS: dict[type, Callable[[Any], str]] = {
    ast.NominalType: _nominal,
    ast.UnionType: lambda t: "(" + " | ".join(sketch(m) for m in t.members) + ")",
    ast.IsectType: lambda t: "(" + " & ".join(sketch(m) for m in t.members) + ")",
    ast.TupleType: lambda t: "(" + ", ".join(sketch(m) for m in t.elems) + ")",
    ast.ThisType: lambda t: "this",
    ast.CapType: lambda t: t.cap,
    ast.ArrowType: lambda t: (f"({sketch(t.left)})" if isinstance(t.left, ast.ArrowType)
                              else sketch(t.left)) + f"->{sketch(t.right)}",
    ast.LambdaType: _lambda_type,
    ast.TypeParam: _typeparam,
    ast.IntLit: lambda e: str(e.value),
    ast.FloatLit: lambda e: repr(e.value),
    ast.StringLit: lambda e: ("triple:" if e.triple else "") + json.dumps(e.value),
    ast.CharLit: lambda e: f"char:{e.value}",
    ast.BoolLit: lambda e: "true" if e.value else "false",
    ast.ArrayLit: lambda e: _form("array", f"as {sketch(e.elem_type)}:" if e.elem_type
                                  else "", _all(e.elems)),
    ast.This: lambda e: "this",
    ast.DontCare: lambda e: "_",
    ast.NameRef: lambda e: e.name,
    ast.Dot: lambda e: _form(".", sketch(e.obj), e.name),
    ast.Chain: lambda e: _form(".>", sketch(e.obj), e.name),
    ast.Qualify: lambda e: _form("qualify", sketch(e.expr), _all(e.type_args)),
    ast.Call: _call,
    ast.FFICall: _ffi,
    ast.BinOp: _binop,
    ast.UnaryOp: lambda e: _form(e.op, sketch(e.operand)),
    ast.Local: lambda e: _form(e.kind, e.name + (f": {sketch(e.type)}" if e.type else "")),
    ast.Assign: lambda e: _form("=", sketch(e.target), sketch(e.value)),
    ast.Seq: lambda e: _form("seq", _all(e.exprs)),
    ast.TupleExpr: lambda e: _form("tuple", _all(e.elems)),
    ast.If: _if,
    ast.While: lambda e: _form("while", sketch(e.cond), sketch(e.body), _opt(e.orelse)),
    ast.Repeat: lambda e: _form("repeat", sketch(e.body), sketch(e.cond), _opt(e.orelse)),
    ast.For: lambda e: _form("for", _idseq(e.target), sketch(e.iterable), sketch(e.body),
                             _opt(e.orelse)),
    ast.Break: lambda e: _form("break", _opt(e.value)),
    ast.Continue: lambda e: "continue",
    ast.Return: lambda e: _form("return", _opt(e.value)),
    ast.Error: lambda e: "error",
    ast.MatchCase: _case,
    ast.Match: _match,
    ast.Try: _try,
    ast.Recover: lambda e: _form("recover", e.cap or "", sketch(e.body)),
    ast.Consume: lambda e: _form("consume", e.cap or "", sketch(e.operand)),
    ast.As: lambda e: _form("as", sketch(e.operand), sketch(e.type)),
    ast.DigestOf: lambda e: _form("digestof", sketch(e.operand)),
    ast.Lambda: _lambda,
    ast.ObjectLit: _object,
    ast.Param: _param_text,
    ast.Field: _field,
    ast.Method: _method,
    ast.Entity: _entity,
    ast.TypeAliasDecl: lambda d: f"(type {d.name}{_tparams(d.type_params)} is "
                                 f"{sketch(d.target)})",
    ast.Use: lambda u: f"(use {u.alias + ' = ' if u.alias else ''}{json.dumps(u.path)})",
    ast.FFIDecl: _ffi_decl,
}

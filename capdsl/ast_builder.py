"""Grammar rules to AST nodes: the callbacks Lark runs while it parses.

`parse` hands an `AstBuilder` to Lark as an embedded transformer, so each
rule of `grammar.lark` becomes a node the moment it is reduced: no
intermediate tree. Each method is named after a rule or alias and gets the
rule's children (Tokens, nodes built before, or None for an absent `[...]`).

Invariants:
- every node's span starts at the first token of its construct (keywords
  included) and ends just past its last one;
- a `rawseq` always becomes a `Seq`; a parent that holds a single value
  (a condition, an argument, a tuple element) unwraps a `Seq` of one;
- problems the grammar can't see (bad escapes and numbers, a missing `;`
  between expressions on one line, ...) are collected in `problems`, never
  raised: the parse goes on and `parse` reports them.
The builder keeps no other state, so Lark may call it again while
recovering from a syntax error.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from lark import Token, Tree

from capdsl import ast
from capdsl.diagnostics import Diagnostic
from capdsl.lexing import Problem, decode_char, decode_number, decode_string
from capdsl.messages import make
from capdsl.source import Span

Children = list[Any]


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a rule that is not a node (type arguments, members):
    its items and the span they cover, brackets included."""

    items: tuple[Any, ...]
    span: Span


class InternalParseError(Exception):
    """A rule reached the builder without a callback: a bug, not bad input."""


def unwrap(seq: ast.Seq) -> ast.Expr:
    """The only expression of a one-expression sequence, else the sequence."""
    return seq.exprs[0] if len(seq.exprs) == 1 else seq


class _Spans:
    """Span arithmetic over Tokens and anything with a `span`."""

    file = "<input>"

    def tok(self, t: Token) -> Span:
        return Span(self.file, t.line or 0, t.column or 0, t.end_line or 0, t.end_column or 0)

    def span(self, first: Any, last: Any) -> Span:
        if isinstance(first, Token):
            line, col = first.line or 0, first.column or 0
        else:
            line, col = first.span.line, first.span.col
        if isinstance(last, Token):
            end_line, end_col = last.end_line or 0, last.end_column or 0
        else:
            end_line, end_col = last.span.end_line, last.span.end_col
        return Span(self.file, line, col, end_line, end_col)

    def last_of(self, *items: Any) -> Any:
        """The last item that is present (not None, not an empty Part)."""
        for item in reversed(items):
            if item is not None and not (isinstance(item, Part) and not item.items):
                return item
        raise InternalParseError("no item to end a span")


class _Reporting(_Spans):
    """Collects problems found while building."""

    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []

    def problem(self, code: str, span: Span, **args: Any) -> None:
        self.problems.append(make(code, span, **args))

    def literal_problems(self, t: Token, problems: list[Problem]) -> None:
        """Problems at offsets inside token `t` (which may span lines)."""
        for offset, length, code, args in problems:
            self.problem(code, self._inside(t, offset, length), **args)

    def _inside(self, t: Token, offset: int, length: int) -> Span:
        text = str(t)

        def at(i: int) -> tuple[int, int]:
            before = text[:i]
            nl = before.rfind("\n")
            if nl < 0:
                return (t.line or 0), (t.column or 0) + i
            return (t.line or 0) + before.count("\n"), i - nl

        line, col = at(offset)
        end_line, end_col = at(min(offset + length, len(text)))
        return Span(self.file, line, col, end_line, end_col)


class _Declarations(_Reporting):
    """Callbacks for the module, uses, entities and members."""

    end_span: Span

    def start(self, c: Children) -> ast.Module:
        module: ast.Module = c[0]
        return module

    def module(self, c: Children) -> ast.Module:
        doc = self.string_value(c[0]) if c[0] is not None else None
        uses = tuple(x for x in c[1:] if isinstance(x, ast.Use))
        ffi = tuple(x for x in c[1:] if isinstance(x, ast.FFIDecl))
        entities = tuple(x for x in c[1:] if isinstance(x, ast.Entity | ast.TypeAliasDecl))
        span = Span(self.file, 1, 1, self.end_span.end_line, self.end_span.end_col)
        return ast.Module(span, self.file, doc, uses, ffi, entities)

    def use_pkg(self, c: Children) -> ast.Use:
        kw, alias, path = c
        return ast.Use(self.span(kw, path), str(alias) if alias else None,
                       self.string_value(path))

    def use_ffi(self, c: Children) -> ast.FFIDecl:
        kw, decl = c
        assert isinstance(decl, ast.FFIDecl)
        return replace(decl, span=self.span(kw, decl))

    def ffi_decl(self, c: Children) -> ast.FFIDecl:
        at, name, _lsqb, ret, _rsqb, _lpar, params, rpar, partial = c
        params, variadic = params if params is not None else ((), False)
        return ast.FFIDecl(self.span(at, partial or rpar), name.items[0], ret, params,
                           variadic, partial is not None)

    def ffi_name(self, c: Children) -> Part:
        if c[0].type == "STRING":
            return Part((self.string_value(c[0]),), self.tok(c[0]))
        return Part((".".join(map(str, c)),), self.span(c[0], c[-1]))

    def ffi_params(self, c: Children) -> tuple[tuple[ast.Param, ...], bool]:
        params = tuple(x for x in c if isinstance(x, ast.Param))
        return params, isinstance(c[-1], Token)

    def entity(self, c: Children) -> ast.Entity:
        kw, cap, name, tparams, provides, doc, members = c
        end = self.last_of(name, tparams, provides, doc, members)
        fields, methods = members.items if members.items else ((), ())
        return ast.Entity(
            self.span(kw, end), str(kw), cap_text(cap), str(name), self.tok(name),
            tparams.items if tparams else (), provides, fields, methods,
            self.string_value(doc) if doc is not None else None,
        )

    def type_alias(self, c: Children) -> ast.TypeAliasDecl:
        kw, name, tparams, target, doc = c
        return ast.TypeAliasDecl(
            self.span(kw, doc or target), str(name), self.tok(name),
            tparams.items if tparams else (), target,
            self.string_value(doc) if doc is not None else None,
        )

    def members(self, c: Children) -> Part:
        if not c:
            return Part((), self.end_span)
        fields = tuple(x for x in c if isinstance(x, ast.Field))
        methods = tuple(x for x in c if isinstance(x, ast.Method))
        return Part((fields, methods), self.span(c[0], c[-1]))

    def field(self, c: Children) -> ast.Field:
        kw, name, type_, default, doc = c
        return ast.Field(
            self.span(kw, self.last_of(type_, default, doc)), str(kw), str(name),
            self.tok(name), type_, default,
            self.string_value(doc) if doc is not None else None,
        )

    def method(self, c: Children) -> ast.Method:
        kw, cap, name, tparams, _lpar, params, rpar, (ret, partial, doc, body) = c
        docstring = self.string_value(doc) if doc is not None else None
        if doc is not None and body is not None:
            self.problem("E0126", self.tok(doc), name=str(name))
        elif body is not None:
            docstring, body = self.body_docstring(body)
        return ast.Method(
            self.span(kw, self.last_of(rpar, ret, partial, doc, body)), str(kw),
            cap_text(cap), str(name), self.tok(name), tparams.items if tparams else (),
            params or (), ret, partial is not None, body, docstring,
        )

    def method_tail(self, c: Children) -> tuple[Any, ...]:
        return tuple(c)  # return type, `?`, docstring, body

    def body_docstring(self, body: ast.Seq) -> tuple[str | None, ast.Seq]:
        """Pony's rule: a body's first expression is its docstring when it
        is a string literal and more expressions follow."""
        first = body.exprs[0]
        if not isinstance(first, ast.StringLit) or len(body.exprs) < 2:
            return None, body
        rest = body.exprs[1:]
        return first.value, ast.Seq(self.span(rest[0], rest[-1]), rest)

    def typeparams(self, c: Children) -> Part:
        return Part(tuple(c[1:-1]), self.span(c[0], c[-1]))

    def typeparam(self, c: Children) -> ast.TypeParam:
        name, constraint, default = c
        return ast.TypeParam(self.span(name, self.last_of(name, constraint, default)),
                             str(name), constraint, default)

    def params(self, c: Children) -> tuple[ast.Param, ...]:
        return tuple(c)

    def param(self, c: Children) -> ast.Param:
        name, type_, default = c
        return ast.Param(self.span(name, default or type_), str(name), type_, default)

    def string_value(self, t: Token) -> str:
        value, _triple, problems = decode_string(str(t))
        self.literal_problems(t, problems)
        return value


def cap_text(t: Token | None) -> str | None:
    return str(t) if t is not None else None


class _Types(_Declarations):
    """Callbacks for types as written."""

    def arrow_type(self, c: Children) -> ast.ArrowType:
        left, right = c
        return ast.ArrowType(self.span(left, right), left, right)

    def this_type(self, c: Children) -> ast.ThisType:
        return ast.ThisType(self.tok(c[0]))

    def cap_type(self, c: Children) -> ast.CapType:
        return ast.CapType(self.tok(c[0]), str(c[0]))

    def grouped_type(self, c: Children) -> ast.TypeExpr:
        span = self.span(c[0], c[-1])
        elems: tuple[ast.TypeExpr, ...] = tuple(c[1:-1])
        if len(elems) == 1:
            return replace(elems[0], span=span)
        return ast.TupleType(span, elems)

    def infixtype(self, c: Children) -> ast.TypeExpr:
        if len(c) == 1:
            first: ast.TypeExpr = c[0]
            return first
        ops = {str(op) for op in c[1::2]}
        span = self.span(c[0], c[-1])
        if len(ops) > 1:
            self.problem("E0115", span)
        members = tuple(c[0::2])
        if "|" in ops:
            return ast.UnionType(span, members)
        return ast.IsectType(span, members)

    def nominal(self, c: Children) -> ast.NominalType:
        first, second, targs, cap, modifier = c
        package, name = (str(first), str(second)) if second is not None else (None, str(first))
        end = self.last_of(first, second, targs, cap, modifier)
        return ast.NominalType(self.span(first, end), package, name,
                               targs.items if targs else (), cap_text(cap), cap_text(modifier))

    def typeargs(self, c: Children) -> Part:
        return Part(tuple(c[1:-1]), self.span(c[0], c[-1]))

    def lambda_type(self, c: Children) -> ast.LambdaType:
        lbrace, fcap, name, tparams, _lpar, types, _rpar, tail = c
        ret, partial, rbrace, cap, modifier = tail
        return ast.LambdaType(
            self.span(lbrace, self.last_of(rbrace, cap, modifier)), cap_text(fcap),
            cap_text(name), tparams.items if tparams else (), types or (), ret,
            partial is not None, cap_text(cap), cap_text(modifier),
        )

    def lambda_type_tail(self, c: Children) -> tuple[Any, ...]:
        return tuple(c)  # return type, `?`, `}`, capability, modifier

    def type_list(self, c: Children) -> tuple[ast.TypeExpr, ...]:
        return tuple(c)


class _Sequences(_Types):
    """Callbacks for sequences, jumps and operators."""

    def rawseq(self, c: Children) -> ast.Seq:
        if len(c) == 1:
            return ast.Seq(c[0].span, (c[0],))
        exprs: list[ast.Expr] = []
        semi: Token | None = None
        for item in c:
            if isinstance(item, Token):
                semi = item
                continue
            if exprs:
                self.check_separator(exprs[-1], semi, item)
            exprs.append(item)
            semi = None
        return ast.Seq(self.span(exprs[0], exprs[-1]), tuple(exprs))

    def check_separator(self, prev: ast.Expr, semi: Token | None, nxt: ast.Expr) -> None:
        """Pony's rule: `;` separates expressions on one line, a newline
        separates the others; anything else is an error."""
        if semi is None:
            if nxt.span.line == prev.span.end_line:
                self.problem("E0112", nxt.span.start())
        elif semi.line != prev.span.end_line or nxt.span.line != semi.line:
            self.problem("E0113", self.tok(semi))

    def return_expr(self, c: Children) -> ast.Return:
        kw, value = c
        return ast.Return(self.span(kw, value or kw), unwrap(value) if value else None)

    def break_expr(self, c: Children) -> ast.Break:
        kw, value = c
        return ast.Break(self.span(kw, value or kw), unwrap(value) if value else None)

    def continue_expr(self, c: Children) -> ast.Continue:
        self.no_value(c)
        return ast.Continue(self.tok(c[0]))

    def error_expr(self, c: Children) -> ast.Error:
        self.no_value(c)
        return ast.Error(self.tok(c[0]))

    def no_value(self, c: Children) -> None:
        """`continue` and `error` take no value: what the grammar took as
        one is code after the jump."""
        kw, value = c
        if value is not None:
            self.problem("E0116", value.exprs[0].span, keyword=str(kw))

    def assign(self, c: Children) -> ast.Assign:
        target, value = c
        return ast.Assign(self.span(target, value), target, value)

    def binop(self, c: Children) -> ast.BinOp:
        left, op, right = c
        return ast.BinOp(self.span(left, right), str(op), left, right)

    def binop_partial(self, c: Children) -> ast.BinOp:
        left, op, _q, right = c
        return ast.BinOp(self.span(left, right), str(op) + "?", left, right)

    def binop_is(self, c: Children) -> ast.BinOp:
        left, right = c
        return ast.BinOp(self.span(left, right), "is", left, right)

    def as_expr(self, c: Children) -> ast.As:
        operand, type_ = c
        return ast.As(self.span(operand, type_), operand, type_)

    def local(self, c: Children) -> ast.Local:
        kw, name, type_ = c
        return ast.Local(self.span(kw, type_ or name), str(kw), str(name), self.tok(name), type_)

    def prefix(self, c: Children) -> ast.Expr:
        op, operand = c
        span = self.span(op, operand)
        if op.type == "DIGESTOF":
            return ast.DigestOf(span, operand)
        text = "not" if op.type == "NOT" else str(op)
        return ast.UnaryOp(span, text, operand)

    def consume_expr(self, c: Children) -> ast.Consume:
        kw, cap, operand = c
        return ast.Consume(self.span(kw, operand), cap_text(cap), operand)

    def recover_expr(self, c: Children) -> ast.Recover:
        kw, cap, body, end = c
        return ast.Recover(self.span(kw, end), cap_text(cap), body)


class _Postfix(_Sequences):
    """Callbacks for names, member access, calls and literals."""

    def dot(self, c: Children) -> ast.Dot:
        obj, name = c
        return ast.Dot(self.span(obj, name), obj, str(name), self.tok(name))

    def chain(self, c: Children) -> ast.Chain:
        obj, name = c
        return ast.Chain(self.span(obj, name), obj, str(name), self.tok(name))

    def qualify(self, c: Children) -> ast.Qualify:
        expr, targs = c
        return ast.Qualify(self.span(expr, targs), expr, targs.items)

    def call(self, c: Children) -> ast.Call:
        callee, _lpar, args, named, rpar, partial = c
        return ast.Call(self.span(callee, partial or rpar), callee, args or (), named or (),
                        partial is not None)

    def positional(self, c: Children) -> tuple[ast.Expr, ...]:
        return tuple(unwrap(s) for s in c)

    def named(self, c: Children) -> tuple[ast.NamedArg, ...]:
        return tuple(c)

    def named_arg(self, c: Children) -> ast.NamedArg:
        name, value = c
        return ast.NamedArg(self.span(name, value), str(name), unwrap(value))

    def ffi_call(self, c: Children) -> ast.FFICall:
        at, name, targs, _lpar, args, named, rpar, partial = c
        ret = None
        if targs is not None:
            if len(targs.items) != 1:
                self.problem("E0134", targs.span)
            ret = targs.items[0]
        return ast.FFICall(self.span(at, partial or rpar), name.items[0], ret, args or (),
                           named or (), partial is not None)

    def ref(self, c: Children) -> ast.NameRef | ast.DontCare:
        if c[0] == "_":
            return ast.DontCare(self.tok(c[0]))
        return ast.NameRef(self.tok(c[0]), str(c[0]))

    def this(self, c: Children) -> ast.This:
        return ast.This(self.tok(c[0]))

    def number(self, c: Children) -> ast.IntLit | ast.FloatLit:
        value, reason = decode_number(str(c[0]))
        if reason is not None:
            self.problem("E0110", self.tok(c[0]), number=str(c[0]), reason=reason)
        if isinstance(value, float):
            return ast.FloatLit(self.tok(c[0]), value)
        return ast.IntLit(self.tok(c[0]), value)

    def string(self, c: Children) -> ast.StringLit:
        value, triple, problems = decode_string(str(c[0]))
        self.literal_problems(c[0], problems)
        return ast.StringLit(self.tok(c[0]), value, triple)

    def char(self, c: Children) -> ast.CharLit:
        value, problems = decode_char(str(c[0]))
        self.literal_problems(c[0], problems)
        return ast.CharLit(self.tok(c[0]), value)

    def true(self, c: Children) -> ast.BoolLit:
        return ast.BoolLit(self.tok(c[0]), True)

    def false(self, c: Children) -> ast.BoolLit:
        return ast.BoolLit(self.tok(c[0]), False)

    def grouped(self, c: Children) -> ast.Expr:
        span = self.span(c[0], c[-1])
        if len(c) == 3:
            inner = unwrap(c[1])
            if isinstance(inner, ast.BinOp):
                return replace(inner, span=span, grouped=True)
            return replace(inner, span=span)
        return ast.TupleExpr(span, tuple(unwrap(s) for s in c[1:-1]))

    def array(self, c: Children) -> ast.ArrayLit:
        lsqb, elem_type, elems, rsqb = c
        return ast.ArrayLit(self.span(lsqb, rsqb), elem_type, elems.exprs if elems else ())


class _Control(_Postfix):
    """Callbacks for control flow."""

    def if_expr(self, c: Children) -> ast.If:
        kw, cond, then, orelse, end = c
        return ast.If(self.span(kw, end), unwrap(cond), then, orelse)

    def elseif(self, c: Children) -> ast.If:
        kw, cond, then, orelse = c
        return ast.If(self.span(kw, orelse or then), unwrap(cond), then, orelse, True)

    def while_expr(self, c: Children) -> ast.While:
        kw, cond, body, orelse, end = c
        return ast.While(self.span(kw, end), unwrap(cond), body, orelse)

    def repeat_expr(self, c: Children) -> ast.Repeat:
        kw, body, cond, orelse, end = c
        return ast.Repeat(self.span(kw, end), body, unwrap(cond), orelse)

    def for_expr(self, c: Children) -> ast.For:
        kw, target, iterable, body, orelse, end = c
        if isinstance(target, Token):
            target = ast.IdSeq(self.tok(target), (str(target),))
        return ast.For(self.span(kw, end), target, unwrap(iterable), body, orelse)

    def idseq(self, c: Children) -> ast.IdSeq:
        names = tuple(str(x) if isinstance(x, Token) else x for x in c[1:-1])
        return ast.IdSeq(self.span(c[0], c[-1]), names)

    def match_expr(self, c: Children) -> ast.Match:
        kw, subject, *cases, orelse, end = c
        return ast.Match(self.span(kw, end), unwrap(subject), tuple(cases), orelse)

    def case(self, c: Children) -> ast.MatchCase:
        pipe, pattern, guard, body = c
        return ast.MatchCase(self.span(pipe, self.last_of(pattern, guard, body)),
                             pattern, guard, body)

    def guard(self, c: Children) -> ast.Expr:
        return unwrap(c[1])

    def try_expr(self, c: Children) -> ast.Try:
        kw, body, orelse, then, end = c
        return ast.Try(self.span(kw, end), body, orelse, then)


class AstBuilder(_Control):
    """The embedded transformer: callbacks for every rule of the grammar."""

    def __init__(self) -> None:
        super().__init__()
        self.end_span = Span(self.file, 1, 1, 1, 1)

    def reset(self, file: str, end_span: Span) -> None:
        """Start a new file: its name for spans, its end for the module."""
        self.file = file
        self.end_span = end_span
        self.problems = []

    def __default__(self, data: str, children: Children, meta: object) -> Tree[Any]:
        # Lark's own helper rules (`__x_star_0`, ...) are spliced into their
        # parent, which reads their children; any other rule needs a method.
        if data.startswith("_"):
            return Tree(data, children)
        raise InternalParseError(f"grammar rule {data!r} has no AST callback")

    def lambda_expr(self, c: Children) -> ast.Lambda:
        lbrace, fcap, name, tparams, _lpar, params, _rpar, tail = c
        captures, ret, partial, body, rbrace, cap = tail
        return ast.Lambda(
            self.span(lbrace, cap or rbrace), cap_text(fcap), cap_text(name),
            tparams.items if tparams else (), params or (), captures.items if captures else None,
            ret, partial is not None, body, cap_text(cap),
        )

    def lambda_tail(self, c: Children) -> tuple[Any, ...]:
        return tuple(c)  # captures, return type, `?`, body, `}`, capability

    def lambda_params(self, c: Children) -> tuple[ast.Param, ...]:
        return tuple(c)

    def lambda_param(self, c: Children) -> ast.Param:
        name, type_, default = c
        if type_ is None:
            self.problem("E0123", self.tok(name), name=str(name))
            type_ = ast.NominalType(self.tok(name), None, "_", (), None, None)
        return ast.Param(self.span(name, default or type_), str(name), type_, default)

    def captures(self, c: Children) -> Part:
        return Part(tuple(c[1:-1]), self.span(c[0], c[-1]))

    def capture(self, c: Children) -> ast.LambdaCapture:
        name, type_, value = c
        return ast.LambdaCapture(self.span(name, self.last_of(name, type_, value)), str(name),
                                 type_, value)

    def object_lit(self, c: Children) -> ast.ObjectLit:
        kw, cap, provides, members, end = c
        fields, methods = members.items if members.items else ((), ())
        return ast.ObjectLit(self.span(kw, end), cap_text(cap), provides, fields, methods)


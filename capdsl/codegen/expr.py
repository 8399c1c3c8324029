"""Expressions to Python: values, names, calls and assignment.

`FnGen.value(node, out)` returns a Python expression for `node`'s value,
appending to `out` any statements that must run first (Pony is expression
oriented; Python is not, so `if`, `match`, loops and `try` become statements
writing a temporary). To keep Pony's left-to-right evaluation order, the
operands of one expression are spilled into temporaries when a later
operand needs statements (`ordered`). A call evaluates its arguments before
its receiver (ponyc gencall.c gen_call; an operator on a builtin number or
Bool is the exception: left, then right), while Python's `recv.m(args)`
does the opposite, so arguments go into temporaries first unless the
difference can't show (`receiver_last`). An assignment evaluates its right
side first, then the object whose field it writes (ponyc gen_assign),
which is Python's order for `obj.f = value`. Control flow lives in
`codegen.control`, which extends this class.
"""

from __future__ import annotations

import ast
import struct
from typing import TYPE_CHECKING

from capdsl import ast as cap
from capdsl.codegen import intrinsics
from capdsl.codegen import pyast as py
from capdsl.codegen.names import PRIME, behaviour_body, py_attr, py_name, temp_name
from capdsl.codegen.numeric import BITS, SIGNED, numeric_call
from capdsl.codegen.typetest import type_key_args
from checker.cap import Cap, RCap
from checker.decls import EntityInfo, MethodInfo
from checker.info import CallInfo, FieldRef, LocalRef, TypeRef
from checker.literals import numeric_name
from checker.types import Nominal, Type, cap_of

if TYPE_CHECKING:
    from capdsl.codegen.module import FileGen

_OPERATOR_METHODS = frozenset(
    name + suffix
    for name in ("add", "sub", "mul", "div", "rem", "neg", "shl", "shr", "eq", "ne", "lt", "le",
                 "gt", "ge")
    for suffix in ("", "_unsafe")) | {"op_and", "op_or", "op_xor", "op_not"}
"""Methods ponyc generates inline, operands left to right, when the receiver
is statically a builtin number or Bool (gencall.c special_case_operator);
every other call evaluates its arguments first."""

_STRING_READERS = frozenset({
    "add", "string", "size", "clone", "eq", "ne", "lt", "le", "gt", "ge", "compare",
    "substring", "contains", "hash", "lower", "upper"})
"""Methods of the builtin String that only read their receiver and String
arguments (and make a new String): effect-free."""

NATIVE_PRIMITIVE_METHODS = frozenset({
    "string", "hash", "hash64", "eq", "ne", "lt", "le", "gt", "ge", "compare", "add", "sub",
    "mul", "div", "rem", "mod", "neg", "min", "max", "abs", "op_and", "op_or", "op_xor",
    "op_not", "shl", "shr",
})


class FnGen:
    """Generates the body of one Python function."""

    def __init__(self, file: FileGen, entity: EntityInfo) -> None:
        self.file = file
        self.prog = file.prog
        self.info = file.prog.info
        self.entity = entity
        self._temps = 0
        self._let_sites: dict[str, tuple[list[ast.stmt], ast.stmt]] = {}
        """`let` local -> the statement list and the statement binding it."""
        self._hoisted: dict[tuple[str, str], str] = {}
        self._quiet: dict[int, bool] = {}
        self.locals: set[str] = set()
        """Python names of the parameters and locals declared so far (a
        lambda's capture `(x)` is a local if declared, else a field)."""

    def temp(self, hint: str = "t") -> str:
        self._temps += 1
        return temp_name(self._temps, hint)

    def fixed_attr(self, recv: ast.expr, attr: str) -> ast.expr:
        """`recv.attr` for an attribute its object never rebinds (a runtime
        Map's dicts). For a `let` local it is loaded once, right after the
        binding (a let is never rebound), instead of at every use."""
        if not isinstance(recv, ast.Name) or recv.id not in self._let_sites:
            return py.attr(recv, attr)
        key = (recv.id, attr)
        if key not in self._hoisted:
            stmts, binding = self._let_sites[recv.id]
            self._hoisted[key] = local = self.temp(attr.strip("_"))
            load = py.assign(py.store(local), py.attr(py.name(recv.id), attr))
            stmts.insert(stmts.index(binding) + 1, ast.copy_location(load, binding))
        return py.name(self._hoisted[key])

    def type_of(self, node: cap.Expr) -> Type | None:
        return self.info.types.get(id(node))

    def numeric(self, node: cap.Expr) -> str | None:
        """The numeric type name of `node`'s value, if it is a number."""
        t = self.type_of(node)
        return numeric_name(t) if t is not None else None

    # ------------------------------------------------------------- entry points

    def value(self, node: cap.Expr, out: list[ast.stmt]) -> ast.expr:
        handler = getattr(self, f"v_{type(node).__name__}")
        result: ast.expr = handler(node, out)
        coercion = self.info.coercions.get(id(node))
        if coercion is not None:  # a number stored as a union, interface or Any
            result = self.prog.box_value(result, *coercion)
        if self.prog.checked.reified and self._creates_object(node):
            result = self._reify(node, result)
        return py.at(result, node.span)

    def _creates_object(self, node: cap.Expr) -> bool:
        if isinstance(node, cap.ArrayLit):
            return True
        if isinstance(node, cap.NameRef | cap.Qualify):
            return isinstance(self.info.refs.get(id(node)), TypeRef)
        call = self.info.calls.get(id(node)) if isinstance(node, cap.Call) else None
        return call is not None and call.method.is_ctor

    def _reify(self, node: cap.Expr, value: ast.expr) -> ast.expr:
        """A new object of a generic class whose type arguments are tested at
        run time keeps them (`_rt.reify(obj, ("U8",))`)."""
        t = self.type_of(node)
        if not (isinstance(t, Nominal) and t.args and id(t.entity) in self.prog.checked.reified):
            return value
        return py.call(self.prog.runtime("reify"), [value, py.str_tuple(type_key_args(t))])

    def effect(self, node: cap.Expr, out: list[ast.stmt]) -> None:
        """Evaluate `node` for its effects only."""
        handler = getattr(self, f"s_{type(node).__name__}", None)
        if handler is not None:
            handler(node, out)
            return
        result = self.value(node, out)
        if not isinstance(result, ast.Constant | ast.Name):
            out.append(py.at(py.expr_stmt(result), node.span))

    def body(self, seq: cap.Seq, returns: bool) -> list[ast.stmt]:
        """A function body: statements, then `return` of the last value."""
        out: list[ast.stmt] = []
        if not returns:
            self.effect(seq, out)
            return out
        result = self.value(seq, out)
        out.append(py.at(ast.Return(result), seq.exprs[-1].span))
        return out

    def ordered(self, nodes: list[cap.Expr], out: list[ast.stmt]) -> list[ast.expr]:
        """Values of `nodes` in source order, spilling earlier ones into
        temporaries when a later one needs statements first."""
        parts: list[tuple[list[ast.stmt], ast.expr]] = []
        for node in nodes:
            stmts: list[ast.stmt] = []
            parts.append((stmts, self.value(node, stmts)))
        results: list[ast.expr] = []
        for i, (stmts, expr) in enumerate(parts):
            out.extend(stmts)
            later_has_stmts = any(s for s, _e in parts[i + 1:])
            if later_has_stmts and not py.is_pure(expr):
                tmp = self.temp()
                out.append(py.assign(py.store(tmp), expr))
                expr = py.name(tmp)
            results.append(expr)
        return results

    # ------------------------------------------------------------- literals

    def number_const(self, node: cap.Expr, value: int | float) -> ast.expr:
        """A literal's value in its type: a float for F32/F64 (F32 rounded to
        32 bits at compile time), an int wrapped into an unsigned type."""
        kind = self.numeric(node)
        if kind == "F32":
            return py.const(float(struct.unpack("f", struct.pack("f", float(value)))[0]))
        if kind == "F64":
            return py.const(float(value))
        if kind in BITS and kind not in SIGNED and isinstance(value, int):
            return py.const(value % (1 << BITS[kind]))
        return py.const(value)

    def v_IntLit(self, node: cap.IntLit, out: list[ast.stmt]) -> ast.expr:
        return self.number_const(node, node.value)

    def v_CharLit(self, node: cap.CharLit, out: list[ast.stmt]) -> ast.expr:
        return self.number_const(node, node.value)

    def v_FloatLit(self, node: cap.FloatLit, out: list[ast.stmt]) -> ast.expr:
        return self.number_const(node, node.value)

    def v_BoolLit(self, node: cap.BoolLit, out: list[ast.stmt]) -> ast.expr:
        return py.const(node.value)

    def v_StringLit(self, node: cap.StringLit, out: list[ast.stmt]) -> ast.expr:
        return py.name(self.file.string_constant(node.value))

    def v_TupleExpr(self, node: cap.TupleExpr, out: list[ast.stmt]) -> ast.expr:
        return ast.Tuple(self.ordered(list(node.elems), out), ast.Load())

    def v_ArrayLit(self, node: cap.ArrayLit, out: list[ast.stmt]) -> ast.expr:
        elems = self.ordered(list(node.elems), out)
        return py.call(self.prog.runtime("Array"), [ast.List(elems, ast.Load())])

    # ------------------------------------------------------------- names

    def v_NameRef(self, node: cap.NameRef, out: list[ast.stmt]) -> ast.expr:
        ref = self.info.refs.get(id(node))
        if isinstance(ref, LocalRef):
            return py.name(py_name(ref.name))
        if isinstance(ref, FieldRef):
            return py.attr(py.name("self"), py_attr(ref.field.name))
        if isinstance(ref, TypeRef):
            return self.create_value(ref.entity)
        raise AssertionError(f"unresolved name {node.name} at {node.span}")

    def v_This(self, node: cap.This, out: list[ast.stmt]) -> ast.expr:
        return py.name("self")

    def v_Qualify(self, node: cap.Qualify, out: list[ast.stmt]) -> ast.expr:
        ref = self.info.refs[id(node)]
        assert isinstance(ref, TypeRef)
        return self.create_value(ref.entity)

    def create_value(self, entity: EntityInfo) -> ast.expr:
        """`Type` as a value: `Type.create()` with its default arguments, or a
        primitive's single instance."""
        if entity.kind == "primitive":
            return self.prog.primitive_value(entity)
        create = entity.methods.get("create")
        defaults = [p.default for p in create.params if p.default is not None] \
            if create is not None else []
        args = [self.value(d, []) for d in defaults]
        return py.call(py.attr(self.prog.entity_ref(entity), "create"), args)

    def v_Dot(self, node: cap.Dot, out: list[ast.stmt]) -> ast.expr:
        ref = self.info.refs.get(id(node))
        if isinstance(ref, TypeRef):  # pkg.Type as a value
            return self.create_value(ref.entity)
        obj = self.value(node.obj, out)
        if node.name.startswith("_") and node.name[1:].isdigit() and \
                id(node) not in self.info.fields:
            return ast.Subscript(obj, py.const(int(node.name[1:]) - 1), ast.Load())
        return py.attr(obj, py_attr(node.name))

    def v_Local(self, node: cap.Local, out: list[ast.stmt]) -> ast.expr:
        return py.const(None)

    def s_Local(self, node: cap.Local, out: list[ast.stmt]) -> None:
        return None

    # ------------------------------------------------------------- calls

    def v_Call(self, node: cap.Call, out: list[ast.stmt]) -> ast.expr:
        info = self.info.calls.get(id(node))
        if info is None:
            raise AssertionError(f"unresolved call at {node.span}")
        if isinstance(node.callee, cap.Chain):
            return self._chain_call(node, info, out)
        inline = intrinsics.map_get_or_else(self, info, out)
        if inline is not None:
            return inline
        if info.method.name in ("op_and", "op_or") and info.receiver is not None and \
                info.args and info.args[0] is not None and self._is_bool(info.receiver):
            # Bool's op_and/op_or short-circuit like `and`/`or` (ponyc special_case_call)
            word = "and" if info.method.name == "op_and" else "or"
            return self._short_circuit(cap.BinOp(node.span, word, info.receiver, info.args[0]),
                                       out)
        return self.emit_call(info, self.receiver_expr(info, node), out, bool(node.named))

    def s_Call(self, node: cap.Call, out: list[ast.stmt]) -> None:
        info = self.info.calls.get(id(node))
        if info is not None and not isinstance(node.callee, cap.Chain) and \
                id(node) not in self.info.coercions and self._inline_effect(info, node, out):
            return
        self.effect_expr(self.value(node, out), node, out)

    def _inline_effect(self, info: CallInfo, node: cap.Expr, out: list[ast.stmt]) -> bool:
        """A call whose value is unused, inline if an intrinsic applies."""
        return intrinsics.string_append(self, info, node.span, out) or \
            intrinsics.array_push(self, info, node.span, out) or \
            intrinsics.map_update(self, info, node.span, out)

    def receiver_expr(self, info: CallInfo, node: cap.Call) -> cap.Expr | None:
        return info.receiver

    def emit_call(self, info: CallInfo, recv_node: cap.Expr | None, out: list[ast.stmt],
                  named: bool = False) -> ast.expr:
        """A call in Pony's order (`named`: the source named an argument,
        which makes even a number's operator method an ordinary call)."""
        method = info.method
        arg_nodes = [a if a is not None else _default(method, i) for i, a in enumerate(info.args)]
        if recv_node is None or method.is_ctor:  # ponyc doesn't evaluate a constructor's
            args = self.ordered(arg_nodes, out)  # receiver: it only names the type
            if info.via_create and self._creates_receiver(info):  # `Foo.m()` is `Foo.create().m()`
                args = self._keep_before(arg_nodes, args, [], False, out)
            return self.call_method(info, None, args)
        if not named and self._operator_order(info):
            recv, *args = self.ordered([recv_node, *arg_nodes], out)
            return self.call_method(info, recv, args)
        recv, args = self.receiver_last(recv_node, arg_nodes, out)
        return self.call_method(info, recv, args)

    def receiver_last(self, recv_node: cap.Expr, arg_nodes: list[cap.Expr],
                      out: list[ast.stmt]) -> tuple[ast.expr, list[ast.expr]]:
        """The receiver and argument values of a call, evaluated in Pony's
        order: the arguments left to right, then the receiver. Python
        evaluates `recv.m(args)` receiver first, so an argument is put in a
        temporary beforehand unless that can't show: the receiver (or the
        argument) is quiet, a value no other expression can change and
        whose evaluation does nothing (a local, `this`, a constant...)."""
        args = self.ordered(arg_nodes, out)
        recv_stmts: list[ast.stmt] = []
        recv = self.value(recv_node, recv_stmts)
        if recv_stmts or not (isinstance(recv, ast.Constant) or self.quiet(recv_node)):
            recv_free = not recv_stmts and self.effect_free(recv_node)
            args = self._keep_before(arg_nodes, args, [*recv_stmts, recv], recv_free, out)
        out.extend(recv_stmts)
        return recv, args

    def _keep_before(self, nodes: list[cap.Expr], values: list[ast.expr], later: list[ast.AST],
                     later_free: bool, out: list[ast.stmt]) -> list[ast.expr]:
        """`values` (of `nodes`), each put in a temporary now unless
        evaluating it after the code `later` gives the same: a constant, a
        temporary or a quiet value, or an effect-free one when `later` is
        effect-free too, reading no local that `later` assigns."""
        stored = {n.id for code in later for n in ast.walk(code)
                  if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        kept: list[ast.expr] = []
        for node, value in zip(nodes, values, strict=True):
            reads = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
            same = isinstance(value, ast.Name) or self.quiet(node) or (
                later_free and self.effect_free(node))
            if not isinstance(value, ast.Constant) and (reads & stored or not same):
                tmp = self.temp("a")
                out.append(py.assign(py.store(tmp), value))
                value = py.name(tmp)
            kept.append(value)
        return kept

    def effect_free(self, node: cap.Expr) -> bool:
        """Whether evaluating `node` changes nothing another expression could
        see (its value may change with them): a quiet value, any field read,
        or a total method of a builtin number or Bool, or a reading method
        of a builtin String, on effect-free operands. Two effect-free
        expressions may run in either order."""
        if self.quiet(node):
            return True
        if isinstance(node, cap.NameRef):
            return isinstance(self.info.refs.get(id(node)), FieldRef)
        if isinstance(node, cap.Dot):
            return isinstance(self.info.refs.get(id(node)), TypeRef) or \
                self.effect_free(node.obj)
        if isinstance(node, cap.Consume):
            return self.effect_free(node.operand)
        if isinstance(node, cap.TupleExpr):
            return all(self.effect_free(e) for e in node.elems)
        info = self.info.calls.get(id(node))
        if info is None or isinstance(node, cap.Assign) or info.method.partial or \
                info.receiver is None or info.via_create or info.method.is_ctor:
            return False
        if self.prog.native_primitive(info.entity) not in (None, "NoneP"):
            reads = self._static_native(info.receiver_type)
        else:
            reads = info.method.name in _STRING_READERS and \
                intrinsics.is_string_type(info.receiver_type)
        operands = [a if a is not None else _default(info.method, i)
                    for i, a in enumerate(info.args)]
        return reads and all(self.effect_free(a) for a in [info.receiver, *operands])

    def quiet(self, node: cap.Expr) -> bool:
        """Whether evaluating `node` does nothing observable and gives the
        same value before or after any other expression (statements may
        rebind locals; expressions can't): a literal, `this`, a local or
        parameter, a primitive, a `let` or `embed` field or tuple element
        of a quiet value, or a total method of a builtin number or Bool on
        quiet operands (`n.string()`, `a + 1`)."""
        key = id(node)
        if key not in self._quiet:
            self._quiet[key] = self._is_quiet(node)
        return self._quiet[key]

    def _is_quiet(self, node: cap.Expr) -> bool:
        if isinstance(node, cap.IntLit | cap.FloatLit | cap.CharLit | cap.BoolLit |
                      cap.StringLit | cap.This):
            return True
        if isinstance(node, cap.Consume):
            return self.quiet(node.operand)
        if isinstance(node, cap.TupleExpr):
            return all(self.quiet(e) for e in node.elems)
        ref = self.info.refs.get(id(node))
        if isinstance(node, cap.NameRef | cap.Dot | cap.Qualify) and ref is not None:
            if isinstance(ref, TypeRef):
                return ref.entity.kind == "primitive"
            return isinstance(ref, LocalRef) or ref.field.kind != "var"
        if isinstance(node, cap.Dot):
            field = self.info.fields.get(id(node))
            return (field is None or field.kind != "var") and self.quiet(node.obj)
        if isinstance(node, cap.BinOp) and node.op in ("is", "isnt"):
            return self.quiet(node.left) and self.quiet(node.right)
        info = self.info.calls.get(id(node))
        if info is None or isinstance(node, cap.Assign) or info.method.partial or \
                self.prog.native_primitive(info.entity) in (None, "NoneP"):
            return False
        operands = [a if a is not None else _default(info.method, i)
                    for i, a in enumerate(info.args)]
        if info.method.is_ctor:  # `U32(x)` is x
            return isinstance(node, cap.Call) and not isinstance(node.callee, cap.Chain) and \
                all(self.quiet(a) for a in operands)
        if info.receiver is None or info.via_create or \
                not self._static_native(info.receiver_type):
            return False
        return all(self.quiet(a) for a in [info.receiver, *operands])

    def _static_native(self, t: Type) -> bool:
        """Whether `t` is statically a builtin number or Bool (not a union,
        interface or type parameter, which may hold other objects)."""
        return numeric_name(t) is not None or (
            isinstance(t, Nominal) and t.entity.name == "Bool" and
            t.entity.package.key == "builtin")

    def _operator_order(self, info: CallInfo) -> bool:
        """ponyc's exception to arguments-first: an operator method of a
        receiver that is statically a builtin number or Bool."""
        return info.method.name in _OPERATOR_METHODS and not info.via_create and \
            self.prog.native_primitive(info.entity) not in (None, "NoneP") and \
            self._static_native(info.receiver_type)

    def _creates_receiver(self, info: CallInfo) -> bool:
        """Whether the receiver `Foo.m()` makes is a new object (`create`
        runs code), not a primitive's instance or a number."""
        return info.entity.kind != "primitive" and self.prog.native_primitive(info.entity) is None

    def call_method(self, info: CallInfo, recv: ast.expr | None,
                    args: list[ast.expr]) -> ast.expr:
        method, entity = info.method, info.entity
        native = self.prog.native_primitive(entity)
        if method.is_ctor:
            return self._construct(entity, method, args, native)
        if info.via_create:
            recv = self.create_value(entity) if native is None else \
                self.prog.primitive_value(entity)
        if native not in (None, "Bool", "NoneP") and not info.via_create and \
                numeric_name(info.receiver_type) is None and recv is not None:
            return py.call(py.call(self.prog.runtime("dyn"), [recv, py.const(method.name)]),
                           args)  # a union or interface receiver: the number may be boxed
        if native is not None:
            assert recv is not None
            return numeric_call(native, method.name, recv, args, self.temp)
        if recv is None:
            recv = py.name("self")
        if self._needs_dynamic(info):
            dyn = py.call(self.prog.runtime("dyn"), [recv, py.const(method.name)])
            return py.call(dyn, args)
        actor = self._direct_send(info)
        if actor is not None:
            # `_send(a, Cls._b_m, (args,))`: what the behaviour's stub does,
            # without calling the stub (one Python call per send, not two)
            body = py.attr(self.prog.entity_ref(actor), behaviour_body(method.name))
            return py.call(py.name("_send"), [recv, body, ast.Tuple(args, ast.Load())])
        return py.call(py.attr(recv, py_attr(method.name)), args)

    def _direct_send(self, info: CallInfo) -> EntityInfo | None:
        """The actor class a behaviour call may send to directly: the
        receiver is statically one of the program's actors (final, so the
        body is known) and no `iso` argument has bytes to move (the stub
        does that); else None."""
        t = info.receiver_type
        if not (info.method.is_behaviour and isinstance(t, Nominal)
                and t.entity.kind == "actor" and not t.entity.native):
            return None
        if any(isinstance(c := cap_of(p.type), RCap) and c.cap is Cap.ISO
               for p in info.method.params):
            return None
        return t.entity

    def _needs_dynamic(self, info: CallInfo) -> bool:
        """A receiver typed by an interface, union or type parameter may hold a
        number, Bool or None, whose methods live in the runtime, not on the value."""
        if info.method.name not in NATIVE_PRIMITIVE_METHODS or info.receiver is None:
            return False
        t = info.receiver_type
        return not (isinstance(t, Nominal) and t.entity.kind in ("class", "actor", "primitive"))

    def _construct(self, entity: EntityInfo, method: MethodInfo, args: list[ast.expr],
                   native: str | None) -> ast.expr:
        if native is not None:
            if method.name == "create":
                return args[0] if args else py.const(None)
            return py.call(py.attr(self.prog.native_module(native), method.name), args)
        if entity.kind == "primitive":
            return self.prog.primitive_value(entity)
        return py.call(py.attr(self.prog.entity_ref(entity), py_attr(method.name)), args)

    def _chain_call(self, node: cap.Call, info: CallInfo, out: list[ast.stmt]) -> ast.expr:
        """`x.>m(args)`: the arguments, then `x` (kept as the value), then the call."""
        assert info.receiver is not None
        args_nodes = [a if a is not None else _default(info.method, i)
                      for i, a in enumerate(info.args)]
        recv, args = self.receiver_last(info.receiver, args_nodes, out)
        if isinstance(recv, ast.Name) and recv.id.startswith(PRIME):
            tmp = recv.id  # a temporary already (another chain's): assigned once
        else:
            tmp = self.temp("c")
            out.append(py.assign(py.store(tmp), recv))
        out.append(py.at(py.expr_stmt(self.call_method(info, py.name(tmp), args)), node.span))
        return py.name(tmp)

    def v_BinOp(self, node: cap.BinOp, out: list[ast.stmt]) -> ast.expr:
        if node.op in ("is", "isnt"):
            left, right = self.ordered([node.left, node.right], out)
            left_t, right_t = self.type_of(node.left), self.type_of(node.right)
            if left_t is not None and right_t is not None:
                # a number against a union or Any is compared as its box (its type counts)
                left = self.prog.box_value(left, left_t, right_t)
                right = self.prog.box_value(right, right_t, left_t)
            test = py.call(self.prog.runtime("identical"), [left, right])
            return ast.UnaryOp(ast.Not(), test) if node.op == "isnt" else test
        if node.op in ("and", "or") and self._is_bool(node.left):
            return self._short_circuit(node, out)
        return self.emit_call(self.info.calls[id(node)], node.left, out)

    def _is_bool(self, node: cap.Expr) -> bool:
        t = self.type_of(node)
        return isinstance(t, Nominal) and t.entity.name == "Bool" and \
            t.entity.package.key == "builtin"

    def _short_circuit(self, node: cap.BinOp, out: list[ast.stmt]) -> ast.expr:
        left = self.value(node.left, out)
        right_stmts: list[ast.stmt] = []
        right = self.value(node.right, right_stmts)
        op: ast.boolop = ast.And() if node.op == "and" else ast.Or()
        if not right_stmts:
            return ast.BoolOp(op, [left, right])
        tmp = self.temp()
        out.append(py.assign(py.store(tmp), left))
        test: ast.expr = py.name(tmp) if node.op == "and" else ast.UnaryOp(ast.Not(), py.name(tmp))
        out.append(ast.If(test, [*right_stmts, py.assign(py.store(tmp), right)], []))
        return py.name(tmp)

    def v_UnaryOp(self, node: cap.UnaryOp, out: list[ast.stmt]) -> ast.expr:
        if id(node) not in self.info.calls:  # a negative literal
            operand = node.operand
            assert isinstance(operand, cap.IntLit | cap.FloatLit)
            return self.number_const(node, -operand.value)
        if node.op == "not" and self._is_bool(node.operand):
            return ast.UnaryOp(ast.Not(), self.value(node.operand, out))
        return self.emit_call(self.info.calls[id(node)], node.operand, out)

    def v_FFICall(self, node: cap.FFICall, out: list[ast.stmt]) -> ast.expr:
        args = self.ordered(list(node.args), out)
        return py.call(py.name(self.file.ffi_function(node.name)), args)

    # ------------------------------------------------------------- simple forms

    def v_Consume(self, node: cap.Consume, out: list[ast.stmt]) -> ast.expr:
        return self.value(node.operand, out)

    def v_Recover(self, node: cap.Recover, out: list[ast.stmt]) -> ast.expr:
        return self.value(node.body, out)

    def v_DigestOf(self, node: cap.DigestOf, out: list[ast.stmt]) -> ast.expr:
        value = self.value(node.operand, out)
        kind = self.numeric(node.operand)
        if kind in BITS and BITS[kind] <= 64:  # its bits, zero-extended (ponyc)
            return py.binop(value, ast.BitAnd(), py.const((1 << BITS[kind]) - 1))
        if kind is not None and kind != "Bool":  # F32, F64, 128-bit: by the type's rule
            return py.call(self.prog.runtime("digest_number"), [value, py.const(kind)])
        return py.call(self.prog.runtime("digest"), [value])

    def v_Seq(self, node: cap.Seq, out: list[ast.stmt]) -> ast.expr:
        for e in node.exprs[:-1]:
            self.effect(e, out)
        return self.value(node.exprs[-1], out)

    def s_Seq(self, node: cap.Seq, out: list[ast.stmt]) -> None:
        for e in node.exprs:
            self.effect(e, out)

    # ------------------------------------------------------------- assignment

    def v_Assign(self, node: cap.Assign, out: list[ast.stmt]) -> ast.expr:
        if id(node) in self.info.calls:  # x(i) = v is x.update(i, v)
            return self.emit_call(self.info.calls[id(node)], self.info.calls[id(node)].receiver,
                                  out)
        target = node.target
        if isinstance(target, cap.Local | cap.DontCare | cap.TupleExpr):
            self.s_Assign(node, out)
            return py.const(None)
        old = self.temp("old")
        loc, value = self._target_and_value(node, out, reads_old=True)
        out.append(py.assign(py.store(old), _as_load(loc)))
        out.append(py.at(py.assign(loc, value), node.span))
        return py.name(old)

    def s_Assign(self, node: cap.Assign, out: list[ast.stmt]) -> None:
        if id(node) in self.info.calls:
            if self._inline_effect(self.info.calls[id(node)], node, out):
                return
            self.effect_expr(self.v_Assign(node, out), node, out)
            return
        if isinstance(node.target, cap.DontCare):
            self.effect(node.value, out)
            return
        loc, value = self._target_and_value(node, out)
        binding = py.at(py.assign(loc, value), node.span)
        out.append(binding)
        if isinstance(node.target, cap.Local) and node.target.kind == "let" and \
                isinstance(loc, ast.Name):
            self._let_sites[loc.id] = (out, binding)

    def effect_expr(self, value: ast.expr, node: cap.Expr, out: list[ast.stmt]) -> None:
        if not isinstance(value, ast.Constant | ast.Name):
            out.append(py.at(py.expr_stmt(value), node.span))

    def _target_and_value(self, node: cap.Assign, out: list[ast.stmt],
                          reads_old: bool = False) -> tuple[ast.expr, ast.expr]:
        """Where to store and what, in Pony's order: the value first, then
        the object whose field is written (ponyc gen_assign), as Python
        evaluates `obj.f = value`. `reads_old`: the field's old value is
        read (`old = obj.f`) before the store, so the value is computed
        before that and the object only once."""
        target = node.target
        value = self.value(node.value, out)
        if isinstance(target, cap.Dot):
            obj_stmts: list[ast.stmt] = []
            obj = self.value(target.obj, obj_stmts)
            if obj_stmts or reads_old:  # (reading the old value does nothing)
                free = not obj_stmts and self.effect_free(target.obj)
                value, = self._keep_before([node.value], [value], [*obj_stmts, obj], free, out)
            out.extend(obj_stmts)
            if reads_old and not (isinstance(obj, ast.Name) or self.quiet(target.obj)):
                tmp = self.temp("o")
                out.append(py.assign(py.store(tmp), obj))
                obj = py.name(tmp)
            return py.attr_store(obj, py_attr(target.name)), value
        if reads_old and isinstance(self.info.refs.get(id(target)), FieldRef):
            value, = self._keep_before([node.value], [value], [], True, out)
        return self.store_target(target), value

    def store_target(self, target: cap.Expr) -> ast.expr:
        if isinstance(target, cap.TupleExpr):
            return ast.Tuple([self.store_target(e) for e in target.elems], ast.Store())
        if isinstance(target, cap.DontCare):
            return py.store(self.temp("_"))
        if isinstance(target, cap.Local):
            self.locals.add(py_name(target.name))
            return py.store(py_name(target.name))
        ref = self.info.refs.get(id(target))
        if isinstance(ref, FieldRef):
            return py.attr_store(py.name("self"), py_attr(ref.field.name))
        if isinstance(ref, LocalRef):
            return py.store(py_name(ref.name))
        raise AssertionError(f"can't assign to {target}")


def _as_load(target: ast.expr) -> ast.expr:
    if isinstance(target, ast.Name):
        return py.name(target.id)
    if isinstance(target, ast.Attribute):
        return py.attr(target.value, target.attr)
    raise AssertionError("old value of a tuple target")


def _default(method: MethodInfo, index: int) -> cap.Expr:
    default = method.params[index].default
    assert default is not None
    return default



"""The mypy plugin: reference capabilities in the Python code that uses compiled programs.

Place: the editor-facing end of the pipeline. `capdsl stubs` (`capdsl.stubs`)
types a program's entities with the `capdsl.caps` wrappers; this plugin,
enabled with `plugins = ["capdsl.mypy_plugin"]`, checks how Python code uses
them and reports with its own codes (texts in `capdsl.messages`):

- `cap-type` (type analysis): a wrapper around a wrapper, or an actor under
  anything but `Tag`;
- `cap-receiver` and `cap-field` (attribute hook): `_Cap` declares
  `__getattr__` for mypy only, so every member of `Val[Buf]` comes here as
  `capdsl.caps._Cap.NAME`; the hook checks the capability and forwards the
  lookup to `Buf`, so mypy's own checks still apply. A field write is seen
  here too: mypy reads the target while checking the assignment, and the
  assignment targets of each file are collected once;
- `cap-send` (method hook): behaviour and actor-constructor arguments must be
  sendable;
- `cap-consume` (function hook on `consume`): later uses of the consumed name
  in the same function, through straight-line code and `if` branches, and
  around a loop whose body consumes it.

Receiver capabilities, behaviours and constructors are read from the stubs'
decorators during semantic analysis and kept in `TypeInfo.metadata` (the
decorators themselves are not in mypy's cache). It uses mypy internals
(`analyze_member_access`, the error watchers): mypy is pinned to the tested
version.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from mypy.checkmember import analyze_member_access
from mypy.errorcodes import ErrorCode
from mypy.nodes import (
    AssignmentStmt,
    Block,
    BreakStmt,
    CallExpr,
    ClassDef,
    Context,
    ContinueStmt,
    Decorator,
    Expression,
    ForStmt,
    FuncDef,
    FuncItem,
    IfStmt,
    ListExpr,
    MemberExpr,
    MypyFile,
    NameExpr,
    OperatorAssignmentStmt,
    OverloadedFuncDef,
    RaiseStmt,
    RefExpr,
    ReturnStmt,
    Statement,
    TryStmt,
    TupleExpr,
    TypeInfo,
    Var,
    WhileStmt,
    WithStmt,
)
from mypy.plugin import (
    AnalyzeTypeContext,
    AttributeContext,
    ClassDefContext,
    FunctionContext,
    MethodContext,
    Plugin,
    ReportConfigContext,
)
from mypy.plugins.common import add_attribute_to_class
from mypy.server.trigger import make_trigger
from mypy.traverser import NameAndMemberCollector
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    LiteralType,
    NoneType,
    TupleType,
    Type,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

from capdsl.messages import plugin_message
from checker.cap import Cap, RCap, alias, normalize, viewpoint_upper

CAPS = "capdsl.caps"
WRAPPERS = {f"{CAPS}.{n}": n.lower() for n in ("Iso", "Trn", "Ref", "Val", "Box", "Tag")}
ROOTS = (f"{CAPS}.CapObject", f"{CAPS}.Interface")
ACTOR = f"{CAPS}.Actor"
GETATTR = f"{CAPS}._Cap."
CONSUME = f"{CAPS}.consume"
META = "capdsl"
SUMMARY = "__capdsl_members__"
RULES_VERSION = 1

CAP_TYPE = ErrorCode("cap-type", "Malformed capability type", "capdsl")
CAP_RECEIVER = ErrorCode("cap-receiver", "Receiver capability too weak for the method", "capdsl")
CAP_FIELD = ErrorCode("cap-field", "Field access the capability does not allow", "capdsl")
CAP_SEND = ErrorCode("cap-send", "Argument not sendable to an actor", "capdsl")
CAP_CONSUME = ErrorCode("cap-consume", "Name used after it was consumed", "capdsl")

RECEIVERS = {  # wrapper caps that can call a method marked with this receiver
    "ref": {"iso", "trn", "ref"},
    "val": {"val"},
    "box": {"iso", "trn", "ref", "val", "box"},
    "tag": {"iso", "trn", "ref", "val", "box", "tag"},
    "behaviour": {"iso", "trn", "ref", "val", "box", "tag"},
}
WRITERS = {"iso", "trn", "ref"}
SENDABLE_PLAIN = {"builtins.int", "builtins.float", "builtins.bool", "builtins.str",
                  "builtins.bytes", "builtins.complex", "builtins.object",
                  "runtime.embed.Promise"}
MARKS = {f"{CAPS}.{m}": m for m in ("ref", "val", "box", "tag", "behaviour", "constructor")}


class CapPlugin(Plugin):
    """The hooks; each `get_*` answers quickly and purely."""

    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        return analyze_wrapper if fullname in WRAPPERS else None

    def get_base_class_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        if fullname in ROOTS or fullname == ACTOR:
            return record_members
        sym = self.lookup_fully_qualified(fullname)
        if sym is not None and isinstance(sym.node, TypeInfo) and \
                any(sym.node.has_base(r) for r in ROOTS):
            return record_members
        return None

    def get_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        if fullname.startswith(GETATTR):
            return _member_hook(fullname[len(GETATTR):])
        return None

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        owner, _, method = fullname.rpartition(".")
        if owner in WRAPPERS:
            return _behaviour_hook(method)
        sym = self.lookup_fully_qualified(owner) if owner else None
        if sym is not None and isinstance(sym.node, TypeInfo):
            meta = sym.node.metadata.get(META)
            if meta and meta.get("actor") and meta.get("members", {}).get(method) == \
                    "constructor":
                info = sym.node
                return lambda ctx: check_sendable(ctx, info, method, "constructor")
        return None

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return check_consume if fullname == CONSUME else None

    def report_config_data(self, ctx: ReportConfigContext) -> object:
        return {"capdsl-rules": RULES_VERSION}


@functools.cache
def _member_hook(name: str) -> Callable[[AttributeContext], Type]:
    return lambda ctx: member_through_wrapper(ctx, name)


@functools.cache
def _behaviour_hook(method: str) -> Callable[[MethodContext], Type]:
    return lambda ctx: check_behaviour_call(ctx, method)


# ------------------------------------------------------------------ cap-type


def analyze_wrapper(ctx: AnalyzeTypeContext) -> Type:
    written = ctx.type
    fullname = next(f for f in WRAPPERS if f.endswith("." + written.name.rsplit(".", 1)[-1]))
    cap = WRAPPERS[fullname]
    if len(written.args) != 1:
        ctx.api.fail(plugin_message("cap-type-arity", wrapper=cap.title()), ctx.context,
                     code=CAP_TYPE)
        return AnyType(TypeOfAny.from_error)
    inner = ctx.api.analyze_type(written.args[0])
    proper = get_proper_type(inner)
    if isinstance(proper, Instance):
        if proper.type.fullname in WRAPPERS:
            ctx.api.fail(plugin_message("cap-type-nested", wrapper=cap.title(),
                                        inner=proper.type.name), ctx.context, code=CAP_TYPE)
            return AnyType(TypeOfAny.from_error)
        if proper.type.has_base(ACTOR) and cap != "tag":
            ctx.api.fail(plugin_message("cap-type-actor", wrapper=cap.title(),
                                        actor=proper.type.name), ctx.context, code=CAP_TYPE)
            return AnyType(TypeOfAny.from_error)
    return ctx.api.named_type(fullname, [inner])


# -------------------------------------------------------- recording members


def record_members(ctx: ClassDefContext) -> None:
    """Store each marked method's kind in the class metadata (idempotent:
    semantic analysis may run this more than once)."""
    info = ctx.cls.info
    members: dict[str, str] = {}
    for stmt in ctx.cls.defs.body:
        if isinstance(stmt, Decorator):
            for dec in stmt.original_decorators:
                if isinstance(dec, RefExpr) and dec.fullname in MARKS:
                    members[stmt.name] = MARKS[dec.fullname]
    actor = info.has_base(ACTOR)
    info.metadata[META] = {"members": members, "actor": actor}
    if info.is_protocol:  # an attribute would become a member of the protocol
        return
    summary = ",".join(f"{n}:{k}" for n, k in sorted(members.items())) + f";actor={actor}"
    add_attribute_to_class(ctx.api, ctx.cls, SUMMARY,
                           LiteralType(summary, ctx.api.named_type("builtins.str")),
                           is_classvar=True, override_allow_incompatible=True,
                           overwrite_existing=True)


def depend_on_member(chk: Any, info: TypeInfo, name: str) -> None:
    """Under dmypy, recheck the current function when `info.name` or the
    marks of `info` change: code reaches them through a wrapper, so mypy's
    own dependencies (on the wrapper) would not say so. The marks are in a
    class attribute (`SUMMARY`) because mypy's change detection sees symbol
    types, not metadata or decorators (an interface has none: a change of
    its marks alone is seen when its signatures change or on a full run)."""
    if not chk.options.fine_grained_incremental:
        return
    target = chk.tscope.current_target()
    owner = info.get_containing_type_info(name) or info
    deps = chk.tree.plugin_deps
    for trigger in {f"{owner.fullname}.{name}", f"{owner.fullname}.{SUMMARY}",
                    f"{info.fullname}.{SUMMARY}"}:
        deps.setdefault(make_trigger(trigger), set()).add(target)


def member_kind(info: TypeInfo, name: str) -> str | None:
    owner = info.get_containing_type_info(name)
    if owner is None:
        return None
    kind = owner.metadata.get(META, {}).get("members", {}).get(name)
    return kind if isinstance(kind, str) else None


# ---------------------------------------------------- cap-receiver, cap-field


def member_through_wrapper(ctx: AttributeContext, name: str) -> Type:
    wrapper = get_proper_type(ctx.type)
    if not isinstance(wrapper, Instance) or wrapper.type.fullname not in WRAPPERS or \
            not wrapper.args:
        return ctx.default_attr_type
    cap = WRAPPERS[wrapper.type.fullname]
    inner = get_proper_type(wrapper.args[0])
    chk: Any = ctx.api
    forwarded = analyze_member_access(
        name, inner, ctx.context, is_lvalue=False, is_super=False, is_operator=False,
        original_type=inner, chk=chk)
    if not isinstance(inner, Instance):
        return forwarded
    depend_on_member(chk, inner.type, name)
    node = inner.type.get(name)
    if node is not None and isinstance(node.node, Var) and not node.node.is_property:
        return field_access(ctx, cap, inner, name, forwarded)
    needed = member_kind(inner.type, name)
    if needed is not None and cap not in RECEIVERS.get(needed, RECEIVERS["tag"]):
        ctx.api.fail(plugin_message(f"cap-receiver-{cap if cap == 'tag' else needed}",
                                    cls=inner.type.name, name=name, cap=cap,
                                    wrapper=describe(wrapper), needed=needed),
                     ctx.context, code=CAP_RECEIVER)
    return forwarded


def field_access(ctx: AttributeContext, cap: str, inner: Instance, name: str,
                 forwarded: Type) -> Type:
    chk: Any = ctx.api
    if is_assignment_target(chk, ctx.context):
        if cap not in WRITERS:
            fail_unfiltered(chk, plugin_message("cap-field-write", name=name, cap=cap,
                                                wrapper=describe(ctx.type)),
                            ctx.context, CAP_FIELD)
        return forwarded
    if cap == "tag":
        ctx.api.fail(plugin_message("cap-field-read", cls=inner.type.name, name=name),
                     ctx.context, code=CAP_FIELD)
        return forwarded
    return adapt_to_origin(chk, cap, forwarded)


def adapt_to_origin(chk: Any, origin: str, field_type: Type) -> Type:
    """A field read through `origin`: Pony's viewpoint adaptation, then the
    alias a Python name makes (an `iso` field read through `ref` is `tag`)."""
    proper = get_proper_type(field_type)
    if isinstance(proper, UnionType):
        return UnionType([adapt_to_origin(chk, origin, m) for m in proper.items])
    if not isinstance(proper, Instance) or proper.type.fullname not in WRAPPERS:
        return field_type
    result = read_cap(origin, WRAPPERS[proper.type.fullname])
    if result is None:
        return field_type
    module = chk.modules.get(CAPS)
    sym = module.names.get(result.title()) if module is not None else None
    if sym is None or not isinstance(sym.node, TypeInfo):
        return field_type
    return Instance(sym.node, list(proper.args))


@functools.cache
def read_cap(origin: str, field: str) -> str | None:
    """The wrapper cap of a name holding `origin->field`, None if not a wrapper."""
    seen = viewpoint_upper(RCap(Cap(origin)), RCap(Cap(field)))
    if seen is None:
        return None
    result = normalize(alias(seen)).cap.value
    return result if result in WRAPPERS.values() else None


def fail_unfiltered(chk: Any, message: str, context: Context, code: ErrorCode) -> None:
    """Report even inside the error filter mypy puts around its read of an
    assignment target (the only place the plugin sees a field write)."""
    errors = chk.msg.errors
    saved = errors._watchers
    errors._watchers = []
    try:
        chk.fail(message, context, code=code)
    finally:
        errors._watchers = saved


_TARGETS: dict[int, tuple[MypyFile, frozenset[int]]] = {}


def is_assignment_target(chk: Any, context: Context) -> bool:
    if not isinstance(context, MemberExpr):
        return False
    tree: MypyFile = chk.tree
    cached = _TARGETS.get(id(tree))
    if cached is None or cached[0] is not tree:
        if len(_TARGETS) > 256:
            _TARGETS.clear()
        cached = (tree, frozenset(assignment_targets(tree.defs)))
        _TARGETS[id(tree)] = cached
    return id(context) in cached[1]


def assignment_targets(stmts: list[Statement]) -> Iterator[int]:
    """The ids of the member expressions assigned to in `stmts` (statements
    only: an expression holds no assignment statement)."""
    for stmt in stmts:
        targets: list[Expression] = []
        if isinstance(stmt, AssignmentStmt):
            targets = stmt.lvalues
        elif isinstance(stmt, OperatorAssignmentStmt):
            targets = [stmt.lvalue]
        elif isinstance(stmt, ForStmt):
            targets = [stmt.index]
        yield from (id(t) for t in flat_targets(targets) if isinstance(t, MemberExpr))
        for block in nested_blocks(stmt):
            yield from assignment_targets(block.body)


def nested_blocks(stmt: Statement) -> list[Block]:
    """The blocks of a compound statement, function or class."""
    if isinstance(stmt, Decorator):
        stmt = stmt.func
    if isinstance(stmt, FuncDef):
        return [stmt.body]
    if isinstance(stmt, ClassDef):
        return [stmt.defs]
    if isinstance(stmt, OverloadedFuncDef):
        return [b for item in stmt.items for b in nested_blocks(item)]
    return child_blocks(stmt)


def flat_targets(targets: list[Expression]) -> Iterator[Expression]:
    for target in targets:
        if isinstance(target, TupleExpr | ListExpr):
            yield from flat_targets(target.items)
        else:
            yield target


def names_in(node: Statement | Expression | Block) -> list[NameExpr]:
    """Every name expression in `node`, in source order (mypy's own compiled
    collector: mypyc-compiled visitors can't be subclassed here)."""
    collector = NameAndMemberCollector()
    node.accept(collector)
    return collector.name_exprs


# ------------------------------------------------------------------ cap-send


def check_behaviour_call(ctx: MethodContext, method: str) -> Type:
    wrapper = get_proper_type(ctx.type)
    if isinstance(wrapper, Instance) and wrapper.args:
        inner = get_proper_type(wrapper.args[0])
        if isinstance(inner, Instance) and member_kind(inner.type, method) == "behaviour":
            return check_sendable(ctx, inner.type, method, "behaviour")
    return ctx.default_return_type


def check_sendable(ctx: MethodContext, info: TypeInfo, method: str, kind: str) -> Type:
    depend_on_member(ctx.api, info, method)
    formals = formal_types(info, method)
    callee = f"{info.name}.{method}"
    for index, (types, exprs) in enumerate(zip(ctx.arg_types, ctx.args, strict=False)):
        to_tag = index < len(formals) and admits_tag(formals[index])
        for arg_type, expr in zip(types, exprs, strict=False):
            problem = unsendable(arg_type, expr)
            if problem is None or (to_tag and problem != "cap-send-python"):
                continue
            ctx.api.fail(plugin_message(problem, n=index + 1, kind=kind, callee=callee,
                                        type=describe(arg_type), name=expr_text(expr)),
                         expr, code=CAP_SEND)
    return ctx.default_return_type


def formal_types(info: TypeInfo, method: str) -> list[Type]:
    """The declared parameter types of `info.method`, without `self`."""
    node = info.get(method)
    target = node.node if node is not None else None
    if isinstance(target, Decorator):
        target = target.func
    if not isinstance(target, FuncDef) or not isinstance(target.type, CallableType):
        return []
    types = list(target.type.arg_types)
    return types if target.is_static else types[1:]


def admits_tag(formal: Type) -> bool:
    """A parameter typed `Tag[...]` (or `object`) takes any reference: the
    receiver can only hold it as a tag, which is always sendable."""
    proper = get_proper_type(formal)
    if isinstance(proper, UnionType):
        return any(admits_tag(m) for m in proper.items)
    if isinstance(proper, AnyType):
        return True
    return isinstance(proper, Instance) and proper.type.fullname in (
        f"{CAPS}.Tag", "builtins.object")


def unsendable(arg_type: Type, expr: Expression) -> str | None:
    """The message key saying why `expr` can't be sent, or None if it can."""
    proper = get_proper_type(arg_type)
    if isinstance(proper, AnyType | NoneType | LiteralType):
        return None
    if isinstance(proper, UnionType | TupleType):
        for item in proper.items:
            found = unsendable(item, expr)
            if found is not None:
                return found
        return None
    if isinstance(proper, Instance):
        name = proper.type.fullname
        cap = WRAPPERS.get(name)
        if cap in ("val", "tag") or name in SENDABLE_PLAIN or proper.type.has_base(ACTOR):
            return None
        if cap == "iso":
            return "cap-send-alias" if isinstance(expr, NameExpr | MemberExpr) else None
        if cap is not None:
            return "cap-send-cap"
        return "cap-send-python"
    return None


def describe(t: Type) -> str:
    proper = get_proper_type(t)
    if isinstance(proper, Instance):
        args = ", ".join(describe(a) for a in proper.args)
        return f"{proper.type.name}[{args}]" if args else proper.type.name
    return str(proper)


def expr_text(expr: Expression) -> str:
    if isinstance(expr, NameExpr):
        return expr.name
    if isinstance(expr, MemberExpr):
        return f"{expr_text(expr.expr)}.{expr.name}"
    return "..."


# --------------------------------------------------------------- cap-consume


def check_consume(ctx: FunctionContext) -> Type:
    """Report every later use of the consumed name (straight-line code,
    `if` branches and the blocks enclosing the `consume`)."""
    if not ctx.args or not ctx.args[0]:
        return ctx.default_return_type
    arg = ctx.args[0][0]
    call = ctx.context
    if not isinstance(arg, NameExpr) or not isinstance(arg.node, Var) or \
            not isinstance(call, CallExpr):
        return ctx.default_return_type
    chk: Any = ctx.api
    func: FuncItem | None = chk.scope.current_function()
    body = func.body.body if func is not None else chk.tree.defs
    scan = _ConsumeScan(chk, arg, call)
    scan.run(body)
    return ctx.default_return_type


OPEN, REBOUND, EXITED = "open", "rebound", "exited"


class _ConsumeScan:
    """Uses of one consumed variable after its `consume` call."""

    def __init__(self, chk: Any, arg: NameExpr, call: CallExpr) -> None:
        self.chk = chk
        self.arg = arg
        self.var = arg.node
        self.call = call
        self.message = "cap-consume"

    def run(self, body: list[Statement]) -> None:
        path = locate(body, self.arg)
        if not path:
            return
        block, index = path[-1]
        self.report_after_call(block[index])
        if self.rebinds(block[index]):
            return
        for level in range(len(path) - 1, -1, -1):
            block, index = path[level]
            state = self.scan(block[index + 1:])
            if state != OPEN:
                return
            loop = path[level - 1][0][path[level - 1][1]] if level else None
            if isinstance(loop, WhileStmt | ForStmt) and block is loop.body.body:
                self.loop_back(loop, block[:index + 1])

    def loop_back(self, loop: WhileStmt | ForStmt, head: list[Statement]) -> None:
        """The loop runs again: its condition and the statements up to the
        `consume` (the `consume` itself included) would see the name."""
        self.message = "cap-consume-loop"
        if isinstance(loop, WhileStmt):
            self.report_all(loop.expr)
        if self.scan(head[:-1]) == OPEN:
            where = (self.call.line, self.call.column)
            for use in self.uses(head[-1]):
                if (use.line, use.column) <= where or use is self.arg:
                    self.report(use)
        self.message = "cap-consume"

    def report_after_call(self, stmt: Statement) -> None:
        where = (self.call.line, self.call.column)
        for use in self.uses(stmt):
            if use is not self.arg and (use.line, use.column) > where:
                self.report(use)

    def uses(self, node: Statement | Expression | Block) -> Iterator[NameExpr]:
        return (found for found in names_in(node) if found.node is self.var)

    def report(self, use: NameExpr) -> None:
        self.chk.fail(plugin_message(self.message, name=use.name, line=self.call.line),
                      use, code=CAP_CONSUME)

    def rebinds(self, stmt: Statement) -> bool:
        return isinstance(stmt, AssignmentStmt) and any(
            isinstance(t, NameExpr) and t.node is self.var for t in stmt.lvalues)

    def scan(self, stmts: list[Statement]) -> str:
        for stmt in stmts:
            state = self.statement(stmt)
            if state != OPEN:
                return state
        return OPEN

    def statement(self, stmt: Statement) -> str:
        if isinstance(stmt, IfStmt):
            return self.if_statement(stmt)
        if isinstance(stmt, WithStmt):
            for expr in stmt.expr:
                self.report_all(expr)
            return self.scan(stmt.body.body)
        if isinstance(stmt, WhileStmt | ForStmt | TryStmt):
            self.report_all(stmt)  # a loop or handler may or may not rebind first
            return OPEN
        if isinstance(stmt, AssignmentStmt):
            self.report_all(stmt.rvalue)
            for target in stmt.lvalues:
                if not (isinstance(target, NameExpr) and target.node is self.var):
                    self.report_all(target)
            return REBOUND if self.rebinds(stmt) else OPEN
        self.report_all(stmt)
        if isinstance(stmt, ReturnStmt | RaiseStmt | BreakStmt | ContinueStmt):
            return EXITED
        return OPEN

    def if_statement(self, stmt: IfStmt) -> str:
        for cond in stmt.expr:
            self.report_all(cond)
        branches = [self.scan(b.body) for b in stmt.body]
        branches.append(self.scan(stmt.else_body.body) if stmt.else_body else OPEN)
        if all(b == EXITED for b in branches):
            return EXITED
        return REBOUND if all(b != OPEN for b in branches) else OPEN

    def report_all(self, node: Statement | Expression) -> None:
        for use in self.uses(node):
            self.report(use)


def contains(stmt: Statement, target: NameExpr) -> bool:
    end = stmt.end_line
    if end is not None and not stmt.line <= target.line <= end:
        return False
    return any(node is target for node in names_in(stmt))


def child_blocks(stmt: Statement) -> list[Block]:
    if isinstance(stmt, IfStmt):
        return [*stmt.body, *([stmt.else_body] if stmt.else_body else [])]
    if isinstance(stmt, WhileStmt | ForStmt):
        return [stmt.body, *([stmt.else_body] if stmt.else_body else [])]
    if isinstance(stmt, WithStmt):
        return [stmt.body]
    if isinstance(stmt, TryStmt):
        extra = [b for b in (stmt.else_body, stmt.finally_body) if b is not None]
        return [stmt.body, *stmt.handlers, *extra]
    return []


def locate(stmts: list[Statement], target: NameExpr) -> list[tuple[list[Statement], int]]:
    """The path of (block, index) from `stmts` to the innermost statement
    holding `target` (the consumed name); empty if it is not there."""
    for index, stmt in enumerate(stmts):
        if not contains(stmt, target):
            continue
        for block in child_blocks(stmt):
            inner = locate(block.body, target)
            if inner:
                return [(stmts, index), *inner]
        return [(stmts, index)]
    return []


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point."""
    return CapPlugin

"""The mypy plugin: reference capabilities in the Python code that uses compiled programs.

Place: the editor-facing end of the pipeline. `capdsl stubs` (`capdsl.stubs`)
types a program's entities with the `capdsl.caps` wrappers and writes a view
class per capability of each class (`capdsl.capviews`); this plugin, enabled
with `plugins = ["capdsl.mypy_plugin"]`, checks how Python code uses them and
reports with its own codes (texts in `capdsl.messages`):

- `cap-type` (type analysis): a wrapper around a wrapper, or an actor under
  anything but `Tag`. The same hook reads `Val[Buf]` as the view `Val_Buf`,
  which declares exactly what a `val` may use, so mypy resolves those members
  natively and the plugin only sees the rest;
- `cap-receiver` and `cap-field` (attribute hooks): `_Cap`, the base of the
  wrappers and so of the views, declares `__getattr__` for mypy only, so a
  member a view lacks (or any member of a bare wrapper, such as `Box[Named]`
  for a trait) comes here as `capdsl.caps._Cap.NAME`; the hook checks the
  capability and forwards the lookup to `Buf`, so mypy's own checks still
  apply. A field write through a Tag is seen here too: mypy reads the target
  while checking the assignment, and the assignment targets of each file are
  collected once. A write to a field of a Val or Box view is seen by the
  attribute hook of that field;
- `cap-send` (method hook): behaviour and actor-constructor arguments must be
  sendable;
- `cap-consume` (function hook on `consume`, `capdsl.mypy_consume`): later
  uses of the consumed name in the same function, through straight-line code
  and `if` branches, and around a loop whose body consumes it.

Receiver capabilities, behaviours and constructors are read from the stubs'
decorators during semantic analysis and kept in `TypeInfo.metadata` (the
decorators themselves are not in mypy's cache), and summed up in a class
attribute for dmypy's change detection (`depend_on_member`). It uses mypy
internals (`analyze_member_access`, the error watchers, `plugin_deps`): mypy
is pinned to the tested version.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from mypy import message_registry
from mypy.checkmember import analyze_member_access
from mypy.errorcodes import ErrorCode
from mypy.maptype import map_instance_to_supertype
from mypy.nodes import (
    AssignmentStmt,
    Block,
    ClassDef,
    Context,
    Decorator,
    Expression,
    ForStmt,
    FuncDef,
    ListExpr,
    MemberExpr,
    MypyFile,
    NameExpr,
    OperatorAssignmentStmt,
    OverloadedFuncDef,
    PlaceholderNode,
    RefExpr,
    Statement,
    TupleExpr,
    TypeInfo,
    Var,
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
from mypy.subtypes import is_subtype
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    LiteralType,
    NoneType,
    ProperType,
    TupleType,
    Type,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

from capdsl.capviews import RECEIVERS, WRITERS, read_cap, view_cap, view_name
from capdsl.messages import plugin_message
from capdsl.mypy_consume import check_consume, child_blocks

CAPS = "capdsl.caps"
WRAPPERS = {f"{CAPS}.{n}": n.lower() for n in ("Iso", "Trn", "Ref", "Val", "Box", "Tag")}
CAP_OBJECT = f"{CAPS}.CapObject"
ROOTS = (CAP_OBJECT, f"{CAPS}.Interface")
ACTOR = f"{CAPS}.Actor"
TRAIT = f"{CAPS}.Trait"
READ_ONLY_VIEWS = ("Val_", "Box_")
GETATTR = f"{CAPS}._Cap."
CONSUME = f"{CAPS}.consume"
META = "capdsl"
SUMMARY = "__capdsl_members__"
RULES_VERSION = 2
"""Changes when the rules change, so mypy's cache of checked modules is not
reused across them (2: capability views, `fun iso` and `fun trn`)."""

CAP_TYPE = ErrorCode("cap-type", "Malformed capability type", "capdsl")
CAP_RECEIVER = ErrorCode("cap-receiver", "Receiver capability too weak for the method", "capdsl")
CAP_FIELD = ErrorCode("cap-field", "Field access the capability does not allow", "capdsl")
CAP_SEND = ErrorCode("cap-send", "Argument not sendable to an actor", "capdsl")

SENDABLE_PLAIN = {"builtins.int", "builtins.float", "builtins.bool", "builtins.str",
                  "builtins.bytes", "builtins.complex", "builtins.object",
                  "runtime.embed.Promise"}
MARKS = {f"{CAPS}.{m}": m for m in ("iso", "trn", "ref", "val", "box", "tag", "behaviour",
                                     "constructor")}


class CapPlugin(Plugin):
    """The hooks; each `get_*` answers quickly and purely."""

    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        return _wrapper_hook(fullname) if fullname in WRAPPERS else None

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
        owner, _, name = fullname.rpartition(".")
        if owner.rpartition(".")[2][:4] in READ_ONLY_VIEWS:
            return _field_write_hook(name)
        return None

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        owner, _, method = fullname.rpartition(".")
        if owner in WRAPPERS:
            return _behaviour_hook(method)
        short = owner.rpartition(".")[2]
        if view_cap(short) is not None:  # a behaviour is declared in a Tag view
            return _behaviour_hook(method) if short.startswith("Tag_") else None
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
def _wrapper_hook(fullname: str) -> Callable[[AnalyzeTypeContext], Type]:
    return lambda ctx: analyze_wrapper(ctx, fullname)


@functools.cache
def _member_hook(name: str) -> Callable[[AttributeContext], Type]:
    return lambda ctx: member_through_wrapper(ctx, name)


@functools.cache
def _field_write_hook(name: str) -> Callable[[AttributeContext], Type]:
    return lambda ctx: check_view_field_write(ctx, name)


@functools.cache
def _behaviour_hook(method: str) -> Callable[[MethodContext], Type]:
    return lambda ctx: check_behaviour_call(ctx, method)


# ------------------------------------------------------------------ cap-type


def analyze_wrapper(ctx: AnalyzeTypeContext, fullname: str) -> Type:
    """`Val[X]` (`fullname` is the wrapper's): checked, then read as the view
    `Val_X` when the stub of `X` has one, else kept as the wrapper."""
    written = ctx.type
    cap = WRAPPERS[fullname]
    if len(written.args) != 1:
        ctx.api.fail(plugin_message("cap-type-arity", wrapper=cap.title()), ctx.context,
                     code=CAP_TYPE)
        return AnyType(TypeOfAny.from_error)
    inner = ctx.api.analyze_type(written.args[0])
    proper = get_proper_type(inner)
    if isinstance(proper, Instance):
        nested = cap_view(proper)
        if nested is not None:
            ctx.api.fail(plugin_message("cap-type-nested", wrapper=cap.title(),
                                        inner=nested[0].title()), ctx.context, code=CAP_TYPE)
            return AnyType(TypeOfAny.from_error)
        if proper.type.has_base(ACTOR) and cap != "tag":
            ctx.api.fail(plugin_message("cap-type-actor", wrapper=cap.title(),
                                        actor=proper.type.name), ctx.context, code=CAP_TYPE)
            return AnyType(TypeOfAny.from_error)
        if has_views(proper.type):
            view = view_type(ctx, proper, cap)
            if view is not None:
                return view
    return ctx.api.named_type(fullname, [inner])


def has_views(info: TypeInfo) -> bool:
    """Whether the stub declares views of `info` (every class, primitive and
    actor of a stub; not a trait or an interface)."""
    return info.has_base(CAP_OBJECT) and all(b.type.fullname != TRAIT for b in info.bases)


def view_type(ctx: AnalyzeTypeContext, inner: Instance, cap: str) -> Type | None:
    """The `cap` view of `inner` (`Val_Buf` for `Val[Buf]`), None if the stub
    has none. While the stub itself is analysed, a view further down is not
    defined yet: mypy is asked for another pass, as for any forward reference."""
    api: Any = ctx.api
    sem = api.api
    module = inner.type.module_name
    sym = sem.lookup_fully_qualified_or_none(f"{module}.{view_name(cap, inner.type.name)}")
    if sym is not None and isinstance(sym.node, TypeInfo):
        return Instance(sym.node, list(inner.args), line=inner.line, column=inner.column)
    if (sym is None or isinstance(sym.node, PlaceholderNode)) and \
            sem.is_incomplete_namespace(module) and not sem.final_iteration:
        sem.record_incomplete_ref()
        return AnyType(TypeOfAny.special_form)
    return None


def cap_view(t: ProperType) -> tuple[str, ProperType] | None:
    """(capability, class type) of a wrapper (`Val[Buf]`) or a view
    (`Val_Buf`), else None."""
    if not isinstance(t, Instance):
        return None
    cap = WRAPPERS.get(t.type.fullname)
    if cap is not None:
        return (cap, get_proper_type(t.args[0])) if t.args else None
    if view_cap(t.type.name) is None:
        return None
    for base in reversed(t.type.bases):  # the view's own wrapper comes last
        cap = WRAPPERS.get(base.type.fullname)
        if cap is not None:
            wrapper = map_instance_to_supertype(t, base.type)
            return (cap, get_proper_type(wrapper.args[0])) if wrapper.args else None
    return None


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
    """A member a view lacks, or any member of a bare wrapper."""
    wrapper = get_proper_type(ctx.type)
    seen = cap_view(wrapper)
    if seen is None:
        return ctx.default_attr_type
    cap, inner = seen
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
    target = assignment_target(chk, ctx.context)
    if target is not None:
        if cap not in WRITERS:
            fail_unfiltered(chk, plugin_message("cap-field-write", name=name, cap=cap,
                                                wrapper=describe(ctx.type)),
                            ctx.context, CAP_FIELD)
        elif isinstance(target, Expression):
            check_written_value(chk, inner, name, ctx.context, target)
        return forwarded
    if cap == "tag":
        ctx.api.fail(plugin_message("cap-field-read", cls=inner.type.name, name=name),
                     ctx.context, code=CAP_FIELD)
        return forwarded
    return adapt_to_origin(chk, cap, forwarded)


def check_view_field_write(ctx: AttributeContext, name: str) -> Type:
    """A field of a Val or Box view, which declares it as read: a write is
    `cap-field` (and its value is not checked against the read type)."""
    if not ctx.is_lvalue:
        return ctx.default_attr_type
    seen = cap_view(ctx.type)
    if seen is None or seen[0] in WRITERS:
        return ctx.default_attr_type
    ctx.api.fail(plugin_message("cap-field-write", name=name, cap=seen[0],
                                wrapper=describe(ctx.type)), ctx.context, code=CAP_FIELD)
    return AnyType(TypeOfAny.from_error)


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


def check_written_value(chk: Any, inner: Instance, name: str, context: Context,
                        value: Expression) -> None:
    """`value`, assigned to field `name` through a wrapper, must fit the field
    (mypy sees the write through the wrappers' `__setattr__`, typed `Any`).
    The value is typed here inside mypy's error filter, so its own errors are
    reported once, when mypy checks it next."""
    declared = analyze_member_access(name, inner, context, is_lvalue=True, is_super=False,
                                     is_operator=False, original_type=inner, chk=chk)
    value_type = chk.expr_checker.accept(value, declared)
    if not is_subtype(value_type, declared):
        errors = chk.msg.errors
        saved = errors._watchers
        errors._watchers = []
        try:
            chk.check_subtype(value_type, declared, value,
                              message_registry.INCOMPATIBLE_TYPES_IN_ASSIGNMENT,
                              "expression has type", "variable has type")
        finally:
            errors._watchers = saved


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


_TARGETS: dict[int, tuple[MypyFile, dict[int, Expression | bool]]] = {}


def assignment_target(chk: Any, context: Context) -> Expression | bool | None:
    """None if `context` is not a member expression the file assigns to;
    else the value a plain `x.f = value` assigns, or True (`+=`, `for`,
    tuple targets)."""
    if not isinstance(context, MemberExpr):
        return None
    tree: MypyFile = chk.tree
    cached = _TARGETS.get(id(tree))
    if cached is None or cached[0] is not tree:
        if len(_TARGETS) > 256:
            _TARGETS.clear()
        cached = (tree, dict(assignment_targets(tree.defs)))
        _TARGETS[id(tree)] = cached
    return cached[1].get(id(context))


def assignment_targets(stmts: list[Statement]) -> Iterator[tuple[int, Expression | bool]]:
    """(id, value) of the member expressions assigned to in `stmts`
    (statements only: an expression holds no assignment statement)."""
    for stmt in stmts:
        if isinstance(stmt, AssignmentStmt) and len(stmt.lvalues) == 1 and \
                isinstance(stmt.lvalues[0], MemberExpr):
            yield id(stmt.lvalues[0]), stmt.rvalue
        else:
            targets: list[Expression] = []
            if isinstance(stmt, AssignmentStmt):
                targets = stmt.lvalues
            elif isinstance(stmt, OperatorAssignmentStmt):
                targets = [stmt.lvalue]
            elif isinstance(stmt, ForStmt):
                targets = [stmt.index]
            yield from ((id(t), True) for t in flat_targets(targets)
                        if isinstance(t, MemberExpr))
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


# ------------------------------------------------------------------ cap-send


def check_behaviour_call(ctx: MethodContext, method: str) -> Type:
    seen = cap_view(get_proper_type(ctx.type))
    if seen is not None and isinstance(seen[1], Instance):
        info = seen[1].type
        if member_kind(info, method) == "behaviour":
            return check_sendable(ctx, info, method, "behaviour")
        depend_on_member(ctx.api, info, method)  # it may become a behaviour
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
    if isinstance(proper, Instance) and proper.type.fullname == "builtins.object":
        return True
    seen = cap_view(proper)
    return seen is not None and seen[0] == "tag"


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
        seen = cap_view(proper)
        cap = seen[0] if seen is not None else None
        if cap in ("val", "tag") or name in SENDABLE_PLAIN or proper.type.has_base(ACTOR):
            return None
        if cap == "iso":
            return "cap-send-alias" if isinstance(expr, NameExpr | MemberExpr) else None
        if cap is not None:
            return "cap-send-cap"
        return "cap-send-python"
    return None


def describe(t: Type) -> str:
    """A type as the messages show it (`Val[Buf]` for the view `Val_Buf` too)."""
    proper = get_proper_type(t)
    seen = cap_view(proper)
    if seen is not None and isinstance(proper, Instance) and proper.type.fullname not in WRAPPERS:
        return f"{seen[0].title()}[{describe(seen[1])}]"
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


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point."""
    return CapPlugin

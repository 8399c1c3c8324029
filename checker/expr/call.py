"""Calls: methods, constructors, behaviours and their sugar (ponyc `expr/call.c`).

`recv.m(args)` checks the receiver's capability against `m`'s (with
automatic receiver recovery for `ref`/`box` methods on `iso`/`trn`), binds
positional, named and default arguments, checks each argument as an
assignment to its parameter, checks partiality (`?`), and types the result
with `this->` resolved by the receiver. `Foo(args)` is `Foo.create(args)`
(or `Foo.create().apply(args)`), `x(args)` is `x.apply(args)`, and
`Foo.m()` for a non-constructor `m` calls `m` on `Foo.create()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from capdsl import ast
from capdsl.diagnostics import Note
from capdsl.messages import make
from capdsl.source import Span
from checker.cap import (
    Cap,
    Mod,
    RCap,
    alias,
    explain_subcap,
    is_generic,
    members,
    receiver_ok,
    recover_result,
    safe_to_extract,
    safe_to_write,
)
from checker.declcheck import satisfies_constraint
from checker.decls import EntityInfo, MethodInfo, ParamInfo, TypeParamInfo
from checker.expr.context import LocalVar
from checker.expr.reference import Receiver, ReferenceMixin
from checker.info import CallInfo, TypeRef
from checker.resolve import substitute
from checker.types import (
    THIS,
    UNKNOWN,
    Arrow,
    Isect,
    Nominal,
    ThisOrigin,
    TParam,
    TupleT,
    Type,
    Union,
    Unknown,
    alias_type,
    cap_of,
    reify_this,
    show,
    view,
)

_THIS_CAPS = (RCap(Cap.REF), RCap(Cap.VAL), RCap(Cap.BOX))
MethodLookup = tuple[MethodInfo, EntityInfo, dict[TypeParamInfo, Type]]


@dataclass
class CallSite:
    """One call being checked."""

    node: ast.Call
    method: MethodInfo
    entity: EntityInfo
    mapping: dict[TypeParamInfo, Type]
    recv: Receiver | None
    recv_node: ast.Expr | None
    used: bool
    sugar: str | None = None
    via_create: bool = False


class CallMixin(ReferenceMixin):
    # ------------------------------------------------------------- entry

    def e_Call(self, node: ast.Call, expected: Type | None, used: bool) -> Type:
        callee = node.callee
        targs: tuple[Type, ...] = ()
        if isinstance(callee, ast.Qualify) and isinstance(callee.expr, ast.Dot | ast.Chain):
            targs = tuple(self.resolve_type(t) for t in callee.type_args)
            callee = callee.expr
        if isinstance(callee, ast.Chain):
            return self._chain(node, callee, targs, used)
        if isinstance(callee, ast.Dot) and (found := self.package_type(callee)):
            ref = self.bare_type_ref(found[0], callee, found[1])
            if ref is None:
                self._check_args_only(node)
                return UNKNOWN
            return self.call_on_type(node, ref, None, (), expected, used)
        if isinstance(callee, ast.Dot):
            recv = self.receiver(callee.obj)
            if recv.type_ref is not None:
                return self.call_on_type(node, recv.type_ref, callee.name, targs, expected, used)
            return self.call_on_value(node, callee.obj, recv, callee.name, targs, used)
        if isinstance(callee, ast.NameRef):
            return self._call_name(node, callee, expected, used)
        if isinstance(callee, ast.Qualify) and isinstance(callee.expr, ast.NameRef):
            ref = self.qualified_type(callee)
            if ref is not None:
                return self.call_on_type(node, ref, None, (), expected, used)
        recv = Receiver(self.value_of(callee))
        return self.call_on_value(node, callee, recv, "apply", (), used, sugar="apply")

    def _call_name(
        self, node: ast.Call, callee: ast.NameRef, expected: Type | None, used: bool
    ) -> Type:
        name = callee.name
        if self.frame.lookup(name) is None and name not in self.frame.entity.fields:
            method = self.frame.entity.methods.get(name)
            if method is not None:
                self.use_this(callee)
                recv = Receiver(self.current_this(), self.frame.recover_depth > 0)
                return self.call_on_value(node, None, recv, name, (), used)
            entity = self.lookup_entity(name)
            if entity is not None:
                ref = self.bare_type_ref(entity, callee)
                if ref is None:
                    self._check_args_only(node)
                    return UNKNOWN
                return self.call_on_type(node, ref, None, (), expected, used)
        recv = self.receiver(callee)
        return self.call_on_value(node, callee, recv, "apply", (), used, sugar="apply")

    def _chain(
        self, node: ast.Call, callee: ast.Chain, targs: tuple[Type, ...], used: bool
    ) -> Type:
        """`x.>m()` calls `m` and yields `x`; a unique receiver stays unique only
        if the call could not have kept an alias of it."""
        recv = self.receiver(callee.obj)
        if recv.type_ref is not None:
            ref = recv.type_ref
            recv = Receiver(self.type_as_value(callee.obj, ref.entity, ref.args, None))
            self.record(callee.obj, recv.type)
        self.call_on_value(node, callee.obj, recv, callee.name, targs, used=False)
        info = self.info.calls.get(id(node))
        if info is None:
            return recv.type
        return chain_result(recv.type, info.method, self.last_call_recovered)

    # ------------------------------------------------------------- types as callees

    def qualified_type(self, node: ast.Qualify) -> TypeRef | None:
        package: str | None = None
        entity: EntityInfo | None
        if isinstance(node.expr, ast.Dot):
            found = self.package_type(node.expr)
            if found is None:
                return None
            entity, package = found
        elif not isinstance(node.expr, ast.NameRef) or self.frame.lookup(node.expr.name):
            return None
        else:
            entity = self.lookup_entity(node.expr.name)
        if entity is None:
            return None
        texpr = ast.NominalType(node.span, package, entity.name, node.type_args, None, None)
        t = self.resolve_type(texpr)
        if isinstance(t, Nominal):
            return TypeRef(t.entity, t.args)
        return TypeRef(entity, ()) if not isinstance(t, Unknown) else None

    def e_Qualify(self, node: ast.Qualify, expected: Type | None, used: bool) -> Type:
        ref = self.qualified_type(node)
        if ref is None:
            if isinstance(node.expr, ast.NameRef) and self.frame.lookup(node.expr.name) is None \
                    and node.expr.name not in self.frame.entity.methods \
                    and node.expr.name not in self.frame.entity.fields \
                    and self.lookup_entity(node.expr.name) is None:
                self.report_unknown_name(node.expr)
            else:
                self.report("E0305", node.span, what="method values (partial application)")
            return UNKNOWN
        return self.type_as_value(node, ref.entity, ref.args, expected)

    def type_as_value(
        self, node: ast.Expr, entity: EntityInfo, args: tuple[Type, ...],
        expected: Type | None,
    ) -> Type:
        ref = TypeRef(entity, args)
        self.info.refs[id(node)] = ref
        create = entity.methods.get("create")
        if create is None or not create.is_ctor:
            self.report("E0206", node.span, type=entity.name, member="constructor",
                        name="create")
            return UNKNOWN
        if any(p.default is None for p in create.params):
            self.report("E0307", node.span, callee=f"{entity.name}.create",
                        want=len(create.params), got=0)
        mapping = dict(zip(entity.type_params, args, strict=False))
        return self.recover_ctor(substitute(create.ret, mapping), expected, ())

    def dot_on_type(self, node: ast.Dot, ref: TypeRef, expected: Type | None) -> Type:
        method = ref.entity.methods.get(node.name)
        if method is not None and method.is_ctor:
            self.report("E0305", node.span, what="constructor values without a call")
            return UNKNOWN
        recv_type = self.type_as_value(node.obj, ref.entity, ref.args, None)
        self.record(node.obj, recv_type)
        field = self.field_of(recv_type, node.name)
        if field is None:
            self.report_no_member(node, recv_type, node.name, "field")
            return UNKNOWN
        self.info.fields[id(node)] = field
        return self.read_field(recv_type, field, node)

    def call_on_type(
        self, node: ast.Call, ref: TypeRef, name: str | None, targs: tuple[Type, ...],
        expected: Type | None, used: bool,
    ) -> Type:
        entity = ref.entity
        if name is None:
            name = self._sugar_name(entity, node)
        method = entity.methods.get(name)
        if method is None:
            self.report_no_member(node.callee, _nominal(ref), name, "method")
            return UNKNOWN
        mapping: dict[TypeParamInfo, Type] = dict(zip(entity.type_params, ref.args, strict=False))
        if method.is_ctor:
            site = CallSite(node, method, entity, mapping, None, None, used)
            result = self.invoke(site, targs)
            return self.recover_ctor(result, expected, node.args)
        recv_type = self.type_as_value(node.callee, entity, ref.args, None)
        site = CallSite(node, method, entity, mapping, Receiver(recv_type), None, used,
                        sugar="apply" if name == "apply" else None, via_create=True)
        return self.invoke(site, targs)

    def _sugar_name(self, entity: EntityInfo, node: ast.Call) -> str:
        """`Foo(args)`: `create(args)`, or `create().apply(args)` when `create`
        takes no arguments and `Foo` has an `apply` method."""
        create = entity.methods.get("create")
        if "apply" in entity.methods and (create is None or not create.params):
            return "apply"
        return "create"

    def recover_ctor(self, result: Type, expected: Type | None, args: tuple[ast.Expr, ...]) -> Type:
        """Constructor auto-recovery (ponyc `check_auto_recover_newref`): a
        constructor's result (or an array literal) assigned or passed to a
        nominal target takes the target's capability when recover allows that
        lift and every argument is safe to move into an object of that
        capability. As in ponyc this also narrows: an `iso^` result stored as
        `ref` becomes `ref^`."""
        if not (isinstance(result, Nominal) and isinstance(expected, Nominal)):
            return result
        target = expected.cap.cap
        if is_generic(target):
            return result
        lifted = recover_result(result.cap, target)
        if lifted is None:
            return result
        arg_types = [self.info.types.get(id(a), UNKNOWN) for a in args]
        if all(_all_caps(alias_type(t), lambda rc: safe_to_write(target, rc))
               for t in arg_types):
            return Nominal(result.entity, result.args, RCap(target, Mod.EPH))
        return result

    # ------------------------------------------------------------- FFI

    def e_FFICall(self, node: ast.FFICall, expected: Type | None, used: bool) -> Type:
        decl = self.frame.entity.package.ffi.get(node.name)
        if decl is None:
            for arg in (*node.args, *(n.value for n in node.named)):
                self.value_of(arg)
            self.report("E0207", node.span, name=node.name)
            return UNKNOWN
        scope = self.type_scope()
        params = [self.program.resolver.resolve(p.type, scope) for p in decl.params]
        if len(node.args) != len(params) and not decl.variadic:
            self.report("E0307", node.span, callee=f"@{node.name}", want=len(params),
                        got=len(node.args))
        for i, arg in enumerate(node.args):
            ptype = params[i] if i < len(params) else None
            t = self.value_of(arg, ptype)
            if ptype is not None:
                self.check_fits(arg, t, ptype, "this argument", f"@{node.name}")
        if node.partial:
            self.partial_calls += 1
        if decl.partial and not node.partial:
            self.report("E0501", node.span, name=f"@{node.name}")
        elif node.partial and not decl.partial:
            self.report("E0502", node.span, name=f"@{node.name}")
        elif decl.partial and not self.frame.may_error():
            self.report("E0503", node.span, what=f"the call to `@{node.name}`")
        return self.program.resolver.resolve(decl.ret, scope)

    # ------------------------------------------------------------- calls on values

    def method_named(self, t: Type, name: str) -> bool:
        return self.lookup_method(t, name) is not None

    def lookup_method(self, t: Type, name: str) -> MethodLookup | None:
        """The method `name` of a receiver type, with its entity's type arguments."""
        if isinstance(t, Nominal):
            method = t.entity.methods.get(name)
            mapping = dict(zip(t.entity.type_params, t.args, strict=False))
            return (method, t.entity, dict(mapping)) if method is not None else None
        if isinstance(t, Arrow):
            return self.lookup_method(t.target, name)
        if isinstance(t, TParam):
            return self.lookup_method(t.param.constraint, name)
        if isinstance(t, Union | Isect):
            found = [self.lookup_method(m, name) for m in t.members]
            hits = [f for f in found if f is not None]
            if isinstance(t, Union) and len(hits) != len(found):
                return None
            return hits[0] if hits else None
        return None

    def call_on_value(
        self, node: ast.Call, recv_node: ast.Expr | None, recv: Receiver, name: str,
        targs: tuple[Type, ...], used: bool, sugar: str | None = None,
    ) -> Type:
        if isinstance(recv.type, Unknown):
            self._check_args_only(node)
            return UNKNOWN
        found = self.lookup_method(recv.type, name)
        if found is None and sugar is None and recv_node is not None and \
                isinstance(node.callee, ast.Dot) and self.field_of(recv.type, name) is not None:
            # `x.f(args)` with a field `f`: `x.f.apply(args)` (ponyc's insert_apply)
            field_recv = Receiver(self.value_of(node.callee))
            return self.call_on_value(node, node.callee, field_recv, "apply", targs, used,
                                      sugar="apply")
        if found is None:
            self._check_args_only(node)
            if sugar == "apply":
                self.report("E0310", node.span, type=show(recv.type))
            else:
                span_node = node.callee if recv_node is not None else node
                self.report_no_member(span_node, recv.type, name, "method")
            return UNKNOWN
        method, entity, mapping = found
        site = CallSite(node, method, entity, mapping, recv, recv_node, used, sugar)
        return self.invoke(site, targs)

    def _check_copied_element(self, site: CallSite) -> None:
        """`Array.init(from, len)` stores one object in every slot: with a
        unique element type (iso, trn, or a set that may be one) that would
        be several unique references to one object. ponyc accepts it; the
        sound choice refuses it (docs/language.md)."""
        entity = site.entity
        if site.method.name != "init" or entity.name != "Array" or \
                entity.package.key != "builtin" or not entity.type_params:
            return
        elem = site.mapping.get(entity.type_params[0])
        if elem is None:
            return
        rc = cap_of(elem)
        if rc is not None and members(rc.cap) & {Cap.ISO, Cap.TRN}:
            self.report("E0428", site.node.span, type=show(elem))

    def _check_args_only(self, node: ast.Call) -> None:
        for arg in (*node.args, *(n.value for n in node.named)):
            self.value_of(arg)

    # ------------------------------------------------------------- the call itself

    def invoke(self, site: CallSite, targs: tuple[Type, ...]) -> Type:
        method = site.method
        site.mapping.update(self._method_targs(site, targs))
        this_cap = self._this_cap(site)
        params = [self._param_type(p.type, site, this_cap) for p in method.params]
        bound = self.bind_args(site.node, method, site.entity)
        consumed_before = dict(self.frame.flow.consumed)
        arg_types = self._check_args(site, bound, params)
        self._receiver_consumed(site, consumed_before)
        ret = self._result_type(site, this_cap)
        if site.recv is not None and not method.is_ctor:
            self.check_receiver(site, arg_types, ret)
        self._check_copied_element(site)
        self._check_partial(site)
        self.info.calls[id(site.node)] = CallInfo(
            method, site.entity, tuple(bound), site.recv_node,
            site.recv.type if site.recv else UNKNOWN, site.via_create, site.sugar)
        if method.is_behaviour:
            return self.none_type()
        return ret

    def _method_targs(self, site: CallSite, targs: tuple[Type, ...]) -> dict[TypeParamInfo, Type]:
        params = site.method.type_params
        if not params:
            return {}
        if len(targs) < len(params) and all(p.default is not None
                                             for p in params[len(targs):]):
            filled = dict(zip(params, targs, strict=False))
            for p in params[len(targs):]:
                assert p.default is not None
                filled[p] = substitute(p.default, {**site.mapping, **filled})
            targs = tuple(filled[p] for p in params)
        if len(targs) != len(params):
            self.report("E0302", site.node.callee.span, name=site.method.name,
                        want=len(params), got=len(targs))
            return {p: UNKNOWN for p in params}
        mapping = dict(zip(params, targs, strict=True))
        for param, arg in mapping.items():
            if not satisfies_constraint(arg, {**site.mapping, **mapping}, param):
                self.report("E0303", site.node.callee.span, arg=show(arg), param=param.name,
                            constraint=show(param.constraint), entity=site.method.name)
        return mapping

    def _this_cap(self, site: CallSite) -> RCap | None:
        """The capability `this->` in the signature resolves to, or None to keep
        `this->` arrows (a call on `this` in a box method)."""
        if site.recv is None:
            return None
        t = site.recv.type
        if isinstance(t, Arrow) and isinstance(t.origin, ThisOrigin):
            return None
        if isinstance(t, Nominal):
            if t.cap.cap is Cap.TRN and site.method.cap is Cap.BOX:
                # a trn is a box: `this->X` is trn->X (box for a ref X). ponyc
                # reads it as ref (downcast_iso_trn_receiver_to_ref), which lets
                # a ref outlive `consume` to val: the sound choice differs
                return t.cap
            if t.cap.cap in (Cap.ISO, Cap.TRN) and site.method.cap in (Cap.BOX, Cap.REF):
                return RCap(Cap.REF)  # automatic receiver recovery checks the call
            return t.cap
        return RCap(Cap.BOX)

    def _param_type(self, t: Type, site: CallSite, this_cap: RCap | None) -> Type:
        """A parameter or result type at this call: the signature's `this->`
        read through the receiver first, then the type arguments put in (an
        argument's own `this->` is the caller's and stays)."""
        if this_cap is not None:
            t = reify_this(t, this_cap)
        return substitute(t, site.mapping)

    def _result_type(self, site: CallSite, this_cap: RCap | None) -> Type:
        return self._param_type(site.method.ret, site, this_cap)

    def bind_args(
        self, node: ast.Call, method: MethodInfo, entity: EntityInfo
    ) -> list[ast.Expr | None]:
        """Arguments in parameter order; None where the default applies."""
        params = method.params
        bound: list[ast.Expr | None] = [None] * len(params)
        callee = f"{entity.name}.{method.name}"
        if len(node.args) > len(params):
            self.report("E0307", node.span, callee=callee, want=len(params), got=len(node.args))
        for i, arg in enumerate(node.args[: len(params)]):
            bound[i] = arg
        names = [p.name for p in params]
        for named in node.named:
            if named.name not in names or bound[names.index(named.name)] is not None:
                self.report("E0308", named.span, callee=callee, name=named.name)
                self.value_of(named.value)
                continue
            bound[names.index(named.name)] = named.value
        missing = [p for p, b in zip(params, bound, strict=True) if b is None and p.default is None]
        if missing and len(node.args) <= len(params):
            self.report("E0307", node.span, callee=callee,
                        want=_arity_text(params), got=len(node.args) + len(node.named))
        return bound

    def _check_args(
        self, site: CallSite, bound: list[ast.Expr | None], params: list[Type]
    ) -> list[Type]:
        types: list[Type] = []
        for arg, pinfo, ptype in zip(bound, site.method.params, params, strict=True):
            if arg is None:  # the default, as checked where it is declared
                default = pinfo.default
                types.append(self.info.types.get(id(default), ptype) if default else ptype)
                continue
            t = self.value_of(arg, ptype)
            types.append(t)
            self.check_fits(arg, t, ptype, f"argument `{pinfo.name}`",
                            f"parameter `{pinfo.name}` of {site.method.name}")
        return types

    def _receiver_consumed(self, site: CallSite, before: dict[LocalVar, Span]) -> None:
        """Arguments are evaluated before the receiver: a receiver consumed by
        its own arguments is used after the consume."""
        node = site.recv_node
        if isinstance(node, ast.NameRef):
            var = self.frame.lookup(node.name)
            if var is not None and var not in before and var in self.frame.flow.consumed:
                self.report("E0407", node.span, name=var.name)

    partial_calls = 0

    def _check_partial(self, site: CallSite) -> None:
        node, method = site.node, site.method
        if node.partial:
            self.partial_calls += 1
        if method.partial and not node.partial:
            self.report("E0501", node.span, name=method.name)
        elif node.partial and not method.partial:
            self.report("E0502", node.span, name=method.name)
        if method.partial and node.partial and not self.frame.may_error():
            self.report("E0503", node.span, what=f"the call to `{method.name}`")

    # ------------------------------------------------------------- receivers

    last_call_recovered = False

    def check_receiver(self, site: CallSite, arg_types: list[Type], ret: Type) -> None:
        assert site.recv is not None
        self.last_call_recovered = False
        for rc in _receiver_caps(site.recv.type):
            recoverable = self._auto_recover(site, rc, arg_types, ret)
            if receiver_ok(rc, site.method.cap) or recoverable:
                continue
            self._receiver_error(site, rc, arg_types, ret)
            return
        if site.recv.outside_recover and site.method.cap is not Cap.TAG:
            self._recover_call_check(site, arg_types, ret)

    def _auto_recover(
        self, site: CallSite, rc: RCap, arg_types: list[Type], ret: Type
    ) -> bool:
        """Automatic receiver recovery: a `ref` or `box` method may run on a
        unique receiver when nothing non-sendable goes in or comes out."""
        if site.method.cap not in (Cap.REF, Cap.BOX) or rc.cap not in (Cap.ISO, Cap.TRN):
            return False
        origin = rc.cap
        if not all(_all_caps(alias_type(t), lambda c: safe_to_write(origin, c))
                   for t in arg_types):
            return False
        if site.used and not _all_caps(ret, lambda c: safe_to_extract(origin, c)):
            return False
        self.last_call_recovered = True
        return True

    def _receiver_error(
        self, site: CallSite, rc: RCap, arg_types: list[Type], ret: Type
    ) -> None:
        assert site.recv is not None
        method = site.method
        span = site.node.callee.span if site.recv_node is not None else site.node.span
        if method.cap in (Cap.REF, Cap.BOX) and rc.cap in (Cap.ISO, Cap.TRN):
            self._recovery_error(site, rc, arg_types, ret, span)
            return
        reason = _receiver_reason(rc, method.cap, site.recv.type)
        var = self.local_of(site.recv_node) if site.recv_node is not None else None
        notes = self.local_notes(var) if var is not None else ()
        if site.recv_node is None and self.frame.this_incomplete():
            notes += (Note("`this` is only a tag until the constructor has assigned every "
                           "field: " + ", ".join(self.frame.undefined_fields())),)
        self.program.reporter.add(make(
            "E0403", span, method_cap=str(method.cap), name=method.name,
            type=show(site.recv.type), reason=reason, hint=_receiver_hint(rc, method),
            notes=notes))

    def _recovery_error(
        self, site: CallSite, rc: RCap, arg_types: list[Type], ret: Type, span: object
    ) -> None:
        origin = rc.cap
        bound = self.info.calls[id(site.node)].args if id(site.node) in self.info.calls else ()
        for arg, t in zip(bound or site.node.args, arg_types, strict=False):
            if not _all_caps(alias_type(t), lambda c: safe_to_write(origin, c)):
                where = arg.span if arg is not None else site.node.span
                self.report("E0412", where, what=f"this argument ({show(t)})",
                            recv=show(site.recv.type if site.recv else t))
                return
        self.program.reporter.add(make(
            "E0403", site.node.span, method_cap=str(site.method.cap), name=site.method.name,
            type=show(site.recv.type if site.recv else ret),
            reason=f"its result ({show(ret)}) is used and can't safely leave an {origin} "
            "object, so automatic receiver recovery can't apply",
            hint="discard the result, or consume the receiver first"))

    def _recover_call_check(self, site: CallSite, arg_types: list[Type], ret: Type) -> None:
        """Inside `recover`, a method called on a non-sendable outside value needs
        sendable arguments and a sendable (or unused) result."""
        from checker.sendable import is_sendable_type

        bad = [t for t in arg_types if not is_sendable_type(alias_type(t))]
        if bad or not is_sendable_type(ret):
            node = site.recv_node or site.node
            name = node.name if isinstance(node, ast.NameRef) else "this"
            self.report("E0409", node.span, name=name,
                        type=show(site.recv.type if site.recv else ret))


def chain_result(recv: Type, method: MethodInfo, recovered: bool) -> Type:
    """The type of `recv.>method()` (ponyc `chain_type`)."""
    if not isinstance(recv, Nominal) or recv.cap.cap not in (Cap.ISO, Cap.TRN):
        return recv
    if recv.cap.mod is not Mod.EPH:
        return recv
    trn_box = recv.cap.cap is Cap.TRN and method.cap is Cap.BOX
    if recovered or method.cap is Cap.TAG or trn_box:
        return recv
    if method.cap is recv.cap.cap:
        return Nominal(recv.entity, recv.args, alias(recv.cap))
    return Nominal(recv.entity, recv.args, RCap(method.cap))


def _receiver_caps(t: Type) -> list[RCap]:
    """Every capability a receiver of type `t` may have."""
    if isinstance(t, Nominal):
        return [t.cap]
    if isinstance(t, Arrow) and isinstance(t.origin, ThisOrigin):
        # this->X: X read through each capability `this` may have
        return [c for this in _THIS_CAPS for c in _receiver_caps(view(this, t.target))]
    if isinstance(t, TParam):
        return [RCap(c, t.cap.mod) for c in members(t.cap.cap)]
    if isinstance(t, Union | Isect):
        return [c for m in t.members for c in _receiver_caps(m)]
    return []


def _all_caps(t: Type, pred: object) -> bool:
    """Whether `pred` holds for every capability inside `t`."""
    assert callable(pred)
    if isinstance(t, Nominal | TParam):
        return bool(pred(t.cap))
    if isinstance(t, Union | Isect):
        return all(_all_caps(m, pred) for m in t.members)
    if isinstance(t, TupleT):
        return all(_all_caps(e, pred) for e in t.elems)
    if isinstance(t, Arrow):
        return all(_all_caps(reify_this(t, c), pred) for c in _THIS_CAPS)
    return True


def _receiver_reason(rc: RCap, method_cap: Cap, recv: Type) -> str:
    if isinstance(recv, TParam):
        order = (Cap.ISO, Cap.TRN, Cap.REF, Cap.VAL, Cap.BOX, Cap.TAG)
        caps = ", ".join(str(c) for c in order if c in members(recv.cap.cap))
        return (f"`{recv.param.name}` stands for any of {{{caps}}} ({recv.cap}), and the code "
                f"must work for each; as {rc} it can't take a `fun {method_cap}`")
    if isinstance(recv, Arrow) and method_cap is Cap.REF:
        return (f"inside a box method `this` may be val or box, and a `fun {method_cap}` "
                "needs more; declare the calling method `fun ref`")
    if isinstance(recv, Arrow):
        return (f"inside a box method `this` may be box, and {show(recv)} is then {rc}, "
                f"which a `fun {method_cap}` can't be called on; declare the calling method "
                "`fun ref`, or keep the field ref or val")
    if rc.cap is Cap.TAG and isinstance(recv, Nominal) and recv.entity.is_actor:
        return ("a tag reference only allows identity and behaviours (an actor's functions "
                "run inside the actor; send it a message instead)")
    if rc.cap is Cap.TAG:
        return ("a tag reference only allows identity (comparing) and sending; calling a "
                "`fun box` needs a box, ref or val reference")
    if rc.cap is Cap.VAL and method_cap is Cap.REF:
        return "a val is immutable, so no one may call a method that can write it"
    if rc.cap is Cap.BOX and method_cap is Cap.REF:
        return "a box is read-only here, and a ref method may write"
    return explain_subcap(rc, RCap(method_cap, Mod.EPH))


def _receiver_hint(rc: RCap, method: MethodInfo) -> str | None:
    if rc.cap is Cap.TAG and method.owner.is_actor:
        return f"make `{method.name}` a behaviour (`be`), or a `fun tag` if it reads nothing"
    if method.cap is Cap.REF and rc.cap in (Cap.VAL, Cap.BOX):
        return "call it on a ref (for a String, `.clone()` gives a fresh mutable copy)"
    return None


def _arity_text(params: list[ParamInfo]) -> str:
    required = sum(1 for p in params if p.default is None)
    return str(len(params)) if required == len(params) else f"{required} to {len(params)}"


def _nominal(ref: TypeRef) -> Type:
    return Nominal(ref.entity, ref.args, RCap(ref.entity.cap))


def note(text: str) -> Note:
    return Note(text)


def this_arrow(target: Type) -> Type:
    return Arrow(THIS, target)

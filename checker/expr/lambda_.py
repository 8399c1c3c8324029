"""Lambdas and object literals (ponyc `expr/lambda.c`).

As in Pony, a lambda is an object literal with one `apply` method, and an
object literal is an anonymous class (an actor if it has behaviours) whose
fields are initialised where the literal stands. Captured locals become
fields. A lambda without captures is `val`, with captures `ref` unless its
capability is written; an `iso` or `val` literal may capture only sendable
values. The anonymous entity is recorded for codegen.
"""

from __future__ import annotations

from capdsl import ast
from checker.cap import Cap, Mod, RCap, is_generic, parse_cap
from checker.decls import EntityInfo, FieldInfo, MethodInfo, ParamInfo
from checker.expr.context import Frame
from checker.expr.control import ControlMixin
from checker.sendable import is_sendable_type
from checker.types import Nominal, Type, alias_type, cap_of, reify_this, show, view


class LambdaMixin(ControlMixin):
    def e_Lambda(self, node: ast.Lambda, expected: Type | None, used: bool) -> Type:
        captures = node.captures or ()
        default_cap = Cap.REF if captures else Cap.VAL
        if isinstance(expected, Nominal) and expected.entity.kind == "interface" and \
                not is_generic(expected.cap.cap):
            default_cap = expected.cap.cap  # as ponyc: from the lambda type expected
        cap = parse_cap(node.cap, None).cap if node.cap else default_cap
        entity = self._anonymous(node, "lambda", "class", cap)
        for capture in captures:
            self._capture_field(entity, capture, cap)
        apply = self._lambda_apply(node, entity)
        entity.methods["apply"] = apply
        self.program.info.literals[id(node)] = entity  # type: ignore[union-attr]
        self.info.captures[id(node)] = []
        self._check_literal_bodies(entity, node)
        return Nominal(entity, (), RCap(cap, Mod.EPH))

    def _anonymous(self, node: ast.Expr, what: str, kind: str, cap: Cap) -> EntityInfo:
        span = node.span
        name = f"{what}@{span.line}:{span.col}"
        decl = ast.Entity(span, kind, None, name, span, (), None, (), ())
        entity = EntityInfo(name, kind, decl, self.frame.entity.package, cap)
        self.program.anonymous.append((entity, self.frame.entity))
        return entity

    def _capture_field(self, entity: EntityInfo, capture: ast.LambdaCapture, cap: Cap) -> None:
        if capture.value is not None:
            t = self.value_of(capture.value)
            if capture.type is not None:
                declared = self.resolve_type(capture.type)
                self.check_fits(capture.value, t, declared, "the captured value",
                                f"capture `{capture.name}`")
                t = declared
        else:
            ref = ast.NameRef(capture.span, capture.name)
            t = self.value_of(ref)
        ftype = _captured(t)
        if cap in (Cap.ISO, Cap.VAL) and not is_sendable_type(ftype):
            self.report("E0416", capture.span, name=capture.name, type=show(ftype), cap=str(cap))
        decl = ast.Field(capture.span, "var", capture.name, capture.span,
                         ast.NominalType(capture.span, None, "None", (), None, None), None)
        entity.fields[capture.name] = FieldInfo(capture.name, "var", ftype, decl, entity)

    def _lambda_apply(self, node: ast.Lambda, entity: EntityInfo) -> MethodInfo:
        apply_cap = parse_cap(node.apply_cap, None).cap if node.apply_cap else Cap.BOX
        decl = ast.Method(node.span, "fun", node.apply_cap, "apply", node.span,
                          node.type_params, node.params, node.ret, node.partial, node.body)
        method = MethodInfo("apply", "fun", apply_cap, decl, entity, span=node.span,
                            partial=node.partial)
        scope = self.type_scope()
        for p in node.params:
            method.params.append(ParamInfo(p.name, self.program.resolver.resolve(p.type, scope),
                                           p.default, p.span))
        method.ret = (self.program.resolver.resolve(node.ret, scope) if node.ret is not None
                      else self.none_type())
        return method

    def e_ObjectLit(self, node: ast.ObjectLit, expected: Type | None, used: bool) -> Type:
        is_actor = any(m.kind == "be" for m in node.methods)
        kind = "actor" if is_actor else "class"
        cap = Cap.TAG if is_actor else (parse_cap(node.cap, None).cap if node.cap else Cap.REF)
        entity = self._anonymous(node, "object", kind, cap)
        scope = self.type_scope()
        if node.provides is not None:
            entity.provides = [self.program.resolver.resolve(node.provides, scope)]
        for fdecl in node.fields:
            ftype = self.program.resolver.resolve(fdecl.type, scope)
            if fdecl.default is not None:
                t = self.value_of(fdecl.default, ftype)
                self.check_fits(fdecl.default, t, ftype, "the initial value",
                                f"field `{fdecl.name}`")
                if cap in (Cap.ISO, Cap.VAL, Cap.TAG) and not is_sendable_type(ftype):
                    self.report("E0416", fdecl.span, name=fdecl.name, type=show(ftype),
                                cap=str(cap))
            entity.fields[fdecl.name] = FieldInfo(fdecl.name, fdecl.kind, ftype, fdecl, entity)
        from checker.program import method_cap

        for mdecl in node.methods:
            method = MethodInfo(mdecl.name, mdecl.kind, method_cap(entity, mdecl), mdecl,
                                entity, span=mdecl.name_span, partial=mdecl.partial)
            for p in mdecl.params:
                method.params.append(ParamInfo(p.name, self.program.resolver.resolve(p.type, scope),
                                               p.default, p.span))
            method.ret = (self.program.resolver.resolve(mdecl.ret, scope)
                          if mdecl.ret is not None else self.none_type())
            entity.methods[mdecl.name] = method
        from checker.program import inherit_methods

        inherit_methods(self.program, entity)
        self.program.info.literals[id(node)] = entity  # type: ignore[union-attr]
        self.info.captures[id(node)] = []
        self._check_literal_bodies(entity, node)
        return Nominal(entity, (), RCap(cap, Mod.EPH))

    def capture_outer(self, node: ast.NameRef) -> Type | None:
        """Inside an object literal's method or a lambda's body, a name of the
        enclosing method's locals or of its object's fields is captured: it
        becomes a `var` field of the literal, set to a copy of the value when
        the literal is created (ponyc's capture_from_reference; a lambda is
        an object literal). A name further out is captured by each literal
        on the way."""
        return self._capture_into(self.frame, node)

    def _capture_into(self, frame: Frame, node: ast.NameRef) -> Type | None:
        outer, literal = frame.outer, frame.literal
        if outer is None or literal is None:
            return None
        var = outer.lookup(node.name)
        if var is not None:
            source: Type | None = var.type
        elif node.name in outer.entity.fields:
            self.check_this_unconsumed(outer, node)  # the capture reads `this.name` there
            source = _field_through(outer, outer.entity.fields[node.name].type)
        else:
            source = self._capture_into(outer, node)
        if source is None:
            return None
        entity = frame.entity
        ftype = _captured(source)
        if entity.cap in (Cap.ISO, Cap.VAL, Cap.TAG) and not is_sendable_type(ftype):
            self.report("E0416", node.span, name=node.name, type=show(ftype),
                        cap=str(entity.cap))
        decl = ast.Field(node.span, "var", node.name, node.span,
                         ast.NominalType(node.span, None, "None", (), None, None), None)
        entity.fields[node.name] = FieldInfo(node.name, "var", ftype, decl, entity)
        self.info.captures[id(literal)].append(node.name)
        return ftype

    def _check_literal_bodies(self, entity: EntityInfo, node: ast.Expr | None = None) -> None:
        from checker.expr.method import check_method

        outer = (self.frame, node) if node is not None else None
        for method in entity.methods.values():
            if method.body is not None and method.owner is entity:
                check_method(self.program, entity, method, self.type_scope(), outer)


def _captured(t: Type) -> Type:
    """The type of a lambda's or object literal's field holding a captured
    value of type `t`: an alias, and a `this->X` of the enclosing box method
    read through box, its upper bound (inside the literal `this` is the
    literal itself; the enclosing receiver may be val, so a captured field
    is no stronger than box; ponyc later adapts it the same way, #1441)."""
    return reify_this(alias_type(t), RCap(Cap.BOX))


def _field_through(frame: Frame, t: Type) -> Type:
    """A field of type `t` read through the `this` of `frame`'s method (box
    when that receiver isn't a concrete capability)."""
    rc = cap_of(frame.this_type)
    return view(rc if rc is not None else RCap(Cap.BOX), t)

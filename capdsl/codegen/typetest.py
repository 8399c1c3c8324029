"""Run-time type tests for `match` captures and `as`.

Capabilities don't exist at run time (the checker has proved them), so a
test looks at the value's class only. Numbers, `Bool` and `None` are Python
values: an integer type tests `type(x) is int`, which can't tell `U8` from
`U32` (values held as a union of two integer types are the one case where
this matters). A trait or interface tests membership in the set of concrete
classes the checker found to provide it.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from capdsl.codegen import pyast as py
from checker.cap import Cap, RCap
from checker.decls import EntityInfo
from checker.literals import FLOAT_NAMES, INT_RANGES
from checker.resolve import substitute
from checker.subtype import is_subtype
from checker.types import Isect, Nominal, TParam, TupleT, Type, Union, recap

if TYPE_CHECKING:
    from checker.program import CheckedProgram


class TypeTests:
    """Mixed into the program generator, which provides the names below."""

    checked: CheckedProgram

    def entity_ref(self, entity: EntityInfo) -> ast.expr:
        raise NotImplementedError

    def primitive_value(self, entity: EntityInfo) -> ast.expr:
        raise NotImplementedError

    def box_value(self, value: ast.expr, source: Type, target: Type) -> ast.expr:
        """`value` (of static type `source`) as stored where `target` is
        expected: a number in its box, a tuple with its numbers boxed."""
        boxer = _boxer(source, target)
        return py.call(boxer, [value]) if boxer is not None else value

    def type_test(self, t: Type | None, subject: ast.expr) -> ast.expr:
        """An expression that is true when `subject`'s value has type `t`."""
        if isinstance(t, Nominal):
            return self._nominal_test(t, subject)
        if isinstance(t, Union):
            return ast.BoolOp(ast.Or(), [self.type_test(m, subject) for m in t.members])
        if isinstance(t, Isect):
            return ast.BoolOp(ast.And(), [self.type_test(m, subject) for m in t.members])
        if isinstance(t, TupleT):
            tests: list[ast.expr] = [
                py.call(py.name("isinstance"), [subject, py.name("tuple")]),
                py.compare(py.call(py.name("len"), [subject]), ast.Eq(), py.const(len(t.elems)))]
            for i, e in enumerate(t.elems):
                tests.append(self.type_test(e, ast.Subscript(subject, py.const(i), ast.Load())))
            return ast.BoolOp(ast.And(), tests)
        if isinstance(t, TParam):
            return self.type_test(t.param.constraint, subject)
        return py.const(True)

    def _nominal_test(self, t: Nominal, subject: ast.expr) -> ast.expr:
        test = self._class_test(t, subject)
        if t.args and id(t.entity) in self.checked.reified:
            args = py.str_tuple(type_key_args(t))
            match = py.call(py.attr(py.name("_rt"), "targs_match"), [subject, args])
            return ast.BoolOp(ast.And(), [test, match])
        return test

    def _class_test(self, t: Nominal, subject: ast.expr) -> ast.expr:
        entity = t.entity
        if entity.package.key == "builtin":
            test = _builtin_test(entity.name, subject)
            if test is not None:
                return test
        if entity.kind == "primitive":
            return py.compare(subject, ast.Is(), self.primitive_value(entity))
        if entity.kind in ("trait", "interface"):
            return self._abstract_test(t, subject)
        return py.call(py.name("isinstance"), [subject, self.entity_ref(entity)])

    def _abstract_test(self, t: Nominal, subject: ast.expr) -> ast.expr:
        if t.entity.name == "Any" and t.entity.package.key == "builtin":
            return py.const(True)
        tag = RCap(Cap.TAG)
        target = recap(t, tag)
        tests: list[ast.expr] = []
        for entity in self.checked.entities:
            if entity.kind not in ("class", "actor", "primitive"):
                continue
            # a generic class counts if it provides the interface whatever its
            # type arguments are (Array[A] has `size`); the test is its class
            generic = tuple(TParam(p, p.cap) for p in entity.type_params)
            if is_subtype(Nominal(entity, generic, tag), target):
                tests.append(self._nominal_test(Nominal(entity, (), tag), subject))
        if not tests:
            return py.const(False)
        return tests[0] if len(tests) == 1 else ast.BoolOp(ast.Or(), tests)

    def value_test(self, t: Type | None, value: ast.expr, subject: ast.expr) -> ast.expr:
        """The test for a value pattern, as ponyc's genmatch.c and
        gen_pattern_eq: the subject must have the type of the pattern's
        `eq` parameter, then `pattern.eq(subject)` decides (a number or
        Bool compares inline; a primitive without its own `eq` has ponyc's
        default, identity)."""
        if isinstance(t, Nominal) and not t.entity.native:
            eq = t.entity.methods.get("eq")
            if eq is not None and eq.params and eq.body is not None:
                mapping = dict(zip(t.entity.type_params, t.args, strict=False))
                param = substitute(eq.params[0].type, mapping)
                call = py.call(py.attr(value, "eq"), [subject])
                return ast.BoolOp(ast.And(), [self.type_test(_arrow_target(param), subject), call])
            if t.entity.kind == "primitive":
                return py.compare(subject, ast.Is(), value)
        if isinstance(t, Nominal) and t.entity.kind == "primitive" and \
                t.entity.name not in INT_RANGES and t.entity.name not in FLOAT_NAMES and \
                t.entity.name != "Bool":
            return py.compare(subject, ast.Is(), value)
        same_type = self.type_test(t, subject)
        return ast.BoolOp(ast.And(), [same_type, py.compare(subject, ast.Eq(), value)])


def _arrow_target(t: Type) -> Type:
    """`this->X` as X: a type test can't see capabilities."""
    from checker.types import Arrow

    return _arrow_target(t.target) if isinstance(t, Arrow) else t


def type_key(t: Type) -> str:
    """A run-time name for a type, capabilities left out (type tests can't see
    them); a type parameter is `*`, which matches anything."""
    if isinstance(t, Nominal):
        args = f"[{', '.join(type_key(a) for a in t.args)}]" if t.args else ""
        return t.entity.name + args
    if isinstance(t, Union):
        return "(" + " | ".join(sorted(type_key(m) for m in t.members)) + ")"
    if isinstance(t, Isect):
        return "(" + " & ".join(sorted(type_key(m) for m in t.members)) + ")"
    if isinstance(t, TupleT):
        return "(" + ", ".join(type_key(e) for e in t.elems) + ")"
    from checker.types import Arrow

    if isinstance(t, Arrow):
        return type_key(t.target)
    return "*"


def type_key_args(t: Nominal) -> tuple[str, ...]:
    return tuple(type_key(a) for a in t.args)


def _boxer(source: Type, target: Type) -> ast.expr | None:
    """A callable that boxes a value of `source` stored as `target`, or None."""
    from checker.literals import numeric_name

    if isinstance(source, TupleT):
        targets = target.elems if isinstance(target, TupleT) else (target,) * len(source.elems)
        parts = [_boxer(s, t) for s, t in zip(source.elems, targets, strict=False)]
        if all(p is None for p in parts):
            return None
        elts: list[ast.expr] = [p if p is not None else py.const(None) for p in parts]
        lam_args = ast.arguments([], [ast.arg("t")], None, [], [], None, [])
        call = py.call(py.attr(py.name("_box"), "retuple"),
                       [py.name("t"), ast.Tuple(elts, ast.Load())])
        return ast.Lambda(lam_args, call)
    name = numeric_name(source)
    if name is None or numeric_name(target) is not None or isinstance(target, TParam):
        return None
    return ast.Subscript(py.attr(py.name("_box"), "BOXES"), py.const(name), ast.Load())


def _builtin_test(name: str, subject: ast.expr) -> ast.expr | None:
    if name in INT_RANGES or name in FLOAT_NAMES:
        return py.call(py.attr(py.name("_box"), "is_number"), [subject, py.const(name)])
    if name == "Bool":
        return py.compare(py.call(py.name("type"), [subject]), ast.Is(), py.name("bool"))
    if name == "None":
        return py.compare(subject, ast.Is(), py.const(None))
    if name in ("String", "Array"):
        return py.call(py.name("isinstance"), [subject, py.attr(py.name("_rt"), name)])
    return None

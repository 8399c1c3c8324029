"""Entities to Python classes, files to Python modules, and the link step.

Each `.cap` file becomes one Python module (compiled with that file's name,
so tracebacks name it); all of a program's modules run in one namespace:
first the prelude (imports), then every file, then the link step, which
copies trait default methods into the classes that inherit them. Actors
subclass `runtime.actor.Actor` and follow its contract (`_c_`/`_b_` bodies,
a `send` stub per behaviour). A class's constructors are static methods
that allocate the object, run the field initialisers and then the body. A
primitive is a single instance stored under its name.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from capdsl import ast as cap
from capdsl.codegen import intrinsics
from capdsl.codegen import pyast as py
from capdsl.codegen.control import ControlGen
from capdsl.codegen.names import (
    PRIME,
    behaviour_body,
    ctor_body,
    entity_py_name,
    py_attr,
    py_name,
)
from capdsl.codegen.typetest import TypeTests
from checker.cap import Cap
from checker.decls import EntityInfo, MethodInfo
from checker.literals import FLOAT_NAMES, INT_RANGES
from checker.program import CheckedProgram
from checker.types import cap_of

NATIVE_CLASSES = {"String", "Array", "Env", "PyObject", "Less", "Equal", "Greater"}
NATIVE_MODULES = {
    "builtin": ("_rt", "builtins"),
    "collections": ("_rtc", "collections"),
    "time": ("_rtt", "timers"),
    "promises": ("_rtp", "promises"),
    "net": ("_rtn", "net"),
}
"""Standard package -> (name in generated code, module of `runtime`) for its
native entities (those written without bodies). builtin and collections are
imported by every program; the others only by programs that use them, so a
program without timers or promises pays nothing for them."""
_ALWAYS_IMPORTED = ("builtin", "collections")


@dataclass
class GeneratedProgram:
    """Python modules in execution order: (file name, module)."""

    modules: list[tuple[str, ast.Module]] = field(default_factory=list)
    main_class: str | None = None


class MethodGen(ControlGen):
    """Generates one method; knows how a bare `return` ends it."""

    def __init__(self, file: FileGen, entity: EntityInfo, returns_self: bool,
                 params: list[str] | None = None) -> None:
        super().__init__(file, entity)
        self.returns_self = returns_self
        self.locals.update(params or ())

    def return_default(self) -> ast.expr | None:
        return py.name("self") if self.returns_self else None


class ProgramGen(TypeTests):
    """Program-wide naming: where each entity and runtime helper lives."""

    def __init__(self, checked: CheckedProgram) -> None:
        assert checked.info is not None
        self.checked = checked
        self.info = checked.info
        self._names: dict[int, str] = {}
        self.string_identity_observed = intrinsics.string_identity_observed(checked.info)

    def entity_name(self, entity: EntityInfo) -> str:
        key = id(entity)
        if key not in self._names:
            if entity.name.startswith(("lambda@", "object@")):
                self._names[key] = f"{PRIME}{entity.name.split('@')[0]}{len(self._names)}"
            else:
                is_root = entity.package.key == self.checked.root_key
                self._names[key] = entity_py_name(entity.name, entity.package.name, is_root)
        return self._names[key]

    def entity_ref(self, entity: EntityInfo) -> ast.expr:
        if entity.native:
            module = NATIVE_MODULES[entity.package.key][0]
            return py.attr(py.name(module), entity.name)
        return py.name(self.entity_name(entity))

    def runtime(self, helper: str) -> ast.expr:
        return py.attr(py.name("_rt"), helper)

    def native_module(self, type_name: str) -> ast.expr:
        return py.attr(py.name("_num"), type_name)

    def native_primitive(self, entity: EntityInfo) -> str | None:
        """The runtime class implementing a builtin primitive value type."""
        if entity.package.key != "builtin":
            return None
        if entity.name in INT_RANGES or entity.name in FLOAT_NAMES or entity.name == "Bool":
            return entity.name
        return "NoneP" if entity.name == "None" else None

    def primitive_value(self, entity: EntityInfo) -> ast.expr:
        if entity.package.key == "builtin" and entity.name == "None":
            return py.const(None)
        return self.entity_ref(entity)


class FileGen:
    """Builds the Python module for one `.cap` file."""

    def __init__(self, prog: ProgramGen, module: cap.Module) -> None:
        self.prog = prog
        self.module = module
        self.constants: list[ast.stmt] = []
        self.classes: list[ast.stmt] = []
        self._strings: dict[str, str] = {}
        self._ffi: dict[str, str] = {}

    def string_constant(self, text: str) -> str:
        """A module-level `String` for a literal (literals are val: shared)."""
        if text not in self._strings:
            ident = f"{PRIME}s{len(self._strings)}{PRIME}{_file_tag(self.module.file)}"
            self._strings[text] = ident
            self.constants.append(py.assign(py.store(ident), py.call(
                self.prog.runtime("String"), [py.const(text)])))
        return self._strings[text]

    def ffi_function(self, dotted: str) -> str:
        decl = self._ffi_decl(dotted)
        if dotted not in self._ffi:
            ident = f"{PRIME}ffi{len(self._ffi)}{PRIME}{_file_tag(self.module.file)}"
            self._ffi[dotted] = ident
            bind = py.call(py.attr(py.name("_ffi"), "bind"), [
                py.const(dotted), py.const(_marshal_kind(decl.ret)),
                ast.Tuple([py.const(_marshal_kind(p.type)) for p in decl.params], ast.Load()),
                py.const(decl.partial), py.const(f"{decl.span.file}:{decl.span.line}")])
            self.constants.append(py.at(py.assign(py.store(ident), bind), decl.span))
        return self._ffi[dotted]

    def _ffi_decl(self, dotted: str) -> cap.FFIDecl:
        for decl in self.module.ffi_decls:
            if decl.name == dotted:
                return decl
        for scope in self.prog.checked.packages.values():
            found = scope.ffi.get(dotted)
            if found is not None:
                return found
        raise AssertionError(f"undeclared FFI function {dotted}")

    def generate(self, entities: list[EntityInfo]) -> ast.Module:
        for entity in entities:
            self.classes.extend(self.entity_class(entity))
        body = [*self.constants, *self.classes]
        module = ast.Module(body, [])
        return ast.fix_missing_locations(module)

    # ------------------------------------------------------------- entities

    def entity_class(self, entity: EntityInfo) -> list[ast.stmt]:
        cls_name = self.prog.entity_name(entity)
        slots = [py_attr(f) for f in entity.fields]
        if id(entity) in self.prog.checked.reified:
            slots.append("_targs")  # type arguments tested at run time
        body: list[ast.stmt] = [py.assign(py.store("__slots__"), ast.Tuple(
            [py.const(s) for s in slots], ast.Load()))]
        if isinstance(entity.decl, cap.Entity) and entity.decl.docstring:
            body.insert(0, py.expr_stmt(py.const(entity.decl.docstring)))
        for method in entity.methods.values():
            if method.owner is entity:
                body.extend(self.method_defs(entity, method))
        if entity.name.startswith(("lambda@", "object@")):
            body.append(self._literal_init(entity))
        bases: list[ast.expr] = [py.name("_Actor")] if entity.kind == "actor" else []
        cls = ast.ClassDef(cls_name, bases, [], body, [])
        stmts: list[ast.stmt] = [py.at(cls, entity.decl.span)]
        if entity.kind == "primitive":  # the name holds the single instance
            stmts.append(py.assign(py.store(cls_name), py.call(py.name(cls_name), [])))
        return stmts

    def _literal_init(self, entity: EntityInfo) -> ast.stmt:
        """Anonymous classes are built with their field values (captures);
        an anonymous actor takes them in its constructor message."""
        attrs = [py_attr(f) for f in entity.fields]
        params = [py_name(f) for f in entity.fields]  # `self` may be a capture's name
        assigns: list[ast.stmt] = [
            py.assign(py.attr_store(py.name("self"), a), py.name(p))
            for a, p in zip(attrs, params, strict=True)]
        if entity.kind == "actor":
            return py.func_def("_c_create", ["self", *params], assigns)
        return py.func_def("__init__", ["self", *params], assigns)

    def method_defs(self, entity: EntityInfo, method: MethodInfo) -> list[ast.stmt]:
        if method.decl is None:
            return self._default_ctor(entity, method)
        params = [py_name(p.name) for p in method.params]
        span = method.decl.span
        if method.is_behaviour:
            return [py.at(d, span) for d in self._behaviour(entity, method, params)]
        if method.body is None:  # an abstract function or constructor of a trait or interface
            return []
        if method.is_ctor:
            return [py.at(d, span) for d in self._ctor(entity, method, params)]
        gen = MethodGen(self, entity, returns_self=False, params=params)
        body = gen.body(method.body, returns=not _returns_none(method))
        return [py.at(py.func_def(py_attr(method.name), ["self", *params], body), span)]

    def _field_inits(self, entity: EntityInfo) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        gen = MethodGen(self, entity, returns_self=False)
        for f in entity.fields.values():
            if f.decl.default is not None and f.owner is entity:
                value = gen.value(f.decl.default, out)
                out.append(py.at(py.assign(py.attr_store(py.name("self"), py_attr(f.name)), value),
                                 f.decl.span))
        return out

    def _behaviour(self, entity: EntityInfo, method: MethodInfo,
                   params: list[str]) -> list[ast.stmt]:
        impl = behaviour_body(method.name)
        cls = py.name(self.prog.entity_name(entity))
        args = ast.Tuple([py.name(p) for p in params], ast.Load())
        send = py.call(py.name("_send"), [py.name("self"), py.attr(cls, impl), args])
        stub = py.func_def(py_attr(method.name), ["self", *params],
                           [*_iso_moves(method, params, py.name("self")), py.expr_stmt(send)])
        defs: list[ast.stmt] = [stub]
        if method.body is not None:
            gen = MethodGen(self, entity, returns_self=False, params=params)
            body = gen.body(method.body, returns=False)
            defs.insert(0, py.func_def(impl, ["self", *params], body))
        return defs

    def _ctor(self, entity: EntityInfo, method: MethodInfo, params: list[str]) -> list[ast.stmt]:
        assert method.body is not None
        gen = MethodGen(self, entity, returns_self=entity.kind != "actor", params=params)
        inits = self._field_inits(entity)
        body = gen.body(method.body, returns=False)
        return self._ctor_defs(entity, method, params, [*inits, *body])

    def _default_ctor(self, entity: EntityInfo, method: MethodInfo) -> list[ast.stmt]:
        if entity.kind not in ("class", "actor"):
            return [py.func_def("create", ["self"], [ast.Return(py.name("self"))])]
        return self._ctor_defs(entity, method, [], self._field_inits(entity))

    def _ctor_defs(self, entity: EntityInfo, method: MethodInfo, params: list[str],
                   body: list[ast.stmt]) -> list[ast.stmt]:
        cls = py.name(self.prog.entity_name(entity))
        name = py_attr(method.name)
        if entity.kind == "primitive":
            return [py.func_def(name, ["self", *params], [ast.Return(py.name("self"))])]
        if entity.kind == "actor":
            impl = ctor_body(method.name)
            args = ast.Tuple([py.name(p) for p in params], ast.Load())
            spawn = py.call(py.name("_spawn"), [cls, py.attr(cls, impl), args])
            moves = _iso_moves(method, params, py.name("self"))
            if moves:
                start = [py.assign(py.store("self"), spawn), *moves, ast.Return(py.name("self"))]
            else:
                start = [ast.Return(spawn)]
            return [py.func_def(impl, ["self", *params], body),
                    py.func_def(name, params, start, [py.name("staticmethod")])]
        alloc = py.assign(py.store("self"), py.call(py.name("_new"), [cls]))
        ret = ast.Return(py.name("self"))
        count = ast.AugAssign(py.attr_store(py.name("_acct"), "counted"), ast.Add(),
                              py.const(_object_size(entity)))
        return [py.func_def(name, params, [alloc, count, *body, ret], [py.name("staticmethod")])]


def _object_size(entity: EntityInfo) -> int:
    """What `sys.getsizeof` reports for an object of `entity`'s class: the
    object header, one reference per field, and the cyclic GC's header."""
    return 16 + 8 * len(entity.fields) + 16


def _iso_moves(method: MethodInfo, params: list[str], receiver: ast.expr) -> list[ast.stmt]:
    """`_moved(receiver, p)` for each `iso` parameter of a behaviour or actor
    constructor: the value's bytes go from the sender's account to the
    receiver's (runtime.memory.moved)."""
    moves: list[ast.stmt] = []
    for param, pname in zip(method.params, params, strict=True):
        rcap = cap_of(param.type)
        if rcap is not None and rcap.cap is Cap.ISO:
            moves.append(py.expr_stmt(py.call(py.name("_moved"), [receiver, py.name(pname)])))
    return moves


def _returns_none(method: MethodInfo) -> bool:
    """A method declared to return None: its body's last value is dropped,
    and Python's implicit `return None` gives the same result."""
    ret = method.ret
    from checker.types import Nominal

    return isinstance(ret, Nominal) and ret.entity.name == "None" and \
        ret.entity.package.key == "builtin"


def _file_tag(path: str) -> str:
    stem = path.rsplit("/", 1)[-1].split(".")[0]
    return "".join(ch if ch.isalnum() else "_" for ch in stem)


def _marshal_kind(texpr: cap.TypeExpr) -> str:
    """How an FFI value crosses: by the declared type's name (an integer
    type's own name, so a result can be wrapped to its width)."""
    if isinstance(texpr, cap.NominalType):
        if texpr.name in INT_RANGES:
            return texpr.name.lower()
        if texpr.name in FLOAT_NAMES:
            return "float"
        if texpr.name in ("Bool", "String", "None"):
            return texpr.name.lower()
        if texpr.name == "Array" and texpr.cap == "val":
            return "bytes"
    return "object"


PRELUDE = """\
from runtime.actor import Actor as _Actor, send as _send, spawn as _spawn
from runtime.errors import PonyError as _PonyError
from runtime.memory import acct as _acct, moved as _moved
from runtime import builtins as _rt, numbers as _num, collections as _rtc, ffi as _ffi
from runtime import boxes as _box
_new = object.__new__
"""


def generate(checked: CheckedProgram) -> GeneratedProgram:
    prog = ProgramGen(checked)
    result = GeneratedProgram()
    result.modules.append(("<capdsl prelude>", ast.parse(PRELUDE + _package_imports(checked))))
    anonymous: dict[int, list[EntityInfo]] = {}
    for entity, owner in checked.anonymous:
        anonymous.setdefault(id(owner), []).append(entity)
    for _scope, module in checked.modules:
        entities = [e for e in checked.entities
                    if checked.entity_modules.get(id(e)) is module and _generated(e)]
        for e in entities:  # grows: literals made inside literals come too
            entities.extend(anonymous.get(id(e), []))
        if entities:
            result.modules.append((module.file, FileGen(prog, module).generate(entities)))
    link = _link(prog, checked)
    if link.body:
        result.modules.append(("<capdsl link>", link))
    main = checked.packages[checked.root_key].entities.get("Main")
    result.main_class = prog.entity_name(main) if main is not None else None
    return result


def _package_imports(checked: CheckedProgram) -> str:
    """Imports of the runtime modules of the standard packages the program
    uses, beyond those the prelude always imports."""
    lines = []
    for key, (alias, module) in NATIVE_MODULES.items():
        if key in checked.packages and key not in _ALWAYS_IMPORTED:
            lines.append(f"from runtime import {module} as {alias}\n")
    return "".join(lines)


def _generated(entity: EntityInfo) -> bool:
    return not entity.native and entity.kind != "type"


def _link(prog: ProgramGen, checked: CheckedProgram) -> ast.Module:
    """Copy inherited default methods into the classes that use them."""
    body: list[ast.stmt] = []
    for entity in [*checked.entities, *(e for e, _owner in checked.anonymous)]:
        if not _generated(entity) or entity.kind in ("trait", "interface"):
            continue
        target: ast.expr = py.name(prog.entity_name(entity))
        if entity.kind == "primitive":
            target = py.call(py.name("type"), [target])
        for method in entity.methods.values():
            if method.owner is entity or method.body is None or method.owner.native:
                continue
            source = py.name(prog.entity_name(method.owner))
            names = [py_attr(method.name)]
            if method.is_behaviour:
                names.append(behaviour_body(method.name))
            for n in names:
                body.append(py.assign(py.attr_store(target, n), py.attr(source, n)))
    return ast.fix_missing_locations(ast.Module(body, []))

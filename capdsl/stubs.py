"""Typed stubs (`.pyi`) for compiled programs: what mypy knows of a `.cap` module.

Place: after the types pass, beside codegen; `capdsl stubs` and `capdsl
compile` write them. Built from the checked declarations (`EntityInfo`,
`MethodInfo`, checked types), never by re-reading the source. The stub of a
program describes the module `capdsl.load` returns (or `import NAME` through
the import hook): every root-package entity with its fields and methods.

Types: numbers, `Bool`, `String` and `None` are the Python types the FFI and
the embedding pass (`int`, `float`, `bool`, `str`, `None`); every other type
carries its capability as a `capdsl.caps` wrapper (`Ref[Buf]`, `Tag[Sink]`).
Constructors are static methods returning their capability (`Iso[Buf]` for a
class's default `create`, `Tag[...]` for an actor's); behaviours are methods
called on a `Tag`. Receiver capabilities, behaviours and constructors are
marked with the `capdsl.caps` decorators, which `capdsl.mypy_plugin` records.
A primitive is a value at run time, so its class is `NAME_primitive` and
`NAME` is its `Val` instance. Entities of other packages appear as opaque
classes (`builtin_Array`), lambda types as `Cap[typing.Any]`. The stub names
everything through the modules `caps` and `typing` and lower-case prefixes
(`_tv_A`, `builtin_`), which no `.cap` type name can take.
"""

from __future__ import annotations

from pathlib import Path

from capdsl.capviews import CAPS, SUPERCAPS, WRITERS, read_cap, view_name
from capdsl.codegen.names import entity_py_name, py_attr, py_name
from checker.cap import Cap, RCap
from checker.decls import EntityInfo, MethodInfo, TypeParamInfo
from checker.literals import FLOAT_NAMES, INT_RANGES
from checker.program import CheckedProgram
from checker.types import Arrow, Isect, Literal, Never, Nominal, TParam, TupleT, Type, Union

_WRAPPER = {Cap.ISO: "Iso", Cap.TRN: "Trn", Cap.REF: "Ref", Cap.VAL: "Val", Cap.BOX: "Box",
            Cap.TAG: "Tag", Cap.READ: "Box", Cap.SEND: "Tag", Cap.SHARE: "Tag",
            Cap.ALIAS: "Tag", Cap.ANY: "Tag"}
"""The wrapper for each capability; a generic set gets the strongest wrapper
every member provides (`#read` reads, the others may be `tag`)."""
_PLAIN = {"Bool": "bool", "String": "str", "None": "None"}
_RECEIVER_MARK = {Cap.ISO: "iso", Cap.TRN: "trn", Cap.REF: "ref", Cap.VAL: "val",
                  Cap.BOX: "box", Cap.TAG: "tag"}
"""A method's mark (and view, `capdsl.capviews`) by its receiver capability."""
PRIMITIVE_SUFFIX = "_primitive"


class StubWriter:
    """Writes the stub text of one checked program."""

    def __init__(self, checked: CheckedProgram, source: str) -> None:
        self.checked = checked
        self.source = source
        self.root = checked.packages[checked.root_key]
        self.typevars: set[str] = set()
        self.external: dict[int, EntityInfo] = {}

    # ------------------------------------------------------------- types

    def type_text(self, t: Type, origin: str | None = None) -> str:
        """`t` as a stub type; with `origin`, as a field read through an
        `origin` reference gives it (`capdsl.capviews.read_cap`)."""
        if isinstance(t, Nominal):
            return self._nominal(t, origin)
        if isinstance(t, TParam):
            return self._typevar(t.param)
        if isinstance(t, Union):
            return " | ".join(dict.fromkeys(self.type_text(m, origin) for m in t.members))
        if isinstance(t, TupleT):
            return "tuple[" + ", ".join(self.type_text(e) for e in t.elems) + "]"
        if isinstance(t, Arrow):
            return self.type_text(t.target, origin)
        if isinstance(t, Literal):
            return "float" if t.is_float else "int"
        if isinstance(t, Isect):
            return self.type_text(t.members[0], origin) if t.members else "typing.Any"
        if isinstance(t, Never):
            return "typing.NoReturn"
        return "typing.Any"

    def _nominal(self, t: Nominal, origin: str | None) -> str:
        entity = t.entity
        if entity.package.key == "builtin":
            if entity.name in INT_RANGES:
                return "int"
            if entity.name in FLOAT_NAMES:
                return "float"
            if entity.name in _PLAIN:
                return _PLAIN[entity.name]
            if entity.name == "Any":
                return "object"
        if entity.kind == "type" and entity.alias_target is not None:
            return self.type_text(entity.alias_target, origin)
        cap = "Tag" if entity.is_actor else _WRAPPER[t.cap.cap]
        if origin is not None:
            cap = (read_cap(origin, cap.lower()) or cap).title()
        wrapper = "caps." + cap
        if entity.name.startswith("{lambda"):
            return f"{wrapper}[typing.Any]"
        name = self.class_name(entity)
        if t.args:
            name += "[" + ", ".join(self.type_text(a) for a in t.args) + "]"
        return f"{wrapper}[{name}]"

    def class_name(self, entity: EntityInfo) -> str:
        if entity.package is not self.root:
            self.external[id(entity)] = entity
            prefix = "".join(ch if ch.isalnum() else "_" for ch in entity.package.name)
            return f"{prefix}_{entity_py_name(entity.name, '', True)}"
        name = entity_py_name(entity.name, entity.package.name, True)
        return name + PRIMITIVE_SUFFIX if entity.kind == "primitive" else name

    def _typevar(self, param: TypeParamInfo) -> str:
        name = "_tv_" + param.name.replace("'", "_")
        self.typevars.add(name)
        return name

    # ------------------------------------------------------------ entities

    def entity(self, entity: EntityInfo) -> list[str]:
        name = self.class_name(entity)
        lines = [f"class {name}({', '.join(self._bases(entity))}):"]
        doc = getattr(entity.decl, "docstring", None)
        if doc:
            lines.append(f"    {_docstring(doc)}")
        for field in entity.fields.values():
            lines.append(f"    {py_attr(field.name)}: {self.type_text(field.type)}")
        for method in entity.methods.values():
            marks, head = self.signature(entity, method)
            lines += [f"    {m}" for m in marks] + [head]
        if len(lines) == 1:
            lines.append("    ...")
        if entity.kind == "primitive":
            public = entity_py_name(entity.name, entity.package.name, True)
            lines += ["", "", f"{public}: caps.Val[{name}]"]
        if entity.kind not in ("trait", "interface"):
            lines += self.views(entity, name, opaque=False)
        return lines

    def _bases(self, entity: EntityInfo) -> list[str]:
        """A trait's class derives from `caps.Trait` (a trait has no views)."""
        traits = [self.class_name(p.entity) for p in entity.provides
                  if isinstance(p, Nominal) and p.entity.package is self.root
                  and p.entity.kind == "trait" and entity.kind != "interface"]
        if entity.kind == "actor":
            bases = ["caps.Actor", *traits]
        elif entity.kind == "interface":
            bases = ["caps.Interface"]
        elif entity.kind == "trait":
            bases = [*traits, "caps.Trait"]
        else:
            bases = traits or ["caps.CapObject"]
        if entity.type_params:
            bases.append("typing.Generic[" + ", ".join(self._typevar(p) for p in entity.type_params)
                         + "]")
        if entity.kind == "interface":
            bases.append("typing.Protocol")
        return bases

    def signature(self, entity: EntityInfo, method: MethodInfo) -> tuple[list[str], str]:
        """A method's decorators (the marks `capdsl.mypy_plugin` records) and
        its `def` line."""
        params = [f"{py_name(p.name)}: {self.param_text(p.type)}"
                  + (" = ..." if p.default is not None else "") for p in method.params]
        if method.is_ctor:
            marks = ["@staticmethod", "@caps.constructor"]
            ret = self._ctor_result(entity, method)
        else:
            params.insert(0, "self")
            marks = ["@caps.behaviour" if method.is_behaviour
                     else f"@caps.{_RECEIVER_MARK.get(method.cap, 'box')}"]
            ret = "None" if method.is_behaviour else self.type_text(method.ret)
        if entity.kind == "primitive" and method.is_ctor:
            params.insert(0, "self")
            marks = ["@caps.constructor"]
        return marks, f"    def {py_attr(method.name)}({', '.join(params)}) -> {ret}: ..."

    def param_text(self, t: Type) -> str:
        """A parameter's type; an interface's also admits a bare Python object
        that has its methods (a `capdsl.Promise` for a reply interface)."""
        text = self.type_text(t)
        if isinstance(t, Nominal) and t.entity.kind == "interface" and \
                t.entity.package is self.root and not t.entity.name.startswith("{lambda"):
            text += " | " + self.class_name(t.entity)
        return text

    def _ctor_result(self, entity: EntityInfo, method: MethodInfo) -> str:
        args = tuple(TParam(p, p.cap) for p in entity.type_params)
        return self.type_text(Nominal(entity, args, RCap(method.cap)))


    # --------------------------------------------------------------- views

    def views(self, entity: EntityInfo, name: str, opaque: bool) -> list[str]:
        """The capability views of `entity` (`capdsl.capviews`): a class per
        capability (an actor has only Tag), each a subclass of its wrapper
        and of its supercapabilities' views, declaring the methods of its
        own receiver capability and every field as it reads it."""
        params = [self._typevar(p) for p in entity.type_params]
        args = f"[{', '.join(params)}]" if params else ""
        lines: list[str] = []
        for cap in ("tag",) if entity.is_actor else tuple(reversed(CAPS)):
            bases = [view_name(up, name) + args for up in SUPERCAPS[cap]]
            bases.append(f"caps.{cap.title()}Base[{name}{args}]")
            if params:
                bases.append(f"typing.Generic[{', '.join(params)}]")
            body = [] if opaque else self._view_body(entity, cap)
            lines += ["", "", f"class {view_name(cap, name)}({', '.join(bases)}):",
                      *(body or ["    ..."])]
        return lines

    def _view_body(self, entity: EntityInfo, cap: str) -> list[str]:
        lines: list[str] = []
        if cap != "tag":
            for field in entity.fields.values():
                lines += self._view_field(py_attr(field.name), field.type, cap)
        for method in entity.methods.values():
            if _method_view(entity, method) == cap:
                lines.append(self.signature(entity, method)[1])
        return lines

    def _view_field(self, attr: str, t: Type, cap: str) -> list[str]:
        """A field as `cap` sees it: read as Pony adapts it; written (through
        Iso, Trn or Ref) as declared, by a property when the two differ."""
        read = self.type_text(t, origin=cap)
        written = self.type_text(t)
        if cap not in WRITERS or read == written:
            return [f"    {attr}: {read}"]
        return ["    @property", f"    def {attr}(self) -> {read}: ...",
                f"    @{attr}.setter", f"    def {attr}(self, value: {written}) -> None: ..."]

    # -------------------------------------------------------------- module

    def text(self) -> str:
        entities = [e for e in self.root.entities.values()
                    if e.package is self.root and not e.native and e.kind != "type"]
        body: list[str] = []
        for entity in entities:
            body += ["", "", *self.entity(entity)]
        body += self._externals()
        header = [f"# Generated by capdsl from {self.source}; do not edit.",
                  "# mypy: disable-error-code=\"override\"",
                  '"""Types of the compiled program for mypy (`capdsl stubs`)."""', "",
                  "import typing", "",
                  "from capdsl import caps"]
        if self.typevars:
            header += ["", *(f'{v} = typing.TypeVar("{v}")' for v in sorted(self.typevars))]
        return "\n".join(header + body) + "\n"

    def _externals(self) -> list[str]:
        """Opaque classes for the entities of other packages the stub names."""
        lines: list[str] = []
        done: set[int] = set()
        while len(done) < len(self.external):
            for key, entity in list(self.external.items()):
                if key in done:
                    continue
                done.add(key)
                bases = ["caps.Actor" if entity.is_actor else "caps.CapObject"]
                if entity.type_params:
                    bases.append("typing.Generic[" + ", ".join(
                        self._typevar(p) for p in entity.type_params) + "]")
                doc = _docstring(f"{entity.kind} {entity.name} of package "
                                 f"{entity.package.name}: opaque to Python.")
                name = self.class_name(entity)
                lines += ["", "", f"class {name}({', '.join(bases)}):", f"    {doc}",
                          *self.views(entity, name, opaque=True)]
        return lines


def _method_view(entity: EntityInfo, method: MethodInfo) -> str | None:
    """The view that declares `method`: its receiver capability's (a
    behaviour's and a primitive's constructor: Tag; a class's constructors
    are called on the class, in no view)."""
    if method.is_ctor:
        return "tag" if entity.kind == "primitive" else None
    return "tag" if method.is_behaviour else _RECEIVER_MARK.get(method.cap, "box")


def _docstring(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return repr(first.replace('"""', "'''"))


def stub_text(checked: CheckedProgram, source: str) -> str:
    """The `.pyi` text for a checked program compiled from `source`."""
    return StubWriter(checked, source).text()


def stub_path(target: Path, out_dir: Path) -> Path:
    """Where the stub of `target` goes: `out_dir/NAME.pyi`, beside `NAME.py`."""
    stem = target.stem if target.is_file() else target.resolve().name
    return out_dir / f"{stem}.pyi"

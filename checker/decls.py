"""Declarations: what the names pass learns about entities and their members.

Filled in two steps by `checker.program`: first every entity of every
package is entered by name (so types may refer to each other in any order),
then fields, methods and type parameters get resolved types. The expression
checker reads these; codegen reads them too (field order, constructors,
behaviours). Infos compare by identity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from capdsl import ast
from capdsl.source import Span
from checker.cap import Cap, RCap
from checker.types import UNKNOWN, Type


@dataclass(eq=False)
class TypeParamInfo:
    name: str
    span: Span
    constraint: Type = UNKNOWN
    cap: RCap = field(default_factory=lambda: RCap(Cap.ANY))
    default: Type | None = None


@dataclass(eq=False)
class FieldInfo:
    name: str
    kind: str  # "var", "let" or "embed"
    type: Type
    decl: ast.Field
    owner: EntityInfo


@dataclass(eq=False)
class ParamInfo:
    name: str
    type: Type
    default: ast.Expr | None
    span: Span


@dataclass(eq=False)
class MethodInfo:
    """A method as declared. `cap` is the receiver capability (`tag` for
    behaviours, the result capability for constructors)."""

    name: str
    kind: str  # "fun", "be" or "new"
    cap: Cap
    decl: ast.Method | None
    owner: EntityInfo
    type_params: list[TypeParamInfo] = field(default_factory=list)
    params: list[ParamInfo] = field(default_factory=list)
    ret: Type = UNKNOWN
    partial: bool = False
    span: Span | None = None

    @property
    def body(self) -> ast.Seq | None:
        return self.decl.body if self.decl is not None else None

    @property
    def is_ctor(self) -> bool:
        return self.kind == "new"

    @property
    def is_behaviour(self) -> bool:
        return self.kind == "be"


@dataclass(eq=False)
class PackageScope:
    """The names a package's code can see: its own entities, builtin's, those of
    packages it uses, and qualified packages (`use x = "pkg"`)."""

    key: str
    name: str
    is_stdlib: bool
    entities: dict[str, EntityInfo] = field(default_factory=dict)
    ffi: dict[str, ast.FFIDecl] = field(default_factory=dict)


@dataclass(eq=False)
class EntityInfo:
    """An actor, class, primitive, trait, interface or type alias."""

    name: str
    kind: str
    decl: ast.Entity | ast.TypeAliasDecl
    package: PackageScope
    cap: Cap
    type_params: list[TypeParamInfo] = field(default_factory=list)
    provides: list[Type] = field(default_factory=list)
    fields: dict[str, FieldInfo] = field(default_factory=dict)
    methods: dict[str, MethodInfo] = field(default_factory=dict)
    alias_target: Type | None = None
    native: bool = False

    @property
    def span(self) -> Span:
        return self.decl.name_span

    @property
    def is_actor(self) -> bool:
        return self.kind == "actor"

    @property
    def is_abstract(self) -> bool:
        return self.kind in ("trait", "interface")

    def __repr__(self) -> str:
        return f"<{self.kind} {self.name}>"

"""What the types pass learned about each node, for codegen.

Keyed by `id(node)`: the syntax tree is alive for the whole compilation, so
node identities are stable. The expression checker fills these tables;
codegen only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from capdsl import ast
from checker.decls import EntityInfo, FieldInfo, MethodInfo
from checker.types import Type


@dataclass(frozen=True, slots=True)
class LocalRef:
    """A local variable or parameter (`name` is unique within its method)."""

    name: str


@dataclass(frozen=True, slots=True)
class FieldRef:
    """A field of `this` named without `this.`."""

    field: FieldInfo


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A type used as a value: it means `Type.create()`, a primitive's instance."""

    entity: EntityInfo
    args: tuple[Type, ...]


@dataclass(frozen=True, slots=True)
class CallInfo:
    """A resolved call. `args` is in parameter order; an entry of None means
    the parameter's default is used (its expression is `method.params[i].default`).
    `receiver` is None for calls on implicit `this` and for constructors named
    by their type; `via_create` is set when `Foo.m()` calls `m` on `Foo.create()`.
    `sugar` names what the source wrote when it differs (`apply`, `update`,
    an operator such as `+`)."""

    method: MethodInfo
    entity: EntityInfo
    args: tuple[ast.Expr | None, ...]
    receiver: ast.Expr | None
    receiver_type: Type
    via_create: bool = False
    sugar: str | None = None


@dataclass
class NodeInfo:
    types: dict[int, Type] = field(default_factory=dict)
    refs: dict[int, LocalRef | FieldRef | TypeRef] = field(default_factory=dict)
    calls: dict[int, CallInfo] = field(default_factory=dict)
    fields: dict[int, FieldInfo] = field(default_factory=dict)
    literals: dict[int, EntityInfo] = field(default_factory=dict)
    coercions: dict[int, tuple[Type, Type]] = field(default_factory=dict)
    captures: dict[int, list[str]] = field(default_factory=dict)
    identities: list[tuple[Type, ...]] = field(default_factory=list)
    """The operand types of every `is`/`isnt` (two) and `digestof` (one):
    what may observe an object's identity (codegen asks whether a String's
    can be)."""

    def type_of(self, node: ast.Expr) -> Type | None:
        return self.types.get(id(node))

"""The syntax tree: what the parser builds and every later pass reads.

Nodes are frozen, slotted dataclasses; each carries one `span` (its first
field) covering the source it came from, keywords included. The tree keeps
the program as written: sugar (`Foo` for `Foo.create()`, `x(i) = v` for
`update`, operators as methods) is resolved by the checker, not here.

Conventions:
- a method body, a branch or a loop body is a `Seq` (possibly of one);
- capability names are kept as the source spells them (`"iso"`, `"#read"`),
  with the modifier (`"^"` or `"!"`) separately;
- `BinOp.grouped` is true when the source put the operation in parentheses,
  which is what the syntax pass needs to reject mixed operators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from capdsl.source import Span

# --------------------------------------------------------------------------
# Types as written


@dataclass(frozen=True, slots=True)
class NominalType:
    """`pkg.Name[Args] cap^`: a named type with optional capability."""

    span: Span
    package: str | None
    name: str
    args: tuple[TypeExpr, ...]
    cap: str | None
    modifier: str | None  # "^", "!" or None


@dataclass(frozen=True, slots=True)
class UnionType:
    span: Span
    members: tuple[TypeExpr, ...]
    modifier: str | None = None


@dataclass(frozen=True, slots=True)
class IsectType:
    span: Span
    members: tuple[TypeExpr, ...]
    modifier: str | None = None


@dataclass(frozen=True, slots=True)
class TupleType:
    span: Span
    elems: tuple[TypeExpr, ...]
    modifier: str | None = None


@dataclass(frozen=True, slots=True)
class ThisType:
    """`this` on the left of an arrow."""

    span: Span


@dataclass(frozen=True, slots=True)
class CapType:
    """A bare capability on the left of an arrow (`box->A`)."""

    span: Span
    cap: str


@dataclass(frozen=True, slots=True)
class ArrowType:
    """`left->right`: the right type as seen through the left."""

    span: Span
    left: TypeExpr
    right: TypeExpr


@dataclass(frozen=True, slots=True)
class LambdaType:
    """`{cap name[T](P1, P2): R ?} objcap^`."""

    span: Span
    apply_cap: str | None
    name: str | None
    type_params: tuple[TypeParam, ...]
    params: tuple[TypeExpr, ...]
    ret: TypeExpr | None
    partial: bool
    cap: str | None
    modifier: str | None


TypeExpr: TypeAlias = (
    NominalType | UnionType | IsectType | TupleType | ThisType | CapType | ArrowType
    | LambdaType
)


@dataclass(frozen=True, slots=True)
class TypeParam:
    """`A: Constraint = Default` in a type-parameter list."""

    span: Span
    name: str
    constraint: TypeExpr | None
    default: TypeExpr | None


# --------------------------------------------------------------------------
# Expressions


@dataclass(frozen=True, slots=True)
class IntLit:
    span: Span
    value: int


@dataclass(frozen=True, slots=True)
class FloatLit:
    span: Span
    value: float


@dataclass(frozen=True, slots=True)
class StringLit:
    """A string literal after escape processing; `triple` for `\"\"\"`."""

    span: Span
    value: str
    triple: bool = False


@dataclass(frozen=True, slots=True)
class CharLit:
    """`'a'`: an integer literal written as characters."""

    span: Span
    value: int


@dataclass(frozen=True, slots=True)
class BoolLit:
    span: Span
    value: bool


@dataclass(frozen=True, slots=True)
class ArrayLit:
    """`[as T: a; b]`; `elem_type` is None without `as`."""

    span: Span
    elem_type: TypeExpr | None
    elems: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class This:
    span: Span


@dataclass(frozen=True, slots=True)
class DontCare:
    """`_` in a pattern or on the left of an assignment."""

    span: Span


@dataclass(frozen=True, slots=True)
class NameRef:
    """An identifier in expression position: local, field, type or package."""

    span: Span
    name: str


@dataclass(frozen=True, slots=True)
class Dot:
    """`obj.name` (also `t._1` for tuple elements)."""

    span: Span
    obj: Expr
    name: str
    name_span: Span


@dataclass(frozen=True, slots=True)
class Chain:
    """`obj.>name`: call `name` and yield the receiver."""

    span: Span
    obj: Expr
    name: str
    name_span: Span


@dataclass(frozen=True, slots=True)
class Qualify:
    """`expr[TypeArgs]`: type arguments for a type or a generic method."""

    span: Span
    expr: Expr
    type_args: tuple[TypeExpr, ...]


@dataclass(frozen=True, slots=True)
class NamedArg:
    span: Span
    name: str
    value: Expr


@dataclass(frozen=True, slots=True)
class Call:
    """`callee(args where named)?`."""

    span: Span
    callee: Expr
    args: tuple[Expr, ...]
    named: tuple[NamedArg, ...]
    partial: bool


@dataclass(frozen=True, slots=True)
class FFICall:
    """`@name[Ret](args)?`: a call into Python through a `use @` declaration."""

    span: Span
    name: str
    ret: TypeExpr | None
    args: tuple[Expr, ...]
    named: tuple[NamedArg, ...]
    partial: bool


@dataclass(frozen=True, slots=True)
class BinOp:
    """`left op right`. `op` as written (`+`, `+~`, `+?`, `and`, `is`, ...)."""

    span: Span
    op: str
    left: Expr
    right: Expr
    grouped: bool = False


@dataclass(frozen=True, slots=True)
class UnaryOp:
    """`-x`, `-~x`, `not x`."""

    span: Span
    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class Local:
    """`let x: T` / `var x` declaring a local (usually under an `Assign`)."""

    span: Span
    kind: str  # "let" or "var"
    name: str
    name_span: Span
    type: TypeExpr | None


@dataclass(frozen=True, slots=True)
class Assign:
    """`target = value`; its value is the target's old value."""

    span: Span
    target: Expr
    value: Expr


@dataclass(frozen=True, slots=True)
class Seq:
    """Expressions in order; the value is the last one's."""

    span: Span
    exprs: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class TupleExpr:
    """`(a, b)`; each element is a `Seq`-valued expression."""

    span: Span
    elems: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class If:
    """`if cond then body (elseif ... | else orelse) end`; an `elseif` is an
    `If` as the `orelse` of its parent, marked `is_elseif`."""

    span: Span
    cond: Expr
    then: Seq
    orelse: Seq | If | None
    is_elseif: bool = False


@dataclass(frozen=True, slots=True)
class While:
    span: Span
    cond: Expr
    body: Seq
    orelse: Seq | None


@dataclass(frozen=True, slots=True)
class Repeat:
    span: Span
    body: Seq
    cond: Expr
    orelse: Seq | None


@dataclass(frozen=True, slots=True)
class IdSeq:
    """The names bound by `for`: one name or a nested tuple of names."""

    span: Span
    names: tuple[str | IdSeq, ...]


@dataclass(frozen=True, slots=True)
class For:
    span: Span
    target: IdSeq
    iterable: Expr
    body: Seq
    orelse: Seq | None


@dataclass(frozen=True, slots=True)
class Break:
    span: Span
    value: Expr | None


@dataclass(frozen=True, slots=True)
class Continue:
    span: Span


@dataclass(frozen=True, slots=True)
class Return:
    span: Span
    value: Expr | None


@dataclass(frozen=True, slots=True)
class Error:
    """The `error` expression."""

    span: Span


@dataclass(frozen=True, slots=True)
class MatchCase:
    """`| pattern if guard => body`. A body of None falls through to the
    next case's body; a pattern of None never occurs (only `else`)."""

    span: Span
    pattern: Expr
    guard: Expr | None
    body: Seq | None


@dataclass(frozen=True, slots=True)
class Match:
    span: Span
    subject: Expr
    cases: tuple[MatchCase, ...]
    orelse: Seq | None


@dataclass(frozen=True, slots=True)
class Try:
    span: Span
    body: Seq
    orelse: Seq | None
    then: Seq | None


@dataclass(frozen=True, slots=True)
class Recover:
    span: Span
    cap: str | None
    body: Seq


@dataclass(frozen=True, slots=True)
class Consume:
    span: Span
    cap: str | None
    operand: Expr


@dataclass(frozen=True, slots=True)
class As:
    span: Span
    operand: Expr
    type: TypeExpr


@dataclass(frozen=True, slots=True)
class DigestOf:
    span: Span
    operand: Expr


@dataclass(frozen=True, slots=True)
class LambdaCapture:
    """`name`, `name: T = value` or `name = value` in a lambda's captures."""

    span: Span
    name: str
    type: TypeExpr | None
    value: Expr | None


@dataclass(frozen=True, slots=True)
class Lambda:
    """`{apply_cap name[T](params)(captures): Ret ? => body} cap`."""

    span: Span
    apply_cap: str | None
    name: str | None
    type_params: tuple[TypeParam, ...]
    params: tuple[Param, ...]
    captures: tuple[LambdaCapture, ...] | None
    ret: TypeExpr | None
    partial: bool
    body: Seq
    cap: str | None


@dataclass(frozen=True, slots=True)
class ObjectLit:
    """`object cap is Provides  fields  methods end`."""

    span: Span
    cap: str | None
    provides: TypeExpr | None
    fields: tuple[Field, ...]
    methods: tuple[Method, ...]


Expr: TypeAlias = (
    IntLit | FloatLit | StringLit | CharLit | BoolLit | ArrayLit | This | DontCare
    | NameRef | Dot | Chain | Qualify | Call | FFICall | BinOp | UnaryOp | Local | Assign
    | Seq | TupleExpr | If | While | Repeat | For | Break | Continue | Return | Error
    | Match | Try | Recover | Consume | As | DigestOf | Lambda | ObjectLit
)

# --------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True, slots=True)
class Param:
    span: Span
    name: str
    type: TypeExpr
    default: Expr | None


@dataclass(frozen=True, slots=True)
class Field:
    span: Span
    kind: str  # "var", "let" or "embed"
    name: str
    name_span: Span
    type: TypeExpr
    default: Expr | None
    docstring: str | None = None


@dataclass(frozen=True, slots=True)
class Method:
    """`fun`/`be`/`new`. `body` is None for an abstract method."""

    span: Span
    kind: str  # "fun", "be" or "new"
    cap: str | None
    name: str
    name_span: Span
    type_params: tuple[TypeParam, ...]
    params: tuple[Param, ...]
    ret: TypeExpr | None
    partial: bool
    body: Seq | None
    docstring: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """`actor`, `class`, `primitive`, `trait` or `interface`."""

    span: Span
    kind: str
    cap: str | None
    name: str
    name_span: Span
    type_params: tuple[TypeParam, ...]
    provides: TypeExpr | None
    fields: tuple[Field, ...]
    methods: tuple[Method, ...]
    docstring: str | None = None


@dataclass(frozen=True, slots=True)
class TypeAliasDecl:
    """`type Name[T] is Target`."""

    span: Span
    name: str
    name_span: Span
    type_params: tuple[TypeParam, ...]
    target: TypeExpr
    docstring: str | None = None


@dataclass(frozen=True, slots=True)
class Use:
    """`use "path"` or `use alias = "path"`."""

    span: Span
    alias: str | None
    path: str


@dataclass(frozen=True, slots=True)
class FFIDecl:
    """`use @dotted.name[Ret](params) ?`. `variadic` for a trailing `...`."""

    span: Span
    name: str
    ret: TypeExpr
    params: tuple[Param, ...]
    variadic: bool
    partial: bool


@dataclass(frozen=True, slots=True)
class Module:
    """One `.cap` file."""

    span: Span
    file: str
    docstring: str | None
    uses: tuple[Use, ...]
    ffi_decls: tuple[FFIDecl, ...]
    entities: tuple[Entity | TypeAliasDecl, ...]


Node: TypeAlias = (
    Expr | TypeExpr | TypeParam | Param | Field | Method | Entity | TypeAliasDecl | Use
    | FFIDecl | Module | MatchCase | NamedArg | LambdaCapture | IdSeq
)

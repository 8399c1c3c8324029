"""The state of checking one method body: locals, scopes and consume flow.

A `Frame` belongs to one method (or field initialiser, or lambda body). It
keeps the lexical scopes of locals and the flow state: which locals are
consumed on some path reaching the current point. Branches copy the flow
state and join it afterwards: a local consumed on any path that reaches the
join is consumed after it. A path that jumps away (`return`, `error`,
`break`, `continue`) does not reach the join.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from capdsl import ast
from capdsl.source import Span
from checker.decls import EntityInfo, MethodInfo
from checker.types import Type


@dataclass(eq=False)
class LocalVar:
    """A local or parameter. `recover_depth` is the number of `recover`
    blocks around its declaration, to tell outside names inside a recover.
    A local declared without a value is in the flow's consumed set, at
    `unassigned_at`, until its first assignment."""

    name: str
    kind: str  # "let", "var" or "param"
    type: Type
    span: Span
    recover_depth: int = 0
    loop_depth: int = 0
    unassigned_at: Span | None = None
    try_depth: int = 0
    inferred_from: Type | None = None


@dataclass
class Flow:
    """Which locals are consumed (with where), and whether this point is reachable."""

    consumed: dict[LocalVar, Span] = field(default_factory=dict)
    reachable: bool = True

    def copy(self) -> Flow:
        return Flow(dict(self.consumed), self.reachable)


def join(flows: list[Flow]) -> Flow:
    """The state after branches meet: consumed on any reaching path."""
    live = [f for f in flows if f.reachable]
    if not live:
        return Flow(dict(flows[0].consumed) if flows else {}, reachable=False)
    merged: dict[LocalVar, Span] = {}
    for f in live:
        for var, span in f.consumed.items():
            merged.setdefault(var, span)
    return Flow(merged, True)


@dataclass
class LoopState:
    """A loop being checked: the flow at the start of its body, and the flows
    that leave an iteration early (`continue`) or the loop (`break`)."""

    start: Flow
    continues: list[Flow] = field(default_factory=list)
    breaks: list[Flow] = field(default_factory=list)
    break_values: list[tuple[ast.Expr, Type]] = field(default_factory=list)
    """`break value`s: each is a value the loop may have."""


@dataclass
class Frame:
    """Checking state for one body."""

    entity: EntityInfo
    method: MethodInfo | None
    this_type: Type
    ret_type: Type | None
    partial: bool
    scopes: list[dict[str, LocalVar]] = field(default_factory=lambda: [{}])
    flow: Flow = field(default_factory=Flow)
    try_depth: int = 0
    loop_depth: int = 0
    recover_depth: int = 0
    in_ctor: bool = False
    default_arg: bool = False
    """Checking a parameter's default value: `this` can't be used."""
    loops: list[LoopState] = field(default_factory=list)
    this_var: LocalVar = field(init=False)
    field_vars: dict[str, LocalVar] = field(default_factory=dict)
    outer: Frame | None = None
    literal: object | None = None
    result_names: set[int] = field(default_factory=set)
    field_targets: list[tuple[str, ...]] = field(default_factory=list)
    consumed_fields: dict[tuple[str, ...], tuple[Span, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from capdsl.source import NO_SPAN

        self.this_var = LocalVar("this", "let", self.this_type, NO_SPAN)

    def lookup(self, name: str) -> LocalVar | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def declare(self, var: LocalVar) -> None:
        var.recover_depth = self.recover_depth
        var.loop_depth = self.loop_depth
        var.try_depth = self.try_depth
        self.scopes[-1][var.name] = var

    def push(self) -> None:
        self.scopes.append({})

    def pop(self) -> None:
        self.scopes.pop()

    def undefined_fields(self) -> list[str]:
        """Fields a constructor has not yet assigned on some path to here."""
        return [name for name, var in self.field_vars.items() if var in self.flow.consumed]

    def this_incomplete(self) -> bool:
        return any(var in self.flow.consumed for var in self.field_vars.values())

    def may_error(self) -> bool:
        """Whether `error` or a partial call is allowed here."""
        return self.try_depth > 0 or self.partial

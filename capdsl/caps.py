"""Capability types for Python code that uses compiled `.cap` programs.

Place: the Python-facing end of the pipeline, beside `capdsl.embed`. The
stubs `capdsl stubs` writes (`capdsl.stubs`) type every value of a compiled
program with one of the wrappers below, and `capdsl.mypy_plugin` checks
their use: `Iso[Buf]` is a `Buf` reached through an `iso` reference. At run
time there are no wrappers: a value is the bare object, `consume(x)` returns
`x`, and the marker decorators return what they decorate.

The wrappers form a simplified subcapability order for mypy's subtyping
(`Iso <: Trn <: Ref, Val <: Box <: Tag`, the ephemeral view: a fresh `iso`
fits anywhere). Aliasing is the plugin's business: `cap-send` refuses an
`Iso` name passed without `consume(...)`, `cap-consume` a name used after it.

For a class of a stub, the plugin reads `Val[Buf]` as the stub's view class
`Val_Buf` (`capdsl.capviews`), a subclass of `Val[Buf]` that declares what a
`val` may use; the views name their wrapper through the aliases `IsoBase`
... `TagBase`, which the plugin leaves alone. Traits and interfaces have no
views: `Box[Named]` stays the wrapper.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeAlias, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "Actor",
    "Box",
    "BoxBase",
    "CapObject",
    "Interface",
    "Iso",
    "IsoBase",
    "Ref",
    "RefBase",
    "Tag",
    "TagBase",
    "Trait",
    "Trn",
    "TrnBase",
    "Val",
    "ValBase",
    "behaviour",
    "box",
    "constructor",
    "consume",
    "iso",
    "ref",
    "tag",
    "trn",
    "val",
]


class _Cap(Generic[T_co]):
    """Base of the wrappers. Its `__getattr__` exists only for mypy: every
    member of `Val[Buf]` is then looked up through it, which is where the
    plugin's attribute hook checks the capability and forwards to `Buf`."""

    if TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...


class Tag(_Cap[T_co]):
    """An opaque reference: identity and (for actors) behaviours only."""


class Box(Tag[T_co]):
    """A read-only reference; other references may write."""


class Ref(Box[T_co]):
    """A readable and writable reference, not sendable."""


class Val(Box[T_co]):
    """An immutable, shareable value."""


class Trn(Ref[T_co], Val[T_co]):
    """The only writable reference; others may only read."""


class Iso(Trn[T_co]):
    """The only reference that can read or write: sendable once consumed."""


IsoBase: TypeAlias = Iso[T_co]
TrnBase: TypeAlias = Trn[T_co]
RefBase: TypeAlias = Ref[T_co]
ValBase: TypeAlias = Val[T_co]
BoxBase: TypeAlias = Box[T_co]
TagBase: TypeAlias = Tag[T_co]


def consume(value: T) -> T:
    """Mark a move: `value`'s name may not be used afterwards (`cap-consume`).
    At run time it returns `value`."""
    return value


class CapObject:
    """Base of the stubs' classes, traits and primitives."""


class Trait(CapObject):
    """Base of the stubs' traits."""


class Actor(CapObject):
    """Base of the stubs' actors: reached only through `Tag[...]`."""


class Interface(Protocol):
    """Base of the stubs' interfaces (structural, as in Pony)."""


def iso(fn: F) -> F:
    """Marks a `fun iso`: needs an `Iso` receiver."""
    return fn


def trn(fn: F) -> F:
    """Marks a `fun trn`: needs a unique writable receiver (Iso or Trn)."""
    return fn


def ref(fn: F) -> F:
    """Marks a `fun ref`: needs a writable receiver (Iso, Trn or Ref)."""
    return fn


def val(fn: F) -> F:
    """Marks a `fun val`: needs a `Val` receiver."""
    return fn


def box(fn: F) -> F:
    """Marks a `fun box`: needs a readable receiver (anything but Tag)."""
    return fn


def tag(fn: F) -> F:
    """Marks a `fun tag`: any receiver."""
    return fn


def behaviour(fn: F) -> F:
    """Marks a behaviour: any receiver, sendable arguments."""
    return fn


def constructor(fn: F) -> F:
    """Marks a constructor (an actor's takes sendable arguments)."""
    return fn

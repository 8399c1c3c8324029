"""The runtime side of Pony's `promises` package: Promise and Promises.

Place: imported by generated code as `_rtp`, only by programs that use
"promises" (signatures in `capdsl/stdlib/promises/promises.cap`; Fulfill,
Reject, FulfillIdentity and RejectAlways are written there in `.cap`).

A Promise is an actor (runtime.actor contract: `_b_` bodies, sending
stubs). Its state is pending, fulfilled (with a value) or rejected; the
first `apply` or `reject` settles it and later ones are ignored. A step
chained with `next` waits in the promise's list until it settles, or runs
at once (in the promise's turn) if it already has: the step calls
`fulfill.apply(value)` or `rejected.apply()`, and fulfils its own promise
with the result, or rejects it when the call raises `error` (PonyError) or
when there is no reject function. This is Pony's promise.pony and
_then.pony, with the same message order: `next` is `fun tag` (it runs in
the caller, creates the result promise and sends the step), and the step's
functions run in the source promise's actor.

The combinators (`add`, `join`, `select`, `flatten_next`, `Promises.join`)
attach Python steps directly instead of chaining lambdas through
intermediate promises as Pony does; the values and rejections they produce
are the same. State shared between several sources lives in a small actor
(`_Pair`, `_Join`, `_Select`), as in Pony, so nothing is shared between
actors.

For Python callers (the embedding layer): `Promise.create()`,
`p.apply(v)`, `p.reject()`, `p.next(f, r=None)` (f and r: objects with an
`apply` method) and `p.observe(on_value, on_reject)`, which calls plain
Python functions in the promise's turn (on the scheduler thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, Protocol

from runtime.actor import Actor, send, spawn
from runtime.builtins import Array, iterate
from runtime.errors import PonyError

_PENDING: Final = 0
_FULFILLED: Final = 1
_REJECTED: Final = 2
_MISSING: Final = object()


class _Step(Protocol):
    """Something waiting for a promise to settle; called in its turn."""

    def fulfil(self, value: Any) -> None: ...
    def reject(self) -> None: ...


class Promise(Actor):
    """Pony's `actor Promise[A: Any #share]`."""

    __slots__ = ("_state", "_steps", "_targs", "_value")

    _state: int
    _value: Any
    _steps: list[_Step]

    @staticmethod
    def create() -> Promise:
        return spawn(Promise, Promise._c_create, ())

    def _c_create(self) -> None:
        self._state = _PENDING
        self._value = None
        self._steps = []

    # ------------------------------------------------------------ behaviours

    def apply(self, value: Any) -> None:
        send(self, Promise._b_apply, (value,))

    def reject(self) -> None:
        send(self, Promise._b_reject, ())

    def _b_apply(self, value: Any) -> None:
        if self._state != _PENDING:
            return
        self._state = _FULFILLED
        self._value = value
        steps, self._steps = self._steps, []
        for step in steps:
            step.fulfil(value)

    def _b_reject(self) -> None:
        if self._state != _PENDING:
            return
        self._state = _REJECTED
        steps, self._steps = self._steps, []
        for step in steps:
            step.reject()

    def _b_attach(self, step: _Step) -> None:
        if self._state == _PENDING:
            self._steps.append(step)
        elif self._state == _REJECTED:
            step.reject()
        else:
            step.fulfil(self._value)

    def _attach(self, step: _Step) -> None:
        send(self, Promise._b_attach, (step,))

    # ------------------------------------------------------------ fun tag

    def next(self, fulfill: Any, rejected: Any = None) -> Promise:
        """Chain `fulfill` (and `rejected`; None rejects, as RejectAlways)."""
        out = Promise.create()
        self._attach(_Then(fulfill, rejected, out))
        return out

    def flatten_next(self, fulfill: Any, rejected: Any = None) -> Promise:
        out = Promise.create()
        self._attach(_Flatten(fulfill, rejected, out))
        return out

    def add(self, p: Promise) -> Promise:
        out = Promise.create()
        pair = spawn(_Pair, _Pair._c_create, (out,))
        self._attach(_Deliver(pair, _Pair._b_first, out))
        p._attach(_Deliver(pair, _Pair._b_second, out))
        return out

    def join(self, ps: Any) -> Promise:
        return _join([self, *iterate(ps)])

    def select(self, p: Promise) -> Promise:
        out = Promise.create()
        chooser = spawn(_Select, _Select._c_create, (out,))
        self._attach(_SelectStep(chooser, p))
        p._attach(_SelectStep(chooser, self))
        return out

    def timeout(self, expiration: int) -> None:
        from runtime import timers

        timers.Timers.create().apply(timers.Timer.create(_Timeout(self), expiration))

    def observe(self, on_value: Callable[[Any], object],
                on_reject: Callable[[], object]) -> None:
        """Call Python `on_value(value)` or `on_reject()` when settled."""
        self._attach(_Observer(on_value, on_reject))


class _Promises:
    """Pony's `primitive Promises[A]` (a single instance, `Promises`)."""

    __slots__ = ()

    def create(self) -> _Promises:
        return self

    def join(self, ps: Any) -> Promise:
        return _join(list(iterate(ps)))

    def __repr__(self) -> str:
        return "Promises"


Promises: Final = _Promises()


def _join(sources: list[Promise]) -> Promise:
    out = Promise.create()
    if not sources:
        out.apply(Array())
        return out
    joiner = spawn(_Join, _Join._c_create, (out, len(sources)))
    for p in sources:
        p._attach(_Deliver(joiner, _Join._b_apply, out))
    return out


# ---------------------------------------------------------------- steps

class _Then:
    """One `next` step: Pony's _Then."""

    __slots__ = ("_fulfill", "_promise", "_rejected")

    def __init__(self, fulfill: Any, rejected: Any, promise: Promise) -> None:
        self._fulfill = fulfill
        self._rejected = rejected
        self._promise = promise

    def fulfil(self, value: Any) -> None:
        try:
            result = self._fulfill.apply(value)
        except PonyError:
            self._promise.reject()
            return
        self._promise.apply(result)

    def reject(self) -> None:
        if self._rejected is None:
            self._promise.reject()
            return
        try:
            result = self._rejected.apply()
        except PonyError:
            self._promise.reject()
            return
        self._promise.apply(result)


class _Forward:
    """Settle `promise` as the promise this step waits on settles."""

    __slots__ = ("_promise",)

    def __init__(self, promise: Promise) -> None:
        self._promise = promise

    def fulfil(self, value: Any) -> None:
        self._promise.apply(value)

    def reject(self) -> None:
        self._promise.reject()


class _Flatten:
    """A `flatten_next` step: the functions return promises, whose outcome
    becomes the result's."""

    __slots__ = ("_fulfill", "_promise", "_rejected")

    def __init__(self, fulfill: Any, rejected: Any, promise: Promise) -> None:
        self._fulfill = fulfill
        self._rejected = rejected
        self._promise = promise

    def fulfil(self, value: Any) -> None:
        try:
            inner = self._fulfill.apply(value)
        except PonyError:
            self._promise.reject()
            return
        inner._attach(_Forward(self._promise))

    def reject(self) -> None:
        if self._rejected is None:
            self._promise.reject()
            return
        try:
            inner = self._rejected.apply()
        except PonyError:
            self._promise.reject()
            return
        inner._attach(_Forward(self._promise))


class _Deliver:
    """Send the value to a collecting actor; a rejection rejects `out`."""

    __slots__ = ("_actor", "_fn", "_out")

    def __init__(self, actor: Actor, fn: Callable[..., object], out: Promise) -> None:
        self._actor = actor
        self._fn = fn
        self._out = out

    def fulfil(self, value: Any) -> None:
        send(self._actor, self._fn, (value,))

    def reject(self) -> None:
        self._out.reject()


class _SelectStep:
    """For `select`: the value and the other promise; a rejection is
    ignored (the other promise may still win), as in Pony."""

    __slots__ = ("_chooser", "_other")

    def __init__(self, chooser: _Select, other: Promise) -> None:
        self._chooser = chooser
        self._other = other

    def fulfil(self, value: Any) -> None:
        send(self._chooser, _Select._b_apply, (value, self._other))

    def reject(self) -> None:
        return None


class _Observer:
    __slots__ = ("_on_reject", "_on_value")

    def __init__(self, on_value: Callable[[Any], object],
                 on_reject: Callable[[], object]) -> None:
        self._on_value = on_value
        self._on_reject = on_reject

    def fulfil(self, value: Any) -> None:
        self._on_value(value)

    def reject(self) -> None:
        self._on_reject()


class _Timeout:
    """The TimerNotify of `Promise.timeout`."""

    __slots__ = ("_promise",)

    def __init__(self, promise: Promise) -> None:
        self._promise = promise

    def apply(self, timer: object, count: int) -> bool:
        self._promise.reject()
        return False

    def cancel(self, timer: object) -> None:
        return None


# ---------------------------------------------------------------- collectors

class _Pair(Actor):
    """For `add`: fulfils `out` with both values once both have arrived."""

    __slots__ = ("_first", "_out", "_second")

    def _c_create(self, out: Promise) -> None:
        self._out = out
        self._first: Any = _MISSING
        self._second: Any = _MISSING

    def _b_first(self, value: Any) -> None:
        if self._second is _MISSING:
            self._first = value
        else:
            self._out.apply((value, self._second))

    def _b_second(self, value: Any) -> None:
        if self._first is _MISSING:
            self._second = value
        else:
            self._out.apply((self._first, value))


class _Join(Actor):
    """For `join`: collects values in arrival order."""

    __slots__ = ("_out", "_space", "_values")

    def _c_create(self, out: Promise, space: int) -> None:
        self._out = out
        self._space = space
        self._values: list[Any] = []

    def _b_apply(self, value: Any) -> None:
        self._values.append(value)
        if len(self._values) == self._space:
            self._out.apply(Array(self._values))


class _Select(Actor):
    """For `select`: the first value wins."""

    __slots__ = ("_done", "_out")

    def _c_create(self, out: Promise) -> None:
        self._out = out
        self._done = False

    def _b_apply(self, value: Any, other: Promise) -> None:
        if not self._done:
            self._done = True
            self._out.apply((value, other))

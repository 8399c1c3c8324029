"""Per-actor memory accounting: what each actor allocates and holds.

Place: always on. Generated code and the runtime's allocators add the bytes
they allocate to `acct.counted`; the scheduler records the running actor in
`acct.actor` and, after a message that brought the count to `SETTLE_BYTES`,
calls `settle`, which charges the count to that actor. When an actor's count
passes its threshold its live heap is measured from its fields (`heap_of`)
and the next threshold comes after about one heap's worth of real
allocation (Pony's scheme: the cost of measuring is paid for by as many
bytes allocated). An `iso` argument moved by a send leaves the sender's
figure and joins the receiver's (`moved`). `runtime.stats` reports the
figures; `--max-actor-heap` makes a measurement over the limit stop the
program (`HeapLimitExceeded`). The same check after each message runs the
hooks of `request_attention` (a worker writing its batches mid-slice).

What is counted: objects of the program's classes (at construction), Array
elements pushed (8 bytes each, their reference) and the runtime's String and
Array operations that build or grow them, by the bytes they add. The
scheduler checks the count after every message (as Pony's collector does)
and charges it to the running actor once it reaches `SETTLE_BYTES`.
Between slices, growth of the process's resident memory that nothing
counted is charged to the actors at hand (`check_growth`). Counting is an
estimate and attribution approximate; the measurement is exact. The figures
are Python's sizes (`sys.getsizeof`): an `Array[U8]` costs 8 bytes per
element here (a list of references to shared small ints), not Pony's 1.

The heap of an actor is everything reachable from its fields, except other
actors (a `tag` reference owns nothing), classes, functions and modules.
Objects reachable from two actors (`val` data shared by sends) are counted
in both.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from types import FunctionType, MethodType, ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runtime.actor import Actor

INITIAL_THRESHOLD = 256 * 1024
"""Counted bytes an actor may allocate before its first measurement."""

SETTLE_BYTES = 64 * 1024
"""The scheduler charges the count to the running actor once it reaches
this many bytes after a message (so a message that allocates little costs
one comparison). The bytes counted since the last charge, possibly in other
actors' turns, go to that actor: attribution is approximate, measurement is
exact, and an actor's thresholds grow with its heap."""

GROWTH_STEP = 1024 * 1024
"""Growth of the process's resident memory that makes `check_growth` charge
the actors at hand."""

BLOCK_BYTES = 64
"""Where resident memory can't be read: the bytes one of the interpreter's
allocated blocks stands for."""

GROWTH_INTERVAL = 0.001
"""Seconds between two readings of the process's memory by `check_growth`."""

GROWTH_CANDIDATES = 64
"""How many actors (the one that just ran, then the run queue) share it."""

_getsizeof = sys.getsizeof
_monotonic = time.monotonic
_VALUES = (int, float, bool, type(None), str, bytes)
_VALUE_SET = frozenset(_VALUES)
_RUNTIME_SLOTS = frozenset({"_mbox", "_mem", "__weakref__"})
_SKIP_KINDS = (type, FunctionType, MethodType, ModuleType)


class Account:
    """One actor's figures. `heap` is the last measured (or moved) live heap
    in bytes, `peak` its maximum, `counted` the bytes counted since the last
    measurement, `threshold` the count that triggers the next one."""

    __slots__ = ("counted", "heap", "mailbox_peak", "messages", "peak", "threshold")

    def __init__(self) -> None:
        self.counted = 0
        self.heap = 0
        self.peak = 0
        self.threshold = INITIAL_THRESHOLD
        self.messages = 0
        self.mailbox_peak = 0


class HeapLimitExceeded(Exception):
    """An actor's measured heap passed `--max-actor-heap`."""

    def __init__(self, actor: Actor, heap: int, limit: int) -> None:
        super().__init__(actor, heap, limit)
        self.actor = actor
        self.heap = heap
        self.limit = limit


class Accounting:
    """The process's accounting state (one instance: `acct`).

    `counted` is the bytes counted since the last `settle`; `actor` the actor
    whose turn is running (None between turns); `limit` the heap limit in
    bytes (0: none); `registry` every account, when statistics were asked
    for (it keeps their actors alive until the report)."""

    __slots__ = ("actor", "checked_at", "counted", "hooks", "lent", "limit", "registry",
                 "resident")

    def __init__(self) -> None:
        self.counted = 0
        self.actor: Actor | None = None
        self.limit = 0
        self.registry: dict[Actor, Account] | None = None
        self.resident = 0
        self.hooks: list[Callable[[], None]] = []
        self.lent = 0
        self.checked_at = 0.0


acct = Accounting()


def configure(limit: int = 0, stats: bool = False) -> None:
    """Set the heap limit (0: none) and whether accounts are kept for a report."""
    acct.limit = limit
    acct.registry = {} if stats else None


def reset() -> None:
    """Back to the defaults: no limit, no registry, nothing counted."""
    configure()
    acct.counted = 0
    acct.actor = None
    acct.hooks = []
    acct.lent = 0
    acct.checked_at = 0.0
    acct.resident = process_bytes()


def account(actor: Actor) -> Account:
    """`actor`'s account, created on first use."""
    try:
        found: Account = actor._mem  # type: ignore[attr-defined]
        return found
    except AttributeError:
        pass
    new = Account()
    actor._mem = new  # type: ignore[attr-defined]
    if acct.registry is not None:
        acct.registry[actor] = new
    return new


def check_growth(candidates: Iterable[Actor]) -> None:
    """Between slices: charge the process's growth since the last check
    to the actors that are running or about to run, so allocations that
    nothing counted (Strings built by numbers' `string()`, objects from FFI
    calls) still lead to measurements. A candidate is charged the whole
    growth; its doubling threshold keeps the measuring linear in the growth.
    Memory is read at most every GROWTH_INTERVAL: a worker's slices are
    short, and a reading costs a few microseconds."""
    now = _monotonic()
    if now - acct.checked_at < GROWTH_INTERVAL:
        return
    acct.checked_at = now
    size = process_bytes()
    grown = size - acct.resident
    if grown < GROWTH_STEP:
        if grown < 0:
            acct.resident = size
        return
    acct.resident = size
    for actor in islice(candidates, GROWTH_CANDIDATES):
        mine = account(actor)
        mine.counted += grown
        if mine.counted >= mine.threshold:
            measure(actor)


def _open_statm() -> int | None:
    try:
        return os.open("/proc/self/statm", os.O_RDONLY)
    except OSError:
        return None


_STATM = _open_statm()
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def process_bytes() -> int:
    """The process's resident memory in bytes (Linux: /proc/self/statm, a
    couple of microseconds), else an estimate from the interpreter's
    allocated blocks."""
    if _STATM is not None:
        try:
            return int(os.pread(_STATM, 64, 0).split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            pass
    return sys.getallocatedblocks() * BLOCK_BYTES


def request_attention(hook: Callable[[], None]) -> None:
    """Run `hook` once the running message is over (the scheduler's check
    after each message reaches `settle`): for work that must wait for a
    message to be complete, such as writing a worker's outboxes mid-slice.
    The bytes lent to the counter to get there are not charged."""
    acct.hooks.append(hook)
    acct.counted += SETTLE_BYTES
    acct.lent += SETTLE_BYTES


def settle(actor: Actor) -> None:
    """Run the hooks asked for; charge the bytes counted in this turn to
    `actor` and measure its heap if its count passed the threshold."""
    if acct.hooks:
        hooks, acct.hooks = acct.hooks, []
        for hook in hooks:
            hook()
    counted, acct.counted = max(0, acct.counted - acct.lent), 0
    acct.lent = 0
    if counted == 0:
        return
    mine = account(actor)
    mine.counted += counted
    if mine.counted >= mine.threshold:
        measure(actor)


def measure(actor: Actor) -> int:
    """Measure `actor`'s live heap now, update its figures and threshold,
    enforce the limit; returns the heap in bytes."""
    mine = account(actor)
    heap = heap_of(actor)
    # Counted bytes undercount (an int pushed is counted as its reference,
    # not its object): scale the next threshold by how much the heap really
    # grew per counted byte, so it comes after about `heap` real bytes.
    grown = heap - mine.heap
    scale = grown / mine.counted if grown > mine.counted > 0 else 1.0
    mine.heap = heap
    mine.peak = max(mine.peak, heap)
    mine.counted = 0
    mine.threshold = max(INITIAL_THRESHOLD, int(heap / scale))
    if acct.limit and heap > acct.limit:
        raise HeapLimitExceeded(actor, heap, acct.limit)
    return heap


def moved(receiver: Actor, value: object) -> None:
    """An `iso` value sent to `receiver`: its bytes leave the running actor's
    figure and join the receiver's. The size is a shallow estimate (the
    object, and a String's text or an Array's references), cheap enough for
    every send; the next measurement of either actor makes it exact."""
    size = _shallow_size(value)
    sender = acct.actor
    if sender is not None:
        mine = account(sender)
        mine.heap = max(0, mine.heap - size)
    theirs = account(receiver)
    theirs.heap += size
    theirs.peak = max(theirs.peak, theirs.heap)


def _shallow_size(value: object) -> int:
    text = getattr(value, "_s", None)
    return _getsizeof(value) + (_getsizeof(text) if type(text) is str else 0)


def heap_of(root: object) -> int:
    """Bytes reachable from `root` (an actor: from its fields), each object
    once, not entering other actors, classes, functions or modules."""
    from runtime.actor import Actor  # (runtime.actor imports this module's users)

    skip = (*_SKIP_KINDS, Actor)
    seen: set[int] = set()
    total = 0
    stack = list(_children(root)) if isinstance(root, Actor) else [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, skip) or id(obj) in seen:
            continue
        seen.add(id(obj))
        total += _getsizeof(obj)
        if type(obj) in _VALUES:
            continue
        if isinstance(obj, list | tuple):
            kinds = set(map(type, obj))
            if kinds <= _VALUE_SET:
                total += _values_size(obj, kinds)
                continue
        stack.extend(_children(obj))
    return total


def _values_size(items: list[Any] | tuple[Any, ...], kinds: set[type]) -> int:
    """The size of a sequence's number and text elements. Small ints are
    shared by the interpreter, so a sequence of them adds nothing."""
    if kinds == {int} and max(items) <= 256 and min(items) >= -5:
        return 0
    return sum(map(_getsizeof, items))


def _children(obj: object) -> Iterator[Any]:
    """The objects `obj` refers to that could be part of a heap."""
    if isinstance(obj, dict):
        yield from obj.keys()
        yield from obj.values()
        return
    if isinstance(obj, list | tuple | set | frozenset):
        yield from obj
    for cls in type(obj).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name not in _RUNTIME_SLOTS:
                value = getattr(obj, name, None)
                if value is not None:
                    yield value
    attrs = getattr(obj, "__dict__", None)
    if isinstance(attrs, dict):
        yield from attrs.values()


class _ActorStats:
    """builtin's `ActorStats` primitive: the running actor's own figures."""

    __slots__ = ()

    def heap(self) -> int:
        return measure(acct.actor) if acct.actor is not None else 0

    def peak(self) -> int:
        return account(acct.actor).peak if acct.actor is not None else 0

    def messages(self) -> int:
        return account(acct.actor).messages if acct.actor is not None else 0

    def __repr__(self) -> str:
        return "ActorStats"


ActorStats = _ActorStats()

"""capdsl's actor runtime: the contract with generated code.

Modules, one concern each:
    actor      Actor, spawn, send: what generated code imports (hot path)
    scheduler  run queue and turns: run_slice(budget) -> more work?
    driver     the synchronous loop: run to quiescence
    external   pending sources (hold/release) and thread-safe inject
    timers     the `time` package: Time, Timer, Timers, the deadline heap
               the driver waits on (imported only by programs using it)
    promises   the `promises` package: Promise, Promises
    memory     per-actor memory accounting: counts, measured heaps, limits
    backpressure  an overloaded actor mutes its senders
    stats      the --stats report
    fault      ActorFault and the one-message fault report
    errors     PonyError, Pony's `error`
    env        Env and OutStream
    program    run_main: a whole program, start to exit status
    seeded     --seed: a reproducible random order of turns
    workers/   --workers N: the program on N processes (see its __init__)
    net        the `net` package: TCP on a uvloop loop in an I/O thread
    gctune     the collector's settings while a program runs
    embed      capdsl.Runtime and promises: actors driven from Python
    builtins, strings, arrays, numbers, boxes, compare, identity,
    iterators, collections, ffi: the standard packages' and the FFI's
               runtime side (see runtime.builtins for the representations)

What the code generator emits
-----------------------------
For::

    actor Counter
      var _n: U64 = 0
      new create(start: U64) => _n = start
      be inc(by: U64) => _n = _n + by

it emits::

    from runtime.actor import Actor, send, spawn

    class Counter(Actor):
        __slots__ = ("_n",)                       # always: () if no fields
        def _c_create(self, start): self._n = start   # also field initialisers
        def _b_inc(self, by): self._n = self._n + by
        def inc(self, by): send(self, Counter._b_inc, (by,))

    c = spawn(Counter, Counter._c_create, (10,))  # `Counter(10)` in .cap
    c.inc(1)                                      # returns None at once

Rules:
- `__slots__` on every actor class (an actor without them gets a __dict__
  and costs ~100 bytes more). Never call an actor class: `Counter()` raises
  TypeError; `spawn` allocates without `__init__`.
- Constructor and behaviour bodies are named `_c_<name>` and `_b_<name>`:
  the fault report turns `Counter._b_inc` into "behaviour Counter.inc";
  other methods keep their Pony names and show as `Type.name`. Field
  initialisers run inside each `_c_` body (`__init__` never runs). A
  behaviour's public method is a one-line `send`; `args` is always a tuple
  (`()` for no arguments). `fn` is any callable taking the actor first.
- `spawn(cls, ctor, args)` queues the constructor as the actor's first
  message and returns the actor; sends made after it queue behind it.
- `send(actor, fn, args)` appends the message to the actor's FIFO mailbox
  (as two items, `fn` then `args`: no per-message tuple besides `args`) and
  schedules the actor if it was idle. Only the scheduler's thread sends; other
  threads use `runtime.external.inject` (same arguments).
- `error` is `raise PonyError` (`from runtime.errors import PonyError`),
  `try` catches `PonyError`. It must never escape a behaviour.
- Compile generated modules with the `.cap` file name (`compile(tree,
  "prog.cap", "exec")`) and real `.cap` line numbers: fault reports show
  the innermost frame from a `.cap` file and its source line.
- Main: `runtime.program.run_main(Main, Main._c_create, make_args, argv)`
  returns the exit status; `make_args(list[str])` builds `Array[String] val`.

Scheduling and termination
--------------------------
The run queue holds actors with work. A turn runs one actor for up to 100
messages (Pony's batch), then requeues it at the back if it has more.
Messages from one actor to another arrive in the order sent (FIFO mailbox).
The program ends when no actor has work, no injected message waits and no
external source is held (`external.hold()`/`release()`, for timers and
sockets): quiescence. No message is ever dropped. An exception escaping a
behaviour stops the program with one message and exit status 1.

How the rest builds on this contract:
- Workers (`runtime.workers`): each worker process drives `run_slice` from
  a uvloop callback and is woken by `external.set_waker`; a proxy for an
  actor on another worker has a permanent outbox as its `_mbox` (never
  None, so it is never scheduled locally), and `send`, unchanged, appends
  to it; the worker writes the outboxes as batches.
- Memory accounting (`runtime.memory`) and backpressure
  (`runtime.backpressure`) live in the turn loop and in the mailboxes of
  overloaded actors, so `send` and what generated code emits stay as they
  are (generated constructors and pushes add to the allocation count).
"""

from runtime.actor import Actor, send, spawn
from runtime.errors import PonyError

__all__ = ["Actor", "PonyError", "send", "spawn"]

"""Actors for Python code: a runtime in a background thread, sends from any
thread, and promises Python can block on or `await`.

Place: what `capdsl.Runtime` is. `capdsl.load` executes a program's modules
with `send_any` and `spawn_any` in place of `runtime.actor.send` and `spawn`,
so the same generated code works whether an actor or a Python thread calls
it. Scheduling itself is `runtime.driver.run` (timers and all), run on the
runtime's own thread; this module only adds the way in and the way out.

Threads:
- One `Runtime` at a time per process (there is one scheduler). `start`
  (or `with Runtime() as rt:`) runs `driver.run` on a daemon thread. A send
  or spawn made on that thread is the plain one; from any other thread it
  goes through `runtime.external.inject`, the thread-safe inbox, with Python
  `str`/`bytes` arguments turned into Pony `String`/`Array[U8]`. Injected
  messages keep their order per sending thread, and an actor spawned from
  Python gets its constructor message before anything sent to it.
- The runtime holds one external source (`external.hold`) while it is open,
  so the driver waits for Python's messages instead of ending at the first
  quiescence. Control messages go through the same inbox to a private
  control actor: a probe for `idle()`, the release for `close()`, the stop
  request for `stop()`.

Quiescence, as Python sees it (`idle()`, `wait_idle()`): every message sent
before the call has run, no actor has work and no external source but the
runtime's own is held (an armed timer keeps it busy). A probe message follows
the caller's earlier sends through the FIFO inbox, so it can't overtake them;
the driver's `on_idle` hook fulfils the probes that have arrived.

Ending, by design never losing a message silently and never leaving a caller
blocked:
- `close()` (the end of a `with` block): further sends from Python are
  refused with `RuntimeStopped`; every message already sent runs, then the
  driver ends at quiescence, as `capdsl run` does. With a timeout it raises
  `TimeoutError` and keeps running (call `stop()` to abandon the work).
- `stop()`: stop after the turn that is running; queued messages are
  abandoned and counted (`stop()` returns how many). A `with` block left by
  an exception stops this way.
- A fault (an exception escaping a behaviour) stops the runtime as it stops
  a program. It is raised in Python as `ActorFault` (with the `.cap` file and
  line) by the next call that waits or sends, by pending promises, and by
  `close()` if no call raised it before.
Promises and idle waits still pending when the runtime ends fail with the
fault or `RuntimeStopped`, so nothing waits forever on a dead runtime.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import sys
import threading
import traceback
import weakref
from collections.abc import Callable, Generator, Sequence
from types import TracebackType
from typing import Any, BinaryIO, Generic, TypeVar

from runtime import driver, external, fault, program, scheduler
from runtime.actor import A, Actor, Behaviour
from runtime.actor import send as _send
from runtime.actor import spawn as _spawn
from runtime.boxes import Boxed
from runtime.builtins import Array, String, make_args
from runtime.env import OutStream

T = TypeVar("T")

_get_ident = threading.get_ident
_new = object.__new__


class RuntimeStopped(RuntimeError):
    """The runtime is closed or stopped (or was never started): a send was
    refused, or a wait or promise can no longer be satisfied."""


class PromiseRejected(Exception):
    """The promise was rejected (Pony's `reject()`)."""


class ActorFault(fault.ActorFault):
    """An exception escaped a behaviour or constructor and stopped the runtime.

    `exc` is the Python exception (also the `__cause__` when raised),
    `actor` and `fn` what was running, `filename`/`lineno` the innermost
    `.cap` frame (None if the exception came from Python code alone), and
    `member` what ran there (`behaviour Counter.inc`). The message is the
    report `capdsl run` prints.
    """

    def __init__(self, actor: Any, fn: Any, exc: BaseException) -> None:
        super().__init__(actor, fn, exc)
        self.__cause__ = exc  # its traceback has the `.cap` frames
        self.filename: str | None = None
        self.lineno: int | None = None
        self.member: str | None = None
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            code = frame.f_code
            if code.co_filename.endswith(".cap"):
                self.filename, self.lineno = code.co_filename, lineno
                self.member = fault.member_name(code.co_qualname)

    def __str__(self) -> str:
        text = fault.describe(self, with_traceback=False)
        return "\n".join(ln for ln in text.splitlines() if not ln.startswith("  (set CAPDSL_"))


# --------------------------------------------------------------- marshalling


def to_pony(value: Any) -> Any:
    """A Python argument as the Pony value it stands for: `str` is a String,
    `bytes` an Array[U8] val, a tuple converted element by element; anything
    else (numbers, bools, None, actors, Pony objects) is itself."""
    kind = type(value)
    if kind is str:
        return String(value)
    if kind is bytes:
        return Array(list(value))
    if kind is tuple:
        return tuple(to_pony(v) for v in value)
    return value


def to_python(value: Any) -> Any:
    """A Pony value handed to Python: a String is a `str`, a boxed number its
    number, a tuple converted element by element; anything else is itself."""
    kind = type(value)
    if kind is String:
        return str(value)
    if kind is tuple:
        return tuple(to_python(v) for v in value)
    if isinstance(value, Boxed):
        return value.v
    return value


# ------------------------------------------------------ send and spawn anywhere


class _Active:
    """The running Runtime and its scheduler thread (one per process)."""

    runtime: Runtime | None = None


_ident: int | None = None
"""The thread id of the active Runtime's scheduler; read by the hot path."""


def send_any(actor: Actor, fn: Behaviour, args: tuple[Any, ...]) -> None:
    """`runtime.actor.send` that works from any thread: what embedded
    programs' behaviour stubs call. On the scheduler's thread it is the
    plain send (one thread-id comparison more)."""
    if _get_ident() == _ident:
        _send(actor, fn, args)
    else:
        _send_from_outside(actor, fn, args)


def spawn_any(cls: type[A], ctor: Behaviour, args: tuple[Any, ...]) -> A:
    """`runtime.actor.spawn` that works from any thread: what embedded
    programs' actor constructors call."""
    if _get_ident() == _ident:
        return _spawn(cls, ctor, args)
    rt = _outside_runtime()
    if rt is None:
        return _spawn(cls, ctor, args)
    actor: A = _new(cls)
    actor._mbox = None  # idle; the injected constructor message schedules it
    rt._inject(actor, ctor, args)
    return actor


def _send_from_outside(actor: Actor, fn: Behaviour, args: tuple[Any, ...]) -> None:
    rt = _outside_runtime()
    if rt is None:
        _send(actor, fn, args)
    else:
        rt._inject(actor, fn, args)


def _outside_runtime() -> Runtime | None:
    """The Runtime to inject into, or None when the caller drives the
    scheduler itself (`runtime.program.run_main` on this thread)."""
    rt = _Active.runtime
    if rt is None and not program._Running.active:
        raise RuntimeStopped(
            "no capdsl runtime is running: start one to use actors from Python "
            "(`with capdsl.Runtime() as rt: ...`)")
    return rt


# ------------------------------------------------------------------ promises


class Promise(Generic[T]):
    """A value a `.cap` program will supply, for Python to wait on.

    Pony code fulfils it like a `Promise[A]` or any `tag` with
    `be apply(value: A)`: `p(value)` (that is `p.apply(value)`) or
    `p.reject()`; the first completion wins, later ones are ignored. Python
    blocks on `p.result(timeout)` or, in asyncio, `await p` (the wait
    bridges to the event loop of the awaiting thread). The value comes back
    as Python sees it (`to_python`: a String as `str`). A promise created
    while a Runtime runs fails with its fault, or `RuntimeStopped`, if the
    runtime ends first.

    A Pony `Promise[A]` (the `promises` package) that reaches Python can be
    waited on the same way while a Runtime runs: `p.result(timeout)`,
    `await p` (`Runtime.bridge`).
    """

    __slots__ = ("__weakref__", "_future", "_rt")

    def __init__(self) -> None:
        self._future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._rt = _Active.runtime
        if self._rt is not None:
            self._rt._track(self)

    def apply(self, value: Any) -> None:
        """Fulfil with `value` (what `p(value)` in `.cap` code calls)."""
        with contextlib.suppress(concurrent.futures.InvalidStateError):
            self._future.set_result(to_python(value))

    def reject(self) -> None:
        """Reject: waiting raises `PromiseRejected`."""
        self._fail(PromiseRejected("the promise was rejected"))

    def _fail(self, exc: BaseException) -> None:
        with contextlib.suppress(concurrent.futures.InvalidStateError):
            self._future.set_exception(exc)

    def done(self) -> bool:
        return self._future.done()

    def result(self, timeout: float | None = None) -> T:
        """Block until fulfilled and return the value; raise `TimeoutError`
        after `timeout` seconds, `PromiseRejected`, or the runtime's fault."""
        _not_on_scheduler("Promise.result")
        try:
            return self._future.result(timeout)
        except BaseException as exc:
            self._delivered(exc)
            raise

    def __await__(self) -> Generator[Any, None, T]:
        return self._wait_async().__await__()

    async def _wait_async(self) -> T:
        import asyncio  # here: most users of the runtime never need it

        try:
            return await asyncio.wrap_future(self._future)
        except BaseException as exc:
            self._delivered(exc)
            raise

    def _delivered(self, exc: BaseException) -> None:
        """The runtime's fault reached Python through this promise."""
        if self._rt is not None and exc is self._rt._outcome:
            self._rt._outcome_raised = True

    def __repr__(self) -> str:
        state = "pending" if not self._future.done() else "done"
        return f"<capdsl.Promise {state}>"


def _not_on_scheduler(what: str) -> None:
    if _ident is not None and _get_ident() == _ident:
        raise RuntimeError(f"{what} called from inside an actor would wait forever: "
                           "the actor's thread is the one that must run the reply")


# ------------------------------------------------------------------- runtime


class _Stop(BaseException):
    """Raised by the stop request inside a turn: ends `driver.run` at once
    (BaseException, so the scheduler passes it through, not as a fault)."""


class _Control(Actor):
    """The runtime's private actor: control messages run as its behaviours."""

    __slots__ = ("rt",)
    rt: Runtime

    def _b_probe(self, waiter: Promise[None]) -> None:
        self.rt._armed.append(waiter)

    def _b_release(self) -> None:
        self.rt._holding = False
        external.release()

    def _b_stop(self) -> None:
        raise _Stop

    def _b_call(self, fn: Callable[..., object], args: tuple[Any, ...]) -> None:
        fn(*args)


_NEW, _RUNNING, _CLOSING, _DONE = "new", "running", "closing", "done"


class Runtime:
    """capdsl's actor runtime, running in a background thread for Python.

        with capdsl.Runtime() as rt:
            counter = m.Counter.create(5)     # Pony's `Counter(5)`
            counter.inc(1)                    # a behaviour: returns at once
            rt.wait_idle(timeout=5)           # every message sent so far ran

    `shutdown_timeout` bounds how long leaving the `with` block waits for
    the actors to finish (None: as long as they need, as `capdsl run` does);
    past it they are stopped and `TimeoutError` is raised.
    """

    def __init__(self, *, shutdown_timeout: float | None = None) -> None:
        self.shutdown_timeout = shutdown_timeout
        self._state = _NEW
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._ctl: _Control | None = None
        self._holding = False  # our external source, released by close
        self._armed: list[Promise[None]] = []  # probes that arrived: fulfil at quiescence
        self._promises: weakref.WeakSet[Promise[Any]] = weakref.WeakSet()
        self._streams: tuple[OutStream, ...] = ()
        self._outcome: BaseException | None = None  # an ActorFault, SystemExit or a bug
        self._outcome_raised = False
        self._stopped = False
        self._restore_natives: Callable[[], None] | None = None
        self.discarded = 0
        """Messages abandoned by `stop()`."""

    # -- lifecycle

    def start(self) -> Runtime:
        """Start the scheduler thread (the `with` statement calls this)."""
        with self._lock:
            if self._state != _NEW:
                raise RuntimeError("a capdsl Runtime can be started only once")
            _claim(self)
            self._state = _RUNNING
        self._restore_natives = _adopt_native_actors()
        driver.reset()
        external.hold()  # Python is a source of messages while the runtime is open
        self._holding = True
        ctl = _new(_Control)
        ctl._mbox = None
        ctl.rt = self
        self._ctl = ctl
        self._thread = threading.Thread(target=self._main, name="capdsl-runtime", daemon=True)
        self._thread.start()
        return self

    def __enter__(self) -> Runtime:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is None:
            try:
                self.close(self.shutdown_timeout)
            except TimeoutError:
                self.stop()
                raise
            return
        self.stop()
        outcome = self._outcome
        if outcome is not None and not self._outcome_raised and outcome is not exc:
            exc.add_note(f"capdsl: the runtime had also stopped on:\n{outcome}")

    @property
    def running(self) -> bool:
        """True from `start` until the runtime ends (close, stop or a fault)."""
        return self._state in (_RUNNING, _CLOSING)

    def close(self, timeout: float | None = None) -> None:
        """Run every message already sent, then stop at quiescence.

        Raises what stopped the runtime (an `ActorFault`) if no call raised
        it yet; `TimeoutError` if the actors are still busy after `timeout`
        seconds (the runtime keeps running: close again, or `stop()`).
        """
        _not_on_scheduler("Runtime.close")
        with self._lock:
            if self._state == _NEW:
                self._state = _DONE
                return
            if self._state == _RUNNING:
                self._state = _CLOSING
                self._control(_Control._b_release)
        self._join(timeout, "the actors were still busy")
        _release_claim(self)
        if not self._outcome_raised:
            self._raise_outcome()

    def stop(self, timeout: float | None = None) -> int:
        """Stop after the turn that is running, abandoning queued messages;
        return how many were abandoned. `TimeoutError` if a behaviour is
        still running after `timeout` seconds."""
        _not_on_scheduler("Runtime.stop")
        with self._lock:
            if self._state == _NEW:
                self._state = _DONE
                return 0
            if self._state in (_RUNNING, _CLOSING):
                self._control(_Control._b_stop)
        self._join(timeout, "a behaviour was still running")
        _release_claim(self)
        return self.discarded

    def _join(self, timeout: float | None, busy: str) -> None:
        thread = self._thread
        if thread is None:
            return
        try:
            thread.join(timeout)
        except KeyboardInterrupt:
            with self._lock:
                if self._state != _DONE:
                    self._control(_Control._b_stop)
            raise
        if thread.is_alive():
            raise TimeoutError(f"capdsl runtime: {busy} after {timeout} s")

    # -- the scheduler thread

    def _main(self) -> None:
        global _ident
        _ident = _get_ident()
        try:
            driver.run(on_idle=self._on_idle)
        except _Stop:
            self._stopped = True
        except fault.ActorFault as exc:
            self._outcome = ActorFault(exc.actor, exc.fn, exc.exc)
        except BaseException as exc:  # SystemExit from Python code, or a bug
            self._outcome = exc
        finally:
            self._finish()

    def _on_idle(self) -> None:
        """On the scheduler thread, before the driver blocks: flush program
        output, and fulfil the arrived probes if only our own source is held."""
        for stream in self._streams:
            stream.flush()
        if self._armed and external.pending() == (1 if self._holding else 0):
            armed, self._armed = self._armed, []
            for waiter in armed:
                waiter.apply(None)

    def _finish(self) -> None:
        """The driver ended: count what a stop abandoned, reset the scheduler,
        and complete every wait (with the outcome if it was not a normal end)."""
        global _ident
        with self._lock:
            self._state = _DONE
            self.discarded = self._abandoned() if self._stopped else 0
            driver.reset()
            _ident = None
        for stream in self._streams:
            stream.flush()
        if self._outcome is None and not self._stopped:
            for waiter in self._armed:  # the driver ended at quiescence
                waiter.apply(None)
        self._armed = []
        why = self._outcome or RuntimeStopped(
            "the capdsl runtime ended before this promise was fulfilled")
        for promise in list(self._promises):
            promise._fail(why)

    def _abandoned(self) -> int:
        """Messages still queued after a stop, the runtime's own excluded."""
        external.drain()
        return sum(scheduler.queued(a) for a in scheduler.runq if a is not self._ctl)

    # -- messages in

    def _inject(self, actor: Actor, fn: Behaviour, args: tuple[Any, ...]) -> None:
        """A send or spawn from a Python thread."""
        with self._lock:
            if self._state != _RUNNING:
                self._refuse()
            external.inject(actor, fn, tuple(to_pony(a) for a in args))

    def _refuse(self) -> None:
        if self._outcome is not None:
            self._raise_outcome()
        raise RuntimeStopped("the capdsl runtime is " + (
            "closing: it accepts no more messages" if self._state == _CLOSING else
            "not started" if self._state == _NEW else "stopped"))

    def _raise_outcome(self) -> None:
        """Raise what stopped the runtime, if something did."""
        outcome = self._outcome
        if outcome is None:
            return
        self._outcome_raised = True
        if isinstance(outcome, ActorFault):
            raise outcome from outcome.exc
        raise outcome

    def _control(self, fn: Callable[..., None], *args: Any) -> None:
        assert self._ctl is not None
        external.inject(self._ctl, fn, args)

    def _track(self, promise: Promise[Any]) -> None:
        with self._lock:
            self._promises.add(promise)

    # -- the Python API

    def spawn(self, cls: type[A], *args: Any, ctor: str = "create") -> A:
        """Spawn actor `cls` with constructor `ctor` (Pony's `Cls.ctor(args)`,
        which `cls.ctor(*args)` also does); returns the actor at once, its
        constructor runs as its first message."""
        body = getattr(cls, "_c_" + ctor, None)
        if body is None or not isinstance(cls, type) or not issubclass(cls, Actor):
            raise TypeError(f"{getattr(cls, '__name__', cls)!s} is not an actor with a "
                            f"constructor `{ctor}`")
        if _get_ident() != _ident:
            with self._lock:
                if self._state != _RUNNING:
                    self._refuse()
        return spawn_any(cls, body, args)

    def promise(self) -> Promise[Any]:
        """A new promise for a `.cap` program to fulfil."""
        return Promise()

    def bridge(self, promise: Any) -> Promise[Any]:
        """A Python `Promise` settled when the Pony promise `promise` is: it
        observes it on the scheduler thread (runtime.promises' `observe`).

        A Pony promise's own `result(timeout)` and `await` (see
        `_adopt_native_actors`) come here.
        """
        waiter: Promise[Any] = Promise()
        if _get_ident() == _ident:
            promise.observe(waiter.apply, waiter.reject)
            return waiter
        with self._lock:
            if self._state not in (_RUNNING, _CLOSING):
                self._refuse()
            self._control(_Control._b_call, promise.observe, (waiter.apply, waiter.reject))
        return waiter

    def idle(self) -> Promise[None]:
        """A promise fulfilled at the first quiescence after every message sent
        before this call has run (awaitable; see `wait_idle`)."""
        _not_on_scheduler("Runtime.idle")
        waiter: Promise[None] = Promise()
        with self._lock:
            if self._state in (_RUNNING, _CLOSING):
                self._promises.add(waiter)
                self._control(_Control._b_probe, waiter)
                return waiter
        if self._state == _NEW or self._stopped:
            self._refuse()
        self._raise_outcome()
        waiter.apply(None)  # ended at quiescence: nothing is left to run
        return waiter

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the actors are quiescent and every message sent before
        the call has run: True, or False after `timeout` seconds. Raises the
        fault if an actor failed, `RuntimeStopped` if the runtime was stopped."""
        try:
            self.idle().result(timeout)
        except TimeoutError:
            return False
        return True

    def run_main(self, main: type[Actor], args: Sequence[str] = (), *,
                 argv0: str | None = None, stdout: BinaryIO | None = None,
                 stderr: BinaryIO | None = None, timeout: float | None = None) -> int:
        """Run a program's Main actor as `capdsl run` does and return its
        exit status: `env.args` is `[argv0, *args]` (argv0 defaults to the
        `.cap` file of Main), output goes to `stdout`/`stderr` (binary
        streams, default the process's), and the program ends at quiescence.
        A fault prints its report on stderr and gives 1 (the runtime is then
        stopped); a SystemExit from Python code gives its code."""
        ctor = getattr(main, "_c_create", None)
        if ctor is None:
            raise TypeError(f"{main!r} is not an actor with `new create(env: Env)`")
        if argv0 is None:
            argv0 = ctor.__code__.co_filename
        real = stdout is None and stderr is None
        out = OutStream(stdout if stdout is not None else sys.stdout.buffer)
        err = OutStream(stderr if stderr is not None else sys.stderr.buffer)
        env = program._make_env(out, err, make_args, [argv0, *args], None)
        self._streams = (*self._streams, out, err)
        try:
            with program._python_text_write_through(real):
                self.spawn(main, env)
                finished = self.wait_idle(timeout)
        except ActorFault as failure:
            out.flush()
            err.write(fault.describe(failure))
            return 1
        except SystemExit as stop:
            return program.exit_status(stop.code)
        finally:
            out.flush()
            err.flush()
            self._streams = tuple(s for s in self._streams if s is not out and s is not err)
        if not finished:
            raise TimeoutError(f"capdsl: the program did not finish within {timeout} s")
        return env.get_exitcode()

    def __repr__(self) -> str:
        return f"<capdsl.Runtime {self._state}>"


def run_program(main: type[Actor], args: Sequence[str] = (), *, workers: int = 1,
                placement: str | None = None, stats: bool = False, max_actor_heap: int = 0,
                seed: int | None = None, argv0: str | None = None,
                stdout: BinaryIO | None = None, stderr: BinaryIO | None = None) -> int:
    """Run a whole program from Python exactly as `capdsl run` does, with
    the same options (`workers`, `placement`, `stats`, `max_actor_heap`,
    `seed`), on this thread, and return its exit status. Unlike
    `Runtime.run_main` it needs no Runtime, and may not run while one does:
    with `workers` above 1 it forks worker processes, which a process with a
    scheduler thread must not do."""
    if _Active.runtime is not None:
        raise RuntimeError("capdsl.run_program can't run while a capdsl.Runtime is running "
                           "(close it first, or use Runtime.run_main on one worker)")
    ctor = getattr(main, "_c_create", None)
    if ctor is None:
        raise TypeError(f"{main!r} is not an actor with `new create(env: Env)`")
    argv = [ctor.__code__.co_filename if argv0 is None else argv0, *args]
    return program.run_main(main, ctor, make_args, argv, stdout=stdout, stderr=stderr,
                            stats=stats, max_actor_heap=max_actor_heap, workers=workers,
                            placement=placement, seed=seed)


def _claim(rt: Runtime) -> None:
    if _Active.runtime is not None:
        raise RuntimeError("another capdsl Runtime is running in this process; "
                           "close it first (there is one scheduler per process)")
    if program._Running.active:
        raise RuntimeError("a capdsl program is running (runtime.program.run_main)")
    program._Running.active = True
    _Active.runtime = rt


def _release_claim(rt: Runtime) -> None:
    if _Active.runtime is rt:
        _Active.runtime = None
        program._Running.active = False
        if rt._restore_natives is not None:
            rt._restore_natives()
            rt._restore_natives = None


# ------------------------------------------------ the runtime's own actors


_NATIVE_ACTORS = ("runtime.promises", "runtime.timers")
"""Runtime modules that implement Pony actors in Python with the plain
`send`/`spawn` (their module globals)."""


def _adopt_native_actors() -> Callable[[], None]:
    """Let Python threads use the actors the runtime implements in Python
    (the Pony `Promise`, `Timers`) while a Runtime runs; returns the undo.

    Those modules call the plain `send`/`spawn`, which only the scheduler's
    thread may call, and Python code can reach them: a `fun tag ask():
    Promise[U64]` creates a promise on the caller's thread, and Python may
    `apply` one. While the Runtime runs, their module globals point at
    `send_any`/`spawn_any` (identical on the scheduler's thread). The
    promises module is always adopted; timers only if already imported
    (importing it installs a timer source in the driver). A Pony promise
    also gets `result(timeout)` and `__await__`, through `Runtime.bridge`.
    """
    import runtime.promises as rp

    saved: list[tuple[dict[str, Any], Any, Any]] = []
    for name in _NATIVE_ACTORS:
        module = sys.modules.get(name)
        if module is not None:
            names = vars(module)
            saved.append((names, names["send"], names["spawn"]))
            names.update(send=send_any, spawn=spawn_any)
    if not hasattr(rp.Promise, "result"):
        setattr(rp.Promise, "result", _pony_result)  # noqa: B010 (another module's class)
        setattr(rp.Promise, "__await__", _pony_await)  # noqa: B010

    def restore() -> None:
        for names, send, spawn in saved:
            names.update(send=send, spawn=spawn)

    return restore


def _bridge_active(promise: Any) -> Promise[Any]:
    rt = _Active.runtime
    if rt is None:
        raise RuntimeStopped("waiting for a Pony promise from Python needs a running "
                             "capdsl.Runtime")
    return rt.bridge(promise)


def _pony_result(self: Any, timeout: float | None = None) -> Any:
    """`Promise.result(timeout)` for the Pony promise: block for its value."""
    return _bridge_active(self).result(timeout)


def _pony_await(self: Any) -> Generator[Any, None, Any]:
    """`await promise` for the Pony promise."""
    return _bridge_active(self).__await__()

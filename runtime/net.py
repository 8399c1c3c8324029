"""The runtime side of Pony's `net` package: TCPListener, TCPConnection,
NetAddress (signatures in capdsl/stdlib/net/net.cap).

Place: imported by programs that `use "net"` (as `_rtn`). Sockets live on an
event loop (uvloop when installed, else asyncio's) in one I/O thread per
process, started on first use (`_io`). The two sides meet in two ways only:
the scheduler thread hands work to the loop with `call_soon_threadsafe`,
and the loop hands events to actors with `runtime.external.inject`, so
every notify method runs in its listener's or connection's own turn, as in
Pony.

Lifetime: a listener holds an external source (`external.hold`) from its
creation until it is closed, a connection until it is closed or failed to
connect, so a program ends when every socket is closed and no actor has
work (Pony's quiescence).

Backpressure: a connection whose peer reads slowly is `throttled` when the
loop's write buffer passes its high-water mark and `unthrottled` when it
drains; a connection whose actor falls behind the bytes arriving (more than
`READ_BACKLOG` chunks delivered and not yet processed) stops reading until
it catches up, so a fast peer cannot fill memory. `mute`/`unmute` stop and
resume reading on request.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from runtime import external
from runtime.actor import Actor, send, spawn
from runtime.arrays import Array
from runtime.errors import PonyError
from runtime.iterators import iterate
from runtime.strings import String

READ_BACKLOG = 16
"""Chunks a connection's actor may have waiting before its socket stops reading."""

_CONNECTING, _OPEN, _CLOSING, _CLOSED = range(4)


# ------------------------------------------------------------ the I/O thread

class _IOThread:
    """An event loop running in a daemon thread."""

    def __init__(self) -> None:
        self.loop = _new_loop()
        self.pid = os.getpid()
        ready = threading.Event()
        thread = threading.Thread(target=self._run, args=(ready,), name="capdsl-net",
                                  daemon=True)
        thread.start()
        ready.wait()

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.set_exception_handler(_report_loop_error)
        self.loop.call_soon(ready.set)
        self.loop.run_forever()

    def call(self, fn: Callable[..., object], *args: Any) -> None:
        """Run `fn(*args)` on the loop, soon."""
        self.loop.call_soon_threadsafe(fn, *args)

    def submit(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run `coro` as a task on the loop."""
        asyncio.run_coroutine_threadsafe(coro, self.loop)


def _report_loop_error(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """An exception escaped a callback on the I/O loop: a bug in this module
    (user code never runs there). Say so in one line instead of a traceback."""
    exc = context.get("exception")
    what = f"{type(exc).__name__}: {exc}" if exc is not None else context.get("message", "?")
    print(f"capdsl: internal error in the network thread ({what}); please report it",
          file=sys.stderr, flush=True)


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = uvloop.new_event_loop()
    return loop


class _Shared:
    io: _IOThread | None = None


def _io() -> _IOThread:
    """This process's I/O thread (a forked worker starts its own)."""
    io = _Shared.io
    if io is None or io.pid != os.getpid():
        io = _Shared.io = _IOThread()
    return io


def _port(service: Any) -> int:
    """A service (a String or str: a number or a name) as a port number."""
    text = str(service)
    if text.isdigit():
        return int(text)
    return socket.getservbyname(text, "tcp")


def _bytes(data: Any) -> bytes:
    """A ByteSeq (String or Array[U8]) as bytes."""
    if type(data) is String:
        return data._bytes()
    return bytes(data)


# ------------------------------------------------------------ NetAddress

class NetAddress:
    """Pony's `class val NetAddress`: a host, a port and a family."""

    __slots__ = ("_family", "_host", "_port")

    def __init__(self, sockname: Any, family: int) -> None:
        self._host = str(sockname[0]) if sockname else ""
        self._port = int(sockname[1]) if sockname else 0
        self._family = family

    def name(self, reversedns: Any = None, servicename: bool = False) -> tuple[String, String]:
        return String(self._host), String(str(self._port))

    def port(self) -> int:
        return self._port

    def ip4(self) -> bool:
        return self._family == socket.AF_INET

    def ip6(self) -> bool:
        return self._family == socket.AF_INET6

    def __repr__(self) -> str:
        return f"NetAddress({self._host!r}, {self._port})"


def _address(transport: Any, which: str) -> NetAddress:
    sock = transport.get_extra_info("socket") if transport is not None else None
    if sock is None:
        return NetAddress(None, socket.AF_INET)
    name = sock.getsockname() if which == "local" else transport.get_extra_info("peername")
    return NetAddress(name, sock.family)


# ------------------------------------------------------------ the loop side

class _Stream(asyncio.Protocol):
    """One socket on the loop; forwards its events to its connection actor
    (held back until the actor is attached)."""

    def __init__(self, listener: TCPListener | None = None) -> None:
        self.transport: Any = None
        self.conn: TCPConnection | None = None
        self.listener = listener
        self.backlog: list[tuple[Callable[..., None], tuple[Any, ...]]] = []
        self.delivered = 0
        self.paused_for_backlog = False
        self.muted = False

    # events from the loop
    def connection_made(self, transport: Any) -> None:  # uvloop's are not asyncio.Transport
        self.transport = transport
        if self.listener is not None:
            external.inject(self.listener, TCPListener._b_accepted, (self,))

    def data_received(self, data: bytes) -> None:
        self.delivered += 1
        self._deliver(TCPConnection._b_received, (data,))
        conn = self.conn
        behind = self.delivered - (conn._consumed if conn is not None else 0)
        if behind > READ_BACKLOG and not self.paused_for_backlog and self.transport:
            self.paused_for_backlog = True
            self.transport.pause_reading()

    def eof_received(self) -> bool:
        return False  # close our side too: Pony's connections are not half-open

    def connection_lost(self, exc: Exception | None) -> None:
        self._deliver(TCPConnection._b_lost, ())

    def pause_writing(self) -> None:
        self._deliver(TCPConnection._b_throttled, ())

    def resume_writing(self) -> None:
        self._deliver(TCPConnection._b_unthrottled, ())

    def _deliver(self, fn: Callable[..., None], args: tuple[Any, ...]) -> None:
        if self.conn is None:
            self.backlog.append((fn, args))
        else:
            external.inject(self.conn, fn, args)

    # requests from the connection actor (run on the loop)
    def attach(self, conn: TCPConnection) -> None:
        self.conn = conn
        for fn, args in self.backlog:
            external.inject(conn, fn, args)
        self.backlog.clear()

    def write(self, data: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        self._reading()

    def caught_up(self) -> None:
        self.paused_for_backlog = False
        self._reading()

    def _reading(self) -> None:
        transport = self.transport
        if transport is None or transport.is_closing():
            return
        if self.muted or self.paused_for_backlog:
            if transport.is_reading():
                transport.pause_reading()
        elif not transport.is_reading():
            transport.resume_reading()

    def set_nodelay(self, state: bool) -> None:
        sock = self.transport.get_extra_info("socket") if self.transport else None
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, int(state))


async def _listen(listener: TCPListener, host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    try:
        server = await loop.create_server(lambda: _Stream(listener), host or None, port,
                                          reuse_address=True)
    except (OSError, OverflowError, ValueError):
        external.inject(listener, TCPListener._b_not_listening, ())
        return
    sock = server.sockets[0]
    external.inject(listener, TCPListener._b_listening,
                    (server, NetAddress(sock.getsockname(), sock.family)))


async def _connect(conn: TCPConnection, host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    try:
        _transport, stream = await loop.create_connection(_Stream, host, port)
    except (OSError, OverflowError, ValueError):
        external.inject(conn, TCPConnection._b_connect_failed, ())
        return
    external.inject(conn, TCPConnection._b_connected, (stream,))
    stream.attach(conn)


def _open(actor: Any, host: str, service: Any,
          opener: Callable[[Any, str, int], Coroutine[Any, Any, None]],
          failed: Callable[..., None]) -> None:
    """Start `opener(actor, host, port)` on the loop, or send `actor` the
    behaviour `failed` when `service` names no port."""
    try:
        port = _port(service)
    except (OSError, ValueError):
        send(actor, failed, ())
        return
    _io().submit(opener(actor, host, port))


# ------------------------------------------------------------ TCPListener

class TCPListener(Actor):
    """Pony's `actor TCPListener`."""

    __slots__ = ("_address", "_closed", "_limit", "_notify", "_open", "_server")

    @staticmethod
    def create(auth: Any, notify: Any, host: Any = "", service: Any = "0", limit: int = 0,
               read_buffer_size: int = 16384, yield_after_reading: int = 16384,
               yield_after_writing: int = 16384) -> TCPListener:
        return spawn(TCPListener, TCPListener._c_create, (notify, str(host), service, limit))

    def _c_create(self, notify: Any, host: str, service: Any, limit: int) -> None:
        self._notify = notify
        self._server: asyncio.AbstractServer | None = None
        self._address = NetAddress(None, socket.AF_INET)
        self._limit = limit
        self._open = 0
        self._closed = False
        external.hold()
        _open(self, host, service, _listen, TCPListener._b_not_listening)

    # behaviours
    def set_notify(self, notify: Any) -> None:
        send(self, TCPListener._b_set_notify, (notify,))

    def dispose(self) -> None:
        send(self, TCPListener._b_dispose, ())

    def _b_set_notify(self, notify: Any) -> None:
        self._notify = notify

    def _b_dispose(self) -> None:
        self.close()

    # functions
    def local_address(self) -> NetAddress:
        return self._address

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._server is not None:
            _io().call(self._server.close)
        self._notify.closed(self)
        external.release()

    # events from the loop
    def _b_listening(self, server: asyncio.AbstractServer, address: NetAddress) -> None:
        self._server = server
        self._address = address
        if self._closed:  # disposed while binding
            _io().call(server.close)
            return
        self._notify.listening(self)

    def _b_not_listening(self) -> None:
        self._closed = True
        self._notify.not_listening(self)
        external.release()

    def _b_accepted(self, stream: _Stream) -> None:
        if self._closed or (self._limit and self._open >= self._limit):
            _io().call(stream.abort)
            return
        try:
            notify = self._notify.connected(self)
        except PonyError:
            _io().call(stream.abort)
            return
        self._open += 1
        spawn(TCPConnection, TCPConnection._c_accept, (self, notify, stream))

    def _b_connection_closed(self) -> None:
        self._open -= 1


# ------------------------------------------------------------ TCPConnection

class TCPConnection(Actor):
    """Pony's `actor TCPConnection`."""

    __slots__ = ("_close_when_open", "_consumed", "_listener", "_local", "_notify",
                 "_remote", "_state", "_stream", "_unsent")

    @staticmethod
    def create(auth: Any, notify: Any, host: Any, service: Any, from_: Any = "",
               read_buffer_size: int = 16384, yield_after_reading: int = 16384,
               yield_after_writing: int = 16384) -> TCPConnection:
        return spawn(TCPConnection, TCPConnection._c_create, (notify, str(host), service))

    def _setup(self, notify: Any, listener: TCPListener | None, stream: _Stream | None) -> None:
        self._notify = notify
        self._listener = listener
        self._stream = stream
        self._state = _CONNECTING if stream is None else _OPEN
        self._consumed = 0
        self._unsent: list[bytes] = []
        self._close_when_open = False
        transport = stream.transport if stream is not None else None
        self._local = _address(transport, "local")
        self._remote = _address(transport, "remote")
        external.hold()

    def _c_create(self, notify: Any, host: str, service: Any) -> None:
        self._setup(notify, None, None)
        self._notify.connecting(self, 1)
        _open(self, host, service, _connect, TCPConnection._b_connect_failed)

    def _c_accept(self, listener: TCPListener, notify: Any, stream: _Stream) -> None:
        self._setup(notify, listener, stream)
        _io().call(stream.attach, self)
        self._notify.accepted(self)

    # behaviours
    def write(self, data: Any) -> None:
        send(self, TCPConnection._b_write, (data,))

    def writev(self, data: Any) -> None:
        send(self, TCPConnection._b_writev, (data,))

    def mute(self) -> None:
        send(self, TCPConnection._b_mute, (True,))

    def unmute(self) -> None:
        send(self, TCPConnection._b_mute, (False,))

    def set_notify(self, notify: Any) -> None:
        send(self, TCPConnection._b_set_notify, (notify,))

    def dispose(self) -> None:
        send(self, TCPConnection._b_dispose, ())

    def _b_write(self, data: Any) -> None:
        if self._state in (_CONNECTING, _OPEN):
            self._put(_bytes(self._notify.sent(self, data)))

    def _b_writev(self, data: Any) -> None:
        if self._state in (_CONNECTING, _OPEN):
            for chunk in iterate(self._notify.sentv(self, data).values()):
                self._put(_bytes(chunk))

    def _b_mute(self, muted: bool) -> None:
        if self._stream is not None:
            _io().call(self._stream.set_muted, muted)

    def _b_set_notify(self, notify: Any) -> None:
        self._notify = notify

    def _b_dispose(self) -> None:
        self.close()

    def _put(self, data: bytes) -> None:
        if self._stream is None:
            self._unsent.append(data)  # written once connected, in order
        else:
            _io().call(self._stream.write, data)

    # functions
    def local_address(self) -> NetAddress:
        return self._local

    def remote_address(self) -> NetAddress:
        return self._remote

    def expect(self, qty: int = 0) -> None:
        self._notify.expect(self, qty)

    def set_nodelay(self, state: bool) -> None:
        if self._stream is not None:
            _io().call(self._stream.set_nodelay, state)

    def close(self) -> None:
        """Close once what was written is sent (`transport.close` flushes)."""
        if self._state == _CONNECTING:
            self._close_when_open = True
        elif self._state == _OPEN:
            self._state = _CLOSING
            assert self._stream is not None
            _io().call(self._stream.close)

    def hard_close(self) -> None:
        if self._state == _CONNECTING:
            self._close_when_open = True
        elif self._state in (_OPEN, _CLOSING) and self._stream is not None:
            self._state = _CLOSING
            _io().call(self._stream.abort)

    # events from the loop
    def _b_connected(self, stream: _Stream) -> None:
        self._stream = stream
        self._state = _OPEN
        self._local = _address(stream.transport, "local")
        self._remote = _address(stream.transport, "remote")
        for data in self._unsent:
            _io().call(stream.write, data)
        self._unsent.clear()
        self._notify.connected(self)
        if self._close_when_open:
            self.close()

    def _b_connect_failed(self) -> None:
        self._state = _CLOSED
        self._notify.connect_failed(self)
        external.release()

    def _b_received(self, data: bytes) -> None:
        self._consumed += 1
        stream = self._stream
        if stream is not None and stream.paused_for_backlog and \
                stream.delivered - self._consumed <= READ_BACKLOG // 2:
            _io().call(stream.caught_up)
        if self._state in (_OPEN, _CLOSING):
            self._notify.received(self, Array(data), 1)

    def _b_throttled(self) -> None:
        if self._state == _OPEN:
            self._notify.throttled(self)

    def _b_unthrottled(self) -> None:
        if self._state == _OPEN:
            self._notify.unthrottled(self)

    def _b_lost(self) -> None:
        if self._state == _CLOSED:
            return
        self._state = _CLOSED
        self._notify.closed(self)
        if self._listener is not None:
            send(self._listener, TCPListener._b_connection_closed, ())
        external.release()

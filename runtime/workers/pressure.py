"""Backpressure between workers: a fast producer cannot fill memory.

Place: owned by each `runtime.workers.worker.Worker`; it tells the worker
when to stop reading from the other workers and when to stop running turns.

Two limits, both per worker:
- Backlog: messages delivered from other workers and not yet run (measured
  on the mailboxes of the actors that received them). Above `HIGH` the
  worker stops reading its sockets; below `LOW` it reads again. Unread data
  then fills the socket and the sender's write buffer.
- Write buffer: when a link's buffer passes its high-water mark (uvloop
  calls `pause_writing`), the sending worker stops running turns (it still
  reads and delivers) until the buffer drains (`resume_writing`): its
  producers are muted. A worker whose own backlog is above `HIGH` is never
  muted this way, so two workers flooding each other cannot wait on each
  other forever (Pony likewise never mutes an overloaded actor).

Departures from Pony: Pony mutes only the sending actor and also within one
scheduler; here the whole sending worker pauses, and only for sends across
workers (a producer flooding an actor of its own worker is not slowed).
"""

from __future__ import annotations

import asyncio
from typing import Any

HIGH = 50_000
"""Backlog (messages) above which a worker stops reading other workers."""

LOW = 10_000
"""Backlog below which it reads again."""

WRITE_HIGH = 1 << 20
"""Bytes buffered for one peer before the sending worker pauses."""

WRITE_LOW = 1 << 18


class Pressure:
    """One worker's backpressure state."""

    def __init__(self, links: dict[int, asyncio.Transport]) -> None:
        self.links = links
        self.receivers: dict[int, Any] = {}  # id -> actor
        self.estimate = 0
        self.reading_paused = False
        self.blocked: set[int] = set()
        self.peak_backlog = 0

    def delivered(self, count: int, receivers: dict[int, Any]) -> None:
        """A batch of `count` messages went to `receivers`' mailboxes."""
        self.receivers.update(receivers)
        self.estimate += count
        if self.estimate > HIGH and not self.reading_paused:
            self.measure()
            if self.estimate > HIGH:
                self._reading(pause=True)

    def after_tick(self) -> None:
        """Turns ran: read again if the backlog has drained."""
        if self.reading_paused or self.estimate > LOW:
            self.measure()
            if self.reading_paused and self.estimate < LOW:
                self._reading(pause=False)

    def measure(self) -> None:
        """The backlog, from the receivers' mailboxes (forgetting idle ones)."""
        total = 0
        idle = []
        for key, actor in self.receivers.items():
            mb = actor._mbox
            if mb:
                total += len(mb) // 2
            else:
                idle.append(key)
        for key in idle:
            del self.receivers[key]
        self.estimate = total
        self.peak_backlog = max(self.peak_backlog, total)

    def may_run(self) -> bool:
        """False while a peer's write buffer is full, unless overloaded."""
        return not self.blocked or self.reading_paused

    def _reading(self, pause: bool) -> None:
        self.reading_paused = pause
        for link in self.links.values():
            if pause:
                link.pause_reading()
            else:
                link.resume_reading()

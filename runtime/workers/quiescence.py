"""When a program on workers has ended: the coordinator's termination rule.

Place: `runtime.workers.coordinator` feeds it the workers' reports and acts
on what it returns; it does no I/O, so tests drive it directly.

Each worker counts the cross-worker messages it has sent and received, and
an epoch that grows each time it wakes up (a message, a timer). When it runs
out of work it reports `idle(epoch, sent, received)`. When every worker's
last report is idle and the sums of sent and received are equal, the
coordinator asks every worker to confirm (a round). The program has ended
if every answer is idle with the same epoch and counts as that worker's
report: then each worker stayed idle from its report to its answer, and all
reports came before all answers, so at one instant between them every
worker was idle with those counts, and equal sums mean no message was in
flight. Otherwise the coordinator waits for new reports and tries again.
Counts only grow, so a message in flight is never missed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    """A worker's state: its wake-up epoch and cross-worker message counts."""

    epoch: int
    sent: int
    received: int


class Quiescence:
    """Tracks reports; says when to start a round and when the program ended."""

    def __init__(self, workers: int) -> None:
        self.reports: list[Report | None] = [None] * workers
        self.round = 0
        self._snapshot: list[Report | None] | None = None
        self._answers: dict[int, Report | None] = {}
        self.ended = False

    def idle(self, worker: int, report: Report) -> int | None:
        """`worker` ran out of work; returns a round number to broadcast, if any."""
        self.reports[worker] = report
        return self._maybe_start()

    def confirmed(self, worker: int, round_no: int, idle: bool, report: Report) -> int | None:
        """A worker's answer to round `round_no`; returns a new round to
        broadcast, if any. Check `ended` afterwards."""
        if self._snapshot is None or round_no != self.round:
            return None
        self._answers[worker] = report if idle else None
        self.reports[worker] = report if idle else None
        if len(self._answers) < len(self.reports):
            return None
        snapshot, answers = self._snapshot, self._answers
        self._snapshot, self._answers = None, {}
        if all(answers[w] is not None and answers[w] == snapshot[w] for w in answers):
            self.ended = True
            return None
        return self._maybe_start()

    def _maybe_start(self) -> int | None:
        if self._snapshot is not None or self.ended:
            return None
        reports = self.reports
        if any(r is None for r in reports):
            return None
        if sum(r.sent for r in reports if r) != sum(r.received for r in reports if r):
            return None
        self.round += 1
        self._snapshot = list(reports)
        return self.round

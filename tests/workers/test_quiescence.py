"""The termination rule, driven step by step (no processes)."""

from __future__ import annotations

from runtime.workers.quiescence import Quiescence, Report


def test_all_idle_and_balanced_starts_a_round_that_ends_the_program() -> None:
    q = Quiescence(2)
    assert q.idle(0, Report(0, 3, 1)) is None  # worker 1 has not reported
    assert q.idle(1, Report(0, 1, 3)) == 1
    assert q.confirmed(0, 1, True, Report(0, 3, 1)) is None
    assert not q.ended
    assert q.confirmed(1, 1, True, Report(0, 1, 3)) is None
    assert q.ended


def test_a_message_in_flight_holds_the_round_back() -> None:
    q = Quiescence(2)
    q.idle(0, Report(0, 4, 0))  # sent 4
    assert q.idle(1, Report(0, 0, 3)) is None  # received only 3: one in flight
    assert q.idle(1, Report(1, 0, 4)) == 1  # it arrived, worker 1 went idle again


def test_a_worker_woken_between_report_and_answer_fails_the_round() -> None:
    q = Quiescence(2)
    q.idle(0, Report(0, 0, 0))
    assert q.idle(1, Report(0, 0, 0)) == 1
    # Worker 0 woke up (a timer) and went idle again: same counts, new epoch.
    assert q.confirmed(0, 1, True, Report(1, 0, 0)) is None
    assert q.confirmed(1, 1, True, Report(0, 0, 0)) == 2  # a new round at once
    assert not q.ended
    q.confirmed(0, 2, True, Report(1, 0, 0))
    q.confirmed(1, 2, True, Report(0, 0, 0))
    assert q.ended


def test_a_busy_answer_waits_for_that_workers_next_idle_report() -> None:
    q = Quiescence(2)
    q.idle(0, Report(0, 1, 0))
    assert q.idle(1, Report(0, 0, 1)) == 1
    q.confirmed(0, 1, True, Report(0, 1, 0))
    assert q.confirmed(1, 1, False, Report(1, 0, 1)) is None  # busy: no new round
    assert q.idle(1, Report(1, 0, 1)) == 2
    q.confirmed(0, 2, True, Report(0, 1, 0))
    q.confirmed(1, 2, True, Report(1, 0, 1))
    assert q.ended


def test_reports_during_a_round_and_stale_answers_do_not_start_another() -> None:
    q = Quiescence(2)
    q.idle(0, Report(0, 0, 0))
    assert q.idle(1, Report(0, 0, 0)) == 1
    assert q.idle(0, Report(0, 0, 0)) is None  # a round is already out
    assert q.confirmed(0, 7, True, Report(0, 0, 0)) is None  # not this round
    q.confirmed(0, 1, True, Report(0, 0, 0))
    q.confirmed(1, 1, True, Report(0, 0, 0))
    assert q.ended
    assert q.idle(1, Report(0, 0, 0)) is None  # over: nothing more starts

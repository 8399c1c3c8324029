"""runtime.gctune: the collector settings a program runs under, and that
they are undone when it ends (run_main may run again; an embedding Python
program keeps its own settings)."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator

import pytest

from runtime import gctune
from runtime.actor import Actor
from runtime.program import run_main


@pytest.fixture(autouse=True)
def _own_settings() -> Iterator[None]:
    """Each test starts from known settings and gives the suite's back."""
    before, was_enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(700, 10, 10)
    gc.enable()
    yield
    gc.set_threshold(*before)
    if not was_enabled:
        gc.disable()
    gc.unfreeze()


class Probe(Actor):
    """Records the collector settings seen while the program runs."""

    __slots__ = ()
    seen: list[tuple[tuple[int, int, int], int]] = []  # noqa: RUF012 (shared record)

    def _c_create(self, env: object) -> None:
        Probe.seen.append((gc.get_threshold(), gc.get_freeze_count()))


def run_probe() -> tuple[tuple[int, int, int], int]:
    Probe.seen.clear()
    status = run_main(Probe, Probe._c_create, lambda argv: argv, ["probe"],
                      stdout=io.BytesIO(), stderr=io.BytesIO())
    assert status == 0
    (seen,) = Probe.seen
    return seen


def test_a_program_runs_with_raised_thresholds_and_frozen_start_up(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(gctune.ENV, raising=False)
    thresholds, frozen = run_probe()
    assert thresholds == (10_000, 100, 100)
    assert frozen > 1000  # at least the modules imported so far
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("value", ["0", " 0 "])
def test_turned_off_by_the_environment(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(gctune.ENV, value)
    assert run_probe() == ((700, 10, 10), 0)


@pytest.mark.parametrize("value", ["1", ""])
def test_other_values_keep_it_on(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(gctune.ENV, value)
    assert run_probe()[0] == gctune.THRESHOLDS


def test_a_disabled_collector_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(gctune.ENV, raising=False)
    gc.disable()
    assert run_probe() == ((700, 10, 10), 0)
    assert not gc.isenabled()


def test_settings_come_back_when_the_block_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(gctune.ENV, raising=False)
    with pytest.raises(KeyError), gctune.tuned_collector():
        assert gc.get_threshold() == gctune.THRESHOLDS
        raise KeyError("boom")
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0

"""Standard-package runtime tests: an empty scheduler, no timers, and a
fake clock (so no test waits for real time unless it says so)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from runtime import driver, timers


@pytest.fixture(autouse=True)
def _clean_scheduler() -> Iterator[None]:
    driver.reset()
    yield
    driver.reset()


@pytest.fixture
def clock() -> Iterator[timers.FakeClock]:
    fake = timers.FakeClock()
    timers.set_clock(fake)
    yield fake
    timers.set_clock(None)

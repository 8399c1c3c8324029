"""Runtime tests: every test starts and ends with an empty scheduler."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The runtime is imported from the work tree even when capdsl is not installed.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from runtime import driver  # noqa: E402


@pytest.fixture(autouse=True)
def _clean_scheduler() -> Iterator[None]:
    driver.reset()
    yield
    driver.reset()

"""`capdsl run --stats` and `--max-actor-heap`, end to end."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_cli import capdsl

HERE = Path(__file__).parent


def test_max_actor_heap_stops_a_runaway_actor_naming_it() -> None:
    proc = capdsl("run", "--max-actor-heap", "50M", HERE / "hog.cap")
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    m = re.fullmatch(r"error: an actor of type Hog holds ([\d.]+) MiB \(([\d,]+) bytes, "
                     r"measured from its fields\), over the limit of 50\.0 MiB set by "
                     r"--max-actor-heap", first)
    assert m is not None, proc.stderr
    held = int(m.group(2).replace(",", ""))
    # Stopped soon after passing the limit, long before the 240 MB it would reach.
    assert 50 * 2**20 < held < 2 * 50 * 2**20
    assert "hint:" in proc.stderr


def test_without_a_limit_the_runaway_runs_to_its_end() -> None:
    proc = capdsl("run", HERE / "hog.cap")
    assert proc.returncode == 0
    heap_mb = int(proc.stdout.split()[1])
    # 6,000,000 references (8 bytes) and ints above 2**40 (32 bytes each)
    assert 6_000_000 * 40 // 1_000_000 <= heap_mb < 6_000_000 * 48 // 1_000_000


def test_stats_counts_messages_and_mailboxes() -> None:
    proc = capdsl("run", "--stats", HERE / "counter_stats.cap")
    assert proc.returncode == 0 and proc.stdout == "5\n"
    lines = proc.stderr.splitlines()
    assert lines[0] == "capdsl stats: 2 actors, 8 messages"
    by_type = {ln.split()[0]: ln.split() for ln in lines[2:4]}
    assert by_type["Counter"][1:3] == ["1", "7"] and by_type["Counter"][-1] == "7"
    assert by_type["Main"][1:3] == ["1", "1"]
    assert lines[4] == "top 2 actors by peak heap"
    assert [ln.split()[0] for ln in lines[6:8]] == ["Counter#2", "Main#1"]
    assert all(ln.split()[-1] == "0" for ln in lines[6:8])  # worker 0


def test_a_bad_size_is_a_usage_error() -> None:
    proc = capdsl("run", "--max-actor-heap", "12X", HERE / "counter_stats.cap")
    assert proc.returncode == 2
    assert "'12X' is not a size" in proc.stderr


def test_stats_combine_the_workers() -> None:
    proc = capdsl("run", "--workers", "2", "--stats", HERE / "counter_stats.cap")
    assert proc.returncode == 0 and proc.stdout == "5\n"
    lines = proc.stderr.splitlines()
    assert lines[0] == "capdsl stats: 2 actors, 8 messages"
    top = {ln.split()[0]: ln.split() for ln in lines[6:8]}
    # Main runs on worker 0; the Counter it spawns goes to worker 1 (spread).
    assert top["Main#1"][1] == "1" and top["Main#1"][-1] == "0"
    assert top["Counter#1.1"][1] == "7" and top["Counter#1.1"][-1] == "1"


def test_the_heap_limit_holds_on_a_worker() -> None:
    proc = capdsl("run", "--workers", "2", "--max-actor-heap", "50M", HERE / "hog.cap")
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: an actor of type Hog holds "), proc.stderr
    assert proc.stderr.count("error:") == 1

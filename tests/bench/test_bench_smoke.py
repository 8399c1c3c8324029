"""The benchmark harness on tiny sizes: `bench/run.py --sizes smoke` for
capdsl and plain Python (no comparison library needed). Checks the shape of
`latest.json` and that every capdsl program ran to the answer its sizes call
for; timings are never asserted."""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "bench" / "run.py"

SMOKE_PARAMS = {
    "ping-pong": {"n": 200},
    "counting": {"n": 500},
    "thread-ring": {"n": 253, "actors": 10},
    "fork-join-throughput": {"n": 20, "k": 5},
    "fork-join-creation": {"n": 100},
    "big": {"n": 10, "workers": 8},
    "actor-creation": {"n": 100},
    "latency-p50": {"n": 50, "tokens": 2, "actors": 10, "period": 5},
}

# Worked out by hand from SMOKE_PARAMS: 253 hops round 10 nodes stop at node
# 3; 8 workers have ids 0..7 (sum 28); a latency token probes at hops 50, 45,
# ..., 0 (11 probes), two tokens 22.
EXPECTED_OUTPUT = {
    "ping-pong": "pong received 200 pings",
    "counting": "counted 500",
    "thread-ring": "token stopped at node 3",
    "fork-join-throughput": "5 workers received 100 messages",
    "fork-join-creation": "100 actors answered",
    "big": "8 workers done, ids sum 28",
    "actor-creation": "created 100 actors",
    "latency-p50": "probes 22",
}

CAPDSL_WORKLOADS = {*EXPECTED_OUTPUT, "latency-p99", "latency-p99.9", "idle-memory",
                    "parse", "check", "compile", "cached-compile"}
MESSAGE_WORKLOADS = {"ping-pong", "counting", "thread-ring", "fork-join-throughput",
                     "fork-join-creation", "big", "actor-creation"}


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "latest.json"
    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
    done = subprocess.run(
        [sys.executable, str(RUN), "--sizes", "smoke", "--systems",
         "capdsl,bare-loop", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, json.loads(out.read_text(encoding="utf-8"))


def by_key(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["workload"], r["system"]): r for r in data["records"]}


def test_every_record_has_the_issue_fields(smoke: tuple[str, dict[str, Any]]) -> None:
    _, data = smoke
    assert data["records"]
    for record in data["records"]:
        assert {"workload", "system", "metric", "median", "unit", "runs"} <= set(record)
        assert len(record["runs"]) == 3, record
        assert record["median"] == statistics.median(record["runs"])
        assert isinstance(record["metric"], str) and record["metric"]


def test_capdsl_ran_every_workload(smoke: tuple[str, dict[str, Any]]) -> None:
    _, data = smoke
    assert {r["workload"] for r in data["records"] if r["system"] == "capdsl"} == \
        CAPDSL_WORKLOADS


@pytest.mark.parametrize("workload", sorted(EXPECTED_OUTPUT))
def test_capdsl_program_printed_its_answer(smoke: tuple[str, dict[str, Any]],
                                           workload: str) -> None:
    _, data = smoke
    record = by_key(data)[(workload, "capdsl")]
    assert record["params"] == SMOKE_PARAMS[workload]
    assert record["output"] == EXPECTED_OUTPUT[workload]


@pytest.mark.parametrize("system", ["bare-loop"])
def test_plain_python_ran_the_message_workloads(smoke: tuple[str, dict[str, Any]],
                                                system: str) -> None:
    _, data = smoke
    ran = {r["workload"] for r in data["records"] if r["system"] == system}
    assert ran >= MESSAGE_WORKLOADS
    for workload in MESSAGE_WORKLOADS:
        assert by_key(data)[(workload, system)]["median"] > 0


def test_rates_and_latencies_are_consistent(smoke: tuple[str, dict[str, Any]]) -> None:
    _, data = smoke
    records = by_key(data)
    for system in ("capdsl", "bare-loop"):
        p50, p99, p999 = (records[(f"latency-{p}", system)]["median"]
                          for p in ("p50", "p99", "p99.9"))
        assert 0 < p50 <= p99 <= p999
    assert records[("counting", "capdsl")]["unit"] == "msg/s"
    assert records[("idle-memory", "capdsl")]["unit"] == "bytes/actor"


def test_table_and_machine_are_printed(smoke: tuple[str, dict[str, Any]]) -> None:
    stdout, data = smoke
    assert f"Python {data['machine']['python']}" in stdout
    assert data["machine"]["cores"] >= 1
    table = stdout[stdout.index("medians;"):]
    counting_row = next(line for line in table.splitlines() if line.startswith("counting "))
    assert "(" in counting_row  # capdsl / bare-loop ratio shown


def test_missing_library_is_one_line_with_the_install_hint(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))  # run.py adds bench/ to it
    already = set(sys.modules)
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    assert spec is not None and spec.loader is not None
    bench_run = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(bench_run)
    finally:  # bench/'s modules (report, workloads) leave with it
        for name in ("report", "workloads"):
            if name not in already:
                sys.modules.pop(name, None)
    monkeypatch.setitem(bench_run.SYSTEMS, "pykka", "capdsl_no_such_module")
    assert bench_run.available(["capdsl", "pykka"]) == ["capdsl"]
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed == ["skipping pykka: capdsl_no_such_module is not installed "
                       "(pip install -r bench/requirements.txt)"]


def test_throughput_records_carry_cpu_time_rates(smoke: tuple[str, dict[str, Any]]) -> None:
    _, data = smoke
    records = by_key(data)
    for system in ("capdsl", "bare-loop"):
        for workload in MESSAGE_WORKLOADS:
            record = records[(workload, system)]
            assert len(record["cpu_runs"]) == 3
            assert record["cpu_median"] == statistics.median(record["cpu_runs"]) > 0
    assert "cpu_median" not in records[("latency-p50", "capdsl")]
    assert "cpu_median" not in records[("idle-memory", "capdsl")]

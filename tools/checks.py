"""Every check of the project, in one command (what `.ci/run` runs).

    python tools/checks.py [--quick]

Runs pytest (the default suite, without the `slow` marker), ruff, mypy
--strict, the shared conformance runner and the oracle score, and prints a
summary; any failing step fails the run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CAPDSL_SHARED", ROOT.parent / "shared"))
BIN = Path(sys.executable).parent


def _closing_line_ok(last: str) -> bool:
    """A runner that closes with `N passed, M failed` (the oracle always exits
    0) succeeds only with M == 0."""
    m = re.fullmatch(r"\s*(\d+) passed, (\d+) failed\s*", last)
    return m is None or int(m.group(2)) == 0


def _run(label: str, cmd: list[str], gating: bool) -> tuple[str, bool, str]:
    print(f"==> {label}: {' '.join(cmd)}", flush=True)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True)
    output = proc.stdout + proc.stderr
    print(output.rstrip(), flush=True)
    last = next((ln for ln in reversed(output.splitlines()) if ln.strip()), "")
    took = time.monotonic() - start
    ok = proc.returncode == 0 and _closing_line_ok(last)
    print(f"<== {label}: {'ok' if ok else 'FAILED'} in {took:.0f}s\n", flush=True)
    return label, ok or not gating, last


def main() -> int:
    capdsl = str(BIN / "capdsl")
    steps = [
        ("pytest", [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], True),
        ("ruff", [str(BIN / "ruff"), "check", "capdsl", "checker", "runtime", "tests", "tools",
                  "bench"], True),
        ("mypy", [str(BIN / "mypy"), "--strict", "capdsl", "checker", "runtime"], True),
    ]
    if (SHARED / "conformance").is_dir():
        steps.append(("conformance", [sys.executable, str(SHARED / "conformance" / "check.py"),
                                      "--capdsl", capdsl, str(SHARED / "conformance")], True))
        steps.append(("oracle", [sys.executable, str(SHARED / "oracle" / "score.py"),
                                 "--capdsl", capdsl], True))
    else:
        print(f"warning: {SHARED} not found (set CAPDSL_SHARED): the conformance cases and "
              "the oracle are skipped", flush=True)
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cores"
    results = [_run(label, cmd, gating) for label, cmd, gating in steps]
    print(f"summary ({env_note}):")
    for label, ok, last in results:
        print(f"  {label:12} {'ok  ' if ok else 'FAIL'}  {last}")
    failed = [label for label, ok, _ in results if not ok]
    print("all checks passed" if not failed else f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

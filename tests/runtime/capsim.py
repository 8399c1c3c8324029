"""Simulated generated code: Python compiled under a `.cap` file name.

`PROGRAM` pairs each `.cap` line with the Python line codegen would emit
for it, so Python line N is `.cap` line N, as real generated code keeps
them. `load` writes the `.cap` file and compiles the Python under its name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PROGRAM: list[tuple[str, str]] = [
    ("use @json.loads[None](s: String)", "import json"),
    ("primitive Parse", "class Parse:"),
    ("  fun apply(s: String) =>", "    def apply(self, s):"),
    ("    @json.loads(s)", "        return json.loads(s)"),
    ("actor Counter", "class Counter(Actor):"),
    ("  var _n: U64 = 0", '    __slots__ = ("_n", "_env")'),
    ("  new create(env: Env) =>", "    def _c_create(self, env):"),
    ("    _env = env", "        self._env = env; self._n = 0"),
    ("  be inc(by: U64) =>", "    def _b_inc(self, by):"),
    ("    _n = _n + by", "        self._n = self._n + by"),
    ("    _env.out.print(_n.string())", "        self._env.out.print(str(self._n))"),
    ("  be parse(s: String) =>", "    def _b_parse(self, s):"),
    ("    Parse(s)", "        Parse().apply(s)"),
    ("  be crash(d: U64) =>", "    def _b_crash(self, d):"),
    ("    _n = 1 % d  // stands for an internal fault", "        self._n = 1 % d"),
    ("", "    def inc(self, by): send(self, Counter._b_inc, (by,))"),
    ("", "    def parse(self, s): send(self, Counter._b_parse, (s,))"),
    ("", "    def crash(self, d): send(self, Counter._b_crash, (d,))"),
    ("actor Main", "class Main(Actor):"),
    ("", "    __slots__ = ()"),
    ("  new create(env: Env) =>", "    def _c_create(self, env):"),
    ("    let c = Counter(env)", "        c = spawn(Counter, Counter._c_create, (env,))"),
    ("    c.inc(1)", "        c.inc(1)"),
    ("    MAIN_ACTION", "        MAIN_ACTION"),
]

HEADER = "from runtime.actor import Actor, send, spawn\n"


def source(action: str) -> tuple[str, str]:
    """(.cap text, Python text) with Main's last line replaced by `action`."""
    cap = "\n".join(c.replace("MAIN_ACTION", action) for c, _ in PROGRAM) + "\n"
    py = "\n".join(p.replace("MAIN_ACTION", action) for _, p in PROGRAM) + "\n"
    return cap, py


def load(tmp_path: Path, action: str) -> dict[str, Any]:
    """Write prog.cap; compile and run the Python under its name."""
    cap, py = source(action)
    path = tmp_path / "prog.cap"
    path.write_text(cap, encoding="utf-8")
    ns: dict[str, Any] = {}
    exec(HEADER, ns)
    exec(compile(py, str(path), "exec"), ns)
    return ns


def line_of(cap_fragment: str) -> int:
    """1-based line of the first .cap line containing `cap_fragment`."""
    for i, (c, _) in enumerate(PROGRAM, 1):
        if cap_fragment in c:
            return i
    raise LookupError(cap_fragment)

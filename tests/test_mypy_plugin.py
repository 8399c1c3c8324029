"""The mypy plugin on data: tests/mypy_cases/*.py against the stubs of the
`.cap` programs there (and of the examples).

Each line that must be reported ends with `# E: [code]` (several codes:
`# E: [arg-type] [cap-send]`); every other line must be clean. One mypy run
covers all the cases (then a second on the warm cache, which must agree:
the plugin's knowledge of the stubs has to survive mypy's cache), and one
`dmypy run` covers them again through the daemon.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mypy import api

import capdsl
from capdsl.diagnostics import Reporter
from capdsl.messages import PLUGIN_CODES, PLUGIN_MESSAGES
from capdsl.passes import Compilation, run_passes
from capdsl.stubs import stub_path, stub_text

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "mypy_cases"
EXAMPLES = ROOT / "examples"
CASE_FILES = sorted(CASES.glob("*.py"))
PROGRAMS = [*sorted(CASES.glob("*.cap")), EXAMPLES / "embed_counter.cap"]
SOURCE_ROOT = Path(capdsl.__file__).resolve().parents[1]
MARK = re.compile(r"#\s*E:((?:\s*\[[a-z-]+\])+)")
REPORTED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$",
                      re.MULTILINE)

Findings = set[tuple[str, int, str]]


def write_stubs(programs: list[Path], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for program in programs:
        comp = Compilation(program, Reporter())
        assert run_passes(comp, "types"), f"{program} does not check"
        assert comp.checked is not None
        stub_path(program, out_dir).write_text(stub_text(comp.checked, program.name))


def mypy_config(where: Path, stubs: Path) -> Path:
    """Strict mypy with the plugin. The package's own directory is on the path
    because an editable install is found by an import hook mypy can't follow."""
    config = where / "mypy.ini"
    config.write_text(
        "[mypy]\nplugins = capdsl.mypy_plugin\nstrict = True\n"
        f"mypy_path = {stubs}:{SOURCE_ROOT}\n"
        "[mypy-capdsl.*,runtime.*,checker.*]\nfollow_imports = silent\n")
    return config


def expected(files: list[Path]) -> Findings:
    found: Findings = set()
    for file in files:
        for number, line in enumerate(file.read_text().splitlines(), start=1):
            mark = MARK.search(line)
            if mark:
                found |= {(file.name, number, code)
                          for code in re.findall(r"\[([a-z-]+)\]", mark.group(1))}
    return found


def parse(output: str) -> Findings:
    return {(Path(m["file"]).name, int(m["line"]), m["code"])
            for m in REPORTED.finditer(output)}


class Workspace:
    """Stubs, config and cache shared by the tests of one session."""

    def __init__(self, where: Path) -> None:
        self.where = where
        self.stubs = where / "stubs"
        write_stubs(PROGRAMS, self.stubs)
        self.config = mypy_config(where, self.stubs)
        self.cache = where / "cache"

    def mypy(self, files: list[Path], *extra: str) -> str:
        out, err, status = api.run(["--config-file", str(self.config), "--cache-dir",
                                    str(self.cache), "--no-error-summary", *extra,
                                    *map(str, files)])
        assert status in (0, 1), out + err
        return out


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("mypy"))


@pytest.fixture(scope="module")
def cold_and_warm(workspace: Workspace) -> tuple[Findings, Findings]:
    cold = parse(workspace.mypy(CASE_FILES))
    warm = parse(workspace.mypy(CASE_FILES))
    return cold, warm


def test_every_code_has_a_case() -> None:
    marked = {code for _f, _l, code in expected(CASE_FILES)}
    codes = {code for code, _template in PLUGIN_MESSAGES.values()}
    assert codes == set(PLUGIN_CODES)
    assert codes <= marked


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.name)
def test_case(case: Path, cold_and_warm: tuple[Findings, Findings]) -> None:
    cold, _warm = cold_and_warm
    assert {f for f in cold if f[0] == case.name} == expected([case])


def test_warm_cache_agrees(cold_and_warm: tuple[Findings, Findings]) -> None:
    cold, warm = cold_and_warm
    assert warm == cold
    assert cold == expected(CASE_FILES)


def test_stubs_are_clean(workspace: Workspace) -> None:
    stubs = sorted(workspace.stubs.glob("*.pyi"))
    assert workspace.mypy(stubs) == ""


def test_examples_are_clean_under_strict(workspace: Workspace) -> None:
    """The examples' own Python embedding code, plugin on, `--strict`."""
    assert workspace.mypy(sorted(EXAMPLES.glob("*.py"))) == ""


def test_disabling_a_code(workspace: Workspace) -> None:
    out = workspace.mypy([CASES / "send.py"], "--disable-error-code", "cap-send")
    assert parse(out) == {f for f in expected([CASES / "send.py"]) if f[2] != "cap-send"}


# ------------------------------------------------------------------ dmypy


@pytest.fixture
def daemon(workspace: Workspace, tmp_path: Path) -> Iterator[list[str]]:
    """A dmypy command line with its own status file; the daemon is stopped
    whatever happens."""
    dmypy = [str(Path(sys.executable).parent / "dmypy"), "--status-file",
             str(tmp_path / "dmypy.json")]
    try:
        yield dmypy
    finally:
        subprocess.run([*dmypy, "stop"], capture_output=True, timeout=60)


def dmypy_run(dmypy: list[str], config: Path, files: list[Path]) -> Findings:
    proc = subprocess.run([*dmypy, "run", "--timeout", "120", "--", "--config-file",
                           str(config), *map(str, files)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return parse(proc.stdout)


def test_dmypy_reports_the_same(workspace: Workspace, daemon: list[str], tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases, ignore=shutil.ignore_patterns("*.cap", "__pycache__"))
    files = sorted(cases.glob("*.py"))
    config = mypy_config(tmp_path, workspace.stubs)
    assert dmypy_run(daemon, config, files) == expected(CASE_FILES)
    # An edit is rechecked incrementally, with the stubs' metadata from memory.
    consume_case = cases / "consume.py"
    text = consume_case.read_text()
    before = "    s.take(consume(b))\n    b.push(1)  # E: [cap-consume]"
    consume_case.write_text(text.replace(before, "    b.push(1)\n    s.take(consume(b))"))
    after = dmypy_run(daemon, config, files)
    assert after == expected(CASE_FILES) - {("consume.py", 11, "cap-consume")}
    consume_case.write_text(text)
    assert dmypy_run(daemon, config, files) == expected(CASE_FILES)


# ------------------------------------------------------------------ README


def readme_example() -> tuple[str, list[str]]:
    """The worked example of the README's mypy section and the output it shows."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### Capabilities in Python code"):]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    shown = re.search(r"`mypy shop.py` reports:\n\n```\n(.*?)```", section, re.S)
    assert code is not None and shown is not None
    return code.group(1), shown.group(1).splitlines()


def test_readme_worked_example(workspace: Workspace, tmp_path: Path) -> None:
    code, shown = readme_example()
    (tmp_path / "shop.py").write_text(code)
    out = workspace.mypy([tmp_path / "shop.py"])
    assert [line.replace(str(tmp_path) + "/", "") for line in out.splitlines()] == shown


def test_dmypy_follows_a_regenerated_stub(daemon: list[str], tmp_path: Path) -> None:
    """The editor's loop: the program changes, its stub is written again, and
    the daemon's next run reports by the new receiver capability, or the new
    signature, of a method reached through a wrapper, and by whether a
    method of a Tag is a behaviour (same signature either way)."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    program = tmp_path / "buffers.cap"
    text = (CASES / "buffers.cap").read_text()
    behaviour = "  be take(b: Buf iso) =>\n    _seen = _seen + b.total()\n"
    assert behaviour in text
    plain = text.replace(behaviour, "  fun tag take(b: Buf iso) => None\n")
    program.write_text(plain)
    write_stubs([program], stubs)
    user = tmp_path / "user.py"
    user.write_text("from buffers import Buf, Sink\nfrom capdsl.caps import Iso, Tag\n\n\n"
                    "def peek(b: Tag[Buf]) -> int:\n    return b.id()\n\n\n"
                    "def send(s: Tag[Sink], b: Iso[Buf]) -> None:\n    s.take(b)\n")
    config = mypy_config(tmp_path, stubs)
    assert dmypy_run(daemon, config, [user]) == set()
    versions = [
        (plain.replace("  fun tag id(): U64 => 7", "  fun box id(): U64 => 7"),
         {("user.py", 6, "cap-receiver")}),
        (plain.replace("  fun tag id(): U64 => 7", "  fun tag id(): String => \"7\""),
         {("user.py", 6, "return-value")}),
        (text, {("user.py", 10, "cap-send")}),
        (plain, set()),
    ]
    for step, (source, found) in enumerate(versions, start=1):
        program.write_text(source)
        write_stubs([program], stubs)
        # dmypy takes a file of the same size and mtime (in whole seconds)
        # for unchanged; an editor's saves are seconds apart.
        later = time.time() + 2 * step
        os.utime(stubs / "buffers.pyi", (later, later))
        assert dmypy_run(daemon, config, [user]) == found, step

"""Stubs of compiled programs: what `capdsl stubs` and `capdsl compile` write.

Each case is a small program and lines its stub must contain, written by
hand from the rules in `capdsl.stubs` (numbers, Bool, String and None as the
FFI's Python types; every other type wrapped in its capability; constructors
as static methods returning their capability).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mypy import api

from capdsl.diagnostics import Reporter
from capdsl.messages import PLUGIN_CODES
from capdsl.passes import Compilation, run_passes
from capdsl.stubs import stub_text
from tests.test_mypy_plugin import mypy_config, parse

ROOT = Path(__file__).resolve().parents[1]
MAIN = "actor Main\n  new create(env: Env) => None\n"

CASES: list[tuple[str, str, list[str]]] = [
    ("numbers and strings", "class Pt\n  var x: I32 = 0\n  var w: F64 = 0\n  let on: Bool = true\n"
     "  var name: String = \"\"\n  fun box label(n: U8): String => name\n",
     ["class Pt(caps.CapObject):", "    x: int", "    w: float", "    on: bool",
      "    name: str", "    @caps.box", "    def label(self, n: int) -> str: ...",
      "    def create() -> caps.Iso[Pt]: ..."]),
    ("constructor caps", "class Buf\n  new ref create() => None\n  new val frozen() => None\n"
     "  new iso fresh() => None\n  new trn building() => None\n",
     ["    def create() -> caps.Ref[Buf]: ...", "    def frozen() -> caps.Val[Buf]: ...",
      "    def fresh() -> caps.Iso[Buf]: ...", "    def building() -> caps.Trn[Buf]: ..."]),
    ("receivers", "class C\n  var n: U64 = 0\n  fun ref set(v: U64) => n = v\n"
     "  fun val get(): U64 => n\n  fun tag id(): U64 => 1\n  fun peek(): U64 => n\n"
     "  fun iso reset() => n = 0\n  fun trn mark() => n = 1\n",
     ["    @caps.iso\n    def reset(self) -> None: ...",
      "    @caps.trn\n    def mark(self) -> None: ...",
      "class Trn_C(Ref_C, Val_C, caps.TrnBase[C]):\n    n: int\n    def mark(self) -> None: ...",
      "class Iso_C(Trn_C, caps.IsoBase[C]):\n    n: int\n    def reset(self) -> None: ...",
      "    @caps.ref\n    def set(self, v: int) -> None: ...",
      "    @caps.val\n    def get(self) -> int: ...",
      "    @caps.tag\n    def id(self) -> int: ...",
      "    @caps.box\n    def peek(self) -> int: ..."]),
    ("an actor", "class Item\nactor Shop\n  var _n: U64 = 0\n"
     "  new create(first: Item val) => None\n  be sell(i: Item iso) => None\n"
     "  be tell(to: Shop) => None\n",
     ["class Shop(caps.Actor):", "    _n: int", "    @staticmethod\n    @caps.constructor\n"
      "    def create(first: caps.Val[Item]) -> caps.Tag[Shop]: ...",
      "    @caps.behaviour\n    def sell(self, i: caps.Iso[Item]) -> None: ...",
      "    def tell(self, to: caps.Tag[Shop]) -> None: ..."]),
    ("a primitive", "primitive Util\n  fun twice(n: U64): U64 => n * 2\n",
     ["class Util_primitive(caps.CapObject):", "    def twice(self, n: int) -> int: ...",
      "    def create(self) -> caps.Val[Util_primitive]: ...", "Util: caps.Val[Util_primitive]"]),
    ("trait and interface", "trait Named\n  fun name(): String\ninterface tag Ping\n"
     "  be ping()\nclass Dog is Named\n  fun name(): String => \"dog\"\n"
     "  fun call(p: Ping) => p.ping()\n",
     ["class Named(caps.Trait):", "class Ping(caps.Interface, typing.Protocol):",
      "class Dog(Named):", "    def call(self, p: caps.Tag[Ping] | Ping) -> None: ..."]),
    ("capability views", "class Buf\nclass Cell\n  var item: Buf ref = Buf\n"
     "  var spare: (Buf iso | None) = None\n  fun ref set() => None\n  fun val get(): U64 => 0\n"
     "  fun tag id(): U64 => 1\n",
     ["class Tag_Cell(caps.TagBase[Cell]):\n    def id(self) -> int: ...",
      "class Box_Cell(Tag_Cell, caps.BoxBase[Cell]):\n    item: caps.Box[Buf]\n"
      "    spare: caps.Tag[Buf] | None",
      "class Val_Cell(Box_Cell, caps.ValBase[Cell]):\n    item: caps.Val[Buf]\n"
      "    spare: caps.Val[Buf] | None\n    def get(self) -> int: ...",
      "class Ref_Cell(Box_Cell, caps.RefBase[Cell]):\n    item: caps.Ref[Buf]\n"
      "    @property\n    def spare(self) -> caps.Tag[Buf] | None: ...\n"
      "    @spare.setter\n    def spare(self, value: caps.Iso[Buf] | None) -> None: ...\n"
      "    def set(self) -> None: ...",
      "class Trn_Cell(Ref_Cell, Val_Cell, caps.TrnBase[Cell]):\n    @property\n"
      "    def item(self) -> caps.Box[Buf]: ...\n    @item.setter\n"
      "    def item(self, value: caps.Ref[Buf]) -> None: ...",
      "class Iso_Cell(Trn_Cell, caps.IsoBase[Cell]):\n    @property\n"
      "    def item(self) -> caps.Tag[Buf]: ...",
      '# mypy: disable-error-code="override"']),
    ("unions, tuples, None", "class Node\n  var next: (Node ref | None) = None\n"
     "  fun pair(): (U8, String) => (1, \"a\")\n",
     ["    next: caps.Ref[Node] | None", "    def pair(self) -> tuple[int, str]: ..."]),
    ("generics", "class Holder[A: Any val]\n  var item: A\n  new create(a: A) => item = a\n"
     "  fun get(): A => item\n",
     ['_tv_A = typing.TypeVar("_tv_A")',
      "class Holder(caps.CapObject, typing.Generic[_tv_A]):", "    item: _tv_A",
      "    def create(a: _tv_A) -> caps.Ref[Holder[_tv_A]]: ...",
      "    def get(self) -> _tv_A: ..."]),
    ("entities named like the wrappers", "class Box\nclass Iso\n"
     "  fun take(b: Box iso): Iso => Iso\n",
     ["class Box(caps.CapObject):", "class Iso(caps.CapObject):",
      "    def take(self, b: caps.Iso[Box]) -> caps.Ref[Iso]: ..."]),
    ("other packages are opaque", "actor Out\n  let _o: OutStream\n"
     "  new create(o: OutStream) => _o = o\n",
     ["    _o: caps.Tag[builtin_OutStream]", "class builtin_OutStream(caps.CapObject):"]),
]


def checked_stub(tmp_path: Path, source: str) -> str:
    program = tmp_path / "prog.cap"
    program.write_text(source + MAIN)
    comp = Compilation(program, Reporter())
    assert run_passes(comp, "types"), [d.message for d in comp.reporter.sorted()]
    assert comp.checked is not None
    return stub_text(comp.checked, program.name)


@pytest.mark.parametrize(("source", "lines"), [(c[1], c[2]) for c in CASES],
                         ids=[c[0] for c in CASES])
def test_stub_lines(tmp_path: Path, source: str, lines: list[str]) -> None:
    stub = checked_stub(tmp_path, source)
    for line in lines:
        assert line in stub, f"{line!r} not in\n{stub}"


def test_which_entities_have_views(tmp_path: Path) -> None:
    """Classes and primitives get a view per capability, an actor only its
    Tag view (holding its behaviours), a generic class generic views; traits
    and interfaces none (`Box[Named]` stays the wrapper)."""
    stub = checked_stub(tmp_path, "trait Named\ninterface Ping\n  fun ping(): U8\n"
                        "primitive Util\nactor Shop is Named\n  be sell(n: U8) => None\n"
                        "class Holder[A: Any val]\n")
    classes = {line.split("(")[0][len("class "):] for line in stub.splitlines()
               if line.startswith("class ")}
    assert {c for c in classes if c.endswith(("Named", "Ping"))} == {"Named", "Ping"}
    assert {c for c in classes if c.endswith("Shop")} == {"Shop", "Tag_Shop"}
    assert {c for c in classes if c.endswith("Util_primitive")} == {
        "Util_primitive", *(f"{cap}_Util_primitive" for cap in ("Iso", "Trn", "Ref", "Val",
                                                                 "Box", "Tag"))}
    assert "class Tag_Shop(caps.TagBase[Shop]):\n    def sell(self, n: int) -> None: ..." in stub
    assert "class Val_Holder(Box_Holder[_tv_A], caps.ValBase[Holder[_tv_A]], " \
        "typing.Generic[_tv_A]):" in stub


def test_every_case_stub_checks_clean(tmp_path: Path) -> None:
    """All the stubs above are valid for mypy --strict with the plugin on."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for index, (_name, source, _lines) in enumerate(CASES):
        (stubs / f"case{index}.pyi").write_text(checked_stub(tmp_path, source))
    config = mypy_config(tmp_path, stubs)
    out, err, status = api.run(["--config-file", str(config), "--cache-dir",
                                str(tmp_path / "cache"), *map(str, sorted(stubs.iterdir()))])
    assert status == 0, out + err


# ---------------------------------------------------------------- commands


def capdsl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "capdsl.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_compile_writes_module_and_stub(tmp_path: Path) -> None:
    proc = capdsl("compile", str(ROOT / "examples" / "counter.cap"), "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["counter.py", "counter.pyi"]
    assert "wrote out/counter.pyi" in proc.stderr


def test_stubs_writes_only_the_stub(tmp_path: Path) -> None:
    proc = capdsl("stubs", str(ROOT / "examples" / "embed_counter.cap"), "-o", "s", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in (tmp_path / "s").iterdir()] == ["embed_counter.pyi"]
    stub = (tmp_path / "s" / "embed_counter.pyi").read_text()
    assert "    def create(name: str) -> caps.Tag[Counter]: ..." in stub


def test_stubs_of_a_wrong_program_fail_with_diagnostics(tmp_path: Path) -> None:
    bad = "actor Main\n  new create(env: Env) =>\n    let x: U8 = \"s\"\n"
    (tmp_path / "bad.cap").write_text(bad)
    proc = capdsl("stubs", "bad.cap", "-o", "s", cwd=tmp_path)
    assert proc.returncode == 1
    assert "bad.cap:3:" in proc.stderr
    assert not (tmp_path / "s").exists()


def test_stubs_usage_errors(tmp_path: Path) -> None:
    missing = capdsl("stubs", "nowhere.cap", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "capdsl: error: nowhere.cap: no such file or directory"
    (tmp_path / "file").write_text("")
    (tmp_path / "ok.cap").write_text(MAIN)
    blocked = capdsl("stubs", "ok.cap", "-o", "file/sub", cwd=tmp_path)
    assert blocked.returncode == 2
    assert "file exists and is not a directory" in blocked.stderr


# ------------------------------------------------------- explain pages


@pytest.mark.parametrize("code", sorted(PLUGIN_CODES))
def test_explain_page_lists_its_parts(code: str) -> None:
    proc = capdsl("explain", code.upper(), cwd=ROOT)
    assert proc.returncode == 0
    entry = PLUGIN_CODES[code]
    assert proc.stdout.startswith(f"{code} (mypy error")
    for part in (entry.summary, entry.hint, "This Python is rejected", "This one is accepted"):
        assert part in proc.stdout


def test_explain_examples_fail_and_fixes_pass(tmp_path: Path) -> None:
    """One mypy run over every page: each example reports its code (and only
    that code), each fix reports nothing."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    programs = {entry.cap for entry in PLUGIN_CODES.values()}
    assert len(programs) == 1
    (tmp_path / "prog.cap").write_text(programs.pop())
    comp = Compilation(tmp_path / "prog.cap", Reporter())
    assert run_passes(comp, "types") and comp.checked is not None
    (stubs / "prog.pyi").write_text(stub_text(comp.checked, "prog.cap"))
    files = []
    for code, entry in PLUGIN_CODES.items():
        for kind, text in (("example", entry.example), ("fix", entry.fix)):
            name = tmp_path / f"{kind}_{code.replace('-', '_')}.py"
            name.write_text(text)
            files.append(name)
    config = mypy_config(tmp_path, stubs)
    out, _err, _status = api.run(["--config-file", str(config), "--cache-dir",
                                  str(tmp_path / "cache"), *map(str, files)])
    found = parse(out)
    for code in PLUGIN_CODES:
        example = f"example_{code.replace('-', '_')}.py"
        fix = f"fix_{code.replace('-', '_')}.py"
        assert {c for f, _line, c in found if f == example} == {code}, out
        assert not [f for f in found if f[0] == fix], out

"""Parse speed: lines per second of `capdsl.parser.parse` on a large program.

Generates a deterministic program of about 20,000 lines (actors, classes,
primitives and traits with fields, methods, nested control flow, calls,
lambdas, matches, comments and docstrings), checks that it parses, then
times the parse (positions included, GC paused by `parse`), best of 3.

    .venv/bin/python bench/parse_speed.py [--lines N] [--check] [--write FILE]

`--check` also times every pass (parse to codegen) on a generated
well-typed program of the same size (`bench/typed_program.py`).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from capdsl.diagnostics import Reporter
from capdsl.parser import parse
from capdsl.source import SourceFile

# ---------------------------------------------------------------- the program


class Gen:
    """A deterministic generator of plausible `.cap` code."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.lines: list[str] = []
        self.count = 0

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("  " * indent + text)

    def name(self) -> str:
        return self.rnd.choice(["count", "total", "item", "acc", "value", "size", "index",
                                "limit", "step", "width"])

    def atom(self) -> str:
        r = self.rnd.random()
        if r < 0.35:
            return self.name()
        if r < 0.6:
            return str(self.rnd.randint(0, 1000))
        if r < 0.7:
            return f"{self.name()}.size()"
        if r < 0.8:
            return f"_helper({self.name()}, {self.rnd.randint(1, 9)})"
        if r < 0.9:
            return f"(({self.name()} * 2) + 1)"
        return f"{self.name()}.u64()"

    def expr(self) -> str:
        op = self.rnd.choice(["+", "-", "*", "+", "and"])
        if op == "and":
            return f"({self.atom()} > 1) and ({self.atom()} < 100)"
        parts = [self.atom() for _ in range(self.rnd.randint(2, 4))]
        return f" {op} ".join(parts)

    def cond(self) -> str:
        return f"{self.atom()} {self.rnd.choice(['<', '>', '==', '!=', '<=', '>='])} {self.atom()}"

    def statements(self, indent: int, depth: int, n: int) -> None:
        for _ in range(n):
            self.statement(indent, depth)

    def statement(self, indent: int, depth: int) -> None:
        r = self.rnd.random()
        if depth > 0 and r < 0.28:
            self.block(indent, depth, r)
        else:
            self.simple(indent, r)

    def block(self, indent: int, depth: int, r: float) -> None:
        """A control-flow statement with nested statements."""
        if r < 0.12:
            self.emit(indent, f"if {self.cond()} then")
            self.statements(indent + 1, depth - 1, self.rnd.randint(1, 3))
            if self.rnd.random() < 0.5:
                self.emit(indent, f"elseif {self.cond()} then")
                self.statements(indent + 1, depth - 1, 1)
            self.emit(indent, "else")
            self.statements(indent + 1, depth - 1, 1)
            self.emit(indent, "end")
        elif r < 0.18:
            self.emit(indent, f"while {self.cond()} do")
            self.statements(indent + 1, depth - 1, self.rnd.randint(1, 3))
            self.emit(indent, "end")
        elif r < 0.23:
            self.emit(indent, "for x in items.values() do")
            self.emit(indent + 1, f"{self.name()} = {self.name()} + x")
            self.emit(indent, "end")
        else:
            self.match(indent, depth)

    def simple(self, indent: int, r: float) -> None:
        """A statement without nested ones (a `try` of one line each)."""
        if r < 0.33:
            self.emit(indent, f"let f = {{(a: U64, b: U64): U64 => (a * {self.atom()}) + b}}")
            self.emit(indent, f"{self.name()} = f({self.atom()}, {self.atom()})")
        elif r < 0.38:
            self.emit(indent, f"env.out.print(\"{self.name()}: \" + {self.name()}.string() + "
                      f"\" of \" + {self.name()}.string())")
        elif r < 0.41:
            self.emit(indent, f"{self.name()} = data.push({self.atom()}).>push({self.atom()})"
                      f".size().u64()")
        elif r < 0.43:
            self.emit(indent, f"// update {self.name()} before the next step")
            self.emit(indent, f"{self.name()} = {self.expr()}")
        elif r < 0.5:
            self.emit(indent, "try")
            self.emit(indent + 1, f"{self.name()} = items({self.atom()})?")
            self.emit(indent, "else")
            self.emit(indent + 1, f"{self.name()} = 0")
            self.emit(indent, "end")
        elif r < 0.6:
            self.emit(indent, f"let {self.name()}' : U64 = {self.expr()}".replace("' :", "':"))
        elif r < 0.7:
            self.emit(indent, f"var tmp: U64 = {self.expr()}")
        else:
            self.emit(indent, f"{self.name()} = {self.expr()}")

    def match(self, indent: int, depth: int) -> None:
        self.emit(indent, f"match {self.name()}")
        for _ in range(self.rnd.randint(2, 4)):
            self.emit(indent, f"| {self.rnd.randint(0, 9)} => {self.name()} = {self.expr()}")
        self.emit(indent, f"| let v: U64 if v > {self.rnd.randint(10, 99)} =>")
        self.statements(indent + 1, depth - 1, 1)
        self.emit(indent, "else")
        self.statements(indent + 1, depth - 1, 1)
        self.emit(indent, "end")

    def method(self, kind: str, index: int) -> None:
        params = "items: Array[U64] box, env: Env"
        if kind == "fun":
            self.emit(1, f"fun ref step{index}({params}, count: U64 = 0): U64 =>")
            self.emit(2, f"\"\"\"Step {index} of the computation.\"\"\"")
        else:
            self.emit(1, f"be run{index}(items: Array[U64] val, env: Env) =>")
        self.emit(2, "(var total: U64, var item: U64, var acc: U64) = (0, 1, count + 2)")
        self.emit(2, "(var value: U64, var size: U64, var index: U64) = (3, items.size().u64(), 0)")
        self.emit(2, "(var limit: U64, var step: U64, var width: U64) = (count * 7, 1, 80)")
        self.statements(2, 3, self.rnd.randint(4, 9))
        if kind == "fun":
            self.emit(2, "total + acc")

    def entity(self, index: int) -> None:
        kind = self.rnd.choice(["actor", "class", "class", "primitive"])
        self.emit(0, f"{kind} Thing{index}")
        self.emit(1, f"\"\"\"A generated {kind}.\"\"\"")
        if kind != "primitive":
            self.emit(1, "var count: U64 = 0")
            self.emit(1, "let name: String = \"thing\"")
            self.emit(1, "embed data: Array[U64] = Array[U64]")
        if kind != "primitive":
            self.emit(1, "new create() => None")
        self.emit(1, "fun _helper(a: U64, b: U64): U64 => a + b")
        for m in range(self.rnd.randint(3, 7)):
            self.method("be" if kind == "actor" and m % 2 else "fun", m)
        self.emit(0, "")

    def program(self, target_lines: int) -> str:
        self.emit(0, "/* A generated program /* for the parser benchmark */ */")
        self.emit(0, "use \"collections\"")
        self.emit(0, "")
        self.emit(0, "trait Stepper")
        self.emit(1, "fun ref step0(items: Array[U64] box, env: Env, count: U64 = 0): U64")
        self.emit(0, "")
        index = 0
        while len(self.lines) < target_lines:
            self.entity(index)
            index += 1
        return "\n".join(self.lines) + "\n"


def generate(lines: int = 20_000, seed: int = 2024) -> str:
    return Gen(seed).program(lines)


# ---------------------------------------------------------------- timing


def time_parse(source: SourceFile, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        module = parse(source, Reporter())
        best = min(best, time.perf_counter() - start)
        assert module is not None
    return best


def time_passes(lines: int) -> None:
    """`--check`: time each pass on a generated well-typed program of about
    `lines` lines (see bench/typed_program.py), best of 3 for the whole run."""
    import tempfile

    from typed_program import typed_program

    from capdsl.passes import PASSES, Compilation, gc_paused

    text = typed_program(lines)
    n = text.count("\n")
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "typed.cap"
        target.write_text(text, encoding="utf-8")
        for _ in range(3):
            comp = Compilation(target, Reporter())
            for step in PASSES:
                start = time.perf_counter()
                with gc_paused():  # as run_passes does
                    step.run(comp)
                took = time.perf_counter() - start
                best[step.name] = min(best.get(step.name, took), took)
                if comp.reporter.has_errors():
                    print(f"typed program failed in {step.name}: {comp.reporter.items[0]}")
                    return
    print(f"typed program: {n} lines")
    for name, took in best.items():
        print(f"  {name:8} {took:7.3f} s  {n / took:10,.0f} lines/s")
    front = sum(best[p] for p in ("parse", "syntax", "names", "types"))
    total = front + best["codegen"]
    print(f"check (parse to types): {front:.3f} s, {n / front:,.0f} lines/s")
    print(f"compile (parse to codegen): {total:.3f} s, {n / total:,.0f} lines/s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, default=20_000)
    ap.add_argument("--check", action="store_true",
                    help="also time every pass on a well-typed program")
    ap.add_argument("--write", type=Path, help="write the generated program here")
    args = ap.parse_args()
    text = generate(args.lines)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    source = SourceFile("bench.cap", text)
    reporter = Reporter()
    if parse(source, reporter) is None:
        for d in reporter:
            print(f"{d.span}: {d.code} {d.message}")
        return 1
    n = text.count("\n")
    seconds = time_parse(source)
    print(f"program: {n} lines, {len(text)} bytes")
    print(f"parse: {seconds:.3f} s, {n / seconds:,.0f} lines/s (best of 3, GC paused)")
    if args.check:
        time_passes(args.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fixed-width arithmetic as generated code computes it, at the edges of
every integer width, against Pony's rules written out independently here.

For each integer type a `.cap` program applies every binary operator to
every pair of edge values (through the inlined code the generator emits for
`+ - * and or xor` and the runtime calls for the rest) and prints the
results; the expected lines come from the rules below, not from capdsl.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from checker.literals import INT_RANGES
from tests.harness import run_path

OPS = ["+", "-", "*", "/", "%", "%%", "and", "or", "xor"]


def wrap(x: int, name: str) -> int:
    lo, hi = INT_RANGES[name]
    span = hi - lo + 1
    return (x - lo) % span + lo


def trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def expected(op: str, a: int, b: int, name: str) -> int:
    """Pony's result (ponyc 0.69.1): wrapping + - *; division and remainder by
    zero give 0; `/` truncates, `%` takes the dividend's sign, `%%` is floored;
    MIN / -1 and MIN % -1 give 0; bitwise ops on two's complement values."""
    lo, _hi = INT_RANGES[name]
    if op in ("/", "%", "%%") and (b == 0 or (lo < 0 and a == lo and b == -1)):
        return 0
    if op == "/":
        return trunc_div(a, b)
    if op == "%":
        return a - b * trunc_div(a, b)
    if op == "%%":
        return a - b * (a // b)
    table = {"+": a + b, "-": a - b, "*": a * b, "and": a & b, "or": a | b, "xor": a ^ b}
    return wrap(table[op], name)


def edges(name: str) -> list[int]:
    lo, hi = INT_RANGES[name]
    values = {lo, lo + 1, -1, 0, 1, 2, 7, hi - 1, hi}
    return sorted(v for v in values if lo <= v <= hi)


def program(name: str, operands: str) -> tuple[str, list[str]]:
    """Every operator on every pair of edge values, the operands written as
    constants (the generator sees the right operand's sign) or passed
    through a function (it sees nothing)."""
    lines, want = [], []
    for op, (a, b) in itertools.product(OPS, itertools.product(edges(name), repeat=2)):
        left, right = f"{name}({a})", f"{name}({b})"
        if operands == "variables":
            left, right = f"Same({left})", f"Same({right})"
        elif op in ("/", "%", "%%") and b == 0:
            right = f"Same({right})"  # a constant zero divisor is a compile error (E0615)
        lines.append(f"    out.print(({left} {op} {right}).string())")
        want.append(str(expected(op, a, b, name)))
    text = "actor Main\n  new create(env: Env) =>\n    let out = env.out\n" + "\n".join(lines)
    same = f"primitive Same\n  fun apply(x: {name}): {name} => x\n"
    return text + "\n" + same, want


@pytest.mark.parametrize("operands", ["constants", "variables"])
@pytest.mark.parametrize("name", sorted(INT_RANGES))
def test_integer_edges_through_generated_code(name: str, operands: str, tmp_path: Path) -> None:
    text, want = program(name, operands)
    path = tmp_path / f"edges_{name}.cap"
    path.write_text(text, encoding="utf-8")
    result = run_path(path)
    assert result.status == 0, result.stderr
    got = result.stdout.splitlines()
    cases = [f"{op} {a} {b}" for op, (a, b) in
             itertools.product(OPS, itertools.product(edges(name), repeat=2))]
    wrong = [(c, g, w) for c, g, w in zip(cases, got, want, strict=True) if g != w]
    assert not wrong, wrong[:10]


def conversion_program(name: str) -> tuple[str, list[str]]:
    """Every integer conversion of `name`'s edge values: Pony truncates to the
    target's width, then sign-extends if the target is signed (`wrap`)."""
    lines, want = [], []
    for a, target in itertools.product(edges(name), sorted(INT_RANGES)):
        lines.append(f"    out.print({name}({a}).{target.lower()}().string())")
        want.append(str(wrap(a, target)))
    text = "actor Main\n  new create(env: Env) =>\n    let out = env.out\n" + "\n".join(lines)
    return text + "\n", want


def shift_program(name: str) -> tuple[str, list[str]]:
    """Shifts by constant amounts below the width (generated inline): `<<`
    drops the bits shifted out of the width, `>>` is arithmetic for signed
    types and logical for unsigned ones (values are stored in range)."""
    lo, hi = INT_RANGES[name]
    bits = (hi - lo).bit_length()
    lines, want = [], []
    for a, amount in itertools.product(edges(name), sorted({0, 1, 3, bits - 1})):
        lines.append(f"    out.print(({name}({a}) << {amount}).string())")
        want.append(str(wrap(a << amount, name)))
        lines.append(f"    out.print(({name}({a}) >> {amount}).string())")
        want.append(str(a >> amount))
    text = "actor Main\n  new create(env: Env) =>\n    let out = env.out\n" + "\n".join(lines)
    return text + "\n", want


@pytest.mark.parametrize("build", [conversion_program, shift_program],
                         ids=["conversions", "constant-shifts"])
@pytest.mark.parametrize("name", sorted(INT_RANGES))
def test_inline_integer_conversions_and_shifts(name: str, build: object,
                                               tmp_path: Path) -> None:
    text, want = build(name)  # type: ignore[operator]
    path = tmp_path / f"conv_{name}.cap"
    path.write_text(text, encoding="utf-8")
    result = run_path(path)
    assert result.status == 0, result.stderr
    wrong = [(i, g, w) for i, (g, w) in enumerate(zip(result.stdout.splitlines(), want,
                                                      strict=True)) if g != w]
    assert not wrong, wrong[:10]

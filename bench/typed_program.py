"""A generated, well-typed `.cap` program for timing the checker and codegen.

`bench/parse_speed.py` times the parser on random (syntactically valid but
untyped) code; checking needs a program that checks, so this module repeats
one realistic template (a class, an actor with behaviours, a primitive with
loops and matches, a trait and a lambda) with unique names until the program
reaches the requested size.
"""

from __future__ import annotations

TEMPLATE = '''\
trait Named{n}
  fun name(): String
  fun describe(): String => "item " + name()

class Item{n} is Named{n}
  """A record with a few fields and methods."""
  let _label: String
  var _count: U64 = 0
  var _weights: Array[U64] = Array[U64]

  new create(label: String, count: U64) =>
    _label = label
    _count = count

  fun name(): String => _label

  fun total(): U64 =>
    var sum: U64 = 0
    for w in _weights.values() do
      sum = sum + w
    end
    sum + _count

  fun ref add(weight: U64) =>
    _weights.push(weight)
    _count = _count + 1

  fun ref reset(): U64 =>
    let old = _count = 0
    _weights.clear()
    old

primitive Math{n}
  fun clamp(x: I64, low: I64, high: I64): I64 =>
    if x < low then low elseif x > high then high else x end

  fun collatz(start: U64): U64 =>
    var n = start
    var steps: U64 = 0
    while n > 1 do
      n = if (n % 2) == 0 then n / 2 else (n * 3) + 1 end
      steps = steps + 1
    end
    steps

  fun classify(x: (U64 | String | None)): String =>
    match x
    | let n: U64 if n > 100 => "big"
    | let n: U64 => "small " + n.string()
    | let s: String => "text " + s
    | None => "nothing"
    end

  fun parse(s: String): U64 ? =>
    if s.size() == 0 then error end
    s.u64()?

actor Worker{n}
  let _out: OutStream
  var _items: Array[Item{n}] = Array[Item{n}]
  var _seen: U64 = 0

  new create(out: OutStream) =>
    _out = out

  be add(label: String, weight: U64) =>
    let item = Item{n}(label, weight)
    item.add(weight * 2)
    _items.push(item)
    _seen = _seen + 1

  be report() =>
    var grand: U64 = 0
    for item in _items.values() do
      grand = grand + item.total()
    end
    let scale = {(x: U64): U64 => x * 2}
    _out.print(_seen.string() + " items, total " + scale(grand).string())

  be take(data: Array[U8] iso) =>
    let buf: Array[U8] ref = consume data
    _seen = _seen + buf.size().u64()

  fun tag id(): U64 => {n}

'''

MAIN = '''\
actor Main
  new create(env: Env) =>
    let w = Worker0(env.out)
    w.add("a", 1)
    w.report()
'''


def typed_program(lines: int) -> str:
    """A program of at least `lines` lines that passes the checker."""
    parts: list[str] = []
    count = 0
    n = 0
    while count < lines:
        block = TEMPLATE.replace("{n}", str(n))
        parts.append(block)
        count += block.count("\n")
        n += 1
    parts.append(MAIN)
    return "".join(parts)

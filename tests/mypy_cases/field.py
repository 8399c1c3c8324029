"""cap-field: no field reads through Tag, writes only through Iso, Trn or Ref."""

from buffers import Buf, Cell, Sink

from capdsl.caps import Box, Iso, Ref, Tag, Trn, Val


def reads(i: Iso[Buf], t: Trn[Buf], r: Ref[Buf], v: Val[Buf], b: Box[Buf], g: Tag[Buf]) -> int:
    total = i.size + t.size + r.size + v.size + b.size
    return total + g.size  # E: [cap-field]


def writes(i: Iso[Buf], t: Trn[Buf], r: Ref[Buf], v: Val[Buf], b: Box[Buf], g: Tag[Buf]) -> None:
    i.size = 1
    t.size = 2
    r.size = 3
    r.size += 1
    v.size = 4  # E: [cap-field]
    b.size = 5  # E: [cap-field]
    g.size = 6  # E: [cap-field]
    b.size += 1  # E: [cap-field]
    v.size, r.size = 7, 8  # E: [cap-field]


def actor_state(s: Tag[Sink]) -> int:
    return s._seen  # E: [cap-field]


def viewpoint(r: Ref[Cell], v: Val[Cell], b: Box[Cell]) -> None:
    a: Ref[Buf] = r.item
    c: Val[Buf] = v.item
    d: Ref[Buf] = v.item  # E: [assignment]
    e: Box[Buf] = b.item
    f: Ref[Buf] = b.item  # E: [assignment]
    g: Val[Buf] = b.fixed
    print(a, c, d, e, f, g)


def iso_field_read_is_an_alias(r: Ref[Cell]) -> None:
    spare: Tag[Buf] | None = r.spare
    kept: Iso[Buf] | None = r.spare  # E: [assignment]
    print(spare, kept)


def written_values(r: Ref[Buf], c: Ref[Cell], v: Val[Buf], mine: Ref[Buf]) -> None:
    r.size = "three"  # E: [assignment]
    c.item = v  # E: [assignment]
    c.item = mine
    c.spare = None
    c.spare = Buf.create()
    c.item.size = len("four")


def compound_writes(r: Ref[Buf], c: Ref[Cell]) -> None:
    r.size += "more"  # E: [operator]
    r.size, n = "one", 1  # E: [assignment]
    c.item, m = Buf.create(), 2
    print(n, m)

"""cap-receiver: a method needs a receiver capability the value may lack."""

from buffers import Buf, Limits, Sink

from capdsl.caps import Box, Iso, Ref, Tag, Trn, Val


def fun_ref(i: Iso[Buf], t: Trn[Buf], r: Ref[Buf], v: Val[Buf], b: Box[Buf], g: Tag[Buf]) -> None:
    i.push(1)
    t.push(1)
    r.push(1)
    v.push(1)  # E: [cap-receiver]
    b.push(1)  # E: [cap-receiver]
    g.push(1)  # E: [cap-receiver]


def fun_box(i: Iso[Buf], t: Trn[Buf], r: Ref[Buf], v: Val[Buf], b: Box[Buf], g: Tag[Buf]) -> int:
    total = i.total() + t.total() + r.total() + v.total() + b.total()
    return total + g.total()  # E: [cap-receiver]


def fun_val_and_tag(r: Ref[Buf], v: Val[Buf], g: Tag[Buf]) -> int:
    r.frozen()  # E: [cap-receiver]
    return v.frozen() + g.id() + r.id() + Limits.most()


def fun_iso_and_trn(i: Iso[Buf], t: Trn[Buf], r: Ref[Buf], v: Val[Buf], g: Tag[Buf]) -> None:
    i.reset()
    i.mark()
    t.mark()
    t.reset()  # E: [cap-receiver]
    r.mark()  # E: [cap-receiver]
    r.reset()  # E: [cap-receiver]
    v.mark()  # E: [cap-receiver]
    g.reset()  # E: [cap-receiver]


def on_an_actor(s: Tag[Sink]) -> None:
    s.ping(1)
    s.count()  # E: [cap-receiver]
    s.name()  # E: [cap-receiver]


def still_mypy(r: Ref[Buf]) -> None:
    r.push("one")  # E: [arg-type]
    r.pull(1)  # E: [attr-defined]

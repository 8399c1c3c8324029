"""Capability views (`Val[Buf]` is the stub's `Val_Buf`): subtyping between
capabilities, traits (no views: the wrapper), generic classes, and fields as
Trn and Iso read them."""

from buffers import Buf, Cell, Holder, Label, Named, Sink

from capdsl.caps import Box, Iso, Ref, Tag, Trn, Val


def subcapabilities(i: Iso[Buf], t: Trn[Buf], r: Ref[Buf], v: Val[Buf], b: Box[Buf]) -> None:
    as_trn: Trn[Buf] = i
    as_ref: Ref[Buf] = t
    as_val: Val[Buf] = t
    as_box: Box[Buf] = v
    as_tag: Tag[Buf] = b
    down: Ref[Buf] = v  # E: [assignment]
    across: Val[Buf] = r  # E: [assignment]
    print(as_trn, as_ref, as_val, as_box, as_tag, down, across)


def traits(s: Tag[Sink], label: Val[Label], n: Box[Named], t: Tag[Named]) -> str:
    seen: Box[Named] = label
    sent: Tag[Named] = s
    readable: Box[Named] = s  # E: [assignment]
    print(seen, sent, readable, t.name())  # E: [cap-receiver]
    return n.name() + label.name() + label.text


def generic(h: Val[Holder[str]], r: Ref[Holder[str]]) -> str:
    r.put("x")
    r.put(1)  # E: [arg-type]
    h.put("y")  # E: [cap-receiver]
    h.item = "z"  # E: [cap-field]
    return h.get() + r.item


def through_trn_and_iso(t: Trn[Cell], i: Iso[Cell]) -> None:
    seen: Box[Buf] = t.item
    writable: Ref[Buf] = t.item  # E: [assignment]
    alias: Tag[Buf] = i.item
    t.item = Buf.create()
    i.item = t.fixed  # E: [assignment]
    print(seen, writable, alias)

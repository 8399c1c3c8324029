"""cap-type: one capability per reference; actors only as Tag."""

from buffers import Buf, Sink

from capdsl.caps import Iso, Ref, Tag, Val


def nested(b: Val[Iso[Buf]]) -> None:  # E: [cap-type]
    print(b)


def actor_as_ref(s: Ref[Sink]) -> None:  # E: [cap-type]
    print(s)


def actor_as_val(s: Val[Sink]) -> None:  # E: [cap-type]
    print(s)


def two_types(b: Ref[Buf, Buf]) -> None:  # E: [cap-type]
    print(b)


def fine(s: Tag[Sink], b: Iso[Buf], u: Val[Buf] | None, t: tuple[Val[Buf], int]) -> None:
    print(s, b, u, t)


held: list[Tag[Iso[Buf]]] = []  # E: [cap-type]

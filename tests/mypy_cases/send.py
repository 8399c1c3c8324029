"""cap-send: behaviour and actor-constructor arguments must be sendable."""

from buffers import Buf, Sink

import capdsl
from capdsl.caps import Box, Iso, Ref, Tag, Trn, Val, consume


def caps(s: Tag[Sink], t: Trn[Buf], r: Ref[Buf], v: Val[Buf], b: Box[Buf]) -> None:
    s.keep(v)
    s.keep(r)  # E: [arg-type] [cap-send]
    s.keep(b)  # E: [arg-type] [cap-send]
    s.keep(t)  # E: [cap-send]
    s.look(r)
    s.look(b)
    s.ping(3)


def isos(s: Tag[Sink], i: Iso[Buf]) -> None:
    s.take(i)  # E: [cap-send]
    s.take(consume(i))
    s.take(Buf.create())


def constructors(r: Ref[Buf], v: Val[Buf]) -> Tag[Sink]:
    Sink.create(r)  # E: [arg-type] [cap-send]
    return Sink.create(v)


class Plain:
    def apply(self, total: int) -> None:
        print(total)


def python_objects(s: Tag[Sink], reply: capdsl.Promise[int], b: Val[Buf]) -> None:
    s.report(Plain())  # E: [cap-send]
    s.report(reply)
    s.look(b)

"""cap-consume: a name is not used after `consume(name)` in the same function."""

from buffers import Buf, Sink

from capdsl.caps import Tag, consume


def straight(s: Tag[Sink]) -> None:
    b = Buf.create()
    s.take(consume(b))
    b.push(1)  # E: [cap-consume]


def in_the_same_call(s: Tag[Sink]) -> None:
    b = Buf.create()
    print(consume(b), b)  # E: [cap-consume]


def twice(s: Tag[Sink]) -> None:
    b = Buf.create()
    s.take(consume(b))
    s.take(consume(b))  # E: [cap-consume]


def rebound(s: Tag[Sink]) -> None:
    b = Buf.create()
    s.take(consume(b))
    b = Buf.create()
    b.push(1)


def one_branch(s: Tag[Sink], flag: bool) -> None:
    b = Buf.create()
    if flag:
        s.take(consume(b))
    else:
        b.push(1)
    b.push(2)  # E: [cap-consume]


def both_branches_rebind(s: Tag[Sink], flag: bool) -> None:
    b = Buf.create()
    s.take(consume(b))
    if flag:
        b = Buf.create()
    else:
        print("the other way")
        b = Buf.create()
    b.push(1)


def one_branch_rebinds(s: Tag[Sink], flag: bool) -> None:
    b = Buf.create()
    s.take(consume(b))
    if flag:
        b = Buf.create()
    else:
        print(b)  # E: [cap-consume]
    b.push(1)  # E: [cap-consume]


def branch_returns(s: Tag[Sink], flag: bool) -> None:
    b = Buf.create()
    if flag:
        s.take(consume(b))
        return
    b.push(1)


def other_names(s: Tag[Sink]) -> None:
    b = Buf.create()
    c = Buf.create()
    s.take(consume(b))
    c.push(1)


def in_a_loop(s: Tag[Sink], n: int) -> None:
    b = Buf.create()
    for _ in range(n):
        b.push(1)  # E: [cap-consume]
        s.take(consume(b))  # E: [cap-consume]


def in_a_loop_refilled(s: Tag[Sink], n: int) -> None:
    b = Buf.create()
    for _ in range(n):
        b.push(1)
        s.take(consume(b))
        b = Buf.create()


def while_condition(s: Tag[Sink]) -> None:
    b = Buf.create()
    while b.total() < 3:  # E: [cap-consume]
        s.take(consume(b))  # E: [cap-consume]
    print(b)  # E: [cap-consume]

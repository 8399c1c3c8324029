"""Random message graphs: every message arrives once, in order per pair."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from runtime import driver, scheduler
from runtime.actor import Actor, send, spawn


class Node(Actor):
    """Forwards each message `hops` more times, to targets from a script.

    Every message carries (sender id, per-pair sequence number); the
    receiver checks that each sender's numbers arrive as 0, 1, 2, ...
    """

    __slots__ = ("ident", "net", "next_seq", "received", "script", "seen", "turn")

    def _c_create(self, ident: int, script: list[int]) -> None:
        self.ident = ident
        self.script = script
        self.turn = 0
        self.next_seq: dict[int, int] = {}
        self.seen: dict[int, int] = {}
        self.received = 0
        self.net: list[Node] = []

    def _b_join(self, net: list[Node]) -> None:
        self.net = net

    def _b_msg(self, sender: int, seq: int, hops: int) -> None:
        assert seq == self.seen.get(sender, -1) + 1, (sender, seq, self.seen)
        self.seen[sender] = seq
        self.received += 1
        if hops > 0:
            self.forward(hops - 1)

    def forward(self, hops: int) -> None:
        """Send one message to the next target in the script (a plain call)."""
        target = self.net[self.script[self.turn % len(self.script)] % len(self.net)]
        self.turn += 1
        seq = self.next_seq.get(target.ident, 0)
        self.next_seq[target.ident] = seq + 1
        target.msg(self.ident, seq, hops)

    def join(self, net: list[Node]) -> None:
        send(self, Node._b_join, (net,))

    def msg(self, sender: int, seq: int, hops: int) -> None:
        send(self, Node._b_msg, (sender, seq, hops))


class Starter(Actor):
    __slots__ = ()

    def _b_kick(self, node: Node, hops: int) -> None:
        node.forward(hops)


graphs = st.tuples(
    st.lists(st.lists(st.integers(0, 50), min_size=1, max_size=6), min_size=1, max_size=8),
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 300)), min_size=1, max_size=12),
    st.integers(1, 500),
)


def build(scripts: list[list[int]], kicks: list[tuple[int, int]]) -> tuple[list[Node], int]:
    nodes = [spawn(Node, Node._c_create, (i, s)) for i, s in enumerate(scripts)]
    for n in nodes:
        n.join(nodes)
    starter = spawn(Starter, Starter._b_kick, (nodes[0], 0))
    expected = 1
    for who, hops in kicks:
        send(starter, Starter._b_kick, (nodes[who % len(nodes)], hops))
        expected += hops + 1
    return nodes, expected


@settings(max_examples=60, deadline=None)
@given(graphs)
def test_no_message_is_lost_and_pairs_stay_in_order(graph: Any) -> None:
    scripts, kicks, budget = graph
    driver.reset()
    nodes, expected = build(scripts, kicks)
    while scheduler.run_slice(budget):
        pass
    assert sum(n.received for n in nodes) == expected
    assert all(n._mbox is None for n in nodes)

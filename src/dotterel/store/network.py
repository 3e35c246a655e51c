"""The actor network as GraphML or GEXF (networkx), edges weighted by counts per quad class.

Nodes are actors (store actor id, with name, country, sector, number of events); a directed edge
runs from an actor to a recipient of the same event. Each edge carries ``weight`` (all events)
and ``q1``..``q4`` (events per quad class: verbal cooperation, material cooperation, verbal
conflict, material conflict), so Gephi or igraph can colour or filter by conflict/cooperation.
"""

from __future__ import annotations

from typing import IO

import networkx as nx

from .models import Network

__all__ = ["to_graph", "write_network"]


def to_graph(net: Network) -> nx.DiGraph:
    graph = nx.DiGraph()
    for node in net.nodes:
        graph.add_node(
            node.id,
            label=node.name,
            country=node.country or "",
            sector=node.sector or "",
            num_events=node.num_events,
        )
    for edge in net.edges:
        attrs = {f"q{q}": edge.weights.get(q, 0) for q in (1, 2, 3, 4)}
        graph.add_edge(edge.source, edge.target, weight=edge.total, **attrs)
    return graph


def write_network(net: Network, fmt: str, out: IO[bytes]) -> int:
    """Write ``net`` as ``graphml`` or ``gexf``; returns the number of edges."""
    graph = to_graph(net)
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8")
    else:
        nx.write_gexf(graph, out, encoding="utf-8")
    return graph.number_of_edges()

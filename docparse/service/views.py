"""Library data shaped for the API: document summaries and a drawable graph."""

from __future__ import annotations

from typing import Any

import networkx as nx

from docparse.graph.query import stats
from docparse.store.library import DocumentRow


def summary(row: DocumentRow) -> dict[str, Any]:
    return {
        "id": row.sha256, "file_name": row.file_name, "key": row.doc_key,
        "doc_type": row.doc_type, "number": row.number, "symbol": row.symbol,
        "date": row.date, "issuer": row.issuer, "title": row.title,
    }


def _label(node: str, data: dict[str, Any]) -> str:
    """What a reader recognises a node by: a name, else type and number."""
    if data.get("name"):
        return str(data["name"])
    number = data.get("number")
    if number and str(number).startswith("/"):  # the number part was left blank
        number = f"…{number}"
    if data.get("loaded"):
        words = [str(x) for x in (data.get("type"), number) if x]
        return " ".join(words) or str(data.get("file_name") or node)
    return str(number or node)


def graph_view(graph: nx.DiGraph, max_nodes: int) -> dict[str, Any]:
    """Nodes and links for drawing; a big library keeps its loaded and best connected nodes.

    The full node-link export (every mention's location) is `docparse graph export`;
    a page only needs who cites whom.
    """
    ranked = sorted(
        graph.nodes,
        key=lambda n: (not graph.nodes[n].get("loaded"), -graph.degree(n), str(n)),
    )
    keep = ranked[:max_nodes]
    kept = set(keep)
    nodes = []
    for node in keep:
        data = graph.nodes[node]
        nodes.append({
            "id": node,
            "label": _label(node, data),
            "loaded": bool(data.get("loaded")),
            "group": data.get("group") or "administrative",
            "document_id": data.get("sha256") if data.get("loaded") else None,
            "cited_by": graph.in_degree(node),
            "info": {
                k: data.get(k) for k in ("type", "number", "date", "issuer", "title", "file_name")
                if data.get(k) is not None
            },
        })
    links = [
        {"source": s, "target": t, "mentions": d["mentions"], "relation": d["relation"]}
        for s, t, d in graph.edges(data=True) if s in kept and t in kept
    ]
    figures = stats(graph, top=10)
    return {
        "nodes": nodes, "links": links, "dropped": graph.number_of_nodes() - len(nodes),
        "stats": {k: figures[k] for k in ("documents", "nodes", "cited_only", "edges",
                                          "mentions", "orphan_count", "chain_count")},
    }

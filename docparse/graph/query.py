"""Questions asked of the citation graph: what a document cites, who cites a
document, the most cited documents, orphans, and plan -> report chains.

All answers are plain dicts and lists (JSON-ready); the CLI prints them.
"""

from __future__ import annotations

import heapq
from collections import Counter
from typing import Any

import networkx as nx

from docparse.enrich.citations.keys import plan_types, types_data

GROUP_ORDER = ["laws", "decrees", "resolutions", "legal", "party", "administrative"]
# Types whose documents are plans (what reports implement and report on).
PLAN_TYPES, PLAN_CODES = plan_types()


class QueryError(LookupError):
    """A document or key the graph does not know; the message is one line."""


def find_node(graph: nx.DiGraph, ref: str) -> str:
    """A node from a key, a loaded document's sha256 (or prefix) or file name."""
    if ref in graph:
        return ref
    matches = [
        node for node, data in graph.nodes(data=True)
        if data.get("loaded") and (
            str(data.get("sha256", "")).startswith(ref.lower()) or data.get("file_name") == ref
        )
    ]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise QueryError(f"{ref!r} matches {len(matches)} documents; give more of the sha256")
    raise QueryError(f"no document or key {ref!r} in the library")


def _summary(graph: nx.DiGraph, node: str) -> dict[str, Any]:
    data = graph.nodes[node]
    return {
        "key": node,
        "loaded": bool(data.get("loaded")),
        "type": data.get("type"),
        "number": data.get("number"),
        "name": data.get("name"),
        "date": data.get("date"),
        "year": data.get("year"),
        "issuer": data.get("issuer"),
        "title": data.get("title"),
        "file_name": data.get("file_name"),
    }


def _where(locations: list[dict[str, Any]]) -> dict[str, list[Any]]:
    sections = sorted({str(loc["section"]) for loc in locations if loc.get("section")})
    footnotes = sorted({str(loc["id"]) for loc in locations if loc.get("footnote")})
    pages = sorted({int(loc["page"]) for loc in locations if loc.get("page") is not None})
    pinpoints = sorted({str(loc["pinpoint"]) for loc in locations if loc.get("pinpoint")})
    return {"sections": sections, "footnotes": footnotes, "pages": pages, "pinpoints": pinpoints}


def _matches(data: dict[str, Any], doc_type: str | None, issuer: str | None,
             year: int | None) -> bool:
    if doc_type:
        wanted = doc_type.lower()
        if wanted not in (str(data.get("group", "")).lower(), str(data.get("type", "")).lower()):
            return False
    if issuer and issuer.lower() not in str(data.get("issuer") or "").lower():
        return False
    return not (year and data.get("year") != year)


def cites(
    graph: nx.DiGraph,
    ref: str,
    *,
    doc_type: str | None = None,
    issuer: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """What a document cites, grouped (laws, decrees, resolutions, party, ...)."""
    node = find_node(graph, ref)
    groups: dict[str, list[dict[str, Any]]] = {}
    for _, target, edge in graph.out_edges(node, data=True):
        data = graph.nodes[target]
        if not _matches(data, doc_type, issuer, year):
            continue
        item = {**_summary(graph, target), "mentions": edge["mentions"],
                "relation": edge["relation"], "relations": dict(edge["relations"]),
                **_where(edge["locations"])}
        groups.setdefault(str(data.get("group") or "administrative"), []).append(item)
    ordered = {g: sorted(groups[g], key=lambda i: (-i["mentions"], i["key"]))
               for g in GROUP_ORDER if g in groups}
    ordered.update({g: v for g, v in groups.items() if g not in ordered})
    return {"document": _summary(graph, node), "groups": ordered,
            "total": sum(len(v) for v in ordered.values())}


def cited_by(graph: nx.DiGraph, key: str) -> dict[str, Any]:
    """The documents that cite `key`, with how often, how and where."""
    node = find_node(graph, key)
    citing = []
    for source, _, edge in graph.in_edges(node, data=True):
        citing.append({**_summary(graph, source), "mentions": edge["mentions"],
                       "relation": edge["relation"], **_where(edge["locations"])})
    citing.sort(key=lambda i: (-i["mentions"], i["key"]))
    return {"document": _summary(graph, node), "cited_by": citing}


def stats(graph: nx.DiGraph, *, top: int = 10) -> dict[str, Any]:
    """Counts, most cited documents, orphans and plan -> report chains."""
    nodes = graph.nodes
    loaded = [n for n, d in nodes(data=True) if d.get("loaded")]
    most = heapq.nlargest(
        top, ((docs, nodes[n].get("cited", 0), n) for n, docs in graph.in_degree() if docs)
    )
    orphans = sorted(n for n in loaded if graph.degree(n) == 0)
    groups = Counter(str(d.get("group") or "administrative") for _, d in nodes(data=True))
    mentions = graph.graph.get("mentions")
    if mentions is None:  # a graph not made by build_graph
        mentions = sum(d["mentions"] for _, _, d in graph.edges(data=True))
    return {
        "documents": len(loaded),
        "nodes": graph.number_of_nodes(),
        "cited_only": graph.number_of_nodes() - len(loaded),
        "edges": graph.number_of_edges(),
        "mentions": mentions,
        "groups": dict(groups.most_common()),
        "most_cited": [
            {**_summary(graph, n), "cited_by": docs, "mentions": cited}
            for docs, cited, n in most
        ],
        "orphans": orphans[:top],
        "orphan_count": len(orphans),
        "chain_count": graph.graph.get("chain_count", 0),
        "chains": graph.graph.get("chains", [])[:top],
    }


def _is_plan(data: dict[str, Any]) -> bool:
    doc_type = str(data.get("type") or "").lower()
    number = str(data.get("number") or "")
    return doc_type.startswith(PLAN_TYPES) or any(
        f"/{code}-" in number or f"-{code}/" in number for code in PLAN_CODES
    )


def _is_report(data: dict[str, Any]) -> bool:
    report = str(types_data()["codes"]["BC"]).lower()
    return str(data.get("type") or "").lower().startswith(report) or "/BC-" in str(
        data.get("number") or ""
    )


def chains(graph: nx.DiGraph, *, depth: int = 3) -> list[list[str]]:
    """Implementation chains ending in a loaded report: [..., directive, plan, report].

    A chain starts from a report that implements (or reports on) a plan, then
    follows "implements" edges upward from the plan: the plan implements a
    resolution, which implements a directive, ... Longest chains first.
    """
    plans = {n for n, d in graph.nodes(data=True) if _is_plan(d)}
    upward: dict[str, list[str]] = {}

    def implemented_by(node: str) -> list[str]:
        if node not in upward:
            upward[node] = sorted(t for _, t, e in graph.out_edges(node, data=True)
                                  if "implements" in e["relations"])
        return upward[node]

    out: list[list[str]] = []
    for report, data in graph.nodes(data=True):
        if not (data.get("loaded") and _is_report(data)):
            continue
        for _, plan, edge in graph.out_edges(report, data=True):
            if plan not in plans:
                continue
            if "implements" not in edge["relations"] and not graph.nodes[plan].get("loaded"):
                continue
            chain = [plan, report]
            current = plan
            for _ in range(depth):
                above = [t for t in implemented_by(current) if t not in chain]
                if not above:
                    break
                current = above[0]
                chain.insert(0, current)
            out.append(chain)
    out.sort(key=lambda c: (-len(c), c))
    return out

"""The citation graph: one node per document (loaded or only cited), one edge per
citing -> cited pair.

Node ids are citation keys ("116/KH-UBND@2025", "27-CT/TW", "Luật ... năm 2018").
A loaded document takes the key its own metadata gives, so when a report cites
the plan it implements and the plan is loaded too, both meet on one node. A
loaded document without a usable number (a draft, an e-signed text whose number
is not in the text stream) is "doc:<sha256 prefix>". A key without a year
("116/KH-UBND@?", "Luật Phòng, chống tham nhũng") is resolved to the dated key
of the same document when the citing document itself, or else the whole
library, knows exactly one.

Edge attributes: mentions (count), relation (the strongest cue seen), relations
({relation: count}) and locations (list of {kind, id, section, page}).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from docparse.store.library import CitationRow, Library, citation_group

# When mentions of one pair carry different cues, the edge shows the strongest.
RELATION_RANK = {
    "legal_basis": 6, "amends": 5, "replaces": 4, "repeals": 3, "implements": 2, "refers": 1
}
_NODE_FIELDS = ("type", "number", "date", "issuer", "name", "year", "group")
# How many implementation chains the graph keeps for `stats` (longest first).
CHAINS_KEPT = 1000


def loaded_node_id(doc_key: str | None, sha256: str) -> str:
    return doc_key or f"doc:{sha256[:12]}"


def build_graph(library: Library) -> nx.DiGraph:
    """The citation graph of every document in the library."""
    graph = nx.DiGraph()
    node_of: dict[str, str] = {}
    for doc in library.documents():
        node = loaded_node_id(doc.doc_key, doc.sha256)
        node_of[doc.sha256] = node
        if graph.nodes.get(node, {}).get("loaded"):
            graph.nodes[node]["copies"] += 1  # another file with the same number
            continue
        graph.add_node(
            node,
            loaded=True,
            sha256=doc.sha256,
            file_name=doc.file_name,
            type=doc.doc_type,
            number=_joined(doc.number, doc.symbol, node),
            date=doc.date,
            issuer=doc.issuer,
            title=doc.title,
            year=int(doc.date[:4]) if doc.date else None,
            group=citation_group(
                doc.doc_type, None if node.startswith("doc:") else node.split("@")[0], None
            ),
            copies=1,
        )
    rows = list(library.citations())
    resolve = _year_resolver(rows, graph)
    # Aggregate in plain dicts first: far faster than updating networkx per mention.
    cited: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        source = node_of.get(row.sha256)
        if source is None:
            continue
        target = resolve(row)
        if target == source:
            continue  # a document citing its own number
        _note_cited(cited, target, row)
        edge = edges.get((source, target))
        if edge is None:
            edge = edges[(source, target)] = {"mentions": 0, "relations": {}, "locations": []}
        edge["mentions"] += 1
        edge["relations"][row.relation] = edge["relations"].get(row.relation, 0) + 1
        edge["locations"].append(
            {"kind": row.location_kind, "id": row.location_id, "section": row.section_label,
             "page": row.page, "footnote": bool(row.in_footnote), "pinpoint": row.pinpoint}
        )
    for node, values in cited.items():
        if node in graph:
            data = graph.nodes[node]
            data["cited"] = values["cited"]
            for name in _NODE_FIELDS:
                if data.get(name) is None:
                    data[name] = values.get(name)
        else:
            graph.add_node(node, loaded=False, **values)
    for edge in edges.values():
        edge["relation"] = max(edge["relations"], key=lambda r: RELATION_RANK.get(r, 0))
    graph.add_edges_from((s, t, d) for (s, t), d in edges.items())
    graph.graph["mentions"] = sum(edge["mentions"] for edge in edges.values())
    # Stats ask for implementation chains; they are found once, here.
    from docparse.graph.query import chains

    found = chains(graph)
    graph.graph["chain_count"] = len(found)
    graph.graph["chains"] = found[:CHAINS_KEPT]
    return graph


def _joined(number: str | None, symbol: str | None, node: str) -> str | None:
    if not node.startswith("doc:"):
        return node.split("@")[0]
    return f"{number or ''}/{symbol}" if symbol else number


def _undated(key: str) -> str | None:
    """The yearless form a key may be cited under, or None if it is not dated.

    "116/KH-UBND@2025" -> "116/KH-UBND@?"; "Luật X năm 2018" -> "Luật X".
    """
    if "@" in key:
        return None if key.endswith("@?") else key.split("@")[0] + "@?"
    head, sep, year = key.rpartition(" năm ")
    return head if sep and year.isdigit() else None


def _year_resolver(rows: list[CitationRow], graph: nx.DiGraph) -> Any:
    """A function mapping a row to its node, resolving yearless keys where certain.

    "116/KH-UBND@?" or "Luật Phòng, chống tham nhũng" (no year) go to the one
    dated key of the same document that the citing document itself, or else the
    whole library, knows; with none or several, the yearless node stays.
    """
    dated: dict[str, set[str]] = defaultdict(set)
    per_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node in graph.nodes:
        undated = _undated(node)
        if undated:
            dated[undated].add(node)
    for row in rows:
        undated = _undated(row.key)
        if undated:
            dated[undated].add(row.key)
            per_doc[(row.sha256, undated)].add(row.key)

    def resolve(row: CitationRow) -> str:
        if row.key not in dated:
            return row.key
        for candidates in (per_doc.get((row.sha256, row.key), set()), dated[row.key]):
            if len(candidates) == 1:
                return next(iter(candidates))
        return row.key

    return resolve


def _note_cited(cited: dict[str, dict[str, Any]], node: str, row: CitationRow) -> None:
    """What is known of a cited document accumulates over its mentions."""
    values = cited.get(node)
    if values is None:
        cited[node] = {
            "type": row.type, "number": row.number, "date": row.date, "issuer": row.issuer,
            "name": row.name, "year": row.year, "group": row.grp, "cited": 1,
        }
        return
    values["cited"] += 1
    for name, value in zip(_NODE_FIELDS, _row_fields(row), strict=True):
        if values[name] is None and value is not None:
            values[name] = value


def _row_fields(row: CitationRow) -> tuple[Any, ...]:
    return (row.type, row.number, row.date, row.issuer, row.name, row.year, row.grp)

"""The citation graph: nodes, edges, resolution of loaded documents, queries, exports."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from docparse.cli import app
from docparse.graph.build import build_graph
from docparse.graph.export import export, html_view
from docparse.graph.query import QueryError, chains, cited_by, cites, stats
from docparse.model import Citation, Document, Location, Metadata, Source
from docparse.store.library import Library


def citation(i: int, key: str, *, relation: str = "refers", footnote: bool = False,
             section: str | None = "II.1", page: int = 1, **fields: object) -> Citation:
    kind = "footnote" if footnote else "paragraph"
    return Citation(
        id=f"c{i}", raw=key, span=(0, len(key)), key=key, relation=relation,  # type: ignore[arg-type]
        in_footnote=footnote, location=Location(kind=kind, id=f"x{i}", section_label=section,
                                                page=page),
        **fields,  # type: ignore[arg-type]
    )


def document(sha: str, meta: Metadata, cites_: list[Citation]) -> Document:
    return Document(
        source=Source(file_name=f"{sha}.txt", sha256=sha * 64, format="text", size_bytes=1),
        metadata=meta, citations=cites_,
    )


DIRECTIVE = citation(1, "168/NQ-CP@2023", relation="implements", type="Nghị quyết",
                     number="168/NQ-CP", issuer="Chính phủ", year=2023)
PLAN = document("a", Metadata(number="116", symbol="KH-UBND", date="2025-04-21",
                              doc_type="Kế hoạch", issuer="UBND TỈNH"),
                [DIRECTIVE,
                 citation(2, "Luật Đất đai năm 2024", type="Luật", name="Luật Đất đai",
                          year=2024)])
REPORT = document("b", Metadata(number="206", symbol="BC-UBND", date="2025-10-01",
                                doc_type="Báo cáo"),
                  [citation(1, "116/KH-UBND@2025", relation="implements", type="Kế hoạch",
                            number="116/KH-UBND"),
                   citation(2, "116/KH-UBND@?", type="Kế hoạch", number="116/KH-UBND",
                            section="III", page=3),
                   citation(3, "27-CT/TW", footnote=True, type="Chỉ thị", number="27-CT/TW",
                            issuer="Bộ Chính trị", year=2023, page=4),
                   citation(4, "Luật Đất đai", type="Luật", name="Luật Đất đai")])
LONELY = document("c", Metadata(doc_type="Công văn"), [])


@pytest.fixture
def library_path(library_location: str) -> str:
    """The three documents in a library of each backend (a SQLite path, a PostgreSQL URL)."""
    with Library(library_location) as library:
        library.add_many([PLAN, REPORT, LONELY])
    return library_location


@pytest.fixture
def graph(library_path: str) -> nx.DiGraph:
    with Library(library_path) as library:
        return build_graph(library)


def test_nodes_and_edges(graph: nx.DiGraph) -> None:
    # Loaded documents meet the keys citing them; draft without number is doc:<sha>.
    assert graph.nodes["116/KH-UBND@2025"]["loaded"] is True
    assert graph.nodes["doc:" + "c" * 12]["loaded"] is True
    assert graph.nodes["27-CT/TW"]["loaded"] is False
    assert graph.nodes["27-CT/TW"]["issuer"] == "Bộ Chính trị"
    report = "206/BC-UBND@2025"
    edge = graph.edges[report, "116/KH-UBND@2025"]
    # "116/KH-UBND@?" resolved to the dated key the report also uses.
    assert edge["mentions"] == 2
    assert edge["relation"] == "implements"
    assert edge["relations"] == {"implements": 1, "refers": 1}
    assert "116/KH-UBND@?" not in graph
    # A law cited without year resolves to the one year the library knows.
    assert graph.has_edge(report, "Luật Đất đai năm 2024")
    assert graph.number_of_edges() == 5


def test_cites_groups_and_filters(graph: nx.DiGraph) -> None:
    answer = cites(graph, "206/BC-UBND@2025")
    assert list(answer["groups"]) == ["laws", "party", "administrative"]
    plan = answer["groups"]["administrative"][0]
    assert plan["mentions"] == 2 and plan["sections"] == ["II.1", "III"]
    assert plan["pages"] == [1, 3] and plan["loaded"] is True
    party = answer["groups"]["party"][0]
    assert party["footnotes"] == ["x3"]
    assert cites(graph, "206/BC-UBND@2025", doc_type="party")["total"] == 1
    assert cites(graph, "206/BC-UBND@2025", issuer="chính trị")["total"] == 1
    assert cites(graph, "206/BC-UBND@2025", year=2024)["total"] == 1
    # By sha256 prefix or file name as well as by key.
    assert cites(graph, "b" * 10)["document"]["key"] == "206/BC-UBND@2025"
    assert cites(graph, "b.txt")["total"] == 3
    with pytest.raises(QueryError):
        cites(graph, "nothing")


def test_cited_by_and_stats(graph: nx.DiGraph) -> None:
    answer = cited_by(graph, "116/KH-UBND@2025")
    assert [c["key"] for c in answer["cited_by"]] == ["206/BC-UBND@2025"]
    summary = stats(graph)
    assert summary["documents"] == 3
    assert summary["orphans"] == ["doc:" + "c" * 12]
    top = summary["most_cited"][0]
    assert top["key"] == "Luật Đất đai năm 2024" and top["cited_by"] == 2
    assert summary["chains"][0] == ["168/NQ-CP@2023", "116/KH-UBND@2025", "206/BC-UBND@2025"]
    assert chains(graph) == summary["chains"]


def test_exports(graph: nx.DiGraph, tmp_path: Path) -> None:
    for fmt in ("graphml", "gexf", "json", "html"):
        export(graph, tmp_path / f"g.{fmt}", fmt)  # type: ignore[arg-type]
    again = nx.read_graphml(tmp_path / "g.graphml")
    assert set(again.nodes) == set(graph.nodes)
    assert json.loads(again.edges["206/BC-UBND@2025", "116/KH-UBND@2025"]["relations"]) == {
        "implements": 1, "refers": 1}
    assert set(nx.read_gexf(tmp_path / "g.gexf").nodes) == set(graph.nodes)
    data = json.loads((tmp_path / "g.json").read_text("utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes()
    page = (tmp_path / "g.html").read_text("utf-8")
    assert "<script>" in page and "src=" not in page and "http" not in page.lower()
    assert "116/KH-UBND@2025" in page
    assert html_view(graph, max_nodes=2).count('"id"') == 2


def test_cli_queries(library_path: str, tmp_path: Path) -> None:
    runner = CliRunner()
    lib = ["--library", str(library_path)]
    result = runner.invoke(app, ["cites", "206/BC-UBND@2025", "--json", *lib])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["total"] == 3
    text = runner.invoke(app, ["cites", "206/BC-UBND@2025", *lib]).output
    assert "Party documents" in text and "footnotes x3" in text
    result = runner.invoke(app, ["cited-by", "116/KH-UBND@2025", *lib])
    assert result.exit_code == 0 and "b.txt" in result.output
    result = runner.invoke(app, ["graph", "stats", "--json", *lib])
    assert json.loads(result.output)["documents"] == 3
    out = tmp_path / "view.html"
    result = runner.invoke(app, ["graph", "export", str(out), "--format", "html", *lib])
    assert result.exit_code == 0 and out.exists()
    result = runner.invoke(app, ["graph", "export", str(out), "--format", "png", *lib])
    assert result.exit_code == 2
    result = runner.invoke(app, ["cited-by", "nope", *lib])
    assert result.exit_code == 2 and "Traceback" not in result.output

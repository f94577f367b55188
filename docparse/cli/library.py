"""Commands on the library and its citation graph: add, cites, cited-by, graph."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from docparse.cli.app import app
from docparse.enrich.citations.keys import types_data
from docparse.errors import DocparseError, ErrorCode
from docparse.store.library import Library, LibraryError

graph_app = typer.Typer(help="The citation graph: statistics and export.", no_args_is_help=True)
app.add_typer(graph_app, name="graph")

# A str, not a Path: Path would fold the "//" of a postgresql:// URL.
LibraryOption = Annotated[
    str | None,
    typer.Option(
        "--library",
        help="Library: a SQLite file or a postgresql:// URL (default: $DOCPARSE_LIBRARY or "
        "~/.local/share/docparse/library.sqlite)",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output")]


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"docparse: error: {message}", err=True)
    raise typer.Exit(code)


def _open(location: str | None, *, create: bool = True) -> Library:
    try:
        return Library(location, create=create)
    except LibraryError as exc:
        _fail(str(exc), ErrorCode.LIBRARY.exit_code)


def _graph(location: str | None) -> Any:
    from docparse.graph.build import build_graph

    with _open(location, create=False) as library:
        try:
            return build_graph(library)
        except LibraryError as exc:
            _fail(str(exc), ErrorCode.LIBRARY.exit_code)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@app.command()
def add(
    files: Annotated[list[Path], typer.Argument(help="Documents to parse and store")],
    library: LibraryOption = None,
) -> None:
    """Parse documents and store them in the library (adding a file twice changes nothing)."""
    from docparse.pipeline import parse_path

    failed = 0
    with _open(library) as lib:
        for i, path in enumerate(files, 1):
            step = f"[{i}/{len(files)}] " if len(files) > 1 else ""  # progress on long runs
            try:
                if path.is_file() and lib.has(_sha256(path)):
                    typer.echo(f"{step}unchanged  {path}")
                    continue
                doc = parse_path(path)
                added = lib.add(doc)
            except DocparseError as exc:
                typer.echo(f"docparse: error: {exc}", err=True)
                failed += 1
                continue
            except LibraryError as exc:
                _fail(str(exc), ErrorCode.LIBRARY.exit_code)
            except OSError as exc:
                typer.echo(f"docparse: error: cannot read {path}: {exc.strerror}", err=True)
                failed += 1
                continue
            state = "added" if added else "unchanged"
            typer.echo(f"{step}{state:<10} {path}  ({len(doc.citations)} citations)")
        documents, citations = lib.count()
    typer.echo(f"library {lib.location}: {documents} documents, {citations} citations")
    if failed:
        raise typer.Exit(1)


def _describe(item: dict[str, Any]) -> str:
    label = item.get("name") or " ".join(
        str(p) for p in (item.get("type"), item.get("number")) if p
    ) or item["key"]
    extra = [str(p) for p in (item.get("date") or item.get("year"), item.get("issuer")) if p]
    return label + (f" ({', '.join(extra)})" if extra else "")


def _where_text(item: dict[str, Any]) -> str:
    parts = []
    if item["sections"]:
        parts.append("sections " + ", ".join(item["sections"]))
    if item["footnotes"]:
        parts.append("footnotes " + ", ".join(item["footnotes"]))
    if item["pages"]:
        parts.append("pages " + ", ".join(map(str, item["pages"])))
    if item.get("pinpoints"):
        parts.append("at " + "; ".join(item["pinpoints"]))
    return "; ".join(parts)


@app.command("cites")
def cites_command(
    doc: Annotated[str, typer.Argument(help="A file, its sha256 (prefix), file name or key")],
    doc_type: Annotated[
        str | None, typer.Option("--type", help="laws, decrees, resolutions, party, "
                                 "administrative, legal, or a type word")
    ] = None,
    issuer: Annotated[str | None, typer.Option(help="Issuer contains this text")] = None,
    year: Annotated[int | None, typer.Option(help="Cited documents of this year")] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """The documents a document cites, grouped by type, with how often and where."""
    from docparse.graph.query import QueryError, cites

    is_file = Path(doc).is_file()
    ref = _sha256(Path(doc)) if is_file else doc
    graph = _graph(library)
    try:
        answer = cites(graph, ref, doc_type=doc_type, issuer=issuer, year=year)
    except QueryError as exc:
        if is_file:
            _fail(f"{doc} is not in the library; add it first: docparse add {doc}", 2)
        _fail(str(exc), 2)
    if as_json:
        typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    titles = types_data()["groups"]
    typer.echo(f"{_describe(answer['document'])} cites {answer['total']} documents")
    for group, items in answer["groups"].items():
        typer.echo(f"\n{titles.get(group, group)} ({len(items)})")
        for item in items:
            times = f"{item['mentions']}x"
            typer.echo(f"  {times:>4} {_describe(item)}  [{item['relation']}]")
            where = _where_text(item)
            if where:
                typer.echo(f"       {where}")


@app.command("cited-by")
def cited_by_command(
    key: Annotated[str, typer.Argument(help='A citation key, e.g. "116/KH-UBND@2025"')],
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """The documents in the library that cite KEY."""
    from docparse.graph.query import QueryError, cited_by

    graph = _graph(library)
    try:
        answer = cited_by(graph, key)
    except QueryError as exc:
        _fail(str(exc), 2)
    if as_json:
        typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{_describe(answer['document'])} is cited by {len(answer['cited_by'])}")
    for item in answer["cited_by"]:
        name = item.get("file_name") or item["key"]
        typer.echo(f"  {item['mentions']:>3}x {name}  [{item['relation']}]  {_where_text(item)}")


@graph_app.command("stats")
def stats_command(
    top: Annotated[int, typer.Option(help="How many of each list")] = 10,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Counts, most cited documents, orphans and plan -> report chains."""
    from docparse.graph.query import stats

    graph = _graph(library)
    answer = stats(graph, top=top)
    if as_json:
        typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    typer.echo(
        f"{answer['documents']} documents loaded, {answer['cited_only']} only cited, "
        f"{answer['edges']} citing pairs, {answer['mentions']} mentions"
    )
    typer.echo("\nMost cited")
    for item in answer["most_cited"]:
        typer.echo(f"  {item['cited_by']:>4} docs {item['mentions']:>5}x  {_describe(item)}")
    typer.echo(f"\nOrphans (loaded, no citation in or out): {answer['orphan_count']}")
    for node in answer["orphans"]:
        typer.echo(f"  {node}")
    typer.echo("\nChains (implemented -> implementing, ending in a report)")
    for chain in answer["chains"]:
        # A loaded document without a number/symbol key is shown by its file name.
        names = [graph.nodes[n].get("file_name") or n if n in graph else n for n in chain]
        typer.echo("  " + " -> ".join(names))


@graph_app.command("export")
def export_command(
    output: Annotated[Path, typer.Argument(help="Output file")],
    fmt: Annotated[str, typer.Option("--format", help="graphml, gexf, json or html")] = "graphml",
    max_nodes: Annotated[int, typer.Option(help="HTML view: at most this many nodes")] = 2000,
    library: LibraryOption = None,
) -> None:
    """Write the citation graph as GraphML, GEXF, JSON or a self-contained HTML view."""
    from docparse.graph.export import FORMATS, export

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", 2)
    graph = _graph(library)
    try:
        export(graph, output, fmt, max_nodes=max_nodes)  # type: ignore[arg-type]
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}", 11)
    typer.echo(f"wrote {output} ({graph.number_of_nodes()} nodes, "
               f"{graph.number_of_edges()} edges)")

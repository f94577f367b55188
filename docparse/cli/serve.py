"""`docparse serve`: the HTTP API and web page over a library (FastAPI + uvicorn)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docparse.cli.app import app
from docparse.errors import ErrorCode


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    library: Annotated[
        str | None,
        typer.Option(help="Library folder, its .sqlite file, or a postgresql:// URL (default: "
                     "$DOCPARSE_LIBRARY or ~/.local/share/docparse/library.sqlite); uploads "
                     "are kept in its folder's files/"),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(help="Folder for uploads and scratch space (default: the library's "
                     "folder; ~/.local/share/docparse for a PostgreSQL library)"),
    ] = None,
    max_mb: Annotated[float, typer.Option(help="Refuse uploads larger than this")] = 200.0,
    max_pages: Annotated[int, typer.Option(help="Refuse PDFs with more pages")] = 2000,
    timeout: Annotated[float, typer.Option(help="Stop a parse after this many seconds")] = 120.0,
    workers: Annotated[int, typer.Option(min=1, help="Parse worker processes")] = 2,
    entities: Annotated[
        bool, typer.Option(help="Also extract entities and figures (the web page shows them)")
    ] = True,
) -> None:
    """Serve the API (/api/v1, OpenAPI at /docs) and the web page (/) on the library."""
    import uvicorn

    from docparse.service.app import create_app
    from docparse.service.config import resolve_library
    from docparse.store.library import Library, LibraryError, describe

    folder, database = resolve_library(library, data)
    try:  # fail here, with one line, rather than inside the server's startup
        folder.mkdir(parents=True, exist_ok=True)
        Library(database).close()
    except (LibraryError, OSError) as exc:
        typer.echo(f"docparse: error: {exc}", err=True)
        raise typer.Exit(ErrorCode.LIBRARY.exit_code) from None
    application = create_app(
        database, max_mb=max_mb, max_pages=max_pages, parse_timeout_s=timeout, workers=workers,
        entities=entities, data=folder,
    )
    typer.echo(f"docparse: serving library {describe(database)} on http://{host}:{port}/",
               err=True)
    uvicorn.run(application, host=host, port=port, log_level="info")

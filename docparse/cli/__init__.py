"""Command-line interface: thin commands over the library functions.

Each module registers its commands on the shared `app`; importing them here
is what makes them part of `docparse`.
"""

from docparse.cli import batch as _batch  # noqa: F401
from docparse.cli import bench as _bench  # noqa: F401
from docparse.cli import coverage as _coverage  # noqa: F401
from docparse.cli import document as _document  # noqa: F401
from docparse.cli import fit as _fit  # noqa: F401
from docparse.cli import library as _library  # noqa: F401
from docparse.cli import review as _review  # noqa: F401
from docparse.cli import serve as _serve  # noqa: F401
from docparse.cli.app import app


def main() -> None:
    app()

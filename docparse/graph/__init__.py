"""The citation graph over the documents of a library (networkx)."""

from docparse.graph.build import build_graph
from docparse.graph.query import QueryError, cited_by, cites, stats

__all__ = ["QueryError", "build_graph", "cited_by", "cites", "stats"]

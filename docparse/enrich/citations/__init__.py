"""Citations: mentions of other documents, their fields and canonical keys."""

from docparse.enrich.citations.extract import Mention, extract_citations, find_citations

__all__ = ["Mention", "extract_citations", "find_citations"]

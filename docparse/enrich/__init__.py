"""Enrich stages: information extracted from a parsed document (citations, ...)."""

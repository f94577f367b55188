"""Ingest: PDF, DOCX, text or image scans in -> pages of lines with font, size and position."""

from docparse.ingest.lines import Line, Marker, Page, RawDocument

__all__ = ["Line", "Marker", "Page", "RawDocument"]

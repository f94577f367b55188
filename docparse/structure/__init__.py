"""Structure: metadata, sections, paragraphs, footnotes and annexes from laid-out lines."""

from docparse.structure.build import build_document

__all__ = ["build_document"]

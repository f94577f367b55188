"""Layout: from ingested lines to body lines in reading order plus raw footnotes.

Page furniture (page numbers, running headers) is dropped, the footnote area is taken out of
the body, and each body line gets the layout facts (indent, full width, gap above) that the
structure stage uses to re-join paragraphs.
"""

from docparse.layout.model import LaidOut, RawFootnote
from docparse.layout.pdf_layout import lay_out_pdf
from docparse.layout.text_layout import lay_out_text

__all__ = ["LaidOut", "RawFootnote", "lay_out", "lay_out_pdf", "lay_out_text"]


def lay_out(raw: "RawDocument") -> LaidOut:  # noqa: F821
    if raw.format in ("text", "docx"):  # no geometry: the text rules apply
        return lay_out_text(raw)
    return lay_out_pdf(raw)

"""The reading-speed bench: every reader timed on the same files, the figures it derives."""

from __future__ import annotations

from pathlib import Path

import pytest

from docparse.bench.structure import READERS, time_set

# A short corpus PDF (a two-page decision).
CORPUS_PDFS = sorted((Path(__file__).parent.parent / "corpus" / "pdf").glob("005_*.pdf"))


@pytest.mark.skipif(not CORPUS_PDFS, reason="corpus PDFs not rendered")
def test_every_reader_is_timed_on_the_same_pages() -> None:
    result = time_set(CORPUS_PDFS[:1], repeats=1)
    assert set(result["pages_per_s"]) == set(READERS)
    assert all(rate > 0 for rate in result["pages_per_s"].values())
    assert "failed" not in result
    rate = result["pages_per_s"]
    assert result["speedup_vs_pdfplumber"] == round(
        rate["docparse"] / rate["pdfplumber_extract_text"], 2)
    assert result["ratio_to_pdfium"] == round(rate["pdfium_raw_text_boxes"] / rate["docparse"], 2)

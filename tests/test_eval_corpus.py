"""The corpus against gold: the PDF targets of issue 2 hold (slow: parses every rendition)."""

from pathlib import Path

import pytest

from docparse.evaluation.run import run_eval

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_pdf_renditions_meet_targets() -> None:
    tables, _ = run_eval(ROOT / "corpus", ROOT / "gold", forms={"pdf"})
    structure = tables[0].to_dict()["rows"]
    overall = next(r for r in structure if r["document"] == "ALL")
    assert overall["head_F1"] >= 0.98
    assert overall["fn_F1"] >= 0.97
    assert overall["anchors"] >= 0.97
    assert overall["para_F1"] >= 0.95
    assert overall["metadata"] >= 0.95

"""Entities: the underthesea tokenizer, the rule grammar, normalisation, the pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from docparse.enrich.entities import MODEL_DIR, extract_entities, load_pipeline, rules_pipeline
from docparse.enrich.entities.normalize import normalize_date, normalize_name
from docparse.enrich.entities.rules import rule_matches
from docparse.enrich.entities.tokenizer import TOKENIZER_NAME, UnderTheSeaTokenizer, blank_pipeline
from docparse.model import Document, Footnote, Metadata, Paragraph, Source

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nlp_blank() -> spacy.language.Language:
    return blank_pipeline()


# --- tokenizer ---------------------------------------------------------------------

ROUND_TRIP = [
    "",
    "   ",
    "UBND tỉnh Lạng Sơn báo cáo kết quả như sau:",
    "  hai  khoảng trắng\tvà tab\n và xuống dòng ",
    "Hoá đơn uỷ ban",  # old-style tone marks must survive unchanged
    "dài 231,74km; 8.310,18 km²; 116/KH-UBND; 27-CT/TW",
    "“Thông tin pháp luật” (PCTNTC)².",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_tokenizer_round_trip(nlp_blank, text: str) -> None:
    doc = nlp_blank(text)
    assert doc.text == text


def test_tokenizer_words_and_tags(nlp_blank) -> None:
    doc = nlp_blank("UBND tỉnh Lạng Sơn báo cáo")
    assert [t.text for t in doc] == ["UBND", "tỉnh", "Lạng Sơn", "báo cáo"]
    assert doc[2].tag_ == "Np"


def test_tokenizer_keeps_codes_apart(nlp_blank) -> None:
    # underthesea may glue an acronym or numeral to a word; entity boundaries need them apart
    doc = nlp_blank("công tác PCTNTC Quý II/2025")
    assert "Quý" in [t.text for t in doc]


def test_tokenizer_serialization(nlp_blank) -> None:
    tok = UnderTheSeaTokenizer(nlp_blank.vocab, pos=False)
    restored = UnderTheSeaTokenizer(nlp_blank.vocab).from_bytes(tok.to_bytes())
    assert restored.pos is False
    assert restored("Sở Tài chính").text == "Sở Tài chính"


def test_tokenizer_registered() -> None:
    assert spacy.registry.tokenizers.get(TOKENIZER_NAME) is not None


# --- rules -------------------------------------------------------------------------

RULES = [
    (
        "ngày 21/4/2025 và ngày 31 tháng 3 năm 2026",
        [("ngày 21/4/2025", "DATE"), ("ngày 31 tháng 3 năm 2026", "DATE")],
    ),
    (
        "kết quả Quý II/2025, quý I năm 2025 và 6 tháng đầu năm 2025",
        [("Quý II/2025", "DATE"), ("quý I năm 2025", "DATE"), ("6 tháng đầu năm 2025", "DATE")],
    ),
    ("nhiệm kỳ 2025 - 2030", [("nhiệm kỳ 2025 - 2030", "DATE")]),
    (
        "UBND tỉnh Cao Bằng giao Sở Tài chính",
        [("UBND tỉnh Cao Bằng", "ORG"), ("Sở Tài chính", "ORG")],
    ),
    ("UBND các xã, phường và UBND cấp xã", []),  # generic, not one body
    ("đồng chí Nguyễn Văn An, Phó Chủ tịch", [("Nguyễn Văn An", "PER")]),
    (
        "tại cửa khẩu quốc tế Móng Cái, huyện Cao Lộc",
        [("cửa khẩu quốc tế Móng Cái", "LOC"), ("huyện Cao Lộc", "LOC")],
    ),
    ("các huyện Bảo Lâm, Bảo Lạc", [("Bảo Lâm", "LOC"), ("Bảo Lạc", "LOC")]),
    ("của Văn phòng UBND tỉnh Kết luận", [("Văn phòng UBND tỉnh", "ORG")]),
]


@pytest.mark.parametrize(("text", "expected"), RULES, ids=[t for t, _ in RULES])
def test_rules(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s:e], label) for s, e, label in rule_matches(text)] == expected


# --- normalisation -----------------------------------------------------------------

DATES = [
    ("ngày 21/4/2025", "2025-04-21"),
    ("ngày 31 tháng 3 năm 2026", "2026-03-31"),
    ("Quý II/2025", "2025-Q2"),
    ("quý I năm 2025", "2025-Q1"),
    ("tháng 7 năm 2025", "2025-07"),
    ("năm 2025", "2025"),
    ("nhiệm kỳ 2025 - 2030", "2025/2030"),
    ("Quý IV", None),
    ("ngày 01/7", None),
    ("6 tháng đầu năm 2025", None),
]


@pytest.mark.parametrize(("text", "iso"), DATES)
def test_normalize_date(text: str, iso: str | None) -> None:
    assert normalize_date(text) == iso


def test_normalize_name() -> None:
    terms = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}
    assert normalize_name("UBND tỉnh", terms, "Lạng Sơn") == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert normalize_name("UBND tỉnh", terms, None) == "Ủy ban nhân dân tỉnh"
    assert normalize_name("Thanh tra tỉnh", terms, "Lạng Sơn") == "Thanh tra tỉnh Lạng Sơn"
    assert normalize_name("Sở Tài chính", terms, "Lạng Sơn") is None  # nothing to add


# --- pipeline ----------------------------------------------------------------------


def _doc(paragraphs: list[str], footnotes: list[str] = (), issuer: str | None = None) -> Document:
    return Document(
        source=Source(file_name="x.txt", sha256="0", format="text", size_bytes=1),
        metadata=Metadata(issuer=issuer),
        preamble=[Paragraph(id=f"p{i + 1}", text=t) for i, t in enumerate(paragraphs)],
        footnotes=[
            Footnote(id=f"fn{i + 1}", number=i + 1, text=t) for i, t in enumerate(footnotes)
        ],
    )


def test_rules_pipeline_entities_and_normalized() -> None:
    doc = _doc(
        [
            "UBND tỉnh Bắc Kạn báo cáo. Giao UBND tỉnh và Thanh tra tỉnh thực hiện "
            "từ ngày 21/4/2025."
        ],
        ["Kết luận của đồng chí Nguyễn Văn An, Chủ tịch UBND tỉnh."],
    )
    ents = extract_entities(doc, rules_pipeline())
    got = [(e.label, e.text, e.normalized, e.location.kind) for e in ents]
    assert ("ORG", "UBND tỉnh", "Ủy ban nhân dân tỉnh Bắc Kạn", "paragraph") in got
    assert ("ORG", "Thanh tra tỉnh", "Thanh tra tỉnh Bắc Kạn", "paragraph") in got
    assert ("DATE", "ngày 21/4/2025", "2025-04-21", "paragraph") in got
    assert (
        "TITLE",
        "Chủ tịch UBND tỉnh",
        "Chủ tịch Ủy ban nhân dân tỉnh Bắc Kạn",
        "footnote",
    ) in got
    person = next(e for e in ents if e.label == "PER")
    assert person.text == "Nguyễn Văn An"
    assert person.normalized == "Nguyễn Văn An, Chủ tịch Ủy ban nhân dân tỉnh Bắc Kạn"
    for e in ents:
        text = doc.preamble[0].text if e.location.kind == "paragraph" else doc.footnotes[0].text
        assert text[e.span[0] : e.span[1]] == e.text


def test_province_from_issuer_line() -> None:
    doc = _doc(["Giao UBND tỉnh chủ trì."], issuer="UBND TỈNH CAO BẰNG")
    ents = extract_entities(doc, rules_pipeline())
    assert ents[0].normalized == "Ủy ban nhân dân tỉnh Cao Bằng"


def test_two_provinces_are_not_certain() -> None:
    doc = _doc(["UBND tỉnh Cao Bằng và UBND tỉnh Hà Giang; UBND tỉnh chủ trì."])
    last = extract_entities(doc, rules_pipeline())[-1]
    assert last.text == "UBND tỉnh" and last.normalized == "Ủy ban nhân dân tỉnh"


@pytest.mark.skipif(not (MODEL_DIR / "config.cfg").is_file(), reason="model not trained")
def test_trained_pipeline_loads_with_spacy_load() -> None:
    nlp = spacy.load(MODEL_DIR)  # registration happens on importing docparse.enrich.entities
    assert nlp.pipe_names == ["rules_pre", "ner", "rules_post", "entity_fixes"]
    assert set(nlp.get_pipe("ner").labels) == {"ORG", "PER", "TITLE", "LOC"}
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 8_000_000  # "a few MB"
    doc = nlp("Cục trưởng Cục Hải quan tỉnh Lào Cai đã làm việc với Trung tâm Quản lý cửa khẩu.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Cục trưởng Cục Hải quan tỉnh Lào Cai", "TITLE") in labels


@pytest.mark.slow
@pytest.mark.skipif(not (MODEL_DIR / "config.cfg").is_file(), reason="model not trained")
def test_gold_scores_text_form() -> None:
    """End to end on the gold seeds (text form): entity F1 >= 0.85, figures F1 >= 0.95."""
    from docparse.evaluation.entities import entity_tables
    from docparse.pipeline import ParseOptions, parse_path

    results = []
    for path in sorted((ROOT / "gold" / "entities").glob("*.json")):
        stem = json.loads(path.read_text("utf-8"))["document"]
        doc = parse_path(ROOT / "corpus" / "text" / f"{stem}.txt", ParseOptions(enrich=False))
        results.append((stem, "text", doc))
    ent_table, fig_table = entity_tables(results, ROOT / "gold")
    overall = next(r for r in ent_table.rows if r[1] == "overall")
    assert overall[5] >= 0.85
    assert fig_table.rows[0][4] >= 0.95
    assert fig_table.rows[0][5] == 1.0  # values exact
    load_pipeline.cache_clear()

"""The embedder's training helpers (scripts/vi_law_corpus.py, scripts/vi_vocab.py) and the
tokenizer of the shipped model. Fast and offline: a synthetic pháp điển page, no underthesea."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

from tokenizers import Tokenizer

from docparse.link.embed import DEFAULT_MODEL, models_dir
from docparse.link.text import fold_tones

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def load_script(name: str) -> ModuleType:
    # scripts/ is not a package; load the file as a module under its own name.
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = load_script("vi_law_corpus")
vocab = load_script("vi_vocab")

PAGE = """---
layout: page
title: Thử
---

## VĂN BẢN
# Thử

Chương I

NHỮNG QUY ĐỊNH CHUNG

Điều 1.1.LQ.1. Phạm vi điều chỉnh

(Điều 1 Luật số 01/2020/QH14 Thử ngày 01/01/2020, có hiệu lực thi hành kể từ ngày 01/07/2020)

Luật này quy định về quản lý tài sản công.

(Điều này có nội dung liên quan đến Điều 2.3.NĐ.4.5. Kiểm kê tài sản; Điều 2.3.LQ.7. Báo cáo)

Điều 1.1.LQ.2.
Kiểm kê tài sản công

1. Cơ quan nhà nước kiểm kê tài sản công hằng năm theo quy định.

2. Kết quả kiểm kê được báo cáo cơ quan quản lý cấp trên.

Chương II

**Điều 3. Hiệu lực thi hành**

| Cột | Nội dung |
|---|---|
| a | b |

## Danh sách điều khoản

### 0100100000

Điều 1.1.LQ.1. Phạm vi điều chỉnh Luật này quy định...
"""


def test_read_file_splits_articles_chapters_and_links(tmp_path: Path) -> None:
    page = tmp_path / "thu.md"
    page.write_text(PAGE, "utf-8")
    articles = corpus.read_file(page, tmp_path)
    assert [a.title for a in articles] == [
        "Phạm vi điều chỉnh", "Kiểm kê tài sản công", "Hiệu lực thi hành"]
    first, second, third = articles
    assert first.ref_id == "1.1.LQ.1" and third.ref_id is None
    assert first.lines == ["Luật này quy định về quản lý tài sản công."]  # source line dropped
    assert first.related == ["2.3.NĐ.4.5", "2.3.LQ.7"]
    assert second.clauses[0].startswith("Cơ quan nhà nước kiểm kê")
    assert first.chapter == second.chapter != third.chapter
    assert third.lines == ["Cột Nội dung", "a b"]  # table cells as text, its rule dropped


def test_read_corpus_keeps_a_repeated_article_once(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(PAGE, "utf-8")
    (tmp_path / "b.md").write_text(PAGE, "utf-8")
    assert len(corpus.read_corpus(tmp_path)) == 3


def test_unigram_tokenizer_prefers_words_and_folds_tones() -> None:
    syllable_counts = Counter({"cơ": 50, "quan": 50, "nhà": 40, "nước": 40, "hóa": 10, "đơn": 10})
    words = Counter({"▁cơ▁quan": 30, "▁nhà▁nước": 25})
    single = Counter({"▁cơ": 5, "▁quan": 5, "▁nhà": 5, "▁nước": 5, "▁hóa": 3, "▁đơn": 3})
    pieces = vocab.build_vocab(syllable_counts, words, single, size=100, min_syllable=1,
                               min_word=1, use_words=True)
    assert pieces[0][0] == vocab.UNK and pieces[1][0] == vocab.SPACE
    tokenizer = vocab.make_tokenizer(pieces)
    assert tokenizer.encode("Cơ quan nhà nước, nhà", add_special_tokens=False).tokens == [
        "▁cơ▁quan", "▁nhà▁nước", "▁nhà"]
    old, new = "Hoá đơn", "Hóa đơn"
    assert (tokenizer.encode(old, add_special_tokens=False).ids
            == tokenizer.encode(new, add_special_tokens=False).ids)
    assert tokenizer.encode("xyz", add_special_tokens=False).ids[-1] == 0  # unknown: [UNK]


def test_shipped_tokenizer_is_vietnamese_syllables_and_words() -> None:
    tokenizer = Tokenizer.from_file(str(models_dir() / DEFAULT_MODEL / "tokenizer.json"))
    pieces = tokenizer.encode("Ủy ban nhân dân tỉnh kiểm kê tài sản công",
                              add_special_tokens=False).tokens
    assert all(p.startswith("▁") for p in pieces)
    assert any("▁" in p[1:] for p in pieces)  # a word of several syllables
    text = "Thuỷ lợi, hoá đơn và toà án; quý khách"
    assert tokenizer.normalizer is not None
    assert tokenizer.normalizer.normalize_str(text) == fold_tones(text).lower()

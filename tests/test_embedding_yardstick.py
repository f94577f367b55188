"""The embedding yardstick (docparse.evaluation.embeddings) on a tiny synthetic question set.

Offline and fast: the sets are written to a temporary folder in the shapes of
../shared/vi-text, and the shipped model loads from models/.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from docparse.evaluation.embeddings import (
    VI_TEXT_ENV,
    embedding_tables,
    hybrid,
    load_sets,
    minmax,
    rank_metrics,
    score_set,
)

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ARTICLES = {
    "Luật Thử@1": "Phạm vi điều chỉnh\n\nLuật này quy định về quản lý tài sản công.",
    "Luật Thử@2": "Kiểm kê tài sản\n\nCơ quan nhà nước kiểm kê tài sản công hằng năm.",
    "Luật Thử@3": "Tiết kiệm năng lượng\n\nDùng năng lượng tiết kiệm trong chiếu sáng công cộng.",
}


def _write_sets(root: Path) -> None:
    alqac = root / "alqac2023_articles"
    alqac.mkdir(parents=True)
    (alqac / "all_articles_2023.json").write_text(json.dumps(ARTICLES, ensure_ascii=False))
    questions = [
        {"text": "Cơ quan nhà nước có phải kiểm kê tài sản công hằng năm không?",
         "relevant_articles": [{"law_id": "Luật Thử", "article_id": "2"}]},
        {"text": "Chiếu sáng công cộng phải tiết kiệm năng lượng, đúng hay sai?",
         "relevant_articles": [{"law_id": "Luật Thử", "article_id": "3"}]},
        {"text": "Điều không có trong tập?",  # unresolvable: left out
         "relevant_articles": [{"law_id": "Luật Khác", "article_id": "9"}]},
    ]
    (alqac / "train.json").write_text(json.dumps(questions, ensure_ascii=False))
    health = root / "pubhealth_qa"
    health.mkdir()
    with (health / "silver_data.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "answer"])
        writer.writerow(["Thẻ bảo hiểm y tế cấp ở đâu?", "Cơ quan bảo hiểm xã hội cấp thẻ."])
        writer.writerow(["Thẻ bảo hiểm y tế cấp ở đâu?", "Thẻ được cấp tại bảo hiểm xã hội."])
        writer.writerow(["Khám bệnh trái tuyến có được hưởng?", "Được hưởng theo tỷ lệ."])
    uit = root / "uit_regulations_qa"
    uit.mkdir()
    data = {"data": [{"title": "Thôi học", "paragraphs": [{
        "context": "Sinh viên có thể gửi đơn xin thôi học vì hoàn cảnh cá nhân.",
        "qas": [{"id": "1", "question": "Khi nào sinh viên xin thôi học?", "answers": []}]}]}]}
    (uit / "test_reg.json").write_text(json.dumps(data, ensure_ascii=False))


def test_rank_metrics_counts_ties_against_the_answer() -> None:
    sim = np.array([[0.9, 0.5, 0.1], [0.2, 0.2, 0.2], [0.1, 0.3, 0.2]])
    got = rank_metrics(sim, [{0}, {1}, {0, 2}], k=2)
    # Query 0: rank 1. Query 1: a three-way tie ranks its answer 3rd. Query 2: ranks 3 and 2.
    assert got["recall@1"] == pytest.approx(1 / 3)
    assert got["recall@2"] == pytest.approx((1 + 0 + 0.5) / 3)
    assert got["mrr"] == pytest.approx((1 + 0 + 0.5) / 3)


def test_hybrid_is_the_mean_of_minmax_scores() -> None:
    bm25 = np.array([[4.0, 2.0, 0.0]])
    dense = np.array([[0.1, 0.5, 0.3]])
    assert np.allclose(minmax(bm25), [[1.0, 0.5, 0.0]])
    assert np.allclose(minmax(np.ones((1, 3))), 0.0)
    assert np.allclose(hybrid(bm25, dense), [[0.5, 0.75, 0.25]])


def test_load_sets_reads_each_shape(tmp_path: Path) -> None:
    _write_sets(tmp_path)
    sets = {s.name: s for s in load_sets(tmp_path)}
    assert set(sets) == {"alqac2023", "pubhealth", "uit_regulations"}
    alqac = sets["alqac2023"]
    assert len(alqac.docs) == 3 and len(alqac.queries) == 2
    assert alqac.relevant == [{1}, {2}]
    health = sets["pubhealth"]  # a repeated question is one query with both answers
    assert len(health.queries) == 2 and health.relevant[0] == {0, 1}
    assert sets["uit_regulations"].relevant == [{0}]


def test_score_set_with_stand_in_models(tmp_path: Path) -> None:
    _write_sets(tmp_path)
    alqac = next(s for s in load_sets(tmp_path) if s.name == "alqac2023")
    words = [sorted(set(d.lower().split())) for d in alqac.docs]
    vocab = sorted({w for d in words for w in d})

    def segment(texts: list[str]) -> list[list[str]]:
        return [t.lower().replace("?", " ").replace(",", " ").split() for t in texts]

    def embed(texts: list[str]) -> np.ndarray:
        out = np.array([[w in t.lower().split() for w in vocab] for t in texts], dtype=float)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    scores = score_set(alqac, segment, embed)
    assert set(scores) == {"bm25", "dense", "hybrid"}
    for figures in scores.values():
        assert figures["recall@10"] == 1.0  # 3 articles: everything is in the top 10
        assert 0.5 <= figures["mrr"] <= 1.0


def test_yardstick_table_with_the_shipped_model(tmp_path: Path) -> None:
    _write_sets(tmp_path)
    (table,) = embedding_tables(root=tmp_path)
    assert table.columns[:4] == ["set", "questions", "articles", "method"]
    assert [row[3] for row in table.rows[:3]] == ["bm25", "dense", "hybrid"]
    assert {row[0] for row in table.rows} == {"alqac2023", "pubhealth", "uit_regulations"}
    alqac_dense = next(r for r in table.rows if r[0] == "alqac2023" and r[3] == "dense")
    assert alqac_dense[5] == 1.0  # both questions find their article first


def test_eval_embeddings_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docparse.cli import app

    _write_sets(tmp_path / "vi-text")
    monkeypatch.setenv(VI_TEXT_ENV, str(tmp_path / "vi-text"))
    gold = tmp_path / "gold"
    gold.mkdir()  # no plan/report gold: only the yardstick table
    result = CliRunner().invoke(app, ["eval", "--embeddings", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["tables"][0]["title"].startswith("Embedding yardstick")
    bad = CliRunner().invoke(app, ["eval", "--embeddings", "--gold", str(gold),
                                   "--embed-model", str(tmp_path / "nothing-here")])
    assert bad.exit_code == 14

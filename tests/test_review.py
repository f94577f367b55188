"""The review loop end to end on a small plan and report: decisions and the marks they put on a
run, the training examples they give, `docparse review` and `docparse fit` (decisions in ->
weights out -> check uses them), and the report's marks."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docparse.cli import app
from docparse.link.cache import LinkCache
from docparse.link.coverage import Coverage, analyse_plan, check
from docparse.link.embed import Embedder
from docparse.link.report import render_html, render_markdown
from docparse.link.retrieval import Segmenter
from docparse.link.review import (
    ReviewError,
    apply_reviews,
    decide,
    load_run,
    record,
    shown,
    store_run,
)
from docparse.link.training import examples_from_decisions
from docparse.model import Document
from docparse.pipeline import ParseOptions, parse_bytes
from docparse.store.library import Library
from tests.test_coverage import PLAN, REPORT

os.environ.setdefault("HF_HUB_OFFLINE", "1")
AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def docs() -> tuple[Document, Document]:
    opts = ParseOptions(enrich=False)
    return (parse_bytes(PLAN.encode(), "plan.txt", opts),
            parse_bytes(REPORT.encode(), "report.txt", opts))


@pytest.fixture(scope="module")
def judged(docs: tuple[Document, Document]) -> Coverage:
    with LinkCache(memory=True) as cache:
        return check(docs[0], [docs[1]], cache=cache)


@pytest.fixture
def stored(tmp_path: Path, docs: tuple[Document, Document], judged: Coverage
           ) -> Iterator[tuple[Library, Coverage]]:
    with Library(tmp_path / "lib.sqlite") as library:
        library.add_many(list(docs))
        yield library, store_run(library, judged)


def task(coverage: Coverage, label: str) -> int:
    return next(i for i, t in enumerate(coverage.tasks) if t.task.label_path == label)


# --- marks ------------------------------------------------------------------------------

# (decision, the verdict it names, the run's verdict) -> the mark the run shows
MARKS = [
    ("confirmed", "same", "confirmed"),
    ("confirmed", "other", "corrected"),  # confirmed on an earlier run that judged otherwise
    ("corrected", "other", "corrected"),
    ("corrected", "same", "confirmed"),
    ("rejected", "same", "rejected"),
    ("rejected", "other", None),  # rejected a verdict this run no longer gives
]


@pytest.mark.parametrize(("kind", "names", "expected"), MARKS)
def test_verdict_marks(stored: tuple[Library, Coverage], kind: str, names: str,
                       expected: str | None) -> None:
    _, coverage = stored
    item = coverage.tasks[0]
    other = "partial" if item.verdict != "partial" else "reported"
    row = decide(coverage, item.task.label_path, decision="confirmed", reviewer="An", at=AT)
    row = row._replace(id=1, decision=kind, verdict=item.verdict if names == "same" else other)
    marked = apply_reviews(coverage, [row]).tasks[0]
    status = marked.review.status if marked.review else None
    assert status == expected
    if marked.review:
        assert (marked.review.reviewer, marked.review.at) == ("An", "2026-12-07T09:30:00+00:00")
        assert marked.review.run == coverage.run


def test_latest_decision_wins_and_carries_to_a_later_run(
    stored: tuple[Library, Coverage], judged: Coverage
) -> None:
    library, coverage = stored
    label = coverage.tasks[0].task.label_path
    coverage = record(library, coverage, label, decision="confirmed", reviewer="An", at=AT)
    coverage = record(library, coverage, label, decision="rejected", reviewer="Bình")
    assert coverage.tasks[0].review is not None
    assert (coverage.tasks[0].review.status, coverage.tasks[0].review.reviewer) == (
        "rejected", "Bình")
    assert len(library.decisions()) == 2  # the history stays
    again = store_run(library, judged)  # the same documents checked again
    assert again.run != coverage.run
    assert again.tasks[0].review is not None and again.tasks[0].review.status == "rejected"
    review = again.summary.review
    assert review is not None and (review.rejected, review.unreviewed) == (1, 2)


def test_passage_marks_and_counts(stored: tuple[Library, Coverage]) -> None:
    library, coverage = stored
    label = coverage.tasks[0].task.label_path
    coverage = record(library, coverage, label, decision="confirmed", evidence=1, reviewer="An")
    coverage = record(library, coverage, label, decision="rejected", evidence=2, reviewer="An")
    first = shown(coverage.tasks[0])
    assert [e.review.status if e.review else None for e in first[:3]] == [
        "confirmed", "rejected", None]
    review = coverage.summary.review
    assert review is not None
    assert (review.evidence_confirmed, review.evidence_rejected, review.unreviewed) == (1, 1, 3)
    reloaded = load_run(library, coverage.run or 0)  # read back from the library
    assert reloaded == coverage


# decision arguments -> the error's words
BAD_DECISIONS = [
    ({"decision": "confirmed", "reviewer": "  "}, "who is reviewing"),
    ({"decision": "confirmed", "reviewer": "x" * 101}, "at most 100"),
    ({"decision": "maybe", "reviewer": "An"}, "one of confirmed"),
    ({"decision": "corrected", "reviewer": "An"}, "a corrected verdict is one of"),
    ({"decision": "corrected", "reviewer": "An", "evidence": 1}, "not corrected"),
    ({"decision": "confirmed", "reviewer": "An", "evidence": 99}, "is 1 to"),
    ({"decision": "confirmed", "reviewer": "An", "passage": (0, "p999")}, "is not shown"),
]


@pytest.mark.parametrize(("how", "words"), BAD_DECISIONS)
def test_bad_decisions_are_refused(stored: tuple[Library, Coverage], how: dict[str, object],
                                   words: str) -> None:
    _, coverage = stored
    with pytest.raises(ReviewError, match=words):
        decide(coverage, coverage.tasks[0].task.label_path, **how)  # type: ignore[arg-type]


def test_unknown_task_and_unstored_run(stored: tuple[Library, Coverage], judged: Coverage
                                       ) -> None:
    _, coverage = stored
    with pytest.raises(ReviewError, match=r"no task 'IX.9' \(its tasks: II.1.a"):
        decide(coverage, "IX.9", decision="confirmed", reviewer="An")
    with pytest.raises(ReviewError, match="not a stored run"):
        decide(judged, "II.1.a", decision="confirmed", reviewer="An")
    assert decide(coverage, "t1", decision="confirmed", reviewer="An").task == "II.1.a"
    # A correction to the verdict the task has is a confirmation.
    same = decide(coverage, "t1", decision="corrected", verdict=coverage.tasks[0].verdict,
                  reviewer="An")
    assert same.decision == "confirmed"


# --- training examples ------------------------------------------------------------------


def test_examples_from_decisions(stored: tuple[Library, Coverage],
                                 docs: tuple[Document, Document]) -> None:
    library, coverage = stored
    a, b, c = (t.task.label_path for t in coverage.tasks)
    # a: verdict confirmed and its first passage confirmed; b: only a passage rejected;
    # c: corrected (or confirmed) to not_reported; a rejected verdict gives no label.
    coverage = record(library, coverage, a, decision="confirmed", reviewer="An")
    coverage = record(library, coverage, a, decision="confirmed", evidence=1, reviewer="An")
    coverage = record(library, coverage, b, decision="rejected", evidence=1, reviewer="An")
    coverage = record(library, coverage, b, decision="rejected", reviewer="An")
    coverage = record(library, coverage, c, decision="corrected", verdict="not_reported",
                      reviewer="An")
    with LinkCache(memory=True) as cache:
        analysis = analyse_plan(docs[0], [docs[1]], Embedder(cache=cache), Segmenter(cache))
    report = docs[1].source.sha256
    labelled = examples_from_decisions(analysis, [report], library.decisions())
    by_task = {analysis.tasks[e.task].label_path: e for e in labelled.examples}
    first = shown(coverage.tasks[0])[0]
    column = next(j for j, p in enumerate(analysis.signals.passages)
                  if p.id == first.location.id)
    assert (by_task[a].verdict, by_task[a].reports) == (coverage.tasks[0].verdict, (0,))
    assert (by_task[a].positives, by_task[a].negatives) == ({column}, None)
    assert by_task[b].verdict is None and by_task[b].positives == set()
    assert by_task[b].negatives is not None and len(by_task[b].negatives) == 1
    assert (by_task[c].verdict, by_task[c].positives, by_task[c].negatives) == (
        "not_reported", set(), None)
    assert labelled.unmatched == 0
    # A passage whose text changed since (its quote is no longer there) is left out.
    stale = [d._replace(quote="một câu không có trong báo cáo") if d.item == "evidence" else d
             for d in library.decisions()]
    assert examples_from_decisions(analysis, [report], stale).unmatched == 2


# --- the report ---------------------------------------------------------------------------


def test_report_shows_the_marks(stored: tuple[Library, Coverage]) -> None:
    library, coverage = stored
    label = coverage.tasks[0].task.label_path
    coverage = record(library, coverage, label, decision="confirmed", reviewer="Nguyễn An",
                      at=AT)
    coverage = record(library, coverage, coverage.tasks[1].task.label_path,
                      decision="corrected", verdict="not_reported", reviewer="Bình", at=AT)
    markdown = render_markdown(coverage)
    assert "### Review" in markdown and "| ✔ confirmed | 1 |" in markdown
    assert "✔ confirmed by Nguyễn An, 2026-12-07" in markdown
    assert "✎ corrected to not_reported by Bình, 2026-12-07" in markdown
    assert f"Stored run: {coverage.run}" in markdown
    page = render_html(coverage)
    assert "<div class='rv confirmed'>✔ confirmed by Nguyễn An" in page
    assert "<h3>Review</h3>" in page
    assert Coverage.model_validate_json(coverage.model_dump_json()) == coverage
    plain = render_markdown(coverage.model_copy(update={"run": None, "summary": coverage.summary
                                                        .model_copy(update={"review": None})}))
    assert "### Review" not in plain and "Stored run" not in plain


# --- the commands -----------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    plan, report = tmp_path / "plan.txt", tmp_path / "report.txt"
    plan.write_text(PLAN, "utf-8")
    report.write_text(REPORT, "utf-8")
    library = tmp_path / "lib.sqlite"
    monkeypatch.delenv("DOCPARSE_LIBRARY", raising=False)
    monkeypatch.delenv("DOCPARSE_REVIEWER", raising=False)
    return plan, report, library


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(app, list(args), input=input, env=env)


def test_check_stores_a_run_only_when_a_library_is_named(
    files: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plan, report, library = files
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # the default library lives there
    result = run("check", str(plan), str(report), "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert json.loads(result.stdout)["run"] is None  # type: ignore[attr-defined]
    result = run("check", str(plan), str(report), "--library", str(library), "--format", "json")
    body = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert (body["run"], body["weights"]) == (1, "shipped")
    assert "docparse review 1" in result.stderr  # type: ignore[attr-defined]
    assert body["summary"]["review"]["unreviewed"] == body["summary"]["total"]
    with Library(library) as lib:  # the documents too: a re-fit reads them again
        assert lib.count()[0] == 2
    result = run("check", str(plan), str(report), "--library", str(library), "--no-store",
                 "--format", "json")
    assert json.loads(result.stdout)["run"] is None  # type: ignore[attr-defined]


def test_review_command(files: tuple[Path, Path, Path]) -> None:
    plan, report, library = files
    lib = ["--library", str(library)]
    assert run("check", str(plan), str(report), *lib).exit_code == 0  # type: ignore[attr-defined]
    listing = run("review", *lib)
    assert listing.exit_code == 0  # type: ignore[attr-defined]
    assert "    1  " in listing.stdout and "3 tasks" in listing.stdout  # type: ignore[attr-defined]
    decisions = [
        (["--task", "II.1.a", "--confirm"], "verdict reported ✔ confirmed by An"),
        (["--task", "II.1.a", "--evidence", "1", "--confirm"], "passage 1: ✔ confirmed by An"),
        (["--task", "II.1.a", "--evidence", "2", "--reject"], "passage 2: ✘ rejected by An"),
        (["--task", "t2", "--verdict", "partial"], "✎ corrected to partial by An"),
    ]
    for args, said in decisions:
        result = run("review", "1", *args, "--reviewer", "An", *lib)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        assert said in result.stdout  # type: ignore[attr-defined]
    result = run("review", "last", *lib, env={"DOCPARSE_REVIEWER": "Bình"})
    text = result.stdout  # type: ignore[attr-defined]
    assert "review: 1 confirmed, 1 corrected, 0 rejected, 1 not reviewed" in text
    assert "passages 1 confirmed, 1 rejected" in text
    result = run("review", "1", "--task", "II.2", "--reject", *lib,
                 env={"DOCPARSE_REVIEWER": "Bình"})
    assert "✘ rejected by Bình" in result.stdout  # type: ignore[attr-defined]
    shown_json = json.loads(run("review", "1", "--format", "json", *lib).stdout)  # type: ignore[attr-defined]
    assert shown_json["summary"]["review"]["rejected"] == 1
    assert "### Review" in run("review", "1", "--format", "md", *lib).stdout  # type: ignore[attr-defined]


# arguments -> (exit code, words of the error)
REVIEW_ERRORS = [
    (["9"], 2, "no coverage run 9"),
    (["one"], 2, "a run is a number"),
    (["1", "--task", "IX.9", "--confirm", "--reviewer", "An"], 2, "no task 'IX.9'"),
    (["1", "--task", "II.1.a", "--confirm"], 2, "who is reviewing"),
    (["1", "--confirm", "--reviewer", "An"], 2, "name the task"),
    (["1", "--task", "II.1.a", "--confirm", "--reject"], 2, "not --confirm and --reject"),
    (["1", "--task", "II.1.a", "--evidence", "1", "--verdict", "partial"], 2, "--evidence goes"),
    (["1", "--task", "II.1.a", "--evidence", "1"], 2, "--confirm or --reject"),
    (["1", "--task", "II.1.a", "--evidence", "7", "--reject", "--reviewer", "An"], 2,
     "is 1 to 5"),
    (["--task", "II.1.a", "--confirm", "--reviewer", "An"], 2, "name the run"),
]


@pytest.mark.parametrize(("args", "code", "words"), REVIEW_ERRORS)
def test_review_errors(files: tuple[Path, Path, Path], args: list[str], code: int,
                       words: str) -> None:
    plan, report, library = files
    run("check", str(plan), str(report), "--library", str(library))
    result = run("review", *args, "--library", str(library))
    assert result.exit_code == code, result.output  # type: ignore[attr-defined]
    assert words in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_review_of_a_missing_library(tmp_path: Path) -> None:
    result = run("review", "--library", str(tmp_path / "none.sqlite"))
    assert result.exit_code == 13 and "no library" in result.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "none.sqlite").exists()


def test_interactive_review_one_key_each(files: tuple[Path, Path, Path]) -> None:
    plan, report, library = files
    run("check", str(plan), str(report), "--library", str(library))
    # Task 1: verdict right, passage 1 evidence, passage 2 not, passage 3 skipped, then quit.
    result = run("review", "1", "-i", "--reviewer", "An", "--library", str(library),
                 input="cc" + "x" + "s" + "q")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "3 decision(s) recorded by An" in result.stdout  # type: ignore[attr-defined]
    with Library(library) as lib:
        kinds = [(d.item, d.decision) for d in lib.decisions()]
    assert kinds == [("verdict", "confirmed"), ("evidence", "confirmed"),
                     ("evidence", "rejected")]
    # Again: the reviewed items are not asked; keys outside the list are asked again.
    result = run("review", "1", "-i", "--reviewer", "An", "--library", str(library),
                 input="?x")
    assert "1 decision(s) recorded" in result.stdout  # type: ignore[attr-defined]
    with Library(library) as lib:
        assert lib.decisions()[-1].passage == shown(load_run(lib, 1).tasks[0])[2].location.id


def test_fit_round_trip(files: tuple[Path, Path, Path], tmp_path: Path) -> None:
    plan, report, library = files
    lib = ["--library", str(library)]
    run("check", str(plan), str(report), *lib)
    nothing = run("fit", *lib)
    assert nothing.exit_code == 2 and "review some" in nothing.stderr  # type: ignore[attr-defined]
    for args in (["--task", "II.1.a", "--confirm"], ["--task", "II.1.a", "--evidence", "1",
                 "--confirm"], ["--task", "II.1.b", "--verdict", "partial"],
                 ["--task", "II.2", "--confirm"]):
        assert run("review", "1", *args, "--reviewer", "An", *lib).exit_code == 0  # type: ignore[attr-defined]
    out = tmp_path / "weights.json"
    result = run("fit", *lib, "--out", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "4 decisions in force on 1 reviewed check(s)" in result.stdout  # type: ignore[attr-defined]
    saved = json.loads(out.read_text("utf-8"))
    assert saved["meta"]["reviewed_checks"] == 1 and saved["meta"]["kept"] == []
    with Library(library) as opened:
        assert opened.latest_weights() is None  # --out writes the file only
    body = json.loads(run("check", str(plan), str(report), *lib, "--no-store", "--weights",
                          str(out), "--format", "json").stdout)  # type: ignore[attr-defined]
    assert body["weights"] == "file:weights.json"
    # Stored in the library: check uses them by default, the web service's jobs too.
    assert run("fit", *lib).exit_code == 0  # type: ignore[attr-defined]
    body = json.loads(run("check", str(plan), str(report), *lib, "--format", "json").stdout)  # type: ignore[attr-defined]
    assert body["weights"] == "library:1" and body["run"] == 2
    # The decisions made on run 1 show on run 2 (same documents).
    assert body["summary"]["review"]["unreviewed"] == 0
    from docparse.service.jobs import coverage_job

    with Library(library) as opened:  # the web service's check, in its worker
        by_name = {r.file_name: opened.document(r.sha256) for r in opened.documents()}
    outcome = coverage_job(by_name["plan.txt"].model_dump_json(),
                           [by_name["report.txt"].model_dump_json()], str(library), 5)
    assert outcome.kind == "ok" and json.loads(str(outcome.value))["weights"] == "library:1"
    shipped = json.loads(run("check", str(plan), str(report), *lib, "--no-store", "--weights",
                             "shipped", "--format", "json").stdout)  # type: ignore[attr-defined]
    assert shipped["weights"] == "shipped"
    assert run("fit", *lib, "--reset").exit_code == 0  # type: ignore[attr-defined]
    body = json.loads(run("check", str(plan), str(report), *lib, "--no-store", "--format",
                          "json").stdout)  # type: ignore[attr-defined]
    assert body["weights"] == "shipped"


def test_check_refuses_a_bad_weights_file(files: tuple[Path, Path, Path], tmp_path: Path
                                          ) -> None:
    plan, report, _ = files
    bad = tmp_path / "bad.json"
    bad.write_text("{}", "utf-8")
    for path, words in ((bad, "not a docparse weights file"), (tmp_path / "no.json",
                                                                "cannot read weights file")):
        result = run("check", str(plan), str(report), "--weights", str(path))
        assert result.exit_code == 2 and words in result.stderr  # type: ignore[attr-defined]


def test_unusable_library_weights_fall_back_to_the_shipped(files: tuple[Path, Path, Path]
                                                           ) -> None:
    plan, report, library = files
    with Library(library) as lib:  # as a docparse that computes other signals might leave them
        lib.add_weights(json.dumps({"passage": {"features": ["new_signal"], "mean": [0],
                                                "scale": [1], "coef": [1], "intercept": [0]},
                                    "verdict": {"features": ["dense1"], "mean": [0],
                                                "scale": [1], "coef": [1],
                                                "intercept": [0, 1], "kind": "ordinal"}}),
                        "from elsewhere")
    result = run("check", str(plan), str(report), "--library", str(library), "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    body = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert body["weights"] == "shipped"
    assert any("new_signal" in w and "shipped weights judged" in w for w in body["warnings"])


def test_review_and_fit_on_both_backends(files: tuple[Path, Path, Path],
                                         library_location: str) -> None:
    plan, report, _ = files
    lib = ["--library", library_location]
    result = run("check", str(plan), str(report), *lib, "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    run_id = str(json.loads(result.stdout)["run"])  # type: ignore[attr-defined]
    for args in (["--task", "II.1.a", "--confirm"], ["--task", "II.1.a", "--evidence", "1",
                 "--confirm"], ["--task", "II.2", "--verdict", "partial"]):
        result = run("review", run_id, *args, "--reviewer", "An", *lib)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    result = run("fit", *lib)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    body = json.loads(run("check", str(plan), str(report), *lib, "--format", "json").stdout)  # type: ignore[attr-defined]
    assert body["weights"].startswith("library:")
    marks = {t["task"]["label_path"]: t["review"] for t in body["tasks"]}
    assert marks["II.1.a"]["reviewer"] == "An" and marks["II.2"]["verdict"] == "partial"

"""`docparse fit`: the linking weights re-fitted on a library's reviews, and which weights a
check uses.

The decisions in force (docparse.link.review) are grouped by plan and set of reports; each
group's documents are read from the library (a stored run stores them) and analysed again,
as `check` does, so that every passage's signals are those the models read; the decisions
become training examples (docparse.link.training), optionally with the gold pairs', and
the passage and verdict models are fitted on them. A model with too few labels (no
passage confirmed, or a single verdict) is kept from the weights in use, and the report
says so.

Which weights a check uses: `--weights FILE` (written by `docparse fit --out`), or
`--weights shipped`; else the latest weights `docparse fit` stored in the library, when
there are any; else the shipped ones (docparse/link/data/weights.json). So a team that
shares a library shares its re-fit, the web service's checks included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docparse.link.cache import LinkCache
from docparse.link.coverage import analyse_plan
from docparse.link.embed import Embedder
from docparse.link.retrieval import SIGNALS, Segmenter
from docparse.link.review import latest
from docparse.link.training import (
    LabelCounts,
    Labelled,
    NotEnough,
    counts,
    examples_from_decisions,
    fit_passage_model,
    fit_verdict_model,
)
from docparse.link.verdict import VERDICT_FEATURES, Weights
from docparse.store.library import Library, LibraryError, Location
from docparse.store.reviews import DecisionRow, utc_now

SHIPPED = "shipped"


class WeightsError(ValueError):
    """Weights that cannot be read or used; the message says what to do."""


@dataclass
class FitResult:
    weights: Weights
    checks: int  # reviewed checks (plan and set of reports) the examples came from
    decisions: int  # decisions in force
    labels: LabelCounts
    gold_pairs: int = 0
    unmatched: int = 0
    kept: list[str] = field(default_factory=list)  # models kept from the base, and why
    skipped: list[str] = field(default_factory=list)  # checks whose documents are missing

    def lines(self) -> list[str]:
        """What was fitted, for the command's output."""
        verdicts = ", ".join(f"{v} {n}" for v, n in sorted(self.labels.verdicts.items()))
        out = [
            f"{self.decisions} decisions in force on {self.checks} reviewed check(s)"
            + (f", with {self.gold_pairs} gold pair(s)" if self.gold_pairs else ""),
            f"passage labels: {self.labels.evidence} evidence, {self.labels.not_evidence} not",
            f"verdict labels: {verdicts or 'none'}",
        ]
        out += [f"kept: {k}" for k in self.kept]
        if self.unmatched:
            out.append(f"left out: {self.unmatched} decision(s) on tasks or passages the "
                       "documents no longer have")
        out += [f"skipped: {s}" for s in self.skipped]
        return out


def reviewed_checks(
    library: Library, embedder: Embedder, segmenter: Segmenter,
) -> tuple[list[Labelled], int, list[str]]:
    """The library's decisions in force as training examples, one set per check; also how
    many decisions there were and the checks left out (documents not in the library)."""
    groups: dict[tuple[str, str], list[DecisionRow]] = {}
    for d in library.decisions():
        groups.setdefault((d.plan_sha256, d.reports), []).append(d)
    sets: list[Labelled] = []
    skipped: list[str] = []
    n = 0
    for (plan_sha, key), decisions in sorted(groups.items()):
        shas = key.split(",")
        try:
            plan = library.document(plan_sha)
            reports = [library.document(sha) for sha in shas]
        except LibraryError:
            skipped.append(f"plan {plan_sha[:12]}: its documents are not all in the library")
            continue
        analysis = analyse_plan(plan, reports, embedder, segmenter)
        sets.append(examples_from_decisions(analysis, shas, decisions))
        n += len(latest(decisions))
    return sets, n, skipped


def refit(
    reviewed: list[Labelled], base: Weights, *, gold: list[Labelled] | None = None,
    meta: dict[str, object] | None = None,
) -> FitResult:
    """Weights fitted on the reviewed checks (and the gold pairs' examples, when given); a
    model with too few labels is `base`'s."""
    sets = [*(gold or []), *reviewed]
    kept: list[str] = []
    try:
        passage = fit_passage_model(sets)
    except NotEnough as exc:
        passage = base.passage
        kept.append(f"passage model of the {base.source} weights: {exc}")
    try:
        verdict = fit_verdict_model(sets, passage)
    except NotEnough as exc:
        verdict = base.verdict
        kept.append(f"verdict model of the {base.source} weights: {exc}")
    labels = counts(sets)
    info: dict[str, object] = {
        "fitted": utc_now().isoformat(timespec="seconds"),
        "reviewed_checks": len(reviewed),
        "gold_pairs": len(gold or []),
        "evidence_labels": labels.evidence,
        "verdict_labels": labels.verdicts,
        "kept": kept,
        **(meta or {}),
    }
    return FitResult(Weights(passage, verdict, info, "fitted"), len(reviewed), 0, labels,
                     gold_pairs=len(gold or []),
                     unmatched=sum(s.unmatched for s in reviewed), kept=kept)


def fit_library(
    location: Location | None, *, embed_model: str | None = None,
    gold: list[Labelled] | None = None,
) -> FitResult:
    """`docparse fit`'s work on the library at `location` (the weights are not stored here).
    Models with too few labels are kept from the weights the library's checks use now."""
    with Library(location, create=False) as library, LinkCache(location) as cache:
        embedder = Embedder(embed_model, cache=cache)
        reviewed, n, skipped = reviewed_checks(library, embedder, Segmenter(cache))
        try:
            base = library_weights(library)
        except WeightsError:  # unusable (another docparse's): this fit replaces them
            base = Weights.load()
        result = refit(reviewed, base, gold=gold, meta={"embed_model": embedder.model_id})
    result.decisions = n
    result.skipped = skipped
    return result


# --- which weights a check uses ------------------------------------------------------------


def library_weights(library: Library | None) -> Weights:
    """The latest weights `docparse fit` stored in the library, else the shipped ones."""
    row = library.latest_weights() if library is not None else None
    if row is None or row.weights is None:
        return Weights.load()
    try:
        weights = Weights.from_json(row.weights, source=f"library:{row.id}")
    except (ValueError, KeyError) as exc:
        raise WeightsError(f"the weights stored in library {library.location} (record "  # type: ignore[union-attr]
                           f"{row.id}) cannot be read ({exc}); run docparse fit again") from None
    _check_names(weights, f"library record {row.id}")
    return weights


def choose_weights(choice: str | None, library: Library | None) -> Weights:
    """`--weights`: a file, "shipped", or (None) what the library holds."""
    if choice == SHIPPED:
        return Weights.load()
    if choice:
        path = Path(choice).expanduser()
        try:
            weights = Weights.load(path)
        except OSError as exc:
            raise WeightsError(f"cannot read weights file {path}: {exc.strerror}") from None
        except (ValueError, KeyError) as exc:
            raise WeightsError(f"{path} is not a docparse weights file ({exc}); write one "
                               "with: docparse fit --out FILE") from None
        _check_names(weights, str(path))
        return weights
    return library_weights(library)


def _check_names(weights: Weights, where: str) -> None:
    # Weights fitted by another docparse version may read signals this one does not have.
    missing = [n for n in weights.passage.names if n not in SIGNALS]
    missing += [n for n in weights.verdict.names if n not in VERDICT_FEATURES]
    if missing:
        raise WeightsError(f"the weights of {where} read {', '.join(missing)}, which this "
                           "docparse does not compute; fit them again with docparse fit")

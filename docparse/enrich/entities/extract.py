"""`extract_entities(doc)`: the entities of a parsed Document, with locations.

The trained pipeline (models/vi_admin_ner) is loaded once per process. When it
is missing (a checkout without the model) the rule components alone run, and a
warning says so: dates, bodies named by formula and cued people are still
found, free-form names are not.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from docparse.enrich.abbreviations import glossary
from docparse.enrich.blocks import text_blocks
from docparse.enrich.entities import components as _components  # noqa: F401  (registers)
from docparse.enrich.entities.normalize import (
    body_terms,
    document_province,
    normalize_date,
    normalize_name,
)
from docparse.enrich.entities.tokenizer import blank_pipeline
from docparse.model import Document, Entity
from docparse.resources import models_dir

MODEL_DIR = models_dir() / "vi_admin_ner"
LABELS = ("ORG", "PER", "TITLE", "LOC", "DATE")
_BETWEEN_PERSON_AND_TITLE = re.compile(r"^\s*(?:,|-|–)\s*$")


@lru_cache(maxsize=4)
def load_pipeline(path: str | None = None) -> Language:
    """The entity pipeline: the trained model if present, else rules only."""
    model = Path(path) if path else MODEL_DIR
    if (model / "config.cfg").is_file():
        return spacy.load(model)
    warnings.warn(
        f"no trained NER model at {model}; entities come from rules only "
        "(run scripts/train_ner.py)",
        stacklevel=2,
    )
    return rules_pipeline()


def rules_pipeline() -> Language:
    """Tokenizer and rule components, no statistical model."""
    nlp = blank_pipeline()
    nlp.add_pipe("docparse_rules", name="rules_pre", config={"phase": "pre"})
    nlp.add_pipe("docparse_rules", name="rules_post", config={"phase": "post"})
    nlp.add_pipe("docparse_entity_fixes", name="entity_fixes")
    return nlp


def extract_entities(doc: Document, nlp: Language | None = None) -> list[Entity]:
    """Entities of every body block (headings included), annex paragraph and footnote."""
    nlp = nlp or load_pipeline()
    items = [(b.text, b.location) for b in text_blocks(doc)]
    texts = [t for t, _ in items]
    terms_all = glossary(doc)
    terms = body_terms(terms_all)
    # A name never starts with a term abbreviation ("PCTN tỉnh ..." is "phòng,
    # chống tham nhũng tỉnh ...", a remit): those are lowercase phrases.
    remits = {a for a, expansion in terms_all.items() if expansion[:1].islower()}
    province = document_province(doc, texts)
    out: list[Entity] = []
    for (text, loc), sdoc in zip(items, nlp.pipe(texts), strict=True):
        ents = list(sdoc.ents)
        for i, ent in enumerate(ents):
            if ent.label_ not in LABELS:
                continue
            if ent.label_ != "DATE" and ent.text.split(" ", 1)[0] in remits:
                continue
            out.append(
                Entity(
                    id=f"ent{len(out) + 1}",
                    text=ent.text,
                    label=ent.label_,
                    span=(ent.start_char, ent.end_char),
                    location=loc,
                    normalized=_normalized(ent.label_, ent.text, ents, i, text, terms, province),
                )
            )
    return out


def _normalized(
    label: str,
    text: str,
    ents: list,
    i: int,
    source: str,
    terms: dict[str, str],
    province: str | None,
) -> str | None:
    if label == "DATE":
        return normalize_date(text)
    if label in ("ORG", "TITLE", "LOC"):
        return normalize_name(text, terms, province)
    if label == "PER" and i + 1 < len(ents):
        nxt = ents[i + 1]
        between = source[ents[i].end_char : nxt.start_char]
        if nxt.label_ == "TITLE" and _BETWEEN_PERSON_AND_TITLE.match(between):
            title = normalize_name(nxt.text, terms, province) or nxt.text
            return f"{text}, {title}"
    return None

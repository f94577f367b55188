"""Named entities of administrative documents: organisations, people, titles, places, dates.

underthesea segments and tags the words (a registered spaCy tokenizer); rule
components set the formulaic entities; a small trained spaCy NER model
(models/vi_admin_ner, retrained by scripts/train_ner.py) finds the rest.
Importing this package registers the tokenizer and the components, so that
`spacy.load("models/vi_admin_ner")` works after `import docparse.enrich.entities`.
"""

from docparse.enrich.entities import components as _components  # noqa: F401
from docparse.enrich.entities import tokenizer as _tokenizer  # noqa: F401
from docparse.enrich.entities.extract import (
    LABELS,
    MODEL_DIR,
    extract_entities,
    load_pipeline,
    rules_pipeline,
)

__all__ = ["LABELS", "MODEL_DIR", "extract_entities", "load_pipeline", "rules_pipeline"]

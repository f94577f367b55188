"""Where the trained models live: models/ of the checkout, or $DOCPARSE_MODELS.

The models are data of the project, not of the Python package: an editable install
(README) finds them next to the code; any other install points DOCPARSE_MODELS at a
copy of the models/ folder.
"""

from __future__ import annotations

import os
from pathlib import Path

MODELS_ENV = "DOCPARSE_MODELS"


def models_dir() -> Path:
    env = os.environ.get(MODELS_ENV)
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[1] / "models"

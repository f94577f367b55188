"""Shared fixtures: paths into the repo and small documents built on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def corpus() -> Path:
    return ROOT / "corpus"

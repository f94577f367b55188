"""Cache of passage embeddings and word segmentations, kept in the library.

The library (docparse.store, a SQLite file or a PostgreSQL database) holds two caches
beside its documents: embeddings by (model, text sha256) and segmentations by text
sha256. Both are keyed by the sha256 of the exact text, so a cached value is valid for
any document that contains the same passage, and a changed passage is simply a miss.
A library that cannot be opened or written never stops a check: the cache then lives in
memory for the run, and the caller gets a warning (results are the same, only slower).
"""

from __future__ import annotations

import hashlib

import numpy as np

from docparse.store.library import (
    Library,
    LibraryError,
    Location,
    default_location,
    describe,
)
from docparse.store.sqlite import MEMORY


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class LinkCache:
    """Embeddings and segmentations by text hash; `LinkCache(memory=True)` keeps them in
    memory only."""

    def __init__(self, location: Location | None = None, *, memory: bool = False) -> None:
        self.warning: str | None = None
        self.location = None if memory else location if location else default_location()
        self._library = self._open()

    def _open(self) -> Library:
        if self.location is not None:
            try:
                return Library(self.location)
            except LibraryError as exc:
                self.warning = (
                    f"embedding cache disabled ({describe(self.location)}: {exc}); "
                    "results are the same, only slower"
                )
        return Library(MEMORY)

    def close(self) -> None:
        self._library.close()

    def __enter__(self) -> LinkCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- embeddings -----------------------------------------------------------

    def get_vectors(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        try:
            return self._library.get_vectors(model, keys)
        except LibraryError as exc:  # a lost connection: every key is a miss
            self.warning = f"embedding cache not read ({exc})"
            return {}

    def put_vectors(self, model: str, items: dict[str, np.ndarray]) -> None:
        try:
            self._library.put_vectors(model, items)
        except LibraryError as exc:
            # A read-only or locked library only costs speed next time.
            self.warning = f"embedding cache not updated ({exc})"

    # --- word segmentations ---------------------------------------------------

    def get_tokens(self, keys: list[str]) -> dict[str, list[str]]:
        try:
            return self._library.get_tokens(keys)
        except LibraryError as exc:
            self.warning = f"embedding cache not read ({exc})"
            return {}

    def put_tokens(self, items: dict[str, list[str]]) -> None:
        try:
            self._library.put_tokens(items)
        except LibraryError as exc:
            self.warning = f"embedding cache not updated ({exc})"

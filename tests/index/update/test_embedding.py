"""The GenerationWriter on its own: counts, progress and what it stores, over several groups."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index.embed.embedder import ModelSpec
from index.ingest.chunk import chunk_article
from index.ingest.clean import clean_article
from index.ingest.load import read_article_files
from index.store.chroma import open_store
from index.store.generations import new_generation
from index.store.manifest import Manifest
from index.store.texts import read_article_text
from index.update import embedding
from index.update.embedding import GenerationWriter
from tests.conftest import copy_seeds, make_settings


class CountingEmbedder:
    """Unit vectors from a seeded generator; records the size of each encoder call."""

    spec = ModelSpec(name="counting", path="", runtime="onnx")
    dimension = 8

    def __init__(self) -> None:
        self.calls: list[int] = []
        self._rng = np.random.default_rng(0)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        vectors = self._rng.normal(size=(len(texts), self.dimension)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_passages([text])[0]


def test_writer_counts_and_stores_every_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(embedding, "EMBED_GROUP", 3)  # several groups: the stages overlap
    copy_seeds(tmp_path)
    settings = make_settings(tmp_path)
    files, _ = read_article_files(settings.seeds_dir, settings.max_article_bytes)
    articles = [clean_article(f) for f in files]
    generation = new_generation(settings.data_dir)
    store = open_store(settings, generation)
    manifest = Manifest(
        build_key={}, chromadb_version="-", embed_dim=8, created_at="-", updated_at="-"
    )
    encoder = CountingEmbedder()
    progress: list[tuple[int, int, str]] = []
    writer = GenerationWriter(
        settings=settings,
        store=store,
        manifest=manifest,
        generation=generation,
        embedder=encoder,
        progress=lambda *call: progress.append(call),
    )
    writer.write(articles)

    size, overlap = settings.chunk_size, settings.chunk_overlap
    chunks = {a.article_id: len(chunk_article(a, size, overlap)) for a in articles}
    assert len(encoder.calls) > 1 and sum(encoder.calls) == sum(chunks.values())
    assert writer.embedded == sum(chunks.values()) == manifest.chunk_count == store.count()
    assert writer.done == writer.total == len(articles) == 5
    assert [(done, total) for done, total, _ in progress] == [(n, 5) for n in range(1, 6)]
    assert [a for _, _, a in progress] == [a.article_id for a in articles]
    assert {a: e.chunks for a, e in manifest.articles.items()} == chunks
    for article in articles:
        entry = manifest.articles[article.article_id]
        assert read_article_text(generation, entry) == article.text
        assert (entry.title, entry.outlet, entry.date) == (
            article.title,
            article.outlet,
            article.date,
        )

    # A changed article written again replaces its chunks; the counts are of this write.
    shorter = replace(articles[0], text="Only one sentence now.", content_hash="edited")
    writer.write([shorter])
    assert (writer.embedded, writer.done, writer.total) == (1, 1, 1)
    assert (
        store.count()
        == manifest.chunk_count
        == sum(chunks.values()) - chunks[shorter.article_id] + 1
    )
    assert progress[-1] == (1, 1, shorter.article_id)

import json
import logging

from index.core.settings import Settings
from index.store.chroma import ChunkStore
from index.store.generations import live_generation
from index.store.lexical import STAMP, load_lexical
from index.store.manifest import Manifest
from index.update.build import update_index


def saved_revision(settings: Settings) -> tuple[int, int]:
    generation = live_generation(settings.data_dir)
    assert generation is not None
    saved = json.loads((generation / "bm25" / STAMP).read_text())
    return saved["revision"], Manifest.load(generation).revision


def top_article(settings: Settings, query: str) -> str:
    generation = live_generation(settings.data_dir)
    assert generation is not None
    manifest = Manifest.load(generation)
    chunks = ChunkStore(generation / "chroma").all_chunks()
    found = load_lexical(generation, manifest.revision, chunks).search(query, 1)
    return next(iter(found), "").split("#")[0]


def test_bm25_is_saved_with_each_generation_and_kept_in_step(fresh: Settings):
    update_index(fresh)
    bm25_revision, manifest_revision = saved_revision(fresh)
    assert bm25_revision == manifest_revision

    (fresh.seeds_dir / "zebra.txt").write_text(
        "Zebras crossed the Okavango delta in record numbers."
    )
    update_index(fresh)
    new_bm25, new_manifest = saved_revision(fresh)
    assert new_bm25 == new_manifest == manifest_revision + 1
    assert top_article(fresh, "zebras okavango") == "zebra.txt"

    (fresh.seeds_dir / "zebra.txt").unlink()
    update_index(fresh)
    assert top_article(fresh, "zebras okavango") != "zebra.txt"


def test_a_stale_bm25_is_rebuilt_not_trusted(fresh: Settings, caplog):
    update_index(fresh)
    generation = live_generation(fresh.data_dir)
    assert generation is not None
    (generation / "bm25" / STAMP).write_text('{"revision": -1, "chunks": 0}')
    manifest = Manifest.load(generation)
    chunks = ChunkStore(generation / "chroma").all_chunks()
    with caplog.at_level(logging.WARNING, logger="index.store.lexical"):
        rebuilt = load_lexical(generation, manifest.revision, chunks)
    assert next(iter(rebuilt.search("Wagner mercenary", 1))).startswith("004_")
    # The rebuild is said, naming the generation and why.
    assert generation.name in caplog.text and "stamped" in caplog.text


def test_metadata_is_searchable(fresh: Settings):
    update_index(fresh)
    assert top_article(fresh, "WION") == "003_81e9dda9929231ae.txt"


def test_an_update_reuses_kept_tokens_and_matches_a_fresh_build(fresh: Settings, monkeypatch):
    update_index(fresh)
    (fresh.seeds_dir / "zebra.txt").write_text("Zebras crossed the Okavango delta near Niamey.")
    (fresh.seeds_dir / "004_bebdfeffcaaf1832.txt").unlink()
    read_all = []
    monkeypatch.setattr(
        ChunkStore,
        "all_chunks",
        lambda self: read_all.append(1) or [],  # type: ignore[func-returns-value]
    )
    update_index(fresh)
    monkeypatch.undo()
    assert read_all == []  # the update took the kept tokens, not every chunk from Chroma
    generation = live_generation(fresh.data_dir)
    assert generation is not None
    manifest = Manifest.load(generation)
    chunks = ChunkStore(generation / "chroma").all_chunks()
    # The saved index is the one loaded (a stamp mismatch would rebuild it from the chunks).
    saved = json.loads((generation / "bm25" / STAMP).read_text())
    assert saved == {"revision": manifest.revision, "chunks": len(chunks)}
    kept = load_lexical(generation, manifest.revision, chunks)
    rebuilt = load_lexical(generation, -1, chunks)  # stamp mismatch: built from the chunks now
    for query in ("zebras Niamey", "Wagner mercenaries", "French troops withdrawal Niger"):
        got = [(c, round(s, 5)) for c, s in kept.search(query, 5).items()]
        want = [(c, round(s, 5)) for c, s in rebuilt.search(query, 5).items()]
        assert got and got == want, query
    assert not any(c.article_id.startswith("004_") for c in chunks)


def test_readers_get_the_sentences_and_term_counts_a_fresh_computation_gives(fresh: Settings):
    update_index(fresh)
    (fresh.seeds_dir / "zebra.txt").write_text("Zebras crossed the Okavango. Hippos stayed behind.")
    (fresh.seeds_dir / "000_a80c936fc3ad9ca2.txt").unlink()
    update_index(fresh)  # an update: kept data for the rest, new data for zebra.txt
    generation = live_generation(fresh.data_dir)
    assert generation is not None
    manifest = Manifest.load(generation)
    chunks = ChunkStore(generation / "chroma").all_chunks()
    saved = load_lexical(generation, manifest.revision, chunks)
    now = load_lexical(generation, -1, chunks)
    assert saved.spans == now.spans and set(saved.spans) == {c.chunk_id for c in chunks}
    assert (saved.documents, saved.df) == (now.documents, now.df) == (len(chunks), now.df)
    zebra = next(c for c in chunks if c.article_id == "zebra.txt")
    assert [zebra.text[a:b] for a, b in saved.spans[zebra.chunk_id]] == [
        "Zebras crossed the Okavango.",
        "Hippos stayed behind.",
    ]
    assert saved.df["zebra"] == 1 and "the" not in saved.df


def test_search_scores_as_llama_index_bm25_retriever_did(fresh: Settings):
    # The pinned answers hold BM25-fused scores: the direct bm25s search must tokenize the
    # query as BM25Retriever did (stopwords, stemmer), so every hit and score is the same.
    import Stemmer
    from llama_index.retrievers import bm25 as bm25_module  # a dev dependency for this test

    update_index(fresh)
    generation = live_generation(fresh.data_dir)
    assert generation is not None
    manifest = Manifest.load(generation)
    chunks = ChunkStore(generation / "chroma").all_chunks()
    lexical = load_lexical(generation, manifest.revision, chunks)
    retriever = bm25_module.BM25Retriever(
        existing_bm25=lexical.bm25, stemmer=Stemmer.Stemmer("english")
    )
    retriever.similarity_top_k = len(chunks)
    for query in ("Who is the prime minister of Niger?", "the troops' withdrawal", "WION"):
        old = [(lexical.ids[int(h.node.node_id)], h.score) for h in _hits(retriever, query)]
        new = list(lexical.search(query, len(chunks)).items())
        assert new and new == [(c, s) for c, s in old if (s or 0) > 0], query


def _hits(retriever, query):
    # The bm25s index keeps no corpus, so each hit's node is built from its position.
    retriever.bm25.corpus = [
        {"_node_content": json.dumps({"id_": str(i)}), "_node_type": "TextNode"}
        for i in range(int(retriever.bm25.scores["num_docs"]))
    ]
    try:
        return retriever.retrieve(query)
    finally:
        retriever.bm25.corpus = None

"""The BM25 index of a generation, kept beside its Chroma store and rewritten with it.

BM25 matches a chunk by its text plus its article's title, outlet and date, since news
questions name them ("according to The Verge, published on October 5, 2023").

Each generation keeps its chunks' stemmed tokens too, so an update tokenizes only the new
chunks and re-weights (the IDFs change with every article) without reading Chroma.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.store import StoredChunk

if TYPE_CHECKING:
    from llama_index.retrievers.bm25 import BM25Retriever

    from index.article import Article
    from index.chunk import Chunk

FOLDER = "bm25"
STAMP = "revision.json"
TOKENS = "tokens.json"
IDS = "ids.json"


def bm25_text(title: str, outlet: str | None, day: str | None, text: str) -> str:
    when = ""
    if day:
        parsed = date.fromisoformat(day)
        when = f"{day} {parsed.strftime('%B')} {parsed.day}, {parsed.year}"
    return f"{title}\n{outlet or ''}\n{when}\n{text}"


def _tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s
    import Stemmer

    # What llama-index's BM25Retriever.from_defaults(language="english") does to nodes.
    tokens = bm25s.tokenize(
        texts,
        stopwords="english",
        stemmer=Stemmer.Stemmer("english"),
        return_ids=False,
        show_progress=False,
    )
    return tokens


@dataclass(frozen=True)
class LexicalCorpus:
    """Chunk ids, their articles and their BM25 tokens, in index order."""

    ids: list[str]
    articles: list[str]
    tokens: list[list[str]]

    @classmethod
    def of_chunks(cls, chunks: list[StoredChunk]) -> LexicalCorpus:
        texts = [bm25_text(c.title, c.outlet, c.date, c.text) for c in chunks]
        return cls([c.chunk_id for c in chunks], [c.article_id for c in chunks], _tokenize(texts))

    @classmethod
    def of_article(cls, article: Article, chunks: list[Chunk]) -> LexicalCorpus:
        texts = [bm25_text(article.title, article.outlet, article.date, c.text) for c in chunks]
        return cls(
            [c.chunk_id for c in chunks], [article.article_id] * len(chunks), _tokenize(texts)
        )

    @classmethod
    def saved(cls, generation: Path) -> LexicalCorpus | None:
        try:
            data = json.loads((generation / FOLDER / TOKENS).read_text(encoding="utf-8"))
            return cls(data["ids"], data["articles"], data["tokens"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def without(self, article_ids: set[str]) -> LexicalCorpus:
        keep = [i for i, a in enumerate(self.articles) if a not in article_ids]
        return LexicalCorpus(
            [self.ids[i] for i in keep],
            [self.articles[i] for i in keep],
            [self.tokens[i] for i in keep],
        )

    @classmethod
    def joined(cls, parts: list[LexicalCorpus]) -> LexicalCorpus:
        return cls(
            [i for p in parts for i in p.ids],
            [a for p in parts for a in p.articles],
            [t for p in parts for t in p.tokens],
        )


def save_bm25(generation: Path, corpus: LexicalCorpus, revision: int) -> None:
    """Write the BM25 index of `corpus`, tagged with the manifest revision it belongs to."""
    target, tmp = generation / FOLDER, generation / (FOLDER + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    if corpus.ids:
        import bm25s

        bm25 = bm25s.BM25()
        bm25.index(corpus.tokens, show_progress=False)
        bm25.save(str(tmp), show_progress=False)
    tokens = {"ids": corpus.ids, "articles": corpus.articles, "tokens": corpus.tokens}
    (tmp / TOKENS).write_text(json.dumps(tokens), encoding="utf-8")
    (tmp / IDS).write_text(json.dumps(corpus.ids), encoding="utf-8")
    (tmp / STAMP).write_text(json.dumps({"revision": revision, "chunks": len(corpus.ids)}))
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)


def load_bm25(generation: Path, revision: int, chunks: list[StoredChunk]) -> BM25Retriever | None:
    """The saved index when it belongs to `revision`; otherwise one built now from `chunks`."""
    if not chunks:
        return None
    folder = generation / FOLDER
    try:
        saved = json.loads((folder / STAMP).read_text())
        if saved == {"revision": revision, "chunks": len(chunks)}:
            import bm25s

            bm25 = bm25s.BM25.load(str(folder), show_progress=False)
            ids = json.loads((folder / IDS).read_text(encoding="utf-8"))
            return _retriever(bm25, ids)
    except (OSError, ValueError, KeyError):
        pass
    import bm25s

    corpus = LexicalCorpus.of_chunks(chunks)
    bm25 = bm25s.BM25()
    bm25.index(corpus.tokens, show_progress=False)
    return _retriever(bm25, corpus.ids)


def _retriever(bm25: Any, ids: list[str]) -> BM25Retriever:
    import Stemmer
    from llama_index.retrievers.bm25 import BM25Retriever

    # The retriever turns each hit's corpus entry into a node; the id is all a hit needs
    # (the engine holds the chunks), so entries stay small and hits cheap to build.
    bm25.corpus = [
        {"_node_content": json.dumps({"id_": i}), "_node_type": "TextNode", "node_id": i}
        for i in ids
    ]
    return BM25Retriever(existing_bm25=bm25, stemmer=Stemmer.Stemmer("english"))

"""The BM25 index of a generation, kept beside its Chroma store and rewritten with it.

BM25 matches a chunk by its text plus its article's title, outlet and date, since news
questions name them ("according to The Verge, published on October 5, 2023").

Each generation keeps its chunks' stemmed tokens too, so an update tokenizes only the new
chunks and re-weights (the IDFs change with every article) without reading Chroma; and, for
readers, each chunk's sentence spans and the document frequencies of content terms, so a
fresh process answers without loading punkt (1.5 s) or stemming every chunk (1.1 s).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.core.text.sentences import sentence_spans
from index.core.text.terms import content_terms
from index.store.chroma import StoredChunk

if TYPE_CHECKING:
    from index.ingest.article import Article
    from index.ingest.chunk import Chunk

FOLDER = "bm25"
STAMP = "revision.json"
TOKENS = "tokens.json"
IDS = "ids.json"
SPANS = "spans.json"
TERMS = "terms.json"

Spans = list[tuple[int, int]]

log = logging.getLogger(__name__)


def bm25_text(title: str, outlet: str | None, day: str | None, text: str) -> str:
    when = ""
    if day:
        parsed = date.fromisoformat(day)
        when = f"{day} {parsed.strftime('%B')} {parsed.day}, {parsed.year}"
    return f"{title}\n{outlet or ''}\n{when}\n{text}"


def _tokenize(texts: str | list[str], *, return_ids: bool) -> Any:
    """BM25 tokens as llama-index's BM25Retriever made them (its scores are pinned): English
    stopwords out, Snowball stems. Chunks are kept as token strings; a query is searched as
    ids. A stemmer per call, since one is not thread-safe."""
    import bm25s
    import Stemmer

    return bm25s.tokenize(
        texts,
        stopwords="english",
        stemmer=Stemmer.Stemmer("english"),
        return_ids=return_ids,
        show_progress=False,
    )


@dataclass(frozen=True)
class LexicalCorpus:
    """Per chunk, in index order: id, article, BM25 tokens, sentence spans (offsets in the
    chunk's text) and content terms."""

    ids: list[str]
    articles: list[str]
    tokens: list[list[str]]
    spans: list[Spans]
    terms: list[list[str]]

    @classmethod
    def empty(cls) -> LexicalCorpus:
        return cls([], [], [], [], [])

    @classmethod
    def of_texts(
        cls, ids: list[str], articles: list[str], bm25_texts: list[str], texts: list[str]
    ) -> LexicalCorpus:
        return cls(
            ids,
            articles,
            _tokenize(bm25_texts, return_ids=False),
            [sentence_spans(t) for t in texts],
            [sorted(content_terms(t)) for t in texts],
        )

    @classmethod
    def of_chunks(cls, chunks: list[StoredChunk]) -> LexicalCorpus:
        return cls.of_texts(
            [c.chunk_id for c in chunks],
            [c.article_id for c in chunks],
            [bm25_text(c.title, c.outlet, c.date, c.text) for c in chunks],
            [c.text for c in chunks],
        )

    @classmethod
    def of_article(cls, article: Article, chunks: list[Chunk]) -> LexicalCorpus:
        return cls.of_texts(
            [c.chunk_id for c in chunks],
            [article.article_id] * len(chunks),
            [bm25_text(article.title, article.outlet, article.date, c.text) for c in chunks],
            [c.text for c in chunks],
        )

    @classmethod
    def saved(cls, generation: Path) -> LexicalCorpus | None:
        folder = generation / FOLDER
        try:
            data = _read_json(folder / TOKENS)
            ids = _read_json(folder / IDS)
            spans = _spans(_read_json(folder / SPANS))
            return cls(
                ids, data["articles"], data["tokens"], [spans[i] for i in ids], data["terms"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def without(self, article_ids: set[str]) -> LexicalCorpus:
        keep = [i for i, a in enumerate(self.articles) if a not in article_ids]
        return LexicalCorpus(
            [self.ids[i] for i in keep],
            [self.articles[i] for i in keep],
            [self.tokens[i] for i in keep],
            [self.spans[i] for i in keep],
            [self.terms[i] for i in keep],
        )

    @classmethod
    def joined(cls, parts: list[LexicalCorpus]) -> LexicalCorpus:
        return cls(
            [i for p in parts for i in p.ids],
            [a for p in parts for a in p.articles],
            [t for p in parts for t in p.tokens],
            [s for p in parts for s in p.spans],
            [t for p in parts for t in p.terms],
        )

    def term_counts(self) -> dict[str, int]:
        """Document frequency of each content term over the chunks."""
        df: dict[str, int] = {}
        for terms in self.terms:
            for term in terms:
                df[term] = df.get(term, 0) + 1
        return df


@dataclass(frozen=True)
class LexicalIndex:
    """What readers need: the bm25s index and its chunk ids (in index order), each chunk's
    sentence spans, content-term frequencies."""

    bm25: Any
    ids: list[str]
    spans: dict[str, Spans]
    documents: int
    df: dict[str, int]

    @classmethod
    def empty(cls) -> LexicalIndex:
        return cls(None, [], {}, 0, {})

    @classmethod
    def of_corpus(cls, corpus: LexicalCorpus) -> LexicalIndex:
        """The index of `corpus`, built now."""
        return cls(
            _bm25_of(corpus.tokens) if corpus.ids else None,
            corpus.ids,
            dict(zip(corpus.ids, corpus.spans, strict=True)),
            len(corpus.ids),
            corpus.term_counts(),
        )

    def search(self, query: str, k: int) -> dict[str, float]:
        """The `k` best chunks for `query` by BM25 with their positive scores, best first.
        Nothing is set on the index, so threads may search at once."""
        if self.bm25 is None or not self.ids or k <= 0:
            return {}
        found, scores = self.bm25.retrieve(
            _tokenize(query, return_ids=True), k=min(k, len(self.ids)), show_progress=False
        )
        return {
            self.ids[int(i)]: float(score)
            for i, score in zip(found[0], scores[0], strict=True)
            if score > 0.0
        }


def save_bm25(generation: Path, corpus: LexicalCorpus, revision: int) -> None:
    """Write the BM25 index of `corpus`, tagged with the manifest revision it belongs to."""
    target, tmp = generation / FOLDER, generation / (FOLDER + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    if corpus.ids:
        _bm25_of(corpus.tokens).save(str(tmp), show_progress=False)
    # Writers' data (tokens.json) beside readers' (ids, spans, term counts), each kept once.
    kept = {"articles": corpus.articles, "tokens": corpus.tokens, "terms": corpus.terms}
    (tmp / TOKENS).write_text(json.dumps(kept), encoding="utf-8")
    (tmp / IDS).write_text(json.dumps(corpus.ids), encoding="utf-8")
    (tmp / SPANS).write_text(json.dumps(dict(zip(corpus.ids, corpus.spans, strict=True))))
    terms = {"documents": len(corpus.ids), "df": corpus.term_counts()}
    (tmp / TERMS).write_text(json.dumps(terms), encoding="utf-8")
    (tmp / STAMP).write_text(json.dumps({"revision": revision, "chunks": len(corpus.ids)}))
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)


def load_lexical(generation: Path, revision: int, chunks: list[StoredChunk]) -> LexicalIndex:
    """The saved index when it belongs to `revision`; otherwise (logged) one built now from
    `chunks`."""
    if not chunks:
        return LexicalIndex.empty()
    folder = generation / FOLDER
    try:
        saved = json.loads((folder / STAMP).read_text())
        if saved == {"revision": revision, "chunks": len(chunks)}:
            return _saved_index(folder)
        why = f"it is stamped {saved}, not revision {revision} with {len(chunks)} chunks"
    except (OSError, ValueError, KeyError, TypeError) as error:
        why = f"it could not be read ({type(error).__name__}: {error})"
    log.warning("Rebuilding the BM25 index of generation %s: %s", generation.name, why)
    return LexicalIndex.of_corpus(LexicalCorpus.of_chunks(chunks))


def _saved_index(folder: Path) -> LexicalIndex:
    import bm25s

    terms = _read_json(folder / TERMS)
    return LexicalIndex(
        bm25s.BM25.load(str(folder), show_progress=False),
        _read_json(folder / IDS),
        _spans(_read_json(folder / SPANS)),
        int(terms["documents"]),
        terms["df"],
    )


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _spans(saved: dict[str, list[list[int]]]) -> dict[str, Spans]:
    return {chunk_id: [(a, b) for a, b in spans] for chunk_id, spans in saved.items()}


def _bm25_of(tokens: list[list[str]]) -> Any:
    import bm25s

    bm25 = bm25s.BM25()
    bm25.index(tokens, show_progress=False)
    return bm25

"""The BM25 index of a generation, kept beside its Chroma store and rewritten with it.

BM25 matches a chunk by its text plus its article's title, outlet and date, since news
questions name them ("according to The Verge, published on October 5, 2023").
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from index.store import StoredChunk

if TYPE_CHECKING:
    from llama_index.retrievers.bm25 import BM25Retriever

FOLDER = "bm25"
STAMP = "revision.json"


def bm25_text(chunk: StoredChunk) -> str:
    when = ""
    if chunk.date:
        day = date.fromisoformat(chunk.date)
        when = f"{chunk.date} {day.strftime('%B')} {day.day}, {day.year}"
    return f"{chunk.title}\n{chunk.outlet or ''}\n{when}\n{chunk.text}"


def build_bm25(chunks: list[StoredChunk]) -> BM25Retriever | None:
    if not chunks:
        return None
    import Stemmer
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    nodes = [TextNode(id_=c.chunk_id, text=bm25_text(c)) for c in chunks]
    return BM25Retriever.from_defaults(
        nodes=nodes, stemmer=Stemmer.Stemmer("english"), language="english"
    )


def save_bm25(generation: Path, chunks: list[StoredChunk], revision: int) -> None:
    """Write the BM25 index for `chunks`, tagged with the manifest revision it belongs to."""
    target, tmp = generation / FOLDER, generation / (FOLDER + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    retriever = build_bm25(chunks)
    if retriever is not None:
        retriever.persist(str(tmp), show_progress=False)
    (tmp / STAMP).write_text(json.dumps({"revision": revision, "chunks": len(chunks)}))
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)


def load_bm25(generation: Path, revision: int, chunks: list[StoredChunk]) -> BM25Retriever | None:
    """The saved index when it belongs to `revision`; otherwise one built now from `chunks`."""
    folder = generation / FOLDER
    try:
        saved = json.loads((folder / STAMP).read_text())
        if saved == {"revision": revision, "chunks": len(chunks)}:
            if not chunks:
                return None
            from llama_index.retrievers.bm25 import BM25Retriever

            return BM25Retriever.from_persist_dir(str(folder), show_progress=False)
    except (OSError, ValueError, KeyError):
        pass
    return build_bm25(chunks)

import base64
import hashlib
import re
import time

from index.core.text.tokens import count_tokens
from index.ingest.article import Article
from index.ingest.chunk import LONG_LINE_CHARS, Chunk, chunk_article, stretches
from index.ingest.clean import clean_article
from index.ingest.load import ArticleFile, read_article_files
from tests.conftest import SEEDS


def test_seed_chunks_fit_the_limit_and_point_into_the_text():
    readable, _ = read_article_files(SEEDS, max_bytes=2_000_000)
    for source in readable:
        article = clean_article(source)
        chunks = chunk_article(article, chunk_size=256, chunk_overlap=20)
        assert chunks
        for n, chunk in enumerate(chunks):
            assert chunk.chunk_id == f"{article.article_id}#{n}"
            assert count_tokens(chunk.text) <= 256
            assert article.text[chunk.start : chunk.end] == chunk.text
        # Together the chunks cover the whole article.
        assert chunks[0].start == 0 and chunks[-1].end == len(article.text)


def test_long_sentences_and_odd_whitespace_still_fit():
    text = ("word " * 900) + "\n\n\n" + "Sentence  with   spaces.\tTab here. " * 40
    article = clean_article(ArticleFile("long.txt", text, "h"))
    chunks = chunk_article(article, chunk_size=64, chunk_overlap=8)
    assert len(chunks) > 10
    for chunk in chunks:
        assert count_tokens(chunk.text) <= 64
        assert article.text[chunk.start : chunk.end] == chunk.text


def test_chunk_ids_are_stable():
    article = clean_article(ArticleFile("a.txt", "One. Two. Three. " * 200, "h"))
    first = chunk_article(article, 128, 16)
    again = chunk_article(article, 128, 16)
    assert first == again


def one_line_prose(chars: int) -> str:
    """The seeds' sentences, numbers varied, on one line of about `chars` characters."""
    sentences = [s for p in sorted(SEEDS.glob("*.txt")) for s in p.read_text().split(". ")]
    sentences = [s.replace("\n", " ").strip() for s in sentences if len(s) > 40]
    parts, n = [], 0
    while n < chars:
        sentence = re.sub(r"\d+", str(n % 997), sentences[len(parts) % len(sentences)])
        parts.append(sentence.rstrip(".") + ".")
        n += len(parts[-1]) + 1
    return " ".join(parts)


def check_chunks(article: Article, chunks: list[Chunk], limit: int) -> None:
    assert [c.n for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert count_tokens(chunk.text) <= limit
        assert article.text[chunk.start : chunk.end] == chunk.text
    assert chunks[0].start == 0 and chunks[-1].end == len(article.text)


def test_a_long_line_is_cut_at_sentence_ends_before_the_splitter():
    text = one_line_prose(2 * LONG_LINE_CHARS + 5_000)
    found = stretches(text, 256)
    assert len(found) == 3 and not any(s.run for s in found)
    assert all(s.end - s.start <= LONG_LINE_CHARS for s in found)
    assert all(text[s.end - 1] == "." and text[s.end] == " " for s in found[:-1])
    assert found[0].start == 0 and found[-1].end == len(text)
    article = Article("long.txt", "Long", None, None, text, "h")
    check_chunks(article, chunk_article(article, 256, 20), 256)


def test_a_long_line_without_sentence_ends_is_cut_at_spaces():
    text = "lorem ipsum dolor sit amet " * (LONG_LINE_CHARS // 10)
    found = stretches(text, 256)
    assert len(found) > 1 and all(s.end - s.start <= LONG_LINE_CHARS for s in found)
    assert all(text[s.end] == " " for s in found[:-1])


def test_a_whitespace_free_run_is_cut_at_token_boundaries_quickly():
    # 300 KB of base64 on one line between two sentences (a pasted blob). The splitter cut
    # such a run per character, counting a token for each: 1.5-5x the passages, ~20 s per 2 MB.
    blob = base64.b64encode(b"".join(hashlib.sha256(b"%d" % i).digest() for i in range(7_000)))
    text = f"A blob follows. {blob.decode()} That was the blob."
    article = Article("blob.txt", "Blob", None, None, text, "h")
    started = time.process_time()  # CPU time: other processes on the machine do not count
    chunks = chunk_article(article, 256, 20)
    seconds = time.process_time() - started
    check_chunks(article, chunks, 256)
    # Whole passages of the run: its tokens / 256, plus the two sentences and a cut or two.
    assert len(chunks) <= count_tokens(blob.decode()) / 256 + 4
    assert [s.run for s in stretches(text, 256)] == [False, True, False]
    # Measured 0.7 s; cut per character it took 4.5 s, for 1,266 passages.
    assert seconds < 3.5, f"{seconds:.1f} CPU s"

from index.core.text.tokens import count_tokens
from index.ingest.chunk import chunk_article
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

import os
from pathlib import Path

from index.ingest.load import SYMLINK_REASON, ArticleFile, read_article_files


def test_unreadable_files_are_reported_and_the_rest_read(tmp_path: Path):
    (tmp_path / "good.txt").write_text("A real article about Niger.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Heading\n\nText.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "huge.txt").write_text("word " * 1000)
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("hidden")

    readable, skipped = read_article_files(tmp_path, max_bytes=4000)

    assert [a.article_id for a in readable] == ["good.txt", "notes.md"]
    reasons = {s.article_id: s.reason for s in skipped}
    assert set(reasons) == {"latin1.txt", "image.txt", "empty.txt", "huge.txt"}
    assert "UTF-8" in reasons["latin1.txt"]
    assert "binary" in reasons["image.txt"]
    assert "NEWSQA_MAX_ARTICLE_BYTES" in reasons["huge.txt"]


def test_odd_file_names_are_read(tmp_path: Path):
    names = ["with space.txt", "ünïcødé.md", "hash#1.txt", "-dash.TXT", "a'quote.txt"]
    for name in names:
        (tmp_path / name).write_text(f"Story in {name}.", encoding="utf-8")
    readable, skipped = read_article_files(tmp_path, max_bytes=10_000)
    assert sorted(a.article_id for a in readable) == sorted(names)
    assert skipped == []


def test_bom_is_dropped_and_hash_follows_bytes(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfHello world.")
    (tmp_path / "b.txt").write_bytes(b"Hello world.")
    readable, _ = read_article_files(tmp_path, max_bytes=10_000)
    a, b = readable
    assert isinstance(a, ArticleFile) and a.raw_text == b.raw_text == "Hello world."
    assert a.content_hash != b.content_hash


def test_links_are_skipped_with_the_reason_and_never_read(tmp_path: Path):
    seeds, outside = tmp_path / "seeds", tmp_path / "outside"
    seeds.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("The vault code is 4417.", encoding="utf-8")
    (outside / "more.txt").write_text("Another private note.", encoding="utf-8")
    (seeds / "real.txt").write_text("A real article about Niger.", encoding="utf-8")
    (seeds / "to-outside.txt").symlink_to(outside / "secret.txt")
    (seeds / "to-inside.txt").symlink_to(seeds / "real.txt")
    (seeds / "dangling.md").symlink_to(outside / "gone.txt")
    (seeds / "folder.txt").symlink_to(outside, target_is_directory=True)
    (seeds / "folder").symlink_to(outside, target_is_directory=True)

    readable, skipped = read_article_files(seeds, max_bytes=10_000)

    assert [a.article_id for a in readable] == ["real.txt"]
    assert {s.article_id: s.reason for s in skipped} == {
        name: SYMLINK_REASON
        for name in ("dangling.md", "folder.txt", "to-inside.txt", "to-outside.txt")
    }
    assert "symbolic link" in SYMLINK_REASON and "copy the article" in SYMLINK_REASON


def test_a_fifo_named_like_an_article_is_skipped_without_hanging(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "real.txt").write_text("A real article.", encoding="utf-8")
    readable, skipped = read_article_files(tmp_path, max_bytes=10_000)
    assert [a.article_id for a in readable] == ["real.txt"]
    assert [s.article_id for s in skipped] == ["pipe.txt"]
    assert "not a regular file" in skipped[0].reason

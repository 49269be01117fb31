from pathlib import Path

import pytest

from index.core.errors import ArticleRejectedError
from index.core.settings import Settings
from index.ingest.seeds import DELETED, add_article_file, remove_article_file, safe_article_name
from tests.conftest import make_settings

TEXT = b"Title line\n\nThe body of an article.\n"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    (tmp_path / "seeds").mkdir()
    return make_settings(tmp_path, max_article_bytes="5000")


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("story.txt", "story.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\Notes.MD", "Notes.md"),
        (".hidden.txt", "hidden.txt"),
        ("a b;rm -rf $(x).txt", "a b_rm -rf _x.txt"),
        ("Élysée report.txt", "Élysée report.txt"),
        ("<>.txt", "article.txt"),
    ],
)
def test_names_become_plain_files_inside_the_seeds_folder(given: str, safe: str):
    assert safe_article_name(given) == safe


@pytest.mark.parametrize("given", ["evil.exe", "archive.txt.gz", "noext", "story.pdf"])
def test_only_text_markdown_and_web_page_names_are_accepted(given: str):
    with pytest.raises(ArticleRejectedError, match=r"\.txt, \.md or \.html") as rejected:
        safe_article_name(given)
    assert rejected.value.name == given


def test_long_names_are_cut():
    assert len(safe_article_name("x" * 500 + ".txt")) <= 120


def test_an_upload_lands_inside_the_seeds_folder(settings: Settings):
    saved = add_article_file(settings, "../../outside.txt", TEXT)
    assert saved == settings.seeds_dir / "outside.txt" and saved.read_bytes() == TEXT
    assert not (settings.seeds_dir.parent.parent / "outside.txt").exists()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("café".encode("latin-1"), "UTF-8"),
        (b"   \n", "empty"),
        (b"x" * 6000, "limit"),
    ],
)
def test_bad_content_is_refused_and_nothing_is_written(settings: Settings, data: bytes, reason):
    with pytest.raises(ArticleRejectedError, match=reason):
        add_article_file(settings, "bad.txt", data)
    assert list(settings.seeds_dir.iterdir()) == []


def test_a_new_file_never_overwrites_another(settings: Settings):
    first = add_article_file(settings, "story.txt", TEXT)
    again = add_article_file(settings, "story.txt", TEXT)
    other = add_article_file(settings, "story.txt", TEXT + b"More.\n")
    assert again == first and other.name == "story-2.txt"
    assert first.read_bytes() == TEXT


def test_removing_moves_the_file_aside(settings: Settings):
    add_article_file(settings, "story.txt", TEXT)
    moved = remove_article_file(settings, "story.txt")
    assert moved == settings.seeds_dir / DELETED / "story.txt" and moved.read_bytes() == TEXT
    assert not (settings.seeds_dir / "story.txt").exists()
    add_article_file(settings, "story.txt", TEXT)
    assert remove_article_file(settings, "story.txt").name == "story-2.txt"


@pytest.mark.parametrize("name", ["../seeds/story.txt", ".deleted", "missing.txt", ""])
def test_removing_refuses_anything_but_a_seeds_file(settings: Settings, name: str):
    add_article_file(settings, "story.txt", TEXT)
    with pytest.raises(ArticleRejectedError, match="refresh the list") as rejected:
        remove_article_file(settings, name)
    assert rejected.value.name == name
    assert (settings.seeds_dir / "story.txt").exists()


def test_uploads_of_one_name_at_the_same_moment_keep_every_file(settings: Settings):
    """Four uploads of `story.txt` with different texts, started together, 30 times: each
    text ends up in a file of its own (a check-then-rename lost one in 2 of 30 rounds)."""
    import threading

    for round_ in range(30):
        texts = [TEXT + f"Round {round_}, upload {i}.\n".encode() for i in range(4)]
        start = threading.Barrier(len(texts))
        saved: list[Path] = []

        def upload(data: bytes, start: threading.Barrier, saved: list[Path]) -> None:
            start.wait()
            saved.append(add_article_file(settings, "story.txt", data))

        threads = [threading.Thread(target=upload, args=(t, start, saved)) for t in texts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(p.read_bytes() for p in saved) == sorted(texts), f"round {round_}"
        assert len(set(saved)) == len(texts)
        for path in saved:
            path.unlink()
    assert not [p for p in settings.seeds_dir.iterdir() if p.name.startswith(".upload-")]


def test_deletes_of_one_article_at_the_same_moment_keep_one_copy(settings: Settings):
    """Three deletes of `story.txt` started together, 20 times: one moves it to .deleted/, the
    others are told it was just removed; .deleted/ holds exactly one copy per round."""
    import threading

    from index.core.errors import ArticleRejectedError

    for round_ in range(20):
        add_article_file(settings, "story.txt", TEXT + f"Round {round_}.\n".encode())
        start = threading.Barrier(3)
        moved: list[Path] = []
        refused: list[str] = []

        def delete(start: threading.Barrier, moved: list[Path], refused: list[str]) -> None:
            start.wait()
            try:
                moved.append(remove_article_file(settings, "story.txt"))
            except ArticleRejectedError as err:
                refused.append(str(err))

        threads = [threading.Thread(target=delete, args=(start, moved, refused)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(moved) == 1 and len(refused) == 2, f"round {round_}: {moved} {refused}"
        assert f"Round {round_}." in moved[0].read_text()
    copies = sorted((settings.seeds_dir / DELETED).iterdir())
    assert len(copies) == 20 and not (settings.seeds_dir / "story.txt").exists()

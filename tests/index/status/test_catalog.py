from typing import get_args

import pytest

from index.core.errors import IndexDamagedError
from index.core.settings import Settings
from index.status.catalog import ArticleStatus, article_rows
from index.status.summary import index_status
from index.store.generations import live_generation
from index.update.build import update_index


def test_rows_tell_indexed_new_changed_removed_and_skipped(fresh: Settings):
    assert {r.status for r in article_rows(fresh)} == {"new"}
    update_index(fresh)
    rows = {r.article_id: r for r in article_rows(fresh)}
    assert {r.status for r in rows.values()} == {"indexed"}
    first, second, *_ = sorted(rows)
    assert rows[first].chunks > 0 and rows[first].title

    seeds = fresh.seeds_dir
    (seeds / first).write_text((seeds / first).read_text() + "\nA late correction.\n")
    (seeds / second).unlink()
    (seeds / "new.txt").write_text("A new story\n\nIt happened today.\n")
    (seeds / "photo.txt").write_bytes(b"\x89PNG\x00\x00")
    rows = {r.article_id: r for r in article_rows(fresh)}
    assert rows[first].status == "changed" and "update the index" in rows[first].detail
    assert rows[second].status == "removed" and rows[second].chunks > 0
    assert rows["new.txt"].status == "new"
    assert rows["photo.txt"].status == "skipped" and "binary" in rows["photo.txt"].detail


def test_statuses_are_the_typed_ones(fresh: Settings):
    assert set(get_args(ArticleStatus)) == {"indexed", "new", "changed", "removed", "skipped"}
    update_index(fresh)
    (fresh.seeds_dir / "photo.txt").write_bytes(b"\x89PNG\x00\x00")
    statuses = {r.status for r in article_rows(fresh)}
    assert statuses == {"indexed", "skipped"}


def test_a_damaged_index_is_said_not_listed_as_all_new(fresh: Settings):
    update_index(fresh)
    generation = live_generation(fresh.data_dir)
    assert generation is not None
    (generation / "manifest.json").write_text('{"build_key": {"form', encoding="utf-8")
    with pytest.raises(IndexDamagedError, match=r"damaged .* run: news-qa index --rebuild"):
        article_rows(fresh)
    with pytest.raises(IndexDamagedError, match=r"run: news-qa index --rebuild"):
        index_status(fresh)

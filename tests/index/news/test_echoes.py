"""Echoes: near-copy sentences across articles, found at index time and kept per update."""

from __future__ import annotations

import json
from pathlib import Path

from index.core.settings import Settings
from index.core.text.sentences import sentence_units
from index.news.echoes import (
    FOLDER,
    Echo,
    ShingleTable,
    find_echoes,
    load_echoes,
    load_near_copies,
    near_copies,
)
from index.news.stories import wire_echoes
from index.status.summary import index_status
from index.store.generations import live_generation
from index.store.manifest import Manifest
from index.update.build import update_index
from qa.engine.engine import open_engine

AFP = {"001_abad9e9fd5f90efe.txt", "002_c75df0162f650722.txt", "003_81e9dda9929231ae.txt"}
WIRE = "Discussions on the withdrawal of certain military elements have begun"


def all_texts(settings: Settings) -> dict[str, str]:
    engine = open_engine(settings)
    return {a: engine.article_text(a) for a in engine.manifest.articles}


def saved(settings: Settings) -> list[Echo]:
    live = live_generation(settings.data_dir)
    assert live is not None
    echoes = load_echoes(live, Manifest.load(live).revision)
    assert echoes is not None
    return echoes


def test_the_three_afp_copies_are_one_story(seeded: Settings):
    stories = index_status(seeded).stories
    assert [set(s) for s in stories] == [AFP]


def test_a_wire_quote_is_linked_from_its_plainest_copy_to_both_others(seeded: Settings):
    # 002 and 003 each add a different attribution to the quote (Le Monde, AFP), so they
    # share less than half of their shingles with each other; 001 carries the bare quote.
    texts = all_texts(seeded)
    linked = {
        frozenset((e.a, e.b))
        for e in saved(seeded)
        if WIRE in texts[e.a][e.a_start : e.a_end] and WIRE in texts[e.b][e.b_start : e.b_end]
    }
    plain = "001_abad9e9fd5f90efe.txt"
    assert linked == {frozenset((plain, other)) for other in AFP - {plain}}


def test_echo_offsets_are_exact_sentences_of_both_articles(seeded: Settings):
    texts = all_texts(seeded)
    for e in saved(seeded):
        assert e.a < e.b and e.a != e.b
        assert (e.a_start, e.a_end) in sentence_units(texts[e.a])
        assert (e.b_start, e.b_end) in sentence_units(texts[e.b])


def test_an_update_finds_the_same_echoes_as_a_fresh_search(fresh: Settings):
    update_index(fresh)
    seeds = fresh.seeds_dir
    copied = (seeds / "003_81e9dda9929231ae.txt").read_text()
    # A new article reprinting one seed, and a seed removed: only they are compared again.
    (seeds / "reprint.txt").write_text("source: Daily Echo\nFrance talks\n\n" + copied)
    (seeds / "002_c75df0162f650722.txt").unlink()
    update_index(fresh)
    kept = saved(fresh)
    assert kept == find_echoes(ShingleTable.of_texts(all_texts(fresh)))
    assert not any("002_c75df0162f650722.txt" in (e.a, e.b) for e in kept)
    assert any({e.a, e.b} == {"003_81e9dda9929231ae.txt", "reprint.txt"} for e in kept)


def test_an_index_without_kept_echoes_finds_them_on_open(fresh: Settings):
    update_index(fresh)
    kept = dict(open_engine(fresh).copies.sides)
    live = live_generation(fresh.data_dir)
    assert live is not None
    for path in (live / FOLDER).iterdir():
        path.unlink()
    (live / FOLDER).rmdir()
    open_engine.__globals__["_engines"].clear()
    found = open_engine(fresh).copies.sides
    assert set(found) == AFP and dict(found) == kept


def test_shingle_tables_survive_saving(tmp_path: Path):
    table = ShingleTable.of_texts({"a.txt": "One two three four five six seven eight. Nine."})
    table.save(tmp_path / "t.npz")
    loaded = ShingleTable.load(tmp_path / "t.npz")
    assert loaded is not None
    assert loaded.articles.tolist() == ["a.txt"] and loaded.hashes.tolist() == table.hashes.tolist()
    (tmp_path / "bad.npz").write_bytes(b"not numpy")
    assert ShingleTable.load(tmp_path / "bad.npz") is None


def test_a_corrupt_echo_file_is_not_trusted(fresh: Settings):
    update_index(fresh)
    live = live_generation(fresh.data_dir)
    assert live is not None
    (live / FOLDER / "echoes.json").write_text(json.dumps({"revision": 0, "echoes": [["x"]]}))
    assert load_echoes(live, Manifest.load(live).revision) is None


def test_site_templates_are_not_wire_copy():
    template = "Sign up to our free weekly newsletter for the best deals in tech today"
    story = "The central bank raised its main interest rate by half a point on Thursday"
    texts = {f"{i}.txt": f"{template}. Story {i} here with words." for i in range(4)}
    texts |= {"x.txt": f"{story}.", "y.txt": f"{story}, officials said."}
    outlets: dict[str, str | None] = {f"{i}.txt": "Gadget Site - Deals" for i in range(4)}
    outlets |= {"x.txt": "Reuters", "y.txt": None}
    raw = find_echoes(ShingleTable.of_texts(texts))
    kept = wire_echoes(raw, outlets)
    assert len(raw) == 6 + 1  # every pair of the four template copies, and the story
    assert [(e.a, e.b) for e in kept] == [("x.txt", "y.txt")]


def test_short_or_loosely_similar_sentences_do_not_echo():
    texts = {
        "a.txt": "The source did not give details. Apple Watch Series 9 review.",
        "b.txt": "The source did not give details. Read our Apple Watch Series 9 review today.",
        "c.txt": "Prices rose sharply in the city of Lagos last month as fuel subsidies ended.",
        "d.txt": "In Lagos, officials said fuel subsidies ended and many prices rose last month.",
    }
    assert find_echoes(ShingleTable.of_texts(texts)) == []


def test_an_update_with_nothing_to_do_keeps_echoes_an_older_index_lacked(fresh: Settings):
    update_index(fresh)
    live = live_generation(fresh.data_dir)
    assert live is not None
    expected = saved(fresh)
    for path in (live / FOLDER).iterdir():
        path.unlink()
    (live / FOLDER).rmdir()
    report = update_index(fresh)
    assert report.generation == live.name and report.chunks_embedded == 0
    assert saved(fresh) == expected


def test_a_copy_that_differs_in_a_value_is_a_variant_not_an_echo():
    wion = (
        "Currently, about 1500 French troops are deployed in Niger as part of France's larger "
        "fight against jihadists in the Sahel region of Africa."
    )
    texts = {
        "wion.txt": wion,
        "copy.txt": wion.replace("1500", "1,500"),
        "other.txt": wion.replace("1500", "7000"),
    }
    found = near_copies(ShingleTable.of_texts(texts))
    assert [(e.a, e.b) for e in found.echoes] == [("copy.txt", "wion.txt")]
    assert [(e.a, e.b) for e in found.variants] == [
        ("copy.txt", "other.txt"),
        ("other.txt", "wion.txt"),
    ]
    assert find_echoes(ShingleTable.of_texts(texts)) == found.echoes


def test_an_update_keeps_the_variants_it_finds(fresh: Settings):
    seeds = fresh.seeds_dir
    wion = (seeds / "003_81e9dda9929231ae.txt").read_text()
    update_index(fresh)
    # Added after the first build: only it is compared, against the kept shingles.
    (seeds / "x7000.txt").write_text(wion.replace("about 1500 French", "about 7000 French"))
    update_index(fresh)
    live = live_generation(fresh.data_dir)
    assert live is not None
    kept = load_near_copies(live, Manifest.load(live).revision)
    assert kept == near_copies(ShingleTable.of_texts(all_texts(fresh)))
    assert [(e.a, e.b) for e in kept.variants] == [("003_81e9dda9929231ae.txt", "x7000.txt")]
    # Echoes kept by the rule before values were compared are not trusted: found again.
    path = live / FOLDER / "echoes.json"
    older = json.loads(path.read_text())
    del older["version"], older["variants"]
    path.write_text(json.dumps(older))
    assert load_near_copies(live, Manifest.load(live).revision) is None


def test_a_template_repeated_with_other_values_is_still_a_template():
    line = "To see the Week {} projections for wide receivers and all our tools, join us today."
    texts = {f"{i}.txt": line.format(week) for i, week in enumerate((12, 12, 13, 14))}
    outlets: dict[str, str | None] = dict.fromkeys(texts, "Draft Site")
    found = near_copies(ShingleTable.of_texts(texts))
    assert [(e.a, e.b) for e in found.echoes] == [("0.txt", "1.txt")] and found.variants
    # Alone, the two week-12 copies look like wire copy; with their variants, furniture.
    assert wire_echoes(found.echoes, outlets) == found.echoes
    assert wire_echoes(found.echoes, outlets, found.variants) == []

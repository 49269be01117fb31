from index.ingest.clean import clean_article
from index.ingest.load import ArticleFile, read_article_files
from tests.conftest import SEEDS


def seed(article_id: str):
    readable, _ = read_article_files(SEEDS, max_bytes=2_000_000)
    return clean_article(next(a for a in readable if a.article_id == article_id))


def article(text: str):
    return clean_article(ArticleFile("x.txt", text, "h"))


def test_seed_date_markers_are_read_and_removed():
    first, second = seed("001_abad9e9fd5f90efe.txt"), seed("004_bebdfeffcaaf1832.txt")
    assert first.date == "2023-09-05"
    assert second.date == "2023-08-04"
    assert first.text.startswith("France has started talks")
    assert "date 2023" not in first.text and "date 2023" not in second.text


def test_seeds_without_a_marker_have_no_date():
    assert seed("000_a80c936fc3ad9ca2.txt").date is None


def test_site_promo_is_stripped_and_names_the_outlet():
    wion = seed("003_81e9dda9929231ae.txt")
    assert wion.outlet == "WION"
    assert "write for wionews.com" not in wion.text
    assert "WATCH WION LIVE" not in wion.text
    # Real content and attributions stay.
    assert "about 1500 French troops" in wion.text
    assert wion.text.endswith("(With inputs from agencies)")


def test_titles_fall_back_to_a_shortened_first_sentence():
    wion = seed("003_81e9dda9929231ae.txt")
    assert wion.title.startswith("France has begun talks")  # not the "Niamey" dateline
    assert len(wion.title) <= 90


def test_headline_and_dateline_are_recognised():
    a = article(
        "Junta asks Togo to mediate\n"
        "NIAMEY, Sept. 5, 2023 (Reuters) - Niger's junta asked Togo to mediate on Monday.\n"
        "More text follows here."
    )
    assert a.title == "Junta asks Togo to mediate"
    b = article("NIAMEY, Sept. 5, 2023 (Reuters) - Niger's junta asked Togo on Monday.")
    assert b.outlet == "Reuters"
    assert b.date == "2023-09-05"


def test_boilerplate_lines_go_and_content_lines_stay():
    a = article(
        "Markets fell sharply on Monday.\n"
        "Subscribe to our newsletter for free updates\n"
        "Advertisement\n"
        "Analysts said subscription numbers rose.\n"
        "Follow us on Twitter\n"
    )
    assert a.text == "Markets fell sharply on Monday.\nAnalysts said subscription numbers rose."


def test_invalid_marker_date_is_ignored():
    assert article("date 2023-02-30 Something happened.").date is None

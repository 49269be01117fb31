"""Web pages and feeds (#18): extraction quality, the cost of a page against the same text as
.txt, and a feed refresh that finds nothing new.

    python bench/web_pages.py [--rounds 5] [--out DIR]

1. Extraction, on the test pages (tests/web_pages.py: JSON-LD only, OpenGraph only, no
   metadata, Windows-1252 declared and undeclared): the story's sentences kept and the
   boilerplate lines dropped, each page's lists as the tests have them.
2. Indexing: the four distinct pages as .html, and the same articles as .txt (title line and
   cleaned text), each indexed into a fresh data folder by update_index in this process (the
   model loaded once before); the reading stage alone (read_articles) is timed too, since the
   extraction is all an HTML page adds. Medians of --rounds.
3. Feed refresh finding nothing new, from the loopback test server: an Atom feed answering
   304 to its ETag, and an RSS feed without validators sent again unchanged.

Writes web_pages.json to --out (default bench/out).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.core.settings import Settings  # noqa: E402
from index.embed.embedder import load_embedder  # noqa: E402
from index.fetch.sources import follow_feed, refresh_feeds  # noqa: E402
from index.ingest.html import html_article  # noqa: E402
from index.ingest.load import read_article_files  # noqa: E402
from index.ingest.read import read_articles  # noqa: E402
from index.update.build import update_index  # noqa: E402
from tests.web_pages import PAGES, Item, atom, brief_page, rss  # noqa: E402
from tests.web_server import Reply, serving  # noqa: E402


def settings_for(root: Path, **values: str) -> Settings:
    env = {"NEWSQA_SEEDS_DIR": str(root / "seeds"), "NEWSQA_DATA_DIR": str(root / "data")}
    env.update({f"NEWSQA_{k.upper()}": v for k, v in values.items()})
    return Settings.load(env, env_file=None)


def flat(text: str) -> str:
    return " ".join(text.split())


def extraction(work: Path) -> list[dict[str, object]]:
    rows = []
    for n, page in enumerate(PAGES):
        folder = work / f"page{n}"
        folder.mkdir()
        (folder / "page.html").write_bytes(page.body)
        [source], _ = read_article_files(folder, 2_000_000)
        html_article(source)  # the first page pays for trafilatura's import
        started = time.perf_counter()
        article = html_article(source)
        took = (time.perf_counter() - started) * 1000
        text = flat(article.text)  # type: ignore[union-attr]
        rows.append(
            {
                "page": page.path,
                "sentences_kept": sum(flat(s) in text for s in page.sentences),
                "sentences": len(page.sentences),
                "boilerplate_dropped": sum(flat(b) not in text for b in page.boilerplate),
                "boilerplate": len(page.boilerplate),
                "extract_ms": round(took, 1),
            }
        )
    return rows


def indexing(work: Path, rounds: int) -> dict[str, float]:
    pages = PAGES[:4]  # the fifth is the fourth without its charset declared
    html_seeds, txt_seeds = work / "html-src", work / "txt-src"
    html_seeds.mkdir()
    txt_seeds.mkdir()
    for n, page in enumerate(pages):
        (html_seeds / f"page{n}.html").write_bytes(page.body)
    articles, _ = read_articles(html_seeds, 2_000_000)
    for n, article in enumerate(articles):
        (txt_seeds / f"page{n}.txt").write_text(f"{article.title}\n\n{article.text}\n")
    load_embedder(Settings().embed_model)
    times: dict[str, list[float]] = {"html": [], "txt": [], "read_html": [], "read_txt": []}
    for r in range(rounds):
        for kind, source in (("html", html_seeds), ("txt", txt_seeds)):
            root = work / f"{kind}-{r}"
            (root / "seeds").mkdir(parents=True)
            for file in source.iterdir():
                (root / "seeds" / file.name).write_bytes(file.read_bytes())
            settings = settings_for(root)
            started = time.perf_counter()
            read_articles(settings.seeds_dir, settings.max_article_bytes)
            times[f"read_{kind}"].append(time.perf_counter() - started)
            started = time.perf_counter()
            update_index(settings)
            times[kind].append(time.perf_counter() - started)
    per_page = {k: statistics.median(v) * 1000 / len(pages) for k, v in times.items()}
    return {
        "pages": len(pages),
        "index_html_ms_per_page": round(per_page["html"], 1),
        "index_txt_ms_per_page": round(per_page["txt"], 1),
        "index_extra_ms_per_page": round(per_page["html"] - per_page["txt"], 1),
        "read_html_ms_per_page": round(per_page["read_html"], 1),
        "read_txt_ms_per_page": round(per_page["read_txt"], 1),
        "read_extra_ms_per_page": round(per_page["read_html"] - per_page["read_txt"], 1),
    }


def refreshing(work: Path, rounds: int) -> dict[str, float]:
    results: dict[str, float] = {}
    with serving() as web:
        for n, (name, document, etag) in enumerate(
            (("etag_304", atom, '"v1"'), ("unchanged_200", rss, None))
        ):
            web.route(f"/bench{n}/story", Reply(brief_page()))
            body = document("Bench", [Item(web.url(f"/bench{n}/story"), f"b{n}", "Story")])
            web.route(f"/bench{n}/feed", Reply(body, content_type="text/xml", etag=etag))
            root = work / f"feeds-{name}"
            (root / "seeds").mkdir(parents=True)
            settings = settings_for(root, fetch_allow_private="true")
            follow_feed(settings, web.url(f"/bench{n}/feed"))
            took = []
            for _ in range(rounds):
                started = time.perf_counter()
                [report] = refresh_feeds(settings)
                took.append(time.perf_counter() - started)
                assert report.outcome == "unchanged", report
            results[f"{name}_median_ms"] = round(statistics.median(took) * 1000, 1)
            results[f"{name}_max_ms"] = round(max(took) * 1000, 1)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nq-web-") as tmp:
        work = Path(tmp)
        result = {
            "extraction": extraction(work),
            "indexing": indexing(work, args.rounds),
            "refresh": refreshing(work, args.rounds),
        }
    print("| page | sentences kept | boilerplate lines dropped | extraction |")
    print("|---|---|---|---|")
    for row in result["extraction"]:  # type: ignore[union-attr]
        print(
            f"| {row['page']} | {row['sentences_kept']}/{row['sentences']} | "
            f"{row['boilerplate_dropped']}/{row['boilerplate']} | {row['extract_ms']} ms |"
        )
    print()
    for key, value in {**result["indexing"], **result["refresh"]}.items():  # type: ignore[dict-item]
        print(f"{key}: {value}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "web_pages.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

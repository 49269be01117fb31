"""The sources under an answer printed by news-qa ask: title, outlet, author and date, the
article's web address when it has one, and the quoted span."""

from __future__ import annotations

from qa.types import Answer, Citation
from ui.web.render import outlet_name, reprint_name


def print_sources(answer: Answer) -> None:
    if answer.citations:
        print("\nSources:")
    for c in answer.citations:
        print(f"[{c.n}] {c.title}" + (f" ({where})" if (where := source_facts(c)) else ""))
        if c.url:
            print(f"    {c.url}")
        print(f'    {c.article_id}, characters {c.start}-{c.end}: "{c.quote}"')
        if c.also_reported_by:
            print("    also reported by: " + ", ".join(map(reprint_name, c.also_reported_by)))


def source_facts(c: Citation) -> str:
    """`“WION”, by Jane Doe, 2023-09-05`: the outlet quoted (it is the article's text, apart
    from our own metadata), the author, the date; what is known of them."""
    facts = [c.outlet and outlet_name(c.outlet), c.author and f"by {c.author}", c.date]
    return ", ".join(x for x in facts if x)

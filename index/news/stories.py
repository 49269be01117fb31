"""Stories: which echoes are wire copy rather than site furniture, and which articles carry
the same story (the three AFP copies among the seeds)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from index.core.text.outlets import outlet_family
from index.news.echoes import Echo, load_near_copies

# A sentence in more articles than this is boilerplate whoever runs it.
TEMPLATE_ARTICLES = 20
# Articles sharing this many echoed sentences carry the same story.
STORY_ECHOES = 2

# A sentence of an article, by its start: (article id, start).
Unit = tuple[str, int]
Node = TypeVar("Node", str, Unit)


def wire_echoes(
    echoes: list[Echo], outlets: dict[str, str | None], variants: list[Echo] | None = None
) -> list[Echo]:
    """The echoes that are copy, not site furniture: a sentence repeated in 3+ articles of one
    outlet and nowhere else is that outlet's template ("Sign up to our newsletter"), and one in
    more than TEMPLATE_ARTICLES articles is boilerplate whoever runs it. MultiHop-RAG has both
    (the cleaner strips only markers common to all sites). `variants` (near-copies that differ
    in a value) make templates too: "Week 12 projections" / "Week 13 projections"."""
    links: dict[Unit, set[Unit]] = {}
    for e in [*echoes, *(variants or [])]:
        links.setdefault((e.a, e.a_start), set()).add((e.b, e.b_start))
        links.setdefault((e.b, e.b_start), set()).add((e.a, e.a_start))
    template: set[Unit] = set()
    for sentences in linked_groups(links):
        articles = {a for a, _ in sentences}
        # Desks of one publisher ("The Independent - Sports", "- Travel") share templates.
        families = {outlet_family(outlets.get(a) or "") or a for a in articles}
        if len(articles) > TEMPLATE_ARTICLES or (len(articles) >= 3 and len(families) == 1):
            template |= sentences
    return [e for e in echoes if (e.a, e.a_start) not in template]


def story_groups(echoes: list[Echo]) -> list[frozenset[str]]:
    """Articles carrying the same story: linked by STORY_ECHOES or more echoed sentences,
    transitively; groups of two or more, ordered by their first article."""
    shared: dict[tuple[str, str], set[int]] = {}
    for e in echoes:
        shared.setdefault((e.a, e.b), set()).add(e.a_start)
    links: dict[str, set[str]] = {}
    for (a, b), sentences in shared.items():
        if len(sentences) >= STORY_ECHOES:
            links.setdefault(a, set()).add(b)
            links.setdefault(b, set()).add(a)
    return [frozenset(group) for group in linked_groups(links)]


def linked_groups(links: Mapping[Node, set[Node]]) -> list[set[Node]]:
    """The connected groups of `links` (node -> its neighbours), ordered by first node."""
    seen: set[Node] = set()
    groups = []
    for start in sorted(links):
        if start in seen or not links[start]:
            continue
        group: set[Node] = set()
        todo = [start]
        while todo:
            node = todo.pop()
            if node not in group:
                group.add(node)
                todo.extend(links.get(node, ()))
        seen |= group
        groups.append(group)
    return groups


def live_stories(
    generation: Path, revision: int, outlets: dict[str, str | None]
) -> list[frozenset[str]]:
    """The story groups of a generation from its kept echoes; none when it kept none yet."""
    found = load_near_copies(generation, revision)
    if found is None:
        return []
    return story_groups(wire_echoes(found.echoes, outlets, found.variants))

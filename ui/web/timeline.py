"""The chat's Timeline panel: an answer's cited articles by date, each with its `[n]` markers
(links to the sources panel), dated wire copies of a quote beside them, undated ones last."""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.types import Answer
from ui.web.render import cite_anchor, esc, outlet_html, shorten

TIMELINE_TITLE = 90


@dataclass
class TimelineEntry:
    """One article on an answer's timeline: the `[n]` it is cited as, or whose quote it carries."""

    article_id: str
    title: str
    outlet: str | None
    date: str | None
    cited: list[int] = field(default_factory=list)
    reprint_of: list[int] = field(default_factory=list)


def timeline_entries(answer: Answer) -> list[TimelineEntry]:
    """Each cited article once, plus dated reprints of a quote; by date, undated last."""
    entries: dict[str, TimelineEntry] = {}
    for c in answer.citations:
        entry = entries.setdefault(
            c.article_id, TimelineEntry(c.article_id, c.title, c.outlet, c.date)
        )
        entry.cited.append(c.n)
    cited = set(entries)
    for c in answer.citations:
        for r in c.also_reported_by:
            # An undated reprint has no place on a timeline; a cited one is there already.
            if not r.date or r.article_id in cited:
                continue
            entry = entries.setdefault(
                r.article_id, TimelineEntry(r.article_id, r.title, r.outlet, r.date)
            )
            if c.n not in entry.reprint_of:
                entry.reprint_of.append(c.n)
    return sorted(
        entries.values(),
        key=lambda e: (e.date is None, e.date or "", min(e.cited or e.reprint_of)),
    )


def timeline_html(answer: Answer | None, turn: int | None = None) -> str:
    """The answer's cited articles by date; each `[n]` links to its source when `turn` is given."""
    return f'<div class="nq-scroll">{_timeline_body(answer, turn)}</div>'


def _timeline_body(answer: Answer | None, turn: int | None) -> str:
    if answer is None:
        return '<p class="nq-empty">The cited articles of each answer appear here by date.</p>'
    entries = timeline_entries(answer)
    if not entries:
        return '<p class="nq-empty">This answer cites no article.</p>'
    dated = [e for e in entries if e.date]
    undated = [e for e in entries if not e.date]
    parts = []
    if dated:
        items = "".join(_timeline_item(e, turn) for e in dated)
        parts.append(f'<ol class="nq-timeline">{items}</ol>')
    else:
        parts.append('<p class="nq-empty">No cited article is dated.</p>')
    if undated:
        items = "".join(_timeline_item(e, turn) for e in undated)
        parts.append(f'<h5 class="nq-undated">Undated</h5><ul class="nq-timeline">{items}</ul>')
    return "".join(parts)


def _timeline_item(e: TimelineEntry, turn: int | None) -> str:
    when = f'<time datetime="{esc(e.date)}">{esc(e.date)}</time> ' if e.date else ""
    outlet = f"{outlet_html(e.outlet)} · " if e.outlet else ""
    if e.cited:
        marks = " ".join(_marker(turn, n) for n in e.cited)
    else:
        marks = "reprint of " + "".join(f"[{n}]" for n in e.reprint_of)
    return (
        f'<li class="nq-when" data-article="{esc(e.article_id)}">{when}{outlet}'
        f'<span class="nq-title" title="{esc(e.title)}">{esc(shorten(e.title, TIMELINE_TITLE))}'
        f'</span> <span class="nq-marks">{marks}</span></li>'
    )


def _marker(turn: int | None, n: int) -> str:
    if turn is None:
        return f"[{n}]"
    return f'<a href="{cite_anchor(turn, n)}" class="nq-open">[{n}]</a>'

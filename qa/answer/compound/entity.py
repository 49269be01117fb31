"""The bridging entity: the one name that every part of a "which company / who" question
points at, read from each part's evidence (names common to all parts win)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from index.core.text.dates import MONTHS, WEEKDAYS
from index.core.text.outlets import outlet_family
from index.core.text.terms import STOPWORDS, content_terms
from qa.analyze.question import QuestionAnalysis
from qa.answer.candidates import Candidate, candidate_citation, candidate_sentences
from qa.answer.compound.evidence import claim_terms, evidence_line
from qa.answer.compound.verdict import CompoundResult
from qa.engine.engine import Engine
from qa.retrieval.parts import PartEvidence
from qa.types import Citation, Passage

# Capitalised runs ("Sam Bankman-Fried", "U.S."), possessives cut off later.
# Runs stay on one line: a dateline or heading above a sentence is not part of its names.
_RUN = re.compile(
    r"\b[A-Z][\w&.-]*[\w&](?:[ \t]+(?:(?:bin|van|von|de|la|du)[ \t]+)?[A-Z][\w&.-]*[\w&])*"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s+|\n\s*)$")
# Titles split a run into the names around them ("FTX CEO Sam Bankman-Fried").
_TITLES = {
    "ceo",
    "cto",
    "cfo",
    "coo",
    "president",
    "chairman",
    "chairwoman",
    "founder",
    "judge",
    "senator",
    "sen",
    "rep",
    "assistant",
    "secretary",
    "director",
    "coach",
    "minister",
    "prime",
    "chief",
    "executive",
    "attorney",
    "general",
    "manager",
    "commissioner",
}
_NOT_NAMES = (
    {m.lower() for m in MONTHS}
    | set(WEEKDAYS)
    | STOPWORDS
    | _TITLES
    | {
        "mr",
        "mrs",
        "ms",
        "dr",
        "i",
        "ai",
        "us",
        "uk",
        "eu",
        "gmt",
        "am",
        "pm",
        "tv",
        "ok",
    }
)
# Passages read per part: a part's evidence past its best few is mostly about other things.
PASSAGES_PER_PART = 5
MAX_ENTITY_CITATIONS = 4
NO_ENTITY = "The indexed articles do not name one answer that every part of the question fits."


@dataclass(frozen=True)
class EntityCandidate:
    """A name in the evidence: `parts` how many parts' evidence holds it, `mentions` how
    often."""

    name: str
    parts: int
    mentions: int

    @property
    def score(self) -> float:
        return self.parts + 0.1 * math.log1p(self.mentions)


def name_mentions(text: str) -> list[tuple[str, bool]]:
    """(name, opens a sentence) for each name the text gives: capitalised runs split at
    titles, without leading stopwords or possessives. A run opening a sentence loses its
    first word when more follow ("Enter Google" is Google; other mentions give "Sam
    Bankman-Fried" whole); a one-word opener ("Ferry operators fear") counts only where the
    name also appears inside a sentence."""
    found = []
    for match in _RUN.finditer(text):
        words = match.group().split()
        opens = bool(_SENTENCE_START.search(text[: match.start()]))
        if opens and len(words) > 1:
            words, opens = words[1:], False
        for group in _split_at_titles(words):
            while group and group[0].lower() in _NOT_NAMES:
                group = group[1:]
            name = re.sub(r"['’]s$", "", " ".join(group)).strip(".")
            if len(name) >= 2 and name.lower() not in _NOT_NAMES:
                found.append((name, opens))
    return found


def _split_at_titles(words: list[str]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for word in words:
        if word.lower().strip(".") in _TITLES:
            groups.append([])
        else:
            groups[-1].append(word)
    return [g for g in groups if g]


def _looks_personal(name: str) -> bool:
    """ "Sam Bankman-Fried": two or three words, none all capitals."""
    words = name.split()
    return 2 <= len(words) <= 3 and not any(w.isupper() for w in words)


def bridging_entities(
    question: str, part_passages: list[list[Passage]], outlets: set[str], target: str = ""
) -> list[EntityCandidate]:
    """Names of the parts' evidence that the question does not give, best first: those
    every part's evidence holds, then by how often they appear; a `target` of "person"
    puts full personal names first."""
    asked = question.lower()
    skip = {o.lower() for o in outlets} | {outlet_family(o) for o in outlets}
    seen_parts: dict[str, set[int]] = {}
    mentions: dict[str, int] = {}
    inside: set[str] = set()
    # How the evidence spells each name, to give the most frequent spelling.
    forms: dict[str, dict[str, int]] = {}
    for n, passages in enumerate(part_passages):
        for passage in passages[:PASSAGES_PER_PART]:
            for name, opens in name_mentions(passage.text):
                key = name.lower()
                spellings = forms.setdefault(key, {})
                spellings[name] = spellings.get(name, 0) + 1
                if not opens:
                    inside.add(key)
                if key in skip or re.search(r"(?<!\w)" + re.escape(key) + r"(?!\w)", asked):
                    continue
                seen_parts.setdefault(key, set()).add(n)
                mentions[key] = mentions.get(key, 0) + 1
    for key in [k for k in seen_parts if k not in inside]:
        del seen_parts[key]
    ranked = [
        EntityCandidate(max(forms[k], key=lambda f: forms[k][f]), len(seen_parts[k]), mentions[k])
        for k in _merge_short_forms(seen_parts, mentions)
    ]
    if target == "person":
        return sorted(ranked, key=lambda c: (-c.score - 0.5 * _looks_personal(c.name), c.name))
    return sorted(ranked, key=lambda c: (-c.score, c.name))


def _merge_short_forms(seen_parts: dict[str, set[int]], mentions: dict[str, int]) -> list[str]:
    """Fold a surname into the most mentioned full name that ends with it ("bankman-fried"
    into "sam bankman-fried", not into a brother's name); returns the names that remain."""
    keys = sorted(seen_parts, key=len, reverse=True)
    kept: list[str] = []
    for key in keys:
        fuller = [k for k in kept if k.endswith(" " + key)]
        longer = max(fuller, key=lambda k: mentions[k], default=None)
        if longer is None:
            kept.append(key)
            continue
        seen_parts[longer] |= seen_parts[key]
        mentions[longer] += mentions[key]
    return kept


def entity_answer(
    analysis: QuestionAnalysis,
    evidence: list[PartEvidence],
    found: list[Passage],
    *,
    engine: Engine,
) -> CompoundResult:
    """The name every part's evidence holds, with a cited sentence naming it per part; none
    when no name is found in the evidence of more than one part (of a many-part question)."""
    # One part: the question's own passages are more of its evidence, not another part.
    lists = [e.passages for e in evidence] if len(evidence) > 1 else [_merged(evidence, found)]
    candidates = bridging_entities(
        analysis.question, lists, set(engine.outlet_names), analysis.target
    )
    need = 2 if len(evidence) > 1 else 1
    if not candidates or candidates[0].parts < need:
        return CompoundResult(NO_ENTITY, "", grounded=False)
    name = candidates[0].name
    citations: list[Citation] = []
    lines = [f"{name}."]
    seen: set[tuple[str, int]] = set()
    # Each part's sentence is the one naming the answer that best states that part's clues.
    clues = [claim_terms(e.part) for e in evidence] if len(evidence) > 1 else [set()]
    for passages, wanted in zip(lists, clues, strict=True):
        wanted = wanted or content_terms(analysis.question)
        sentence = _naming_sentence(engine, passages, name, wanted, seen)
        if sentence is None:
            continue
        seen.add((sentence.passage.article_id, sentence.start))
        citations.append(candidate_citation(len(citations) + 1, sentence, 1.0))
        lines.append(evidence_line(sentence, len(citations)))
        if len(citations) == MAX_ENTITY_CITATIONS:
            break
    return CompoundResult("\n".join(lines), name, citations)


def _merged(evidence: list[PartEvidence], found: list[Passage]) -> list[Passage]:
    passages = [p for e in evidence for p in e.passages]
    ids = {p.passage_id for p in passages}
    return passages + [p for p in found if p.passage_id not in ids]


def _naming_sentence(
    engine: Engine,
    passages: list[Passage],
    name: str,
    wanted: set[str],
    seen: set[tuple[str, int]],
) -> Candidate | None:
    """The sentence of `passages` that names `name` (or its last word) and covers most of
    the `wanted` terms."""
    last = name.split()[-1].lower()
    naming = [
        c
        for c in candidate_sentences(passages[:PASSAGES_PER_PART], engine.passage_spans)
        if (name.lower() in c.text.lower() or last in c.text.lower())
        and (c.passage.article_id, c.start) not in seen
    ]
    if not naming:
        return None
    return max(naming, key=lambda c: engine.term_stats.coverage(wanted, content_terms(c.text)))

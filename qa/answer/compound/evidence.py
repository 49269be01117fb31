"""Each part's best evidence: the sentence of the part's own passages that best states its
claim, by term coverage first (cheap, every sentence), then the cross-encoder (a few)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.core.text.terms import content_terms
from qa.analyze.parts import Part
from qa.answer.candidates import Candidate, candidate_sentences
from qa.engine.engine import Engine
from qa.retrieval.parts import PartEvidence

# Passages of a part read for its evidence, and sentences of them given to the cross-encoder
# (it costs 5-20 ms a pair on this 2-core machine; coverage picks the few worth it).
PASSAGES_PER_PART = 4
SCORED_PER_PART = 3
# Words that frame a claim rather than state it ("Does the X article suggest that ...").
_FRAME = re.compile(
    r"\b(?:does|did|do|is|was|has|have|the|article|report|reports|reported|piece|story|"
    r"suggest|suggests|claim|claims|state|states|indicate|indicates|imply|implies|report|"
    r"mention|mentions|describe|describes|according|published|while|that|news)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """A part and the sentence that best states its claim.

    - `candidate`: that sentence (None when the part found no passage).
    - `coverage`: IDF-weighted share of the claim's terms the sentence holds, in [0, 1].
    - `support`: the cross-encoder's probability that the sentence answers the claim.
    """

    part: Part
    candidate: Candidate | None
    coverage: float = 0.0
    support: float = 0.0


def claim_terms(part: Part) -> set[str]:
    """The content terms of a part's claim, without its frame and its outlets' names."""
    text = part.text
    for outlet in part.outlets:
        text = re.sub(re.escape(outlet), " ", text, flags=re.IGNORECASE)
    return content_terms(_FRAME.sub(" ", text))


def part_findings(engine: Engine, evidence: list[PartEvidence]) -> list[Finding]:
    """Per part, its best sentence; a sentence already chosen for an earlier part is not
    chosen again (two parts are two claims)."""
    stats = engine.term_stats
    taken: set[tuple[str, int]] = set()
    findings = []
    for found in evidence:
        wanted = claim_terms(found.part)
        pool = [
            c
            for c in candidate_sentences(found.passages[:PASSAGES_PER_PART], engine.passage_spans)
            if (c.passage.article_id, c.start) not in taken
        ]
        if not pool or not wanted:
            findings.append(Finding(found.part, pool[0] if pool else None))
            continue
        covered = [stats.coverage(wanted, content_terms(c.text)) for c in pool]
        best = sorted(range(len(pool)), key=lambda i: -covered[i])[:SCORED_PER_PART]
        probs = engine.reranker.probabilities(found.part.text, [pool[i].text for i in best])
        # Coverage and the cross-encoder weigh equally: either alone picks paraphrase misses.
        pick = max(range(len(best)), key=lambda j: covered[best[j]] + float(probs[j]))
        chosen = pool[best[pick]]
        taken.add((chosen.passage.article_id, chosen.start))
        findings.append(
            Finding(found.part, chosen, round(covered[best[pick]], 4), round(float(probs[pick]), 4))
        )
    return findings


def source_label(candidate: Candidate) -> str:
    """ "The Verge (2023-11-07)": who published the sentence, and when."""
    passage = candidate.passage
    who = passage.outlet or passage.title
    return f"{who} ({passage.date})" if passage.date else who


def evidence_line(candidate: Candidate, n: int) -> str:
    """ "The Verge (2023-11-07): “quote” [n]"."""
    return f"{source_label(candidate)}: \u201c{candidate.text}\u201d [{n}]"

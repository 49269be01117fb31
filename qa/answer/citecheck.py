"""Check a generated answer's citations against the cited passages, offline.

Each sentence's claim (markers removed) must be supported by a span of one or two sentences
of a passage it cites: the IDF-weighted share of the claim's content terms that the span
holds, halved when a number in the claim is missing from the span. Markers that point at no
source are removed; unsupported sentences are dropped; an uncited sentence keeps its place
only if some passage supports it. Source sentences that read like instructions to a model
never count as support (a prompt injection echoed back is not a fact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from index.core.text.numbers import number_strings
from index.core.text.sentences import sentence_spans
from index.core.text.terms import content_terms
from qa.answer.citations import cite
from qa.answer.prompt import looks_like_injection
from qa.engine.term_stats import TermStats
from qa.types import Citation, ClaimCheck, ClaimVerdict, Passage

MARKER = re.compile(r"\s*\[(\d+)\]")
NO_ANSWER = re.compile(
    r"\b(sources?|articles?|context|passages?) (do|does) not (contain|mention|say|include|provide)"
    r"|\bno (information|mention)\b|\bnot (mentioned|stated|covered) in the (sources|articles)",
    re.IGNORECASE,
)
NUMBER_MISSING_FACTOR = 0.5


@dataclass(frozen=True)
class Support:
    score: float
    start: int  # span inside the passage text
    end: int


@dataclass(frozen=True)
class CheckedAnswer:
    text: str
    citations: list[Citation]
    checks: list[ClaimCheck]
    says_not_covered: bool


def best_support(claim: str, passage: Passage, stats: TermStats) -> Support:
    """The span (one or two adjacent sentences) of `passage` that best supports `claim`."""
    terms = content_terms(claim)
    total = sum(stats.idf(t) for t in terms)
    if total <= 0:
        return Support(0.0, 0, 0)
    wanted_numbers = number_strings(claim)
    spans = sentence_spans(passage.text)
    windows = [*spans, *[(a, d) for (a, _), (_, d) in pairwise(spans)]]
    windows = [(a, b) for a, b in windows if not looks_like_injection(passage.text[a:b])]
    best = Support(0.0, 0, 0)
    for a, b in windows:
        text = passage.text[a:b]
        score = sum(stats.idf(t) for t in terms & content_terms(text)) / total
        if not wanted_numbers <= number_strings(text):
            score *= NUMBER_MISSING_FACTOR
        # Prefer the single sentence when the pair adds nothing.
        if score > best.score + 1e-9:
            best = Support(score, a, b)
    return best


@dataclass(frozen=True)
class _Claim:
    """One checked sentence and, when kept, the supporting span of each source backing it."""

    check: ClaimCheck
    spans: list[tuple[int, Support]]


def check_generated(
    text: str, passages: list[Passage], stats: TermStats, threshold: float
) -> CheckedAnswer:
    """Keep only sentences a cited passage supports; renumber citations by first use."""
    claims: list[_Claim] = []
    for a, b in sentence_spans(text):
        raw = text[a:b]
        claim = MARKER.sub("", raw).strip()
        if re.search(r"\w", claim):
            cited = [int(n) for n in MARKER.findall(raw)]
            claims.append(_check_claim(claim, cited, passages, stats, threshold))
    kept = [c for c in claims if c.check.kept]
    text, citations = _renumbered(kept, passages)
    checks = [c.check for c in claims]
    says_not_covered = any(c.verdict == "says-not-covered" for c in checks)
    return CheckedAnswer(text, citations, checks, says_not_covered)


def _check_claim(
    claim: str, cited: list[int], passages: list[Passage], stats: TermStats, threshold: float
) -> _Claim:
    if NO_ANSWER.search(claim):
        check = ClaimCheck(
            sentence=claim,
            cited=cited,
            supported_by=[],
            score=0.0,
            kept=False,
            verdict="says-not-covered",
            reason="says the sources lack it",
        )
        return _Claim(check, [])
    valid = [n for n in dict.fromkeys(cited) if 1 <= n <= len(passages)]
    reasons = [f"cites no source [{n}]" for n in dict.fromkeys(cited) if n not in valid]
    candidates = valid or list(range(1, len(passages) + 1))
    support = {n: best_support(claim, passages[n - 1], stats) for n in candidates}
    backing = [n for n in candidates if support[n].score >= threshold]
    verdict: ClaimVerdict
    if valid:
        verdict = "supported" if backing else "unsupported"
        if not backing:
            reasons.append(f"not supported by {''.join(f'[{n}]' for n in valid)}")
    elif backing:
        verdict = "uncited-supported"
        backing = [max(backing, key=lambda n: support[n].score)]
        reasons.append(f"uncited; supported by [{backing[0]}]")
    else:
        verdict = "uncited-unsupported"
        reasons.append("uncited and no source supports it")
    check = ClaimCheck(
        sentence=claim,
        cited=cited,
        supported_by=backing,
        score=round(max((support[n].score for n in candidates), default=0.0), 3),
        kept=bool(backing),
        verdict=verdict,
        reason="; ".join(reasons),
    )
    return _Claim(check, [(n, support[n]) for n in backing])


def _renumbered(kept: list[_Claim], passages: list[Passage]) -> tuple[str, list[Citation]]:
    """The kept sentences with their markers renumbered by first use, and those citations."""
    citations: list[Citation] = []
    number_of: dict[tuple[int, int], int] = {}
    sentences = []
    for claim in kept:
        markers = []
        for n, s in claim.spans:
            key = (n, s.start)
            if key not in number_of:
                number_of[key] = len(citations) + 1
                citations.append(
                    cite(
                        number_of[key],
                        passages[n - 1],
                        start=s.start,
                        end=s.end,
                        score=round(s.score, 3),
                    )
                )
            markers.append(f"[{number_of[key]}]")
        sentence = claim.check.sentence
        body, end = (sentence[:-1], sentence[-1]) if sentence[-1] in ".!?" else (sentence, "")
        sentences.append(f"{body.rstrip()} {''.join(markers)}{end}")
    return " ".join(sentences), citations

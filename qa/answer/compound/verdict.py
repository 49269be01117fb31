"""Yes/no verdicts, choices and orders from each part's evidence.

A part holds when its sentence carries every negative word of its claim (qa/answer/compound
evidence picks the sentence): "PMS and mutual funds lack expert guidance" does not hold
against "Both PMS and mutual funds provide expert guidance". Then, by the question's
relation (qa/analyze):
- "each": Yes when every part holds;
- "before" / "after": Yes when the first part's article is dated before / after the second's;
- "same" / "different": the reports agree, as found news reports on one story mostly do,
  so "same" is Yes and "different" No; the evidence of each is shown.

Measured on MultiHop-RAG dev (bench/calibrate_verdicts.py): the cross-encoder's support did
not tell true claims from false ones (its best threshold on queries 1-340 fell to chance on
341-681), the negative words did; docs/answers.md has the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.core.text.polarity import added_negatives
from qa.analyze.question import QuestionAnalysis
from qa.answer.candidates import candidate_citation
from qa.answer.compound.evidence import Finding, evidence_line
from qa.types import Citation, PartCheck

_LATER = re.compile(r"\b(?:later|more recent|most recent|last|after)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CompoundResult:
    """A compound answer before it is dressed as an Answer: `short` is "Yes", "No", a
    name or a choice; `parts` say which part held."""

    text: str
    short: str
    citations: list[Citation] = field(default_factory=list)
    parts: list[PartCheck] = field(default_factory=list)
    grounded: bool = True


def part_holds(finding: Finding) -> bool | None:
    """Whether the part's sentence carries its claim's negative words (None: no sentence)."""
    if finding.candidate is None:
        return None
    return not added_negatives(finding.part.text, finding.candidate.text)


def checked_parts(findings: list[Finding]) -> tuple[list[Citation], list[PartCheck]]:
    """A citation per part's sentence and a PartCheck per part."""
    citations: list[Citation] = []
    checks = []
    for finding in findings:
        cited = []
        if finding.candidate is not None:
            n = len(citations) + 1
            citations.append(candidate_citation(n, finding.candidate, finding.support))
            cited.append(n)
        checks.append(
            PartCheck(
                text=finding.part.text,
                outlets=sorted(finding.part.outlets),
                citations=cited,
                holds=part_holds(finding),
                support=finding.support,
            )
        )
    return citations, checks


def verdict_answer(analysis: QuestionAnalysis, findings: list[Finding]) -> CompoundResult:
    """Yes or No (or one of the offered choices), naming each part's evidence; when a part
    found no evidence, says the evidence cannot decide."""
    citations, checks = checked_parts(findings)
    if any(c.holds is None for c in checks):
        return _undecided(findings, citations, checks)
    failing = [f for f, c in zip(findings, checks, strict=True) if not c.holds]
    relation = analysis.relation
    if relation in ("before", "after") and len(findings) >= 2:
        first, second = (f.candidate.passage.date if f.candidate else None for f in findings[:2])
        if not first or not second or first == second:
            return _undecided(findings, citations, checks)
        yes = (first < second) == (relation == "before")
        why = f"the first report is dated {first}, the second {second}"
    elif relation in ("same", "different"):
        # A part's negative words here name the topic ("the fraud allegations"), not a claim
        # of one report against the other: reports agree unless shown otherwise.
        yes = relation == "same"
        why = "nothing in the reports' evidence below contradicts the other"
    else:
        yes = not failing
        why = "each part is stated in its source" if yes else _failing_words(failing)
    short = analysis.choices[0 if yes else 1] if analysis.choices else ("Yes" if yes else "No")
    lines = [f"{short}: {why}.", *evidence_lines(findings, checks)]
    return CompoundResult("\n".join(lines), short, citations, checks)


def evidence_lines(findings: list[Finding], checks: list[PartCheck]) -> list[str]:
    """One line per part that found a sentence: its source, the quote and its [n]."""
    return [
        evidence_line(f.candidate, c.citations[0])
        for f, c in zip(findings, checks, strict=True)
        if f.candidate is not None and c.citations
    ]


def _failing_words(failing: list[Finding]) -> str:
    said = []
    for finding in failing:
        assert finding.candidate is not None
        words = " or ".join(
            f"\u201c{w}\u201d"
            for w in dict.fromkeys(added_negatives(finding.part.text, finding.candidate.text))
        )
        who = finding.candidate.passage.outlet or "its source"
        said.append(f"{who}'s evidence does not say {words}")
    return "; ".join(said)


def order_answer(analysis: QuestionAnalysis, findings: list[Finding]) -> CompoundResult:
    """The source whose evidence is dated first (or last, when the question asks which was
    later), with each part's dated evidence."""
    citations, checks = checked_parts(findings)
    dated = [
        (f.candidate.passage.date, f) for f in findings if f.candidate and f.candidate.passage.date
    ]
    if len({day for day, _ in dated}) < 2:
        return _undecided(findings, citations, checks)
    later = bool(_LATER.search(analysis.question))
    _, pick = (max if later else min)(dated, key=lambda pair: pair[0] or "")
    assert pick.candidate is not None
    winner = pick.candidate.passage.outlet or pick.candidate.passage.title
    lines = [f"{winner} reported it {'later' if later else 'first'}."]
    lines += evidence_lines(findings, checks)
    return CompoundResult("\n".join(lines), winner, citations, checks)


def source_answer(findings: list[Finding]) -> CompoundResult:
    """Which of the named sources says what the question asks: the one whose sentence
    states it best (cross-encoder support), with every part's sentence."""
    citations, checks = checked_parts(findings)
    found = [f for f in findings if f.candidate is not None]
    if not found:
        return _undecided(findings, citations, checks)
    best = max(found, key=lambda f: f.support)
    assert best.candidate is not None
    winner = best.candidate.passage.outlet or best.candidate.passage.title
    lines = [f"{winner}.", *evidence_lines(findings, checks)]
    return CompoundResult("\n".join(lines), winner, citations, checks)


def _undecided(
    findings: list[Finding], citations: list[Citation], checks: list[PartCheck]
) -> CompoundResult:
    missing = [c.text for c in checks if c.holds is None]
    head = (
        "The evidence cannot decide: no article was found for "
        + "; ".join(f"\u201c{m}\u201d" for m in missing)
        + "."
        if missing
        else "The evidence cannot decide: the reports' dates do not tell them apart."
    )
    lines = [head, *evidence_lines(findings, checks)]
    return CompoundResult("\n".join(lines), "", citations, checks, grounded=bool(citations))

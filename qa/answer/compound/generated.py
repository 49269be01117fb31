"""Generated answers to compound questions: the LLM gets the question's parts and each
part's own evidence; its sentences are checked one by one (qa/answer/citecheck.py) and its
verdict or name is kept only when every part it needs is cited to that part's evidence.

Otherwise the offline compound answer (qa/answer/compound/answerer.py) answers, noted.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from index.core.errors import LLMError
from qa.analyze.question import QuestionAnalysis
from qa.answer.citations import with_reprints
from qa.answer.citecheck import CheckedAnswer, check_generated
from qa.answer.excerpts import answer_prompt
from qa.answer.request import AnswerRequest
from qa.llm.backends import stream_reply
from qa.types import Answer, Citation, PartCheck, Passage

if TYPE_CHECKING:
    from qa.answer.compound.answerer import CompoundAnswerer
    from qa.answer.compound.verdict import CompoundResult

# A part's passages given to the model (its best first), and all sources at most.
PASSAGES_PER_PART = 2
MAX_SOURCES = 6
_VERDICT = re.compile(r"^\s*(?P<word>yes|no|consistent|inconsistent)\b[.,:;!\s-]*", re.I)
_ASK = {
    "verdict": "Begin with Yes or No, then give one sentence per part",
    "choice": "Begin with one of the two words the question offers, then one sentence per part",
    "order": "Begin with the name of the source that came first, then one sentence per part",
    "source": "Begin with the name of the source, then one sentence per part",
    "entity": "Begin with the name that fits every part, then one sentence per part",
}


def part_sources(evidence_lists: list[list[Passage]]) -> list[Passage]:
    """Each part's best passages, in turn, each once."""
    sources: list[Passage] = []
    for rank in range(PASSAGES_PER_PART):
        for passages in evidence_lists:
            if rank < len(passages) and all(
                p.passage_id != passages[rank].passage_id for p in sources
            ):
                sources.append(passages[rank])
    return sources[:MAX_SOURCES]


def compound_question(analysis: QuestionAnalysis) -> str:
    """The question with its parts listed and what to begin the answer with."""
    lines = [analysis.question, "", f"{_ASK[analysis.kind]}, each citing its source. Parts:"]
    for n, part in enumerate(analysis.parts, start=1):
        outlets = f" ({', '.join(sorted(part.outlets))})" if part.outlets else ""
        lines.append(f"{n}. {part.text}{outlets}")
    return "\n".join(lines)


@dataclass(frozen=True)
class GeneratedCompound:
    """The LLM's answer to a compound question, checked per sentence and per part."""

    offline: CompoundAnswerer

    def stream(self, request: AnswerRequest) -> Iterator[str | Answer]:
        analysis = request.analysis
        assert analysis is not None
        if analysis.kind == "unanswerable" or not request.parts:
            yield self.offline.answer(request)
            return
        settings = self.offline.settings
        sources = part_sources([e.passages for e in request.parts])
        started = time.perf_counter()
        timings = dict(request.timings_ms)
        pieces: list[str] = []
        try:
            messages = answer_prompt(
                compound_question(analysis), sources, engine=self.offline.engine, settings=settings
            )
            for delta in stream_reply(settings, messages):
                if not pieces:
                    timings["first_token"] = round((time.perf_counter() - started) * 1000, 1)
                pieces.append(delta)
                yield delta
        except LLMError as err:
            yield self._fallback(
                request, f"No generated answer: {err}; answered from the articles."
            )
            return
        timings["answer"] = round((time.perf_counter() - started) * 1000, 1)
        yield self._checked(replace(request, timings_ms=timings), "".join(pieces), sources)

    def _checked(self, request: AnswerRequest, reply: str, sources: list[Passage]) -> Answer:
        analysis = request.analysis
        assert analysis is not None
        engine, settings = self.offline.engine, self.offline.settings
        short, rest = lead_answer(analysis, reply)
        # One clause per part: "A says X [1]; B says Y [2]" is checked as two sentences.
        checked = check_generated(
            rest.replace("; ", ". "), sources, engine.term_stats, settings.citation_min
        )
        checks = parts_cited(request, checked.citations)
        refusal = gate(analysis, short, checks, checked)
        offline = None
        if not refusal and short == "No" and analysis.kind == "verdict":
            # A "No" says a part fails: kept only when the evidence check finds one that does.
            offline = self.offline.result(request)
            if offline.short != "No":
                refusal = (
                    'The generated "No" was not kept: the evidence check finds no part that '
                    "fails; answered from the articles."
                )
        if refusal:
            return self._fallback(request, refusal, checked, offline)
        return Answer(
            question=request.question,
            text=f"{short}: {checked.text}" if checked.text else short,
            grounded=True,
            citations=with_reprints(engine, checked.citations),
            passages=request.passages,
            mode="generated",
            notes=request.notes,
            timings_ms=request.timings_ms,
            checks=checked.checks,
            query=request.query,
            short=short,
            kind=analysis.kind,
            parts=checks,
        )

    def _fallback(
        self,
        request: AnswerRequest,
        note: str,
        checked: CheckedAnswer | None = None,
        offline: CompoundResult | None = None,
    ) -> Answer:
        """The offline answer with `note` said (`offline`: its result, if already found)."""
        answer = self.offline.answer(replace(request, notes=[*request.notes, note]), offline)
        return replace(answer, checks=checked.checks) if checked else answer


def lead_answer(analysis: QuestionAnalysis, reply: str) -> tuple[str, str]:
    """(short answer, the rest): "Yes"/"No"/a choice word, or the name the reply begins
    with for order, source and entity questions ("" when it begins with neither)."""
    text = reply.strip()
    found = _VERDICT.match(text)
    if analysis.kind in ("verdict", "choice"):
        if not found:
            return "", text
        word = found["word"].capitalize()
        if analysis.choices and word not in analysis.choices:
            return "", text
        return word, text[found.end() :]
    first = re.split(r"(?<=[.!?:])\s|\n", text, maxsplit=1)
    name = first[0].rstrip(".:!").strip()
    return (name, first[1] if len(first) > 1 else "") if 0 < len(name.split()) <= 6 else ("", text)


def parts_cited(request: AnswerRequest, citations: list[Citation]) -> list[PartCheck]:
    """Per part, the kept citations that quote the part's own evidence."""
    checks = []
    for evidence in request.parts:
        own = {p.article_id for p in evidence.passages[:PASSAGES_PER_PART]}
        cited = [c.n for c in citations if c.article_id in own]
        checks.append(
            PartCheck(
                text=evidence.part.text,
                outlets=sorted(evidence.part.outlets),
                citations=cited,
                holds=bool(cited),
                support=max((c.score for c in citations if c.n in cited), default=0.0),
            )
        )
    return checks


def gate(
    analysis: QuestionAnalysis, short: str, checks: list[PartCheck], checked: CheckedAnswer
) -> str:
    """Why the generated answer is not kept, or "" to keep it."""
    if checked.says_not_covered and not checked.citations:
        return "The LLM said the sources do not answer it; answered from the articles."
    if not short:
        return (
            "The generated answer did not begin with the short answer asked for; answered "
            "from the articles."
        )
    if analysis.kind == "entity" and not any(
        short.lower() in c.quote.lower() for c in checked.citations
    ):
        return f'The generated name "{short}" is in no quote it cites; answered from the articles.'

    uncited = [c.text for c in checks if not c.holds]
    # "Yes" and a name need every part; anything else one part (a "No" is checked after).
    need_all = short == "Yes" or analysis.kind == "entity"
    if (need_all and uncited) or not any(c.holds for c in checks):
        missing = "; ".join(f'"{t}"' for t in uncited)
        return (
            f'The generated "{short}" was not kept: no source it cites supports {missing}; '
            "answered from the articles."
        )
    return ""

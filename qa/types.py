"""The public results of news-qa: Passage (retrieval), Citation and Answer (answers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qa.analyze.question import AnswerKind

# How an answer was written: chosen sentences of the articles, or an LLM's checked text.
# (What it answers, AnswerKind, is the question analysis's: qa/analyze/question.py.)
AnswerMode = Literal["extractive", "generated"]
# What sources disagree on.
ConflictKind = Literal["number", "date", "name"]
# What the citation check found for a generated sentence (ClaimCheck.verdict):
# - "supported": a source it cites supports it (kept);
# - "uncited-supported": it cites no valid source, but one supports it (kept, cited to it);
# - "unsupported": no source it cites supports it (removed);
# - "uncited-unsupported": it cites no valid source and none supports it (removed);
# - "says-not-covered": it says the sources lack the answer (removed; an abstention).
ClaimVerdict = Literal[
    "supported", "uncited-supported", "unsupported", "uncited-unsupported", "says-not-covered"
]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk of an article.

    - `passage_id`: `<article_id>#<n>`.
    - `text`: at most 256 cl100k tokens, exactly the article's cleaned text `[start:end]`.
    - `score`: the fused retrieval score (dense and BM25, each in [0, 1]) plus the ranking
      stages' bonuses (sentence match, time, source), so it can pass 1; higher is better,
      comparable within one result list only.
    """

    passage_id: str
    article_id: str
    title: str
    outlet: str | None
    date: str | None
    text: str
    start: int
    end: int
    score: float
    url: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class IndexedArticle:
    """An article of the live index: `text` is its cleaned text, which every Citation's and
    Passage's `start`/`end` index into; `url` and `author` as for a Citation."""

    article_id: str
    title: str
    outlet: str | None
    date: str | None
    text: str
    url: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Reprint:
    """Another article carrying a cited sentence: `start`/`end` index its cleaned text;
    `url` is its web address when it came from a web page."""

    article_id: str
    title: str
    outlet: str | None
    date: str | None
    start: int
    end: int
    url: str | None = None


@dataclass(frozen=True)
class Citation:
    """The source behind one `[n]` marker of an answer.

    `quote` is exactly `cleaned_article_text[start:end]`: the sentence that supports the claim.
    `score` is how well that sentence supports the answer, in [0, 1].
    `also_reported_by`: other articles that carry the quote near-verbatim (wire copy).
    `url`: where the article was published (http/https; web pages and fetched URLs), else
    None; `author`: its byline, else None.
    """

    n: int
    article_id: str
    title: str
    outlet: str | None
    date: str | None
    quote: str
    start: int
    end: int
    score: float
    also_reported_by: list[Reprint] = field(default_factory=list)
    url: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Version:
    """One side of a conflict: the value as the sources write it, and the [n] of each."""

    value: str
    citations: list[int]


@dataclass(frozen=True)
class Conflict:
    """Sources that answer the same question with different values.

    Shape::

        Conflict(
            kind="date",          # or "number", "name"
            versions=[Version("July 26", [1, 2]), Version("July 28", [3])],  # most sources first
            text="Most sources say July 26 [1][2]; one says July 28 [3].",  # as in the answer
        )
    """

    kind: ConflictKind
    versions: list[Version]
    text: str


@dataclass(frozen=True)
class ClaimCheck:
    """What the citation check found for one sentence of a generated answer.

    - `sentence`: as generated, citation markers removed.
    - `cited`: the source numbers the model gave it (numbering of the prompt's sources).
    - `supported_by`: those whose passage holds a span supporting it (score >= NEWSQA_CITATION_MIN).
    - `score`: the best support found, in [0, 1].
    - `kept`: whether the sentence is in the final answer.
    - `verdict`: what the check found, as data (ClaimVerdict); `reason` says it in words.
    - `reason`: why it was removed or changed, or "".
    """

    sentence: str
    cited: list[int]
    supported_by: list[int]
    score: float
    kept: bool
    verdict: ClaimVerdict
    reason: str = ""


@dataclass(frozen=True)
class PartCheck:
    """One part of a compound question and what its own evidence says.

    - `text`: the part, as the question words it; `outlets`: the outlets it names.
    - `citations`: the [n] of the answer's citations that are this part's evidence.
    - `holds`: True when the evidence states the part's claim, False when it does not (or
      states the opposite of a "fails to ..." claim), None when no evidence was found.
    - `support`: how well the best evidence sentence states the claim, in [0, 1].
    """

    text: str
    outlets: list[str]
    citations: list[int]
    holds: bool | None
    support: float


@dataclass(frozen=True)
class Answer:
    """An answer to one question.

    Shape::

        Answer(
            question="How many French troops are in Niger?",
            text="Currently, about 1500 French troops are deployed in Niger ... [1] [2]",
            grounded=True,            # False: the articles do not support an answer
            citations=[Citation(n=1, article_id="003_81e9dda9929231ae.txt", quote="...", ...)],
            passages=[Passage(...), ...],   # what retrieval found, best first
            mode="extractive",        # or "generated" (an LLM wrote it; every citation checked)
            notes=[],                 # e.g. the question was truncated, the LLM was down
            timings_ms={"retrieve": 41.0, "answer": 23.5},   # "rerank", "first_token" when used
            checks=[],                # generated answers: a ClaimCheck per sentence
            conflicts=[],             # sources that disagree on the answer (see Conflict)
            query="How many French troops are in Niger?",   # as searched
            short="1500",             # the short answer, when the question asks for one
            kind="value",             # what the question asked for (qa/analyze AnswerKind)
            parts=[],                 # compound questions: a PartCheck per part
        )

    `short` is "Yes" or "No" for a yes/no question, the name for "which company/who", the
    number or date for "how many/when", "Consistent"/"Inconsistent" when asked which; "" when
    the question wants prose (a summary) or the articles do not answer it.
    """

    question: str
    text: str
    grounded: bool
    citations: list[Citation]
    passages: list[Passage]
    mode: AnswerMode = "extractive"
    notes: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    checks: list[ClaimCheck] = field(default_factory=list)
    # The question as searched: whitespace-normalised, cut to length, follow-ups made standalone.
    query: str = ""
    conflicts: list[Conflict] = field(default_factory=list)
    short: str = ""
    kind: AnswerKind = "fact"
    parts: list[PartCheck] = field(default_factory=list)

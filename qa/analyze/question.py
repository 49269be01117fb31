"""What a question wants (a verdict, an entity, an order, a summary ...) and its parts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from index.core.text.outlets import OutletMention, outlet_occurrences
from index.core.text.questions import asked_kinds
from qa.analyze.parts import Part, question_parts
from qa.analyze.sources import unindexed_sources

# - "verdict": yes or no ("Does the Guardian article suggest ..., while ...?");
# - "choice": one of two words the question offers ("consistent or inconsistent?");
# - "order": which source or report came first or later (answered with a source);
# - "source": which of the sources named says something (answered with a source);
# - "entity": the one name all parts point at ("Which company ...", "Who is the individual");
# - "value": a number, date or name ("how many", "when", "who said");
# - "summary": what someone said or did, in a few sentences;
# - "unanswerable": nothing the indexed articles can hold (a letter puzzle, or what a
#   publisher said when no indexed article is from that publisher);
# - "fact": anything else, answered with the best sentence.
AnswerKind = Literal[
    "verdict", "choice", "order", "source", "entity", "value", "summary", "unanswerable", "fact"
]
# Words from which a one-source "which/who" question is a description to match, not a
# lookup (MultiHop-RAG's inference questions run 25-60 words; "Who is X's minister?" 5).
BRIDGING_WORDS = 15
# Kinds whose parts are searched one by one (each under its own outlets and day).
PART_KINDS = frozenset({"verdict", "choice", "order", "source", "entity"})
# How a verdict's parts must relate for "Yes":
# - "each": every part holds ("Does A say X, while B says Y?");
# - "same": the reports agree ("Was the reporting consistent between A and B?");
# - "different": they differ ("Was there a change ...", "Did A contradict B?");
# - "before" / "after": the first part's report came before / after the second's.
# "same" and "different" are read only from the words around the parts (the question's
# frame): inside a part, "a different approach" is that part's claim.
Relation = Literal["each", "same", "different", "before", "after"]

_AUX = r"(?:does|did|do|is|was|are|were|has|have|had|can|could|would|will|should|might|must)"
_VERDICT_START = re.compile(rf"^\s*{_AUX}\b", re.I)
# "After TechCrunch reported ..., did the stance remain ...?"
_VERDICT_LATER = re.compile(
    rf"[,;]\s*(?:and\s+)?{_AUX}\s+(?:(?:the|there|both|these|this|it)\b|(?-i:[A-Z]))", re.I
)
_ENTITY = re.compile(
    r"^\s*(?:which|what)\s+(?!(?:is|was|are|were|did|does|do|has|have)\b)(?P<target>[a-z-]+)"
    r"|^\s*who\b(?P<who>)",
    re.I,
)
_ORDER = re.compile(
    r"\bwhich\s+(?:news\s+)?(?:outlet|source|report|article|publication|story|one)s?\b"
    r".{0,200}\b(?:first|earlier|later|more recent|most recent|before the other)\b"
    r"|\b(?:came|reported|published)\s+(?:it\s+)?first\b",
    re.I,
)
# "What is the name of the company ...", "What type of businesses ...", "..., which company".
_ENTITY_LATER = re.compile(
    r"\bwhat\s+is\s+the\s+(?:name|common term)\b|\bwhat\s+(?:type|kind|group)s?\s+of\b"
    r"|\b(?:which|what)\s+(?:[\w-]+\s+){0,2}(?:company|organization|organisation|firm|"
    r"person|individual|player|team|club|platform|institution)\b",
    re.I,
)
_WHICH_SOURCE = re.compile(
    r"\bwhich\s+(?:news\s+)?(?:source|outlet|publication|article|report)s?\b", re.I
)
_CHOICE = re.compile(
    r"\b(?P<a>consistent|similar|same|aligned|agreement|agree|positive)\s+or\s+"
    r"(?P<b>inconsistent|different|dissimilar|contradictory|disagreement|disagree|negative)\b",
    re.I,
)
_SAID = (
    r"say|said|write|wrote|written|ask|asked|do|done|report|reported|want|wanted|demand"
    r"|demanded|warn|warned|claim|claimed|announce|announced|tell|told|think|argue|argued"
    r"|propose|proposed|call|called|accuse|accused|promise|promised|urge|urged|reveal|revealed"
)
_SUMMARY = re.compile(
    r"^\s*(?:summari[sz]e|describe|outline|give an overview|what is the gist)\b"
    rf"|^\s*what\s+(?:did|does|do|has|have|had)\s+.+?\s+(?:{_SAID})\b",
    re.IGNORECASE,
)
# Puzzles over letters: articles never hold the answer.
_UNANSWERABLE = re.compile(
    r"\b(?:single|first|starting|last|initial)\s+(?:letter|character|initial)s?\b"
    r"|\bwhich\s+letter\b|\banagram\b",
    re.I,
)
_ORDER_WORD = re.compile(
    r"\b(?:before|prior to|earlier than)\b|\b(?P<after>after|later than)\b", re.I
)
_SAME = re.compile(
    r"\b(?:consistent|consistently|consistency|the same|same|identical(?:ly)?|align(?:s|ed)?|"
    r"agree(?:s|d)?|similar(?:ly)?|unchanged|maintained)\b",
    re.I,
)
_DIFFERENT = re.compile(
    r"\b(?:differ(?:s|ent|ently|ence)?|contradict(?:s|ed|ion)?|inconsisten(?:t|cy)|change[sd]?|"
    r"shift(?:s|ed)?|contrast(?:s|ing)?|unlike|disagree(?:s|d|ment)?|diverge[sd]?)\b",
    re.I,
)
# "What year ...", "which day ...": values, not entities.
_NOT_ENTITY = {
    "year",
    "date",
    "day",
    "month",
    "time",
    "number",
    "percentage",
    "share",
    "amount",
    "kind",
    "type",
    "way",
    "reason",
    "role",
    "aspect",
    "event",
    "impact",
    "effect",
    "significance",
}
_ENTITY_TARGETS = {
    "company": "organization",
    "organization": "organization",
    "organisation": "organization",
    "firm": "organization",
    "entity": "organization",
    "team": "organization",
    "institution": "organization",
    "agency": "organization",
    "platform": "organization",
    "country": "place",
    "city": "place",
    "person": "person",
    "individual": "person",
    "player": "person",
    "athlete": "person",
    "celebrity": "person",
    "artist": "person",
    "executive": "person",
    "figure": "person",
}


@dataclass(frozen=True)
class QuestionAnalysis:
    """A question taken apart.

    Shape::

        QuestionAnalysis(
            question="Does the 'Polygon' article ... while 'The Verge' says ...?",
            kind="verdict",                  # AnswerKind
            parts=(Part(text="...", outlets=frozenset({"Polygon"})), Part(...)),
            relation="each",                 # verdicts: how the parts must relate for Yes
            choices=(),                      # "choice": the two words offered, e.g.
                                             # ("Consistent", "Inconsistent")
            target="",                       # "entity": "person" or "organization" or ""
            missing_sources=(),              # publishers it names that no indexed
                                             # article is from ("an ESPN article")
        )
    """

    question: str
    kind: AnswerKind
    parts: tuple[Part, ...]
    relation: Relation = "each"
    choices: tuple[str, ...] = ()
    target: str = ""
    missing_sources: tuple[str, ...] = ()

    @property
    def compound(self) -> bool:
        """True when the parts are searched and checked one by one."""
        return len(self.parts) > 1


def analyze_question(question: str, aliases: dict[str, frozenset[str]]) -> QuestionAnalysis:
    """Kind and parts of `question`; `aliases` are the indexed outlets' names (Engine)."""
    mentions = outlet_occurrences(question, aliases)
    parts = tuple(question_parts(question, mentions))
    choice = _CHOICE.search(question)
    entity = _ENTITY.search(question)
    missing = tuple(unindexed_sources(question, aliases))
    if _UNANSWERABLE.search(question) or missing:
        kind: AnswerKind = "unanswerable"
    elif choice:
        kind = "choice"
    elif _VERDICT_START.search(question) or (_VERDICT_LATER.search(question) and not entity):
        kind = "verdict"
    elif _ORDER.search(question):
        kind = "order"
    elif _WHICH_SOURCE.search(question) and len(parts) > 1:
        kind = "source"
    elif _bridging(question, entity, parts):
        kind = "entity"
    elif _SUMMARY.search(question):
        kind = "summary"
    elif asked_kinds(question):
        kind = "value"
    else:
        kind = "fact"
    return QuestionAnalysis(
        question=question,
        kind=kind,
        parts=parts,
        # A choice's first word is the agreeing one ("consistent or inconsistent").
        relation="same"
        if kind == "choice"
        else _relation(question, mentions)
        if kind == "verdict"
        else "each",
        choices=(choice["a"].capitalize(), choice["b"].capitalize()) if choice else (),
        target=_target(question, entity) if kind == "entity" else "",
        missing_sources=missing,
    )


def _bridging(question: str, entity: re.Match[str] | None, parts: tuple[Part, ...]) -> bool:
    """A "which company / who" question with clues to combine: several sources, or a long
    description ("Who is the individual that ..., as reported by TechCrunch?"). A short
    "Who is Niger's defence minister?" wants the sentence that says it (a value)."""
    asks = (
        entity is not None
        and (entity["who"] is not None or entity["target"].lower() not in _NOT_ENTITY)
    ) or bool(_ENTITY_LATER.search(question))
    return asks and (len(parts) > 1 or len(question.split()) >= BRIDGING_WORDS)


def is_summary_question(question: str) -> bool:
    """ "What did/does X say/write/ask/do/report/want ...", "Summarize ...", "Describe ..."."""
    return bool(_SUMMARY.search(question))


def _relation(question: str, mentions: list[OutletMention]) -> Relation:
    if len(mentions) >= 2 and _VERDICT_START.search(question):
        between = question[mentions[0].end : mentions[1].start]
        order = _ORDER_WORD.search(between)
        if order:
            return "after" if order["after"] else "before"
    # The frame: before the first source, and the last clause after the last one.
    frame = question
    if mentions:
        tail = re.split(r"[,;]", question[mentions[-1].end :])[-1]
        frame = question[: mentions[0].start] + " " + tail
    # "different" words win: "Was there a change, or did it stay the same?" asks for one.
    if _DIFFERENT.search(frame):
        return "different"
    if _SAME.search(frame):
        return "same"
    return "each"


def _target(question: str, entity: re.Match[str] | None) -> str:
    if entity is not None and entity["who"] is not None:
        return "person"
    words = [entity["target"]] if entity is not None else []
    words += re.findall(r"[a-z]+", question.lower())[:12]
    return next((_ENTITY_TARGETS[w] for w in words if w in _ENTITY_TARGETS), "")

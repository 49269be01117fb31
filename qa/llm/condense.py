"""Follow-up questions ("and how many Americans?") rewritten to stand alone before search."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.core.errors import LLMError
from index.core.settings import Settings
from index.core.text.names import CAPITALISED_RUN

FOLLOW_UP = re.compile(
    r"^(and|but|also|so|what about|how about|same for)\b"
    r"|\b(it|its|they|them|their|he|she|his|her|there|that one|those|these)\b",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^(and|but|also|so|what about|how about|same for)\s+", re.IGNORECASE)
# "what did X say", "what does X want ...": a question about what someone said or did.
_WHAT_DID = re.compile(
    r"^what\s+(?:did|does|do|has|have)\s+(?P<subject>.+?)\s+"
    r"(?P<verb>say|ask|write|report|do|want|think|tell|demand|warn|claim|announce|mean)"
    r"(?:\s+(?P<rest>.*?))?\??$",
    re.IGNORECASE,
)
_PAST = {"say": "said", "write": "wrote", "do": "did", "think": "thought", "tell": "told"}
_PAST |= {"mean": "meant", "announce": "announced"}


def needs_condensing(question: str, previous: list[str]) -> bool:
    return bool(previous) and bool(FOLLOW_UP.search(question.strip()))


@dataclass(frozen=True)
class Condensed:
    """A question as it will be searched, and what rewriting it needs said with the answer."""

    question: str
    notes: list[str] = field(default_factory=list)


def condense_question(question: str, previous: list[str], settings: Settings) -> Condensed:
    """The follow-up as a standalone question: by the LLM when one is configured (falling back
    to the rules if it fails, noted), else by rules using the previous question's names."""
    if not needs_condensing(question, previous):
        return Condensed(question)
    notes: list[str] = []
    if settings.llm != "none":
        from qa.answer.prompt import condense_messages
        from qa.llm.backends import stream_reply

        try:
            rewritten = "".join(stream_reply(settings, condense_messages(question, previous)))
        except LLMError as err:
            rewritten = ""
            notes.append(f"The LLM could not rewrite the follow-up ({err}); rewritten by rules.")
        rewritten = rewritten.strip().splitlines()[0].strip() if rewritten.strip() else ""
        if 8 <= len(rewritten) <= 4 * len(question) + len(previous[-1]):
            return Condensed(rewritten)
    return Condensed(rule_based_condense(question, previous[-1]), notes)


def rule_based_condense(question: str, previous: str) -> str:
    """Swap the follow-up's new names into the previous question ("How many French troops are
    in Niger?" + "and how many Americans?" -> "How many Americans troops are in Niger?"), or,
    with no new names, add the previous question's names to it."""
    follow = _LEAD.sub("", question.strip()).rstrip("?").strip()
    new = [e for e in CAPITALISED_RUN.findall(follow) if e.lower() not in previous.lower()]
    said = _WHAT_DID.match(follow)
    if said and not said.group("rest") and new:
        # "and what did France say?" asks about the previous question's topic, not its verb.
        return f"{follow[:1].upper()}{follow[1:]} about {_topic(previous)}?"
    old = [e for e in CAPITALISED_RUN.findall(previous)[1:] if e.lower() not in follow.lower()]
    if (
        re.match(r"^(how|what|who|when|where|which|why)\b", follow, re.IGNORECASE)
        and len(follow.split()) <= 4
        and new
        and old
    ):
        return previous.replace(old[0], " ".join(new), 1)
    if new and old and len(follow.split()) <= 3:
        return previous.replace(old[0], " ".join(new), 1)
    context = [e for e in old if e.lower() not in follow.lower()]
    base = follow[:1].upper() + follow[1:]
    return f"{base} ({', '.join(context)})?" if context else f"{base}?"


def _topic(previous: str) -> str:
    """What the previous question was about, to follow "about": its own "about ..." phrase,
    "what Bazoum asked the world for" for "What did Bazoum ask the world for?", or the
    question itself as an indirect one."""
    asked = previous.strip().rstrip("?").strip()
    about = re.search(r"\babout\s+(.+)$", asked, re.IGNORECASE)
    if about:
        return about.group(1)
    said = _WHAT_DID.match(asked)
    if said:
        verb = said.group("verb").lower()
        past = _PAST.get(verb, verb + ("d" if verb.endswith("e") else "ed"))
        return " ".join(w for w in ("what", said.group("subject"), past, said.group("rest")) if w)
    return asked[:1].lower() + asked[1:] if not asked[1:2].isupper() else asked

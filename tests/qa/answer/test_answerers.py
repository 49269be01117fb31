"""The answerers as objects: built once per engine, handed an AnswerRequest; the generated one
calls the extractive one for its fallback, with a note and its checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from index.core.settings import Settings
from qa import retrieve
from qa.answer.extractive import ExtractiveAnswerer
from qa.answer.generated import GeneratedAnswerer
from qa.answer.request import AnswerRequest
from qa.api import answerer
from qa.engine.engine import open_engine
from qa.types import Answer
from tests.conftest import FRENCH_TROOPS
from tests.qa.llm_server import ScriptedLLM, scripted_server


@dataclass(frozen=True)
class RecordingExtractive(ExtractiveAnswerer):
    """The extractive answerer, keeping every request the generated one hands it."""

    seen: list[AnswerRequest] = field(default_factory=list)

    def answer(self, request: AnswerRequest) -> Answer:
        self.seen.append(request)
        return super().answer(request)


def request_for(settings: Settings, question: str = FRENCH_TROOPS) -> AnswerRequest:
    found = retrieve(question, k=10, settings=settings)
    return AnswerRequest(
        question=question,
        query=question,
        passages=found[: settings.top_k],
        more=found[settings.top_k :],
        notes=["earlier note"],
        timings_ms={"retrieve": 1.0},
    )


@dataclass
class Generated:
    """What one GeneratedAnswerer.stream gave, and what its extractive answerer was handed."""

    tokens: list[str]
    answer: Answer
    handed: list[AnswerRequest]
    script: ScriptedLLM


def generate(settings: Settings, reply: str, request: AnswerRequest) -> Generated:
    engine = open_engine(settings)
    script = ScriptedLLM(reply)
    with scripted_server(script) as url:
        llm = replace(settings, llm="openai", llm_base_url=f"{url}/v1", llm_model="scripted")
        extractive = RecordingExtractive(engine, llm)
        pieces = list(GeneratedAnswerer(engine, llm, extractive).stream(request))
    final = pieces[-1]
    assert isinstance(final, Answer) and all(isinstance(p, str) for p in pieces[:-1])
    return Generated([str(p) for p in pieces[:-1]], final, extractive.seen, script)


def test_an_unsupported_reply_is_answered_by_the_extractive_answerer(seeded: Settings):
    reply = "Germany sent 900 tanks to Niamey [1]."
    got = generate(seeded, reply, request_for(seeded))
    assert "".join(got.tokens) == reply
    (handed,) = got.handed
    assert handed.notes[0] == "earlier note" and "no supported sentence" in handed.notes[-1]
    assert {"retrieve", "first_token", "answer"} <= set(handed.timings_ms)
    assert got.answer.mode == "extractive" and re.search(r"1,?500", got.answer.text)
    assert [c.verdict for c in got.answer.checks] == ["unsupported"]


def test_a_supported_reply_never_calls_the_extractive_answerer(seeded: Settings):
    request = request_for(seeded)
    n = next(i for i, p in enumerate(request.passages, 1) if "1500 French troops" in p.text)
    got = generate(seeded, f"About 1500 French troops are in Niger [{n}].", request)
    assert got.handed == []
    assert got.answer.mode == "generated" and got.answer.text.endswith("[1].")
    assert got.answer.notes == ["earlier note"] and request.timings_ms == {"retrieve": 1.0}


def test_no_passages_is_answered_without_the_llm(seeded: Settings):
    empty = replace(request_for(seeded), passages=[], more=[])
    got = generate(seeded, "About 1500 French troops are in Niger [1].", empty)
    assert got.script.requests == [] and got.tokens == [] and len(got.handed) == 1
    assert not got.answer.grounded and got.answer.mode == "extractive"


def test_the_extractive_answerer_streams_its_text_whole(seeded: Settings):
    engine = open_engine(seeded)
    pieces = list(ExtractiveAnswerer(engine, seeded).stream(request_for(seeded)))
    text, answer = pieces
    assert isinstance(answer, Answer) and text == answer.text and answer.grounded
    assert answer.notes == ["earlier note"] and set(answer.timings_ms) == {"retrieve", "answer"}


def test_answerers_are_built_once_per_engine_and_settings(seeded: Settings):
    engine = open_engine(seeded)
    plain = answerer(engine, seeded)
    assert isinstance(plain, ExtractiveAnswerer) and answerer(engine, seeded) is plain
    llm = replace(seeded, llm="openai", llm_base_url="http://127.0.0.1:9/v1")
    generated = answerer(engine, llm)
    assert isinstance(generated, GeneratedAnswerer) and answerer(engine, llm) is generated
    assert generated.extractive.engine is engine and generated.extractive.settings == llm

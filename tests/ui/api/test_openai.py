"""The official `openai` client against a real `news-qa serve`: plain and streamed answers
with their citations, wrong key, unknown model, filters, and a follow-up's history."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import openai
import pytest

from tests.conftest import FRENCH_TROOPS
from tests.ui.api.conftest import KEY, OTHER_KEY, Served

pytestmark = pytest.mark.server


def client(served: Served, key: str = KEY) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{served.url}/v1", api_key=key, max_retries=0, timeout=60)


def ask(served: Served, messages: list[dict[str, str]], **extra: Any) -> Any:
    return client(served).chat.completions.create(
        model="news-qa", messages=messages, extra_body=extra or None
    )


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def span_of(url: str) -> tuple[str, int, int]:
    query = parse_qs(urlsplit(url).query)
    return query["article"][0], int(query["start"][0]), int(query["end"][0])


def test_the_model_is_listed(served):
    models = client(served).models.list()
    assert [m.id for m in models.data] == ["news-qa"]
    assert client(served, OTHER_KEY).models.retrieve("news-qa").id == "news-qa"


def test_an_answer_carries_its_citations_as_annotations(served):
    completion = ask(served, [user(FRENCH_TROOPS)])
    message = completion.choices[0].message
    assert completion.object == "chat.completion" and completion.model == "news-qa"
    assert "1500" in message.content and completion.choices[0].finish_reason == "stop"
    citations = message.model_extra["citations"]
    assert citations and message.annotations
    by_span = {(c["article_id"], c["start"], c["end"]): c for c in citations}
    for annotation in message.annotations:
        cited = annotation.url_citation
        marker = message.content[cited.start_index : cited.end_index]
        citation = by_span[span_of(cited.url)]
        assert marker == f"[{citation['n']}]" and cited.title == citation["title"]
        # The link opens the page; the REST API gives the same characters.
        assert cited.url.startswith(f"{served.url}/?article=")
        article_id, start, end = span_of(cited.url)
        span = httpx.get(
            f"{served.url}/api/articles/{article_id}",
            params={"start": start, "end": end},
            headers={"Authorization": f"Bearer {KEY}"},
            timeout=30,
        ).json()["span"]
        assert span["text"] == citation["quote"]
    extension = message.model_extra["news_qa"]
    assert extension["grounded"] is True and extension["short"] == "1500"
    assert completion.usage.completion_tokens > 0


def test_a_streamed_answer_is_the_same_answer_in_chunks(served):
    plain = ask(served, [user(FRENCH_TROOPS)]).choices[0].message
    stream = client(served).chat.completions.create(
        model="news-qa",
        messages=[user(FRENCH_TROOPS)],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.content
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    last = next(c for c in reversed(chunks) if c.choices)
    assert last.choices[0].finish_reason == "stop"
    extra = last.choices[0].delta.model_extra
    assert [a["url_citation"]["url"] for a in extra["annotations"]] == [
        a.url_citation.url for a in plain.annotations
    ]
    assert extra["citations"] == plain.model_extra["citations"]
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


def test_a_wrong_key_is_refused(served):
    with pytest.raises(openai.AuthenticationError) as refused:
        client(served, "not-a-key-of-this-server").models.list()
    assert refused.value.status_code == 401
    assert "NEWSQA_API_KEYS" in refused.value.message
    assert refused.value.code == "invalid_api_key"
    with pytest.raises(openai.AuthenticationError):
        ask_with = client(served, "wrong-key-0123456789abcdef")
        ask_with.chat.completions.create(model="news-qa", messages=[user(FRENCH_TROOPS)])


def test_an_unknown_model_is_not_found(served):
    with pytest.raises(openai.NotFoundError) as missing:
        client(served).chat.completions.create(model="gpt-4o", messages=[user(FRENCH_TROOPS)])
    assert missing.value.code == "model_not_found" and missing.value.param == "model"
    assert "news-qa" in missing.value.message
    with pytest.raises(openai.NotFoundError):
        client(served).models.retrieve("gpt-4o")
    with pytest.raises(openai.NotFoundError) as elsewhere:
        client(served).embeddings.create(model="news-qa", input="Niger")
    assert "/v1/chat/completions" in elsewhere.value.message


def test_outlet_and_date_filters_limit_the_sources(served):
    only_wion = ask(served, [user(FRENCH_TROOPS)], outlets=["WION"]).choices[0].message
    cited = only_wion.model_extra["citations"]
    assert cited and {c["outlet"] for c in cited} == {"WION"}
    dated = ask(served, [user(FRENCH_TROOPS)], since="2023-09-01", until="2023-09-30")
    message = dated.choices[0].message
    assert all("2023-09-01" <= c["date"] <= "2023-09-30" for c in message.model_extra["citations"])
    assert any("undated" in note for note in message.model_extra["news_qa"]["notes"])
    with pytest.raises(openai.BadRequestError) as bad:
        ask(served, [user(FRENCH_TROOPS)], since="last week")
    assert bad.value.param == "since" and "YYYY-MM-DD" in bad.value.message


def test_a_follow_up_is_read_with_the_conversation(served):
    follow_up = "and how many Americans?"
    alone = ask(served, [user(follow_up)]).choices[0].message.model_extra["news_qa"]
    conversation = [
        {"role": "system", "content": "You are a helpful assistant."},  # accepted, not used
        user(FRENCH_TROOPS),
        {"role": "assistant", "content": "About 1500 [1]."},
        user(follow_up),
    ]
    answered = ask(served, conversation).choices[0].message.model_extra["news_qa"]
    assert alone["query"] == follow_up
    assert answered["query"] == "How many Americans troops are in Niger?"


def test_bad_requests_get_openais_error_shape(served):
    with pytest.raises(openai.BadRequestError) as empty:
        ask(served, [user("   ")])
    assert empty.value.param == "messages" and "empty" in empty.value.message
    with pytest.raises(openai.BadRequestError) as no_question:
        ask(served, [{"role": "system", "content": "Be brief."}])
    assert "user" in no_question.value.message
    # Parameters that mean nothing here are accepted.
    kept = client(served).chat.completions.create(
        model="news-qa", messages=[user(FRENCH_TROOPS)], temperature=0.2, max_tokens=5, n=1
    )
    assert "1500" in (kept.choices[0].message.content or "")

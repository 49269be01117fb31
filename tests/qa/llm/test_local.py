"""A real small GGUF model (Qwen2.5-Coder-0.5B-Instruct, from PyPI) served by llama.cpp's
OpenAI-compatible server (xllamacpp) on loopback: generated answers end to end."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from index.core.settings import Settings
from qa import ask, ask_stream
from qa.llm.local import gguf_path, local_server_url
from tests.conftest import FRENCH_TROOPS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def qwen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gguf_path("qwen2.5-0.5b", tmp_path_factory.mktemp("models"))


def test_the_bundled_model_is_assembled_and_verified(qwen: Path):
    assert qwen.stat().st_size == 491_400_064 and qwen.read_bytes()[:4] == b"GGUF"


def test_openai_backend_against_a_llama_cpp_server(seeded: Settings, qwen: Path):
    url = local_server_url(qwen)
    settings = replace(seeded, llm="openai", llm_base_url=url, llm_model="qwen", llm_timeout=300)
    answer = ask(FRENCH_TROOPS, settings=settings)
    assert answer.mode == "generated" and answer.grounded
    assert re.search(r"1,?500", answer.text)
    assert answer.checks and all(c.kept for c in answer.checks)  # every citation passed
    for c in answer.citations:
        assert re.search(rf"\[{c.n}\]", answer.text) and c.score >= settings.citation_min


def test_local_backend_streams_tokens_then_the_checked_answer(seeded: Settings, qwen: Path):
    settings = replace(seeded, llm="local", local_model=str(qwen), llm_timeout=300)
    pieces = list(ask_stream(FRENCH_TROOPS, settings=settings))
    tokens, final = pieces[:-1], pieces[-1]
    assert len(tokens) > 3 and all(isinstance(t, str) for t in tokens)
    assert final.mode == "generated" and re.search(r"1,?500", "".join(tokens))
    assert final.timings_ms["first_token"] < final.timings_ms["answer"]

"""Errors say the fix in their message and carry it as fields."""

from __future__ import annotations

from pathlib import Path

from index.core.errors import IndexDamagedError, IndexMissingError, LLMError, NewsQAError


def test_index_errors_carry_what_their_message_says():
    missing = IndexMissingError(Path("/d"), "The index manifest is damaged")
    assert str(missing) == "The index manifest is damaged in /d - run: news-qa index"
    assert (missing.data_dir, missing.reason, missing.fix) == (
        Path("/d"),
        "The index manifest is damaged",
        "news-qa index",
    )
    damaged = IndexDamagedError(Path("/d/gen-2"), "chroma.sqlite3 is missing")
    assert str(damaged) == (
        "The index in /d/gen-2 is damaged (chroma.sqlite3 is missing) - "
        "run: news-qa index --rebuild"
    )
    assert (damaged.generation, damaged.reason, damaged.fix) == (
        Path("/d/gen-2"),
        "chroma.sqlite3 is missing",
        "news-qa index --rebuild",
    )


def test_an_llm_error_defaults_to_a_failure_no_setting_fixes():
    err = LLMError("the openai LLM at x failed (ValueError: y)")
    assert isinstance(err, NewsQAError) and (err.kind, err.setting) == ("failed", "")
    named = LLMError("m", kind="timeout", setting="NEWSQA_LLM_TIMEOUT")
    assert str(named) == "m" and (named.kind, named.setting) == ("timeout", "NEWSQA_LLM_TIMEOUT")

"""The one settings object, read from the environment and `.env` (prefix `NEWSQA_`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from index.core.errors import ConfigError

PREFIX = "NEWSQA_"
LLM_BACKENDS = ("none", "openai", "ollama", "local")
LLM_EVIDENCE = ("auto", "excerpts", "passages")


@dataclass(frozen=True)
class Settings:
    """Validated settings. Build with `Settings.load()`; every field maps to `NEWSQA_<FIELD>`."""

    seeds_dir: Path = Path("seeds")
    data_dir: Path = Path(".data")
    embed_model: str = "bge-small"
    reranker: str = "ms-marco-minilm"
    chunk_size: int = 256
    chunk_overlap: int = 20
    top_k: int = 5
    rerank_top: int = 0
    # Pass over a passage whose text the passages above it already carry (wire copies).
    diversity: bool = True
    # Retrieval tuning (qa/retrieval/config.py; chosen on MultiHop-RAG dev, docs/retrieval.md).
    dense_weight: float = 0.3
    candidates: int = 300
    sentence_weight: float = 0.3
    sentence_pool: int = 60
    time_weight: float = 0.3
    event_passages: int = 30
    source_turns: bool = True
    rerank_blend: float = 0.2
    max_question_chars: int = 2000
    max_article_bytes: int = 2_000_000
    min_support: float = 0.876
    host: str = "127.0.0.1"
    port: int = 7860
    # A Chroma server instead of the embedded store (empty host: embedded).
    chroma_host: str = ""
    chroma_port: int = 8000
    # Secrets stay out of repr(): settings are printed in logs and test failures.
    chroma_token: str = field(default="", repr=False)
    # Seconds a replaced index generation is kept for readers still using it.
    generation_grace: int = 600
    # (user, password) pairs; when set, every page, upload and event of the UI needs a login.
    ui_auth: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    # Host names the UI answers to besides NEWSQA_HOST and the loopback names (DNS rebinding).
    allowed_hosts: tuple[str, ...] = ()
    # Largest request body the UI reads (uploads: NEWSQA_MAX_ARTICLE_BYTES per file).
    max_request_bytes: int = 4_000_000
    # Keys for the service API (/api, /v1); without any, it serves loopback requests only.
    api_keys: tuple[str, ...] = field(default=(), repr=False)
    # Requests a minute each API key may make (0: no limit).
    api_rate: int = 60
    # Longest conversation a question may carry: messages and characters.
    max_history_messages: int = 200
    max_history_chars: int = 400_000
    # Generated answers: none (extractive), openai (any OpenAI-compatible server), ollama, local.
    llm: str = "none"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = field(default="", repr=False)
    llm_timeout: int = 120
    llm_max_tokens: int = 300
    local_model: str = "qwen2.5-0.5b"
    # What the LLM reads of each source: auto (excerpts for local, whole passages otherwise),
    # excerpts (the best sentences with their neighbours, qa/answer/excerpts.py) or passages.
    llm_evidence: str = "auto"
    # Excerpts: each source shows its best sentence; this many best of all get their neighbours.
    excerpt_sentences: int = 3
    # Share of a claim's (IDF-weighted) terms its cited sentence must hold; docs/calibration.md.
    citation_min: float = 0.75
    # Fetching web pages and feeds (news-qa add, news-qa feeds): seconds for one address;
    # private addresses (loopback, LAN, link-local) allowed; minutes between feed refreshes
    # in news-qa serve (0: off); the User-Agent sent ("": news-qa/<version>).
    fetch_timeout: int = 20
    fetch_allow_private: bool = False
    feed_refresh: int = 0
    user_agent: str = ""

    @classmethod
    def load(
        cls,
        environ: Mapping[str, str] | None = None,
        env_file: str | Path | None = ".env",
    ) -> Settings:
        """Read `environ` (default: the process environment) over the values in `env_file`."""
        values: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            from dotenv import dotenv_values

            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> Settings:
        known = {PREFIX + f.name.upper(): f for f in fields(cls)}
        unknown = sorted(k for k in values if k.startswith(PREFIX) and k not in known)
        if unknown:
            raise ConfigError(
                f"Unknown setting {unknown[0]}; known settings: {', '.join(sorted(known))} "
                "(see .env.example)",
                setting=unknown[0],
            )
        parsed: dict[str, Any] = {}
        for name, declared in known.items():
            raw = values.get(name)
            if raw is None or raw.strip() == "":
                continue
            parsed[declared.name] = _PARSERS[declared.name](name, raw.strip())
        settings = cls(**parsed)
        settings._check()
        return settings

    @property
    def llm_url(self) -> str:
        """The LLM endpoint: NEWSQA_LLM_BASE_URL, else the backend's usual local address."""
        defaults = {"openai": "https://api.openai.com/v1", "ollama": "http://127.0.0.1:11434"}
        return (self.llm_base_url or defaults.get(self.llm, "")).rstrip("/")

    def _check(self) -> None:
        if self.llm in ("openai", "ollama") and not self.llm_model:
            raise ConfigError(
                f"NEWSQA_LLM={self.llm} needs NEWSQA_LLM_MODEL (the model name the server knows, "
                "e.g. gpt-4o-mini or llama3.2)",
                setting="NEWSQA_LLM_MODEL",
            )
        if self.chunk_overlap >= self.chunk_size // 2:
            raise ConfigError(
                f"NEWSQA_CHUNK_OVERLAP={self.chunk_overlap} must be less than half of "
                f"NEWSQA_CHUNK_SIZE={self.chunk_size}",
                setting="NEWSQA_CHUNK_OVERLAP",
            )


def _int_in(low: int, high: int) -> Callable[[str, str], int]:
    def parse(name: str, raw: str) -> int:
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            raise ConfigError(f"{name}={raw!r} is not a whole number", setting=name) from None
        if not low <= value <= high:
            raise ConfigError(f"{name}={value} must be between {low} and {high}", setting=name)
        return value

    return parse


def _fraction(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number", setting=name) from None
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"{name}={value} must be between 0 and 1", setting=name)
    return value


def _path(name: str, raw: str) -> Path:
    return Path(raw).expanduser()


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
        raise ConfigError(f"{name}={raw!r} must be true or false", setting=name)
    return value in ("1", "true", "yes", "on")


def _text(name: str, raw: str) -> str:
    return raw


def _host_names(name: str, raw: str) -> tuple[str, ...]:
    names = tuple(item.strip().lower() for item in raw.split(",") if item.strip())
    bad = [n for n in names if not re.fullmatch(r"[a-z0-9.\-]+|\[[0-9a-f:.]+\]", n)]
    if bad:
        raise ConfigError(
            f"{name}: {bad[0]!r} is not a host name - list names or addresses without scheme "
            "or port, comma-separated, e.g. news.example.org,192.168.1.20",
            setting=name,
        )
    return names


def _header_value(name: str, raw: str) -> str:
    if not raw.isprintable() or not raw.isascii():
        raise ConfigError(
            f"{name} must be printable ASCII on one line, e.g. news-qa/0.1 (me@example.org)",
            setting=name,
        )
    return raw


# A key as long as a 96-bit random token, and one that fits in an HTTP header.
MIN_API_KEY_CHARS = 16


def _api_keys(name: str, raw: str) -> tuple[str, ...]:
    keys = tuple(item.strip() for item in raw.split(",") if item.strip())
    for key in keys:
        if len(key) < MIN_API_KEY_CHARS or not re.fullmatch(r"[\x21-\x7e]+", key):
            raise ConfigError(
                f"{name}: each key must be at least {MIN_API_KEY_CHARS} printable ASCII "
                "characters without spaces, comma-separated - make one with: python -c "
                "'import secrets; print(secrets.token_urlsafe(32))'",
                setting=name,
            )
    return keys


def _llm_backend(name: str, raw: str) -> str:
    value = raw.lower()
    if value not in LLM_BACKENDS:
        raise ConfigError(f"{name}={raw!r} must be one of: {', '.join(LLM_BACKENDS)}", setting=name)
    return value


def _llm_evidence(name: str, raw: str) -> str:
    value = raw.lower()
    if value not in LLM_EVIDENCE:
        raise ConfigError(f"{name}={raw!r} must be one of: {', '.join(LLM_EVIDENCE)}", setting=name)
    return value


def _auth_pairs(name: str, raw: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in raw.split(","):
        user, colon, password = item.strip().partition(":")
        if not colon or not user or not password:
            raise ConfigError(
                f"{name} must be user:password pairs separated by commas, e.g. "
                "ann:long-secret,bob:another-secret",
                setting=name,
            )
        pairs.append((user, password))
    return tuple(pairs)


_PARSERS: dict[str, Callable[[str, str], Any]] = {
    "seeds_dir": _path,
    "data_dir": _path,
    "embed_model": _text,
    "reranker": _text,
    "chunk_size": _int_in(32, 256),
    "chunk_overlap": _int_in(0, 128),
    "top_k": _int_in(1, 50),
    "rerank_top": _int_in(0, 100),
    "diversity": _flag,
    "dense_weight": _fraction,
    "candidates": _int_in(10, 10_000),
    "sentence_weight": _fraction,
    "sentence_pool": _int_in(0, 1_000),
    "time_weight": _fraction,
    "event_passages": _int_in(1, 1_000),
    "source_turns": _flag,
    "rerank_blend": _fraction,
    "max_question_chars": _int_in(50, 100_000),
    "max_article_bytes": _int_in(1_000, 100_000_000),
    "min_support": _fraction,
    "host": _text,
    "port": _int_in(1, 65535),
    "generation_grace": _int_in(0, 7 * 24 * 3600),
    "chroma_host": _text,
    "chroma_port": _int_in(1, 65535),
    "chroma_token": _text,
    "ui_auth": _auth_pairs,
    "allowed_hosts": _host_names,
    "max_request_bytes": _int_in(10_000, 1_000_000_000),
    "api_keys": _api_keys,
    "api_rate": _int_in(0, 1_000_000),
    "max_history_messages": _int_in(2, 100_000),
    "max_history_chars": _int_in(1_000, 100_000_000),
    "llm": _llm_backend,
    "llm_base_url": _text,
    "llm_model": _text,
    "llm_api_key": _text,
    "llm_timeout": _int_in(1, 3600),
    "llm_max_tokens": _int_in(16, 8192),
    "local_model": _text,
    "llm_evidence": _llm_evidence,
    "excerpt_sentences": _int_in(1, 100),
    "citation_min": _fraction,
    "fetch_timeout": _int_in(1, 600),
    "fetch_allow_private": _flag,
    "feed_refresh": _int_in(0, 7 * 24 * 60),
    "user_agent": _header_value,
}

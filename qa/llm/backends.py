"""The configured LLM as a llama-index client, and token streaming with clear failures."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import Any

from index.core.errors import LLMError, NewsQAError
from index.core.settings import Settings

# Retries on connection errors and 5xx answers (OpenAI-compatible client only).
RETRIES = 2
# The warm-up completion only has to run the model once.
WARMUP_TOKENS = 16
log = logging.getLogger(__name__)


@cache
def chat_llm(settings: Settings) -> Any:
    """A llama-index LLM for NEWSQA_LLM (openai, ollama or local); never the global default."""
    if settings.llm == "ollama":
        from llama_index.llms.ollama import Ollama

        return Ollama(
            model=settings.llm_model,
            base_url=settings.llm_url,
            request_timeout=float(settings.llm_timeout),
            temperature=0.0,
            # Set, so the client does not ask the server for it (/api/show) on every start.
            context_window=8192,
            additional_kwargs={"num_predict": settings.llm_max_tokens},
        )
    from llama_index.llms.openai_like import OpenAILike

    base_url, model = settings.llm_url, settings.llm_model
    extra: dict[str, Any] = {}
    if settings.llm == "local":
        from qa.llm.local import gguf_path, local_server_url

        path = gguf_path(settings.local_model, settings.data_dir)
        base_url, model = local_server_url(path), path.stem
        # llama.cpp keeps the prompt it computed and reuses the common prefix (the fixed
        # system message) next time; said per request, whatever the server's default.
        extra = {"extra_body": {"cache_prompt": True}}
    return OpenAILike(
        model=model,
        api_base=base_url,
        api_key=settings.llm_api_key or "none",
        is_chat_model=True,
        context_window=8192,
        max_tokens=settings.llm_max_tokens,
        temperature=0.0,
        timeout=float(settings.llm_timeout),
        max_retries=RETRIES,
        additional_kwargs=extra,
    )


def start_warmup(settings: Settings, messages: list[tuple[str, str]]) -> threading.Thread | None:
    """With NEWSQA_LLM=local, load the model and run one short completion of `messages` in a
    background thread, so the first question does not wait for the load. A failure is logged;
    the next question meets it again and reports it. Returns the started thread."""
    if settings.llm != "local":
        return None

    def run() -> None:
        try:
            "".join(stream_reply(replace(settings, llm_max_tokens=WARMUP_TOKENS), messages))
        except NewsQAError as err:
            log.warning("The local LLM did not warm up: %s", err)
        else:
            log.info("The local LLM is warm")

    thread = threading.Thread(target=run, name="news-qa-llm-warmup", daemon=True)
    thread.start()
    return thread


def stream_reply(settings: Settings, messages: list[tuple[str, str]]) -> Iterator[str]:
    """Stream the LLM's reply to (role, content) messages; failures become LLMError."""
    from llama_index.core.llms import ChatMessage

    try:
        llm = chat_llm(settings)
        chat = [ChatMessage(role=role, content=content) for role, content in messages]
        for chunk in llm.stream_chat(chat):
            if chunk.delta:
                yield chunk.delta
    except NewsQAError:
        raise
    except Exception as err:
        raise explain_failure(settings, err) from err


def explain_failure(settings: Settings, err: Exception) -> LLMError:
    """An LLMError naming what went wrong with the LLM (its `kind`) and the setting that
    fixes it (its `setting`, also said in the one-line message)."""
    where = f"the {settings.llm} LLM at {settings.llm_url or settings.local_model}"
    name = type(err).__name__
    status = getattr(err, "status_code", None) or getattr(
        getattr(err, "response", None), "status_code", None
    )
    if status in (401, 403) or name in ("AuthenticationError", "PermissionDeniedError"):
        return LLMError(
            f"{where} refused the API key - check NEWSQA_LLM_API_KEY",
            kind="auth",
            setting="NEWSQA_LLM_API_KEY",
        )
    if status == 404 or name == "NotFoundError":
        return LLMError(
            f"{where} has no model {settings.llm_model!r} - check NEWSQA_LLM_MODEL",
            kind="model",
            setting="NEWSQA_LLM_MODEL",
        )
    if "Timeout" in name:
        return LLMError(
            f"{where} did not answer within {settings.llm_timeout} s - raise NEWSQA_LLM_TIMEOUT "
            "or use a smaller model",
            kind="timeout",
            setting="NEWSQA_LLM_TIMEOUT",
        )
    if "Connect" in name or isinstance(err, ConnectionError):
        return LLMError(
            f"cannot reach {where} - start it, or check NEWSQA_LLM_BASE_URL",
            kind="unreachable",
            setting="NEWSQA_LLM_BASE_URL",
        )
    return LLMError(f"{where} failed ({name}: {str(err)[:200]})")

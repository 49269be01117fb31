"""Token counting with tiktoken `cl100k_base`, the unit of the 256-token passage limit."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken


@cache
def cl100k() -> tiktoken.Encoding:
    """The encoding, loaded from the copy llama-index ships (tiktoken would download it)."""
    import llama_index.core
    import tiktoken

    static = Path(llama_index.core.__file__).parent / "_static" / "tiktoken_cache"
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(static))
    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    return len(cl100k().encode(text, disallowed_special=()))


def encode_tokens(text: str) -> list[int]:
    return cl100k().encode(text, disallowed_special=())

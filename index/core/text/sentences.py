"""Sentence spans inside a passage, so a citation can quote exactly one sentence."""

from __future__ import annotations

import re


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, whitespace trimmed; lines never join."""
    from llama_index.core.utils import globals_helper

    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        offset = line.start()
        for start, end in globals_helper.punkt_tokenizer.span_tokenize(line.group()):
            piece = text[offset + start : offset + end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if end - start - lead - trail > 0:
                spans.append((offset + start + lead, offset + end - trail))
    return spans

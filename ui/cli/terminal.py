"""The CLI's output streams: nothing an article carries may act on the user's terminal.

Answers, quotes, titles, outlets, file names and notes all come from articles, and reach
stdout and stderr by many prints (and by log records naming files). Rather than trust every
one of them to clean its text, the command runs with `sys.stdout` and `sys.stderr` wrapped:
each write drops escape sequences, control characters (newlines and tabs kept) and
bidirectional controls (index/core/text/printable.py). JSON output is escaped before it is
printed instead, so its readers get the text unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from index.core.text.printable import terminal_text


class TerminalStream:
    """A text stream that writes `terminal_text` of everything to `raw`.

    Each write is cleaned on its own: a sequence split across two writes loses its ESC in the
    first and is plain text in the second, so nothing gets through either way.
    """

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(terminal_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        # flush, isatty, encoding, fileno...: the wrapped stream's own.
        return getattr(self.raw, name)


@contextmanager
def terminal_output() -> Iterator[None]:
    """Run the block with stdout and stderr cleaned of what would act on a terminal."""
    saved = sys.stdout, sys.stderr
    sys.stdout = TerminalStream(saved[0])
    sys.stderr = TerminalStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def raw_stream(stream: TextIO) -> TextIO:
    """The terminal behind a cleaned stream, for a progress bar, which must redraw its line
    with a carriage return (its text is cleaned by whoever sets it)."""
    return stream.raw if isinstance(stream, TerminalStream) else stream

"""`news-qa feedback export [FILE]`: the rated answers as JSONL."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from index.core.errors import NewsQAError
from index.core.settings import Settings
from ui.conversations.store import ConversationStore


def export_feedback(settings: Settings, file: Path | None) -> int:
    """Every rated answer, one JSON object a line, to `file` (replaced whole, never left
    half-written) or stdout; how many, said on stderr."""
    text = ConversationStore(settings.data_dir).export_feedback_jsonl()
    count = text.count("\n")
    if file is None:
        sys.stdout.write(text)
    else:
        partial = file.with_name(file.name + ".partial")
        try:
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, file)
        except OSError as err:
            partial.unlink(missing_ok=True)
            reason = err.strerror or str(err)
            raise NewsQAError(f"Cannot write {file} ({reason}) - choose another file") from None
    where = f" to {file}" if file else ""
    print(f"{count} rated answer{'s' if count != 1 else ''}{where}", file=sys.stderr)
    return 0

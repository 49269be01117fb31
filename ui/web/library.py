"""The Articles tab: list, upload, delete, and update the index with progress."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from index.core.errors import IndexBusyError, NewsQAError
from index.core.settings import Settings
from index.status.catalog import article_rows

if TYPE_CHECKING:
    from index.update.report import IndexReport

COLUMNS = ["file", "title", "outlet", "date", "chunks", "status", "note", "same story as"]
# One update at a time in this process; the index's writer lock covers other processes.
_updating = threading.Lock()

# progress(fraction, description)
ProgressBar = Callable[[float, str], None]


def articles_table(settings: Settings) -> list[list[object]]:
    """Rows for the article list, one per file in the seeds folder or article in the index."""
    try:
        rows = article_rows(settings)
    except NewsQAError as err:
        return [["", "", "", "", 0, "error", str(err), ""]]
    return [
        [
            r.article_id,
            r.title,
            r.outlet or "",
            r.date or "",
            r.chunks,
            r.status,
            r.detail,
            ", ".join(r.same_story),
        ]
        for r in rows
    ]


def outlet_choices(settings: Settings) -> list[str]:
    """The outlets of the indexed articles, for the chat's filter; none while there is no index.

    Opens the engine (loads the models the first time): call it from an event, not at start.
    """
    from qa.engine.engine import open_engine

    try:
        return list(open_engine(settings).outlet_names)
    except NewsQAError:
        return []  # the chat says what is wrong when a question is asked


def upload_articles(paths: list[str] | None, settings: Settings) -> str:
    """Copy uploaded files into the seeds folder; one line per file saying what happened."""
    from index.ingest.seeds import add_article_file

    if not paths:
        return "Choose one or more .txt, .md or .html files first."
    lines = []
    for path in paths:
        name = Path(path).name
        try:
            data = Path(path).read_bytes()
            saved = add_article_file(settings, name, data)
        except NewsQAError as err:
            lines.append(f"✗ {err}")
        except OSError as err:
            lines.append(f"✗ {name}: could not be read ({err.strerror}) - upload it again")
        else:
            lines.append(f"✓ {name} saved as {saved.name}")
    lines.append("Click “Update index” to make new articles answerable.")
    return "\n".join(lines)


def delete_article(article_id: str | None, settings: Settings) -> str:
    from index.ingest.seeds import remove_article_file

    if not article_id:
        return "Select an article in the list first."
    try:
        moved = remove_article_file(settings, article_id)
    except NewsQAError as err:
        return f"✗ {err}"
    return f"✓ {article_id} moved to {moved.parent}. Click “Update index” to drop it from answers."


def run_update(settings: Settings, progress: ProgressBar | None = None) -> IndexReport:
    """The incremental index update behind the Articles tab's Update and POST /api/index, then
    the new index loaded. One at a time in this process: IndexBusyError while one runs."""
    from index.update.build import update_index
    from qa.engine.engine import open_engine

    if not _updating.acquire(blocking=False):
        raise IndexBusyError(
            "An index update is already running - wait for it to finish.",
            data_dir=settings.data_dir,
            holder="this server",
        )
    try:

        def report(done: int, total: int, article_id: str) -> None:
            if progress:
                progress(done / total, f"Embedded {done}/{total}: {article_id}")

        if progress:
            progress(0.0, "Checking the seeds folder")
        result = update_index(settings, progress=report)
        if progress:
            progress(1.0, "Loading the new index")
        open_engine(settings)  # so the next question does not pay for loading it
        return result
    finally:
        _updating.release()


def update_running() -> bool:
    """Whether an update started by `run_update` is running in this process."""
    return _updating.locked()


def update_articles(settings: Settings, progress: ProgressBar | None = None) -> str:
    """Run the incremental index update; refuse politely while another one runs."""
    try:
        result = run_update(settings, progress)
    except NewsQAError as err:
        return f"✗ {err}"
    skipped = "".join(f"\n✗ skipped {s.article_id}: {s.reason}" for s in result.skipped)
    notes = "".join(f"\n{note}" for note in result.notes)
    return (
        f"✓ Index updated in {result.seconds:.1f} s: {len(result.added)} added, "
        f"{len(result.changed)} changed, {len(result.removed)} removed, "
        f"{len(result.unchanged)} unchanged ({result.total_chunks} passages).{skipped}{notes}"
    )

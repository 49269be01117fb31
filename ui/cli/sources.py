"""`news-qa add` and `news-qa feeds`: articles from web addresses, files and followed feeds.

Each source gets one line: what was saved into seeds/ (stdout), or what failed, why and the
fix (stderr, `failed: <address>: <reason> - <fix>`); one failing never stops the others. When
something was added the index is updated at once (`--no-index`: later, with news-qa index),
so the articles can be asked about as soon as the command returns. The exit status is 1 when
any source failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.core.settings import Settings
    from index.fetch.feeds import FeedReport
    from index.fetch.save import Added

NO_INDEX_HELP = "only save into the seeds folder; update the index later (news-qa index)"


def add_source_commands(commands: Any) -> None:
    """Add `add` and `feeds` to the news-qa subcommands (`commands`, argparse's)."""
    add = commands.add_parser("add", help="add articles from web addresses or files")
    add.add_argument("sources", nargs="+", metavar="URL|PATH", help="https://... or a file")
    add.add_argument("--no-index", action="store_true", help=NO_INDEX_HELP)
    add.set_defaults(run=_add)

    feeds = commands.add_parser("feeds", help="follow RSS/Atom feeds")
    actions = feeds.add_subparsers(required=True, metavar="ACTION")
    follow = actions.add_parser("add", help="follow a feed and take its entries now")
    follow.add_argument("url")
    follow.add_argument("--no-index", action="store_true", help=NO_INDEX_HELP)
    follow.set_defaults(run=_follow)
    listing = actions.add_parser("list", help="the followed feeds and their last refresh")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=_list)
    remove = actions.add_parser("remove", help="stop following a feed (its articles stay)")
    remove.add_argument("url")
    remove.set_defaults(run=_remove)
    refresh = actions.add_parser("refresh", help="take the new entries of every followed feed")
    refresh.add_argument("--no-index", action="store_true", help=NO_INDEX_HELP)
    refresh.set_defaults(run=_refresh)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from index.fetch.sources import add_sources

    results = add_sources(settings, args.sources)
    for result in results:
        _print_added(result)
    added = sum(r.status == "added" for r in results)
    return _finish(args, settings, added, failed=any(r.status == "failed" for r in results))


def _print_added(result: Added, indent: str = "") -> None:
    if result.status == "failed":
        line = result.message
        shown = line if line.startswith(result.source) else f"{result.source}: {line}"
        print(f"{indent}failed: {shown}", file=sys.stderr)
    else:
        print(f"{indent}{result.status}: {result.source}: {result.message}")


def _finish(args: argparse.Namespace, settings: Settings, added: int, *, failed: bool) -> int:
    """Update the index when something was `added` (unless --no-index); the exit status."""
    if added and not args.no_index:
        _update_index(settings)
    elif added:
        print(f"{added} saved into {settings.seeds_dir}; run news-qa index to answer from them")
    return 1 if failed else 0


def _update_index(settings: Settings) -> None:
    from index.update.build import update_index
    from ui.cli.main import _ProgressBar

    bar = _ProgressBar()
    report = update_index(settings, progress=bar.update)
    bar.close()
    for skipped in report.skipped:
        print(f"skipped {skipped.article_id}: {skipped.reason}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(
        f"Index updated: {len(report.added)} added, {len(report.changed)} changed, "
        f"{len(report.removed)} removed, {len(report.unchanged)} unchanged; "
        f"{report.total_chunks} passages; {report.seconds:.1f} s"
    )


def _follow(args: argparse.Namespace, settings: Settings) -> int:
    from index.fetch.sources import follow_feed

    report = follow_feed(settings, args.url)
    _print_report(report)
    if report.outcome == "failed" and not report.entry_errors:
        print(f"not followed: {args.url}", file=sys.stderr)
        return 1
    print(f"following {report.url}")
    return _finish(args, settings, len(report.added), failed=bool(report.entry_errors))


def _refresh(args: argparse.Namespace, settings: Settings) -> int:
    from index.fetch.sources import refresh_feeds

    reports = refresh_feeds(settings)
    if not reports:
        print("No feeds followed - add one: news-qa feeds add URL")
    for report in reports:
        _print_report(report)
    added = sum(len(r.added) for r in reports)
    return _finish(args, settings, added, failed=any(r.outcome == "failed" for r in reports))


def _print_report(report: FeedReport) -> None:
    name = f"{report.title} ({report.url})" if report.title else report.url
    said = {"new": f"{len(report.added)} new", "unchanged": "nothing new", "failed": "failed"}
    print(f"{name}: {said[report.outcome]} ({report.seconds:.2f} s)")
    for added in report.added:
        _print_added(added, "  ")
    for line in [report.error, *report.entry_errors]:
        if line:
            print(f"  failed: {line}", file=sys.stderr)
    if report.note:
        print(f"  note: {report.note}", file=sys.stderr)


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from index.core.text.printable import escape_unprintable
    from index.fetch.sources import followed_feeds

    feeds = followed_feeds(settings)
    if args.json:
        shown = [{**asdict(f), "seen": len(f.seen), "failures": len(f.failures)} for f in feeds]
        print(escape_unprintable(json.dumps(shown, ensure_ascii=False, indent=2)))
        return 0
    if not feeds:
        print("No feeds followed - add one: news-qa feeds add URL")
    for feed in feeds:
        print(f"{feed.url}" + (f"  “{feed.title}”" if feed.title else ""))
        when = feed.last_refresh or "never"
        errors = f"; {len(feed.entry_errors)} entries failed" if feed.entry_errors else ""
        print(f"    last refresh: {when}: {feed.last_new} new{errors}; {len(feed.seen)} taken")
        if feed.last_error:
            print(f"    error: {feed.last_error}")
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from index.fetch.sources import unfollow_feed

    gone = unfollow_feed(settings, args.url)
    print(f"no longer following {gone.url} (its articles stay in {settings.seeds_dir})")
    return 0

"""The `news-qa` command: ask, index, status, serve. Heavy libraries load only when needed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from index.core.errors import NewsQAError
from index.core.settings import Settings
from index.core.text.printable import escape_unprintable, terminal_text
from ui.cli.sources import add_source_commands
from ui.cli.terminal import raw_stream, terminal_output


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Everything printed may carry an article's text (or a file's name): see terminal.py.
    with terminal_output():
        try:
            settings = Settings.load()
            return int(args.run(args, settings))
        except NewsQAError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="news-qa", description="Ask questions about a folder of news articles."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer a question with cited sources")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    ask.add_argument("--top-k", type=int, default=None, help="passages to answer from")
    ask.add_argument(
        "--outlet", action="append", default=None, help="only this outlet (repeatable)"
    )
    ask.add_argument("--since", default=None, help="only articles dated on or after YYYY-MM-DD")
    ask.add_argument("--until", default=None, help="only articles dated on or before YYYY-MM-DD")
    ask.set_defaults(run=_ask)

    index = commands.add_parser("index", help="update the index from the seeds folder")
    index.add_argument("--rebuild", action="store_true", help="build a fresh index, then switch")
    index.set_defaults(run=_index)

    status = commands.add_parser("status", help="show what the index holds")
    status.add_argument("--json", action="store_true")
    status.set_defaults(run=_status)

    evaluate = commands.add_parser("eval", help="measure retrieval and answers")
    benchmarks = evaluate.add_subparsers(required=True, metavar="BENCHMARK")
    multihop = benchmarks.add_parser("multihop", help="MultiHop-RAG retrieval metrics")
    _multihop_options(multihop, limit="first N non-null queries")
    multihop.add_argument(
        "--abstention",
        action="store_true",
        help="also ask every query and score abstention on the null queries",
    )
    multihop.set_defaults(run=_eval_multihop)
    answers = benchmarks.add_parser("answers", help="MultiHop-RAG answers, per question type")
    _multihop_options(answers, limit="first N queries (null ones too)")
    answers.set_defaults(run=_eval_answers)
    questions = benchmarks.add_parser("questions", help="answers on a JSONL of questions")
    questions.add_argument("file", type=Path)
    questions.add_argument("--json", action="store_true")
    questions.set_defaults(run=_eval_questions)

    serve = commands.add_parser("serve", help="serve the chat UI, the REST and OpenAI APIs")
    serve.add_argument("--host", default=None, help="default: NEWSQA_HOST (127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="default: NEWSQA_PORT (7860)")
    serve.set_defaults(run=_serve)

    add_source_commands(commands)  # news-qa add, news-qa feeds (ui/cli/sources.py)
    commands.add_parser("mcp", help="serve the tools to an MCP client over stdio").set_defaults(
        run=_mcp
    )
    feedback = commands.add_parser("feedback", help="the ratings given to answers")
    export = feedback.add_subparsers(required=True, metavar="ACTION").add_parser(
        "export", help="every rated answer as JSONL (tomorrow's evaluation set)"
    )
    export.add_argument("file", nargs="?", type=Path, help="write here (default: stdout)")
    export.set_defaults(run=_export_feedback)
    return parser


def _mcp(args: argparse.Namespace, settings: Settings) -> int:
    from ui.mcp.server import serve_stdio

    serve_stdio(settings)
    return 0


def _export_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from ui.conversations.cli import export_feedback

    return export_feedback(settings, args.file)


def _print_json(data: Any) -> None:
    """`data` as JSON, unchanged for its readers: the characters the terminal would act on are
    written as \\uXXXX escapes (json.dumps escapes only C0 controls)."""
    print(escape_unprintable(json.dumps(data, ensure_ascii=False, default=str, indent=2)))


def _multihop_options(parser: argparse.ArgumentParser, *, limit: str) -> None:
    parser.add_argument("--corpus", type=Path, required=True, help="corpus.json")
    parser.add_argument("--queries", type=Path, required=True, help="queries JSON")
    parser.add_argument("--limit", type=int, default=None, help=limit)
    parser.add_argument("--out", type=Path, default=None, help="write the JSON report here")
    # One folder for both MultiHop evals, so that they share one index.
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(".eval-data/multihop"),
        help="the benchmark's own index folder (never the user's)",
    )


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from qa import ask
    from ui.cli.citations import print_sources

    answer = ask(
        args.question,
        top_k=args.top_k,
        settings=settings,
        outlets=args.outlet,
        since=args.since,
        until=args.until,
    )
    if args.json:
        _print_json(asdict(answer))
        return 0
    for note in answer.notes:
        print(f"note: {note}", file=sys.stderr)
    print(answer.text)
    print_sources(answer)
    return 0


def _index(args: argparse.Namespace, settings: Settings) -> int:
    from index.update.build import update_index

    bar = _ProgressBar()
    report = update_index(settings, rebuild=args.rebuild, progress=bar.update)
    bar.close()
    for skipped in report.skipped:
        print(f"skipped {skipped.article_id}: {skipped.reason}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    action = "Rebuilt" if report.rebuilt else "Updated"
    print(
        f"{action} index from {settings.seeds_dir}: {len(report.added)} added, "
        f"{len(report.changed)} changed, {len(report.removed)} removed, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped; "
        f"{report.chunks_embedded} chunks embedded, {report.total_chunks} in the index; "
        f"{report.seconds:.1f} s"
    )
    return 0


class _ProgressBar:
    """A tqdm bar on stderr that appears only once there is work to show."""

    def __init__(self) -> None:
        self._bar: Any = None

    def update(self, done: int, total: int, article_id: str) -> None:
        if self._bar is not None and self._bar.total != total:
            self.close()
            self._bar = None
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                unit="article",
                file=raw_stream(sys.stderr),
                disable=total < 3 or not sys.stderr.isatty(),
            )
        self._bar.set_postfix_str(terminal_text(article_id)[:30])
        self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _status(args: argparse.Namespace, settings: Settings) -> int:
    from index.status.summary import index_status

    status = index_status(settings)
    if args.json:
        data = {k: v for k, v in asdict(status).items() if k != "manifest"}
        _print_json(data)
        return 0
    print(f"index:        {status.data_dir} ({status.generation})")
    print(f"articles:     {status.articles}")
    print(f"chunks:       {status.chunks}")
    print(f"last update:  {status.updated_at} (built {status.created_at})")
    print(f"model:        {status.embed_model} (chromadb {status.chromadb_version})")
    for story in status.stories:
        print(f"same story:   {', '.join(story)}")
    for name, reason in status.skipped.items():
        print(f"skipped:      {name}: {reason}")
    return 0


def _eval_multihop(args: argparse.Namespace, settings: Settings) -> int:
    from qa.evaluate.benchmarks import evaluate_multihop, multihop_markdown

    bar = _ProgressBar()
    result = evaluate_multihop(
        _eval_settings(args, settings),
        args.corpus,
        args.queries,
        limit=args.limit,
        abstention=args.abstention,
        progress=bar.update,
    )
    bar.close()
    _write_report(args.out, result)
    print(multihop_markdown(result["metrics"]))
    return 0


def _eval_answers(args: argparse.Namespace, settings: Settings) -> int:
    from qa.evaluate.answers import answers_markdown
    from qa.evaluate.benchmarks import evaluate_answers

    bar = _ProgressBar()
    eval_settings = _eval_settings(args, settings)
    result = evaluate_answers(
        eval_settings, args.corpus, args.queries, limit=args.limit, progress=bar.update
    )
    bar.close()
    _write_report(args.out, result)
    print(f"mode: NEWSQA_LLM={eval_settings.llm}\n")
    print(answers_markdown(result["metrics"]))
    return 0


def _eval_settings(args: argparse.Namespace, settings: Settings) -> Settings:
    """The settings with the benchmark's own index folder."""
    if args.data_dir.resolve() == settings.data_dir.resolve():
        raise NewsQAError("--data-dir must not be the user's index (NEWSQA_DATA_DIR)")
    return replace(settings, data_dir=args.data_dir)


def _write_report(out: Path | None, result: dict[str, Any]) -> None:
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def _eval_questions(args: argparse.Namespace, settings: Settings) -> int:
    from qa.evaluate.benchmarks import evaluate_questions

    result = evaluate_questions(settings, args.file)
    if args.json:
        _print_json(result)
        return 0
    print(
        f"answers {result['answer_accuracy']:.0%} and citations {result['citation_accuracy']:.0%}"
        f" of {result['answerable']} answerable; abstained on "
        f"{result['abstention_recall']:.0%} of {result['unanswerable']} unanswerable"
    )
    for failure in result["failures"]:
        print(f"  miss: {failure['question']} -> {failure['answer'][:100]}")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.web.app import serve

    serve(settings, host=args.host or settings.host, port=args.port or settings.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())

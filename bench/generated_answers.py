"""Generated answers on a question set: accuracy, what the citation check did, and latency.

    NEWSQA_LLM=local python bench/generated_answers.py [--questions FILE.jsonl]

Indexes the seeds into a temporary folder and asks each `{question, answer_regex, article_ids}`
line through `ask_stream` with the LLM configured in the environment, timing the first token
and the whole answer. Counts answers right (regex, grounded), first citation in the right
article, abstentions on `answer_regex: null` lines, generated sentences kept and removed by
the citation check, and fallbacks to the extractive answer.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import statistics
import tempfile
from pathlib import Path

from latency import timed_stream

from index.core.settings import Settings
from index.update.build import update_index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Held-in: the questions the extractive threshold was calibrated on.
    parser.add_argument(
        "--questions", type=Path, default=Path("bench/data/calibration_questions.jsonl")
    )
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="news-qa-gen-"))
    try:
        shutil.copytree(args.seeds, root / "seeds")
        env = {k: v for k, v in os.environ.items() if k.startswith("NEWSQA_")}
        env.update(NEWSQA_SEEDS_DIR=str(root / "seeds"), NEWSQA_DATA_DIR=str(root / "data"))
        settings = Settings.load(env, env_file=None)
        update_index(settings)
        rows = [json.loads(x) for x in args.questions.read_text().splitlines() if x.strip()]
        counts: collections.Counter[str] = collections.Counter()
        first_tokens, totals = [], []
        for row in rows:
            answer, _, total = timed_stream(row["question"], settings)
            totals.append(total)
            if "first_token" in answer.timings_ms:
                first_tokens.append(answer.timings_ms["first_token"] / 1000)
            counts[f"mode {answer.mode}"] += 1
            counts["sentences checked"] += len(answer.checks)
            counts["sentences kept"] += sum(c.kept for c in answer.checks)
            for c in answer.checks:
                if not c.kept:
                    counts[f"removed: {c.verdict}"] += 1
            if row.get("answer_regex"):
                counts["answerable"] += 1
                right = answer.grounded and re.search(row["answer_regex"], answer.text)
                counts["answer right"] += bool(right)
                cited = answer.citations and answer.citations[0].article_id in row["article_ids"]
                counts["answer right, first citation right"] += bool(right and cited)
            else:
                counts["unanswerable"] += 1
                counts["abstained"] += not answer.grounded
            print(
                f"{totals[-1]:5.1f}s {answer.mode:10} {row['question'][:50]:50} | "
                f"{answer.text[:90]}"
            )
        print()
        for key, value in sorted(counts.items()):
            print(f"{key}: {value}")
        if first_tokens:
            print(
                f"first token: p50 {statistics.median(first_tokens):.1f} s "
                f"(min {min(first_tokens):.1f}, max {max(first_tokens):.1f})"
            )
        print(f"whole answer: p50 {statistics.median(totals):.1f} s (max {max(totals):.1f})")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Time the example question in a real browser against a real `news-qa serve` process.

    python bench/ui_timing.py [--runs 10] [--seeds seeds]

Starts `news-qa serve` on a free port over a private copy of the seeds, opens the page in
headless Chromium (Debian's, through Selenium) and, for each run, types the example question,
clicks Ask and records in the page itself (performance.now, every animation frame): when the
"Searching" placeholder shows, when the first answer text shows (time to first token) and when
the finished answer with its timing line shows (full answer).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.ui.browser import chromium, free_port

QUESTION = "How many French troops are in Niger?"
MEASURE = """
const [question, done] = [arguments[0], arguments[arguments.length - 1]];
const chat = document.querySelector('#nq-chat');
const count = (s) => chat.innerText.split(s).length - 1;
const before = {searching: count('Searching the articles'), answers: count('retrieval ')};
const box = document.querySelector('#question textarea');
box.value = question;
box.dispatchEvent(new Event('input', {bubbles: true}));
const t0 = performance.now();
const times = {};
document.querySelector('#ask').click();
function tick() {
  const now = performance.now() - t0;
  const text = chat.innerText;
  if (times.feedback === undefined && count('Searching the articles') > before.searching)
    times.feedback = now;
  if (times.first_token === undefined && count('French troops') > 2 * before.answers + 1)
    times.first_token = now;
  if (count('retrieval ') > before.answers) { times.full = now; done(times); return; }
  if (now > 60000) { done(times); return; }
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="news-qa-ui-"))
    shutil.copytree(args.seeds, root / "seeds")
    port = free_port()
    env = {
        **os.environ,
        "NEWSQA_SEEDS_DIR": str(root / "seeds"),
        "NEWSQA_DATA_DIR": str(root / "data"),
        "HF_HUB_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    cli = Path(sys.executable).parent / "news-qa"
    subprocess.run([cli, "index"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [cli, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(600):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        results = []
        with chromium() as driver:
            driver.set_script_timeout(90)
            driver.get(url)
            for _ in range(100):
                if driver.find_elements("css selector", "#question textarea"):
                    break
                time.sleep(0.1)
            for run in range(args.runs):
                times = driver.execute_async_script(MEASURE, QUESTION)
                results.append(times)
                print(f"run {run + 1}: " + ", ".join(f"{k} {v:.0f} ms" for k, v in times.items()))
        for key in ("feedback", "first_token", "full"):
            values = [r[key] for r in results if key in r]
            first, rest = values[0], values[1:] or values
            print(
                f"{key}: first question {first:.0f} ms; later p50 {statistics.median(rest):.0f} ms"
                f" (min {min(rest):.0f}, max {max(rest):.0f}, n={len(rest)})"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

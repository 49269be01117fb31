"""An article's escape sequences never reach the user's terminal through `news-qa` (finding 8
of #16: an article carrying ESC[2J, an OSC title and BEL cleared and retitled the terminal; RLO
reordered what was shown)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.update.build import update_index
from tests.conftest import copy_seeds, make_settings
from tests.index.core.text.test_printable import ACTS_ON_TERMINAL
from tests.ui.cli.test_main import run_cli
from ui.cli.main import main

HOSTILE = (
    "source: Paloma\x07 Post\n"
    "Kite ban\x1b]0;pwned\x07 in Paloma\x1b[2J\x07\n\n"
    "The Zorvian council\x1b[2J voted 31 to 4 on Monday to ban kites in the town of Paloma, "
    "council secretary \u202eIlse Marnow\u202c said.\x07\n"
)
QUESTION = "How did the Zorvian council vote on kites in Paloma?"


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The seeds plus the hostile article and a file whose very name carries an escape
    sequence (skipped: it is not text), indexed; the CLI's environment pointed at them."""
    seeds = copy_seeds(tmp_path)
    (seeds / "kites.txt").write_text(HOSTILE, encoding="utf-8")
    (seeds / "\x1b[2Jphoto\x07.txt").write_bytes(b"\x89PNG\x00\x00")
    settings = make_settings(tmp_path)
    update_index(settings)
    env = {"NEWSQA_SEEDS_DIR": str(settings.seeds_dir), "NEWSQA_DATA_DIR": str(settings.data_dir)}
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def test_no_escape_sequence_reaches_the_terminal(
    hostile: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    asked = run_cli("ask", QUESTION, env=hostile, cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    # The readable text is all there, in reading order.
    assert "The Zorvian council voted 31 to 4 on Monday" in asked.stdout
    assert "council secretary Ilse Marnow said." in asked.stdout
    assert "[1] Kite ban in Paloma" in asked.stdout
    printed = [asked.stdout + asked.stderr]

    assert main(["index"]) == 0  # nothing to do, but it lists the skipped file
    assert main(["status"]) == 0
    out, err = capsys.readouterr()
    assert "skipped photo.txt: binary file" in err
    assert "skipped:      photo.txt: binary file" in out
    printed.append(out + err)
    for text in printed:
        assert not ACTS_ON_TERMINAL.search(text)
        assert "pwned" not in text and "[2J" not in text


def test_json_keeps_the_text_exact_and_escapes_what_a_terminal_acts_on(
    hostile: dict[str, str], capsys: pytest.CaptureFixture[str]
):
    assert main(["ask", "--json", QUESTION]) == 0
    out = capsys.readouterr().out
    assert not ACTS_ON_TERMINAL.search(out)
    data = json.loads(out)
    quote = next(c["quote"] for c in data["citations"] if c["article_id"] == "kites.txt")
    # The data is the article's own text: a quote is still exactly its slice.
    assert "council\x1b[2J voted" in quote and "\u202eIlse Marnow\u202c" in quote

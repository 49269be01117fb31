import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from index.core.settings import Settings
from tests.conftest import FRENCH_TROOPS
from ui.cli.main import main


@pytest.fixture
def use_index(seeded: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """Point the CLI (which reads the environment) at the seeded index."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(seeded.data_dir))
    monkeypatch.setenv("NEWSQA_SEEDS_DIR", str(seeded.seeds_dir))
    return seeded


def run_cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=cwd,
        timeout=300,
    )


def test_ask_json_has_the_answer_fields(use_index: Settings, capsys: pytest.CaptureFixture[str]):
    assert main(["ask", "--json", FRENCH_TROOPS]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["grounded"] is True
    assert re.search(r"1,?500", data["text"])
    first = data["citations"][0]
    assert set(first) == {
        "n",
        "article_id",
        "title",
        "outlet",
        "date",
        "quote",
        "start",
        "end",
        "score",
        "also_reported_by",
        "url",
        "author",
    }
    assert re.search(r"1,?500", first["quote"])
    assert data["conflicts"] == []


def test_ask_prints_answer_and_sources(use_index: Settings, capsys: pytest.CaptureFixture[str]):
    assert main(["ask", FRENCH_TROOPS]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out and "[1]" in out


def test_ask_shows_disagreeing_sources_and_reprints(
    use_index: Settings, capsys: pytest.CaptureFixture[str]
):
    assert main(["ask", "When was Bazoum ousted?"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Most sources say July 26 (\[\d\])+; one says July 28 \[\d\]", out)
    assert "also reported by: “WION”" in out


def test_an_outlet_is_shown_quoted_apart_from_our_metadata(
    lookalike_outlets: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(lookalike_outlets.data_dir))
    monkeypatch.setenv("NEWSQA_SEEDS_DIR", str(lookalike_outlets.seeds_dir))
    assert main(["ask", "How much debt does Niger have?"]) == 0
    out = capsys.readouterr().out
    assert "[1] Niger debt burden (“WION (2023-09-05) · support 0.99”)" in out


def test_ask_filters_by_outlet_and_date(use_index: Settings, capsys: pytest.CaptureFixture[str]):
    assert main(["ask", "--json", "--outlet", "WION", FRENCH_TROOPS]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {c["outlet"] for c in data["citations"]} == {"WION"}
    assert main(["ask", "--json", "--since", "2023-08-01", "--until", "2023-08-31", "Bazoum"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {p["article_id"] for p in data["passages"]} == {"004_bebdfeffcaaf1832.txt"}
    assert main(["ask", "--since", "yesterday", FRENCH_TROOPS]) == 1
    assert "use YYYY-MM-DD" in capsys.readouterr().err


def test_index_and_status(use_index: Settings, capsys: pytest.CaptureFixture[str]):
    assert main(["index"]) == 0
    assert "5 unchanged" in capsys.readouterr().out
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["articles"] == 5 and status["chunks"] > 5 and status["embed_model"] == "bge-small"
    afp = ["001_abad9e9fd5f90efe.txt", "002_c75df0162f650722.txt", "003_81e9dda9929231ae.txt"]
    assert status["stories"] == [afp]
    assert main(["status"]) == 0
    assert f"same story:   {', '.join(afp)}" in capsys.readouterr().out


def test_errors_are_one_line_on_stderr_with_nonzero_exit(tmp_path: Path):
    missing = run_cli(
        "ask", FRENCH_TROOPS, env={"NEWSQA_DATA_DIR": str(tmp_path / "none")}, cwd=tmp_path
    )
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0
    assert "run: news-qa index" in missing.stderr

    empty = run_cli("ask", "  ", env={}, cwd=tmp_path)
    assert empty.returncode == 1 and "empty" in empty.stderr

    bad_setting = run_cli("status", env={"NEWSQA_TOP_K": "lots"}, cwd=tmp_path)
    assert bad_setting.returncode == 1 and "NEWSQA_TOP_K" in bad_setting.stderr

    usage = run_cli("frobnicate", env={}, cwd=tmp_path)
    assert usage.returncode == 2


def test_cli_imports_no_heavy_library_to_start(tmp_path: Path):
    probe = (
        "import sys, ui.cli.main; "
        "heavy = [m for m in ('torch', 'gradio', 'chromadb', 'sentence_transformers', "
        "'llama_index.core') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_status_of_a_damaged_index_names_the_rebuild(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    from index.store.generations import live_generation
    from index.update.build import update_index

    update_index(fresh)
    generation = live_generation(fresh.data_dir)
    assert generation is not None
    (generation / "manifest.json").write_text("{", encoding="utf-8")
    monkeypatch.chdir(fresh.data_dir.parent)  # no stray .env
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(fresh.data_dir))
    monkeypatch.setenv("NEWSQA_SEEDS_DIR", str(fresh.seeds_dir))
    assert main(["status"]) == 1
    assert "run: news-qa index --rebuild" in capsys.readouterr().err
    assert main(["index"]) == 0
    assert "note: The live index's manifest could not be read" in capsys.readouterr().err


def test_eval_answers_refuses_the_users_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(tmp_path / "mine"))
    files = ["--corpus", "corpus.json", "--queries", "queries.json"]
    assert main(["eval", "answers", *files, "--data-dir", str(tmp_path / "mine")]) == 1
    assert "--data-dir must not be the user's index" in capsys.readouterr().err
    assert not (tmp_path / "mine").exists()

"""`news-qa index` on a full disk: one line naming the fix, a non-zero exit, no traceback."""

from __future__ import annotations

import pytest

from index.core.settings import Settings
from index.update import generation as generation_module
from index.update import space
from tests.index.update.test_disk import GLACIER, NO_SPACE
from ui.cli.main import main


def no_space(*_args: object, **_kwargs: object) -> None:
    raise NO_SPACE


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        ((space, "free_bytes", lambda _path: 0), "error: Not enough disk space in "),
        ((generation_module, "save_bm25", no_space), "error: Could not write the index in "),
    ],
    ids=["refused", "failed mid-write"],
)
def test_an_update_the_disk_cannot_take_is_one_line_and_exit_1(
    fresh: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fault: tuple[object, str, object],
    said: str,
):
    monkeypatch.chdir(fresh.seeds_dir.parent)  # no stray .env
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(fresh.data_dir))
    monkeypatch.setenv("NEWSQA_SEEDS_DIR", str(fresh.seeds_dir))
    assert main(["index"]) == 0
    (fresh.seeds_dir / "glacier.txt").write_text(GLACIER)
    monkeypatch.setattr(*fault)
    capsys.readouterr()
    assert main(["index"]) == 1
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.startswith(said) and printed.err.count("\n") == 1, printed.err
    assert printed.err.rstrip().endswith("then update the index again")

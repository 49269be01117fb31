"""The Articles tab's "Update index" on a full disk shows why and what to do, not
`{"error": null}` (#16, finding 1)."""

from __future__ import annotations

import pytest

from index.core.settings import Settings
from index.update import generation as generation_module
from tests.index.update.test_disk import GLACIER, NO_SPACE
from tests.ui.web.test_app import free_port
from ui.web.app import build_app


def test_update_index_shows_why_a_full_disk_stopped_it(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch
):
    from gradio_client import Client

    port = free_port()
    app = build_app(fresh)
    app.queue().launch(
        server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True
    )
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        assert client.predict(api_name="/update_index").startswith("✓ Index updated")
        (fresh.seeds_dir / "glacier.txt").write_text(GLACIER)

        def no_space(*_args: object, **_kwargs: object) -> None:
            raise NO_SPACE

        monkeypatch.setattr(generation_module, "save_bm25", no_space)
        status = client.predict(api_name="/update_index")
        said = f"✗ Could not write the index in {fresh.data_dir}: the disk is full"
        assert status.startswith(said), status
        assert "the live index is unchanged" in status and "NEWSQA_DATA_DIR" in status
    finally:
        app.close()

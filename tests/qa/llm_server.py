"""A loopback HTTP server speaking the OpenAI chat-completions and Ollama /api/chat protocols,
replying with scripted text (the outside LLM services cannot run here)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ScriptedLLM:
    """Replies with `reply` (split into word tokens, `delay` seconds apart when streaming)."""

    def __init__(self, reply: str, delay: float = 0.0, status: int = 200) -> None:
        self.reply, self.delay, self.status = reply, delay, status
        self.requests: list[dict[str, Any]] = []

    def tokens(self) -> list[str]:
        words = self.reply.split(" ")
        return [w if i == 0 else " " + w for i, w in enumerate(words)]


def _handler(script: ScriptedLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            script.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
            if script.status != 200:
                self._send_json(script.status, {"error": {"message": "scripted failure"}})
            elif self.path.endswith("/chat/completions"):
                self._openai(body)
            elif self.path == "/api/chat":
                self._ollama(body)
            else:
                self._send_json(404, {"error": "not found"})

        def _send_json(self, status: int, data: dict[str, Any]) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _openai(self, body: dict[str, Any]) -> None:
            base = {"id": "chatcmpl-1", "created": int(time.time()), "model": body.get("model")}
            if not body.get("stream"):
                message = {"role": "assistant", "content": script.reply}
                self._send_json(
                    200,
                    {
                        **base,
                        "object": "chat.completion",
                        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                    },
                )
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            deltas = [{"role": "assistant", "content": ""}] + [
                {"content": t} for t in script.tokens()
            ]
            for i, delta in enumerate(deltas):
                finish = "stop" if i == len(deltas) - 1 else None
                chunk = {
                    **base,
                    "object": "chat.completion.chunk",
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                }
                self._chunk(f"data: {json.dumps(chunk)}\n\n".encode())
                time.sleep(script.delay)
            self._chunk(b"data: [DONE]\n\n")
            self._chunk(b"")

        def _ollama(self, body: dict[str, Any]) -> None:
            model = body.get("model")
            if not body.get("stream", True):
                self._send_json(
                    200,
                    {
                        "model": model,
                        "message": {"role": "assistant", "content": script.reply},
                        "done": True,
                    },
                )
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for token in script.tokens():
                line = {
                    "model": model,
                    "message": {"role": "assistant", "content": token},
                    "done": False,
                }
                self._chunk((json.dumps(line) + "\n").encode())
                time.sleep(script.delay)
            end = {
                "model": model,
                "message": {"role": "assistant", "content": ""},
                "done": True,
                "done_reason": "stop",
                "eval_count": len(script.tokens()),
            }
            self._chunk((json.dumps(end) + "\n").encode())
            self._chunk(b"")

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


@contextmanager
def scripted_server(script: ScriptedLLM) -> Iterator[str]:
    """Serve `script` on a free loopback port; yields the base URL (no path)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

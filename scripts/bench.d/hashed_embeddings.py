"""A fast stand-in for an OpenAI-compatible embedding server, for benchmarks whose subject is not the
model (e.g. HaloPSA's request budget during an index run): POST /v1/embeddings answers each input
with a deterministic unit vector of --dimension floats hashed from its words, in microseconds.

Usage: python3 hashed_embeddings.py --port PORT [--dimension 64]; prints "listening on http://..."."""
import argparse
import hashlib
import json
import math
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def vector(text, dimension):
    values = [0.0] * dimension
    for word in text.lower().split():
        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        values[int.from_bytes(digest[:4], "little") % dimension] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dimension", type=int, default=64)
    options = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            if self.path.rstrip("/") != "/v1/embeddings":
                self.send_error(404)
                return
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            inputs = request.get("input", [])
            inputs = [inputs] if isinstance(inputs, str) else inputs
            body = json.dumps({
                "object": "list", "model": request.get("model", "hashed"),
                "data": [{"object": "embedding", "index": i, "embedding": vector(text, options.dimension)}
                         for i, text in enumerate(inputs)],
                "usage": {"prompt_tokens": 0, "total_tokens": 0},
            }).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
    print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

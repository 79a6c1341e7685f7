"""A tiny HTTP service: GET /, GET /health and GET /articles."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLES = [
    {"id": 1, "title": "Getting started with pipelines", "topic": "ci"},
    {"id": 2, "title": "Blue-green deployments explained", "topic": "cd"},
    {"id": 3, "title": "Reading DORA metrics", "topic": "feedback"},
]


def articles(topic=None):
    """Returns the articles, optionally only those of one topic."""
    return [a for a in ARTICLES if topic is None or a["topic"] == topic]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            body = {"service": "techhub", "version": os.environ.get("TECHHUB_VERSION", "dev")}
        elif self.path == "/health":
            body = {"status": "ok"}
        elif self.path.startswith("/articles"):
            body = articles()
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def serve(port):
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    # the port: the first argument, else $PORT (what Slipway's process replicas are given), else 8000
    import sys
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", "8000")))

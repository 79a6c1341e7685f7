"""A replica for the deploy module's tests: answers / with its version and /health with a status of its choosing.

Environment: PORT (where to listen, on 127.0.0.1), VERSION (the body of every answer), ROOT_STATUS and HEALTH_STATUS
(the statuses of / and /health, 200 by default), EXIT_CODE (when set: print EXIT_MESSAGE and exit with it at once).
"""
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

if "EXIT_CODE" in os.environ:
    print(os.environ.get("EXIT_MESSAGE", "told to exit"), flush=True)
    sys.exit(int(os.environ["EXIT_CODE"]))

VERSION = os.environ.get("VERSION", "unknown")
HEALTH = int(os.environ.get("HEALTH_STATUS", "200"))
ROOT = int(os.environ.get("ROOT_STATUS", "200"))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm each keep-alive answer would wait for an ACK.
    disable_nagle_algorithm = True

    def do_GET(self):
        status = HEALTH if self.path.startswith("/health") else ROOT
        body = (VERSION + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


print("listening on " + os.environ["PORT"], flush=True)
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()

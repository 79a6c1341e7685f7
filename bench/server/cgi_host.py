#!/usr/bin/env python3
"""A tiny threaded CGI host for C git's `git http-backend`, the baseline of the clone benchmark.

Usage: cgi_host.py PORT PROJECT_ROOT

Serves every repository under PROJECT_ROOT at http://127.0.0.1:PORT/<name>.git read-only. Unlike python's
CGIHTTPRequestHandler (which buffers a script's whole output before sending it), the backend's output is streamed
to the client as it is produced, so the baseline is not slowed down by its host.
"""
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BACKEND = "/usr/lib/git-core/git-http-backend"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.cgi()

    def do_POST(self):
        self.cgi()

    def cgi(self):
        url = urlsplit(self.path)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": self.server.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": url.path,
            "QUERY_STRING": url.query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "REMOTE_ADDR": self.client_address[0],
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        length = self.headers.get("Content-Length")
        chunked = self.headers.get("Transfer-Encoding", "").lower() == "chunked"
        if length is not None:
            env["CONTENT_LENGTH"] = length
        proc = subprocess.Popen([BACKEND], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        if chunked:
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                proc.stdin.write(self.rfile.read(size))
                self.rfile.readline()
        elif length:
            proc.stdin.write(self.rfile.read(int(length)))
        proc.stdin.close()
        status, headers = "200 OK", []
        while True:
            line = proc.stdout.readline().decode("latin-1").rstrip("\r\n")
            if not line:
                break
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = value.strip()
            else:
                headers.append((name, value.strip()))
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while True:
            block = proc.stdout.read1(65536)
            if not block:
                break
            self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
        self.wfile.write(b"0\r\n\r\n")
        proc.wait()


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.root = os.path.abspath(sys.argv[2])
    server.serve_forever()


if __name__ == "__main__":
    main()

import json
import os
import threading
import unittest
import urllib.request
from http.server import ThreadingHTTPServer

from techhub.app import Handler


class ServiceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cls.port = cls.server.server_address[1]
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def get(self, path):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}") as r:
            return json.loads(r.read())

    def test_health(self):
        self.assertEqual(self.get("/health"), {"status": "ok"})

    def test_articles_endpoint(self):
        self.assertEqual(len(self.get("/articles")), 3)


if __name__ == "__main__":
    unittest.main()

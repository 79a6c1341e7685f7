#!/usr/bin/env python3
"""Writes a bare git repository of COMMITS commits and about SIZE_MB of packed data for the clone benchmark.

Usage: make_repo.py DIR [COMMITS=5000] [SIZE_MB=50]

Every commit rewrites one of 500 files with random (incompressible) bytes, so the pack holds about SIZE_MB and a
checkout writes the 500 latest versions. Deterministic: the same arguments give the same repository.
"""
import random
import subprocess
import sys

path = sys.argv[1]
commits = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
size = (int(sys.argv[3]) if len(sys.argv) > 3 else 50) * 1000 * 1000
per_commit = size // commits
rng = random.Random(42)
subprocess.run(["git", "init", "-q", "--bare", "-b", "main", path], check=True)
fi = subprocess.Popen(["git", "-C", path, "fast-import", "--quiet"], stdin=subprocess.PIPE)
out = fi.stdin
when = 1_700_000_000
for i in range(commits):
    blob = rng.randbytes(per_commit)
    msg = b"commit %d\n" % i
    out.write(b"commit refs/heads/main\n")
    out.write(b"committer Bench <bench@slipway.invalid> %d +0000\n" % (when + i))
    out.write(b"data %d\n%s" % (len(msg), msg))
    out.write(b"M 100644 inline f%03d.bin\ndata %d\n" % (i % 500, len(blob)))
    out.write(blob)
    out.write(b"\n")
out.close()
if fi.wait() != 0:
    sys.exit("git fast-import failed")
subprocess.run(["git", "-C", path, "gc", "-q"], check=True)

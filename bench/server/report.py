#!/usr/bin/env python3
"""Renders bench.py's JSON as the "Server" section of docs/benchmarks.md.

Usage: report.py RESULTS_JSON "LOAD_AT_START" "LOAD_AT_END" JAR_SHA COMMIT [BENCHMARKS_MD]
Prints the section; with BENCHMARKS_MD it also replaces that file's "## Server" section (or appends one).
"""
import datetime
import json
import os
import re
import statistics
import subprocess
import sys

res = json.load(open(sys.argv[1]))
load_start, load_end, jar_sha, commit = sys.argv[2:6]
doc = sys.argv[6] if len(sys.argv) > 6 else None


def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def spread(xs, unit="s", scale=1.0, digits=2):
    f = lambda v: f"{v * scale:.{digits}f}"
    return f"**{f(statistics.median(xs))} {unit}** ({f(min(xs))}–{f(max(xs))}, n={len(xs)})"


def status(ok):
    return "met" if ok else "**not met**"


def machine():
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    mem = [l for l in open("/proc/meminfo") if l.startswith("MemTotal")][0].split()[1]
    java = os.environ.get("JAVA_HOME", "")
    ver = subprocess.run([os.path.join(java, "bin", "java") if java else "java", "-version"], capture_output=True,
                         text=True).stderr.splitlines()[0]
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu} cores, {int(mem) // 1024 // 1024} GiB; {ver}; {git}"


out = []
w = out.append
w("## Server")
w("")
w("Command: `bench/server/run.sh` (from the repository root; about 6 min). It builds `cli/target/slipway.jar` with "
  "`package`, freezes a copy of the `./slipway` launcher and the jar, lets the launcher make its AOT cache, then "
  "runs `bench/server/bench.py` against `slipway server` on 127.0.0.1 (embedded H2, host executor). Raw JSON: "
  "`bench/.results/server/` (not committed).")
w("")
w(f"Machine: {machine()}. Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC. "
  f"Jar sha256 {jar_sha}… built from commit {commit} (plus the uncommitted changes of the worktree, if any). "
  f"Load average (1, 5, 15 min) at start: {load_start}; at end: {load_end}.")
w("")
if float(load_start.split()[0]) > (os.cpu_count() or 1) or float(load_end.split()[0]) > (os.cpu_count() or 1):
    w("> **Possibly noisy run:** the 1-minute load average was above the core count at the start or the end (it "
      "counts the benchmark's own earlier work too), so times may be inflated and spreads wide.")
    w("")
w("| Figure | Measured: median (min–max, n) | Target | Status |")
w("|---|---|---|---|")
if "ready_fresh_s" in res:
    w(f"| Cold start to ready (first `GET /healthz`), fresh data directory | {spread(res['ready_fresh_s'])} | ≤ 2 s | "
      f"{status(statistics.median(res['ready_fresh_s']) <= 2)} |")
    w(f"| Start to ready, existing data directory | {spread(res['ready_existing_s'])} | ≤ 2 s | "
      f"{status(statistics.median(res['ready_existing_s']) <= 2)} |")
    w(f"| Idle RSS, {os.environ.get('IDLE', '5')} s after ready | {spread(res['idle_rss_mb'], 'MB', digits=0)} | "
      f"≤ 250 MB | {status(max(res['idle_rss_mb']) <= 250)} |")
if "rss_after_load_mb" in res:
    w(f"| RSS after all the phases below, idle again | **{res['rss_after_load_mb']:.0f} MB** | (reported only) | — |")
if "push_to_step_s" in res:
    xs = res["push_to_step_s"]
    w(f"| Push → first step started, from the start of `git push` | p50 **{pct(xs, 50) * 1000:.0f} ms**, "
      f"p95 **{pct(xs, 95) * 1000:.0f} ms** (min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f}, n={len(xs)}) | "
      f"p50 ≤ 150 ms | {status(pct(xs, 50) <= 0.150)} |")
    ys = res["push_return_to_step_s"]
    w(f"| Push → first step started, from the return of `git push` | p50 {pct(ys, 50) * 1000:.0f} ms, "
      f"p95 {pct(ys, 95) * 1000:.0f} ms | (reported only) | — |")
if "concurrent_runs" in res:
    c = res["concurrent_runs"]
    w(f"| {c['runs']} concurrent trivial runs (`workflow_dispatch` sent at once) | all completed in "
      f"**{c['all_completed_s']:.1f} s** ({c['completed']} completed, {len(c['errors'])} errors; the "
      f"{c['runs']} dispatches answered in {c['dispatch_s']:.1f} s) | no error | {status(not c['errors'])} |")
if "logs" in res:
    g = res["logs"]
    lost = g["lines_expected"] - g["lines_stored"]
    w(f"| Log ingestion, one job printing {g['mb']} MB | **{g['mb_per_s']:.0f} MB/s** ({g['seconds']:.2f} s from the "
      f"step's start to the job's completion; server JVM CPU {g['server_cpu_s']:.2f} s; the same command into "
      f"/dev/null: {g['floor_s']:.2f} s; "
      f"{g['lines_stored']:,} of {g['lines_expected']:,} lines in the stored log) | ≥ 100 MB/s | "
      f"{status(g['mb_per_s'] >= 100 and lost == 0)} |")
if "clone" in res:
    c = res["clone"]
    ratio = statistics.median(c["http_backend_s"]) / statistics.median(c["slipway_s"])
    w(f"| `git clone` of {c['mb']} MB / {c['commits']:,} commits, Slipway | {spread(c['slipway_s'])} | | |")
    w(f"| the same from `git http-backend` (C git) | {spread(c['http_backend_s'])} | | |")
    w(f"| Clone speed, Slipway ÷ `git http-backend` | **{ratio:.2f}×** | ≥ 0.8× | {status(ratio >= 0.8)} |")
w("")
w("- *Ready* is the wall time from starting the launcher (`slipway server --port … --data …`) to the first "
  "successful `GET /healthz`; a fresh data directory includes creating the database, running the migrations and "
  "creating the administrator (its password is hashed on a thread of its own while the rest starts).")
w("- *Push → first step started*: each of the pushes is one new commit, pushed with `git push` after the previous "
  "one's step ran; the workflow's only step writes `date +%s%N`, compared with the benchmark's clock just before "
  "`git push` started (and just after it returned). Five warm-up pushes are not counted.")
w("- *Concurrent runs* counts an HTTP error of a dispatch or any run not concluding `success` as an error.")
w("- *Clone*: the repository is generated by `bench/server/make_repo.py` (each commit rewrites one of 500 files with "
  "random bytes; `git gc`), pushed to Slipway over HTTP, and served by C git's `git http-backend` behind "
  "`bench/server/cgi_host.py` (a threaded CGI host that streams the backend's output). Clones alternate between "
  "the two after one uncounted round, with checkout, into the same directory. Slipway repacks the pushed "
  "repository with a bitmap index in the background right after the push (as `git gc` did for the C git copy); "
  "the uncounted round overlaps that repack.")
w("- *Server JVM CPU* (log ingestion) is the user + system time of the server's JVM over the phase (from the "
  "dispatch to the run's completion, including the benchmark's polling of the API), not of the step's processes.")
section = "\n".join(out) + "\n"
print(section)

if doc:
    text = open(doc).read()
    pattern = re.compile(r"^## Server\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda m: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    open(doc, "w").write(text)

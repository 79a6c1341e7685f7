#!/usr/bin/env python3
"""Whole-server benchmark driver; bench/server/run.sh prepares the launcher and calls it.

Usage: bench.py SLIPWAY_LAUNCHER WORK_DIR RESULTS_JSON

Phases, each against a real `slipway server` on 127.0.0.1 (host executor, embedded H2):
  start    cold start to ready (first GET /healthz answered) with a fresh and with an existing data directory, and
           the resident set size (VmRSS) after IDLE seconds of idling
  latency  PUSHES sequential `git push`es of one commit; a workflow's first step writes the time it started, so the
           latency is from the start of `git push` (and from its return) to that step's start
  runs     RUNS workflow_dispatch requests sent at once (threads) of a one-step workflow, timed until all completed;
           every HTTP error and every conclusion other than success is counted as an error
  logs     one job printing LOG_MB (1,000,000 lines of 100 bytes for 100 MB); throughput is the size over the time
           from the step's start (written by the step) to the job's completion, and the stored log is downloaded and
           its lines counted so that nothing was lost
  clone    `git clone` (with checkout) of a CLONE_COMMITS-commit, CLONE_MB repository from Slipway and from C git's
           `git http-backend` behind bench/server/cgi_host.py, CLONES times each, alternating
Every loop is bounded in count and time.
"""
import base64
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

launcher, work, results_file = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))
STARTS = int(os.environ.get("STARTS", "5"))
IDLE = float(os.environ.get("IDLE", "5"))
PUSHES = int(os.environ.get("PUSHES", "100"))
RUNS = int(os.environ.get("RUNS", "100"))
LOG_MB = int(os.environ.get("LOG_MB", "100"))
CLONES = int(os.environ.get("CLONES", "5"))
CLONE_COMMITS = int(os.environ.get("CLONE_COMMITS", "5000"))
CLONE_MB = int(os.environ.get("CLONE_MB", "50"))
PORT = int(os.environ.get("PORT", "18950"))
CGI_PORT = PORT + 1
USER, PASSWORD = "bench", "bench-password-1"
BASE = f"http://127.0.0.1:{PORT}"
AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
results = {}


def log(msg):
    print(f"[bench/server] {msg}", file=sys.stderr, flush=True)


def api(method, path, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + "/api/v3" + path, data=data, method=method)
    req.add_header("Authorization", AUTH)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        text = r.read()
        return json.loads(text) if text and r.headers.get_content_type() == "application/json" else text


def healthy():
    try:
        with urllib.request.urlopen(BASE + "/healthz", timeout=1) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Server:
    def __init__(self, data):
        env = dict(os.environ, SLIPWAY_ADMIN_USER=USER, SLIPWAY_ADMIN_PASSWORD=PASSWORD)
        self.log = open(os.path.join(work, "server.log"), "ab")
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [launcher, "server", "--port", str(PORT), "--data", data], env=env, stdout=self.log, stderr=self.log,
            start_new_session=True)
        deadline = self.t0 + 60
        while not healthy():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit(f"the server did not start, see {work}/server.log")
            time.sleep(0.005)
        self.ready = time.monotonic() - self.t0

    def rss_mb(self):
        # the launcher execs java, so the process is the JVM itself
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_s(self):
        # user + system CPU time of the JVM's own threads (not of the steps' processes)
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def phase_start():
    fresh, again, rss = [], [], []
    data = os.path.join(work, "data")
    for i in range(STARTS):
        shutil.rmtree(data, ignore_errors=True)
        s = Server(data)
        fresh.append(s.ready)
        time.sleep(IDLE)
        rss.append(s.rss_mb())
        s.stop()
        s = Server(data)
        again.append(s.ready)
        s.stop()
        log(f"start {i + 1}/{STARTS}: fresh {fresh[-1]:.3f} s, existing data {again[-1]:.3f} s, idle RSS {rss[-1]:.0f} MB")
    results["ready_fresh_s"] = fresh
    results["ready_existing_s"] = again
    results["idle_rss_mb"] = rss


def git(*args, cwd=None):
    subprocess.run(["git", "-c", "credential.helper=", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


WORKFLOWS = {
    "push.yml": """on:
  push:
    branches: [main]
jobs:
  mark:
    runs-on: ubuntu-latest
    steps:
      - run: date +%s%N > "MARKS/$GITHUB_SHA"
""",
    "trivial.yml": """on: workflow_dispatch
jobs:
  trivial:
    runs-on: ubuntu-latest
    steps:
      - run: "true"
""",
    "logs.yml": """on: workflow_dispatch
jobs:
  print:
    runs-on: ubuntu-latest
    steps:
      - run: date +%s%N > "MARKS/logs"
      - run: yes 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | head -n LINES
""",
}


def setup_repo(marks):
    api("POST", "/user/repos", {"name": "bench"})
    src = os.path.join(work, "src")
    os.makedirs(os.path.join(src, ".github", "workflows"))
    for name, text in WORKFLOWS.items():
        text = text.replace("MARKS", marks).replace("LINES", str(LOG_MB * 10_000))
        with open(os.path.join(src, ".github", "workflows", name), "w") as f:
            f.write(text)
    git("init", "-q", "-b", "main", cwd=src)
    git("add", "-A", cwd=src)
    git("-c", "user.name=bench", "-c", "user.email=bench@slipway.invalid", "commit", "-qm", "bench", cwd=src)
    return src


def wait_for(path, limit):
    deadline = time.monotonic() + limit
    while not (os.path.exists(path) and os.path.getsize(path) > 0):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} did not appear within {limit} s")
        time.sleep(0.002)
    with open(path) as f:
        return int(f.read().strip()) / 1e9


def phase_latency(src, marks):
    remote = f"http://{USER}:{PASSWORD}@127.0.0.1:{PORT}/{USER}/bench.git"
    from_start, from_return = [], []
    warmup = 5
    for i in range(warmup + PUSHES):
        git("-c", "user.name=bench", "-c", "user.email=bench@slipway.invalid", "commit", "-q", "--allow-empty",
            "-m", f"push {i}", cwd=src)
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=src, check=True, capture_output=True,
                             text=True).stdout.strip()
        t0 = time.time()
        git("push", "-q", remote, "main", cwd=src)
        t1 = time.time()
        started = wait_for(os.path.join(marks, sha), 60)
        if i >= warmup:
            from_start.append(started - t0)
            from_return.append(started - t1)
    results["push_to_step_s"] = from_start
    results["push_return_to_step_s"] = from_return
    log(f"push -> step: median {statistics.median(from_start) * 1000:.0f} ms over {len(from_start)} pushes")


def completed_runs(workflow):
    runs, page = [], 1
    while True:
        body = api("GET", f"/repos/{USER}/bench/actions/runs?event=workflow_dispatch&per_page=100&page={page}")
        batch = [r for r in body["workflow_runs"] if r["path"].endswith(workflow)]
        runs += batch
        if len(body["workflow_runs"]) < 100:
            return runs
        page += 1


def phase_runs():
    errors = []
    barrier = threading.Barrier(RUNS)

    def dispatch(_):
        barrier.wait(30)
        try:
            api("POST", f"/repos/{USER}/bench/actions/workflows/trivial.yml/dispatches", {"ref": "main"}, timeout=60)
        except (urllib.error.URLError, OSError) as e:
            errors.append(f"dispatch: {e}")

    t0 = time.monotonic()
    with ThreadPoolExecutor(RUNS) as pool:
        list(pool.map(dispatch, range(RUNS)))
    accepted = time.monotonic() - t0
    deadline = t0 + 600
    while True:
        runs = completed_runs("trivial.yml")
        done = [r for r in runs if r["status"] == "completed"]
        if len(done) >= RUNS - len(errors) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    total = time.monotonic() - t0
    bad = [r for r in runs if r["conclusion"] != "success"]
    errors += [f"run {r['id']}: {r['status']}/{r['conclusion']}" for r in bad]
    results["concurrent_runs"] = {"runs": RUNS, "dispatch_s": accepted, "all_completed_s": total,
                                  "completed": len(done), "errors": errors}
    log(f"{RUNS} concurrent runs: {total:.2f} s, {len(errors)} errors")


def phase_logs(marks, server):
    cpu0 = server.cpu_s()
    api("POST", f"/repos/{USER}/bench/actions/workflows/logs.yml/dispatches", {"ref": "main"})
    deadline = time.monotonic() + 600
    while True:
        runs = completed_runs("logs.yml")
        if runs and runs[0]["status"] == "completed":
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the log run did not complete")
        time.sleep(0.05)
    cpu = server.cpu_s() - cpu0
    run = runs[0]
    job = api("GET", f"/repos/{USER}/bench/actions/runs/{run['id']}/jobs")["jobs"][0]
    started = wait_for(os.path.join(marks, "logs"), 1)
    from datetime import datetime
    completed = datetime.fromisoformat(job["completed_at"].replace("Z", "+00:00")).timestamp()
    t0 = time.monotonic()
    text = api("GET", f"/repos/{USER}/bench/actions/jobs/{job['id']}/logs", timeout=600)
    download = time.monotonic() - t0
    lines = sum(1 for line in text.splitlines() if line.endswith(b"x" * 99))
    floor_t0 = time.monotonic()
    subprocess.run(["bash", "-c", f"yes '{'x' * 99}' | head -n {LOG_MB * 10_000} > /dev/null"], check=True)
    floor = time.monotonic() - floor_t0
    results["logs"] = {"mb": LOG_MB, "conclusion": run["conclusion"], "seconds": completed - started,
                       "mb_per_s": LOG_MB / (completed - started), "lines_expected": LOG_MB * 10_000,
                       "lines_stored": lines, "log_bytes": len(text), "download_s": download,
                       "floor_s": floor, "server_cpu_s": cpu}
    log(f"logs: {LOG_MB / (completed - started):.0f} MB/s, {lines} lines stored, server CPU {cpu:.2f} s")


def timed_clone(url):
    dest = os.path.join(work, "clone")
    shutil.rmtree(dest, ignore_errors=True)
    t0 = time.monotonic()
    git("clone", "-q", url, dest)
    return time.monotonic() - t0


def phase_clone():
    root = os.path.join(work, "plain")
    big = os.path.join(root, "big.git")
    os.makedirs(root)
    subprocess.run([sys.executable, os.path.join(here, "make_repo.py"), big, str(CLONE_COMMITS), str(CLONE_MB)],
                   check=True)
    api("POST", "/user/repos", {"name": "big"})
    git("push", "-q", f"http://{USER}:{PASSWORD}@127.0.0.1:{PORT}/{USER}/big.git", "main", cwd=big)
    cgi = subprocess.Popen([sys.executable, os.path.join(here, "cgi_host.py"), str(CGI_PORT), root])
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["git", "ls-remote", f"http://127.0.0.1:{CGI_PORT}/big.git"], capture_output=True
                             ).returncode != 0:
            if time.monotonic() > deadline:
                sys.exit("the git http-backend host did not start")
            time.sleep(0.1)
        ours, theirs = [], []
        for i in range(CLONES + 1):  # the first round warms both up and is not counted
            a = timed_clone(f"http://{USER}:{PASSWORD}@127.0.0.1:{PORT}/{USER}/big.git")
            b = timed_clone(f"http://127.0.0.1:{CGI_PORT}/big.git")
            if i > 0:
                ours.append(a)
                theirs.append(b)
        results["clone"] = {"commits": CLONE_COMMITS, "mb": CLONE_MB, "slipway_s": ours, "http_backend_s": theirs}
        log(f"clone: slipway {statistics.median(ours):.2f} s, http-backend {statistics.median(theirs):.2f} s")
    finally:
        cgi.terminate()
        cgi.wait()


def main():
    phases = os.environ.get("PHASES", "start latency runs logs clone").split()
    if "start" in phases:
        phase_start()
    rest = [p for p in phases if p != "start"]
    if not rest:
        return
    data = os.path.join(work, "data")
    shutil.rmtree(data, ignore_errors=True)
    marks = os.path.join(work, "marks")
    os.makedirs(marks, exist_ok=True)
    server = Server(data)
    try:
        src = setup_repo(marks)
        git("push", "-q", f"http://{USER}:{PASSWORD}@127.0.0.1:{PORT}/{USER}/bench.git", "main", cwd=src)
        if "latency" in rest:
            phase_latency(src, marks)
        if "runs" in rest:
            phase_runs()
        if "logs" in rest:
            phase_logs(marks, server)
        if "clone" in rest:
            phase_clone()
        time.sleep(IDLE)
        results["rss_after_load_mb"] = server.rss_mb()
    finally:
        server.stop()


try:
    main()
finally:
    with open(results_file, "w") as f:
        json.dump(results, f, indent=1)

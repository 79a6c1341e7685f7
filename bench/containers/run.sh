#!/usr/bin/env bash
# Container job overhead: `slipway run` of a container job with 10 trivial steps, against the shell floor doing the
# same with the podman CLI (`podman run -d` + 10 × `podman exec` + `podman rm -f`), side by side in one hyperfine run.
# Prints a Markdown section and, unless NO_REPORT=1, writes it as the "Container jobs" section of docs/benchmarks.md.
#
# Environment: RUNS (default 5), IMAGE (default localhost/slipway/busybox:latest)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
RUNS=${RUNS:-5}
IMAGE=${IMAGE:-localhost/slipway/busybox:latest}

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; } >&2
. "$root/scripts/java-home.sh"
DOCKER_HOST=$("$root/scripts/container-engine.sh" | tail -n 1 | sed 's/^DOCKER_HOST=//')
export DOCKER_HOST

work=$(mktemp -d "${TMPDIR:-/tmp}/slipway-bench-containers.XXXXXX")
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo/.github/workflows"
{
  printf 'on: push\njobs:\n  ten:\n    runs-on: ubuntu-latest\n    container: %s\n    steps:\n' "$IMAGE"
  for i in $(seq 1 10); do printf '      - run: "true"\n'; done
} > "$repo/.github/workflows/bench.yml"
(cd "$repo" && git init -q -b main && git add -A && git -c user.name=bench -c user.email=bench@slipway.invalid commit -qm bench)

cat > "$work/floor.sh" <<FLOOR
#!/usr/bin/env bash
set -e
id=\$(podman run -d --rm $IMAGE sh -c 'while sleep 3600; do :; done')
for i in \$(seq 1 10); do podman exec "\$id" sh -e -c true; done
podman rm -f -t 0 "\$id" >/dev/null
FLOOR
chmod +x "$work/floor.sh"

slipway="$root/slipway run -C $repo --color never"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$work/result.json" \
  -n "podman CLI floor" "$work/floor.sh" \
  -n "slipway run" "$slipway" >&2

python3 - "$work/result.json" "$RUNS" "$IMAGE" "$root/docs/benchmarks.md" "${NO_REPORT:-}" <<'PY'
import json, sys, statistics, subprocess, os, platform, datetime, re
res, runs, image, doc, noreport = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
r = {x["command"]: x for x in json.load(open(res))["results"]}
floor, ours = r["podman CLI floor"], r["slipway run"]
def row(name, x):
    t = x["times"]
    return f"| {name} | {statistics.median(t):.2f} s | {min(t):.2f}–{max(t):.2f} s | {len(t)} |"
ratio = statistics.median(ours["times"]) / statistics.median(floor["times"])
cpu = next((l.split(":",1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
podman = subprocess.run(["podman", "--version"], capture_output=True, text=True).stdout.strip()
load = open("/proc/loadavg").read().split()[0]
md = f"""## Container jobs

Command: `bench/containers/run.sh` (RUNS={runs}) · {datetime.date.today()} · {os.cpu_count()} cores, {cpu} ·
{podman} through its Docker API socket · image `{image}` · load average at the end: {load}

A job with `container: {image}` and 10 trivial `run:` steps, through `slipway run` (the `slipway` launcher with its AOT cache: JVM start, parse, plan, create
the container, 10 execs through the Docker API, remove it) against the shell floor doing the same with the podman
CLI (`podman run -d`, 10 × `podman exec`, `podman rm -f`).

| command | median | min–max | runs |
|---|---|---|---|
{row("podman CLI floor", floor)}
{row("slipway run", ours)}

Ratio slipway / floor: **{ratio:.2f}×** (target ≤ 1.3×: {"met" if ratio <= 1.3 else "not met"}).
"""
print(md)
if not noreport:
    text = open(doc).read() if os.path.exists(doc) else "# Benchmarks\n"
    text = re.sub(r"\n## Container jobs\n.*?(?=\n## |\Z)", "\n", text, flags=re.S).rstrip() + "\n\n" + md
    open(doc, "w").write(text)
PY

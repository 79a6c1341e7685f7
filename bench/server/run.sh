#!/usr/bin/env bash
# Whole-server benchmark: cold start, idle memory, push → first step latency, 100 concurrent runs, log ingestion and
# `git clone` against C git's `git http-backend`, each against a real `slipway server` on 127.0.0.1 (see bench.py).
# Writes the raw JSON to bench/.results/server/ and prints the Markdown section; with REPORT=1 it also rewrites the
# "Server" section of docs/benchmarks.md.
#
# The timed launcher is a frozen copy of ./slipway and cli/target/slipway.jar (built here with `package`, never
# `install`), so edits elsewhere cannot make it rebuild while it is timed; its AOT cache is made before timing.
#
# Environment: SKIP_BUILD=1 uses cli/target/slipway.jar as it is; PHASES, STARTS, IDLE, PUSHES, RUNS, LOG_MB, CLONES,
#              CLONE_COMMITS, CLONE_MB, PORT are passed to bench.py (defaults there: the issue's figures).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/scripts/java-home.sh"
[ -x /usr/lib/git-core/git-http-backend ] || { echo "bench/server: git-http-backend is missing" >&2; exit 1; }

if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -o -Dmaven.test.skip=true -Dspotless.skip=true -pl cli -am package) >&2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/slipway-bench-server.XXXXXX")
trap 'rm -rf "$work"' EXIT
snap="$work/slipway-snapshot"
mkdir -p "$snap/cli/target" "$snap/scripts"
cp "$root/slipway" "$snap/slipway"
cp "$root/scripts/java-home.sh" "$snap/scripts/"
cp -p "$root/cli/target/slipway.jar" "$snap/cli/target/slipway.jar"
echo "bench/server: making the launcher's AOT cache (one training run)" >&2
"$snap/slipway" --version >/dev/null

results="$root/bench/.results/server"
mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$here/bench.py" "$snap/slipway" "$work" "$results/$stamp.json"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$here/report.py" "$results/$stamp.json" "$load_start" "$load_end" \
  "$(sha256sum "$snap/cli/target/slipway.jar" | cut -c1-16)" "$(cd "$root" && git rev-parse --short HEAD)" \
  ${REPORT:+"$root/docs/benchmarks.md"}

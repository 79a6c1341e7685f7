#!/usr/bin/env bash
# Registry throughput: curl monolithic upload (POST ?digest=) and download of one random blob, against Slipway's
# RegistryServer and CNCF distribution (Debian's docker-registry), plus `cp` of the same file on the same disk.
# Prints a Markdown section on stdout (progress goes to stderr); docs/ is left alone.
#
# With skopeo installed (SKOPEO=0 skips it) it also times `skopeo copy` push and pull of a single-layer image of the
# same size and of a 50-layer image (LAYER_MB each), freshly generated before every push so no blob is already there.
#
# Environment: RUNS (default 5), WARMUP (default 2: the JVM compiles its hot paths in the first uploads), SIZE_MB
#              (default 200), LAYER_MB (default 4), DIST_PORT (default 5701), SLIPWAY_PORT (default 5702),
#              SKIP_BUILD=1 to use registry/target/classes as they are, JAVA_OPTS for Slipway's JVM.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-2}
SIZE_MB=${SIZE_MB:-200}
LAYER_MB=${LAYER_MB:-4}
SKOPEO=${SKOPEO:-1}
DIST_PORT=${DIST_PORT:-5701}
SLIPWAY_PORT=${SLIPWAY_PORT:-5702}

need() { # command, package
  command -v "$1" >/dev/null && return 0
  { apt-get update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$2"; } >&2
}
need hyperfine hyperfine
need curl curl
need docker-registry docker-registry
. "$root/scripts/java-home.sh"

. "$here/servers.sh"
new_workdir slipway-bench-registry

if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -o -pl registry install -DskipTests) >&2
fi
(cd "$root" && ./mvnw -q -o -pl registry dependency:build-classpath -Dmdep.outputFile="$work/cp.txt") >&2
cp_path="$root/registry/target/classes:$(cat "$work/cp.txt")"

start_registries "$work" "$DIST_PORT" "$SLIPWAY_PORT" "$cp_path"

blob="$work/blob"
head -c "$((SIZE_MB * 1000 * 1000))" /dev/urandom > "$blob"
digest="sha256:$(sha256sum "$blob" | cut -d' ' -f1)"
bytes=$(stat -c %s "$blob")

up() { echo "$here/upload.sh http://127.0.0.1:$1 $blob $digest ${2:-}"; }
down() { echo "curl -sf -o /dev/null 'http://127.0.0.1:$1/v2/bench/blob/blobs/$digest'"; }
for port in "$DIST_PORT" "$SLIPWAY_PORT"; do
  eval "$(up "$port")" || { echo "monolithic upload to $port failed" >&2; exit 1; }
  eval "$(down "$port")" || { echo "download from $port failed" >&2; exit 1; }
done
eval "$(up "$SLIPWAY_PORT" single)" || { echo "single-POST upload to slipway failed" >&2; exit 1; }

hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$work/result.json" \
  -n "cp" --prepare "rm -f $work/copy" "cp $blob $work/copy" \
  -n "distribution upload" "$(up "$DIST_PORT")" \
  -n "slipway upload" "$(up "$SLIPWAY_PORT")" \
  -n "slipway single-POST upload" "$(up "$SLIPWAY_PORT" single)" \
  -n "distribution download" "$(down "$DIST_PORT")" \
  -n "slipway download" "$(down "$SLIPWAY_PORT")" >&2

echo '{"results": []}' > "$work/skopeo.json"
if [ "$SKOPEO" = 1 ] && command -v skopeo >/dev/null; then
  args=()
  for image in "one 1 $((SIZE_MB * 1000 * 1000))" "fifty 50 $((LAYER_MB * 1000 * 1000))"; do
    set -- $image
    for who in distribution slipway; do
      port=$DIST_PORT; [ "$who" = slipway ] && port=$SLIPWAY_PORT
      ref="docker://127.0.0.1:$port/bench/$1:latest"
      args+=(-n "$who push $1" --prepare "python3 $here/oci.py $work/img-$1 $2 $3"
        "skopeo copy -q --dest-tls-verify=false oci:$work/img-$1 $ref")
      args+=(-n "$who pull $1" --prepare "rm -rf $work/pull" "skopeo copy -q --src-tls-verify=false $ref oci:$work/pull")
    done
  done
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$work/skopeo.json" "${args[@]}" >&2
fi

python3 - "$work/result.json" "$RUNS" "$bytes" "$work/skopeo.json" "$WARMUP" "$LAYER_MB" <<'PY'
import json, sys, statistics, os, datetime, subprocess
res, runs, size, skopeo, warmup, layer_mb = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6])
r = {x["command"]: x["times"] for x in json.load(open(res))["results"]}
s = {x["command"]: x["times"] for x in json.load(open(skopeo))["results"]}
mbs = lambda t: size / 1e6 / statistics.median(t)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
dist = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "docker-registry"], capture_output=True, text=True).stdout
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"""## Registry throughput

Command: `bench/registry/run.sh` (RUNS={runs}) · {datetime.date.today()} · {os.cpu_count()} cores, {cpu} ·
docker-registry {dist} · {java} · blob of {size / 1e6:.0f} MB random bytes · load average at the end: {open('/proc/loadavg').read().split()[0]}

curl against 127.0.0.1: upload is `POST /v2/<name>/blobs/uploads/` then one `PUT <location>?digest=` streaming the
whole file (`curl -T`; distribution 2.8 rejects a body on the POST), "single-POST" is Slipway's one-request
`POST ...?digest=` with the body; download is `GET /v2/<name>/blobs/<digest>` into `/dev/null`; `cp` copies the file on the same disk.
MB/s = 10^6 bytes / median wall time (hyperfine, {runs} runs after {warmup} warm-up runs).

| what | median | range | MB/s | vs distribution | vs cp |
|---|---|---|---|---|---|""")
cp = mbs(r["cp"])
print(f"| cp | {statistics.median(r['cp']):.3f} s | {min(r['cp']):.3f}–{max(r['cp']):.3f} s | {cp:.0f} | | 1.00 |")
for op in ("upload", "download"):
    base = mbs(r[f"distribution {op}"])
    for who in ("distribution", "slipway"):
        t = r[f"{who} {op}"]
        print(f"| {who} {op} | {statistics.median(t):.3f} s | {min(t):.3f}–{max(t):.3f} s | {mbs(t):.0f} | "
              f"{mbs(t) / base:.2f} | {mbs(t) / cp:.2f} |")
    if op == "upload":
        t = r["slipway single-POST upload"]
        print(f"| slipway single-POST upload | {statistics.median(t):.3f} s | {min(t):.3f}–{max(t):.3f} s | "
              f"{mbs(t):.0f} | {mbs(t) / base:.2f} | {mbs(t) / cp:.2f} |")
if s:
    sizes = {"one": size, "fifty": 50 * layer_mb * 1000 * 1000}
    print(f"""
`skopeo copy` between an OCI layout on disk and each registry: "one" is one {size / 1e6:.0f} MB layer, "fifty" is 50
layers of {layer_mb} MB; every push gets freshly generated layers (untimed), every pull a fresh directory.

| what | median | range | MB/s | vs distribution |
|---|---|---|---|---|""")
    for image in ("one", "fifty"):
        for op in ("push", "pull"):
            base = statistics.median(s[f"distribution {op} {image}"])
            for who in ("distribution", "slipway"):
                t = s[f"{who} {op} {image}"]
                m = statistics.median(t)
                print(f"| skopeo {op} {image} to/from {who} | {m:.2f} s | {min(t):.2f}–{max(t):.2f} s | "
                      f"{sizes[image] / 1e6 / m:.0f} | {base / m:.2f} |")
PY

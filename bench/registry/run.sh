#!/usr/bin/env bash
# Registry throughput: curl monolithic upload (POST then PUT ?digest=) of a fresh random blob before every run and
# of one already stored, and download of one random blob, against Slipway's
# RegistryServer and CNCF distribution (Debian's docker-registry), plus `cp` of the same file on the same disk, once
# into the page cache only and once followed by `sync` of the copy (the bytes on disk, as Slipway's upload is when it
# answers). Every command starts after a `sync` (untimed), so none pays for the previous one's writeback.
# Prints a Markdown section on stdout (progress goes to stderr); docs/ is left alone.
#
# With skopeo installed (SKOPEO=0 skips it) it also times `skopeo copy` push and pull of a single-layer image of the
# same size and of a 50-layer image (LAYER_MB each), freshly generated before every push so no blob is already there
# (then `sync`, untimed).
#
# Environment: RUNS (default 5), WARMUP (default 2: the JVM compiles its hot paths in the first uploads), SIZE_MB
#              (default 200), LAYER_MB (default 4), DIST_PORT (default 5701), SLIPWAY_PORT (default 5702),
#              SKIP_BUILD=1 to use registry/target/classes as they are, JAVA_OPTS for Slipway's JVM,
#              SLIPWAY_CLASSES (default registry/target/classes) to measure classes compiled from another commit.
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

# The class path comes from the reactor (common/target/classes and so on), never from ~/.m2, where an installed
# slipway-common may be older than the registry's sources. SKIP_BUILD=1 leaves the compiled classes as they are.
skip=(); [ -n "${SKIP_BUILD:-}" ] && skip=(-Dmaven.main.skip=true)
(cd "$root" && ./mvnw -B -q -o -pl registry -am compile dependency:build-classpath -Dspotless.skip=true "${skip[@]}" \
  -Dmdep.outputFile="$work/cp.txt") >&2
cp_path="${SLIPWAY_CLASSES:-$root/registry/target/classes}:$(cat "$work/cp.txt")"

start_registries "$work" "$DIST_PORT" "$SLIPWAY_PORT" "$cp_path"

blob="$work/blob"
head -c "$((SIZE_MB * 1000 * 1000))" /dev/urandom > "$blob"
digest="sha256:$(sha256sum "$blob" | cut -d' ' -f1)"
bytes=$(stat -c %s "$blob")

up() { echo "$here/upload.sh http://127.0.0.1:$1 $blob $digest ${2:-}"; }
# an upload of a blob neither registry holds yet: fresh random bytes before every run (untimed), digest read at run time
fresh="$work/fresh"
new_blob="head -c $bytes /dev/urandom > $fresh && sha256sum $fresh | cut -d' ' -f1 > $fresh.sha256 && sync"
up_fresh() { echo "$here/upload.sh http://127.0.0.1:$1 $fresh sha256:\$(cat $fresh.sha256) ${2:-}"; }
down() { echo "curl -sf -o /dev/null 'http://127.0.0.1:$1/v2/bench/blob/blobs/$digest'"; }
for port in "$DIST_PORT" "$SLIPWAY_PORT"; do
  eval "$(up "$port")" || { echo "monolithic upload to $port failed" >&2; exit 1; }
  eval "$(down "$port")" || { echo "download from $port failed" >&2; exit 1; }
done
eval "$(up "$SLIPWAY_PORT" single)" || { echo "single-POST upload to slipway failed" >&2; exit 1; }

# interleaved NAME [COMMAND_NAME PREPARE COMMAND]...: WARMUP untimed rounds, then RUNS rounds of one run of every
# command, in an order rotated by one each round, so load from elsewhere on a shared machine falls on all of them
# alike (hyperfine alone runs all runs of one command, then the next); round r goes to $work/NAME-r.json.
interleaved() {
  local out=$1 r k i n
  shift
  local -a names=() prepares=() commands=() args
  while [ $# -gt 0 ]; do names+=("$1") prepares+=("$2") commands+=("$3"); shift 3; done
  n=${#names[@]}
  for r in $(seq $((1 - WARMUP)) "$RUNS"); do
    args=()
    for k in $(seq 0 $((n - 1))); do
      i=$(((k + r + WARMUP) % n))
      args+=(-n "${names[$i]}" --prepare "${prepares[$i]}" "${commands[$i]}")
    done
    hyperfine --runs 1 --export-json "$work/$out-$r.json" "${args[@]}" >&2
  done
}

load_start=$(cut -d' ' -f1 /proc/loadavg)
interleaved curl \
  "cp" "rm -f $work/copy; sync" "cp $blob $work/copy" \
  "cp+sync" "rm -f $work/copy; sync" "cp $blob $work/copy && sync $work/copy" \
  "distribution upload" "$new_blob" "$(up_fresh "$DIST_PORT")" \
  "slipway upload" "$new_blob" "$(up_fresh "$SLIPWAY_PORT")" \
  "slipway single-POST upload" "$new_blob" "$(up_fresh "$SLIPWAY_PORT" single)" \
  "distribution upload, blob already stored" sync "$(up "$DIST_PORT")" \
  "slipway upload, blob already stored" sync "$(up "$SLIPWAY_PORT")" \
  "distribution download" sync "$(down "$DIST_PORT")" \
  "slipway download" sync "$(down "$SLIPWAY_PORT")"

if [ "$SKOPEO" = 1 ] && command -v skopeo >/dev/null; then
  args=()
  for image in "one 1 $((SIZE_MB * 1000 * 1000))" "fifty 50 $((LAYER_MB * 1000 * 1000))"; do
    set -- $image
    for who in distribution slipway; do
      port=$DIST_PORT; [ "$who" = slipway ] && port=$SLIPWAY_PORT
      ref="docker://127.0.0.1:$port/bench/$1:latest"
      push="skopeo copy -q --dest-tls-verify=false oci:$work/img-$1 $ref"
      # pushed once before the rounds, so a pull ordered before the push has an image
      python3 "$here/oci.py" "$work/img-$1" "$2" "$3" && $push
      args+=("$who push $1" "python3 $here/oci.py $work/img-$1 $2 $3 && sync" "$push")
      args+=("$who pull $1" "rm -rf $work/pull; sync" "skopeo copy -q --src-tls-verify=false $ref oci:$work/pull")
    done
  done
  interleaved skopeo "${args[@]}"
fi

python3 - "$work" "$RUNS" "$bytes" "$WARMUP" "$LAYER_MB" "$load_start" <<'PY'
import json, sys, statistics, os, datetime, subprocess
work, runs, size, warmup, layer_mb, load_start = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6]
def rounds(name):
    times = {}
    for i in range(1, int(runs) + 1):
        path = os.path.join(work, f"{name}-{i}.json")
        for x in json.load(open(path))["results"] if os.path.exists(path) else []:
            times.setdefault(x["command"], []).extend(x["times"])
    return times
r = rounds("curl")
s = rounds("skopeo")
mbs = lambda t: size / 1e6 / statistics.median(t)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
dist = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "docker-registry"], capture_output=True, text=True).stdout
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(f"""## Registry throughput

Command: `bench/registry/run.sh` (RUNS={runs}) · {datetime.date.today()} · {os.cpu_count()} cores, {cpu} ·
docker-registry {dist} · {java} · blob of {size / 1e6:.0f} MB random bytes · load average {load_start} at the start, {open('/proc/loadavg').read().split()[0]} at the end

curl against 127.0.0.1: upload is `POST /v2/<name>/blobs/uploads/` then one `PUT <location>?digest=` streaming the
whole file (`curl -T`; distribution 2.8 rejects a body on the POST), "single-POST" is Slipway's one-request
`POST ...?digest=` with the body. Each upload sends a blob the registry does not hold yet (fresh random bytes,
generated untimed); "blob already stored" sends the same blob again, which both registries receive and hash but
then discard (earlier runs, up to 2026-11-22 22:13, measured only this case and called it "upload").
Download is `GET /v2/<name>/blobs/<digest>` into `/dev/null`. `cp` copies the file
on the same disk into the page cache; `cp+sync` is `cp` then `sync` of the copy, so the bytes are on the disk.
Every command starts after an untimed `sync`. MB/s = 10^6 bytes / median wall time ({runs} rounds of one hyperfine run
of every command, the order rotated each round, after {warmup} warm-up rounds).

Slipway answers an upload only once the blob is on disk (forced before its rename, its directory after), so the
"≥ 50% of the disk copy" target is judged against `cp+sync`, which also ends with the bytes on disk (and matches the
issue's "disk copy ~1,080 MB/s"); `cp` alone stays for comparison with earlier runs. Distribution 2.8 never forces
its writes: its upload answers with the blob in the page cache only, a lighter job than Slipway's.

| what | median | range | MB/s | vs distribution | vs cp | vs cp+sync |
|---|---|---|---|---|---|---|""")
cp = mbs(r["cp"])
cps = mbs(r["cp+sync"])
for name in ("cp", "cp+sync"):
    t = r[name]
    print(f"| {name} | {statistics.median(t):.3f} s | {min(t):.3f}–{max(t):.3f} s | {mbs(t):.0f} | | "
          f"{mbs(t) / cp:.2f} | {mbs(t) / cps:.2f} |")
for op in ("upload", "download"):
    base = mbs(r[f"distribution {op}"])
    names = [f"distribution {op}", f"slipway {op}"]
    if op == "upload":
        names += ["slipway single-POST upload", "distribution upload, blob already stored",
                  "slipway upload, blob already stored"]
    for name in names:
        t = r[name]
        print(f"| {name} | {statistics.median(t):.3f} s | {min(t):.3f}–{max(t):.3f} s | {mbs(t):.0f} | "
              f"{mbs(t) / base:.2f} | {mbs(t) / cp:.2f} | {mbs(t) / cps:.2f} |")
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

#!/usr/bin/env bash
# Server CPU time (user+sys from /proc/<pid>/stat) per `skopeo copy` push and pull of a fresh 50-layer image, for
# Slipway's RegistryServer and CNCF distribution (Debian's docker-registry) side by side, and skopeo's own CPU time
# (user+sys, /usr/bin/time): when the client uses about all of the wall time, no server can make the copy faster.
# CPU time is much less disturbed than wall time by other work on a shared machine; wall time per operation is
# printed too, with the load average. Run bench/registry/run.sh first (or SKIP_BUILD=1) so registry/target/classes
# is current.
#
# Environment: RUNS (default 5, after one untimed round), LAYERS (default 50), LAYER_MB (default 4),
#              DIST_PORT (default 5711), SLIPWAY_PORT (default 5712), JAVA_OPTS for Slipway's JVM,
#              SLIPWAY_CLASSES (default registry/target/classes) to measure classes compiled from another commit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
RUNS=${RUNS:-5}
LAYERS=${LAYERS:-50}
LAYER_MB=${LAYER_MB:-4}
DIST_PORT=${DIST_PORT:-5711}
SLIPWAY_PORT=${SLIPWAY_PORT:-5712}
[ -x /usr/bin/time ] || { echo "cpu.sh needs /usr/bin/time (Debian package time)" >&2; exit 1; }
for tool in skopeo docker-registry curl python3; do
  command -v "$tool" >/dev/null || { echo "cpu.sh needs $tool" >&2; exit 1; }
done
. "$root/scripts/java-home.sh"

. "$here/servers.sh"
new_workdir slipway-bench-registry-cpu

# from the reactor (common/target/classes), never from ~/.m2, where an installed slipway-common may be stale
(cd "$root" && ./mvnw -B -q -o -pl registry -am compile dependency:build-classpath -Dspotless.skip=true \
  -Dmdep.outputFile="$work/cp.txt") >&2
start_registries "$work" "$DIST_PORT" "$SLIPWAY_PORT" \
  "${SLIPWAY_CLASSES:-$root/registry/target/classes}:$(cat "$work/cp.txt")"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
hz=$(getconf CLK_TCK)
load_start=$(cut -d' ' -f1 /proc/loadavg)
declare -A cpu wall client
client_ms() { awk '{printf "%d", ($1 + $2) * 1000}' "$1"; }
for r in $(seq 0 "$RUNS"); do
  for who in distribution slipway; do
    port=$DIST_PORT pid=$dist_pid
    [ "$who" = slipway ] && port=$SLIPWAY_PORT pid=$slipway_pid
    ref="docker://127.0.0.1:$port/bench/cpu:latest"
    python3 "$here/oci.py" "$work/img" "$LAYERS" "$((LAYER_MB * 1000 * 1000))"
    rm -rf "$work/pull"
    c0=$(ticks "$pid") t0=$(now_ms)
    /usr/bin/time -f "%U %S" -o "$work/push.time" skopeo copy -q --dest-tls-verify=false "oci:$work/img" "$ref"
    c1=$(ticks "$pid") t1=$(now_ms)
    /usr/bin/time -f "%U %S" -o "$work/pull.time" skopeo copy -q --src-tls-verify=false "$ref" "oci:$work/pull"
    c2=$(ticks "$pid") t2=$(now_ms)
    [ "$r" = 0 ] && continue # the JVM compiles its hot paths in the first round
    cpu[$who push]+=" $(((c1 - c0) * 1000 / hz))" wall[$who push]+=" $((t1 - t0))"
    cpu[$who pull]+=" $(((c2 - c1) * 1000 / hz))" wall[$who pull]+=" $((t2 - t1))"
    client[$who push]+=" $(client_ms "$work/push.time")" client[$who pull]+=" $(client_ms "$work/pull.time")"
  done
done

python3 - "$RUNS" "$LAYERS" "$LAYER_MB" "$load_start" \
  "${cpu[distribution push]}" "${cpu[slipway push]}" "${cpu[distribution pull]}" "${cpu[slipway pull]}" \
  "${wall[distribution push]}" "${wall[slipway push]}" "${wall[distribution pull]}" "${wall[slipway pull]}" \
  "${client[distribution push]}" "${client[slipway push]}" "${client[distribution pull]}" "${client[slipway pull]}" <<'PY'
import sys, statistics, datetime
runs, layers, layer_mb, load_start = sys.argv[1:5]
cols = [list(map(int, a.split())) for a in sys.argv[5:17]]
names = ["distribution push", "slipway push", "distribution pull", "slipway pull"]
load_end = open("/proc/loadavg").read().split()[0]
print(f"""Command: `bench/registry/cpu.sh` (RUNS={runs}) · {datetime.date.today()} · skopeo copy of {layers} layers of {layer_mb} MB ·
load average {load_start} at the start, {load_end} at the end

| what | server CPU median (ms) | range | wall median (ms) | range | skopeo CPU median (ms) | range |
|---|---|---|---|---|---|---|""")
for i, name in enumerate(names):
    c, w, k = cols[i], cols[i + 4], cols[i + 8]
    print(f"| {name} | {statistics.median(c):.0f} | {min(c)}–{max(c)} | {statistics.median(w):.0f} | {min(w)}–{max(w)} "
          f"| {statistics.median(k):.0f} | {min(k)}–{max(k)} |")
PY

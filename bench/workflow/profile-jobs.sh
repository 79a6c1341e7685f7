#!/usr/bin/env bash
# Where an added job's JVM CPU goes: async-profiler (cpu, 200 µs) over RUNS runs each of `jobs1` and `jobs51`, the
# launcher's java command line for `run`; prints the difference of inclusive time per added job, in µs, by frame.
#
#   bench/workflow/profile-jobs.sh [RUNS] [TOP]     (async-profiler 4.1 is fetched from Maven Central once)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
. "$root/scripts/java-home.sh"
runs=${1:-8}; top=${2:-60}
"$root/slipway" --version >/dev/null
tools="$root/bench/.tools/async-profiler"
lib="$tools/linux-x64/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  mkdir -p "$tools"
  curl -sSfL -o "$tools/ap.jar" \
    https://repo.maven.apache.org/maven2/tools/profiler/async-profiler/4.1/async-profiler-4.1-linux-x64.jar
  (cd "$tools" && unzip -o -q ap.jar)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/slipway-profile.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/generate.py" "$work/repos" jobs1 jobs51 >/dev/null
for s in jobs1 jobs51; do
  cd "$work/repos/$s"
  for i in $(seq "$runs"); do
    "$JAVA_HOME/bin/java" -agentpath:"$lib"=start,event=cpu,interval=200000,file="$work/$s-$i.txt",collapsed \
      -XX:+UseSerialGC -Xss1m -XX:-UsePerfData --enable-native-access=ALL-UNNAMED \
      -XX:AOTCache="$root/cli/target/slipway-run.aot" -Xlog:aot=off -Xlog:cds=off \
      -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4 \
      -cp "$root/cli/target/slipway.jar" dev.slipway.cli.Main run >/dev/null 2>&1
  done
  cat "$work/$s"-*.txt > "$work/$s.txt"
done
python3 - "$work/jobs1.txt" "$work/jobs51.txt" "$runs" "$top" <<'PY'
import collections, sys
def inclusive(path):
    inc = collections.Counter()
    for line in open(path):
        stack, n = line.rsplit(' ', 1)
        for frame in set(stack.split(';')):
            inc[frame] += int(n)
    return inc
a, b = inclusive(sys.argv[1]), inclusive(sys.argv[2])
runs, top = int(sys.argv[3]), int(sys.argv[4])
per_job = {k: (b[k] - a[k]) * 200 / runs / 50 for k in set(a) | set(b)}
for frame, us in sorted(per_job.items(), key=lambda x: -x[1])[:top]:
    print(f"{us:8.0f} us/job  {frame[:150]}")
PY

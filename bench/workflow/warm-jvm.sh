#!/usr/bin/env bash
# Per added job in a warm JVM: `slipway run` of jobs1 and jobs51 alternately ROUNDS times inside one JVM (WarmRuns),
# then the median per added job, (jobs51 - jobs1) / 50, over rounds [FROM, ROUNDS). Answers whether a long-lived
# process (a daemon that `slipway run` hands its work to) would meet the per-job target that a fresh JVM misses.
#
#   bench/workflow/warm-jvm.sh [ROUNDS] [FROM]      (default 150 rounds, median over rounds 110..149)
#   FLAGS="-XX:TieredStopAtLevel=1" bench/workflow/warm-jvm.sh     JVM flags (default: the JVM's own, C2 included)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
. "$root/scripts/java-home.sh"
rounds=${1:-150}; from=${2:-110}
"$root/slipway" --version >/dev/null # builds the jar when missing
jar="$root/cli/target/slipway.jar"
work=$(mktemp -d "${TMPDIR:-/tmp}/slipway-warm.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/generate.py" "$work/repos" jobs1 jobs51 >/dev/null
"$JAVA_HOME/bin/javac" -d "$work/classes" -cp "$jar" "$here/warm/WarmRuns.java"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED ${FLAGS:-} -cp "$jar:$work/classes" WarmRuns \
  "$rounds" "$work/repos/jobs1" "$work/repos/jobs51" > "$work/times.txt"
python3 - "$work/times.txt" "$from" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
if any(r[2] != "0" for r in rows):
    sys.exit("a run failed: " + next(" ".join(r) for r in rows if r[2] != "0"))
by = {}
for r in rows:
    by.setdefault(int(r[0]), {})[r[1].rsplit("/", 1)[1]] = float(r[3])
first = sorted(by)[:12]
print("round  jobs1 ms  jobs51 ms  per added job ms")
for i in first:
    print(f"{i:5d}  {by[i]['jobs1']:8.1f}  {by[i]['jobs51']:9.1f}  {(by[i]['jobs51'] - by[i]['jobs1']) / 50:6.2f}")
late = [i for i in sorted(by) if i >= int(sys.argv[2])]
per = [(by[i]["jobs51"] - by[i]["jobs1"]) / 50 for i in late]
j1 = [by[i]["jobs1"] for i in late]; j51 = [by[i]["jobs51"] for i in late]
print(f"rounds {late[0]}..{late[-1]} (n={len(late)}): jobs1 median {statistics.median(j1):.1f} ms, "
      f"jobs51 median {statistics.median(j51):.1f} ms, per added job median {statistics.median(per):.2f} ms "
      f"(min {min(per):.2f}, max {max(per):.2f})")
PY

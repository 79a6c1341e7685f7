#!/usr/bin/env bash
# CPU time of `slipway run` for two or more builds, interleaved, on the generated scenarios: on a shared machine the
# CPU time (task-clock of the whole process tree, `perf stat`) says more than the wall time whether a change helps.
#
#   bench/workflow/cpu-compare.sh ROUNDS "SCENARIOS" JAR...
#
# Each JAR (a frozen copy of cli/target/slipway.jar) runs as `java <the launcher's flags, no AOT cache> -cp JAR dev.slipway.cli.Main run`
# in each scenario repository (bench/workflow/generate.py), ROUNDS times, builds alternating. Prints one line per run:
# scenario, jar, task-clock ms, wall seconds (/usr/bin/time), 1-minute load average.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
. "$root/scripts/java-home.sh"
rounds=$1; scenarios=$2; shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/slipway-cpu.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086
python3 "$here/generate.py" "$work/repos" $scenarios >/dev/null
run() { "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m -XX:-UsePerfData --enable-native-access=ALL-UNNAMED -cp "$1" dev.slipway.cli.Main run; }
export -f run
export JAVA_HOME
for _ in $(seq "$rounds"); do
  for s in $scenarios; do
    for jar in "$@"; do
      cd "$work/repos/$s"
      ms=$(perf stat -x, -e task-clock -- bash -c 'run "$0"' "$jar" 2>&1 >/dev/null | grep task-clock | cut -d, -f1)
      /usr/bin/time -o "$work/time" -f %e bash -c 'run "$0"' "$jar" >/dev/null 2>&1 || true
      echo "$s $(basename "$jar") ${ms:-failed} $(tail -1 "$work/time") $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done

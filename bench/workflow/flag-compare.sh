#!/usr/bin/env bash
# CPU and wall time of `slipway run` under different JVM flags, interleaved, on the generated scenarios: the
# launcher's java command line for `run` (run AOT cache included) with only the flags given for each variant.
#
#   bench/workflow/flag-compare.sh ROUNDS "SCENARIOS" "FLAGS A" "FLAGS B" ...
#   e.g. bench/workflow/flag-compare.sh 5 "jobs1 jobs51" "-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4" \
#          "-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=1"
#
# Prints one line per run: scenario, variant number, task-clock ms of the process tree (perf stat), wall seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
. "$root/scripts/java-home.sh"
rounds=$1; scenarios=$2; shift 2
"$root/slipway" --version >/dev/null # builds the jar and the run AOT cache when missing
jar="$root/cli/target/slipway.jar"
aot="$root/cli/target/slipway-run.aot"
work=$(mktemp -d "${TMPDIR:-/tmp}/slipway-flags.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086
python3 "$here/generate.py" "$work/repos" $scenarios >/dev/null
for _ in $(seq "$rounds"); do
  for s in $scenarios; do
    i=0
    for flags in "$@"; do
      i=$((i + 1))
      cd "$work/repos/$s"
      # shellcheck disable=SC2086
      out=$(perf stat -x, -e task-clock -- /usr/bin/time -f %e "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xss1m \
        -XX:-UsePerfData --enable-native-access=ALL-UNNAMED -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off \
        $flags -cp "$jar" dev.slipway.cli.Main run 2>&1 >/dev/null | grep -E 'task-clock|^[0-9.]+$' | cut -d, -f1 | tr '\n' ' ')
      echo "$s v$i $out"
    done
  done
done

#!/usr/bin/env bash
# Job dispatch to remote agents: builds the bench module, then runs AgentDispatchBench (a server without its embedded
# agent, two agents over HTTP, one run of JOBS trivial jobs) RUNS times and prints each run's figures.
#
# Environment (all optional):
#   JOBS      jobs per measured run                 (default 1000)
#   CAPACITY  jobs each of the two agents runs at once (default 8)
#   RUNS      repetitions                            (default 3)
#   SKIP_BUILD=1  use the classes built before
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -o -pl bench -am package -DskipTests >&2
fi
. scripts/java-home.sh
# The cli's shaded jar holds the server, the agent and the executors of this worktree (never ~/.m2's copies).
cp="bench/target/classes:cli/target/slipway.jar"
for i in $(seq 1 "${RUNS:-3}"); do
  work=$(mktemp -d)
  "$JAVA_HOME/bin/java" -cp "$cp" dev.slipway.bench.AgentDispatchBench "$work" "${JOBS:-1000}" "${CAPACITY:-8}"
  rm -rf "$work"
done

#!/usr/bin/env bash
# Whole-process benchmark of the workflow engine: `slipway run` against plain bash (the floor) and gitlab-ci-local,
# on generated scenarios (see generate.py). Writes hyperfine JSON to $RESULTS and the "Workflow engine" section of
# docs/benchmarks.md (via report.py).
#
# Environment (all optional):
#   SLIPWAY    command that runs the workflow of the current directory   (default: "<repo>/slipway run")
#   SNAPSHOT   1: time a frozen copy of the launcher and its jar (see below); default 1 when SLIPWAY is unset
#   RUNS       measured runs per command, hyperfine --runs                (default: 5; the median is reported)
#   SCENARIOS  scenarios to run                 (default: "one steps200 jobs1 jobs51 dag50 matrix256")
#   TOOLS      commands to compare              (default: "bash slipway slipway-noaot gitlab-ci-local")
#   RSS_RUNS   /usr/bin/time -v runs for the peak RSS on matrix256         (default: 3; the maximum is reported)
#   RESULTS    where the raw results go                                   (default: bench/.results/workflow)
#   SLIPWAY_JAR  file whose change means the launcher rebuilt slipway      (default: cli/target/slipway.jar)
#   PREP_TIMEOUT seconds allowed for slipway's preparation run (it may build)   (default: 900)
#   WAIT_IDLE  seconds to wait, before measuring, for the CPUs to be at least 90 % idle over 2 s (/proc/stat) (default: 0)
#   KEEP=1     keep the generated scenario repositories
#   NO_REPORT=1  do not write docs/benchmarks.md
# A failing command (for instance slipway while the CLI is unfinished) is recorded as failed, never fatal.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bench=$(dirname "$here")
root=$(dirname "$bench")
if [ -z "${SLIPWAY:-}" ]; then SLIPWAY="$root/slipway run"; SNAPSHOT=${SNAPSHOT:-1}; else SNAPSHOT=${SNAPSHOT:-0}; fi
RUNS=${RUNS:-5}
SCENARIOS=${SCENARIOS:-"one steps200 jobs1 jobs51 dag50 matrix256"}
TOOLS=${TOOLS:-"bash slipway slipway-noaot gitlab-ci-local"}
RSS_RUNS=${RSS_RUNS:-3}
RESULTS=${RESULTS:-"$bench/.results/workflow"}
SLIPWAY_JAR=${SLIPWAY_JAR:-"$root/cli/target/slipway.jar"}
PREP_TIMEOUT=${PREP_TIMEOUT:-900}
GCL_VERSION=4.73.0
GCL="$bench/.tools/node_modules/.bin/gitlab-ci-local"

log() { printf '[bench] %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v rsync >/dev/null || need+=(rsync)      # gitlab-ci-local uses rsync
[ -x /usr/bin/time ] || need+=(time)
command -v git >/dev/null || need+=(git)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]} with apt-get"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq </dev/null >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" </dev/null >&2
fi
case " $TOOLS " in *" gitlab-ci-local "*)
  if [ "$("$GCL" --version 2>/dev/null || true)" != "$GCL_VERSION" ]; then
    log "installing gitlab-ci-local@$GCL_VERSION into bench/.tools"
    npm install --prefix "$bench/.tools" --no-audit --no-fund --loglevel=error "gitlab-ci-local@$GCL_VERSION" >&2
  fi;;
esac

# --- scenarios ---------------------------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/slipway-bench.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then log "scenario repositories kept in $work"; else trap 'rm -rf "$work"' EXIT; fi
# shellcheck disable=SC2086
python3 "$here/generate.py" "$work/repos" $SCENARIOS >/dev/null
mkdir -p "$work/gcl-home"   # empty gitlab-ci-local home: no user variables leak in
rm -rf "$RESULTS"; mkdir -p "$RESULTS/logs"

command_for() {  # tool -> shell command, run inside the scenario repository
  case "$1" in
    bash) echo "bash ./bench.sh" ;;
    slipway) echo "$SLIPWAY" ;;
    slipway-noaot) echo "SLIPWAY_NO_AOT=1 $SLIPWAY" ;;
    # shell executor (no image, forced), so no container engine is ever asked for an image
    gitlab-ci-local) echo "$GCL --cwd . --no-color --home $work/gcl-home --force-shell-executor --shell-executor-no-image" ;;
    *) log "unknown tool $1"; return 1 ;;
  esac
}

# One probe run with the output kept (checks the command works, and that every job ran), then hyperfine.
check_output() {  # tool scenario logfile -> non-empty message when the output shows missing jobs
  local tool=$1 s=$2 logf=$3 expected passed
  expected=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["jobs"])' "$work/repos/$s/meta.json")
  case "$tool" in
    gitlab-ci-local)
      passed=$(grep -c ' PASS ' "$logf" || true)
      [ "$passed" = "$expected" ] || echo "gitlab-ci-local reported $passed PASS lines, expected $expected jobs" ;;
  esac
}

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "mem=$(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  echo "kernel=$(uname -sr)"
  echo "jdk=$( (. "$root/scripts/java-home.sh" </dev/null >/dev/null 2>&1 && "$JAVA_HOME/bin/java" -version 2>&1 | head -n1) || echo unknown)"
  echo "hyperfine=$(hyperfine --version)"
  echo "bash=$(bash --version | head -n1)"
  echo "node=$(node --version 2>/dev/null || echo none)"
  echo "gitlab_ci_local=$("$GCL" --version 2>/dev/null || echo none)"
  echo "slipway=$SLIPWAY"
  echo "runs=$RUNS"
  echo "scenarios=$SCENARIOS"
  echo "tools=$TOOLS"
} > "$RESULTS/machine.txt"
# CPU time from /proc/stat's first line: "idle steal total" in clock ticks (idle counts iowait too).
cpu_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print $5 + $6, $9, t; exit}' /proc/stat; }
# Between two cpu_ticks: field 1, the percentage of the CPUs' time that was idle; field 2, the percentage of their busy
# time (all but idle) that the hypervisor took for other guests (steal), i.e. how much slower the work ran than asked.
cpu_share() {  # field "before" "after"
  awk -v f="$1" -v a="$2" -v b="$3" 'BEGIN {split(a, x, " "); split(b, y, " "); t = y[3] - x[3];
    if (f == 2) t -= y[1] - x[1]; printf "%.1f", (t > 0 ? 100 * (y[f] - x[f]) / t : 0)}'
}
idle_now() { local a; a=$(cpu_ticks); sleep 2; cpu_share 1 "$a" "$(cpu_ticks)"; }
not_idle() { awk -v i="$1" 'BEGIN {exit !(i < 90)}'; }   # report.py flags a run on the same 90 %
# The load average is not used to decide: gitlab-ci-local's matrix256 starts 256 shells at once and leaves it near 70
# for minutes after every process has ended.
waited=0
idle=$(idle_now)
while [ "$waited" -lt "${WAIT_IDLE:-0}" ] && not_idle "$idle"; do
  [ "$waited" = 0 ] && log "waiting up to ${WAIT_IDLE}s for the CPUs to be idle (now ${idle} % idle)"
  sleep 8; waited=$((waited + 10)); idle=$(idle_now)
done
echo "idle_start=$idle" >> "$RESULTS/machine.txt"
echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/machine.txt"
if not_idle "$idle"; then
  log "warning: the CPUs were only ${idle} % idle before measuring; the numbers will be noisy"
fi
for s in $SCENARIOS; do cp "$work/repos/$s/meta.json" "$RESULTS/$s.meta.json"; done

started=$(date +%s)
ticks_started=$(cpu_ticks)

# --- slipway preparation -----------------------------------------------------------------------------------------
# The source-checkout launcher rebuilds the jar whenever a source file is newer than it, and records the AOT cache
# on its first run. One untimed run does both. In a tree that others are editing, every later call would rebuild
# again, so with SNAPSHOT=1 the harness then copies the unchanged launcher, scripts/java-home.sh and the built jar
# into a directory of their own (same layout, no sources: the launcher never rebuilds there) and times that copy.
# If preparation fails, slipway is recorded as failed for every scenario at once.
jar_stamp() { stat -c %Y "$SLIPWAY_JAR" 2>/dev/null || echo none; }
measure_tools=$TOOLS
prep_failed() {  # exit-code reason
  measure_tools=""
  for tool in $TOOLS; do
    case "$tool" in
      slipway*) for s in $SCENARIOS; do
          printf '{"tool":"%s","scenario":"%s","exit_code":%s,"reason":"%s"}\n' "$tool" "$s" "$1" "$2" \
            > "$RESULTS/$s.$tool.failed.json"
        done ;;
      *) measure_tools="$measure_tools $tool" ;;
    esac
  done
}
case " $TOOLS " in *" slipway"*)
  prep_dir="$work/repos/$(set -- $SCENARIOS; echo "$1")"
  log "slipway preparation run (may build the jar and the AOT cache; up to ${PREP_TIMEOUT}s)"
  rc=0
  (cd "$prep_dir" && timeout "$PREP_TIMEOUT" sh -c "$SLIPWAY") >"$RESULTS/logs/slipway.prepare.log" 2>&1 </dev/null || rc=$?
  if [ "$rc" != 0 ]; then
    log "  slipway failed (exit $rc), see $RESULTS/logs/slipway.prepare.log; recording it as failed"
    prep_failed "$rc" "preparation run failed, see logs/slipway.prepare.log"
  elif [ "$SNAPSHOT" = 1 ]; then
    snap="$work/slipway-snapshot"
    mkdir -p "$snap/scripts" "$snap/cli/target"
    cp "$root/slipway" "$snap/slipway"
    cp "$root/scripts/java-home.sh" "$snap/scripts/"
    cp -p "$SLIPWAY_JAR" "$snap/cli/target/slipway.jar"
    {
      echo "slipway_snapshot=launcher and jar copied after the preparation run"
      echo "slipway_jar_built=$(date -u -r "$snap/cli/target/slipway.jar" '+%Y-%m-%d %H:%M:%S UTC')"
      echo "slipway_jar_sha256=$(sha256sum "$snap/cli/target/slipway.jar" | cut -c1-16)"
      echo "git_head=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    } >> "$RESULTS/machine.txt"
    SLIPWAY="$snap/slipway run"; SLIPWAY_JAR="$snap/cli/target/slipway.jar"
    rc=0   # first run of the copy records its AOT cache
    (cd "$prep_dir" && timeout "$PREP_TIMEOUT" sh -c "$SLIPWAY") >"$RESULTS/logs/slipway.prepare-snapshot.log" 2>&1 </dev/null || rc=$?
    if [ "$rc" != 0 ]; then
      log "  the snapshot of slipway failed (exit $rc), see $RESULTS/logs/slipway.prepare-snapshot.log"
      prep_failed "$rc" "preparation run of the snapshot failed, see logs/slipway.prepare-snapshot.log"
    fi
  fi;;
esac

# Tool by tool, not scenario by scenario: on ext4 without a journal (this machine), creating a file skips the inodes
# deleted in the last minute or more, so a command measured right after another tool deleted thousands of files (a
# gitlab-ci-local run of 51 jobs) paid for that tool's clean-up: slipway's dag50 took 0.716 s after gitlab-ci-local's
# jobs51 and 0.49 s on its own.
for tool in $measure_tools; do
  for s in $SCENARIOS; do
    cmd=$(command_for "$tool")
    logf="$RESULTS/logs/$s.$tool.log"
    log "$s / $tool"
    rc=0
    (cd "$work/repos/$s" && timeout 300 sh -c "$cmd") >"$logf" 2>&1 </dev/null || rc=$?
    if [ "$rc" != 0 ]; then
      log "  failed (exit $rc), see $logf"
      printf '{"tool":"%s","scenario":"%s","exit_code":%s,"reason":"probe run failed"}\n' "$tool" "$s" "$rc" \
        > "$RESULTS/$s.$tool.failed.json"
      continue
    fi
    msg=$(check_output "$tool" "$s" "$logf")
    if [ -n "$msg" ]; then
      log "  failed: $msg"
      printf '{"tool":"%s","scenario":"%s","exit_code":0,"reason":"%s"}\n' "$tool" "$s" "$msg" > "$RESULTS/$s.$tool.failed.json"
      continue
    fi
    stamp=$(jar_stamp)
    ticks=$(cpu_ticks)
    if ! (cd "$work/repos/$s" && hyperfine --style basic --warmup 1 --runs "$RUNS" --command-name "$tool" \
            --export-json "$RESULTS/$s.$tool.json" "$cmd" </dev/null >"$RESULTS/logs/$s.$tool.hyperfine.txt" 2>&1); then
      log "  failed during the measured runs, see $RESULTS/logs/$s.$tool.hyperfine.txt"
      rm -f "$RESULTS/$s.$tool.json"
      printf '{"tool":"%s","scenario":"%s","exit_code":1,"reason":"a measured run failed"}\n' "$tool" "$s" \
        > "$RESULTS/$s.$tool.failed.json"
      continue
    fi
    case "$tool" in slipway*)
      if [ "$(jar_stamp)" != "$stamp" ]; then   # rebuilt mid-measurement: those runs timed a build
        log "  $SLIPWAY_JAR changed during the runs (the launcher rebuilt); measuring again"
        (cd "$work/repos/$s" && sh -c "$cmd") </dev/null >/dev/null 2>&1 || true
        stamp=$(jar_stamp)
        (cd "$work/repos/$s" && hyperfine --style basic --warmup 1 --runs "$RUNS" --command-name "$tool" \
            --export-json "$RESULTS/$s.$tool.json" "$cmd" </dev/null >"$RESULTS/logs/$s.$tool.hyperfine.txt" 2>&1) || true
        if [ "$(jar_stamp)" != "$stamp" ] || [ ! -s "$RESULTS/$s.$tool.json" ]; then
          rm -f "$RESULTS/$s.$tool.json"
          printf '{"tool":"%s","scenario":"%s","exit_code":0,"reason":"slipway was rebuilt during the measured runs"}\n' \
            "$tool" "$s" > "$RESULTS/$s.$tool.failed.json"
          continue
        fi
      fi;;
    esac
    printf '{"tool":"%s","scenario":"%s","steal_pct":%s}\n' "$tool" "$s" "$(cpu_share 2 "$ticks" "$(cpu_ticks)")" \
      > "$RESULTS/$s.$tool.cpu.json"
    log "  median $(python3 -c 'import json,sys; print("%.3f s" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$RESULTS/$s.$tool.json")"
  done
done

# --- peak RSS on matrix256 ---------------------------------------------------------------------------------------
case " $SCENARIOS " in *" matrix256 "*)
  for tool in $measure_tools; do
    case "$tool" in bash|slipway-noaot) continue;; esac   # the target is for slipway; gitlab-ci-local for comparison
    [ -f "$RESULTS/matrix256.$tool.json" ] || continue   # only commands that worked
    cmd=$(command_for "$tool")
    kbs=()
    for _ in $(seq "$RSS_RUNS"); do
      (cd "$work/repos/matrix256" && /usr/bin/time -v sh -c "$cmd" </dev/null >/dev/null 2>"$RESULTS/logs/rss.$tool.txt") || true
      kbs+=("$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$RESULTS/logs/rss.$tool.txt")")
    done
    printf '{"tool":"%s","scenario":"matrix256","max_rss_kb":[%s]}\n' "$tool" "$(IFS=,; echo "${kbs[*]}")" \
      > "$RESULTS/matrix256.$tool.rss.json"
    log "matrix256 / $tool peak RSS (KB): ${kbs[*]}"
  done;;
esac
echo "elapsed_s=$(( $(date +%s) - started ))" >> "$RESULTS/machine.txt"
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/machine.txt"
echo "steal_pct=$(cpu_share 2 "$ticks_started" "$(cpu_ticks)")" >> "$RESULTS/machine.txt"
log "done in $(( $(date +%s) - started )) s; raw results in $RESULTS"

if [ "${NO_REPORT:-}" != 1 ]; then
  python3 "$here/report.py" "$RESULTS" "$root/docs/benchmarks.md"
fi

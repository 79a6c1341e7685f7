# Sourced by run.sh and cpu.sh.
#
# new_workdir PREFIX sets work to a fresh temporary directory and pids to an empty array; on exit every pid in pids is
# stopped and the directory removed.
new_workdir() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  pids=()
  trap stop_registries EXIT
}

stop_registries() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# start_registries WORK DIST_PORT SLIPWAY_PORT CLASSPATH starts CNCF distribution
# (Debian's docker-registry, minimal config, storage in WORK/dist) and Slipway's RegistryServer (storage in
# WORK/slipway) on 127.0.0.1, sets dist_pid and slipway_pid, appends both to the caller's pids array (for its cleanup
# trap) and waits until both answer GET /v2/.
start_registries() {
  local work=$1 dist_port=$2 slipway_port=$3 classpath=$4 port
  mkdir -p "$work/dist" "$work/slipway"
  cat > "$work/config.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/dist
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$dist_port
YML
  docker-registry serve "$work/config.yml" > "$work/dist.log" 2>&1 &
  dist_pid=$!
  pids+=("$dist_pid")
  java ${JAVA_OPTS:-} -cp "$classpath" dev.slipway.registry.RegistryServer "$work/slipway" "$slipway_port" \
    > "$work/slipway.log" 2>&1 &
  slipway_pid=$!
  pids+=("$slipway_pid")
  for port in "$dist_port" "$slipway_port"; do
    for _ in $(seq 1 100); do
      curl -sf -o /dev/null "http://127.0.0.1:$port/v2/" && break
      sleep 0.1
    done
    curl -sf -o /dev/null "http://127.0.0.1:$port/v2/" \
      || { echo "registry on $port did not start" >&2; cat "$work"/*.log >&2; return 1; }
  done
}

#!/usr/bin/env bash
# Sets up a Docker-API-compatible container engine for Slipway (rootful Podman on Debian 12)
# and builds the local base images the container tests and users need. No registry is used.
#
#   scripts/container-engine.sh              engine + images (idempotent; cached runs take seconds)
#   scripts/container-engine.sh --no-images  engine only (packages, containers.conf, API socket)
#   scripts/container-engine.sh --status     report what is there, change nothing
#
# Prints DOCKER_HOST=unix:///run/podman/podman.sock on stdout at the end; progress goes to stderr.
# Environment: SLIPWAY_DEBIAN_MIRROR (default: the bookworm mirror of this machine's apt sources),
#              SLIPWAY_CACHE (default /var/cache/slipway). See docs/containers.md.
set -euo pipefail

SOCK_PATH=/run/podman/podman.sock
DOCKER_HOST_URL="unix://$SOCK_PATH"
CONF=/etc/containers/containers.conf
CACHE=${SLIPWAY_CACHE:-/var/cache/slipway}
SERVICE_LOG=/var/log/slipway-podman-service.log
SERVICE_PID=/run/podman/slipway-service.pid
IMG_BUSYBOX=localhost/slipway/busybox:latest
IMG_BOOKWORM=localhost/slipway/bookworm:latest
IMG_REDIS=localhost/slipway/redis:latest
PATH_ENV='PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
# Rootful podman with networks that resolve container names needs netavark + aardvark-dns
# (the CNI backend has no name resolution without the dnsname plugin); catatonit backs --init.
# uidmap/slirp4netns/fuse-overlayfs are only for rootless podman and are not needed here.
PACKAGES=(podman runc skopeo busybox-static debootstrap netavark aardvark-dns catatonit iptables iproute2 curl ca-certificates)

log() { echo "container-engine: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

MODE=all
for arg in "$@"; do
  case "$arg" in
    --no-images) MODE=engine ;;
    --status) MODE=status ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (use --no-images, --status or --help)" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "must run as root (rootful podman; apt-get)"

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
sock_ok() { [ -S "$SOCK_PATH" ] && [ "$(curl -s -m 3 --unix-socket "$SOCK_PATH" http://d/_ping 2>/dev/null)" = OK ]; }

# ---------------------------------------------------------------- status
if [ "$MODE" = status ]; then
  rc=0
  missing=()
  for p in "${PACKAGES[@]}"; do have_pkg "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then echo "packages: all installed"; else echo "packages: missing ${missing[*]}"; rc=1; fi
  if command -v podman >/dev/null; then echo "podman: $(podman --version)"; else echo "podman: not installed"; fi
  if [ -f "$CONF" ]; then
    echo "containers.conf: $CONF"
    grep -E '^[[:space:]]*(\[|runtime|default_ulimits|network_backend)' "$CONF" | sed 's/^/  /'
  else
    echo "containers.conf: absent"; rc=1
  fi
  if sock_ok; then echo "socket: $SOCK_PATH answers _ping"; else echo "socket: $SOCK_PATH not answering"; rc=1; fi
  if [ -f "$CACHE/bookworm-rootfs.tar" ]; then
    echo "cache: $CACHE/bookworm-rootfs.tar ($(du -h "$CACHE/bookworm-rootfs.tar" | cut -f1))"
  else
    echo "cache: no bookworm rootfs tarball in $CACHE"
  fi
  if command -v podman >/dev/null; then
    for img in "$IMG_BUSYBOX" "$IMG_BOOKWORM" "$IMG_REDIS"; do
      if podman image exists "$img" 2>/dev/null; then
        echo "image: $img present ($(podman image inspect -f '{{.Size}}' "$img" | awk '{printf "%.0f MB", $1/1e6}'))"
      else
        echo "image: $img missing"; rc=1
      fi
    done
  fi
  if sock_ok; then echo "DOCKER_HOST=$DOCKER_HOST_URL"; fi
  exit $rc
fi

# One run at a time (engineers and CI may start it concurrently).
mkdir -p /run/lock
exec 9>/run/lock/slipway-container-engine.lock
flock -w 900 9 || die "another container-engine.sh run holds /run/lock/slipway-container-engine.lock"

# ---------------------------------------------------------------- packages
missing=()
for p in "${PACKAGES[@]}"; do have_pkg "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt_log=$(mktemp)
  apt-get update -q </dev/null >"$apt_log" 2>&1 || log "apt-get update failed; trying the install anyway"
  # --no-install-recommends keeps crun/buildah/rootless helpers out; runc is the runtime we configure.
  apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null >>"$apt_log" 2>&1 \
    || { tail -n 20 "$apt_log" >&2; die "apt-get install ${missing[*]} failed"; }
  rm -f "$apt_log"
  log "installed: $(podman --version)"
else
  log "packages present ($(podman --version))"
fi

# ---------------------------------------------------------------- containers.conf
# set_key FILE SECTION KEY VALUE: sets KEY = VALUE inside [SECTION], keeping everything else.
set_key() {
  local file=$1 section=$2 key=$3 value=$4 tmp
  tmp=$(mktemp)
  awk -v sec="[$section]" -v key="$key" -v line="$key = $value" '
    function flush() { if (insec && !done) { print line; done = 1 } }
    function depth(s,  o, c) { o = gsub(/\[/, "[", s); c = gsub(/\]/, "]", s); return o - c }
    skip > 0 { skip += depth($0); next }             # rest of a multi-line value being replaced
    {
      t = $0; gsub(/^[ \t]+|[ \t]+$/, "", t)
      if (t ~ ("^" key "[ \t]*=") && insec) { v = t; sub(/^[^=]*=/, "", v); skip = depth(v); if (skip < 0) skip = 0 }
      if (t ~ /^\[[^\]]+\][ \t]*(#.*)?$/) {          # a section header
        flush()
        h = t; sub(/[ \t]*#.*$/, "", h)
        insec = (h == sec); if (insec) seen = 1
        print; next
      }
      if (insec && !done && t ~ ("^" key "[ \t]*=")) { print line; done = 1; next }
      if (insec && done && t ~ ("^" key "[ \t]*=")) next   # drop duplicates
      print
    }
    END {
      flush()
      if (!seen) { print ""; print sec; print line }
    }' "$file" > "$tmp"
  cat "$tmp" > "$file"
  rm -f "$tmp"
}
mkdir -p /etc/containers
work_conf=$(mktemp)
if [ -f "$CONF" ]; then cp "$CONF" "$work_conf"; else echo "# Written by Slipway scripts/container-engine.sh (see docs/containers.md)" > "$work_conf"; fi
# podman's default rlimits (nofile=1048576) exceed this machine's hard limit: runc then fails
# with "error setting rlimit type 7: operation not permitted".
set_key "$work_conf" containers default_ulimits '["nofile=1024:1024", "nproc=4096:4096"]'
set_key "$work_conf" network network_backend '"netavark"'
set_key "$work_conf" engine runtime '"runc"'
if [ -f "$CONF" ] && cmp -s "$CONF" "$work_conf"; then
  log "containers.conf up to date"
else
  [ -f "$CONF" ] && [ ! -f "$CONF.slipway.bak" ] && cp "$CONF" "$CONF.slipway.bak"
  cat "$work_conf" > "$CONF"
  log "wrote $CONF"
  conf_changed=1
fi
rm -f "$work_conf"

# A bridge left behind by the CNI backend (if podman ever ran before netavark was configured)
# claims the same 10.88.0.0/16 route as netavark's podman0, and traffic to containers goes nowhere.
if ip link show cni-podman0 >/dev/null 2>&1; then
  log "removing stale CNI bridge cni-podman0"
  ip link del cni-podman0 || log "could not remove cni-podman0"
fi

# ---------------------------------------------------------------- API service
service_pid_alive() {
  [ -f "$SERVICE_PID" ] && kill -0 "$(cat "$SERVICE_PID")" 2>/dev/null
}
if [ "${conf_changed:-0}" = 1 ] && service_pid_alive; then
  log "containers.conf changed: restarting the API service"
  kill "$(cat "$SERVICE_PID")" 2>/dev/null || true
  for _ in $(seq 1 50); do service_pid_alive || break; sleep 0.2; done
fi
if sock_ok; then
  log "API socket answers: $SOCK_PATH"
else
  if ! service_pid_alive; then
    mkdir -p "$(dirname "$SOCK_PATH")"
    rm -f "$SOCK_PATH"
    log "starting podman system service on $DOCKER_HOST_URL (log: $SERVICE_LOG)"
    # Detached from our stdio, session and lock fd 9 (else it holds the lock and CI output capture waits), and
    # started from / : conmon inherits the service's working directory and fails every container ("write child:
    # broken pipe") once that directory is gone, e.g. a removed clone that ran the tests first.
    (cd / && exec setsid podman system service --time=0 "$DOCKER_HOST_URL" </dev/null >>"$SERVICE_LOG" 2>&1 9>&-) &
    echo $! > "$SERVICE_PID"
  fi
  for _ in $(seq 1 150); do sock_ok && break; sleep 0.2; done
  sock_ok || die "podman API socket $SOCK_PATH does not answer after 30 s; see $SERVICE_LOG"
  log "API socket answers: $SOCK_PATH"
fi

if [ "$MODE" = engine ]; then
  echo "DOCKER_HOST=$DOCKER_HOST_URL"
  exit 0
fi

# ---------------------------------------------------------------- images
TMPDIRS=()
cleanup() { local d; for d in "${TMPDIRS[@]}"; do rm -rf "$d"; done; return 0; }
trap cleanup EXIT
# newtmp: sets $d (caller's local) to a fresh scratch directory, removed on exit.
newtmp() { d=$(mktemp -d /var/tmp/slipway-image.XXXXXX); TMPDIRS+=("$d"); }

# The bookworm mirror this machine's apt uses (deb822 .sources or one-line .list), else deb.debian.org.
debian_mirror() {
  local m=""
  if [ -n "${SLIPWAY_DEBIAN_MIRROR:-}" ]; then echo "$SLIPWAY_DEBIAN_MIRROR"; return; fi
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    m=$(awk '
      BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/)   { types = $i;  sub(/^Types:[ \t]*/, "", types) }
          if ($i ~ /^URIs:/)    { uris = $i;   sub(/^URIs:[ \t]*/, "", uris) }
          if ($i ~ /^Suites:/)  { suites = $i; sub(/^Suites:[ \t]*/, "", suites) }
          if ($i ~ /^Enabled:/) { enabled = $i; sub(/^Enabled:[ \t]*/, "", enabled) }
        }
        if (enabled != "no" && (" " types " ") ~ / deb / && (" " suites " ") ~ / bookworm /) {
          split(uris, u, /[ \t]+/); print u[1]; exit
        }
      }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  fi
  if [ -z "$m" ]; then
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                           if ($(i + 1) == "bookworm") { print $i; exit } }' || true)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

build_busybox() {
  local d a
  newtmp
  mkdir -p "$d"/bin "$d"/usr/bin "$d"/etc "$d"/root "$d"/tmp "$d"/proc "$d"/sys "$d"/dev "$d"/var/tmp
  chmod 1777 "$d"/tmp "$d"/var/tmp
  cp /bin/busybox "$d"/bin/busybox
  for a in $(/bin/busybox --list); do
    [ "$a" = busybox ] || ln -sf busybox "$d/bin/$a"
  done
  ln -sf ../../bin/busybox "$d"/usr/bin/env
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$d"/etc/passwd
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$d"/etc/group
  tar --numeric-owner -C "$d" -cf - . \
    | podman import -q --change 'CMD ["sh"]' --change "ENV $PATH_ENV" - "$IMG_BUSYBOX" >/dev/null
}

build_bookworm() {
  local tarball="$CACHE/bookworm-rootfs.tar" d mirror
  if [ ! -s "$tarball" ]; then
    mirror=$(debian_mirror)
    newtmp
    log "debootstrap --variant=minbase bookworm from $mirror (takes ~2 min)"
    debootstrap --variant=minbase --include=ca-certificates,git bookworm "$d/root" "$mirror" \
      </dev/null >"$d/debootstrap.log" 2>&1 \
      || { tail -n 20 "$d/debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$d"/root/var/cache/apt/archives/*.deb "$d"/root/var/lib/apt/lists/* "$d"/root/var/log/*.log
    : > "$d"/root/etc/hostname
    mkdir -p "$CACHE"
    tar --numeric-owner -C "$d/root" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    log "cached rootfs tarball $tarball"
  else
    log "using cached $tarball"
  fi
  podman import -q --change 'CMD ["bash"]' --change "ENV $PATH_ENV" --change 'ENV LANG=C.UTF-8' \
    "$tarball" "$IMG_BOOKWORM" >/dev/null
}

build_redis() {
  local d
  newtmp
  cat > "$d/Containerfile" <<EOF
FROM $IMG_BOOKWORM
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no", "--bind", "0.0.0.0"]
EOF
  if podman build --pull=never -t "$IMG_REDIS" -f "$d/Containerfile" "$d" >"$d/build.log" 2>&1; then
    return 0
  fi
  tail -n 15 "$d/build.log" >&2
  log "podman build failed (network inside builds?); installing redis into a chroot instead"
  mkdir -p "$d/root"
  if [ -s "$CACHE/bookworm-rootfs.tar" ]; then
    tar -C "$d/root" -xf "$CACHE/bookworm-rootfs.tar"
  else
    podman create --name slipway-bookworm-export "$IMG_BOOKWORM" >/dev/null
    podman export slipway-bookworm-export | tar -C "$d/root" -xf -
    podman rm slipway-bookworm-export >/dev/null
  fi
  cp /etc/resolv.conf "$d/root/etc/resolv.conf"
  chroot "$d/root" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb' </dev/null >&2 \
    || die "installing redis-server into the chroot failed"
  : > "$d/root/etc/resolv.conf"
  tar --numeric-owner -C "$d/root" -cf - . | podman import \
    --change 'CMD ["redis-server", "--protected-mode", "no", "--bind", "0.0.0.0"]' \
    --change 'EXPOSE 6379' --change "ENV $PATH_ENV" --change 'ENV LANG=C.UTF-8' - "$IMG_REDIS" >/dev/null
}

ensure_image() {
  local img=$1 fn=$2 t0
  if podman image exists "$img"; then
    log "image $img present"
    return 0
  fi
  t0=$SECONDS
  log "building $img"
  "$fn"
  podman image exists "$img" || die "building $img failed"
  log "built $img in $((SECONDS - t0)) s"
}

ensure_image "$IMG_BUSYBOX" build_busybox
# Redis is built FROM bookworm: if bookworm is rebuilt, rebuild redis on top of it too.
if ! podman image exists "$IMG_BOOKWORM"; then podman rmi -f "$IMG_REDIS" >/dev/null 2>&1 || true; fi
ensure_image "$IMG_BOOKWORM" build_bookworm
ensure_image "$IMG_REDIS" build_redis

echo "DOCKER_HOST=$DOCKER_HOST_URL"

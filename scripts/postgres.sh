#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for Slipway's tests and prints its URL on stdout.
#
#   scripts/postgres.sh           install (apt) if missing, initdb if missing, start if stopped, ensure role + db
#   scripts/postgres.sh --stop    stop the cluster (data stays in place)
#   scripts/postgres.sh --status  report, change nothing
#
# Idempotent and non-interactive (works with CI=true and no stdin). The cluster belongs to the
# `postgres` user, listens on 127.0.0.1 only, and keeps its data in /var/tmp/slipway-pg.
# Prints: postgresql://slipway:slipway@127.0.0.1:55432/slipway  (progress goes to stderr)
# Environment: SLIPWAY_PG_PORT (default 55432), SLIPWAY_PG_DIR (default /var/tmp/slipway-pg).
set -euo pipefail

PORT=${SLIPWAY_PG_PORT:-55432}
BASE=${SLIPWAY_PG_DIR:-/var/tmp/slipway-pg}
DATA="$BASE/data"
LOGFILE="$BASE/postgres.log"
ROLE=slipway
PASSWORD=slipway
DB=slipway
URL="postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"

log() { echo "postgres.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi

# Runs a command as the postgres OS user, from a directory it can read.
as_postgres() {
  if [ "$(id -un)" = postgres ]; then (cd /tmp && "$@"); else (cd /tmp && $SUDO runuser -u postgres -- "$@"); fi
}

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

install_postgres() {
  log "installing postgresql with apt-get"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >&2
  # Debian's package creates and starts a default cluster on 5432; we leave it alone and use our own.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql </dev/null >&2
}

psql_admin() {
  as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@" </dev/null
}

running() { as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

BIN=$(find_bindir || true)
case "${1:-}" in
  --status)
    if [ -z "$BIN" ]; then log "postgresql is not installed"; exit 1; fi
    if [ -d "$DATA" ] && running; then log "running on 127.0.0.1:$PORT ($DATA)"; echo "$URL"; exit 0; fi
    log "not running ($DATA)"; exit 1 ;;
  --stop)
    if [ -n "$BIN" ] && [ -d "$DATA" ] && running; then as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2; fi
    exit 0 ;;
  "") ;;
  *) die "unknown option: $1 (use --status or --stop)" ;;
esac

if [ -z "$BIN" ]; then
  install_postgres
  BIN=$(find_bindir) || die "postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
fi
id postgres >/dev/null 2>&1 || die "the postgres OS user is missing (is the postgresql package installed?)"

$SUDO mkdir -p "$BASE"
$SUDO chown postgres:postgres "$BASE"
$SUDO chmod 0700 "$BASE"

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "initdb in $DATA"
  as_postgres "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
    || { cat "$BASE/initdb.log" >&2; die "initdb failed"; }
  # Throwaway test cluster: loopback only, our own port, socket in the data dir's parent, fast and unsafe.
  as_postgres tee -a "$DATA/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$BASE'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  # Password auth for the app role over TCP; the postgres superuser stays trust-only for this script.
  as_postgres tee "$DATA/pg_hba.conf" >/dev/null <<EOF
local all postgres trust
host  all postgres 127.0.0.1/32 trust
host  all all 127.0.0.1/32 scram-sha-256
EOF
fi

if ! running; then
  log "starting on 127.0.0.1:$PORT"
  as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 start >&2 \
    || { tail -n 30 "$LOGFILE" >&2 || true; die "pg_ctl start failed (log: $LOGFILE)"; }
fi

for _ in $(seq 1 30); do
  if as_postgres "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 1
done
as_postgres "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" || die "PostgreSQL does not answer on 127.0.0.1:$PORT"

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  log "creating role $ROLE"
  psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  log "creating database $DB"
  psql_admin -c "CREATE DATABASE $DB OWNER $ROLE"
fi

echo "$URL"

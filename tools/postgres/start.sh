#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 on loopback for the directory's tests and benchmarks.
#   usage: tools/postgres/start.sh [state-dir]      (default: a new mktemp -d)
# Prints the connection URL (postgres://postgres@127.0.0.1:PORT/postgres) as its last stdout line.
# Idempotent: installs Debian's postgresql only when initdb is missing (as root), and when the
# state dir already holds a running server it just prints that server's URL again.
# Stop it with tools/postgres/stop.sh <state-dir>.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
state=${1:-$(mktemp -d -t mlskit-pg.XXXXXX)}
mkdir -p "$state"
state=$(cd "$state" && pwd)

if [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "tools/postgres/start.sh: $PGBIN/initdb not found; install PostgreSQL 15 (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "tools/postgres/start.sh: installing Debian's postgresql ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  [ -x "$PGBIN/initdb" ] || { echo "tools/postgres/start.sh: installed postgresql, but $PGBIN/initdb is still missing" >&2; exit 1; }
fi

# initdb and postgres refuse to run as root: as root, run them as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

if [ -f "$state/port" ] && as_pg "'$PGBIN/pg_ctl' -D '$state/data' status" >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:$(cat "$state/port")/postgres"
  exit 0
fi

if [ ! -f "$state/data/PG_VERSION" ]; then
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$state"
    su postgres -s /bin/bash -c "test -w '$state'" || {
      echo "tools/postgres/start.sh: the postgres user cannot reach $state (a parent directory is private)" >&2
      exit 1
    }
  fi
  as_pg "'$PGBIN/initdb' -D '$state/data' -A trust -U postgres --no-sync" >"$state/initdb.log" 2>&1 || {
    cat "$state/initdb.log" >&2
    exit 1
  }
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${MLSKIT_PG_PORT:-55432}
while ! port_free "$port"; do port=$((port + 1)); done

# Tuned for throwaway test data: no fsync; enough connections for several directory processes.
as_pg "'$PGBIN/pg_ctl' -D '$state/data' -w -t 60 -l '$state/log' \
  -o \"-k '$state' -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >&2 || {
  cat "$state/log" >&2
  exit 1
}
echo "$port" >"$state/port"
echo "postgres://postgres@127.0.0.1:$port/postgres"

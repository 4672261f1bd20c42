#!/usr/bin/env bash
# Stop a server started by tools/postgres/start.sh and delete its state dir.
#   usage: tools/postgres/stop.sh <state-dir>
set -uo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
state=${1:?usage: tools/postgres/stop.sh <state-dir>}
[ -d "$state" ] || exit 0
if [ -f "$state/data/PG_VERSION" ]; then
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "'$PGBIN/pg_ctl' -D '$state/data' -m immediate stop" >/dev/null 2>&1
  else
    "$PGBIN/pg_ctl" -D "$state/data" -m immediate stop >/dev/null 2>&1
  fi
fi
rm -rf "$state"

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the database tests: starts it once (idempotent) on 127.0.0.1:$PG_TEST_PORT
# (default 54329) and prints its URL, e.g.
#   export TEST_DATABASE_URL=$(scripts/pg-cluster.sh)
# Debian's postgresql package (`apt-get install postgresql`) provides the binaries. initdb and pg_ctl refuse to
# run as root, so as root they run as the `postgres` user, on a data folder that user owns, with the server log
# inside it (a log path that user cannot write makes pg_ctl fail silently). Durability is switched off: the
# cluster is for tests only. `scripts/pg-cluster.sh stop` stops it.
set -euo pipefail

port="${PG_TEST_PORT:-54329}"
dir="${PG_TEST_DIR:-/tmp/ivs-console-pg-$port}"
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
url="postgres://postgres@127.0.0.1:$port/console"

if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "pg-cluster: no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

if [ "${1:-}" = "stop" ]; then
  [ -f "$dir/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null
  exit 0
fi

if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { tail -n 20 "$dir/server.log" >&2; exit 1; }
fi

if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'console'" | grep -q 1; then
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres console
fi
echo "$url"

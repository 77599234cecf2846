#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests.
#   scripts/pg-test-server.sh start DIR PORT   initdb (if needed) and start; succeeds if already running
#   scripts/pg-test-server.sh env   DIR PORT   print the connection string for ARBITER_TEST_PG
#   scripts/pg-test-server.sh stop  DIR PORT   stop it (succeeds if not running)
# initdb refuses to run as root, so the cluster runs as the `postgres` user and DIR is owned by it.
# Trust auth on 127.0.0.1 only: this is a test server, never a real one.
set -euo pipefail

usage() { echo "usage: $0 start|stop|env DIR PORT" >&2; exit 2; }
[[ $# -eq 3 ]] || usage
cmd=$1 dir=$2 port=$3
[[ $port =~ ^[0-9]+$ ]] || usage

conn="Host=127.0.0.1;Port=$port;Username=arbiter;Database=postgres"

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x $d/initdb && -x $d/pg_ctl ]]; then echo "$d"; return 0; fi
  done
  return 1
}

as_postgres() {
  if [[ $(id -un) == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi
}

ensure_bin() {
  if ! bin=$(find_bin); then
    echo "PostgreSQL server binaries not found; installing postgresql" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin) || { echo "PostgreSQL binaries still missing after install" >&2; exit 1; }
  fi
}

is_running() { as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; }

case $cmd in
  start)
    ensure_bin
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
    if [[ ! -f $dir/PG_VERSION ]]; then
      # UTF8 with the C locale: unicode text, byte-order collation, same on every machine.
      as_postgres "$bin/initdb" -D "$dir" -A trust -U arbiter -E UTF8 --locale=C >&2
    fi
    if is_running; then
      echo "PostgreSQL already running in $dir" >&2
    else
      # fsync off: a test cluster trades crash safety for speed; its data is thrown away.
      as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >&2 \
        || { echo "PostgreSQL failed to start; log:" >&2; tail -n 30 "$dir/server.log" >&2; exit 1; }
    fi
    # pg_ctl -w waits for startup; pg_isready confirms the TCP listener we hand out.
    for _ in $(seq 1 60); do
      if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then echo "$conn"; exit 0; fi
      sleep 0.5
    done
    echo "PostgreSQL in $dir is not accepting connections on 127.0.0.1:$port" >&2
    exit 1
    ;;
  env)
    echo "$conn"
    ;;
  stop)
    bin=$(find_bin) || exit 0
    if [[ -f $dir/PG_VERSION ]] && is_running; then
      as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >&2
    fi
    ;;
  *) usage ;;
esac

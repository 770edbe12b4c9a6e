#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL cluster on a free loopback port, for tests and benchmarks.
#   scripts/pg-cluster.sh start DIR   → prints the connection URL on stdout; on a DIR started before, starts the same
#                                      cluster again on the same port (an outage test stops and restarts it)
#   scripts/pg-cluster.sh stop DIR [fast|immediate]   (immediate: like a crash, recovery on the next start)
# initdb refuses root, so as root the cluster runs as the `postgres` user.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    if [ -f "$dir/port" ] && [ -d "$dir/data" ]; then
      port=$(cat "$dir/port")
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >/dev/null
      echo "postgres://wangge@127.0.0.1:$port/wangge_test"
      exit 0
    fi
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "$bin/initdb" -D "$dir/data" -U wangge --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U wangge wangge_test
    echo "$port" > "$dir/port"
    echo "postgres://wangge@127.0.0.1:$port/wangge_test"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m "${3:-fast}" stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

#!/bin/sh
# Exchange log benchmark (docs/benchmarks.md, "Exchange calls and the call log"), in one run on one fresh PostgreSQL
# cluster with fsync on: (a) pgbench TPC-B, (b) audited exchange calls per second — the group-commit log writer
# in-process (writer), and, when BENCH_HTTP is set, HTTP calls to POST /api/v1/exchange/{resource}/query (http).
# usage (as root): bench/exchange/run.sh            env: PORT (55520), DIR (/tmp/xlog-bench-pg), CALLERS (64), SECONDS (30)
set -e
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
PORT=${PORT:-55520}; DIR=${DIR:-/tmp/xlog-bench-pg}; CALLERS=${CALLERS:-64}; SECONDS_=${SECONDS:-30}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"; chown postgres "$DIR"
  runuser -u postgres -- "$bin/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
# Defaults except max_connections: fsync=on, synchronous_commit=on, full_page_writes=on.
runuser -u postgres -- "$bin/pg_ctl" -D "$DIR" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$DIR/log" -w start >/dev/null
trap 'runuser -u postgres -- "$bin/pg_ctl" -D "$DIR" -m fast stop >/dev/null' EXIT
psql -h 127.0.0.1 -p $PORT -U postgres -Atc "SHOW fsync; SHOW synchronous_commit" | tr '\n' ' '; echo "(fsync, synchronous_commit)"
psql -h 127.0.0.1 -p $PORT -U postgres -qc "DROP DATABASE IF EXISTS pgbench" -c "DROP DATABASE IF EXISTS bench_exchange" -c "CREATE DATABASE pgbench" -c "CREATE DATABASE bench_exchange"

echo "== (a) pgbench TPC-B, scale 10, 8 clients, 2 threads, 30 s"
pgbench -h 127.0.0.1 -p $PORT -U postgres -i -s 10 -q pgbench 2>&1 | tail -1
pgbench -h 127.0.0.1 -p $PORT -U postgres -c 8 -j 2 -T 30 pgbench 2>&1 | grep -E "^(tps|latency average|number of transactions actually)"

echo "== (b) exchange log writer in-process: $CALLERS concurrent callers, $SECONDS_ s, sealing every second"
dotnet build -c Release "$here/OneWindow.ExchangeBench" -v q >/dev/null
B="$here/OneWindow.ExchangeBench/bin/Release/net10.0/OneWindow.ExchangeBench.dll"
dotnet "$B" writer --connection "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=bench_exchange;Maximum Pool Size=50" \
  --callers "$CALLERS" --seconds "$SECONDS_" --warmup 5 2>&1 | grep -v '^{"Timestamp'

if [ -n "$BENCH_HTTP" ]; then
  # The app must run against Database=bench_exchange on this cluster (bench/cases/app.sh with BENCH_PG), with a client
  # holding exchange.call and a grant: BENCH_HTTP="--base http://127.0.0.1:5090 --client-id … --client-secret … --resource … --grant … --subjects …"
  echo "== (b') HTTP exchange calls"
  # shellcheck disable=SC2086
  dotnet "$B" http $BENCH_HTTP --seconds "$SECONDS_" --connection "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=bench_exchange" 2>&1 | grep -v '^{"Timestamp'
fi

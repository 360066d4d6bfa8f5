#!/bin/sh
# Exchange benchmark end to end (docs/benchmarks.md, "Exchange calls and the call log"), in one run on one fresh
# PostgreSQL cluster with fsync on:
#  (a) pgbench TPC-B;
#  (b) the Release app (bench/cases/app.sh, Staging, demo data) on a fresh database of that cluster, set up through the
#      public API only (sign-in, OIDC client, grant request and approval, held rows), then HTTP calls to
#      POST /api/v1/exchange/{resource}/query: 101001/000001 人口基础信息 (registry, 2 demo subjects) by a 民政局 system,
#      and (MIX=both) 303001/000001 养老机构名录 (held table, pageSize 20) by a 公安局 system;
#  (c) every answer counted against exchange_log_entries, and GET /api/v1/exchange/log/verify once sealing caught up;
#  (d) with WRITER=1, the group-commit log writer alone in-process as well.
# usage (as root): bench/exchange/run.sh
# env: PORT (55520), DIR (/tmp/xlog-bench-pg), CONNECTIONS (64), DURATION (30; not SECONDS, which bash counts itself), WARMUP (10), MIX (both|persons),
#      APP (http://127.0.0.1:5091), WRITER (0), CALLERS (64, writer only), ROWS (200 table rows)
set -e
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
PORT=${PORT:-55520}; DIR=${DIR:-/tmp/xlog-bench-pg}; CONNECTIONS=${CONNECTIONS:-64}; SECONDS_=${DURATION:-30}; WARMUP=${WARMUP:-10}
MIX=${MIX:-both}; APP=${APP:-http://127.0.0.1:5091}; CALLERS=${CALLERS:-64}; ROWS=${ROWS:-200}
out=${OUT:-/tmp/xbench}; mkdir -p "$out"; rm -f "$out"/*.jar
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"; chown postgres "$DIR"
  runuser -u postgres -- "$bin/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
# Defaults except max_connections and pg_stat_statements (to see the queries per call): fsync=on, synchronous_commit=on,
# full_page_writes=on.
runuser -u postgres -- "$bin/pg_ctl" -D "$DIR" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_preload_libraries=pg_stat_statements" \
  -l "$DIR/log" -w start >/dev/null
app_pid=
stop() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$DIR" -m fast stop >/dev/null
}
trap stop EXIT
pg() { psql -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
echo "load average before: $(cat /proc/loadavg)"
pg -Atc "SHOW fsync; SHOW synchronous_commit" | tr '\n' ' '; echo "(fsync, synchronous_commit)"
pg -qc "DROP DATABASE IF EXISTS pgbench" -c "DROP DATABASE IF EXISTS bench_exchange" -c "CREATE DATABASE pgbench" -c "CREATE DATABASE bench_exchange"
pg -d bench_exchange -qc "CREATE EXTENSION pg_stat_statements"

echo "== build (Release)"
dotnet build -c Release "$root/src/OneWindow.Web" -v q >/dev/null
dotnet build -c Release "$here/OneWindow.ExchangeBench" -v q >/dev/null
B="$here/OneWindow.ExchangeBench/bin/Release/net10.0/OneWindow.ExchangeBench.dll"

echo "== (a) pgbench TPC-B, scale 10, 8 clients, 2 threads, 30 s"
pgbench -h 127.0.0.1 -p "$PORT" -U postgres -i -s 10 -q pgbench 2>&1 | tail -1
pgbench -h 127.0.0.1 -p "$PORT" -U postgres -c 8 -j 2 -T "${PGBENCH_SECONDS:-30}" pgbench > "$out/pgbench.txt" 2>&1
grep -E "^(tps|latency average|number of transactions actually)" "$out/pgbench.txt"
tpcb=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out/pgbench.txt" | head -1)

if [ "${WRITER:-0}" = 1 ]; then
  echo "== (d) exchange log writer in-process: $CALLERS concurrent callers, $SECONDS_ s, sealing every second"
  pg -qc "CREATE DATABASE bench_writer"
  dotnet "$B" writer --connection "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=bench_writer;Maximum Pool Size=50" \
    --callers "$CALLERS" --seconds "$SECONDS_" --warmup 5 2>&1 | grep -v '^{"Timestamp'
  pg -qc "DROP DATABASE bench_writer"
fi

echo "== (b) the app (Release, Staging, demo data) on Database=bench_exchange, $APP"
conn="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=bench_exchange"
BENCH_DATA="$out/data" BENCH_PG="$conn;Maximum Pool Size=100${APP_CONN_EXTRA:+;$APP_CONN_EXTRA}" BENCH_URL="$APP" sh "$root/bench/cases/app.sh" > "$out/app.log" 2>&1 &
app_pid=$!
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$APP/health")" = 200 ]; do
  i=$((i + 1)); [ $i -gt 180 ] && { echo "the app did not start:"; tail -20 "$out/app.log"; exit 1; }
  kill -0 "$app_pid" 2>/dev/null || { echo "the app stopped:"; tail -20 "$out/app.log"; exit 1; }
  sleep 1
done

# Set-up through the public API only: staff sign in by cookie (as docs/data-sharing.md shows).
signin() {
  t=$(curl -s -c "$out/$1.jar" "$APP/staff/signin" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*' | sed 's/.*value="//')
  curl -s -b "$out/$1.jar" -c "$out/$1.jar" -o /dev/null "$APP/staff/signin" --data-urlencode "__RequestVerificationToken=$t" -d "UserName=$1" -d Password=Demo@2026pass
}
# api USER METHOD PATH [JSON]: the answer's body; fails on a status >= 400
api() {
  curl -sS --fail-with-body -b "$out/$1.jar" -X "$2" -H 'Content-Type: application/json' ${4:+-d "$4"} "$APP$3"
}
for u in mz.admin sj.admin ga.admin admin; do signin $u; done
# client JAR CLIENT-ID NAME → "id secret" of a new client_credentials client with scope exchange.call
client() {
  api "$1" POST /api/v1/oidc/clients "{\"clientId\":\"$2\",\"name\":\"$3\",\"grantTypes\":[\"client_credentials\"],\"scopes\":[\"exchange.call\"]}" | jq -r .clientSecret
}
mz_secret=$(client mz.admin mz-bench 民政局基准测试系统)
grant=$(api mz.admin POST /api/v1/data-grants '{"resourceCode":"101001/000001","purpose":"基准测试：核验身份","legalBasis":"《政务信息资源共享管理暂行办法》","items":["name","gender","householdRegion"],"rowScope":"all","clientIds":["mz-bench"]}' | jq -r .id)
echo "grant $grant (101001/000001 to mz-bench): $(api sj.admin POST "/api/v1/data-grants/$grant/approve" '{}' | jq -r .status)"
if [ "$MIX" = both ]; then
  ga_secret=$(client ga.admin ga-bench 公安局基准测试系统)
  seq 1 "$ROWS" | jq -cs '{rows: map({key: "bench-\(.)", data: {institutionName: "基准养老院\(.)", creditCode: "52340100MJ\(1000000 + .)", address: "合肥市蜀山区基准路\(.)号", beds: "\(100 + . % 300)", operation: (if . % 2 == 0 then "公办" else "民办" end), phone: "0551-6\(1000000 + .)", filedOn: "2024-01-15"}})}' \
    > "$out/rows.json"
  echo "rows put by mz.admin: $(api mz.admin PUT /api/v1/exchange/303001-000001/rows "@$out/rows.json" | jq -c '{upserted, sequence}')"
  table_grant=$(api ga.admin POST /api/v1/data-grants '{"resourceCode":"303001/000001","purpose":"基准测试：养老机构核查","legalBasis":"《养老机构管理办法》","items":["institutionName","address","beds","operation"],"rowScope":"all","clientIds":["ga-bench"]}' | jq -r '"\(.id) \(.status)"')
  echo "grant $table_grant (303001/000001 to ga-bench, unconditional)"
fi

# CPU seconds of the app and of this cluster's server processes (postmaster and its children), from /proc.
cpu() {
  pm=$(head -1 "$DIR/postmaster.pid")
  t=$(for p in /proc/[0-9]*; do
        [ -r "$p/stat" ] || continue
        set -- $(sed 's/^.*) //' "$p/stat" 2>/dev/null)
        pid=${p#/proc/}
        if [ "$pid" = "$app_pid" ]; then echo "app $(( ${12} + ${13} ))"; elif [ "$pid" = "$pm" ] || [ "$2" = "$pm" ]; then echo "pg $(( ${12} + ${13} ))"; fi
      done | awk '{s[$1] += $2} END {printf "%d %d", s["app"], s["pg"]}')
  echo "$t"
}
hz=$(getconf CLK_TCK)
# run LABEL CLIENT SECRET RESOURCE GRANT [extra options]
run() {
  label=$1; shift
  pg -d bench_exchange -qc "SELECT pg_stat_statements_reset()" >/dev/null
  before=$(cpu); t0=$(date +%s.%N)
  dotnet "$B" http --base "$APP" --client-id "$1" --client-secret "$2" --resource "$3" --grant "$4" --concurrency "$CONNECTIONS" \
    --seconds "$SECONDS_" --warmup "$WARMUP" --connection "$conn" "$@" 2>&1 | grep -v '^{"Timestamp' | tee "$out/$label.txt"
  after=$(cpu); t1=$(date +%s.%N)
  echo "$before $after $t0 $t1" | awk -v hz="$hz" '{w = $6 - $5; printf "CPU over the run (%% of one core): app %.0f, postgres %.0f (whole run incl. warm-up, %.0f s)\n", ($3-$1)/hz/w*100, ($4-$2)/hz/w*100, w}'
  echo "load average after: $(cat /proc/loadavg)"
  echo "statements per 200 answer (pg_stat_statements, whole run): $(pg -d bench_exchange -Atc "SELECT round(sum(calls)::numeric / $(sed -n 's/^RESULT .* ok=\([0-9]*\).*/\1/p' "$out/$label.txt"), 1) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'")"
  pg -d bench_exchange -Atc "SELECT calls, round(total_exec_time::numeric, 0), left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements ORDER BY calls DESC LIMIT 12" > "$out/$label.statements"
}
# The table mix first: the paths both mixes share (authentication, catalogue, grant, log) are past the JIT's first tiers
# when the registry mix, the figure compared with TPC-B, is measured (a fresh app runs slower for its first ~30 s).
if [ "$MIX" = both ]; then
  echo "== (b1) HTTP: 303001/000001 养老机构名录 by ga-bench, pageSize 20, $CONNECTIONS connections"
  run table ga-bench "$ga_secret" 303001/000001 "${table_grant% *}" --items institutionName,address,beds,operation --page-size 20
fi
echo "== (b2) HTTP: 101001/000001 人口基础信息 by mz-bench, items name,gender,householdRegion, 1 subject a call, $CONNECTIONS connections"
run persons mz-bench "$mz_secret" 101001/000001 "$grant" --items name,gender,householdRegion --subjects 34010419870315001X,340103195608020022

echo "== (a') pgbench TPC-B again, after the HTTP load (the machine is shared: how much did it drift?)"
pgbench -h 127.0.0.1 -p "$PORT" -U postgres -c 8 -j 2 -T "${PGBENCH_SECONDS:-30}" pgbench > "$out/pgbench2.txt" 2>&1
grep -E "^tps" "$out/pgbench2.txt"
tpcb2=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out/pgbench2.txt" | head -1)

echo "== (c) the log afterwards"
missing=0
for c in persons:mz-bench table:ga-bench; do
  label=${c%%:*}; id=${c#*:}
  [ -f "$out/$label.txt" ] || continue
  answered=$(sed -n 's/^RESULT .* answered=\([0-9]*\).*/\1/p' "$out/$label.txt")
  logged=$(pg -d bench_exchange -Atc "SELECT count(*) FROM exchange_log_entries WHERE consumer = 'client:$id'")
  byoutcome=$(pg -d bench_exchange -Atc "SELECT string_agg(outcome || ' ' || n, ', ') FROM (SELECT outcome, count(*) n FROM exchange_log_entries WHERE consumer = 'client:$id' GROUP BY outcome) x")
  echo "$label: $answered calls answered (any status), $logged entries of client:$id in exchange_log_entries ($byoutcome)"
  [ "$answered" = "$logged" ] || missing=1
done
i=0
while :; do
  v=$(api admin GET /api/v1/exchange/log/verify)
  [ "$(echo "$v" | jq -r '.ok and .unsealed == 0')" = true ] && break
  i=$((i + 1)); [ $i -gt 30 ] && break
  sleep 1
done
echo "verify: $v"

rate=$(sed -n 's/^RESULT rate=\([0-9]*\).*/\1/p' "$out/persons.txt")
echo "== summary: pgbench TPC-B $tpcb tps before, $tpcb2 after; audited exchange calls (persons) $rate/s = $(echo "$rate $tpcb" | awk '{printf "%.2f", $1 / $2}') x TPC-B before$( [ -f "$out/table.txt" ] && echo "; table mix $(sed -n 's/^RESULT rate=\([0-9]*\).*/\1/p' "$out/table.txt")/s")"
[ "$missing" = 0 ] && [ "$(echo "$v" | jq -r .ok)" = true ]

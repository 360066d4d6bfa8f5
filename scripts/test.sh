#!/usr/bin/env bash
# Runs the whole test suite: integration tests on SQLite and on PostgreSQL (a throwaway cluster on a free port)
# and the browser tests in headless Chromium, in parallel. Ends with one line "N passed, N failed, N skipped".
# As root it installs what is missing (PostgreSQL, Chromium, CJK fonts); as another user it uses what is installed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

log() { printf '[test.sh] %s\n' "$*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
has_fonts() { [ -n "$(ls /usr/share/fonts/opentype/noto/NotoSansCJK* 2>/dev/null)" ]; }

missing=()
[ -x "$(pg_bin)/initdb" ] 2>/dev/null || missing+=(postgresql postgresql-contrib)
[ -x /usr/bin/chromium ] || missing+=(chromium)
has_fonts || missing+=(fonts-noto-cjk)
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    log "installing: ${missing[*]}"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || { log "apt-get failed"; exit 1; }
  else
    echo "Missing packages: ${missing[*]}. Install them as root:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# --- the OIDC end-to-end test's relying party (openid-client, pinned by its package-lock.json) ---------------
RP="$ROOT/tests/OneWindow.Tests/Oidc/rp"
if [ ! -d "$RP/node_modules/openid-client" ]; then
  log "installing the OIDC test relying party (npm ci)"
  (cd "$RP" && npm ci --no-audit --no-fund >"$RESULTS/npm.log" 2>&1) || { tail -n 20 "$RESULTS/npm.log" >&2; log "npm ci failed: the OIDC end-to-end test will fail"; }
fi

# --- throwaway PostgreSQL cluster -------------------------------------------------------------
PGBIN=$(pg_bin)
PGDATA=$(mktemp -d /tmp/ow-pg.XXXXXX)
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=54329
while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$PGDATA"
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1; rm -rf "$PGDATA"; }
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null || { log "initdb failed"; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -o "-p $PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  -l "$PGDATA/log.txt" -w start >/dev/null || { log "PostgreSQL did not start"; cat "$PGDATA/log.txt" >&2; exit 1; }
export ONEWINDOW_TEST_PG="Host=127.0.0.1;Port=$PORT;Username=postgres;Include Error Detail=true"
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on port $PORT"

# --- build once, then run the three suites side by side -------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building"
dotnet build OneWindow.slnx -c Release -nologo -v q >"$RESULTS/build.log" 2>&1 || { tail -n 40 "$RESULTS/build.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

run_suite() { # name project filter
  local name=$1 project=$2 filter=$3
  dotnet test "$project" -c Release --no-build --filter "$filter" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" >"$RESULTS/$name.log" 2>&1
}
run_suite sqlite tests/OneWindow.Tests "Database!=Postgres" & P1=$!
run_suite postgres tests/OneWindow.Tests "Database=Postgres" & P2=$!
pids=("$P1" "$P2")
if [ -d tests/OneWindow.BrowserTests ]; then
  run_suite browser tests/OneWindow.BrowserTests "FullyQualifiedName~OneWindow" & pids+=("$!")
fi
for p in "${pids[@]}"; do wait "$p"; done

# --- summary from the TRX counters ------------------------------------------------------------------
total_passed=0; total_failed=0; total_skipped=0
for name in sqlite postgres browser; do
  trx="$RESULTS/$name.trx"
  [ "$name" = browser ] && [ ! -d tests/OneWindow.BrowserTests ] && continue
  if [ ! -f "$trx" ]; then
    log "$name: no results (see artifacts/test-results/$name.log)"; tail -n 30 "$RESULTS/$name.log" >&2
    total_failed=$((total_failed + 1)); echo "$name: 0 passed, 1 failed"; continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
  errors=$(get error); timeout=$(get timeout); aborted=$(get aborted)
  failed=$(( ${failed:-0} + ${errors:-0} + ${timeout:-0} + ${aborted:-0} ))
  skipped=$(( ${total:-0} - ${executed:-0} ))
  [ "$skipped" -lt 0 ] && skipped=0
  echo "$name: ${passed:-0} passed, $failed failed, $skipped skipped"
  if [ "$failed" -gt 0 ]; then
    grep -E -A 4 '^\s+Failed [A-Za-z]' "$RESULTS/$name.log" | head -n 60 >&2
  fi
  total_passed=$((total_passed + ${passed:-0})); total_failed=$((total_failed + failed)); total_skipped=$((total_skipped + skipped))
done
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
[ "$total_failed" -eq 0 ] && [ "$total_passed" -gt 0 ]

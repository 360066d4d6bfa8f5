#!/usr/bin/env bash
# Two real nodes of OneWindow on one PostgreSQL database, as behind a load balancer (docs/benchmarks.md, "Two nodes").
#
#   ONEWINDOW_PG="Host=127.0.0.1;Port=5440;Username=postgres;Database=ow_two" scripts/two-nodes.sh [--no-build]
#
# Builds the app (Release; `dotnet publish` of the host does not work yet: every module's Messages.json lands on the
# same output path) and runs its build output, makes the at-rest keys once into
# $TWO_NODES_DATA/keys.env (both nodes must have the same keys, the key-ring key among them; kept for the next run so
# sessions survive restarts), starts node A and node B at the same moment (dotnet OneWindow.Web.dll, logs in
# $TWO_NODES_DATA/node-{a,b}.log), waits until /health answers 200 on both, and stops both on Ctrl-C.
#
# Environment:
#   ONEWINDOW_PG            connection string of an existing PostgreSQL database (required; migrated at start)
#   TWO_NODES_PORTS         the two ports on 127.0.0.1                       (default "5101 5102")
#   TWO_NODES_DATA          keys and logs                                    (default /tmp/onewindow-two-nodes)
#   ASPNETCORE_ENVIRONMENT  Production by default (no development keys, no /dev pages); any other setting of the app
#                           can be given the same way, e.g. Catalog__Seed__DemoData=false, Logging__LogLevel__Default=Warning
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

log() { printf '[two-nodes] %s\n' "$*" >&2; }

if [ -z "${ONEWINDOW_PG:-}" ]; then
  echo "Set ONEWINDOW_PG to the PostgreSQL connection string, e.g." >&2
  echo "  ONEWINDOW_PG='Host=127.0.0.1;Port=5440;Username=postgres;Database=ow_two' $0" >&2
  exit 2
fi
case "$ONEWINDOW_PG" in
  *Host=*|*host=*) ;;
  *) echo "ONEWINDOW_PG must be a PostgreSQL connection string (Host=…): two nodes on one SQLite file are not what this is for." >&2; exit 2 ;;
esac

DATA=${TWO_NODES_DATA:-/tmp/onewindow-two-nodes}
read -r PORT_A PORT_B <<<"${TWO_NODES_PORTS:-5101 5102}"
mkdir -p "$DATA"
APP="$ROOT/src/OneWindow.Web/bin/Release/net10.0"

if [ "${1:-}" != "--no-build" ] || [ ! -f "$APP/OneWindow.Web.dll" ]; then
  log "building (Release)"
  dotnet build "$ROOT/src/OneWindow.Web" -c Release -nologo -v q >"$DATA/build.log" 2>&1 \
    || { tail -n 30 "$DATA/build.log" >&2; exit 1; }
fi

# Every at-rest key, the same on both nodes (docs/ARCHITECTURE.md, Security); made once, kept for the next run.
if [ ! -f "$DATA/keys.env" ]; then
  umask 077
  {
    for name in Identity__DataProtection__EncryptionKey Identity__DataProtection__IndexKey Identity__DataProtection__KeyRingKey \
                Oidc__KeyEncryptionKey Integration__SecretEncryptionKey Licences__KeyEncryptionKey \
                Exchange__IndexKey Exchange__KeyEncryptionKey; do
      printf 'export %s=%s\n' "$name" "$(openssl rand -base64 32)"
    done
  } >"$DATA/keys.env"
  log "made the at-rest keys: $DATA/keys.env"
fi
# shellcheck disable=SC1091
. "$DATA/keys.env"
export ConnectionStrings__OneWindow="$ONEWINDOW_PG"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$PORT_A" "$PORT_B"; do
  port_free "$port" || { echo "port $port is in use (set TWO_NODES_PORTS)" >&2; exit 1; }
done

PIDS=()
stop() {
  trap - INT TERM EXIT
  if [ ${#PIDS[@]} -gt 0 ]; then
    log "stopping nodes (${PIDS[*]})"
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT TERM
trap stop EXIT

start_node() { # name port
  (cd "$APP" && ASPNETCORE_URLS="http://127.0.0.1:$2" exec dotnet OneWindow.Web.dll) >"$DATA/node-$1.log" 2>&1 &
  PIDS+=("$!")
  log "node $1: pid $!, http://127.0.0.1:$2, log $DATA/node-$1.log"
}
# Both at once, as a deployment would: migrations and start-up work run one node at a time under a database lock.
start_node a "$PORT_A"
start_node b "$PORT_B"

wait_healthy() { # name port pid
  local deadline=$((SECONDS + ${TWO_NODES_TIMEOUT:-300})) status
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$3" 2>/dev/null; then
      log "node $1 exited; last lines of its log:"; tail -n 20 "$DATA/node-$1.log" >&2; return 1
    fi
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/health" || true)
    [ "$status" = 200 ] && return 0
    if curl -s "http://127.0.0.1:$2/health" | grep -q '"failed"'; then
      log "node $1: start-up failed; its log says:"; grep -m 3 '"Critical"' "$DATA/node-$1.log" >&2 || tail -n 20 "$DATA/node-$1.log" >&2; return 1
    fi
    sleep 1
  done
  log "node $1 not healthy after ${TWO_NODES_TIMEOUT:-300} s"; return 1
}
wait_healthy a "$PORT_A" "${PIDS[0]}" || exit 1
wait_healthy b "$PORT_B" "${PIDS[1]}" || exit 1
log "both nodes healthy: http://127.0.0.1:$PORT_A and http://127.0.0.1:$PORT_B (Ctrl-C stops both)"

# Until Ctrl-C, or until a node stops by itself.
while kill -0 "${PIDS[0]}" 2>/dev/null && kill -0 "${PIDS[1]}" 2>/dev/null; do
  sleep 1
done
log "a node stopped by itself; see $DATA/node-a.log and $DATA/node-b.log"
exit 1

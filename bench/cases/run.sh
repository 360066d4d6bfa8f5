#!/bin/sh
# One measured wrk run with CPU samples of the app, PostgreSQL and wrk (pidstat, 1 s).
# usage: bench/cases/run.sh submit|progress <connections> <seconds> [threads]
# env: BENCH_DATA (output of cases-setup), APP_PID (the app's dotnet process), URL (default http://127.0.0.1:5090)
set -e
kind=$1; conns=$2; secs=$3; threads=${4:-2}
here=$(cd "$(dirname "$0")" && pwd)
URL=${URL:-http://127.0.0.1:5090}
out=${OUT:-/tmp/cases-bench}; mkdir -p "$out"
pidstat -u -C 'postgres|dotnet|wrk' -h 1 "$secs" > "$out/$kind-$conns.pidstat" 2>&1 &
ps=$!
wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -s "$here/$kind.lua" "$URL" | tee "$out/$kind-$conns.wrk"
wait $ps || true
# Average %CPU over the run per group: the app (APP_PID), postgres (all backends), wrk.
awk -v app="${APP_PID:-0}" '$1 ~ /^[0-9:]+$/ && NF >= 9 {
  cmd = $NF; cpu = $(NF-2)
  if ($3 == app) a += cpu; else if (cmd ~ /postgres/) p += cpu; else if (cmd ~ /wrk/) w += cpu; else o += cpu
  if (!($1 in seen)) { seen[$1] = 1; n++ } }
  END { if (n) printf "CPU (%% of one core, mean over %d s): app %.0f, postgres %.0f, wrk %.0f, other dotnet (not ours) %.0f\n", n, a/n, p/n, w/n, o/n }' "$out/$kind-$conns.pidstat"

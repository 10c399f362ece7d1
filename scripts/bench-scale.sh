#!/usr/bin/env bash
# The scale demo (`dangxiao demo --scale N`, N = BENCH_SCALE, default 75: about ten million
# attendances) on the embedded SQLite: its build time and size, then the dashboard server function on
# it, sequential requests (scripts/bench-dashboard.mjs). Prints Markdown; called by bench.sh.
# Usage: bench-scale.sh BIN PORT DIR
set -euo pipefail
BIN=$1 PORT=$2 DIR=$3
SCALE=${BENCH_SCALE:-75}
URL="sqlite://$DIR/scale.db"
t0=$(date +%s.%N)
DATABASE_URL="$URL" DANGXIAO_DEMO_PASSWORD=bench-Passw0rd "$BIN" demo --scale "$SCALE" >"$DIR/scale.log" 2>&1
t1=$(date +%s.%N)
size=$(du -ck "$DIR"/scale.db* | tail -1 | cut -f1)
echo "| N | schools, people, classes, attendances | build (migrate, demo, copies, counts) | database file |"
echo "|---|---|---|---|"
echo "| $SCALE | $(grep -o '[0-9]* 所学校，[0-9]* 人，[0-9]* 个培训班，[0-9]* 人次' "$DIR/scale.log") | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f s", b - a }') | $(awk -v k="$size" 'BEGIN { printf "%.2f GiB", k / 1048576 }') |"
DATABASE_URL="$URL" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg RUST_LOG=warn \
  "$BIN" serve >"$DIR/scale-server.log" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.2; done
echo
echo "| dashboard server function, ×$SCALE district | requests | p50 ms | p99 ms | max ms |"
echo "|---|---|---|---|---|"
node scripts/bench-dashboard.mjs "http://127.0.0.1:$PORT" ""
kill $SPID; wait $SPID 2>/dev/null || true
[ -n "${BENCH_SCALE_KEEP:-}" ] || rm -f "$DIR"/scale.db*

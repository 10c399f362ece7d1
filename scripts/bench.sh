#!/usr/bin/env bash
# Measures what mobile users and operators feel: download sizes, first start (migrate + demo load),
# restart, and dashboard latency on the embedded SQLite. Prints Markdown (make bench writes it to
# docs/benchmarks.md). Needs a release build (make build-release). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-3200}
PID=
N=${BENCH_REQUESTS:-200}
BIN=target/release/dangxiao
DIR=$(mktemp -d)
PG_PIDS=
trap 'kill $PID $PG_PIDS 2>/dev/null || true; rm -rf "$DIR"' EXIT
# The load generators run from one address: the per-address cap of event streams is raised, and the
# connection cap and open-file limits make room for a thousand open dashboards.
LIVE_LIMITS="DANGXIAO_STREAMS_PER_ADDRESS=5000 DANGXIAO_MAX_CONNECTIONS=3000"
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
sizes() { # file -> "raw | gzip -9 | brotli -q 11"
  local raw gz br
  raw=$(stat -c %s "$1"); gz=$(gzip -9 -c "$1" | wc -c)
  if command -v brotli >/dev/null; then br=$(kib "$(brotli -q 11 -c "$1" | wc -c)"); else br="(brotli not installed)"; fi
  echo "| $(kib "$raw") | $(kib "$gz") | $br |"
}

echo "# Benchmarks"
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); release build; \`make bench\`."
echo
echo "## Download sizes (what a phone fetches)"
echo
echo "| file | raw | gzip -9 | brotli -q 11 |"
echo "|---|---|---|---|"
for f in target/site/pkg/dangxiao.wasm target/site/pkg/dangxiao.js target/site/pkg/dangxiao.css target/site/vendor/echarts.js target/site/geo/wuhan-districts.geojson; do
  echo "| \`${f#target/site/}\` $(sizes "$f")"
done

start_server() { # sets PID and ELAPSED (seconds until /healthz answers)
  local t0 t1
  t0=$(date +%s.%N)
  DATABASE_URL="sqlite://$DIR/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site \
    LEPTOS_SITE_PKG_DIR=pkg RUST_LOG=warn DANGXIAO_DEMO_PASSWORD=bench-Passw0rd env $LIVE_LIMITS "$BIN" serve >"$DIR/server.log" 2>&1 &
  PID=$!
  until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.05; done
  t1=$(date +%s.%N)
  ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
}

echo
echo "## Start-up (embedded SQLite)"
echo
start_server; first=$ELAPSED
db_size=$(du -ck "$DIR"/bench.db* | tail -1 | cut -f1)
kill $PID; wait $PID 2>/dev/null || true
start_server; second=$ELAPSED
echo "| what | seconds |"
echo "|---|---|"
echo "| first start: create, migrate, generate and load the demo district (55,000 people, 1,903 classes, ~135,000 attendances) | $first |"
echo "| second start on the same file (nothing loaded) | $second |"
echo
echo "Database file after the demo load: $(awk -v k="$db_size" 'BEGIN { printf "%.1f MiB", k / 1024 }') (with WAL)."

latency() { # url method -> p50 p95 p99 in ms over N sequential requests
  local url=$1 method=$2
  for _ in $(seq 1 "$N"); do
    curl -s -o /dev/null -b "$DIR/cookies" -X "$method" -H 'Accept-Encoding: gzip' -w '%{time_total}\n' "$url"
  done | sort -n | awk '{ a[NR] = $1 * 1000 } END { printf "%.1f | %.1f | %.1f", a[int(NR*0.5)], a[int(NR*0.95)], a[int(NR*0.99)] }'
}

echo
echo "## Dashboard latency ($N sequential requests, one client, loopback)"
echo
echo "| request | p50 ms | p95 ms | p99 ms |"
echo "|---|---|---|---|"
echo "| \`GET /\` (server-rendered dashboard, all queries) | $(latency "http://127.0.0.1:$PORT/" GET) |"
echo "| \`POST /api/dashboard\` (the server function the page calls) | $(latency "http://127.0.0.1:$PORT/api/dashboard" POST) |"

echo
echo "## Pages on a phone (Lighthouse ${BENCH_LIGHTHOUSE_RUNS:-5} runs each, mobile preset)"
echo
echo "Lighthouse 12 (npm) in Debian's Chromium, its mobile preset: a mid-range phone on slow 4G, simulated"
echo "(150 ms round trips, 1.6 Mbit/s down, CPU slowed 4×), an empty cache each run; the median run's"
echo "figures, and what it downloaded by kind (KiB on the wire: headers and compressed bodies)."
echo
node scripts/bench-pages.mjs "http://127.0.0.1:$PORT" bench-Passw0rd

echo
echo "## Dashboard under 50 concurrent viewers, against a static file of the same size"
echo
bash scripts/bench-dashboard-load.sh "$PORT"

curl -s -o /dev/null -c "$DIR/cookies" -d 'username=leader&password=bench-Passw0rd' "http://127.0.0.1:$PORT/api/login"
echo
echo "## Study-hour compliance, signed in as \`leader\` ($N sequential requests)"
echo
echo "| request | p50 ms | p95 ms | p99 ms |"
echo "|---|---|---|---|"
echo "| \`GET /hours\` (320 district-managed cadres judged, per unit, server-rendered) | $(latency "http://127.0.0.1:$PORT/hours" GET) |"
echo "| \`GET /hours/export.xlsx?year=2016\` (the workbook) | $(latency "http://127.0.0.1:$PORT/hours/export.xlsx?year=2016" GET) |"

echo
echo "## Check-in throughput (embedded SQLite, loopback HTTP, real sessions)"
echo
echo "Each check-in is \`POST /api/check_in\` with the class's current QR token: session lookup, token"
echo "check, audience and capacity check, the attendance insert, and the live event to dashboards."
echo
echo "The load is sent by wrk (scripts/checkin.lua) from pairs of sessions and tokens prepared beforehand; the"
echo "server and wrk share this machine's cores, both measured while checking in."
echo
echo "| load | check-ins/s | p50 ms | p99 ms | server cores | load generator cores |"
echo "|---|---|---|---|---|---|"
node scripts/bench-checkin.mjs "http://127.0.0.1:$PORT" bench-Passw0rd "$PID"

echo
echo "## Live: a thousand open dashboards while the district checks in"
echo
echo "Each screen is an event-stream client that behaves as the dashboard page does (it merges the figures"
echo "the event carries; an event it cannot merge makes it ask for the dashboard again). Check-ins arrive at"
echo "a steady rate with real sessions and QR tokens. *Seen by every screen*: from a check-in's"
echo "acknowledgement to the first event, on each screen, whose today's attendances include it. CPU: the app"
echo "process(es) only, averaged over the run (the load generator and PostgreSQL not counted)."
echo
echo "| load | check-ins acknowledged | acknowledgement p50 / p99 ms | seen by every screen p50 / p99 ms | app cores | app RSS | screens that asked again |"
echo "|---|---|---|---|---|---|---|"
node scripts/bench-live.mjs "http://127.0.0.1:$PORT" bench-Passw0rd "$PID" "SQLite, one instance: "
if [ -n "${BENCH_PG_URL:-}" ]; then
  # Two app instances on one PostgreSQL database (created empty by make bench): the first loads the
  # demo district, the second starts on it; screens and check-ins are spread over both.
  for i in 1 2; do
    DATABASE_URL="$BENCH_PG_URL" LEPTOS_SITE_ADDR="127.0.0.1:$((PORT + i))" LEPTOS_SITE_ROOT=target/site \
      LEPTOS_SITE_PKG_DIR=pkg RUST_LOG=warn DANGXIAO_DEMO_PASSWORD=bench-Passw0rd env $LIVE_LIMITS "$BIN" serve >"$DIR/pg$i.log" 2>&1 &
    PG_PIDS="$PG_PIDS $!"
    until curl -sf "http://127.0.0.1:$((PORT + i))/healthz" >/dev/null; do sleep 0.2; done
  done
  node scripts/bench-live.mjs "http://127.0.0.1:$((PORT + 1)),http://127.0.0.1:$((PORT + 2))" bench-Passw0rd \
    "$(echo $PG_PIDS | tr ' ' ',')" "PostgreSQL, two instances: "
  kill $PG_PIDS 2>/dev/null || true
  wait $PG_PIDS 2>/dev/null || true
  PG_PIDS=
fi

echo
echo "## Scale demo: a city of ${BENCH_SCALE:-75} districts (embedded SQLite)"
echo
echo "\`dangxiao demo --scale N\` copies the demo district N − 1 times (same townships and days). The dashboard"
echo "reads the per-township daily counts (at most the townships + 1 rows a day), so a period's figures do"
echo "not grow with the attendances. One client, sequential requests, each period asked once first."
echo
bash scripts/bench-scale.sh "$BIN" "$((PORT + 5))" "$DIR"

echo
echo "## Sign-in burst (argon2id on $(nproc) hasher threads; clients honour 429 + Retry-After)"
echo
echo "| load | all signed in after | 429 answers | server RSS before | server RSS peak |"
echo "|---|---|---|---|---|"
node scripts/bench-signin.mjs "http://127.0.0.1:$PORT" "$PID"

echo
echo "## The district's roster: 55,000 people imported (人员名单, embedded SQLite)"
echo
echo "\`POST /api/import_people\` as the org admin's page sends it: a CSV of the demo district's 55,000 person"
echo "numbers with new names, units and ranks (every row changes), previewed, applied in one transaction"
echo "(multi-row statements), then previewed again (nothing to change). Seconds from request to answer."
echo
echo "| step | seconds | result |"
echo "|---|---|---|"
node scripts/bench-roster.mjs "http://127.0.0.1:$PORT" bench-Passw0rd "$PID"

kill "$PID" 2>/dev/null || true
wait "$PID" 2>/dev/null || true
echo
bash scripts/crash.sh

#!/usr/bin/env bash
# The dashboard under concurrent viewers: `GET /` with 50 connections for 10 s, against a static file of
# the same size served by the same server in the same run (wrk, loopback only). Prints Markdown rows.
# Usage: scripts/bench-dashboard-load.sh PORT (a server of target/site running on 127.0.0.1:PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=$1
if ! command -v wrk >/dev/null; then
  echo "(wrk not installed: Debian package \`wrk\`)"
  exit 0
fi
size=$(curl -s "http://127.0.0.1:$PORT/" | wc -c)
static=target/site/bench-static-$size.html
head -c "$size" /dev/zero | tr '\0' 'x' > "$static"
trap 'rm -f "$static"' EXIT
rate() { # url -> "requests/s | p50 | p99" (wrk, 2 threads, 50 connections, 10 s)
  wrk -t2 -c50 -d10s --latency "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    END { printf "%s | %s | %s", rps, p50, p99 }'
}
dash=$(rate "http://127.0.0.1:$PORT/")
file=$(rate "http://127.0.0.1:$PORT/${static#target/site/}")
echo "| request (50 connections, 10 s, wrk) | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
echo "| \`GET /\` (the dashboard, server-rendered: $size bytes) | $dash |"
echo "| a static file of the same size from the same server | $file |"
awk -v d="${dash%% *}" -v f="${file%% *}" 'BEGIN { printf "\nThe dashboard serves %.2f× the static file'"'"'s rate (goal ≥ 0.5×).\n", d / f }'

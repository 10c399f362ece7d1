#!/usr/bin/env bash
# Reliability: kills the server with `kill -9` in the middle of check-in bursts (check-ins still
# arriving), CRASH_CYCLES times (≥ 5), restarts it, and reports acknowledged check-ins lost (must be
# 0) and SQLite's integrity check. Prints Markdown; run by `make bench`, not by the timed tests.
# Needs a release build. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${CRASH_PORT:-3300}
CYCLES=${CRASH_CYCLES:-5}
BIN=target/release/dangxiao
DIR=$(mktemp -d)
PID=
trap 'kill -9 $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
DB="$DIR/crash.db"

start() {
  DATABASE_URL="sqlite://$DB" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
    RUST_LOG=info DANGXIAO_DEMO_PASSWORD=crash-Passw0rd "$BIN" serve >>"$DIR/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; cat "$DIR/server.log" >&2; exit 1
}

start
node scripts/crash.mjs setup "http://127.0.0.1:$PORT" crash-Passw0rd "$DIR/state.json"
: >"$DIR/acks.log"
for cycle in $(seq 1 "$CYCLES"); do
  node scripts/crash.mjs burst "http://127.0.0.1:$PORT" "$DIR/state.json" "$DIR/acks.log" >"$DIR/burst.log" 2>&1 &
  CLIENT=$!
  # Let the burst get going, then pull the plug while check-ins are still arriving.
  sleep "$(awk -v c="$cycle" 'BEGIN { printf "%.1f", 1.0 + (c % 3) * 0.4 }')"
  kill -9 "$PID"
  wait "$PID" 2>/dev/null || true
  wait "$CLIENT" || true
  echo "cycle $cycle: $(tail -1 "$DIR/burst.log")" >&2
  start
done
kill -9 "$PID"; wait "$PID" 2>/dev/null || true; PID=

python3 - "$DB" "$DIR/acks.log" "$CYCLES" "$(grep -m1 '持久化设置' "$DIR/server.log")" <<'PY'
import sqlite3, sys
db, acks, cycles, settings = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
con = sqlite3.connect(db)
integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
acked = [tuple(map(int, l.split())) for l in open(acks) if l.strip()]
stored = set(con.execute("SELECT class_id, person_id FROM attendance").fetchall())
lost = [a for a in acked if a not in stored]
print("## Crash safety (`scripts/crash.sh`)")
print()
print("The release server on the embedded SQLite, killed with `kill -9` in the middle of check-in bursts")
print("(16 clients still sending), restarted, and checked. The server's start-up log line:")
print(f"`{settings.strip()}`.")
print()
print("| kill -9 cycles | check-ins acknowledged | acknowledged but lost | `PRAGMA integrity_check` |")
print("|---|---|---|---|")
print(f"| {cycles} | {len(acked)} | {len(lost)} | {integrity} |")
sys.exit(1 if lost or integrity != "ok" else 0)
PY

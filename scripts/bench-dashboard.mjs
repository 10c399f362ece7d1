#!/usr/bin/env node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The dashboard server function, sequential requests from one client (warm: each period asked once
// before measuring): the presets (kept between changes, recomputed at least every 5 s) and chosen
// ranges each asked for the first time (every one computed from the daily counts). Prints Markdown rows.
// Usage: node scripts/bench-dashboard.mjs BASE_URL LABEL
const [base, label] = process.argv.slice(2);
// Requests go out from one curl (one connection, kept alive; curl's own timing per request): a node
// client would add its own milliseconds to each.
const asked = (bodies) => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  const config = bodies
    .map((b) => `url = "${base}/api/dashboard"\ndata = "${b}"\nheader = "accept: application/json"\noutput = "/dev/null"\nwrite-out = "%{time_total} %{http_code} %{size_download}\\n"\n`)
    .join('next\n');
  writeFileSync(join(dir, 'curl.conf'), config);
  const run = spawnSync('curl', ['-s', '-K', join(dir, 'curl.conf')], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const lines = run.stdout.trim().split('\n').map((l) => l.split(' '));
  if (lines.length !== bodies.length || lines.some((l) => l[1] !== '200')) throw new Error(`dashboard: ${run.stdout.slice(0, 500)} ${run.stderr}`);
  return lines.map((l) => Number(l[0]) * 1000);
};
const pct = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(xs.length * q))].toFixed(1);
const row = (what, xs) => {
  xs.sort((a, b) => a - b);
  console.log(`| ${label}${what} | ${xs.length} | ${pct(xs, 0.5)} | ${pct(xs, 0.99)} | ${xs[xs.length - 1].toFixed(1)} |`);
};
const requests = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 300);
for (const period of ['article', 'year', 'month']) {
  asked([`period=${period}`]);
  row(`\`${period}\` (kept until a change, at most 5 s)`, asked(Array(requests).fill(`period=${period}`)));
}
// Chosen ranges: random days of 2015-04-01 … 2017-05-25, each range asked once (computed); 2,000 of
// them take longer than 5 s, so the standing figures are computed again during the run.
const first = Date.UTC(2015, 3, 1), last = Date.UTC(2017, 4, 25), day = 86_400_000;
let seed = 20170525;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const days = Math.round((last - first) / day);
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const ranges = [];
for (let i = 0; i < Number(process.env.BENCH_DASHBOARD_RANGES ?? 2000); i++) {
  const a = Math.floor(random() * days), b = Math.floor(random() * days);
  ranges.push(`period=range&from=${iso(first + Math.min(a, b) * day)}&to=${iso(first + Math.max(a, b) * day)}`);
}
row('chosen ranges, each asked once (computed)', asked(ranges));

#!/usr/bin/env node
// The dashboard server function, sequential requests from one client (warm: each period asked once
// before measuring): the presets (kept between changes, recomputed at least every 5 s) and chosen
// ranges each asked for the first time (every one computed from the daily counts). Prints Markdown rows.
// Usage: node scripts/bench-dashboard.mjs BASE_URL LABEL
const [base, label] = process.argv.slice(2);
const ask = async (fields) => {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/dashboard`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  });
  const body = await res.json();
  if (res.status !== 200 || !body.kpis) throw new Error(`dashboard ${JSON.stringify(fields)}: ${res.status}`);
  return [performance.now() - t0, body];
};
const pct = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(xs.length * q))].toFixed(1);
const row = (what, xs) => {
  xs.sort((a, b) => a - b);
  console.log(`| ${label}${what} | ${xs.length} | ${pct(xs, 0.5)} | ${pct(xs, 0.99)} | ${xs[xs.length - 1].toFixed(1)} |`);
};
let total = 0;
for (const period of ['article', 'year', 'month']) {
  const [, body] = await ask({ period });
  total = Math.max(total, body.kpis.attendances_total);
  const times = [];
  for (let i = 0; i < Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 300); i++) times.push((await ask({ period }))[0]);
  row(`\`${period}\` (kept until a change, at most 5 s)`, times);
}
// Chosen ranges: random days of 2015-04-01 … 2017-05-25, each range asked once (computed).
const first = Date.UTC(2015, 3, 1), last = Date.UTC(2017, 4, 25), day = 86_400_000;
let seed = 20170525;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const days = Math.round((last - first) / day);
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const computed = [];
for (let i = 0; i < Number(process.env.BENCH_DASHBOARD_RANGES ?? 200); i++) {
  const a = Math.floor(random() * days), b = Math.floor(random() * days);
  const [from, to] = [first + Math.min(a, b) * day, first + Math.max(a, b) * day];
  computed.push((await ask({ period: 'range', from: iso(from), to: iso(to) }))[0]);
}
row('chosen ranges, each asked once (computed)', computed);
console.error(`attendances in the database: ${total}`);

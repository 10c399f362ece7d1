// The district's roster of people (#17) imported over HTTP as the org admin does it: a 55,000-row
// CSV (the demo district's person numbers, spread over its units with new names and ranks, so every
// row changes), previewed, applied, then the same file again (nothing to change) — with the server's
// wall time per step and its peak memory (VmHWM) before and after. Prints Markdown table rows.
// Usage: node scripts/bench-roster.mjs http://127.0.0.1:PORT PASSWORD SERVER_PID [label]
import { readFileSync } from 'node:fs';
import { login, post } from './client.mjs';

const [base, password, pid, label = ''] = process.argv.slice(2);
const ROWS = 55_000;
const RANKS = ['科级', '科级', '科级', '处级', '其他'];

const peakRss = () => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? `${Math.round(Number(m[1]) / 1024)} MiB` : '?';
};

const cookie = await login(base, 'orgadmin', password);
const { body: units } = await post(base, cookie, 'list_units', {});
const names = units.units.map((u) => u.name);
const lines = ['人员编号,姓名,单位,职级,区管干部'];
for (let id = 1; id <= ROWS; id++) {
  lines.push(`${id},导入${id},${names[(id * 7) % names.length]},${RANKS[id % RANKS.length]},${id % 50 === 0 ? '是' : '否'}`);
}
const file = new Blob([lines.join('\n')], { type: 'text/csv' });

async function upload(digest) {
  const form = new FormData();
  if (digest) form.append('digest', digest);
  form.append('roster', file, 'roster.csv');
  const t0 = performance.now();
  const res = await fetch(`${base}/api/import_people`, { method: 'POST', headers: { cookie, accept: 'application/json' }, body: form });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status >= 400) throw new Error(`import_people: ${res.status} ${text.slice(0, 300)}`);
  const report = JSON.parse(text);
  if (report.errors.length) throw new Error(`rows refused: ${report.errors.slice(0, 3).join('; ')}`);
  return { ms, report };
}

const before = peakRss();
const preview = await upload(null);
const applied = await upload(preview.report.digest);
const again = await upload(null);
const row = (what, r) =>
  `| ${label}${what} | ${(r.ms / 1000).toFixed(2)} | ${r.report.new} new, ${r.report.changed} changed, ${r.report.unchanged} unchanged |`;
console.log(`| ${label}the file | ${(file.size / 1024 / 1024).toFixed(2)} MB, ${ROWS.toLocaleString('en')} rows | server peak memory before: ${before} |`);
console.log(row('preview', preview));
console.log(row('apply (all rows written, one transaction)', applied));
console.log(row('the same file again: preview', again));
console.log(`| ${label}server peak memory after | | ${peakRss()} |`);

#!/usr/bin/env node
// The pages as a phone gets them: Lighthouse (npm, in end2end/) with Debian's Chromium and its mobile
// preset — a mid-range phone on a slow 4G network, simulated: 150 ms round trips, 1.6 Mbit/s down, the
// CPU slowed 4× — RUNS runs per page, each with an empty cache; prints (Markdown) the median run's
// performance score, LCP, TBT, CLS and time to interactive, and what it downloaded by kind (bytes on
// the wire: headers and compressed bodies). `/me/hours` is measured signed in as the demo cadre.
// Usage: node scripts/bench-pages.mjs BASE_URL DEMO_PASSWORD   (BENCH_PAGES=/,/map: only these pages)
import { createRequire } from 'node:module';
import * as client from './client.mjs';

// Lighthouse is installed with the browser tests' packages.
const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const lighthouse = (await import(require.resolve('lighthouse'))).default;
const chromeLauncher = await import(require.resolve('chrome-launcher'));

const [base, password] = process.argv.slice(2);
if (!base || !password) {
  console.error('usage: bench-pages.mjs BASE_URL DEMO_PASSWORD');
  process.exit(2);
}
const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);
const cadre = await client.login(base, 'cadre', password);
const ONLY = process.env.BENCH_PAGES?.split(',');
const PAGES = [
  { path: '/', name: '`/` dashboard' },
  { path: '/map', name: '`/map`' },
  { path: '/login', name: '`/login`' },
  { path: '/me/hours', name: '`/me/hours` (signed in as `cadre`)', cookie: cadre },
].filter((page) => !ONLY || ONLY.includes(page.path));

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

function kind(item) {
  const path = new URL(item.url).pathname;
  if (path.startsWith('/vendor/echarts')) return 'echarts';
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.geojson')) return 'geojson';
  if (item.resourceType === 'Document') return 'document';
  if (item.resourceType === 'Stylesheet') return 'css';
  if (item.resourceType === 'Script') return 'js';
  return 'other';
}
const KINDS = ['document', 'css', 'js', 'wasm', 'echarts', 'geojson', 'other'];

async function measure(page) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await lighthouse(`${base}${page.path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      disableStorageReset: false,
      ...(page.cookie ? { extraHeaders: { Cookie: page.cookie } } : {}),
    });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.message}`);
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    const bytes = Object.fromEntries(KINDS.map((k) => [k, 0]));
    for (const item of lhr.audits['network-requests']?.details?.items ?? []) bytes[kind(item)] += item.transferSize ?? 0;
    runs.push({
      score: Math.round((lhr.categories.performance.score ?? 0) * 100),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      tti: audit('interactive'),
      bytes,
    });
  }
  runs.sort((a, b) => a.score - b.score);
  return { median: runs[Math.floor(runs.length / 2)], scores: runs.map((r) => r.score) };
}

const kb = (n) => (n / 1024).toFixed(1);
console.log(`| page | score (median of ${RUNS}) | scores | LCP s | TBT ms | CLS | TTI s | on the wire KiB | document | CSS | JS | WASM | ECharts | GeoJSON | other |`);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
try {
  for (const page of PAGES) {
    const { median: m, scores } = await measure(page);
    const total = KINDS.reduce((sum, k) => sum + m.bytes[k], 0);
    console.log(
      `| ${page.name} | **${m.score}** | ${scores.join(' ')} | ${(m.lcp / 1000).toFixed(2)} | ${Math.round(m.tbt)} | ${m.cls.toFixed(3)} | ` +
        `${(m.tti / 1000).toFixed(2)} | **${kb(total)}** | ${KINDS.map((k) => kb(m.bytes[k])).join(' | ')} |`,
    );
  }
} finally {
  await chrome.kill();
}

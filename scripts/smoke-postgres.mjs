// One binary — the browser tests' own, unchanged (DANGXIAO_BIN; the release build by default) — on
// PostgreSQL: started on an empty database, it migrates, loads the demo district, serves pages and
// server functions, and reproduces the article's figures.
// Usage: node scripts/smoke-postgres.mjs postgres://USER:PASSWORD@HOST:PORT/EMPTY_DATABASE
import { spawn } from 'node:child_process';
import { login, post } from './client.mjs';

const url = process.argv[2];
if (!url?.startsWith('postgres')) throw new Error('usage: smoke-postgres.mjs postgres://…/database');
const port = 3195;
const base = `http://127.0.0.1:${port}`;
const password = 'smoke-Demo-Passw0rd';
let log = '';
const server = spawn(process.env.DANGXIAO_BIN ?? './target/release/dangxiao', ['serve'], {
  env: {
    ...process.env,
    DATABASE_URL: url,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: 'target/site',
    LEPTOS_SITE_PKG_DIR: 'pkg',
    LEPTOS_ENV: 'PROD',
    RUST_LOG: 'warn',
    DANGXIAO_DEMO_PASSWORD: password,
  },
});
server.stdout.on('data', (d) => { log += d; });
server.stderr.on('data', (d) => { log += d; });
let exited = null;
server.on('exit', (code) => { exited = code; });

function fail(message) {
  console.error(`smoke-postgres: ${message}\n--- server output ---\n${log}`);
  server.kill('SIGTERM');
  process.exit(1);
}

const deadline = Date.now() + 180_000;
for (;;) {
  if (exited !== null) fail(`the server exited (${exited})`);
  if (Date.now() > deadline) fail('no /healthz within 180 s');
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch { /* not listening yet */ }
  await new Promise((r) => setTimeout(r, 500));
}
if (!log.includes('PostgreSQL')) fail('the start-up log does not name PostgreSQL');
const page = await fetch(`${base}/login`);
if (page.status !== 200 || !(await page.text()).includes('登录')) fail(`/login answered ${page.status}`);
const cookie = await login(base, 'leader', password).catch((e) => fail(`sign-in: ${e.message}`));
const { body } = await post(base, cookie, 'dashboard', {}).catch((e) => fail(`dashboard: ${e.message}`));
const k = body.kpis;
if (k.schools !== 78 || k.classes_2015_2016 !== 1410 || k.party_members !== 55000) fail(`figures: ${JSON.stringify(k)}`);
console.log(`smoke-postgres: the binary under test (${server.spawnfile}) on PostgreSQL serves the demo district (${k.schools} schools, ${k.classes_2015_2016} classes 2015–2016, ${k.attendances_total} attendances)`);
server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));

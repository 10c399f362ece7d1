#!/usr/bin/env node
// Sustained check-ins against a running server (embedded SQLite in `make bench`), over real HTTP with
// real sessions: the organisation admin creates cadre accounts, each cadre signs in, classes are
// planned and opened, and CONCURRENCY connections (wrk) check everyone in to every class with the
// class's current QR token. Prints check-ins per second and the p50/p99 acknowledgement latency (Markdown).
// With the server's PID, also the CPU the server and this load generator used while checking in.
// Usage: node scripts/bench-checkin.mjs BASE_URL DEMO_PASSWORD [SERVER_PID]
import * as client from './client.mjs';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const [base, password, pid] = process.argv.slice(2);
/** The server's CPU time so far, in seconds (utime + stime from /proc; 100 ticks a second). */
const serverCpu = () => {
  if (!pid) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const PEOPLE = Number(process.env.BENCH_CHECKIN_PEOPLE ?? 500);
const CLASSES = Number(process.env.BENCH_CHECKIN_CLASSES ?? 16);
const CONCURRENCY = Number(process.env.BENCH_CHECKIN_CONCURRENCY ?? 64);
if (!base || !password) {
  console.error('usage: bench-checkin.mjs BASE_URL DEMO_PASSWORD');
  process.exit(2);
}

const post = (cookie, endpoint, fields) => client.post(base, cookie, endpoint, fields);
const login = (username, password) => client.login(base, username, password);
const { pool } = client;

const org = await login('orgadmin', password);
const cadrePassword = 'bench-Cadre-Passw0rd';
// People 2001… (generated names); accounts named bench-<person>.
const people = Array.from({ length: PEOPLE }, (_, i) => 2001 + i);
await pool(people, 4, (p) => post(org, 'create_account', {
  username: `bench-${p}`, display_name: `压测学员${p}`, password: cadrePassword, person_id: String(p), 'roles[cadre]': 'on',
}));
const sessions = [];
await pool(people, 4, async (p) => sessions.push(await login(`bench-${p}`, cadrePassword)));

const teacher = '1';
const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const classes = [];
for (let i = 0; i < CLASSES; i++) {
  const { body } = await post(org, 'plan_class', {
    'plan[school_id]': String(1 + i), 'plan[title]': `签到压测班 ${i + 1}`, 'plan[category]': 'political_theory',
    'plan[teacher_1]': teacher, 'plan[venue]': `压测会场 ${i + 1}`, 'plan[venue_kind]': 'school',
    'plan[starts_at]': `${day}T08:00`, 'plan[ends_at]': `${day}T22:00`, 'plan[hours]': '2',
  });
  await post(org, 'class_step', { class_id: String(body.id), step: 'open' });
  classes.push(body.id);
}

// The load: every cadre checks in to every class once, interleaved (the district's classes at once),
// sent by wrk (C; a Lua script, scripts/checkin.lua) from pairs prepared here — a node client would
// need more CPU than the server and share its two cores.
const pairs = [];
for (const id of classes) {
  const ticket = (await post(org, 'checkin_ticket', { class_id: String(id) })).body;
  const token = new URL(ticket.link).searchParams.get('t');
  sessions.forEach((cookie, i) => pairs.push([i, `${cookie}\t${token}`]));
}
pairs.sort((a, b) => a[0] - b[0]);
const dir = mkdtempSync(join(tmpdir(), 'checkin-'));
const file = join(dir, 'pairs.tsv');
writeFileSync(file, pairs.map((p) => p[1]).join('\n') + '\n');
const THREADS = 2;
const server0 = serverCpu();
const wrk = spawn('wrk', [`-t${THREADS}`, `-c${CONCURRENCY}`, '-d300s', '-s', 'scripts/checkin.lua', base], {
  env: { ...process.env, CHECKIN_PAIRS: file, CHECKIN_THREADS: String(THREADS), CHECKIN_DONE: join(dir, 'done') },
});
let out = '';
wrk.stdout.on('data', (b) => { out += b; });
const exited = new Promise((r) => wrk.once('exit', r));
// Every thread done (or wrk gone): its CPU so far, then SIGINT makes it print its summary and exit.
let wrkCpu = 0;
for (;;) {
  await new Promise((r) => setTimeout(r, 50));
  if (wrk.exitCode !== null) break;
  const done = Array.from({ length: THREADS }, (_, i) => existsSync(join(dir, `done${i}`))).every(Boolean);
  if (done) {
    const fields = readFileSync(`/proc/${wrk.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    wrkCpu = (Number(fields[11]) + Number(fields[12])) / 100;
    wrk.kill('SIGINT');
    break;
  }
}
await exited;
const serverUsed = serverCpu() - server0;
rmSync(dir, { recursive: true, force: true });
const line = out.split('\n').find((l) => l.startsWith('{'));
if (!line) throw new Error(`wrk printed no result: ${out}`);
const result = JSON.parse(line);
const seconds = result.seconds;
// The server's CPU from the start to wrk's end (a little longer than the check-ins: conservative).
const serverCores = serverUsed / seconds;
const generatorCores = wrkCpu / seconds;
const checkins = pairs.length;
if (result.answered !== checkins || result.already || result.failed || result.errors) {
  throw new Error(`${result.answered} of ${checkins} answered, ${result.already} "already", ${result.failed} failed, ${result.errors} socket errors`);
}
const perCheckIn = ((serverCores * seconds) / checkins) * 1000;
console.log(`| ${checkins} check-ins (${PEOPLE} cadres × ${CLASSES} classes, interleaved), ${CONCURRENCY} connections (wrk) | ${(checkins / seconds).toFixed(0)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${serverCores.toFixed(2)} (${perCheckIn.toFixed(2)} ms a check-in) | ${generatorCores.toFixed(2)} |`);

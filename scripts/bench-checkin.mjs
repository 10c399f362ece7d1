#!/usr/bin/env node
// Sustained check-ins against a running server (embedded SQLite in `make bench`), over real HTTP with
// real sessions: the organisation admin creates cadre accounts, each cadre signs in, classes are
// planned and opened, and CONCURRENCY clients check everyone in to every class with the class's
// current QR token. Prints check-ins per second and the p50/p99 acknowledgement latency (Markdown).
// With the server's PID, also the CPU the server and this load generator used while checking in.
// Usage: node scripts/bench-checkin.mjs BASE_URL DEMO_PASSWORD [SERVER_PID]
import * as client from './client.mjs';
import { readFileSync } from 'node:fs';
const [base, password, pid] = process.argv.slice(2);
/** The server's CPU time so far, in seconds (utime + stime from /proc; 100 ticks a second). */
const serverCpu = () => {
  if (!pid) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const PEOPLE = Number(process.env.BENCH_CHECKIN_PEOPLE ?? 300);
const CLASSES = Number(process.env.BENCH_CHECKIN_CLASSES ?? 6);
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

const latencies = [];
const [server0, self0] = [serverCpu(), process.cpuUsage()];
const started = performance.now();
for (const id of classes) {
  let ticket = (await post(org, 'checkin_ticket', { class_id: String(id) })).body;
  let issued = Date.now();
  await pool(sessions, CONCURRENCY, async (cookie) => {
    if (Date.now() - issued > 20_000) {
      ticket = (await post(org, 'checkin_ticket', { class_id: String(id) })).body;
      issued = Date.now();
    }
    const token = new URL(ticket.link).searchParams.get('t');
    const t0 = performance.now();
    const { body } = await post(cookie, 'check_in', { token });
    latencies.push(performance.now() - t0);
    if (body.already) throw new Error('a first check-in answered "already"');
  });
}
const seconds = (performance.now() - started) / 1000;
const serverCores = (serverCpu() - server0) / seconds;
const selfUsed = process.cpuUsage(self0);
const selfCores = (selfUsed.user + selfUsed.system) / 1e6 / seconds;
latencies.sort((a, b) => a - b);
const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))].toFixed(1);
const perCheckIn = ((serverCores * seconds) / latencies.length) * 1000;
console.log(`| ${latencies.length} check-ins (${PEOPLE} cadres × ${CLASSES} classes), ${CONCURRENCY} concurrent clients | ${(latencies.length / seconds).toFixed(0)} | ${pct(0.5)} | ${pct(0.99)} | ${serverCores.toFixed(2)} (${perCheckIn.toFixed(2)} ms a check-in) | ${selfCores.toFixed(2)} |`);

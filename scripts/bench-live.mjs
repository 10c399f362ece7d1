#!/usr/bin/env node
// A thousand open dashboards while the district checks in: SCREENS event-stream clients hold
// `GET /events` open and behave as the dashboard page does (an event they cannot merge makes them ask
// for the dashboard again), while RATE check-ins a second arrive for SECONDS over real HTTP with real
// sessions and QR tokens. Prints (Markdown) the check-in acknowledgement latency, how late each screen
// received each check-in's figures (from its acknowledgement to the first event whose today's
// attendances include it), and the app process's CPU and memory (from /proc; PIDS are the app
// processes — the load generator and PostgreSQL are not counted).
// Usage: node scripts/bench-live.mjs BASE_URL[,BASE_URL2] DEMO_PASSWORD PID[,PID2] [LABEL]
import * as client from './client.mjs';
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [bases, password, pids, label = ''] = process.argv.slice(2);
if (!bases || !password || !pids) {
  console.error('usage: bench-live.mjs BASE_URL[,BASE_URL2] DEMO_PASSWORD PID[,PID2] [LABEL]');
  process.exit(2);
}
const BASES = bases.split(',');
const PIDS = pids.split(',').map(Number);
const SCREENS = Number(process.env.BENCH_LIVE_SCREENS ?? 1000);
const RATE = Number(process.env.BENCH_LIVE_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 60);
const CLASSES = 10;
const PEOPLE = Math.ceil((RATE * SECONDS) / CLASSES);
const FIRST_PERSON = Number(process.env.BENCH_LIVE_FIRST_PERSON ?? 5001);
const base = BASES[0];
const post = (cookie, endpoint, fields, at = base) => client.post(at, cookie, endpoint, fields);

// --- set-up: cadre accounts and sessions, ten classes of the server's today, open ---
const org = await client.login(base, 'orgadmin', password);
const cadrePassword = 'bench-Live-Passw0rd';
const people = Array.from({ length: PEOPLE }, (_, i) => FIRST_PERSON + i);
await client.pool(people, 4, (p) => post(org, 'create_account', {
  username: `live-${p}`, display_name: `实时压测学员${p}`, password: cadrePassword, person_id: String(p), 'roles[cadre]': 'on',
}));
const sessions = [];
await client.pool(people, 4, async (p) => {
  // Spread over the instances: each check-in goes to the instance of its cadre's session.
  const at = BASES[p % BASES.length];
  sessions.push({ at, cookie: await client.login(at, `live-${p}`, cadrePassword) });
});
const day = (await post(null, 'dashboard', {})).body.today.day;
const classes = [];
for (let i = 0; i < CLASSES; i++) {
  const { body } = await post(org, 'plan_class', {
    'plan[school_id]': String(11 + i), 'plan[title]': `实时压测班 ${i + 1}`, 'plan[category]': 'political_theory',
    'plan[teacher_1]': '1', 'plan[venue]': `实时压测会场 ${i + 1}`, 'plan[venue_kind]': 'school',
    'plan[starts_at]': `${day}T00:00`, 'plan[ends_at]': `${day}T23:59`, 'plan[hours]': '2',
  });
  await post(org, 'class_step', { class_id: String(body.id), step: 'open' });
  classes.push({ id: body.id, ticket: null, issued: 0 });
}
const baseline = (await post(null, 'dashboard', {})).body.today.attendances;

// --- the screens: SSE clients that merge what they can and ask again otherwise ---
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const screens = [];
let refetches = 0;
let refused = 0;
function openScreen(i) {
  const at = new URL(BASES[i % BASES.length]);
  const screen = { received: [], greeted: false };
  screens.push(screen);
  return new Promise((resolve) => {
    const req = http.get({ host: at.hostname, port: at.port, path: '/events', agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        refused++;
        res.resume();
        return resolve();
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (!data) continue;
          const event = JSON.parse(data);
          if (event.kind === 'hello') {
            if (!screen.greeted) { screen.greeted = true; resolve(); }
            continue;
          }
          const now = performance.now();
          if (event.kind !== 'update' || event.past || !event.today) {
            // As the page does: ask for the whole dashboard again.
            refetches++;
            post(null, 'dashboard', {}, BASES[i % BASES.length]).then(({ body }) => screen.received.push([performance.now(), body.today.attendances])).catch(() => {});
          } else {
            screen.received.push([now, event.today.attendances]);
          }
        }
      });
    });
    req.on('error', () => { refused++; resolve(); });
    screen.request = req;
  });
}
for (let i = 0; i < SCREENS; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, SCREENS - i) }, (_, k) => openScreen(i + k)));
}

// --- the check-ins: RATE a second for SECONDS, each acknowledged ---
const cpu = () => PIDS.reduce((sum, pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return sum + Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
}, 0);
const rss = () => PIDS.reduce((sum, pid) => sum + Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]), 0);
const ticksPerSecond = 100;
const rssBefore = rss();
let rssPeak = rssBefore;
const cpu0 = cpu();
const t0 = performance.now();
const acks = []; // [acknowledged at, latency]
const failures = [];
const inFlight = [];
const total = RATE * SECONDS;
for (let n = 0; n < total; n++) {
  const due = t0 + (n * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (n % RATE === 0) rssPeak = Math.max(rssPeak, rss());
  const cls = classes[n % CLASSES];
  const who = sessions[Math.floor(n / CLASSES) % sessions.length];
  inFlight.push((async () => {
    if (!cls.ticket || Date.now() - cls.issued > 15_000) {
      cls.issued = Date.now();
      cls.ticket = post(org, 'checkin_ticket', { class_id: String(cls.id) }).then((r) => r.body);
    }
    const token = new URL((await cls.ticket).link).searchParams.get('t');
    const sent = performance.now();
    try {
      const { body } = await post(who.cookie, 'check_in', { token }, who.at);
      if (body.already) throw new Error('already checked in');
      const done = performance.now();
      acks.push([done, done - sent]);
    } catch (e) {
      failures.push(String(e.message ?? e).slice(0, 120));
    }
  })());
}
await Promise.all(inFlight);
const elapsed = (performance.now() - t0) / 1000;
const cores = (cpu() - cpu0) / ticksPerSecond / elapsed;
rssPeak = Math.max(rssPeak, rss());
await new Promise((r) => setTimeout(r, 2000)); // the last events
for (const s of screens) s.request?.destroy();

// --- delivery: the k-th acknowledged check-in is in every event whose count reached baseline + k ---
const pct = (sorted, q) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : NaN;
const ackSorted = acks.map((a) => a[1]).sort((a, b) => a - b);
const ackTimes = acks.map((a) => a[0]).sort((a, b) => a - b);
const delays = [];
let missed = 0;
for (const s of screens) {
  if (!s.greeted) continue;
  s.received.sort((a, b) => a[0] - b[0]);
  let j = 0;
  let best = -Infinity;
  for (let k = 0; k < ackTimes.length; k++) {
    const need = baseline + k + 1;
    while (j < s.received.length && best < need) best = Math.max(best, s.received[j++][1]);
    if (best < need) { missed += ackTimes.length - k; break; }
    delays.push(Math.max(0, s.received[j - 1][0] - ackTimes[k]));
  }
}
delays.sort((a, b) => a - b);
const f = (x) => x.toFixed(0);
const open = screens.filter((s) => s.greeted).length;
console.log(`| ${label}${open} open screens (${refused} refused), ${RATE} check-ins/s for ${SECONDS} s | ${acks.length} (${failures.length} failed) | ${f(pct(ackSorted, 0.5))} / ${f(pct(ackSorted, 0.99))} | ${f(pct(delays, 0.5))} / ${f(pct(delays, 0.99))} (${missed} never seen) | ${cores.toFixed(2)} | ${f(rssBefore / 1024)} → ${f(rssPeak / 1024)} MiB | ${refetches} |`);
if (failures.length) console.error(`check-in failures (first 5): ${failures.slice(0, 5).join(' · ')}`);
process.exit(0);

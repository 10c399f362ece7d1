#!/usr/bin/env node
// A district-wide event starts with everyone signing in at once: SIGNINS parallel sign-ins of the
// cadre accounts bench-checkin.mjs created (clients that honour 429 + Retry-After), against a running
// server whose process id is given. Prints the time until all are signed in and the server's peak
// resident memory (sampled every 50 ms from /proc), as a Markdown row.
// Usage: node scripts/bench-signin.mjs BASE_URL SERVER_PID
import { readFileSync } from 'node:fs';

const [base, pid] = process.argv.slice(2);
const SIGNINS = Number(process.env.BENCH_SIGNINS ?? 300);
const PEOPLE = Number(process.env.BENCH_CHECKIN_PEOPLE ?? 300);
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

let peak = rss();
const before = peak;
const sampler = setInterval(() => { peak = Math.max(peak, rss()); }, 50);
let refusals = 0;

async function signIn(i) {
  const username = `bench-${2001 + (i % PEOPLE)}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const res = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ username, password: 'bench-Cadre-Passw0rd' }).toString(),
      redirect: 'manual',
    });
    await res.text();
    if (res.status === 429) {
      refusals += 1;
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    if (res.status >= 400) throw new Error(`${username}: ${res.status}`);
    return;
  }
  throw new Error(`${username}: never signed in`);
}

const started = performance.now();
await Promise.all(Array.from({ length: SIGNINS }, (_, i) => signIn(i)));
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, rss());
console.log(`| ${SIGNINS} parallel sign-ins | ${seconds.toFixed(1)} s | ${refusals} | ${before.toFixed(0)} MB | ${peak.toFixed(0)} MB |`);

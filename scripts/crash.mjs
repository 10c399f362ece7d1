#!/usr/bin/env node
// The client side of scripts/crash.sh: check-ins that keep arriving while the server is killed.
//   node scripts/crash.mjs setup BASE_URL DEMO_PASSWORD STATE.json   — cadre accounts and their sessions
//   node scripts/crash.mjs burst BASE_URL STATE.json ACKS.log         — class after class, opened, and
//     every cadre checking in (CONCURRENCY at a time) until the server goes away; each check-in the
//     server acknowledged ("签到成功", not "already") is appended to ACKS.log as "class person".
import * as client from './client.mjs';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const [mode, base, ...rest] = process.argv.slice(2);
const PEOPLE = Number(process.env.CRASH_PEOPLE ?? 120);
const CONCURRENCY = Number(process.env.CRASH_CONCURRENCY ?? 16);

const post = (cookie, endpoint, fields) => client.post(base, cookie, endpoint, fields);
const login = (username, password) => client.login(base, username, password);
const { pool } = client;

if (mode === 'setup') {
  const [password, statePath] = rest;
  const org = await login('orgadmin', password);
  const cadrePassword = 'crash-Cadre-Passw0rd';
  const people = Array.from({ length: PEOPLE }, (_, i) => 3001 + i);
  await pool(people, 4, (p) => post(org, 'create_account', {
    username: `crash-${p}`, display_name: `演练学员${p}`, password: cadrePassword, person_id: String(p), 'roles[cadre]': 'on',
  }));
  const cadres = [];
  await pool(people, 4, async (p) => cadres.push({ person: p, cookie: await login(`crash-${p}`, cadrePassword) }));
  writeFileSync(statePath, JSON.stringify({ org, cadres, round: 0 }));
} else if (mode === 'burst') {
  const [statePath, acksPath] = rest;
  const state = JSON.parse(readFileSync(statePath, 'utf8'));
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  let acknowledged = 0;
  let down = false;
  // Class after class, everyone checking in to each, until the server goes away: the kill always
  // lands in the middle of a burst.
  while (!down) {
    state.round += 1;
    writeFileSync(statePath, JSON.stringify(state));
    let token;
    let classId;
    try {
      const { body } = await post(state.org, 'plan_class', {
        'plan[school_id]': String(1 + (state.round % 70)), 'plan[title]': `断电演练班 ${state.round}`, 'plan[category]': 'political_theory',
        'plan[teacher_1]': '1', 'plan[venue]': `演练会场 ${state.round}`, 'plan[venue_kind]': 'school',
        'plan[starts_at]': `${day}T00:00`, 'plan[ends_at]': `${day}T23:59`, 'plan[hours]': '2',
      });
      classId = body.id;
      await post(state.org, 'class_step', { class_id: String(classId), step: 'open' });
      const ticket = (await post(state.org, 'checkin_ticket', { class_id: String(classId) })).body;
      token = new URL(ticket.link).searchParams.get('t');
    } catch (e) {
      down = true;
      break;
    }
    await pool(state.cadres, CONCURRENCY, async ({ person, cookie }) => {
      if (down) return;
      try {
        const { body } = await post(cookie, 'check_in', { token });
        if (!body.already) {
          appendFileSync(acksPath, `${classId} ${person}\n`);
          acknowledged += 1;
        }
      } catch (e) {
        down = true;
      }
    });
  }
  console.log(`${acknowledged} check-ins acknowledged before the server went away (up to round ${state.round})`);
} else {
  console.error('usage: crash.mjs setup|burst …');
  process.exit(2);
}

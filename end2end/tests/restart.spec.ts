import { test, expect } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { serverBin, serverEnv } from '../playwright.config';

// A server of its own (own port, own SQLite file) that this test stops and starts again.
const port = Number(process.env.E2E_RESTART_PORT ?? 3190);
const origin = `http://127.0.0.1:${port}`;

function start(): ChildProcess {
  return spawn(serverBin, ['serve'], {
    cwd: '..',
    stdio: 'ignore',
    env: { ...process.env, ...serverEnv(port, 'target/e2e-restart/dangxiao.db') },
  });
}

async function healthy() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

/** Stops the server as an operator would (SIGTERM) and waits until it has exited. */
async function stop(server: ChildProcess) {
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

test('after a server restart the dashboard reconnects and refreshes by itself', async ({ page }) => {
  test.setTimeout(90_000);
  rmSync('../target/e2e-restart', { recursive: true, force: true });
  let server = start();
  try {
    await healthy();
    await page.goto(`${origin}/`);
    await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
    const asOf = (await page.getByTestId('as-of').textContent())!;
    // An open event stream must not hold up a graceful stop.
    const stopping = Date.now();
    await stop(server);
    expect(Date.now() - stopping).toBeLessThan(5_000);
    await page.waitForTimeout(1_100); // the "as of" time has a resolution of one second
    server = start();
    await healthy();
    // No reload: the browser reconnects to /events, the server greets it, the page refetches.
    await expect(page.getByTestId('as-of')).not.toHaveText(asOf, { timeout: 10_000 });
    await expect(page.getByTestId('kpi-classes')).toContainText('1,410');
  } finally {
    await stop(server);
  }
});

import { test, expect, Page } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { serverBin, serverEnv } from '../playwright.config';
import { DEMO_TODAY, phone, signIn, signedInPage, hydrated } from './helpers';

async function tile(page: Page, testid: string, label: string): Promise<number> {
  const text = await page.getByTestId(testid).locator('.kpi', { hasText: label }).locator('.num').textContent();
  return Number(text!.replace(/,/g, ''));
}

test('every page judges dates on the demo district\'s day', async ({ browser }) => {
  // The cadre's own hours: 2017 is the running year, judged on 25 May — no assessment verdict yet.
  const cadre = await signedInPage(browser, 'cadre', phone);
  await cadre.page.goto('/me/hours');
  await expect(cadre.page.locator('.hours-summary')).toContainText('达到 2017 年度目标');
  await expect(cadre.page.getByTestId('hours-gate')).not.toContainText('不得评为优秀');
  await cadre.context.close();

  // The district's compliance view: the same year, as of the same day.
  const leader = await signedInPage(browser, 'leader');
  await leader.page.goto('/hours');
  await expect(leader.page.getByRole('heading', { level: 1 })).toHaveText('2017 年区管干部学时达标情况');
  await expect(leader.page.getByTestId('compliance-scope')).toContainText(`统计至 ${DEMO_TODAY}`);
  await leader.page.goto('/');
  await expect(leader.page.getByTestId('as-of')).toContainText(`数据截至 ${DEMO_TODAY}`);
  await leader.context.close();

  // Supervision: schools visited this spring are not due; not every follow-up is overdue.
  const org = await signedInPage(browser, 'orgadmin');
  await org.page.goto('/supervision');
  await hydrated(org.page);
  const schools = await tile(org.page, 'supervision-total', '督导学校');
  const due = await tile(org.page, 'supervision-total', '待督导');
  expect(schools).toBeGreaterThan(70);
  expect(due).toBeLessThan(schools);
  const open = org.page.getByTestId('supervision-total').locator('.kpi', { hasText: '待整改' });
  const openCount = await tile(org.page, 'supervision-total', '待整改');
  const overdue = Number((await open.locator('.kpi-label').textContent())!.match(/逾期 (\d+)/)![1]);
  expect(overdue).toBeLessThan(openCount);
  await org.context.close();
});

test('DANGXIAO_TODAY moves the whole app to another day', async ({ browser }) => {
  test.setTimeout(120_000);
  const port = Number(process.env.E2E_CLOCK_PORT ?? 3191);
  const origin = `http://127.0.0.1:${port}`;
  rmSync('../target/e2e-clock', { recursive: true, force: true });
  const server: ChildProcess = spawn(serverBin, ['serve'], {
    cwd: '..',
    stdio: 'ignore',
    env: { ...process.env, ...serverEnv(port, 'target/e2e-clock/dangxiao.db'), DANGXIAO_TODAY: '2017-06-30' },
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${origin}/healthz`)).ok) break;
      } catch { /* not listening yet */ }
      if (i > 900) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const context = await browser.newContext({ baseURL: origin });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByTestId('as-of')).toContainText('数据截至 2017-06-30');
    await signIn(page, 'leader');
    await page.goto('/hours');
    await expect(page.getByTestId('compliance-scope')).toContainText('统计至 2017-06-30');
    await context.close();
  } finally {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
});

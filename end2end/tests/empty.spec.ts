import { test, expect } from '@playwright/test';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { serverBin, serverEnv } from '../playwright.config';
import { signIn, isPlain } from './helpers';

// A real installation: its own server on an empty SQLite file, started without the demo district.
const port = Number(process.env.E2E_EMPTY_PORT ?? 3192);
const origin = `http://127.0.0.1:${port}`;
const env = { ...process.env, ...serverEnv(port, 'target/e2e-empty/dangxiao.db'), DANGXIAO_NO_DEMO: '1' };

test('an empty installation starts, gets its first org admin, and every page shows its empty state', async ({ browser }) => {
  test.setTimeout(120_000);
  rmSync('../target/e2e-empty', { recursive: true, force: true });
  const server: ChildProcess = spawn(serverBin, ['serve'], { cwd: '..', stdio: ['ignore', 'pipe', 'ignore'], env });
  let started = '';
  server.stdout!.on('data', (b) => { started += b.toString(); });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${origin}/healthz`)).ok) break;
      } catch { /* not listening yet */ }
      if (i > 600) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The first start says how to make the first org admin.
    expect(started).toContain('dangxiao admin create');
    expect(started).not.toContain('已装入演示数据');
    const made = spawnSync(serverBin, ['admin', 'create', 'zzb', '--name', '组织部管理员'], { cwd: '..', env, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const password = made.stdout.match(/密码[^：]*：(\S+)/)![1];
    // A second account of the same name is refused with a clear message.
    const again = spawnSync(serverBin, ['admin', 'create', 'zzb', '--name', '另一人'], { cwd: '..', env, encoding: 'utf8' });
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('已被使用');

    const context = await browser.newContext({ baseURL: origin });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto('/');
    await expect(page.getByTestId('dashboard-empty')).toContainText('还没有业余党校');
    await expect(page.getByTestId('chart-monthly')).toHaveCount(0);
    await signIn(page, 'zzb', password);
    for (const path of ['/', '/map', '/classes', '/hours', '/evaluation', '/podium', '/teachers', '/courses', '/supervision', '/joint', '/competency', '/admin/accounts']) {
      const answer = await page.goto(path);
      expect(answer!.status(), path).toBeLessThan(400);
      await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
      await expect(page.getByRole('alert'), path).toHaveCount(0);
    }
    await page.goto('/map');
    await expect(page.getByTestId('map-empty')).toContainText('还没有业余党校');
    // The compliance view says what is missing instead of showing zeros; the targets can be set already.
    await page.goto('/hours');
    await expect(page.getByTestId('compliance-empty')).toContainText('还没有区管干部的学时数据');
    await expect(page.getByTestId('compliance-total')).toHaveCount(0);
    await expect(page.getByTestId('target-form')).toBeVisible();
    // Tables without rows say why; pages without data say what is missing instead of zeros.
    const says = async (path: string, testid: string, text: string) => {
      await page.goto(path);
      // A plain page (no WebAssembly) is whole as it arrives; the others are read once hydrated.
      if (!isPlain(path)) await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
      await expect(page.getByTestId(testid), path).toContainText(text);
    };
    await says('/classes', 'class-list', '暂无培训班');
    await says('/evaluation', 'evaluation-table', '还没有参加评估的业余党校');
    await says('/teachers', 'teacher-ranking', '师资库还没有教师');
    await says('/podium', 'podium-lectures', '本年度还没有登记授课');
    await says('/supervision', 'visits', '还没有督导记录');
    await says('/joint', 'joint-empty', '还没有联训组');
    await says('/competency', 'competency-empty', '本年度还没有测试成绩');
    // The year on the clock, not a year from the demo's past.
    await expect(page.getByRole('heading', { level: 1 })).not.toContainText('2016');
    // The org admin's account has no person on the roster: /me/hours says so, not an error.
    await says('/me/hours', 'no-person', '还没有关联人员');
    await expect(page.getByRole('alert')).toHaveCount(0);

    // The district starts: its first unit, then a school of it, placed by its coordinates — on the
    // dashboard and the map at once, its creation in the change log.
    await page.goto('/admin/units');
    await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
    await expect(page.getByTestId('units')).toContainText('还没有单位');
    await page.getByLabel('全称').fill('武湖街道');
    await page.getByLabel('简称').fill('武湖');
    await page.getByLabel('类别').selectOption('township');
    await page.getByRole('button', { name: '保存单位' }).click();
    await expect(page.getByText('单位已保存')).toBeVisible();
    await expect(page.getByTestId('units')).toContainText('武湖街道');
    await expect(page.getByTestId('unit-changes')).toContainText('新建 武湖街道');
    await page.goto('/admin/schools');
    await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
    const form = page.getByTestId('new-school');
    await form.getByLabel('学校名称').fill('武湖街业余党校');
    await form.getByLabel('举办单位').selectOption({ label: '武湖街道' });
    await form.getByLabel('所在街乡场').selectOption({ label: '武湖街道' });
    await form.getByLabel('开办日期').fill('2026-09-01');
    await form.getByLabel('经度').fill('114.4567');
    await form.getByLabel('纬度').fill('30.7711');
    await form.getByRole('button', { name: '建立学校' }).click();
    await expect(page.getByText('学校已保存')).toBeVisible();
    await expect(page.getByTestId('schools-admin')).toContainText('武湖街业余党校');
    await page.getByRole('link', { name: '查看和完善 →' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('武湖街业余党校');
    await expect(page.getByTestId('school-changes')).toContainText('位置：（空） → 114.45670, 30.77110');
    await page.goto('/');
    await expect(page.getByTestId('kpi-schools')).toContainText('1');
    await page.goto('/map');
    await expect(page.getByTestId('map-empty')).toHaveCount(0);
    await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('main')).toContainText('武湖街业余党校');
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  } finally {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
});

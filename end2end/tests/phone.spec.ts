import { test, expect, Page, Browser } from '@playwright/test';
import { join } from 'node:path';
import { chartDrawn, signIn } from './helpers';

/** A narrow phone (iPhone SE / most Android phones in WeChat). */
const narrow = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };

/** Boxes of the visible links, buttons and the menu's label in the header. */
async function headerTargets(page: Page) {
  return page.locator('header.topbar').evaluate((header) =>
    Array.from(header.querySelectorAll('a, button, label.nav-toggle-label'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0)
      .map(({ el, box }) => ({ name: (el.textContent ?? '').trim(), x: box.left, right: box.right, width: box.width, height: box.height })),
  );
}

function checkTargets(targets: { name: string; x: number; right: number; width: number; height: number }[], width: number) {
  for (const t of targets) {
    expect(t.width, `${t.name} is at least 44 px wide`).toBeGreaterThanOrEqual(44);
    expect(t.height, `${t.name} is at least 44 px high`).toBeGreaterThanOrEqual(44);
    expect(t.x, `${t.name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(t.right, `${t.name} ends on screen`).toBeLessThanOrEqual(width + 0.5);
  }
}

for (const role of [null, 'cadre', 'leader', 'orgadmin', 'schooladmin'] as const) {
  test(`on a phone, ${role ?? 'a visitor'} has the day's pages at hand and the rest one tap away, every target 44 px`, async ({ browser }) => {
    const context = await browser.newContext(narrow);
    const page = await context.newPage();
    if (role) await signIn(page, role);
    else await page.goto('/');
    if (role !== 'cadre') await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
    const header = page.locator('header.topbar');
    const closed = await headerTargets(page);
    checkTargets(closed, 375);
    // The day's few pages and the menu: nothing scrolls sideways, nothing hides off-screen.
    expect(await header.evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);
    if (!role) {
      // A visitor's three pages (the Red Lecture Hall is public), 登录 and the language switch fit: no menu.
      expect(closed.map((t) => t.name)).toEqual(['黄陂区业余党校', '数据看板', '分布图', '红色大讲堂', '登录', 'English']);
      await expect(page.getByTestId('nav-menu')).toHaveCount(0);
      return context.close();
    }
    const more = page.locator('#nav-more');
    await expect(more).toBeHidden();
    await page.getByTestId('nav-menu').click();
    await expect(more).toBeVisible();
    const open = await headerTargets(page);
    checkTargets(open, 375);
    const names = open.map((t) => t.name);
    expect(names.length, 'the menu shows more').toBeGreaterThan(closed.length);
    expect(names).toContain('退出');
    // A link in the menu goes there (and the menu folds away).
    const link = more.getByRole('link').first();
    if ((await link.count()) > 0) {
      const href = await link.getAttribute('href');
      await link.click();
      await expect(page).toHaveURL(new RegExp(`${href!.replace(/[/?]/g, '\\$&')}$`));
      await expect(page.locator('#nav-more')).toBeHidden();
    }
    await context.close();
  });
}

// axe-core's rules (WCAG 2.1 A/AA and best practice) in the page as the user has it: no serious or
// critical problem on any of these pages.
// The tests run from end2end/ (playwright.config.ts), where npm installed axe-core.
const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

async function serious(browser: Browser, path: string, role: string | null, ready: (p: Page) => Promise<unknown>) {
  const context = await browser.newContext({ ...narrow, bypassCSP: true });
  const page = await context.newPage();
  if (role) await signIn(page, role);
  await page.goto(path);
  await ready(page);
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  });
  await context.close();
  return violations;
}

const hydrated = (p: Page) => p.locator('body[data-hydrated]').waitFor({ state: 'attached' });
const PAGES: [string, string | null, (p: Page) => Promise<unknown>][] = [
  ['/', null, (p) => chartDrawn(p, 'chart-monthly')],
  ['/map', null, (p) => expect(p.getByTestId('map')).toHaveAttribute('data-ready', 'true')],
  ['/login', null, (p) => expect(p.getByLabel('用户名')).toBeVisible()],
  ['/me/hours', 'cadre', (p) => expect(p.getByTestId('hours-earned')).toBeVisible()],
  ['/checkin', 'cadre', (p) => expect(p.getByTestId('checkin-code')).toBeVisible()],
  ['/schools/1', null, hydrated],
  ['/classes', 'schooladmin', hydrated],
  ['/hours', 'leader', hydrated],
];

for (const [path, role, ready] of PAGES) {
  test(`axe finds nothing serious on ${path}${role ? ` (${role})` : ''}`, async ({ browser }) => {
    expect(await serious(browser, path, role, ready)).toEqual([]);
  });
}

// Every control in a page's body is a 44 px target on a phone too: fields, lists, buttons, the
// folded tables' line, and a check box by its whole label (the box itself is drawn smaller). Links
// inside running text are exempt, as WCAG's target-size rule exempts them.
const CONTROLS = 'main input:not([type=hidden]), main select, main textarea, main button, main .button, main .chip, main summary';
const TOUCH_PAGES: [string, string | null, (p: Page) => Promise<unknown>][] = [
  ...PAGES.filter(([path]) => path !== '/schools/1'), // a school's page has links, no controls
  ['/me/claims', 'cadre', hydrated],
  ['/me/feedback', 'cadre', hydrated],
  ['/admin/accounts', 'orgadmin', hydrated],
  ['/evaluation', 'orgadmin', hydrated],
  ['/admin/units', 'orgadmin', hydrated],
  ['/admin/teachers', 'orgadmin', hydrated],
  ['/admin/teachers/mine', 'teacher', hydrated],
];

for (const [path, role, ready] of TOUCH_PAGES) {
  test(`on a phone every control on ${path}${role ? ` (${role})` : ''} is a 44 px target`, async ({ browser }) => {
    const context = await browser.newContext(narrow);
    const page = await context.newPage();
    if (role) await signIn(page, role);
    await page.goto(path);
    await ready(page);
    const targets = await page.evaluate((selector) => {
      const all = Array.from(document.querySelectorAll<HTMLElement>(selector)).map((el) => {
        const box = el.matches('input[type=checkbox], input[type=radio]') ? (el.closest('label') ?? el) : el;
        const r = box.getBoundingClientRect();
        const name = (el.getAttribute('name') ?? el.textContent ?? '').trim().slice(0, 20);
        return { name: `${el.tagName.toLowerCase()} ${name}`, width: r.width, height: r.height };
      });
      return all.filter((t) => t.width > 0 && t.height > 0);
    }, CONTROLS);
    expect(targets.length, 'the page has controls to check').toBeGreaterThan(0);
    const small = targets.filter((t) => t.width < 44 || t.height < 44).map((t) => `${t.name}: ${Math.round(t.width)}×${Math.round(t.height)}`);
    expect(small).toEqual([]);
    await context.close();
  });
}

test('when ECharts cannot be downloaded the figures stay readable, and the next chart tries again', async ({ browser }) => {
  const context = await browser.newContext(narrow);
  const page = await context.newPage();
  let refused = 0;
  const asked: string[] = [];
  await page.route('**/vendor/echarts*.js', (route) => {
    asked.push(new URL(route.request().url()).pathname);
    return refused++ === 0 ? route.abort('connectionfailed') : route.continue();
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  await page.locator('#chart-monthly').scrollIntoViewIfNeeded();
  await expect.poll(() => refused, { message: 'the dashboard asked for ECharts' }).toBe(1);
  // The cards and the tables under the charts carry every figure; no chart is drawn, nothing breaks.
  await expect(page.getByTestId('kpi-classes')).toContainText(/1,?410/);
  await expect(page.locator('#chart-monthly canvas')).toHaveCount(0);
  // The map, reached in the app, loads its own build and is drawn.
  await page.locator('header nav').getByRole('link', { name: '分布图', exact: true }).click();
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  // Back on the dashboard, its charts ask again for the build that was refused, and are drawn.
  await page.locator('header a.brand').click();
  await page.locator('#chart-monthly').scrollIntoViewIfNeeded();
  await expect(page.locator('#chart-monthly canvas')).toHaveCount(1);
  expect(asked).toEqual(['/vendor/echarts.js', '/vendor/echarts-map.js', '/vendor/echarts.js']);
  expect(errors).toEqual([]);
  await context.close();
});

test('on a phone a chart is drawn when the reader comes near it, not before', async ({ browser }) => {
  const context = await browser.newContext(narrow);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await hydrated(page);
  // The township chart at the foot of the page: not drawn while the reader is at the top.
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page.locator('#chart-townships canvas')).toHaveCount(0);
  // Scrolled to, it is drawn.
  await chartDrawn(page, 'chart-townships');
  expect(errors).toEqual([]);
  await context.close();
});

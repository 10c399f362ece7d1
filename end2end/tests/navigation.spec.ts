import { test, expect, Page } from '@playwright/test';
import { chartDrawn, signIn } from './helpers';

// Pages reached by in-app navigation (the sign-in redirect, header links, back and forward) are
// built before they are put into the document: their charts and the map must still be drawn.

const DASHBOARD_CHARTS = ['chart-monthly', 'chart-cumulative', 'chart-modes', 'chart-townships'];

async function dashboardDrawn(page: Page) {
  await expect(page).toHaveURL(/\/$/);
  for (const id of DASHBOARD_CHARTS) await chartDrawn(page, id);
}

async function mapDrawn(page: Page) {
  await expect(page).toHaveURL(/\/map/);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('map').locator('svg').first()).toBeVisible();
}

/** A link of the header's menu. */
function nav(page: Page, name: string) {
  return page.locator('header nav').getByRole('link', { name, exact: true });
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' || /no element with id|never appeared/.test(m.text())) errors.push(m.text()); });
  return errors;
}

for (const role of ['leader', 'orgadmin', 'schooladmin', 'supervisor']) {
  test(`${role}: charts and the map are drawn after sign-in, links, back and forward`, async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, role);
    // The sign-in redirect lands on the dashboard.
    await dashboardDrawn(page);
    await nav(page, '分布图').click();
    await mapDrawn(page);
    // The list folds away once the map is drawn: unfold it, then follow a school's link.
    await page.locator('details.school-list summary').click();
    await page.getByTestId('school-list').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/schools\/\d+/);
    await chartDrawn(page, 'chart-school-monthly');
    await page.goBack();
    await mapDrawn(page);
    await nav(page, '数据看板').click();
    await dashboardDrawn(page);
    await page.goBack();
    await mapDrawn(page);
    await page.goForward();
    await dashboardDrawn(page);
    // Every page of the role's menu, reached by its link, then back to the dashboard.
    const menu = page.locator('header nav a');
    const names = (await menu.allInnerTexts()).map((n) => n.trim()).filter((n) => n && !['数据看板', '分布图', '退出'].includes(n));
    for (const name of names) {
      await page.locator('header nav a', { hasText: name }).first().click();
      await expect(page.locator('main h1').first()).toBeVisible();
      if (name === '能力测试' && (await page.getByTestId('team').count()) > 0) await chartDrawn(page, 'chart-team-structure');
      await nav(page, '数据看板').click();
      await dashboardDrawn(page);
    }
    expect(errors, 'no script errors on any page').toEqual([]);
    await context.close();
  });
}

for (const role of ['cadre', 'teacher']) {
  test(`${role}: lands on their hours and reaches the charts by link`, async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, role);
    await expect(page).toHaveURL(/\/me\/hours/);
    await nav(page, '数据看板').click();
    await dashboardDrawn(page);
    await nav(page, '分布图').click();
    await mapDrawn(page);
    await page.goBack();
    await dashboardDrawn(page);
    expect(errors, 'no script errors').toEqual([]);
    await context.close();
  });
}

import { test, expect, Page } from '@playwright/test';
import { phone, hydrated } from './helpers';

/**
 * Each page's code is a WebAssembly chunk of its own (lazy routes, `cargo leptos build --split`). On a
 * phone's network one may not arrive: the page must stay usable (components::recover) — readable as
 * the server sent it, its links and forms working without the app, and a clear word of what happened.
 */
test.use(phone);

/** Refuses the chunk of one group of pages (`dashboard_pages`, `map_pages`, … — app::routes), as a dropped connection would. */
async function refuseChunk(page: Page, name: string): Promise<string[]> {
  const refused: string[] = [];
  await page.route(new RegExp(`/pkg/split_${name}_[^/]*\\.wasm$`), (route) => {
    refused.push(route.request().url());
    return route.abort('connectionfailed');
  });
  return refused;
}

test('a page whose chunk does not arrive stays readable, says so, and its links still work', async ({ page }) => {
  const refused = await refuseChunk(page, 'dashboard_pages');
  await page.goto('/');
  const notice = page.getByTestId('load-failed');
  await expect(notice).toContainText('网络不稳定');
  expect(refused.length, 'the dashboard asked for its chunk').toBeGreaterThan(0);
  // The server's page is all there.
  await expect(page.getByTestId('kpi-schools')).toContainText('独立建校 66');
  await expect(page.getByTestId('kpi-attendances')).toContainText('10.3万');
  await expect(page.getByTestId('as-of')).toContainText('数据截至');
  // The notice's link loads the page again; a header link goes to its page (a full load).
  await expect(notice.getByRole('link', { name: '重新加载' })).toHaveAttribute('href', /\/$/);
  await page.locator('header.topbar').getByRole('link', { name: '分布图' }).click();
  await expect(page).toHaveURL(/\/map$/);
  await hydrated(page);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('load-failed')).toHaveCount(0);
});

test('moving to a page whose chunk does not arrive loads that page from the server', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const refused = await refuseChunk(page, 'map_pages');
  await page.locator('header.topbar').getByRole('link', { name: '分布图' }).click();
  await expect(page).toHaveURL(/\/map$/);
  // The server's map page, with the word that its app did not load this time either.
  await expect(page.getByTestId('load-failed')).toContainText('网络不稳定');
  await expect(page.getByTestId('school-list')).toContainText('前川');
  expect(refused.length, 'the map chunk was asked for on the move and on the page load').toBeGreaterThanOrEqual(2);
});

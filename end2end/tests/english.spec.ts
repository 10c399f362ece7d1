import { test, expect, Page } from '@playwright/test';
import { signIn } from './helpers';

// English as a second language (#18), first part: the switch, the header and footer on every page,
// the Red Lecture Hall's page and the server's messages; the domain's terms keep their Chinese in
// brackets. A page in Chinese carries none of the English texts.

const hydrated = (p: Page) => p.locator('body[data-hydrated]').waitFor({ state: 'attached' });

test('a visitor switches to English and back; the Chinese page carries no English texts', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // Chinese first: no English in the page.
  const zh = await (await page.request.get('/red-lectures')).text();
  expect(zh).toContain('<html lang="zh-CN"');
  expect(zh).not.toContain('i18n-en');

  await page.goto('/red-lectures?from=test');
  await hydrated(page);
  await page.getByTestId('lang-switch').click();
  // Back on the same page, in English, the terms with their Chinese.
  await expect(page).toHaveURL(/\/red-lectures\?from=test$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await hydrated(page);
  await expect(page.locator('main h1')).toHaveText('Red Lecture Hall (红色大讲堂)');
  await expect(page.getByTestId('red-lectures').locator('thead')).toContainText('Red teaching base (红色教学基地)');
  await expect(page.getByTestId('red-lectures').locator('tbody tr').last()).toContainText('No. 1');
  await expect(page.locator('header nav')).toContainText('Dashboard (数据看板)');
  await expect(page.locator('footer')).toContainText('demo data are generated');
  await expect(page).toHaveTitle('Red Lecture Hall (红色大讲堂) · Huangpi amateur Party schools (黄陂区业余党校)');
  // In-app navigation keeps English (the texts came with the page).
  await page.locator('header nav').getByRole('link', { name: 'Map (分布图)' }).click();
  await expect(page).toHaveURL(/\/map/);
  await expect(page.locator('header nav')).toContainText('Red Lecture Hall (红色大讲堂)');
  await expect(page.getByTestId('lang-switch')).toHaveText('中文');

  // Back to Chinese.
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('header nav')).toContainText('数据看板');
  expect(await page.locator('#i18n-en').count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
});

test("the organisation department reads the server's refusals in English", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'orgadmin');
  await page.goto('/lang/en?back=/red-lectures');
  await hydrated(page);
  const form = page.getByTestId('red-base-form');
  await form.getByLabel('Name of the base').fill('木兰山红色教学基地');
  await form.getByLabel('Place').fill('木兰乡');
  await form.getByRole('button', { name: 'Add the base' }).click();
  await expect(page.getByRole('alert')).toHaveText('There is already a red teaching base of that name');
  // Only a path of this site is a place to go back to.
  const answer = await page.request.get('/lang/zh?back=//evil.example/', { maxRedirects: 0 });
  expect(answer.status()).toBe(303);
  expect(answer.headers()['location']).toBe('/');
  await context.close();
});

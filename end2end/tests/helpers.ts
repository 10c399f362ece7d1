import { expect, Page, Browser } from '@playwright/test';
import { DEMO_PASSWORD } from '../playwright.config';

/** The demo district's own day: the app's clock runs on it (at the real time of day). */
export const DEMO_TODAY = '2017-05-25';

/** The demo's day moved by `days` (negative: earlier), as `YYYY-MM-DD`. */
export function demoDay(days: number): string {
  return new Date(Date.parse(`${DEMO_TODAY}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);
}

/** A phone's viewport (the cadres' device). */
export const phone = { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true };

/** Signs in through the login page and waits until the header names the user. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('who')).toBeVisible();
}

/** A new browser context (its own cookies) with a page signed in as `username`. */
export async function signedInPage(browser: Browser, username: string, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, username);
  return { context, page };
}

/** The pages sent without the WebAssembly (src/components/plain.rs: PLAIN_PAGES). */
export const PLAIN_PAGES = ['/login', '/me/hours', '/checkin'];

/** Whether `path` (with or without its query) is a plain page. */
export function isPlain(path: string): boolean {
  return PLAIN_PAGES.includes(path.split('?')[0]);
}

/** Waits until the WebAssembly has taken over the page (forms then stay on the page). */
export async function hydrated(page: Page) {
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

/**
 * Waits until ECharts has drawn the chart `id` with a sensible size, scrolled to first as a reader
 * would: a chart is drawn when it comes near the screen (src/charts/component.rs).
 */
export async function chartDrawn(page: Page, id: string) {
  const chart = page.getByTestId(id);
  await chart.scrollIntoViewIfNeeded();
  const canvas = chart.locator('canvas').first();
  await expect(canvas, `${id} is drawn`).toBeVisible();
  const box = (await canvas.boundingBox())!;
  expect(box.width, `${id} has a width`).toBeGreaterThan(100);
  expect(box.height, `${id} has a height`).toBeGreaterThan(100);
}

import { test, expect, Page } from '@playwright/test';
import { chartDrawn, hydrated } from './helpers';

const CHARTS = ['chart-monthly', 'chart-cumulative', 'chart-modes', 'chart-townships'];

/** Digits of a KPI card's number, as a number. */
async function kpi(page: Page, id: string): Promise<number> {
  const text = await page.getByTestId(id).locator('.num').innerText();
  return Number(text.replace(/,/g, ''));
}

/** Waits until ECharts has drawn into every chart box (after hydration), scrolling to each. */
async function chartsDrawn(page: Page) {
  for (const id of CHARTS) await chartDrawn(page, id);
}

test('the KPI cards show the article figures from the database', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/数据看板/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('黄陂区业余党校培训数据看板');
  expect(await kpi(page, 'kpi-schools')).toBe(78);
  await expect(page.getByTestId('kpi-schools')).toContainText('独立建校 66 · 联合建校 1 · 延伸建校 11');
  expect(await kpi(page, 'kpi-classes')).toBe(1410);
  const attendances = await kpi(page, 'kpi-attendances');
  expect(attendances).toBeGreaterThanOrEqual(103_000);
  expect(attendances).toBeLessThan(104_000);
  await expect(page.getByTestId('kpi-attendances')).toContainText('10.3万');
  const sessions = await kpi(page, 'kpi-sessions-2017');
  expect(sessions).toBeGreaterThanOrEqual(490);
  expect(sessions).toBeLessThan(500);
  const total = await kpi(page, 'kpi-total');
  expect(Math.floor(total / 10_000)).toBe(13);
  expect(await kpi(page, 'kpi-members')).toBe(55_000);
  await expect(page.getByTestId('as-of')).toContainText(/数据截至 2017-05-25 \d{2}:\d{2}/);
});

test('every chart renders in Chromium after hydration and follows the window size', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/');
  await chartsDrawn(page);
  const before = (await page.getByTestId('chart-monthly').locator('canvas').first().boundingBox())!.width;
  await page.setViewportSize({ width: 900, height: 900 });
  await expect
    .poll(async () => (await page.getByTestId('chart-monthly').locator('canvas').first().boundingBox())!.width)
    .toBeLessThan(before - 100);
  expect(errors, 'no script or loading errors').toEqual([]);
});

test('the figures are readable without WebAssembly or JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  expect(await kpi(page, 'kpi-classes')).toBe(1410);
  expect(await kpi(page, 'kpi-schools')).toBe(78);
  // The monthly table carries the chart's numbers: 26 months, 2015-04 … 2017-05.
  const rows = page.getByTestId('table-monthly').locator('tbody tr');
  await expect(rows).toHaveCount(26);
  await expect(rows.first()).toContainText('2015-04');
  await expect(rows.last()).toContainText('2017-05');
  await expect(page.getByTestId('table-townships')).toContainText('前川街');
  await expect(page.locator('figure figcaption').nth(2)).toContainText('联合建校 1 所');
  await context.close();
});

test('on a phone (375×812) nothing scrolls sideways and the charts stack', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto('/');
  await chartsDrawn(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
  const boxes = [];
  for (const id of CHARTS) boxes.push((await page.getByTestId(id).boundingBox())!);
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i].y, `${CHARTS[i]} is below ${CHARTS[i - 1]}`).toBeGreaterThanOrEqual(boxes[i - 1].y + boxes[i - 1].height);
    expect(boxes[i].x + boxes[i].width).toBeLessThanOrEqual(375);
  }
  // Opening a data table does not push the page sideways either.
  await page.getByText('查看数据表').first().click();
  const overflowOpen = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowOpen).toBeLessThanOrEqual(0);
  await context.close();
});

test('an unknown page says so in Chinese with status 404', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
});

test('本月 shows May 2017 only; a chosen range shows its own figures; the article preset is one tap back', async ({ page }) => {
  await page.goto('/');
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  const total = await kpi(page, 'kpi-total');
  await page.getByTestId('period-chooser').getByRole('link', { name: '本月' }).click();
  await expect(page).toHaveURL(/period=month/);
  await expect(page.getByTestId('kpi-period-classes')).toContainText('2017.5.1–2017.5.25');
  await expect(page.getByTestId('kpi-classes')).toHaveCount(0);
  const months = page.getByTestId('table-monthly').locator('tbody tr');
  await expect(months).toHaveCount(1);
  await expect(months.first()).toContainText('2017-05');
  const may = await kpi(page, 'kpi-period-attendances');
  expect(may).toBeGreaterThan(1_000);
  expect(may).toBeLessThan(total);
  expect(await kpi(page, 'kpi-total')).toBe(total);

  // A range of days: the form is a plain GET form, the figures are the range's.
  const chooser = page.getByTestId('period-chooser');
  await chooser.getByLabel('自').fill('2016-01-01');
  await chooser.getByLabel('至').fill('2016-06-30');
  await chooser.getByRole('button', { name: '查看' }).click();
  await expect(page).toHaveURL(/period=range&from=2016-01-01&to=2016-06-30/);
  await expect(page.getByTestId('kpi-period-classes')).toContainText('2016.1.1–2016.6.30');
  await expect(page.getByTestId('table-monthly').locator('tbody tr')).toHaveCount(6);
  // A range ending after the demo's today is refused with a clear message.
  await page.goto('/?period=range&from=2016-01-01&to=2017-06-30');
  await expect(page.getByRole('alert')).toContainText('时段须在');

  await page.goto('/?period=year');
  await page.getByTestId('period-chooser').getByRole('link', { name: '2015年4月以来' }).click();
  await expect(page.getByTestId('kpi-classes')).toContainText('1,410');
});

test('the today panel lists the classes checking in now; a class opens its school', async ({ page }) => {
  await page.goto('/');
  const today = page.getByTestId('today');
  await expect(today.getByRole('heading', { level: 2 })).toHaveText('今日动态（2017.5.25）');
  const rows = today.getByTestId('today-classes').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText(/\d+ \/ \d+/);
  await expect(today.getByTestId('today-total')).toContainText(/今日签到 \d+ 人次/);
  const school = (await rows.first().locator('a').textContent())!;
  await rows.first().locator('a').click();
  await expect(page).toHaveURL(/\/schools\/\d+/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(school);
});

test("a township's bar opens its schools, and a school opens its page", async ({ page }) => {
  await page.goto('/');
  await chartsDrawn(page);
  await page.getByTestId('chart-townships').scrollIntoViewIfNeeded();
  // Drawn as the reader reached it, its bars grow for a moment: click once they stand.
  await page.waitForFunction(() =>
    (window as any).echarts.getInstanceByDom(document.getElementById('chart-townships')).getZr().animation.isFinished(),
  );
  // Where ECharts drew the biggest township's bar (the top one), from the chart itself.
  const bar = await page.evaluate(() => {
    const chart = (window as any).echarts.getInstanceByDom(document.getElementById('chart-townships'));
    const option = chart.getOption();
    const names: string[] = option.yAxis[0].data;
    const values: number[] = option.series[0].data;
    const i = names.length - 1;
    const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [values[i] / 2, i]);
    return { x, y, name: names[i] };
  });
  const box = (await page.getByTestId('chart-townships').boundingBox())!;
  await page.mouse.click(box.x + bar.x, box.y + bar.y);
  await expect(page).toHaveURL(/\/map\?.*township=/);
  // The bar loads the map page; its links move within the app once it has hydrated.
  await hydrated(page);
  const panel = page.getByTestId('township-schools');
  await expect(panel.getByRole('heading')).toContainText(`${bar.name}的业余党校`);
  // The way back to all schools closes the panel (in-app navigation), and the way forward opens it.
  await panel.getByRole('link', { name: '查看全部业余党校' }).click();
  await expect(page).toHaveURL(/\/map$/);
  await expect(panel).toHaveCount(0);
  // Back in the app's history (the same document): settled once the address is the township's again.
  await page.goBack({ waitUntil: 'commit' });
  await expect(page).toHaveURL(/\/map\?.*township=/);
  await hydrated(page);
  await expect(panel.getByRole('heading')).toContainText(`${bar.name}的业余党校`);
  const school = panel.getByRole('link').first();
  const name = await school.textContent();
  await school.click();
  await expect(page).toHaveURL(/\/schools\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name!);
});

test('without scripts, the township table links to each township’s schools', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  // The table is folded under the chart (<details>): its links are there, closed or open.
  const first = page.getByTestId('table-townships').locator('tbody tr a').first();
  const township = (await first.textContent())!;
  await page.goto((await first.getAttribute('href'))!);
  await expect(page.getByTestId('township-schools')).toContainText(`${township}的业余党校`);
  await context.close();
});

import { test, expect, Page, BrowserContext, Browser } from '@playwright/test';
import { chartDrawn } from './helpers';

const SUB_AREAS = ['沙畈片区', '鲁台片区', '前川片区', '环城片区', '新店片区'];

async function mapReady(page: Page) {
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#map svg').first()).toBeVisible();
}

/** Screen position of a lon/lat on the map, from the ECharts instance. */
async function screenPoint(page: Page, lon: number, lat: number) {
  const [x, y] = await page.evaluate(([lon, lat]) => {
    const chart = (window as any).echartsMap.getInstanceByDom(document.getElementById('map'));
    return chart.convertToPixel({ geoIndex: 0 }, [lon, lat]);
  }, [lon, lat]);
  const box = (await page.getByTestId('map').boundingBox())!;
  return { x: box.x + x, y: box.y + y };
}

/** The list row of a school: its id, position and figures as the server rendered them (folded away or not). */
async function listRow(page: Page, name: string) {
  const row = page.getByTestId('school-list').locator('tr', { hasText: name });
  const cells = row.locator('td');
  return {
    id: await row.getAttribute('data-school-id'),
    lon: Number(await row.getAttribute('data-lon')),
    lat: Number(await row.getAttribute('data-lat')),
    classes: (await cells.nth(3).textContent())!.trim(),
    attendances: (await cells.nth(4).textContent())!.trim(),
  };
}

async function qianchuanViewAndTap(page: Page, touch: boolean) {
  await page.goto('/map');
  await mapReady(page);
  await page.getByTestId('view-qianchuan').click();
  await expect(page).toHaveURL(/view=qianchuan/);
  for (const name of SUB_AREAS) {
    await expect(page.locator('#map text').filter({ hasText: name }).first(), `${name} is named on the map`).toBeVisible();
  }
  const row = await listRow(page, '鲁台片区');
  const p = await screenPoint(page, row.lon, row.lat);
  if (touch) await page.touchscreen.tap(p.x, p.y);
  else await page.mouse.click(p.x, p.y);
  const card = page.getByTestId('school-card');
  await expect(card).toBeVisible();
  await expect(card.getByRole('heading')).toHaveText('前川街鲁台片区业余党校');
  await expect(card.getByTestId('card-classes')).toHaveText(`${row.classes} 期`);
  await expect(card.getByTestId('card-attendances')).toHaveText(row.attendances);
  await expect(card.getByRole('link', { name: /查看学校详情/ })).toHaveAttribute('href', `/schools/${row.id}`);
}

test('the map draws the district, its schools, a legend and the GeoNames credit', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/map');
  await mapReady(page);
  // 78 markers (one per school) drawn by ECharts, on a map of the district.
  const count = await page.evaluate(() => {
    const chart = (window as any).echartsMap.getInstanceByDom(document.getElementById('map'));
    return chart.getOption().series.slice(0, 3).reduce((n: number, s: any) => n + s.data.length, 0);
  });
  expect(count).toBe(78);
  await expect(page.locator('.map-legend')).toContainText('独立建校');
  await expect(page.locator('.map-legend')).toContainText('联合建校');
  await expect(page.locator('.map-legend')).toContainText('延伸建校');
  await expect(page.locator('.attribution')).toContainText('GeoNames（CC BY 4.0）');
  // Once the map is there, the list folds away (it stays one tap away).
  await expect(page.locator('details.school-list')).not.toHaveAttribute('open', '');
  expect(errors).toEqual([]);
});

test('desktop: the Qianchuan view names all five sub-areas; clicking one opens its card', async ({ page }) => {
  await qianchuanViewAndTap(page, false);
});

test('the period switch changes the figures', async ({ page }) => {
  await page.goto('/map?period=2015-2016');
  const first = await listRow(page, '前川街业余党校');
  await page.getByTestId('period-all').click();
  await expect(page).toHaveURL(/period=all/);
  await expect.poll(async () => (await listRow(page, '前川街业余党校')).attendances).not.toBe(first.attendances);
  // 2015–2016: the sub-areas opened late, 2017 has their classes.
  await page.goto('/map?period=year');
  await expect(page.getByTestId('school-list').locator('tr', { hasText: '新店片区' }).locator('td').nth(3)).not.toHaveText('0');
});

test('the map cannot be dragged off screen', async ({ page }) => {
  await page.goto('/map');
  await mapReady(page);
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2 + i * 150, box.y + box.height / 2 + i * 120);
  await page.mouse.up();
  await expect.poll(async () => page.evaluate(() => {
    const chart = (window as any).echartsMap.getInstanceByDom(document.getElementById('map'));
    const [lon, lat] = chart.getOption().geo[0].center;
    return lon >= 114.15 && lon <= 114.62 && lat >= 30.66 && lat <= 31.37;
  })).toBe(true);
});

test('without JavaScript the page lists every school with its figures', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/map?period=all');
  await expect(page.getByTestId('school-list').locator('tbody tr')).toHaveCount(78);
  await expect(page.locator('details.school-list')).toHaveAttribute('open', '');
  await context.close();
});

test('the GeoJSON is served as a cached file, not compiled into the WebAssembly', async ({ request }) => {
  const geo = await request.get('/geo/wuhan-districts.geojson');
  expect(geo.ok()).toBe(true);
  expect(geo.headers()['cache-control']).toContain('max-age=86400');
  expect((await geo.json()).features.length).toBe(13);
  const wasmResponse = await request.get('/pkg/dangxiao.wasm', { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(wasmResponse.headers()['content-encoding'], 'the precompressed brotli copy is sent').toBe('br');
  const wasm = Buffer.from(await wasmResponse.body());
  expect(wasm.length).toBeGreaterThan(100_000);
  for (const marker of ['江岸区', 'area_km2_unsimplified', 'FeatureCollection']) {
    expect(wasm.includes(Buffer.from(marker)), `${marker} not in the wasm`).toBe(false);
  }
});

test.describe('phone', () => {
  let context: BrowserContext;
  let page: Page;
  test.beforeEach(async ({ browser }: { browser: Browser }) => {
    context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    page = await context.newPage();
  });
  test.afterEach(async () => context.close());

  test('375×812: no sideways scroll; the Qianchuan view and a tap on a sub-area school', async () => {
    await qianchuanViewAndTap(page, true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Every sub-area's label is whole on the narrow map (鲁台, the easternmost, is written to the left).
    const map = (await page.getByTestId('map').boundingBox())!;
    for (const name of SUB_AREAS) {
      const label = (await page.locator('#map text').filter({ hasText: name }).first().boundingBox())!;
      expect(label.x, `${name} starts inside the map`).toBeGreaterThanOrEqual(map.x);
      expect(label.x + label.width, `${name} ends inside the map`).toBeLessThanOrEqual(map.x + map.width);
    }
  });
});

test('each founding mode: the school page shows the figures of the database', async ({ page }) => {
  await page.goto('/map?period=all');
  for (const name of ['前川街业余党校', '群团组织联合业余党校', '前川街沙畈片区业余党校', '区人民医院业余党校']) {
    const row = await listRow(page, name);
    const school = await page.context().newPage();
    await school.goto(`/schools/${row.id}`);
    await expect(school.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(school.getByTestId('school-classes').locator('.num')).toHaveText(row.classes);
    await expect(school.getByTestId('school-attendances').locator('.num')).toHaveText(row.attendances);
    await expect(school.getByTestId('recent-classes').locator('tbody tr').first()).toBeVisible();
    await chartDrawn(school, 'chart-school-monthly');
    if (name.startsWith('群团')) {
      await expect(school.getByTestId('school-facts')).toContainText('区总工会、团区委、区妇联、区残联、区科协');
      await expect(school.getByTestId('principal-terms').locator('li')).toHaveCount(2);
    }
    await school.close();
  }
});

test('an unknown school is a Chinese 404', async ({ page }) => {
  const response = await page.goto('/schools/99999');
  expect(response!.status()).toBe(404);
  await expect(page.getByRole('alert')).toContainText('未找到编号为 99999 的业余党校');
});

import { test, expect, Page } from '@playwright/test';
import { chartDrawn, isPlain, signIn } from './helpers';

// English as a second language (#18): the switch, the header and footer on every page, the dashboard
// (its charts' texts too), the Red Lecture Hall's page and the server's messages; the domain's terms
// keep their Chinese in brackets. A page in Chinese carries none of the English texts.

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

test('the dashboard in English: cards, captions, tables, the charts and their marks, and after it is opened in the app', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/lang/en?back=/');
  await hydrated(page);
  await expect(page.locator('main h1')).toHaveText('Huangpi amateur Party schools: training dashboard (培训数据看板)');
  await expect(page).toHaveTitle(/^Dashboard \(数据看板\) · /);
  const schools = page.getByTestId('kpi-schools');
  await expect(schools.locator('.kpi-label')).toHaveText('Amateur Party schools (业余党校)');
  await expect(schools.locator('.kpi-note')).toHaveText('independent (独立建校) 66 · joint (联合建校) 1 · extended (延伸建校) 11');
  // A figure's words around it in English order; a large count in thousands.
  await expect(page.getByTestId('kpi-classes').locator('.kpi-note')).toHaveText('103,486 attendances (人次)');
  await expect(page.getByTestId('kpi-attendances').locator('.kpi-note')).toHaveText('about 103k');
  await expect(page.getByTestId('period-chooser')).toContainText('Since April 2015');
  await expect(page.getByTestId('table-monthly').locator('thead')).toContainText('Attendances so far');
  await expect(page.locator('figure').filter({ has: page.locator('#chart-cumulative') }).locator('figcaption')).toContainText(
    'attendances (人次) in all (about',
  );
  // The printed page's stamp (a stylesheet's strings) and the PNG export's title and stamp.
  expect(await page.getByTestId('print-stamp').evaluate((e) => e.textContent)).toContain('content: "Figures as of 20');
  expect(await page.evaluate(() => (window as any).dangxiaoEnglish('数据截至 2017-05-25 · 黄陂区业余党校信息平台'))).toBe(
    'Figures as of 2017-05-25 · Huangpi amateur Party schools (业余党校) platform',
  );
  // The charts' options are made once in Chinese for everyone; this reader's come in English.
  await chartDrawn(page, 'chart-monthly');
  const monthly = await page.evaluate(() => {
    const option = (window as any).echarts.getInstanceByDom(document.getElementById('chart-monthly')).getOption();
    return { series: option.series.map((s: any) => s.name), marks: option.series[0].markLine.data.map((d: any) => d.name) };
  });
  expect(monthly.series).toEqual(['Classes (办班)', 'Attendances (培训人次)']);
  expect(monthly.marks).toContain('First Red Lecture Hall (首次红色大讲堂), 5/25');
  expect(monthly.marks).toContain('Pilot begins');
  // Written by the WebAssembly in the browser (the dashboard opened in the app): English too.
  await page.locator('header nav').getByRole('link', { name: 'Map (分布图)' }).click();
  await expect(page).toHaveURL(/\/map/);
  await page.locator('header nav').getByRole('link', { name: 'Dashboard (数据看板)' }).click();
  await expect(page.locator('main h1')).toHaveText('Huangpi amateur Party schools: training dashboard (培训数据看板)');
  await expect(schools.locator('.kpi-note')).toHaveText('independent (独立建校) 66 · joint (联合建校) 1 · extended (延伸建校) 11');
  await expect(page.getByTestId('today-total')).toContainText('check-ins today');
  // A Chinese reader's page at the same time: the shared figures stayed Chinese.
  const zh = await browser.newContext();
  const other = await zh.newPage();
  await other.goto('/');
  await chartDrawn(other, 'chart-monthly');
  const names = await other.evaluate(() =>
    (window as any).echarts.getInstanceByDom(document.getElementById('chart-monthly')).getOption().series.map((s: any) => s.name),
  );
  expect(names).toEqual(['办班期数', '培训人次']);
  await expect(other.getByTestId('kpi-schools').locator('.kpi-label')).toHaveText('业余党校');
  expect(errors).toEqual([]);
  await zh.close();
  await context.close();
});

test('the map in English: its heading, choices, legend and the schools table', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/lang/en?back=/map');
  await hydrated(page);
  await expect(page.locator('main h1')).toHaveText('Map of the amateur Party schools (业余党校)');
  await expect(page.getByTestId('map-legend')).toContainText('Marker size = attendances (培训人次)');
  await expect(page.locator('nav[aria-label="Colour"]')).toContainText('By founding mode (建校模式)');
  await expect(page.locator('.attribution')).toContainText('GeoNames (CC BY 4.0)');
  await expect(page.locator('details summary').first()).toContainText(/^All 78 schools \(/);
  await context.close();
});

test('a school page, the joint training and the evaluation read in English; the texts without English stay Chinese', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'orgadmin');
  await page.goto('/lang/en?back=/schools/1');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('main')).toContainText('Classes and attendances by month');
  await expect(page.locator('main')).toContainText('Six ones (六个一)');
  // Opened in the app: written by the WebAssembly, rewritten by /i18n.js.
  await page.goto('/joint');
  await hydrated(page);
  await expect(page.locator('main h1')).toHaveText(/^Joint training \(联训\) \d{4}$/);
  await page.goto('/evaluation');
  await hydrated(page);
  await expect(page.locator('main')).toContainText('Scoring progress');
  // A school's name is the district's own: it stays as it is.
  await expect(page.locator('main')).toContainText('业余党校');
  expect(errors).toEqual([]);
  await context.close();
});

test("every page of the organisation department's menu has its heading in English", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'orgadmin');
  await page.goto('/lang/en?back=/');
  await hydrated(page);
  const hrefs = await page.locator('header nav a[href^="/"]').evaluateAll((links) =>
    [...new Set(links.map((a) => a.getAttribute('href') as string))].filter((h) => h !== '/'),
  );
  expect(hrefs.length).toBeGreaterThan(10);
  // Chinese only as a term in brackets (a school's or a person's name is the district's own).
  const outsideBrackets = (text: string) => text.replace(/\([^)]*\)/g, '').match(/[\u4e00-\u9fff]/);
  for (const href of hrefs) {
    await page.goto(href);
    if (!isPlain(href)) await hydrated(page);
    const heading = (await page.locator('main h1').first().textContent()) ?? '';
    expect(outsideBrackets(heading), `${href}: ${heading}`).toBeNull();
  }
  expect(errors).toEqual([]);
  await context.close();
});

import { test, expect, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { chartDrawn, signIn } from './helpers';

// The rest of the article (#18): 漏训 — cadres with no class for a long stretch, for the organisation
// department to see and to set; the six haves and the competency parts in the article's words.

const hydrated = (p: Page) => p.locator('body[data-hydrated]').waitFor({ state: 'attached' });

test('the organisation department lists the cadres who missed training and sets how long counts', async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/hours/missed');
  await hydrated(page);
  const rule = page.getByTestId('missed-rule');
  await expect(rule).toContainText('自 2016-05-25 起（12 个月）');
  const total = Number((await rule.textContent())!.match(/共 (\d+) 人/)![1]);
  expect(total).toBeGreaterThan(0);
  const rows = page.getByTestId('missed').locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(total, 20));
  // Never trained first.
  if ((await rows.first().textContent())!.includes('从未参训')) expect(total).toBeGreaterThan(0);
  // A shorter stretch: since later, more (or as many) cadres.
  const setting = page.getByTestId('missed-setting');
  await setting.getByLabel(/漏训时长/).fill('6');
  await setting.getByRole('button', { name: '保存' }).click();
  await expect(rule).toContainText('自 2016-11-25 起（6 个月）');
  const shorter = Number((await rule.textContent())!.match(/共 (\d+) 人/)![1]);
  expect(shorter).toBeGreaterThanOrEqual(total);
  // Out of range: the field says so, and the server refuses it too, saying why.
  await expect(setting.getByLabel(/漏训时长/)).toHaveAttribute('max', '36');
  const refused = await page.evaluate(async () => {
    const r = await fetch('/api/set_missed_months', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: 'months=40' });
    return [r.status, await r.text()] as const;
  });
  expect(refused[0]).toBe(422);
  expect(refused[1]).toContain('3–36');
  // Put back (the other tests read the district as it is).
  await setting.getByLabel(/漏训时长/).fill('12');
  await setting.getByRole('button', { name: '保存' }).click();
  await expect(rule).toContainText('（12 个月）');
});

test('a cadre may not see who missed training', async ({ page }) => {
  await signIn(page, 'cadre');
  const status = await page.evaluate(async () => (await fetch('/api/missed_training', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: '' })).status);
  expect(status).toBe(403);
});

test("the monthly chart marks the programme's milestones within the period shown", async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/');
  await chartDrawn(page, 'chart-monthly');
  const marks = await page.evaluate(() => {
    const chart = (window as any).echarts.getInstanceByDom(document.getElementById('chart-monthly'));
    return chart.getOption().series[0].markLine.data.map((d: any) => `${d.xAxis} ${d.name}`);
  });
  // The article's period (2015-04 to 2017-05-25): all five, in order.
  expect(marks).toEqual(['2015-04 试点启动', '2015-06 确立“六个一”创建模式', '2015-08 71所业余党校建成', '2017-03 推进规范化建设', '2017-05 首次红色大讲堂（5月25日）']);
  expect(errors).toEqual([]);
});

test("the organisation department reports the pool's top 10 to their units, and the notices are on the page", async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/teachers');
  await hydrated(page);
  await page.getByTestId('report-top').getByRole('button', { name: '向所在单位通报前 10 名' }).click();
  await expect(page.getByText('已记录通报')).toBeVisible();
  const report = page.getByTestId('teacher-report');
  await expect(report.locator('summary')).toContainText('（10 份）');
  await report.locator('summary').click();
  await expect(report.locator('li')).toHaveCount(10);
  await expect(report.locator('li').first()).toContainText('排名第 1 名');
});

/** A one-dot PNG, as a phone's photo of a ledger would arrive (recognised by content). */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b4944415478da63000100000500010d0a2db40000000049454e44ae426082', 'hex');

test('a school admin keeps the school’s 六个一 documents; the district reads them in its table, on the map and when scoring', async ({ browser }) => {
  const school = '前川街前川片区业余党校';
  const visitor = await browser.newContext();
  const pub = await visitor.newPage();
  await pub.goto('/map?period=all');
  const href = (await pub.getByTestId('school-list').getByRole('link', { name: school }).getAttribute('href'))!;
  const id = href.split('/').pop()!;
  // Anyone sees which of the six are in place, not the documents.
  await pub.goto(href);
  await expect(pub.getByTestId('six-ones-count')).toContainText('4 / 6 项已有资料');
  await expect(pub.getByTestId('six-ones').locator('li[data-item="ledgers"]')).toHaveClass('missing');
  await expect(pub.getByTestId('six-ones').locator('a')).toHaveCount(0);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'schooladmin');
  await page.goto(href);
  await hydrated(page);
  const panel = page.getByTestId('six-ones');
  await expect(panel.locator('li[data-item="founding_plan"] a')).toHaveText('一个创建方案（演示）.pdf');
  const form = page.getByTestId('six-ones-upload');
  // Not a PDF, JPG or PNG: said in Chinese, nothing kept.
  await form.getByLabel('资料属于').selectOption({ label: '一套工作台账' });
  await form.getByLabel(/资料文件/).setInputFiles({ name: '台账.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
  await form.getByRole('button', { name: '上传资料' }).click();
  await expect(form.getByRole('alert')).toContainText('PDF、JPG 或 PNG');
  // The ledgers, photographed: in place.
  await form.getByLabel(/资料文件/).setInputFiles({ name: '2017年工作台账.png', mimeType: 'image/png', buffer: PNG });
  await form.getByRole('button', { name: '上传资料' }).click();
  await expect(form.getByRole('status')).toHaveText('资料已上传');
  await expect(panel.getByTestId('six-ones-count')).toContainText('5 / 6 项已有资料');
  const ledgers = panel.locator('li[data-item="ledgers"]');
  await expect(ledgers).toHaveClass('in-place');
  await expect(ledgers.getByRole('link', { name: '2017年工作台账.png' })).toBeVisible();

  // The organisation department: the district's table, the map by 六个一, the scorecard's 查阅资料.
  const org = await browser.newContext();
  const office = await org.newPage();
  await signIn(office, 'orgadmin');
  await office.goto('/six-ones');
  const row = office.getByTestId('six-ones-table').locator(`tr[data-school-id="${id}"]`);
  await expect(row.locator('td').last()).toHaveText('5/6');
  await expect(office.getByTestId('six-ones-complete')).toContainText(/\d+ \/ \d+/);
  await office.goto('/map?period=all&color=six_ones');
  await expect(office.getByTestId('map-legend')).toContainText('六项齐全');
  await expect(office.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  await office.goto(`/evaluation/${id}?year=2016`);
  await expect(office.getByTestId('document-review-note')).toBeVisible();
  const file = office.getByTestId('six-ones').getByRole('link', { name: '2017年工作台账.png' });
  const [download] = await Promise.all([office.waitForEvent('download'), file.click()]);
  expect((await readFile((await download.path())!)).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

  // Taken away again by the school admin (the demo as it was).
  await ledgers.getByRole('button', { name: '删除 2017年工作台账.png' }).click();
  await expect(panel.getByTestId('six-ones-count')).toContainText('4 / 6 项已有资料');
  await expect(page.getByRole('status').filter({ hasText: '资料已删除' })).toBeVisible();
  await Promise.all([visitor.close(), context.close(), org.close()]);
});

test('a supervisor enters the 实地查看 column of their group’s school; the organisation department fills 学员评价 from the questionnaire', async ({ browser }) => {
  const sup = await browser.newContext();
  const page = await sup.newPage();
  await signIn(page, 'supervisor');
  await page.goto('/supervision');
  const href = (await page.getByTestId('supervision-group').first().locator('tbody a').first().getAttribute('href'))!;
  const id = href.split('/').pop()!;
  await page.goto(`/evaluation/${id}?year=2016`);
  await hydrated(page);
  const form = page.getByTestId('scorecard-form');
  const site = form.getByLabel('有适用场地·实地查看');
  await expect(site).not.toHaveAttribute('readonly');
  await expect(form.getByLabel('有适用场地·综合评定')).toHaveAttribute('readonly', '');
  const before = await site.inputValue();
  const save = async (value: string) => {
    await site.fill(value);
    await form.getByRole('button', { name: '保存评分' }).click();
    await expect(page.getByRole('status').filter({ hasText: '评分已保存' })).toBeVisible();
    await expect(form.getByLabel('有适用场地·实地查看')).toHaveValue(value);
  };
  await save('91.5');
  await save(before);
  // The questionnaire's column is the organisation department's to fill.
  await expect(page.getByTestId('questionnaire')).toContainText('学员评价（问卷）');
  await expect(page.getByRole('button', { name: /按问卷填入/ })).toHaveCount(0);

  const org = await browser.newContext();
  const office = await org.newPage();
  await signIn(office, 'orgadmin');
  await office.goto(`/evaluation/${id}?year=2016`);
  await hydrated(office);
  const card = office.getByTestId('scorecard-form');
  const criteria = ['有领导机制', '有适用场地', '有师资课程', '有规范管理', '有经费保障', '有培训实效'];
  const kept = await Promise.all(criteria.map((c) => card.getByLabel(`${c}·学员评价`).inputValue()));
  const said = (await office.getByTestId('questionnaire').textContent())!;
  const suggested = criteria.map((c) => said.match(new RegExp(`${c} ([\\d.]+)`))![1]);
  await office.getByRole('button', { name: '按问卷填入“学员评价”一栏' }).click();
  await expect(office.getByRole('status').filter({ hasText: '已按问卷填入' })).toBeVisible();
  for (const [i, c] of criteria.entries()) await expect(card.getByLabel(`${c}·学员评价`)).toHaveValue(suggested[i]);
  // Put back as it was (the demo's scores).
  for (const [i, c] of criteria.entries()) await card.getByLabel(`${c}·学员评价`).fill(kept[i]);
  await card.getByRole('button', { name: '保存评分' }).click();
  await expect(office.getByRole('status').filter({ hasText: '评分已保存' })).toBeVisible();
  await Promise.all([sup.close(), org.close()]);
});

test('the units’ Party-building assessment counts each school’s band and its leaders’ lectures; a school admin sees their own unit', async ({ browser }) => {
  const org = await browser.newContext();
  const page = await org.newPage();
  await signIn(page, 'orgadmin');
  await page.goto('/assessment?year=2016');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2016 年度单位党建考核（业余党校部分）');
  const rule = page.getByTestId('assessment-rule');
  await expect(rule).toContainText('示范 10 分');
  const rows = page.getByTestId('assessment-table').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(60);
  const demonstration = rows.filter({ hasText: '示范' }).first();
  await expect(demonstration.locator('td').nth(3)).toHaveText('10');
  // Worth more this year: the table follows.
  const form = page.getByTestId('assessment-points');
  await form.getByLabel('示范（分）').fill('12');
  await form.getByRole('button', { name: '保存分值' }).click();
  await expect(rule).toContainText('示范 12 分');
  await expect(rows.filter({ hasText: '示范' }).first().locator('td').nth(3)).toHaveText('12');
  // Out of range: said which.
  await form.getByLabel('示范（分）').fill('120');
  await form.getByRole('button', { name: '保存分值' }).click();
  await expect(page.getByRole('alert')).toContainText('「示范」的分值应在 0 到 100 之间');
  // Put back.
  await form.getByLabel('示范（分）').fill('10');
  await form.getByRole('button', { name: '保存分值' }).click();
  await expect(rule).toContainText('示范 10 分');

  const own = await browser.newContext();
  const admin = await own.newPage();
  await signIn(admin, 'schooladmin');
  await admin.goto('/assessment?year=2016');
  await expect(admin.getByTestId('assessment-scope')).toContainText('本页显示本单位');
  await expect(admin.getByTestId('assessment-table').locator('tbody tr')).toHaveCount(1);
  await expect(admin.getByTestId('assessment-points')).toHaveCount(0);
  await Promise.all([org.close(), own.close()]);
});

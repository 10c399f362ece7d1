import { test, expect, Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../playwright.config';
import { chartDrawn, DEMO_TODAY, hydrated, phone, signedInPage } from './helpers';

// Runs after the other files (alphabetical, one worker): it adds a class in today's year, which moves
// "this year" on the map and the ledger's last day.

/** Today in Beijing, `YYYY-MM-DD`. */
const today = () => DEMO_TODAY;

/** Plans a class through the form and returns its page's path. */
async function planClass(page: Page, title: string, audienceRank = '') {
  await page.goto('/classes');
  await hydrated(page);
  await page.getByText('新建培训班').click();
  const form = page.getByTestId('plan-form');
  await form.getByLabel('培训班名称').fill(title);
  await form.locator('select[name="plan[teacher_1]"]').selectOption({ index: 1 });
  await form.getByLabel('开始时间').fill(`${today()}T08:00`);
  await form.getByLabel('结束时间').fill(`${today()}T23:30`);
  await form.getByLabel('培训地点').fill(`前川街党校 ${title}`);
  await form.getByLabel('学时', { exact: true }).fill('2.5');
  if (audienceRank) await form.locator('select[name="plan[audience_rank]"]').selectOption(audienceRank);
  await form.getByRole('button', { name: '创建培训班' }).click();
  const planned = page.getByTestId('planned');
  await expect(planned).toContainText('已创建培训班');
  const href = await planned.getByRole('link', { name: '查看培训班' }).getAttribute('href');
  return href!;
}

/** Opens the class for check-in and shows its QR screen; returns the link the QR code carries. */
async function openQrScreen(page: Page, classPath: string) {
  await page.goto(classPath);
  await hydrated(page);
  await page.getByTestId('open-class').click();
  await expect(page.getByTestId('class-status')).toHaveText('签到中');
  await page.getByTestId('qr-link').click();
  await expect(page.getByTestId('qr').locator('svg')).toBeVisible();
  await expect(page.getByTestId('short-code')).toHaveText(/^\d{6}$/);
  return (await page.getByTestId('checkin-link').getAttribute('href'))!;
}

async function kpiTotal(page: Page) {
  const text = await page.getByTestId('kpi-total').locator('.num').textContent();
  return Number(text!.replace(/,/g, ''));
}

const count = (text: string | null) => Number((text ?? '').replace(/,/g, ''));

/** A school's attendances on the map, as listed and as drawn (its marker's value). */
async function mapFigures(page: Page, school: string) {
  // The list folds away once the map is drawn: found by its text, shown or not.
  const row = page.getByTestId('school-list').locator('tr', { has: page.locator(`a:text-is("${school}")`) });
  return {
    listed: count(await row.locator('td').nth(4).textContent()),
    drawn: await page.evaluate((name) => {
      const chart = (window as any).echartsMap.getInstanceByDom(document.getElementById('map'));
      for (const series of chart.getOption().series as any[]) {
        const item = (series.data ?? []).find((d: any) => d.name === name);
        if (item) return item.value[2] as number;
      }
      return -1;
    }, school),
  };
}

/** What the dashboard shows of the current month and of today, as drawn and as tabled. */
async function liveFigures(page: Page, classTitle: string) {
  const month = page.getByTestId('table-monthly').locator('tr', { hasText: DEMO_TODAY.slice(0, 7) });
  const today = page.getByTestId('today-classes').locator('tr', { hasText: classTitle });
  return {
    monthTable: count(await month.locator('td').nth(2).textContent()),
    monthDrawn: await page.evaluate(() => {
      const chart = (window as any).echarts.getInstanceByDom(document.getElementById('chart-monthly'));
      const attendances = chart.getOption().series[1].data as number[];
      return attendances[attendances.length - 1];
    }),
    todayTotal: count((await page.getByTestId('today-total').textContent())!.match(/今日签到 ([\d,]+) 人次/)![1]),
    classCount: count(await today.locator('td').nth(3).textContent()),
  };
}

test('a cadre checks in by phone and the dashboard and the map count it within 2 s', async ({ browser }) => {
  test.setTimeout(150_000); // it waits a minute for the first QR token to expire
  const admin = await signedInPage(browser, 'schooladmin');
  const classPath = await planClass(admin.page, '二维码签到演练班');
  await admin.page.goto(classPath);
  const school = (await admin.page.locator('dt:text-is("主办") + dd').textContent())!.trim();
  const link = await openQrScreen(admin.page, classPath);
  const issued = Date.now();
  expect(link).toMatch(/\/checkin\?t=\d+\.\d+\.[0-9a-f]{32}$/);
  await expect(admin.page.getByTestId('screen-count')).toHaveText('0');

  // The dashboard, open in a third browser context.
  const board = await browser.newContext();
  const dashboard = await board.newPage();
  await dashboard.goto('/');
  await expect(dashboard.getByTestId('as-of')).toBeVisible();
  await chartDrawn(dashboard, 'chart-monthly');
  const before = await kpiTotal(dashboard);
  const asOf = await dashboard.getByTestId('as-of').textContent();
  const figures = await liveFigures(dashboard, '二维码签到演练班');
  expect(figures.classCount).toBe(0);
  expect(figures.monthDrawn).toBe(figures.monthTable);
  // The map of all periods, open beside it, on the class's school.
  const map = await board.newPage();
  await map.goto('/map?period=all');
  await expect(map.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  const onMap = await mapFigures(map, school);
  expect(onMap.drawn).toBe(onMap.listed);
  // From here on neither screen may ask the server for its figures: the live event carries them.
  const asked: string[] = [];
  for (const screen of [dashboard, map]) {
    screen.on('request', (r) => {
      if (r.url().includes('/api/dashboard') || r.url().includes('/api/map')) asked.push(r.url());
    });
  }

  // The cadre scans: not signed in yet, signs in, and the held scan completes.
  const cadre = await browser.newContext(phone);
  const phonePage = await cadre.newPage();
  await phonePage.goto(new URL(link).pathname + new URL(link).search);
  await expect(phonePage.getByTestId('checkin-result')).toContainText('请先登录');
  await phonePage.getByTestId('checkin-login').click();
  await phonePage.getByLabel('用户名').fill('cadre');
  await phonePage.getByLabel('密码').fill(DEMO_PASSWORD);
  await phonePage.getByRole('button', { name: '登录' }).click();
  await expect(phonePage.getByTestId('checkin-result')).toContainText('签到成功');
  await expect(phonePage.getByTestId('checkin-result')).toContainText('二维码签到演练班');

  // Live: the dashboard and the admin's screen update without a reload — the total, the current
  // month (its table row and its point on the chart) and the today panel, from the event alone.
  await expect.poll(() => kpiTotal(dashboard), { timeout: 2_000, intervals: [100] }).toBe(before + 1);
  await expect
    .poll(() => liveFigures(dashboard, '二维码签到演练班'), { timeout: 2_000, intervals: [100] })
    .toEqual({
      monthTable: figures.monthTable + 1,
      monthDrawn: figures.monthDrawn + 1,
      todayTotal: figures.todayTotal + 1,
      classCount: 1,
    });
  await expect(dashboard.getByTestId('as-of')).not.toHaveText(asOf!);
  // The map: the school's figure in its list and on its marker.
  await expect
    .poll(() => mapFigures(map, school), { timeout: 2_000, intervals: [100] })
    .toEqual({ listed: onMap.listed + 1, drawn: onMap.drawn + 1 });
  expect(asked, 'the dashboard and the map merged the event without asking again').toEqual([]);
  await expect(admin.page.getByTestId('screen-count')).toHaveText('1', { timeout: 2_000 });

  // Twice: already checked in.
  await phonePage.goto(new URL(link).pathname + new URL(link).search);
  await expect(phonePage.getByTestId('checkin-result')).toContainText('您已签到');

  // A forged token.
  const forged = link.slice(0, -4) + (link.endsWith('0000') ? '1111' : '0000');
  await phonePage.goto(new URL(forged).pathname + new URL(forged).search);
  await expect(phonePage.getByTestId('checkin-result')).toContainText('二维码无效');

  // The wrong class: one for section-level cadres only (the demo cadre is division-level).
  const otherPath = await planClass(admin.page, '科级干部专题班', 'section');
  await admin.page.goto(otherPath);
  await hydrated(admin.page);
  await admin.page.getByTestId('open-class').click();
  await admin.page.getByTestId('qr-link').click();
  const code = (await admin.page.getByTestId('short-code').textContent())!;
  // A plain page (no WebAssembly): the code form posts itself and comes back with the answer.
  await phonePage.goto('/checkin');
  await phonePage.getByTestId('checkin-code').fill(code);
  await phonePage.getByRole('button', { name: '签到', exact: true }).click();
  await expect(phonePage.getByTestId('checkin-result')).toContainText('不在「科级干部专题班」的培训对象范围内');

  // The first link, a minute later: expired.
  await phonePage.waitForTimeout(Math.max(0, issued + 61_000 - Date.now()));
  await phonePage.goto(new URL(link).pathname + new URL(link).search);
  await expect(phonePage.getByTestId('checkin-result')).toContainText('已过期');

  // Close-out credits the class's hours to the cadre's ledger.
  await admin.page.goto(classPath);
  await hydrated(admin.page);
  await admin.page.getByTestId('close-class').click();
  await expect(admin.page.getByTestId('step-result')).toContainText('1 人记入学时');
  await expect(admin.page.getByTestId('class-status')).toHaveText('已结班');
  await phonePage.goto(`/me/hours?year=${today().slice(0, 4)}`);
  await expect(phonePage.getByText('二维码签到演练班').first()).toBeVisible();

  await Promise.all([admin.context.close(), board.close(), cadre.close()]);
});

test('an org admin decides a pre-filing; an unfiled joint class cannot open', async ({ browser }) => {
  const admin = await signedInPage(browser, 'schooladmin');
  await admin.page.goto('/classes');
  await hydrated(admin.page);
  await admin.page.getByText('新建培训班').click();
  const form = admin.page.getByTestId('plan-form');
  await form.getByLabel('培训班名称').fill('联合办班：基层治理');
  await form.locator('select[name="plan[teacher_1]"]').selectOption({ index: 1 });
  await form.getByLabel('开始时间').fill(`${today()}T14:00`);
  await form.getByLabel('结束时间').fill(`${today()}T17:00`);
  await form.getByLabel('培训地点').fill('武汉某高校教室');
  await form.locator('select[name="plan[venue_kind]"]').selectOption('university');
  await form.getByLabel('学时', { exact: true }).fill('3');
  await form.getByRole('button', { name: '创建培训班' }).click();
  await expect(admin.page.getByTestId('planned')).toContainText('已提交事前备案');
  const classPath = (await admin.page.getByTestId('planned').getByRole('link', { name: '查看培训班' }).getAttribute('href'))!;
  await admin.page.goto(classPath);
  await hydrated(admin.page);
  await admin.page.getByTestId('open-class').click();
  await expect(admin.page.getByRole('alert')).toContainText('备案通过后才能开放签到');

  const org = await signedInPage(browser, 'orgadmin');
  await org.page.goto('/classes');
  await hydrated(org.page);
  const pending = org.page.getByTestId('pending-filings').locator('li', { hasText: '联合办班：基层治理' });
  await pending.getByLabel('审批意见（驳回时必填）').fill('同意，注意安全');
  await pending.getByRole('button', { name: '同意备案' }).click();
  await expect(org.page.getByTestId('pending-filings')).not.toContainText('联合办班：基层治理');

  await admin.page.reload();
  await hydrated(admin.page);
  await admin.page.getByTestId('open-class').click();
  await expect(admin.page.getByTestId('class-status')).toHaveText('签到中');
  await Promise.all([admin.context.close(), org.context.close()]);
});

test('the dashboard has a full-screen mode for the meeting room', async ({ page }) => {
  await page.goto('/?screen=1');
  await expect(page.getByTestId('dashboard')).toHaveClass(/screen/);
  await expect(page.locator('header.topbar')).toBeHidden();
  await expect(page.getByTestId('kpi-total')).toBeVisible();
  await page.getByTestId('leave-screen').click();
  await expect(page.locator('header.topbar')).toBeVisible();
});

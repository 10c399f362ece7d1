import { test, expect } from '@playwright/test';
import { demoDay, hydrated, phone, signedInPage } from './helpers';

test('the org admin scores the last school of the demo year and sees the 78 schools banded 3 / 11 / 63 / 1', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'orgadmin');
  await page.goto('/evaluation');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2017 年度业余党校“六有”评估');
  await expect(page.getByTestId('evaluation-progress')).toContainText('已完成评分 77 / 78 所');
  await expect(page.getByTestId('band-counts')).toHaveCount(0);

  await page.getByRole('link', { name: '待评分（0/24）' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('2017 年度“六有”评分');
  await hydrated(page);
  const form = page.getByTestId('scorecard-form');
  const cells = form.locator('input[name^="scores["]');
  await expect(cells).toHaveCount(24);
  for (let i = 0; i < 24; i++) await cells.nth(i).fill(String(80 + (i % 5)));
  // A score out of range: a clear message, nothing saved.
  await form.getByLabel('有经费保障·实地查看').fill('101');
  await form.getByRole('button', { name: '保存评分' }).click();
  await expect(page.getByRole('alert')).toContainText('「有经费保障·实地查看」应在 0 到 100 之间');
  await expect(page.getByTestId('scorecard-total')).toHaveText('评分未完成');

  await form.getByLabel('有经费保障·实地查看').fill('86.5');
  await form.getByRole('button', { name: '保存评分' }).click();
  await expect(page.getByRole('status')).toHaveText('评分已保存');
  await expect(page.getByTestId('scorecard-total')).toContainText('总分 8');

  await page.getByRole('link', { name: '← 返回评估总表' }).click();
  await expect(page.getByTestId('evaluation-progress')).toContainText('已完成评分 78 / 78 所');
  const bands = page.getByTestId('band-counts');
  for (const [band, n] of [['demonstration', 3], ['excellent', 11], ['qualified', 63], ['unqualified', 1]] as const) {
    await expect(bands.locator(`[data-band="${band}"] .num`)).toHaveText(String(n));
  }
  const rows = page.getByTestId('evaluation-table').locator('tbody tr');
  await expect(rows).toHaveCount(78);
  await expect(rows.first()).toHaveAttribute('data-band', 'demonstration');
  await expect(rows.last()).toHaveAttribute('data-band', 'unqualified');
  await expect(page.getByTestId('rectification')).toContainText('不合格学校整改');
  await expect(page.getByText('并列规则：总分相同时，培训成效得分高者在前')).toBeVisible();
  await context.close();
});

test('a cadre may not see the evaluation or the podium report', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'cadre', phone);
  for (const path of ['/evaluation', '/podium']) {
    await page.goto(path);
    await expect(page.getByRole('alert')).toContainText('没有权限');
  }
  await context.close();
});

test('a lecture recorded for the leader appears as reward hours on their /me/hours', async ({ browser }) => {
  const leader = await signedInPage(browser, 'leader', phone);
  const name = (await leader.page.getByTestId('who').textContent())!.trim();
  const title = `学习贯彻党章专题辅导 ${Date.now()}`;
  // Two days before the demo's today.
  const day = demoDay(-2);

  const org = await signedInPage(browser, 'orgadmin');
  await org.page.goto('/podium');
  await hydrated(org.page);
  const form = org.page.getByTestId('lecture-form');
  await form.getByLabel('授课人（姓名或人员编号）').fill(name);
  await form.getByLabel('授课日期').fill(day);
  await form.getByLabel('授课场所').selectOption({ label: '区委党校' });
  await form.getByLabel('授课题目').fill(title);
  await form.getByRole('button', { name: '登记并奖励学时' }).click();
  await expect(org.page.getByRole('status')).toHaveText('授课已登记，奖励学时已记入授课人的学时台账');
  // The page shows the new lecture (it reloads its figures, form included) before the form is used again.
  await expect(org.page.getByTestId('podium-lectures')).toContainText(title);
  // The same lecture twice is refused.
  await form.getByLabel('授课人（姓名或人员编号）').fill(name);
  await form.getByLabel('授课日期').fill(day);
  await form.getByLabel('授课题目').fill(title);
  await form.getByRole('button', { name: '登记并奖励学时' }).click();
  await expect(org.page.getByRole('alert')).toHaveText('这次授课已经登记过');
  await org.context.close();

  await leader.page.goto('/me/hours');
  const entry = leader.page.getByTestId('hours-entries').locator('li', { hasText: title });
  await expect(entry).toContainText(`${day} · 上讲台奖励 · 4 学时`);
  await leader.context.close();
});

test('the dashboard and the map colour the schools by their evaluation band', async ({ page }) => {
  await page.goto('/');
  const bandsPanel = page.getByTestId('dashboard-bands');
  await expect(bandsPanel.locator('[data-band="demonstration"]')).toHaveText('示范 3 所');
  await expect(bandsPanel.locator('[data-band="unqualified"]')).toHaveText('不合格 1 所');
  await page.goto('/map?period=all');
  await page.getByTestId('color-band').click();
  await expect(page).toHaveURL(/color=band/);
  const legend = page.getByTestId('map-legend');
  await expect(legend).toContainText('示范');
  await expect(legend).toContainText('未评定');
  await expect(legend).toContainText(/201[67] 年度“六有”评估/);
  const bands = await page.getByTestId('school-list').locator('tbody tr td:nth-child(7)').allTextContents();
  expect(bands.filter((b) => b === '示范')).toHaveLength(3);
  expect(bands.filter((b) => b === '不合格')).toHaveLength(1);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
});

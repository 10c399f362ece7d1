import { test, expect } from '@playwright/test';
import { demoDay, hydrated, phone, signedInPage } from './helpers';

test('a supervisor records a visit with a follow-up for the own group and marks it put right', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'supervisor', phone);
  await page.goto('/supervision');
  await hydrated(page);
  await expect(page.getByTestId('scope')).toContainText('第一督导组');
  await expect(page.getByTestId('supervision-group')).toHaveCount(1);
  await hydrated(page);
  const findings = `年度教学计划未细化到月 ${Date.now()}`;
  const form = page.getByTestId('visit-form');
  await form.getByLabel('发现的情况').fill(findings);
  await form.getByLabel('整改要求（无则留空）').fill('按月细化教学计划');
  // A follow-up without a deadline: a clear message, nothing saved.
  await form.getByRole('button', { name: '保存督导记录' }).click();
  await expect(page.getByRole('alert')).toHaveText('有整改要求时请填写整改期限');
  const due = demoDay(30);
  await form.getByLabel('发现的情况').fill(findings);
  await form.getByLabel('整改要求（无则留空）').fill('按月细化教学计划');
  await form.getByLabel('整改期限').fill(due);
  await form.getByRole('button', { name: '保存督导记录' }).click();
  await expect(page.getByRole('status')).toHaveText('督导记录已保存');
  const row = page.getByTestId('visits').locator('tr', { hasText: findings });
  await expect(row).toContainText('待整改');
  await row.getByPlaceholder('整改情况').fill('已细化并报备');
  await row.getByRole('button', { name: '整改完成' }).click();
  await expect(page.getByTestId('visits').locator('tr', { hasText: findings })).toContainText('已整改');
  await context.close();
});

test('the org admin cannot give a school to a group with people of its unit', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'orgadmin');
  await page.goto('/supervision');
  await hydrated(page);
  await expect(page.getByTestId('supervision-group')).toHaveCount(4);
  await expect(page.getByTestId('unassigned')).toContainText('区委党校业余党校');
  await hydrated(page);
  const form = page.getByTestId('assign-form');
  await form.getByLabel('学校').selectOption({ label: '区委党校业余党校' });
  await form.getByLabel('督导组').selectOption({ label: '第二督导组' });
  await form.getByRole('button', { name: '分配' }).click();
  await expect(page.getByRole('alert')).toContainText('按回避原则不能督导本单位');
  await context.close();
});

test('the regional group rotates its hosts and its members score each other', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'orgadmin');
  await page.goto('/joint?year=2016');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2016 年联训');
  const groups = page.getByTestId('joint-group');
  await expect(groups).toHaveCount(4);
  const regional = groups.first();
  const months = regional.getByTestId('joint-plan').locator('tbody tr');
  await expect(months).toHaveCount(12);
  await expect(months.nth(0)).toContainText('滠口街道');
  await expect(months.nth(1)).toContainText('武湖街道');
  await expect(months.nth(4)).toContainText('滠口街道');
  await expect(regional.getByTestId('cross-ranking').locator('tbody tr')).toHaveCount(4);
  await expect(regional.getByTestId('cross-ranking').locator('tbody tr').first()).toContainText('12 / 12');
  await expect(page.getByText('市财政局（区外）')).toBeVisible();

  await page.goto('/joint?year=2017');
  await hydrated(page);
  const form = page.getByTestId('cross-form');
  await form.getByLabel('评分单位').selectOption({ label: '滠口街道' });
  await form.getByLabel('被评单位').selectOption({ label: '滠口街道' });
  for (const label of ['教学水平', '组织管理', '学员能力', '培训成效']) await form.getByLabel(label).fill('91');
  await form.getByRole('button', { name: '保存评分' }).click();
  await expect(page.getByRole('alert')).toHaveText('交叉评估不能给本单位打分');
  await form.getByLabel('评分单位').selectOption({ label: '滠口街道' });
  await form.getByLabel('被评单位').selectOption({ label: '武湖街道' });
  for (const label of ['教学水平', '组织管理', '学员能力', '培训成效']) await form.getByLabel(label).fill('91');
  await form.getByRole('button', { name: '保存评分' }).click();
  await expect(page.getByRole('status')).toHaveText('交叉评估分数已保存');
  await context.close();
});

test('the org admin imports competency results and sees the team structure; supervisors may not look', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'orgadmin');
  await page.goto('/competency?year=2016');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2016 年区管领导班子履职能力测试');
  await expect(page.getByTestId('chart-team-structure')).toBeVisible();
  const members = page.getByTestId('team-members').locator('tbody tr');
  const first = await members.nth(0).locator('td').allTextContents();
  const second = await members.nth(1).locator('td').allTextContents();
  await hydrated(page);
  const form = page.getByTestId('competency-import');
  await form.getByLabel('年度').fill('2017');
  await form.locator('input[type=file]').setInputFiles({
    name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,政治理论\n张三,90\n'),
  });
  await form.getByRole('button', { name: '导入' }).click();
  await expect(page.getByTestId('competency-report')).toContainText('标题行须包含');
  const csv = `人员编号,姓名,政治理论,综合素养,履职能力\n${first[0]},${first[1]},95,70,88\n${second[0]},${second[1]},85,58,92\n`;
  await form.locator('input[type=file]').setInputFiles({ name: 'results.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await form.getByRole('button', { name: '导入' }).click();
  await expect(page.getByTestId('competency-report')).toHaveText('已导入 2 人的成绩');
  await page.goto('/competency?year=2017');
  await hydrated(page);
  await expect(page.getByTestId('competency-total')).toContainText('参测人数');
  await expect(page.getByTestId('team-grades').locator('tbody tr').nth(1)).toContainText('64.0');
  await context.close();

  const supervisor = await signedInPage(browser, 'supervisor', phone);
  await supervisor.page.goto('/competency');
  await hydrated(supervisor.page);
  await expect(supervisor.page.getByRole('alert')).toContainText('没有权限');
  await supervisor.context.close();
});

import { test, expect, Page } from '@playwright/test';
import { signIn } from './helpers';

// 教学计划 (#18): a school's yearly plan on its page — each line done or not yet by the classes held
// for it; a class planned for a line from the plan; the joint school's unified plan under its rotating
// principal, hosted by its members in turn; the joint-training groups' co-made plans.

const hydrated = (p: Page) => p.locator('body[data-hydrated]').waitFor({ state: 'attached' });

async function schoolHref(page: Page, name: string) {
  await page.goto('/map?period=all');
  return (await page.getByTestId('school-list').getByRole('link', { name }).getAttribute('href'))!;
}

test('a school admin plans the year, holds a class for a line, and the plan shows it arranged', async ({ page }) => {
  await signIn(page, 'schooladmin');
  const href = await schoolHref(page, '前川街前川片区业余党校');
  await page.goto(href);
  await hydrated(page);
  const panel = page.getByTestId('teaching-plan');
  const summary = panel.getByTestId('plan-summary');
  await expect(summary).toContainText('2017 年共 12 项');
  const lines = panel.getByTestId('plan-lines').locator('tbody tr');
  await expect(lines).toHaveCount(12);
  expect(await panel.locator('tr[data-state="done"]').count()).toBeGreaterThan(0);
  await expect(panel.locator('tr[data-state="ahead"]').first()).toContainText('待开展');

  // A new line for August.
  const topic = '学习党章党规专题（计划测试）';
  const form = panel.getByTestId('plan-line-form');
  await form.getByLabel('月份').selectOption({ label: '8 月' });
  await form.getByLabel('教学专题').fill(topic);
  await form.getByLabel('类别').selectOption({ label: '法律法规' });
  await form.getByRole('button', { name: '添加到 2017 年计划' }).click();
  await expect(panel.getByRole('status')).toHaveText('已添加计划项');
  await expect(summary).toContainText('2017 年共 13 项');
  const row = panel.locator('tr', { hasText: topic });
  await expect(row).toHaveAttribute('data-state', 'ahead');

  // 按计划办班: the planning form comes filled from the line.
  await row.getByRole('link', { name: '按计划办班' }).click();
  await expect(page).toHaveURL(/\/classes\?line=\d+/);
  await hydrated(page);
  const plan = page.getByTestId('plan-form');
  await expect(page.getByTestId('plan-from-line')).toContainText(`2017 年 8 月：${topic}`);
  await expect(plan.getByLabel('培训班名称')).toHaveValue(topic);
  await expect(plan.getByLabel('课程类别')).toHaveValue('law_regulation');
  await plan.locator('select[name="plan[teacher_1]"]').selectOption({ index: 1 });
  await plan.getByLabel('开始时间').fill('2017-08-10T14:30');
  await plan.getByLabel('结束时间').fill('2017-08-10T17:30');
  await plan.getByLabel('培训地点').fill('前川街党员活动中心（计划测试）');
  await plan.getByLabel('学时', { exact: true }).fill('3');
  await plan.getByRole('button', { name: '创建培训班' }).click();
  const planned = page.getByTestId('planned');
  await expect(planned).toContainText('已创建培训班');
  const classHref = (await planned.getByRole('link', { name: '查看培训班' }).getAttribute('href'))!;

  // The plan: arranged, with its class; it cannot be removed while the class stands.
  await page.goto(href);
  await hydrated(page);
  await expect(row).toHaveAttribute('data-state', 'arranged');
  await expect(row.getByRole('link', { name: topic })).toHaveAttribute('href', classHref);
  await row.getByRole('button', { name: `删除 8 月「${topic}」` }).click();
  await expect(panel.getByRole('alert')).toContainText('不能删除');
  await expect(summary).toContainText('2017 年共 13 项');

  // Put back: the class cancelled, the line removed.
  await page.goto(classHref);
  await hydrated(page);
  await page.getByTestId('cancel-class').click();
  await expect(page.getByTestId('cancel-class')).toHaveCount(0);
  await page.goto(href);
  await hydrated(page);
  await row.getByRole('button', { name: `删除 8 月「${topic}」` }).click();
  await expect(panel.getByRole('status')).toHaveText('已删除计划项');
  await expect(summary).toContainText('2017 年共 12 项');
  // Another year's plan: chosen on the page (none yet for next year).
  await panel.getByTestId('plan-year').selectOption('2018');
  await expect(summary).toContainText('2018 年共 0 项');
  await expect(panel.getByTestId('plan-line-form').getByRole('button')).toHaveText('添加到 2018 年计划');
});

test("the joint school's unified plan names its rotating principal and its members' hosting turns; visitors only read it", async ({ page }) => {
  const href = await schoolHref(page, '群团组织联合业余党校');
  await page.goto(href);
  await hydrated(page);
  const panel = page.getByTestId('teaching-plan');
  await expect(panel.getByTestId('joint-plan-made-by')).toContainText(/轮值校长 \S+（\S+）/);
  await expect(panel.getByTestId('joint-plan-made-by')).toContainText('议事规则：已上传');
  await expect(panel.getByTestId('hosting-turns')).toContainText(/各成员单位轮流承办：.+ \d+ 项/);
  await expect(panel.getByTestId('hosting-turns')).toContainText('下一项轮到');
  await expect(panel.getByTestId('plan-lines').locator('thead')).toContainText('承办单位');
  await expect(panel.getByTestId('plan-lines').locator('tbody tr')).toHaveCount(12);
  await expect(panel.getByTestId('plan-line-form')).toHaveCount(0);
  await expect(panel.getByRole('link', { name: '按计划办班' })).toHaveCount(0);
});

test("the joint-training groups' plans show each month done or not yet, and the organisation department plans a class for one", async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/joint?year=2017');
  await hydrated(page);
  const regional = page.getByTestId('joint-group').first();
  const months = regional.getByTestId('joint-plan').locator('tbody tr');
  await expect(months).toHaveCount(12);
  await expect(months.first()).toContainText('已完成');
  await expect(months.nth(11)).toContainText('待开展');
  await months.nth(11).getByRole('link', { name: '按计划办班' }).click();
  await expect(page).toHaveURL(/\/classes\?line=\d+/);
  await hydrated(page);
  await expect(page.getByTestId('plan-from-line')).toContainText('2017 年 12 月：年度培训成效交流');
  await expect(page.getByTestId('plan-form').locator('select[name="plan[joint_group_id]"]')).toHaveValue(/\d+/);
});

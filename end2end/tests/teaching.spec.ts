import { test, expect } from '@playwright/test';
import { hydrated, phone, signedInPage } from './helpers';

test('a cadre on a phone evaluates a class anonymously, once', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'cadre', phone);
  await page.goto('/me/feedback');
  await hydrated(page);
  const first = page.getByTestId('feedback-due').locator('li').first();
  const classId = await first.getAttribute('data-class');
  // Every scale must be chosen (the browser asks before anything is sent; the server checks again).
  await expect(first.getByLabel('教学内容')).toHaveAttribute('required', '');
  for (const label of ['教学内容', '教师授课', '组织管理', '培训收获']) {
    await first.getByLabel(label).selectOption('5');
  }
  await first.getByLabel('意见建议（可选）').fill('联系实际，很有启发');
  await first.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('status')).toHaveText('感谢您的评价');
  await expect(page.locator(`[data-class="${classId}"]`)).toHaveCount(0);
  await context.close();
});

test('a teacher sees the ranking, the formula and their own points', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'teacher', phone);
  await page.goto('/teachers');
  await hydrated(page);
  await expect(page.getByTestId('points-formula')).toContainText('积分 = 授课期数 × 1');
  await expect(page.getByTestId('my-points')).toContainText('第 ');
  // The demo's 120 teachers (and any a test added since).
  expect(await page.getByTestId('teacher-ranking').locator('tbody tr').count()).toBeGreaterThanOrEqual(120);
  await expect(page.getByTestId('reported').locator('li')).toHaveCount(10);
  await context.close();
});

test('the premium courses of 2016 are published with rewards and notices', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'orgadmin');
  await page.goto('/courses?year=2016');
  await hydrated(page);
  await expect(page.getByTestId('selection-state')).toContainText('评选结果已于');
  const selected = page.getByTestId('nominations').locator('tr[data-status="selected"]');
  expect(await selected.count()).toBeGreaterThan(0);
  await expect(selected.filter({ hasText: '奖励 8 学时' }).first()).toBeVisible();
  await page.goto('/courses?year=2017');
  await hydrated(page);
  await expect(page.getByTestId('selection-state')).toContainText('评审中');
  await context.close();
});

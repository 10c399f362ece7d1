import { test, expect, Page } from '@playwright/test';
import { chartDrawn, signIn } from './helpers';

// 红色大讲堂 (#18): the Red Lecture Hall's page for anyone — its lectures numbered, the red teaching
// bases; the organisation department plans a lecture for all cadres at a base (no filing), keeps the
// bases; the dashboard's monthly chart marks the first lecture from the class held.

const hydrated = (p: Page) => p.locator('body[data-hydrated]').waitFor({ state: 'attached' });

test('anyone reads the Red Lecture Hall: the first lecture on the article day, at its base, marked on the dashboard', async ({ page }) => {
  await page.goto('/');
  await page.locator('header nav').getByRole('link', { name: '红色大讲堂', exact: true }).click();
  await expect(page).toHaveURL(/\/red-lectures$/);
  const first = page.getByTestId('red-lectures').locator('tbody tr', { hasText: '第 1 期' });
  await expect(first).toContainText('2017-05-25');
  await expect(first).toContainText('首期红色大讲堂：传承红色基因');
  await expect(first).toContainText('木兰故里·滠水河畔现场教学点');
  await expect(page.getByTestId('red-bases')).toContainText('木兰山红色教学基地');
  await expect(page.getByTestId('red-base-form')).toHaveCount(0);
  // The monthly chart's mark comes from the class held, not from a fixed list.
  await page.goto('/');
  await chartDrawn(page, 'chart-monthly');
  const marks = await page.evaluate(() => {
    const chart = (window as any).echarts.getInstanceByDom(document.getElementById('chart-monthly'));
    return chart.getOption().series[0].markLine.data.map((d: any) => d.name);
  });
  expect(marks).toContain('首次红色大讲堂（5月25日）');
});

test('the organisation department plans the next lecture at a red base and keeps the bases', async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/classes');
  await hydrated(page);
  await page.getByText('新建培训班').click();
  const form = page.getByTestId('plan-form');
  const title = '第二期红色大讲堂：红七军的诞生（测试）';
  await form.getByLabel('培训班类型').selectOption('red_lecture');
  await form.getByLabel(/红色教学基地/).selectOption({ label: '木兰山红色教学基地' });
  await form.locator('select[name="plan[school_id]"]').selectOption({ label: '木兰乡业余党校' });
  await form.getByLabel('培训班名称').fill(title);
  await form.locator('select[name="plan[teacher_1]"]').selectOption({ index: 1 });
  await form.getByLabel('开始时间').fill('2017-07-01T09:00');
  await form.getByLabel('结束时间').fill('2017-07-01T11:30');
  await form.getByLabel('培训地点').fill('木兰山');
  await form.getByLabel('学时', { exact: true }).fill('2.5');
  await form.getByRole('button', { name: '创建培训班' }).click();
  const planned = page.getByTestId('planned');
  await expect(planned).toContainText('已创建培训班');
  await expect(planned).not.toContainText('事前备案');
  const href = (await planned.getByRole('link', { name: '查看培训班' }).getAttribute('href'))!;
  await page.goto(href);
  await expect(page.getByTestId('red-base')).toHaveText('红色教学基地：木兰山红色教学基地');

  // Listed first, numbered second.
  await page.goto('/red-lectures');
  await hydrated(page);
  const rows = page.getByTestId('red-lectures').locator('tbody tr');
  await expect(rows.first()).toContainText('第 2 期');
  await expect(rows.first()).toContainText(title);

  // A base added, then retired (kept in the list, marked).
  const base = `姚集红色教学点（测试${Date.now() % 100000}）`;
  const add = page.getByTestId('red-base-form');
  await add.getByLabel('基地名称').fill(base);
  await add.getByLabel('所在地').fill('姚集街');
  await add.getByRole('button', { name: '添加基地' }).click();
  await expect(page.getByRole('status')).toHaveText('已添加红色教学基地');
  const row = page.getByTestId('red-bases').locator('tr', { hasText: base });
  await row.getByRole('button', { name: `停用 ${base}` }).click();
  await expect(row).toContainText('停用）');
  // A name already used: said so.
  await add.getByLabel('基地名称').fill(base);
  await add.getByLabel('所在地').fill('姚集街');
  await add.getByRole('button', { name: '添加基地' }).click();
  await expect(page.getByRole('alert')).toContainText('同名');

  // Put back: the lecture cancelled (listed without a number).
  await page.goto(href);
  await hydrated(page);
  await page.getByTestId('cancel-class').click();
  await expect(page.getByTestId('cancel-class')).toHaveCount(0);
  await page.goto('/red-lectures');
  await expect(page.getByTestId('red-lectures').locator('tr', { hasText: title })).toContainText('已取消');
});

test('a school admin is not offered the Red Lecture Hall, and the server refuses one', async ({ page }) => {
  await signIn(page, 'schooladmin');
  await page.goto('/classes');
  await hydrated(page);
  await page.getByText('新建培训班').click();
  await expect(page.getByTestId('plan-form').getByLabel('培训班类型')).toHaveCount(0);
  const refused = await page.evaluate(async () => {
    const body = new URLSearchParams({
      'plan[title]': '自办红色大讲堂', 'plan[category]': 'political_theory', 'plan[teacher_1]': '1', 'plan[venue]': '木兰山',
      'plan[venue_kind]': 'school', 'plan[starts_at]': '2017-07-01T09:00', 'plan[ends_at]': '2017-07-01T11:00', 'plan[hours]': '2',
      'plan[kind]': 'red_lecture', 'plan[red_base_id]': '1',
    });
    const r = await fetch('/api/plan_class', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body });
    return [r.status, await r.text()] as const;
  });
  expect(refused[0]).toBe(422);
  expect(refused[1]).toContain('组织部');
});

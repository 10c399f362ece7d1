import { test, expect, Page } from '@playwright/test';
import { signIn } from './helpers';

// The district's own data (#17): the organisation department finds, changes and places its schools;
// a school admin keeps their own school's profile and no other's; every change in the change log.

const hydrated = (p: Page) => p.locator('body[data-hydrated]').waitFor({ state: 'attached' });

test('the organisation department searches its schools a page at a time', async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/admin/schools');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('共 78 所（第 1 / 4 页）');
  await expect(page.getByTestId('schools-admin').locator('tbody tr')).toHaveCount(20);
  await page.getByRole('link', { name: '下一页' }).click();
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('共 78 所（第 2 / 4 页）');
  // A search by the host unit's name: only its schools, one page.
  await page.getByLabel('名称或举办单位').fill('前川');
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page).toHaveURL(/q=%E5%89%8D%E5%B7%9D/);
  const rows = page.getByTestId('schools-admin').locator('tbody tr');
  await expect(rows.first()).toContainText('前川');
  const count = await rows.count();
  expect(count).toBeGreaterThan(1);
  expect(count).toBeLessThan(20);
  for (const text of await rows.allTextContents()) expect(text).toContain('前川');
  await expect(page.getByRole('link', { name: '下一页' })).toHaveCount(0);
});

test('a school moved and given a new principal shows it on its page, and the change log says who changed what', async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/admin/schools/5');
  await hydrated(page);
  const form = page.getByTestId('school-form');
  const principalField = form.locator('input[name="school[principal_id]"]');
  const latField = form.locator('input[name="school[lat]"]');
  // What it was (put back at the end: the other tests read the demo district as it is).
  const [wasPrincipal, wasLat] = [await principalField.inputValue(), await latField.inputValue()];
  await principalField.fill('1234');
  await latField.fill('30.9001');
  await form.getByRole('button', { name: '保存基本信息' }).click();
  await expect(page.getByText('基本信息已保存')).toBeVisible();
  const log = page.getByTestId('school-changes');
  const latest = log.locator('tbody tr').first();
  // Who: the org admin signed in (a generated name), and what: this school.
  const who = await page.evaluate(async () => (await (await fetch('/api/whoami', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).json()).display_name as string);
  await expect(latest).toContainText(who);
  await expect(latest).toContainText('修改 ' + (await page.getByRole('heading', { level: 1 }).textContent())!.trim());
  await expect(latest).toContainText(/校长：.* → .*（1234）/);
  await expect(latest).toContainText(/位置：[\d.]+, [\d.]+ → [\d.]+, 30\.90010/);
  const named = (await form.locator('label', { hasText: '校长（人员编号）' }).first().locator('.muted').textContent())!.replace('现任：', '');
  expect(named.length).toBeGreaterThan(1);
  // A person number nobody has is refused, and nothing changes.
  await principalField.fill('99999999');
  await form.getByRole('button', { name: '保存基本信息' }).click();
  await expect(page.getByRole('alert')).toContainText('人员编号 99999999 不存在');
  await expect(log.locator('tbody tr')).toHaveCount(1);
  await expect(principalField, 'the refused form keeps what was typed').toHaveValue('99999999');
  // Its public page has the new principal.
  await page.goto('/schools/5');
  await expect(page.locator('main')).toContainText(named);
  // Put back.
  await page.goto('/admin/schools/5');
  await hydrated(page);
  await principalField.fill(wasPrincipal);
  await latField.fill(wasLat);
  await form.getByRole('button', { name: '保存基本信息' }).click();
  await expect(page.getByText('基本信息已保存')).toBeVisible();
  await expect(log.locator('tbody tr')).toHaveCount(2);
});

test('a school admin keeps their own school profile and cannot open another school', async ({ page }) => {
  await signIn(page, 'schooladmin');
  await page.goto('/admin/schools/mine');
  await hydrated(page);
  // Only the profile: the founding data are the organisation department's.
  await expect(page.getByTestId('school-form')).toHaveCount(0);
  const profile = page.getByTestId('profile-form');
  await profile.getByLabel('办学场所').fill('街道党群服务中心二楼');
  await profile.getByLabel('联系人及电话').fill('王老师 027-61380000');
  await profile.getByRole('button', { name: '保存简介' }).click();
  await expect(page.getByText('简介已保存')).toBeVisible();
  await expect(page.getByTestId('school-changes')).toContainText('办学场所：（空） → 街道党群服务中心二楼');
  // Another school's record: refused on the server, with a clear message.
  const own = await page.evaluate(async () => {
    const r = await fetch('/api/school_for_editing', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'school_id=0' });
    return (await r.json()).record.id as number;
  });
  // Its public page says it.
  await page.goto(`/schools/${own}`);
  await expect(page.getByTestId('school-facts')).toContainText('办学场所街道党群服务中心二楼');
  await page.goto(`/admin/schools/${own === 1 ? 2 : 1}`);
  await expect(page.getByRole('alert')).toContainText('没有权限');
  await expect(page.getByTestId('profile-form')).toHaveCount(0);
});

test('the organisation department imports people: a preview first, every bad row listed, then the whole file', async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/admin/people');
  await hydrated(page);
  // The template to fill in.
  const template = await page.request.get('/templates/people.csv');
  expect(template.status()).toBe(200);
  expect(await template.text()).toContain('人员编号,姓名,单位,职级');
  const form = page.getByTestId('people-import');
  const report = page.getByTestId('people-report');
  const csv = (text: string) => ({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  // A bad file: nothing imported, each bad row named by its line.
  await form.getByLabel('名单文件').setInputFiles(csv('人员编号,姓名,单位,职级\n900001,测试甲,前川街道,其他\n900001,测试乙,前川街道,其他\n900003,测试丙,火星街道,其他\n'));
  await form.getByRole('button', { name: '预览' }).click();
  await expect(report).toContainText('未导入：2 行有问题');
  await expect(report).toContainText('第 3 行：人员编号 900001 与第 2 行重复');
  await expect(report).toContainText('第 4 行：单位「火星街道」不存在');
  // A good one: previewed, nothing written yet, then confirmed.
  await form.getByLabel('名单文件').setInputFiles(csv('人员编号,姓名,单位,职级\n900001,测试甲,前川街道,其他\n900002,测试乙,前川街道,其他\n'));
  await expect(report).toHaveCount(0);
  await form.getByRole('button', { name: '预览' }).click();
  await expect(report).toContainText('预览（尚未导入）：共 2 行，新增 2 人');
  await form.getByRole('button', { name: '确认导入' }).click();
  await expect(report).toContainText('已导入：共 2 行，新增 2 人');
  await expect(form.getByRole('button', { name: '预览' })).toBeVisible();
  // The same file again changes nothing.
  await form.getByLabel('名单文件').setInputFiles(csv('人员编号,姓名,单位,职级\n900001,测试甲,前川街道,其他\n900002,测试乙,前川街道,其他\n'));
  await form.getByRole('button', { name: '预览' }).click();
  await expect(report).toContainText('新增 0 人，变更 0 人（调动 0 人、职级变化 0 人），未变 2 人');
  await expect(form.getByRole('button', { name: '确认导入' })).toHaveCount(0);
});

test("a person is found by number and their page (hours of three years, classes) is read — and the read is logged", async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/admin/people?q=1234');
  await hydrated(page);
  const rows = page.getByTestId('people').locator('tbody tr');
  await expect(rows.first()).toContainText('1234');
  await rows.first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('（1234）');
  await expect(page.getByTestId('person-facts')).toContainText('单位');
  await expect(page.getByTestId('person-years').locator('tbody tr')).toHaveCount(4);
  await page.goto('/admin/accounts');
  await expect(page.getByTestId('security-log')).toContainText('查看人员 1234');
});

test('a school admin cancels a planned class: it says so, keeps its log and cannot be opened', async ({ page }) => {
  await signIn(page, 'schooladmin');
  await page.goto('/classes');
  await hydrated(page);
  const planned = await page.evaluate(async () => {
    const body = new URLSearchParams({
      'plan[title]': '取消测试专题班', 'plan[category]': 'political_theory', 'plan[teacher_1]': '1', 'plan[venue]': '本校报告厅',
      'plan[venue_kind]': 'school', 'plan[starts_at]': '2017-06-20T09:00', 'plan[ends_at]': '2017-06-20T11:00', 'plan[hours]': '2',
    });
    const r = await fetch('/api/plan_class', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body });
    return (await r.json()).id as number;
  });
  await page.goto(`/classes/${planned}`);
  await hydrated(page);
  await expect(page.getByTestId('class-status')).toHaveText('筹备中');
  await page.getByTestId('cancel-class').click();
  await expect(page.getByTestId('step-result')).toHaveText('培训班已取消');
  await expect(page.getByTestId('class-status')).toHaveText('已取消');
  await expect(page.getByTestId('open-class')).toHaveCount(0);
  await expect(page.getByTestId('cancel-class')).toHaveCount(0);
  await expect(page.locator('main')).toContainText('取消培训班');
});

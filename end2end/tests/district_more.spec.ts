import { test, expect, Page } from '@playwright/test';
import { signIn, signedInPage } from './helpers';

// The district's own data, part two (#17): units merged, the teacher pool kept by the department and
// by each teacher, accounts for a unit's cadres handed out as one-time links.

const hydrated = (p: Page) => p.locator('body[data-hydrated]').waitFor({ state: 'attached' });

test('two new units: one merged into the other takes its people along and stays on record as merged', async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/admin/units');
  await hydrated(page);
  const form = page.getByTestId('unit-form');
  const stamp = Date.now().toString().slice(-5);
  for (const [name, short] of [[`区合并测试甲${stamp}`, `甲${stamp}`], [`区合并测试乙${stamp}`, `乙${stamp}`]]) {
    await form.getByLabel('全称').fill(name);
    await form.getByLabel('简称').fill(short);
    await form.getByLabel('类别').selectOption('department');
    await form.getByRole('button', { name: '保存单位' }).click();
    await expect(page.getByTestId('units')).toContainText(name);
  }
  const retire = page.getByTestId('retire-form');
  await retire.getByLabel('撤销的单位').selectOption({ label: `区合并测试甲${stamp}` });
  await retire.getByLabel('并入单位（合并时选择）').selectOption({ label: `区合并测试乙${stamp}` });
  await retire.getByRole('button', { name: '撤销或合并' }).click();
  await expect(page.getByText('单位已撤销')).toBeVisible();
  const row = page.getByTestId('units').locator('tr', { hasText: `区合并测试甲${stamp}` });
  await expect(row).toContainText(`并入区合并测试乙${stamp}`);
  await expect(page.getByTestId('unit-changes').locator('tbody tr').first()).toContainText(`合并 区合并测试甲${stamp}`);
  // A retired unit is offered nowhere any more.
  await expect(retire.getByLabel('撤销的单位').locator('option', { hasText: `区合并测试甲${stamp}` })).toHaveCount(0);
  // Retiring a unit that still has people without a survivor is refused, with the reason.
  await retire.getByLabel('撤销的单位').selectOption({ index: 1 });
  await retire.getByLabel('并入单位（合并时选择）').selectOption({ index: 0 });
  await retire.getByRole('button', { name: '撤销或合并' }).click();
  await expect(page.getByRole('alert')).toContainText('请选择并入的单位');
});

test('the department adds a pool teacher with specialties, and a teacher changes only their own', async ({ page, browser }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/admin/teachers');
  await hydrated(page);
  await page.getByText('新增教师').click();
  const form = page.getByTestId('new-teacher');
  const name = `罗文静${Date.now().toString().slice(-3)}`;
  await form.getByLabel('姓名').fill(name);
  await form.getByLabel('区内或区外').selectOption('out');
  await form.getByLabel('所在单位').fill('中共武汉市委党校');
  await form.getByLabel('职务职称').fill('教授');
  // No specialty: refused, the reason said.
  await form.getByRole('button', { name: '加入师资库' }).click();
  await expect(page.getByRole('alert')).toContainText('请至少选择一项专长');
  await form.getByLabel('法律法规').check();
  await form.getByLabel('政治理论').check();
  await form.getByRole('button', { name: '加入师资库' }).click();
  await expect(page.getByText('教师已加入师资库')).toBeVisible();
  await page.getByLabel('姓名或单位').fill(name);
  await page.getByRole('button', { name: '查找' }).click();
  const row = page.getByTestId('teachers-admin').locator('tbody tr').first();
  await expect(row).toContainText('政治理论、法律法规');
  await expect(row).toContainText('区外');
  // The list as a workbook: the rows the search finds.
  const exported = page.waitForEvent('download');
  await page.getByRole('link', { name: '导出 Excel' }).click();
  expect((await exported).suggestedFilename()).toBe('teachers.xlsx');

  // The demo teacher: their own page, from the navigation.
  const t = await signedInPage(browser, 'teacher');
  // (/me/hours comes without the WebAssembly on a first visit: its links are plain links.)
  await t.page.goto('/me/hours');
  await t.page.getByRole('link', { name: '我的师资资料' }).click();
  await expect(t.page).toHaveURL(/\/admin\/teachers\/mine$/);
  await hydrated(t.page);
  const own = t.page.getByTestId('teacher-form');
  await expect(own.getByLabel('姓名')).toHaveCount(0);
  const box = own.getByLabel('现场教学');
  const was = await box.isChecked();
  await box.setChecked(!was);
  if (was) await own.getByLabel('政治理论').check();
  await own.getByRole('button', { name: '保存我的资料' }).click();
  await expect(t.page.getByText('资料已保存')).toBeVisible();
  await expect(t.page.getByTestId('teacher-changes').locator('tbody tr').first()).toContainText('专长');
  // Not another teacher's record: the server refuses it.
  const other = await t.page.evaluate(async () => (await fetch('/api/teacher_for_editing', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: 'teacher_id=1' })).status);
  expect([403, 404]).toContain(other);
  await t.context.close();
});

test("a unit's cadres get accounts: the sheet's link sets a password once and signs the cadre in", async ({ page, browser }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/admin/accounts');
  await hydrated(page);
  const form = page.getByTestId('issue-links');
  const unit = form.getByLabel('单位');
  await expect(unit.locator('option')).not.toHaveCount(1);
  // A township (the demo's first): its district-managed cadres.
  await unit.selectOption({ index: 1 });
  await form.getByRole('button', { name: '开通账号并生成登录链接' }).click();
  const issued = page.getByTestId('issued');
  await expect(issued).toContainText('新开通');
  const download = page.waitForEvent('download');
  await issued.getByRole('link', { name: '下载发放表（Excel）' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^登录链接-.*\.xlsx$/);
  const links = page.getByTestId('issued-links').locator('tbody tr');
  const count = await links.count();
  expect(count).toBeGreaterThan(0);
  const link = (await links.first().locator('td').nth(2).textContent())!.trim();
  const username = (await links.first().locator('td').nth(1).textContent())!.trim();
  expect(link).toMatch(/\/welcome\?t=[0-9a-f]{64}$/);

  // The cadre, on their phone, not signed in.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  await phone.goto(link.replace(/^https?:\/\/[^/]+/, ''));
  await hydrated(phone);
  await expect(phone.getByTestId('welcome')).toContainText(`您的用户名是 ${username}`);
  await phone.getByLabel('新密码', { exact: true }).fill('short');
  await phone.getByLabel('再次输入新密码').fill('short');
  await phone.getByRole('button', { name: '设置密码并登录' }).click();
  await expect(phone.getByRole('alert')).toContainText('至少');
  await phone.getByLabel('新密码', { exact: true }).fill('cadre-Passw0rd');
  await phone.getByLabel('再次输入新密码').fill('cadre-Passw0rd');
  await phone.getByRole('button', { name: '设置密码并登录' }).click();
  await expect(phone).toHaveURL(/\/me\/hours$/);
  await expect(phone.getByTestId('who')).toBeVisible();
  // The link works once.
  await phone.goto(link.replace(/^https?:\/\/[^/]+/, ''));
  await expect(phone.getByRole('alert')).toContainText('已使用');
  await context.close();
  // And the new account signs in with its number and password.
  const again = await browser.newContext();
  const p2 = await again.newPage();
  await signIn(p2, username, 'cadre-Passw0rd');
  await again.close();
  // The accounts' list finds it by its number (a page at a time, newest first).
  await page.goto('/admin/accounts');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: /^账号（共 \d+ 个，第 1 \/ \d+ 页）$/ })).toBeVisible();
  expect(await page.getByTestId('accounts').locator('li').count()).toBeLessThanOrEqual(20);
  await page.getByLabel('用户名或姓名').fill(username);
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByTestId('accounts').locator('li')).toHaveCount(1);
  await expect(page.locator(`li[data-username="${username}"]`)).toBeVisible();
});

test('a school admin reschedules a planned class: the page shows the new time and the log says what changed', async ({ page }) => {
  await signIn(page, 'schooladmin');
  await page.goto('/classes');
  await hydrated(page);
  const planned = await page.evaluate(async () => {
    const body = new URLSearchParams({
      'plan[title]': '改期测试专题班', 'plan[category]': 'political_theory', 'plan[teacher_1]': '1', 'plan[venue]': '本校报告厅',
      'plan[venue_kind]': 'school', 'plan[starts_at]': '2017-06-21T09:00', 'plan[ends_at]': '2017-06-21T11:00', 'plan[hours]': '2',
    });
    const r = await fetch('/api/plan_class', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body });
    return (await r.json()).id as number;
  });
  await page.goto(`/classes/${planned}`);
  await hydrated(page);
  await page.locator('summary', { hasText: '修改或改期' }).click();
  const form = page.getByTestId('edit-class');
  await expect(form.getByLabel('培训班名称')).toHaveValue('改期测试专题班');
  await expect(form.getByLabel('开始时间')).toHaveValue('2017-06-21T09:00');
  // The end before the start: refused, said in Chinese.
  await form.getByLabel('结束时间').fill('2017-06-20T08:00');
  await form.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByRole('alert')).toContainText('结束时间');
  await form.getByLabel('开始时间').fill('2017-06-23T14:00');
  await form.getByLabel('结束时间').fill('2017-06-23T16:30');
  await form.getByLabel('培训地点').fill('区委党校第二教室');
  await form.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByTestId('edited')).toContainText('已保存修改');
  await expect(page.locator('dl.facts')).toContainText('区委党校第二教室');
  await expect(page.locator('dl.facts')).toContainText('06-23');
  await expect(page.locator('main')).toContainText('开始：2017-06-21 09:00 → 2017-06-23 14:00');
  // Cancelled again (the other tests read the district as it is).
  await page.getByTestId('cancel-class').click();
  await expect(page.getByTestId('class-status')).toHaveText('已取消');
  await expect(page.getByTestId('edit-class')).toHaveCount(0);
});

test("a school's place is picked on the district's outline: the click fills the coordinates and the change is logged", async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/admin/schools/7');
  await hydrated(page);
  const form = page.getByTestId('school-form');
  const [lon, lat] = [form.locator('input[name="school[lon]"]'), form.locator('input[name="school[lat]"]')];
  const was = [await lon.inputValue(), await lat.inputValue()];
  const picker = form.getByTestId('place-picker');
  await expect(picker.locator('path.district')).toHaveAttribute('d', /^M[\d ]+L/);
  await expect(picker.getByTestId('picked')).toHaveCount(1);
  // The middle of the drawing is the middle of the district's extent (114.15–114.62, 30.66–31.37).
  const box = (await picker.boundingBox())!;
  await picker.click({ position: { x: box.width / 2, y: box.height / 2 } });
  await expect(lon).toHaveValue(/^114\.38\d*/);
  await expect(lat).toHaveValue(/^31\.01\d*/);
  const marker = picker.getByTestId('picked');
  expect(Number(await marker.getAttribute('cy'))).toBeCloseTo(355, -1);
  await form.getByRole('button', { name: '保存基本信息' }).click();
  await expect(page.getByText('基本信息已保存')).toBeVisible();
  await expect(page.getByTestId('school-changes').locator('tbody tr').first()).toContainText(/位置：.* → 114\.38\d*, 31\.01\d*/);
  // Typed coordinates move the marker too; put back.
  await lon.fill(was[0]);
  await lat.fill(was[1]);
  await form.getByRole('button', { name: '保存基本信息' }).click();
  await expect(page.getByTestId('school-changes').locator('tbody tr')).toHaveCount(2);
});

test("the joint school's next rotating principal is given a term, shown on the school's page, and removed before it begins", async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/admin/schools?q=%E8%81%94%E5%90%88');
  await hydrated(page);
  await page.getByTestId('schools-admin').getByRole('link', { name: '群团组织联合业余党校' }).click();
  await expect(page.getByTestId('principal-terms')).toBeVisible();
  const terms = page.getByTestId('principal-terms').locator('tbody tr');
  const before = await terms.count();
  const form = page.getByTestId('term-form');
  // Overlapping the current term (to 2017-05-31): refused.
  await form.getByLabel('轮值校长（人员编号）').fill('53127');
  await form.getByLabel('所在成员单位').selectOption({ index: 2 });
  await form.getByLabel('任期开始').fill('2017-05-01');
  await form.getByLabel('任期结束').fill('2018-04-30');
  await form.getByRole('button', { name: '添加任期' }).click();
  await expect(page.getByRole('alert')).toContainText('重叠');
  await form.getByLabel('任期开始').fill('2017-06-01');
  await form.getByLabel('任期结束').fill('2018-05-31');
  await form.getByRole('button', { name: '添加任期' }).click();
  await expect(terms).toHaveCount(before + 1);
  const added = terms.filter({ hasText: '2017-06-01 至 2018-05-31' });
  await expect(added).toHaveCount(1);
  const url = page.url();
  await page.goto(url.replace('/admin/schools/', '/schools/'));
  await expect(page.locator('main')).toContainText('2017-06-01');
  // Removed again before it begins (the other tests read the district as it is).
  await page.goto(url);
  await hydrated(page);
  await page.getByTestId('principal-terms').locator('tr', { hasText: '2017-06-01 至 2018-05-31' }).getByRole('button', { name: '删除' }).click();
  await expect(page.getByText('任期已删除')).toBeVisible();
  await expect(page.getByTestId('principal-terms').locator('tbody tr')).toHaveCount(before);
});

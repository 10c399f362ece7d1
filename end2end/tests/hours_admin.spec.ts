import { test, expect } from '@playwright/test';
import { phone, signIn, signedInPage, hydrated } from './helpers';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

test('a leader on a phone sees the compliance view and can export it', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'leader', phone);
  await page.goto('/hours?year=2016');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2016 年区管干部学时达标情况');
  await expect(page.getByTestId('compliance-scope')).toContainText('统计至 2016-12-31');
  const total = page.getByTestId('compliance-total');
  await expect(total).toContainText('区管干部');
  const cadres = Number(await total.locator('.num').first().textContent());
  expect(cadres).toBeGreaterThan(100);
  // Every unit's row adds up to the district's total.
  const counts = await page.getByTestId('compliance-units').locator('tbody tr td:nth-child(2)').allTextContents();
  expect(counts.length).toBeGreaterThan(10);
  expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(cadres);
  await expect(page.getByTestId('compliance-behind').locator('tbody tr').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  const xlsx = await page.request.get('/hours/export.xlsx?year=2016');
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
  await context.close();
});

test('a supervisor sees only the group, a cadre not at all', async ({ browser }) => {
  const sup = await signedInPage(browser, 'supervisor');
  await sup.page.goto('/hours?year=2016');
  await expect(sup.page.getByTestId('compliance-scope')).toContainText('第一督导组');
  await sup.context.close();

  const cadre = await signedInPage(browser, 'cadre', phone);
  await cadre.page.goto('/hours?year=2016');
  await expect(cadre.page.getByRole('alert')).toContainText('没有权限');
  await expect(cadre.page.getByTestId('compliance-units')).toHaveCount(0);
  expect((await cadre.page.request.get('/hours/export.xlsx?year=2016')).status()).toBe(403);
  await cadre.context.close();
});

test('a cadre claims external study; the org admin approves it; the hours and the audit log show it', async ({ browser }) => {
  const title = `网络学院专题课程 ${Date.now()}`;
  const cadre = await signedInPage(browser, 'cadre', phone);
  await cadre.page.goto('/me/hours?year=2017');
  const earnedBefore = parseFloat((await cadre.page.getByTestId('hours-earned').textContent())!);

  await cadre.page.goto('/me/claims');
  await hydrated(cadre.page);
  const form = cadre.page.getByTestId('claim-form');
  await form.getByLabel('学习内容').fill(title);
  await form.getByLabel('举办机构').fill('中国干部网络学院');
  await form.getByLabel('开始日期').fill('2017-03-01');
  await form.getByLabel('结束日期').fill('2017-03-02');
  await form.getByLabel('学时').fill('12');
  // Not a PDF, whatever its name says: refused with a clear message, the form kept.
  await form.getByLabel(/证明材料/).setInputFiles({ name: '证书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just text') });
  await form.getByRole('button', { name: '提交申报' }).click();
  await expect(form.getByRole('alert')).toHaveText('证明文件只能是 PDF、JPG 或 PNG 格式');
  await expect(form.getByLabel('学习内容')).toHaveValue(title);
  // Too large: refused before upload.
  await form.getByLabel(/证明材料/).setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 0x25) });
  await form.getByRole('button', { name: '提交申报' }).click();
  await expect(form.getByRole('alert')).toHaveText('证明文件不能超过 5 MB');
  // A real PDF goes through.
  await form.getByLabel(/证明材料/).setInputFiles({ name: '结业证书.pdf', mimeType: 'application/pdf', buffer: PDF });
  await form.getByRole('button', { name: '提交申报' }).click();
  await expect(form.getByRole('status')).toHaveText('已提交，等待组织部审核');
  const mine = cadre.page.getByTestId('my-claims').locator('li', { hasText: title });
  await expect(mine).toContainText('待审核');
  // The evidence is the cadre's to download.
  const href = await mine.getByRole('link', { name: '结业证书.pdf' }).getAttribute('href');
  const own = await cadre.page.request.get(href!);
  expect(own.status()).toBe(200);
  expect((await own.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // Another cadre may not see it.
  const teacher = await signedInPage(browser, 'teacher');
  expect((await teacher.page.request.get(href!)).status()).toBe(403);
  await teacher.context.close();

  const org = await signedInPage(browser, 'orgadmin');
  await org.page.goto('/hours/claims');
  await hydrated(org.page);
  const pending = org.page.getByTestId('pending-claims').locator('li', { hasText: title });
  await expect(pending).toContainText('12 学时');
  await pending.getByRole('button', { name: '驳回' }).click();
  await expect(org.page.getByRole('alert').first()).toHaveText('驳回时请填写理由');
  await pending.getByLabel(/审核意见/).fill('结业证书有效');
  await pending.getByRole('button', { name: '通过并记入学时' }).click();
  await expect(org.page.getByTestId('pending-claims').locator('li', { hasText: title })).toHaveCount(0);
  const line = org.page.getByTestId('audit-log').locator('tbody tr').first();
  await expect(line).toContainText('通过申报并记入学时');
  await expect(line).toContainText(title);
  await expect(line).toContainText('结业证书有效');
  await org.context.close();

  await cadre.page.goto('/me/claims');
  await hydrated(cadre.page);
  await expect(cadre.page.getByTestId('my-claims').locator('li', { hasText: title })).toContainText('已通过');
  await cadre.page.goto('/me/hours?year=2017');
  await expect(cadre.page.getByTestId('hours-entries')).toContainText(title);
  const earnedAfter = parseFloat((await cadre.page.getByTestId('hours-earned').textContent())!);
  expect(earnedAfter).toBeCloseTo(earnedBefore + 12, 5);
  await cadre.context.close();
});

test('an org admin creates an account with two roles and resets its password, ending its session', async ({ browser }) => {
  const username = `e2e${Date.now() % 1_000_000}`;
  const org = await signedInPage(browser, 'orgadmin');
  await org.page.goto('/admin/accounts');
  await hydrated(org.page);
  const create = org.page.getByTestId('create-account');
  await create.getByLabel('用户名').fill(username);
  await create.getByLabel('姓名').fill('测试干部');
  await create.getByLabel(/初始密码/).fill('first-Passw0rd');
  await create.getByLabel('教师').check();
  await create.getByLabel('干部').check();
  await create.getByRole('button', { name: '创建' }).click();
  await expect(org.page.getByText('账号已创建')).toBeVisible();
  const row = org.page.locator(`li[data-username="${username}"]`);
  await expect(row).toContainText('测试干部');
  await expect(row.getByLabel('教师')).toBeChecked();
  await expect(row.getByLabel('干部')).toBeChecked();
  // A duplicate username is refused.
  await create.getByLabel('用户名').fill(username);
  await create.getByLabel('姓名').fill('重名');
  await create.getByLabel(/初始密码/).fill('first-Passw0rd');
  await create.getByLabel('干部').check();
  await create.getByRole('button', { name: '创建' }).click();
  await expect(org.page.getByText(`用户名 ${username} 已存在`)).toBeVisible();

  const fresh = await browser.newContext();
  const userPage = await fresh.newPage();
  await signIn(userPage, username, 'first-Passw0rd');

  await row.getByLabel('新密码').fill('second-Passw0rd');
  await row.getByRole('button', { name: '重置密码' }).click();
  await expect(org.page.getByText('密码已重置，该账号的登录已失效')).toBeVisible();
  // The user's open session is over; the new password works, the old one not.
  await userPage.reload();
  await expect(userPage.getByTestId('login-link')).toBeVisible();
  await userPage.goto('/login');
  await userPage.getByLabel('用户名').fill(username);
  await userPage.getByLabel('密码').fill('first-Passw0rd');
  await userPage.getByRole('button', { name: '登录' }).click();
  await expect(userPage.getByRole('alert')).toHaveText('用户名或密码错误');
  await signIn(userPage, username, 'second-Passw0rd');
  await fresh.close();
  await org.context.close();
});

test('a cadre sees the classes open to them today, with the way to check in', async ({ browser }) => {
  const { context, page } = await signedInPage(browser, 'cadre', phone);
  await page.goto('/me/hours');
  const mine = page.getByTestId('my-classes');
  await expect(mine.getByRole('heading', { level: 2 })).toHaveText('我的培训班');
  // The demo's three classes of the day are open to every unit.
  await expect(mine.locator('li', { hasText: '学习贯彻党章专题班' })).toBeVisible();
  const go = mine.getByRole('link', { name: '去签到' }).first();
  await expect(go).toHaveAttribute('href', '/checkin');
  await context.close();
});

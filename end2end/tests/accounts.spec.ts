import { test, expect, Page, APIRequestContext, request } from '@playwright/test';
import { baseURL, DEMO_PASSWORD } from '../playwright.config';

const ROLES = ['leader', 'orgadmin', 'schooladmin', 'supervisor', 'teacher', 'cadre'] as const;

async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** An API client signed in as `username` (or anonymous), with its own cookie jar. */
async function client(username?: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  if (username) {
    const r = await api.post('/api/login', { form: { username, password: DEMO_PASSWORD } , maxRedirects: 0 });
    expect([200, 302], `login ${username}`).toContain(r.status());
  }
  return api;
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

  test('a cadre signs in and sees their own hours and status', async ({ page }) => {
    await signIn(page, 'cadre');
    await expect(page).toHaveURL(/\/me\/hours/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的学时');
    await expect(page.getByTestId('hours-person')).toContainText('区管干部');
    await expect(page.getByTestId('hours-earned')).toContainText('/ 110 学时');
    await expect(page.getByTestId('hours-status')).toHaveText(/已达标|进度正常|进度滞后/);
    await expect(page.getByTestId('hours-gate')).toContainText('年度考核评优');
    await expect(page.getByTestId('hours-entries').locator('li').first()).toBeVisible();
    await expect(page.getByTestId('hours-three-years').locator('tbody tr')).toHaveCount(3);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByTestId('who')).toBeVisible();
  });
});

test("a cadre cannot read another person's hours: the server refuses", async ({ page }) => {
  await signIn(page, 'cadre');
  await expect(page).toHaveURL(/\/me\/hours/);
  const own = await page.request.post('/api/person_hours', { form: {} });
  expect(own.status()).toBe(200);
  const ownId = (await own.json()).person_id as number;
  const other = await page.request.post('/api/person_hours', { form: { person_id: String(ownId + 1) } });
  expect(other.status()).toBe(403);
  expect(await other.text()).toContain('Forbidden');
});

test('a wrong password gets one clear Chinese message; signing out ends the session', async ({ page }) => {
  await signIn(page, 'leader', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
  await signIn(page, 'leader');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('who')).toBeVisible();
  await page.getByTestId('who').click();
  await expect(page).toHaveURL(/\/account\/password/);
  await page.getByLabel('当前密码').fill('wrong-current');
  await page.getByLabel('新密码', { exact: true }).fill('another-passw0rd');
  await page.getByLabel('再次输入新密码').fill('another-passw0rd');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toHaveText('当前密码不正确');
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page.getByTestId('login-link')).toBeVisible();
  await page.goto('/me/hours');
  await expect(page.getByTestId('login-required')).toBeVisible();
});

test('the session cookie is HttpOnly, SameSite=Lax, and renewed at login', async ({ page, context }) => {
  await page.goto('/');
  await signIn(page, 'teacher');
  await expect(page.getByTestId('who')).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === 'dangxiao_session');
  expect(cookie, 'session cookie').toBeTruthy();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe('Lax');
  // Signing in again issues a new session id (no session fixation).
  await signIn(page, 'cadre');
  await expect(page).toHaveURL(/\/me\/hours/);
  const renewed = (await context.cookies()).find((c) => c.name === 'dangxiao_session');
  expect(renewed!.value).not.toBe(cookie!.value);
});

// Every server function × every role (and anonymous): allowed (2xx) or refused (401/403).
test('the role × server function matrix is enforced on the server', async () => {
  // `ok`: the status an allowed caller gets (200, or a 404/422 for a harmless bad argument, proving
  // the call passed the role check without changing anything).
  type Call = {
    name: string; path: string; form?: Record<string, string>; multipart?: Record<string, string>;
    allowed: (role: string | undefined) => boolean; ok?: number; get?: boolean;
  };
  const anyone = () => true;
  const signedIn = (r: string | undefined) => r !== undefined;
  const only = (...roles: string[]) => (r: string | undefined) => r !== undefined && roles.includes(r);
  const calls: Call[] = [
    { name: 'dashboard', path: '/api/dashboard', form: {}, allowed: anyone },
    { name: 'map', path: '/api/map', form: { period: 'All' }, allowed: anyone },
    { name: 'school', path: '/api/school', form: { id: '1' }, allowed: anyone },
    { name: 'whoami', path: '/api/whoami', form: {}, allowed: anyone },
    { name: 'own hours', path: '/api/person_hours', form: {}, allowed: signedIn },
    { name: "someone else's hours", path: '/api/person_hours', form: { person_id: '1' },
      allowed: (r) => r === 'leader' || r === 'orgadmin' },
    { name: 'change password (wrong current)', path: '/api/change_password',
      form: { current: 'x', new_password: 'short', confirm: 'short' }, allowed: () => false },
    { name: 'compliance', path: '/api/compliance', form: { year: '2016' }, allowed: only('leader', 'orgadmin', 'supervisor') },
    { name: 'compliance workbook', path: '/hours/export.xlsx?year=2016', get: true, allowed: only('leader', 'orgadmin', 'supervisor') },
    { name: 'audit log', path: '/api/hour_audit', form: {}, allowed: only('leader', 'orgadmin') },
    { name: 'claims to review', path: '/api/review_claims', form: {}, allowed: only('orgadmin') },
    { name: 'decide a claim', path: '/api/decide_claim', form: { claim_id: '999999', decision: 'approve', reason: '' },
      allowed: only('orgadmin'), ok: 404 },
    { name: 'own claims', path: '/api/my_claims', form: {}, allowed: signedIn },
    { name: 'own check-in (none)', path: '/api/my_check_in', form: { class_id: '999999' }, allowed: signedIn, ok: 404 },
    { name: 'claim (no file)', path: '/api/submit_claim', multipart: { title: 't', provider: 'p', starts_on: '2017-01-01', ends_on: '2017-01-01', hours: '1' },
      allowed: signedIn, ok: 422 },
    { name: 'evidence of a claim', path: '/files/claims/999999', get: true, allowed: only('leader', 'orgadmin'), ok: 404 },
    { name: 'set a target (bad hours)', path: '/api/set_hour_target', form: { year: '2016', rank: 'division', hours: 'x' },
      allowed: only('orgadmin'), ok: 422 },
    { name: 'list accounts', path: '/api/list_accounts', form: {}, allowed: only('orgadmin') },
    { name: 'create account (bad name)', path: '/api/create_account', form: { username: 'X', display_name: 'x', password: 'p' },
      allowed: only('orgadmin'), ok: 422 },
    { name: 'update account (none)', path: '/api/update_account', form: { account_id: '999999', 'roles[cadre]': 'on', active: 'on' },
      allowed: only('orgadmin'), ok: 404 },
    { name: 'reset password (too short)', path: '/api/reset_password', form: { account_id: '999999', new_password: 'x' },
      allowed: only('orgadmin'), ok: 422 },
  ];
  for (const role of [undefined, ...ROLES]) {
    const api = await client(role);
    for (const call of calls) {
      const r = call.get
        ? await api.get(call.path, { maxRedirects: 0 })
        : call.multipart
          ? await api.post(call.path, { multipart: call.multipart, maxRedirects: 0 })
          : await api.post(call.path, { form: call.form, maxRedirects: 0 });
      const label = `${role ?? 'anonymous'} → ${call.name}: ${r.status()}`;
      if (call.allowed(role)) {
        expect(r.status(), label).toBe(call.ok ?? 200);
      } else {
        expect([401, 403, 422], label).toContain(r.status());
        if (role === undefined) expect(r.status(), label).toBe(401);
      }
    }
    await api.dispose();
  }
});

test('a file upload that is not a multipart form gets a clear error, not a broken connection', async () => {
  const api = await request.newContext({ baseURL });
  const r = await api.post('/api/submit_claim', { form: { title: 'x' } });
  expect(r.status()).toBe(415);
  expect(await r.text()).toContain('multipart/form-data');
  await api.dispose();
});

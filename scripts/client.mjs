// The HTTP client of the benchmark and reliability scripts: server functions over real HTTP with
// real sessions (form posts, JSON answers), sign-in, and a small worker pool.

/** Calls the server function `endpoint` at `base` with form `fields`, as the session `cookie`. */
export async function post(base, cookie, endpoint, fields) {
  const res = await fetch(`${base}/api/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${endpoint}: ${res.status} ${text}`);
  return { res, body: text ? JSON.parse(text) : null };
}

/** Signs in; the session cookie. */
export async function login(base, username, password) {
  const { res } = await post(base, null, 'login', { username, password });
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('dangxiao_session='));
  if (!cookie) throw new Error(`no session for ${username}`);
  return cookie;
}

/** Runs `work` over `items`, `n` at a time. */
export async function pool(items, n, work) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

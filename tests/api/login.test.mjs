// Signing in with the form at /login: sessions, CSRF, throttling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin } from './harness.mjs';

let s;
before(async () => { s = await startWithAdmin(['--login-max-failures', '3']); });
after(async () => { await s.stop(); });

const cookieOf = (res, name) => {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return { value: m[1], attrs: c };
  }
  return null;
};

async function loginPage() {
  const res = await fetch(`${s.url}/login`);
  const html = await res.text();
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
  return { res, html, csrf, cookie: cookieOf(res, 'loket_prelogin') };
}

function post(path, form, cookies = {}) {
  return fetch(`${s.url}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ') },
    body: new URLSearchParams(form).toString(),
  });
}

test('the login page is a form with e-mail, password and a hidden CSRF field', async () => {
  const { res, html, csrf, cookie } = await loginPage();
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  assert.match(html, /<form method="post" action="\/login"/);
  assert.match(html, /<input type="email"[^>]*name="email"/);
  assert.match(html, /<input type="password"[^>]*name="password"/);
  assert.match(html, /<input type="hidden" name="csrf_token" value="[^"]{20,}"/);
  assert.equal(cookie.value, csrf);
  assert.match(cookie.attrs, /HttpOnly/);
  assert.match(cookie.attrs, /SameSite=Lax/);
  assert.match(res.headers.get('content-security-policy'), /default-src 'self'/);
});

test('a post without the CSRF field is refused', async () => {
  const { cookie } = await loginPage();
  const r = await post('/login', { email: 'admin@test.example', password: 'correct horse battery' }, { loket_prelogin: cookie.value });
  assert.equal(r.status, 403);
  const r2 = await post('/login', { email: 'admin@test.example', password: 'correct horse battery', csrf_token: 'forged' }, { loket_prelogin: cookie.value });
  assert.equal(r2.status, 403);
});

test('a wrong password shows the form again with a message, and no session', async () => {
  s.addUser('wrong@example.org', 'agent');
  const { csrf, cookie } = await loginPage();
  const r = await post('/login', { email: 'wrong@example.org', password: 'not it', csrf_token: csrf }, { loket_prelogin: cookie.value });
  assert.equal(r.status, 401);
  const html = await r.text();
  assert.match(html, /role="alert"[^>]*>The e-mail address or password is not right\./);
  assert.match(html, /value="wrong@example.org"/);
  assert.equal(cookieOf(r, 'loket_session'), null);
});

test('signing in gives a session that works for pages and for API reads; writes need the CSRF token', async () => {
  s.addUser('person@example.org', 'admin', 'Per Son');
  const { csrf, cookie } = await loginPage();
  const r = await post('/login', { email: 'Person@Example.org', password: 'correct horse battery', csrf_token: csrf, next: '/' }, { loket_prelogin: cookie.value });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  const sess = cookieOf(r, 'loket_session');
  assert.ok(sess && sess.value.length > 20);
  assert.match(sess.attrs, /HttpOnly/);
  assert.match(sess.attrs, /SameSite=Lax/);
  assert.doesNotMatch(sess.attrs, /Secure/);
  const jar = { Cookie: `loket_session=${sess.value}` };
  const home = await fetch(`${s.url}/`, { headers: jar });
  assert.equal(home.status, 200);
  const homeHtml = await home.text();
  assert.match(homeHtml, /Per Son/);
  const homeCsrf = /name="csrf_token" value="([^"]+)"/.exec(homeHtml)[1];
  const me = await s.api('GET', '/api/v1/me', { headers: jar });
  assert.equal(me.body.email, 'person@example.org');
  const noCsrf = await s.api('POST', '/api/v1/groups', { headers: jar, body: { name: 'Via cookie' } });
  assert.equal(noCsrf.status, 403);
  const withCsrf = await s.api('POST', '/api/v1/groups', { headers: { ...jar, 'X-CSRF-Token': homeCsrf }, body: { name: 'Via cookie' } });
  assert.equal(withCsrf.status, 201);
  const out = await post('/logout', { csrf_token: homeCsrf }, { loket_session: sess.value });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/login');
  assert.equal((await s.api('GET', '/api/v1/me', { headers: jar })).status, 401);
});

test('pages need a sign-in; next must stay on this site', async () => {
  const r = await fetch(`${s.url}/`, { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login?next=/');
  s.addUser('next@example.org', 'agent');
  const { csrf, cookie } = await loginPage();
  const p = await post('/login', { email: 'next@example.org', password: 'correct horse battery', csrf_token: csrf, next: '//evil.example/' }, { loket_prelogin: cookie.value });
  assert.equal(p.headers.get('location'), '/');
});

test('behind TLS (X-Forwarded-Proto: https) the session cookie is Secure', async () => {
  s.addUser('tls@example.org', 'agent');
  const { csrf, cookie } = await loginPage();
  const r = await fetch(`${s.url}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `loket_prelogin=${cookie.value}`, 'X-Forwarded-Proto': 'https' },
    body: new URLSearchParams({ email: 'tls@example.org', password: 'correct horse battery', csrf_token: csrf }).toString(),
  });
  assert.equal(r.status, 303);
  assert.match(cookieOf(r, 'loket_session').attrs, /; Secure/);
});

test('repeated failures for an account are throttled with 429 and Retry-After, even with the right password', async () => {
  s.addUser('target@example.org', 'agent');
  // The limit (3 here) counts per account and per address; earlier tests
  // failed from this address too, so the limit may come sooner, never later.
  let refused = 0;
  for (let i = 0; i < 3; i++) {
    const { csrf, cookie } = await loginPage();
    const r = await post('/login', { email: 'target@example.org', password: `guess ${i}`, csrf_token: csrf }, { loket_prelogin: cookie.value });
    assert.ok(r.status === 401 || (r.status === 429 && i > 0), `attempt ${i}: ${r.status}`);
    if (r.status === 401) refused++;
  }
  assert.ok(refused >= 1);
  const { csrf, cookie } = await loginPage();
  const r = await post('/login', { email: 'target@example.org', password: 'correct horse battery', csrf_token: csrf }, { loket_prelogin: cookie.value });
  assert.equal(r.status, 429);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 300, `Retry-After ${wait}`);
  assert.match(await r.text(), /Too many failed sign-ins/);
  assert.equal(cookieOf(r, 'loket_session'), null);
});

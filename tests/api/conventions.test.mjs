// The conventions every resource shares: status codes, problem+json, limits,
// health and metrics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin } from './harness.mjs';

let s;
before(async () => { s = await startWithAdmin(['--max-body', '4096']); });
after(async () => { await s.stop(); });

function isProblem(r, status) {
  assert.equal(r.status, status);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.equal(r.body.status, status);
  assert.equal(typeof r.body.title, 'string');
  assert.equal(typeof r.body.detail, 'string');
}

test('no token, a malformed header, an unknown token: 401 with WWW-Authenticate', async () => {
  for (const headers of [{}, { Authorization: 'Basic abc' }, { Authorization: 'Bearer lkt_nope' }]) {
    const r = await s.api('GET', '/api/v1/users', { headers });
    isProblem(r, 401);
    assert.match(r.headers.get('www-authenticate'), /^Bearer/);
  }
});

test('a revoked token stops working at once', async () => {
  const tok = s.addUser('rev@example.org', 'agent');
  const mine = await s.api('GET', '/api/v1/tokens', { token: tok });
  assert.equal(mine.status, 200);
  assert.equal(mine.body.items.length, 1);
  assert.ok(!('token' in mine.body.items[0]) && !('token_hash' in mine.body.items[0]));
  const del = await s.api('DELETE', `/api/v1/tokens/${mine.body.items[0].id}`, { token: tok });
  assert.equal(del.status, 204);
  const h = await s.api('GET', `/api/v1/tokens/${mine.body.items[0].id}/history`, { token: s.admin });
  assert.deepEqual(h.body.items.map((e) => [e.action, e.field]), [['create', 'name'], ['update', 'revoked_at']]);
  isProblem(await s.api('GET', '/api/v1/me', { token: tok }), 401);
});

test('tokens made through the API work, and only their owner or an admin sees them', async () => {
  const tok = s.addUser('maker@example.org', 'agent');
  const c = await s.api('POST', '/api/v1/tokens', { token: tok, body: { name: 'laptop script' } });
  assert.equal(c.status, 201);
  assert.match(c.body.token, /^lkt_[A-Za-z0-9_-]{43}$/);
  assert.equal((await s.api('GET', '/api/v1/me', { token: c.body.token })).body.email, 'maker@example.org');
  const other = s.addUser('other@example.org', 'agent');
  assert.equal((await s.api('DELETE', `/api/v1/tokens/${c.body.id}`, { token: other })).status, 404);
  assert.equal(c.headers.get('location'), `/api/v1/tokens/${c.body.id}`);
  const one = await s.api('GET', `/api/v1/tokens/${c.body.id}`, { token: tok });
  assert.equal(one.body.name, 'laptop script');
  assert.equal(one.body.revoked_at, null);
  assert.ok(!('token' in one.body));
  assert.equal((await s.api('GET', `/api/v1/tokens/${c.body.id}`, { token: other })).status, 404);
  const theirs = await s.api('GET', '/api/v1/tokens', { token: other });
  assert.ok(theirs.body.items.every((t) => t.id !== c.body.id));
  const all = await s.api('GET', `/api/v1/tokens?limit=1&sort=-id`, { token: s.admin });
  assert.equal(all.body.items.length, 1);
  assert.ok(all.body.next);
  const byUser = await s.api('GET', `/api/v1/tokens?user_id=${one.body.user_id}`, { token: s.admin });
  assert.equal(byUser.body.items.length, 2);
  const forOther = await s.api('POST', '/api/v1/tokens', { token: tok, body: { user_id: 1 } });
  assert.equal(forOther.status, 403);
});

test('unknown routes 404, wrong methods 405 with Allow', async () => {
  isProblem(await s.api('GET', '/api/v1/nothing-here', { token: s.admin }), 404);
  isProblem(await s.api('GET', '/api/v1/users/abc', { token: s.admin }), 404);
  isProblem(await s.api('GET', '/api/v1/users/999999', { token: s.admin }), 404);
  const r = await s.api('DELETE', '/api/v1/users/1', { token: s.admin });
  isProblem(r, 405);
  assert.equal(r.headers.get('allow'), 'GET, PATCH');
  const p = await s.api('PUT', '/api/v1/users', { token: s.admin, body: {} });
  isProblem(p, 405);
  assert.equal(p.headers.get('allow'), 'GET, POST');
});

test('malformed JSON, wrong top-level type, duplicate keys, bad UTF-8: 400 naming the body', async () => {
  const cases = ['{"email": ', '[1,2]', '{"name":"a","name":"b"}', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])];
  for (const raw of cases) {
    const r = await s.api('POST', '/api/v1/users', { token: s.admin, raw, headers: { 'Content-Type': 'application/json' } });
    isProblem(r, 400);
    assert.equal(r.body.errors[0].field, 'body');
  }
  const big = await s.api('POST', '/api/v1/users', { token: s.admin, raw: '{"n": 99999999999999999999999}', headers: { 'Content-Type': 'application/json' } });
  isProblem(big, 400);
});

test('a body over the limit is 413; a body that is not JSON is 415', async () => {
  const r = await s.api('POST', '/api/v1/users', { token: s.admin, body: { name: 'x'.repeat(5000) } });
  isProblem(r, 413);
  const t = await s.api('POST', '/api/v1/users', { token: s.admin, raw: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  isProblem(t, 415);
});

test('an over-long query text and control characters are refused', async () => {
  isProblem(await s.api('GET', `/api/v1/users?q=${'a'.repeat(201)}`, { token: s.admin }), 400);
  const r = await s.api('POST', '/api/v1/users', { token: s.admin, body: { email: 'ctl@example.org', name: 'Bell\u0007' } });
  isProblem(r, 400);
  assert.equal(r.body.errors[0].field, 'name');
});

test('healthz says the database is reachable', async () => {
  const r = await s.api('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  assert.ok(r.body.schema_version >= 1);
});

test('metrics count requests by route and status, with a latency histogram and database time', async () => {
  await s.api('GET', '/api/v1/users', { token: s.admin });
  await s.api('GET', '/api/v1/users/999999', { token: s.admin });
  const r = await s.api('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.match(r.text, /loket_http_requests_total\{method="GET",route="\/api\/v1\/users",status="200"\} [1-9]/);
  assert.match(r.text, /loket_http_requests_total\{method="GET",route="\/api\/v1\/users\/\{id\}",status="404"\} [1-9]/);
  assert.match(r.text, /loket_http_request_duration_seconds_bucket\{le="\+Inf"\} [1-9]/);
  assert.match(r.text, /loket_db_seconds_total [0-9.]+/);
});

test('HEAD answers like GET without a body', async () => {
  const r = await fetch(`${s.url}/healthz`, { method: 'HEAD' });
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '');
});

test('request headers over the limit are refused with 431', async () => {
  const r = await fetch(`${s.url}/healthz`, { headers: { 'X-Padding': 'a'.repeat(40000) } });
  assert.equal(r.status, 431);
  const ok = await fetch(`${s.url}/healthz`, { headers: { 'X-Padding': 'a'.repeat(8000) } });
  assert.equal(ok.status, 200);
});

test('pages that are not found are HTML for a browser and problem+json for a program', async () => {
  const html = await fetch(`${s.url}/no/such/page`, { headers: { Accept: 'text/html' } });
  assert.equal(html.status, 404);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  const json = await fetch(`${s.url}/no/such/page`);
  assert.equal(json.headers.get('content-type'), 'application/problem+json');
});

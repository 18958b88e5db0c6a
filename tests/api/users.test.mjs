// Users through the API: create, read, change, list, and who may do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin } from './harness.mjs';

let s;
before(async () => { s = await startWithAdmin(); });
after(async () => { await s.stop(); });

const newUser = (n, extra = {}) => ({ email: `user${n}@example.org`, name: `User ${n}`, roles: ['requester'], ...extra });

test('an admin creates a user and reads it back', async () => {
  const r = await s.api('POST', '/api/v1/users', { token: s.admin, body: newUser(1, { language: 'nl', time_zone: 'Europe/Oslo', phone: '+31 20 555 0101' }) });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('location'), `/api/v1/users/${r.body.id}`);
  assert.match(r.headers.get('etag'), /^"\d+"$/);
  for (const k of ['id', 'email', 'name', 'language', 'time_zone', 'phone', 'location', 'manager_id', 'active', 'leaving_date', 'roles', 'organisation_id', 'group_ids'])
    assert.ok(k in r.body, `user has ${k}`);
  assert.equal(r.body.language, 'nl');
  assert.equal(r.body.active, true);
  assert.deepEqual(r.body.roles, ['requester']);
  const g = await s.api('GET', r.headers.get('location'), { token: s.admin });
  assert.equal(g.status, 200);
  assert.deepEqual(g.body, r.body);
  assert.equal(g.headers.get('etag'), r.headers.get('etag'));
});

test('e-mail addresses are unique, whatever their case', async () => {
  await s.api('POST', '/api/v1/users', { token: s.admin, body: newUser(2) });
  const r = await s.api('POST', '/api/v1/users', { token: s.admin, body: newUser(2, { email: 'USER2@example.org' }) });
  assert.equal(r.status, 409);
  assert.equal(r.body.errors[0].field, 'email');
});

test('bad input is refused with every bad field named, and nothing is written', async () => {
  const r = await s.api('POST', '/api/v1/users', {
    token: s.admin,
    body: { email: 'not-an-address', name: 'x'.repeat(201), roles: ['wizard'], language: 'de', colour: 'blue', active: 'yes', time_zone: 'Mars/Olympus' },
  });
  assert.equal(r.status, 400);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  const fields = r.body.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['active', 'colour', 'email', 'language', 'name', 'roles', 'time_zone']);
  for (const e of r.body.errors) assert.ok(e.message.length > 3);
  const list = await s.api('GET', '/api/v1/users?q=not-an-address', { token: s.admin });
  assert.deepEqual(list.body.items, []);
});

test('required fields and read-only fields', async () => {
  let r = await s.api('POST', '/api/v1/users', { token: s.admin, body: { name: 'No Mail' } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['email']);
  r = await s.api('POST', '/api/v1/users', { token: s.admin, body: newUser(3, { id: 7, created_at: 'now' }) });
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.field).sort(), ['created_at', 'id']);
});

test('a reference to a record that does not exist is a 400 naming the field', async () => {
  const r = await s.api('POST', '/api/v1/users', { token: s.admin, body: newUser(4, { manager_id: 999999, group_ids: [888888] }) });
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.field).sort(), ['group_ids', 'manager_id']);
});

test('PATCH changes only what is given, honours If-Match, and bumps the ETag', async () => {
  const c = await s.api('POST', '/api/v1/users', { token: s.admin, body: newUser(5) });
  const etag = c.headers.get('etag');
  const p = await s.api('PATCH', `/api/v1/users/${c.body.id}`, { token: s.admin, body: { location: 'Town hall, room 2.14' }, headers: { 'If-Match': etag } });
  assert.equal(p.status, 200);
  assert.equal(p.body.location, 'Town hall, room 2.14');
  assert.equal(p.body.name, 'User 5');
  assert.notEqual(p.headers.get('etag'), etag);
  const stale = await s.api('PATCH', `/api/v1/users/${c.body.id}`, { token: s.admin, body: { location: 'Elsewhere' }, headers: { 'If-Match': etag } });
  assert.equal(stale.status, 412);
  const now = await s.api('GET', `/api/v1/users/${c.body.id}`, { token: s.admin });
  assert.equal(now.body.location, 'Town hall, room 2.14');
  const bad = await s.api('PATCH', `/api/v1/users/${c.body.id}`, { token: s.admin, body: { location: 'x' }, headers: { 'If-Match': 'yesterday' } });
  assert.equal(bad.status, 400);
});

test('lists page with a cursor until next is null, in the order asked', async () => {
  for (let i = 10; i < 17; i++) await s.api('POST', '/api/v1/users', { token: s.admin, body: newUser(i, { name: `Pager ${String.fromCharCode(80 - i)}` }) });
  const seen = [];
  let url = '/api/v1/users?q=Pager&sort=-name&limit=3';
  let pages = 0;
  while (url) {
    const r = await s.api('GET', url, { token: s.admin });
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length <= 3);
    seen.push(...r.body.items.map((u) => u.name));
    pages++;
    url = r.body.next ? `/api/v1/users?q=Pager&sort=-name&limit=3&cursor=${encodeURIComponent(r.body.next)}` : null;
  }
  assert.equal(pages, 3);
  assert.equal(seen.length, 7);
  assert.deepEqual(seen, [...seen].sort().reverse());
  const other = await s.api('GET', '/api/v1/users?q=Pager&sort=email&limit=3&cursor=' + encodeURIComponent((await s.api('GET', '/api/v1/users?q=Pager&sort=-name&limit=3', { token: s.admin })).body.next), { token: s.admin });
  assert.equal(other.status, 400);
  assert.equal(other.body.errors[0].field, 'cursor');
});

test('list parameters are checked', async () => {
  for (const [q, field] of [['limit=0', 'limit'], ['limit=abc', 'limit'], ['sort=password_hash', 'sort'], ['colour=red', 'colour'], ['active=maybe', 'active'], ['cursor=%21%21', 'cursor']]) {
    const r = await s.api('GET', `/api/v1/users?${q}`, { token: s.admin });
    assert.equal(r.status, 400, q);
    assert.equal(r.body.errors[0].field, field, q);
  }
  const f = await s.api('GET', '/api/v1/users?active=true&email=admin@test.example', { token: s.admin });
  assert.equal(f.body.items.length, 1);
  assert.equal(f.body.items[0].name, 'Ada Admin');
});

test('a requester sees only themself and may edit only their own profile fields', async () => {
  const tok = s.addUser('req@example.org', 'requester', 'Rita Requester');
  const me = await s.api('GET', '/api/v1/me', { token: tok });
  assert.equal(me.status, 200);
  assert.equal(me.body.email, 'req@example.org');
  const list = await s.api('GET', '/api/v1/users', { token: tok });
  assert.deepEqual(list.body.items.map((u) => u.email), ['req@example.org']);
  const admin = (await s.api('GET', '/api/v1/users?email=admin@test.example', { token: s.admin })).body.items[0];
  assert.equal((await s.api('GET', `/api/v1/users/${admin.id}`, { token: tok })).status, 404);
  const ok = await s.api('PATCH', `/api/v1/users/${me.body.id}`, { token: tok, body: { phone: '+47 22 00 00 00', language: 'nb' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.language, 'nb');
  const up = await s.api('PATCH', `/api/v1/users/${me.body.id}`, { token: tok, body: { roles: ['admin'] } });
  assert.equal(up.status, 403);
  assert.equal((await s.api('GET', '/api/v1/me', { token: tok })).body.roles.join(), 'requester');
  assert.equal((await s.api('POST', '/api/v1/users', { token: tok, body: newUser(30) })).status, 403);
  assert.equal((await s.api('PATCH', `/api/v1/users/${admin.id}`, { token: tok, body: { name: 'Hacked' } })).status, 404);
});

test('an agent reads everyone but cannot create accounts', async () => {
  const tok = s.addUser('agent@example.org', 'agent', 'Arne Agent');
  const list = await s.api('GET', '/api/v1/users?limit=200', { token: tok });
  assert.ok(list.body.items.length > 3);
  assert.equal((await s.api('POST', '/api/v1/users', { token: tok, body: newUser(31) })).status, 403);
});

test('an auditor reads everything, history included, and writes nothing', async () => {
  const tok = s.addUser('audit@example.org', 'auditor', 'Aud Itor');
  const list = await s.api('GET', '/api/v1/users?limit=200', { token: tok });
  assert.ok(list.body.items.length > 3);
  const me = (await s.api('GET', '/api/v1/me', { token: tok })).body;
  assert.equal((await s.api('GET', `/api/v1/users/${me.id}/history`, { token: tok })).status, 200);
  assert.equal((await s.api('PATCH', `/api/v1/users/${me.id}`, { token: tok, body: { phone: '1' } })).status, 403);
  assert.equal((await s.api('POST', '/api/v1/groups', { token: tok, body: { name: 'Auditors' } })).status, 403);
  assert.equal((await s.api('POST', '/api/v1/tokens', { token: tok, body: {} })).status, 403);
});

test('admins set passwords; people change their own with the current one', async () => {
  const tok = s.addUser('pw@example.org', 'requester', 'Pat Word');
  const me = (await s.api('GET', '/api/v1/me', { token: tok })).body;
  let r = await s.api('PATCH', `/api/v1/users/${me.id}`, { token: tok, body: { password: 'a new secret 1' } });
  assert.equal(r.status, 403);
  r = await s.api('PATCH', `/api/v1/users/${me.id}`, { token: tok, body: { password: 'a new secret 1', current_password: 'correct horse battery' } });
  assert.equal(r.status, 200);
  assert.ok(!('password' in r.body) && !('password_hash' in r.body));
  r = await s.api('PATCH', `/api/v1/users/${me.id}`, { token: s.admin, body: { password: 'short' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'password');
});

test('disabling a user locks out their tokens', async () => {
  const tok = s.addUser('leaver@example.org', 'agent', 'Lea Ver');
  const me = (await s.api('GET', '/api/v1/me', { token: tok })).body;
  const r = await s.api('PATCH', `/api/v1/users/${me.id}`, { token: s.admin, body: { active: false, leaving_date: '2026-12-31' } });
  assert.equal(r.status, 200);
  assert.equal(r.body.leaving_date, '2026-12-31');
  assert.equal((await s.api('GET', '/api/v1/me', { token: tok })).status, 401);
  const bad = await s.api('PATCH', `/api/v1/users/${me.id}`, { token: s.admin, body: { leaving_date: '2026-02-30' } });
  assert.equal(bad.status, 400);
});

test('a time zone is a zone, not a folder or a data file of the zone database', async () => {
  for (const tz of ['Europe', 'leapseconds', 'right', 'posixrules/../UTC']) {
    const r = await s.api('POST', '/api/v1/users', { token: s.admin, body: newUser(`tz-${tz.length}`, { time_zone: tz }) });
    assert.equal(r.status, 400, tz);
    assert.equal(r.body.errors[0].field, 'time_zone');
  }
});

// Groups and organisations, memberships, deletion, and the audit trail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin } from './harness.mjs';

let s;
before(async () => { s = await startWithAdmin(); });
after(async () => { await s.stop(); });

test('groups: create, rename, members through users, delete when empty', async () => {
  const g = await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Network', description: '2nd line: LAN, WAN, Wi-Fi' } });
  assert.equal(g.status, 201);
  assert.deepEqual(g.body.member_ids, []);
  const dup = await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Network' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.errors[0].field, 'name');
  const u = await s.api('POST', '/api/v1/users', { token: s.admin, body: { email: 'net@example.org', name: 'Nina Net', roles: ['agent'], group_ids: [g.body.id] } });
  assert.deepEqual(u.body.group_ids, [g.body.id]);
  const again = await s.api('GET', `/api/v1/groups/${g.body.id}`, { token: s.admin });
  assert.deepEqual(again.body.member_ids, [u.body.id]);
  const tmp = await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Temporary' } });
  const del = await s.api('DELETE', `/api/v1/groups/${tmp.body.id}`, { token: s.admin });
  assert.equal(del.status, 204);
  assert.equal((await s.api('GET', `/api/v1/groups/${tmp.body.id}`, { token: s.admin })).status, 404);
  const h = await s.api('GET', `/api/v1/groups/${tmp.body.id}/history`, { token: s.admin });
  assert.equal(h.status, 404);
});

test('organisations: a requester sees only their own', async () => {
  const a = await s.api('POST', '/api/v1/organisations', { token: s.admin, body: { name: 'Gemeente Oost', email_domain: 'oost.example', share_tickets: false } });
  const b = await s.api('POST', '/api/v1/organisations', { token: s.admin, body: { name: 'Westland College', share_tickets: true } });
  assert.equal(a.status, 201);
  const u = await s.api('POST', '/api/v1/users', { token: s.admin, body: { email: 'emp@oost.example', name: 'Olav Oost', roles: ['requester'], organisation_id: a.body.id } });
  assert.equal(u.status, 201);
  const tok = s.token('emp@oost.example');
  const list = await s.api('GET', '/api/v1/organisations', { token: tok });
  assert.deepEqual(list.body.items.map((o) => o.name), ['Gemeente Oost']);
  assert.equal((await s.api('GET', `/api/v1/organisations/${b.body.id}`, { token: tok })).status, 404);
  assert.equal((await s.api('GET', '/api/v1/groups', { token: tok })).status, 403);
  const busy = await s.api('DELETE', `/api/v1/organisations/${a.body.id}`, { token: s.admin });
  assert.equal(busy.status, 409);
  assert.equal((await s.api('GET', `/api/v1/organisations/${a.body.id}`, { token: s.admin })).status, 200);
});

test('every change is journaled per field, oldest first, with who and through which channel', async () => {
  const c = await s.api('POST', '/api/v1/organisations', { token: s.admin, body: { name: 'Journal BV', description: 'first' } });
  const id = c.body.id;
  await s.api('PATCH', `/api/v1/organisations/${id}`, { token: s.admin, body: { description: 'second', share_tickets: true } });
  await s.api('PATCH', `/api/v1/organisations/${id}`, { token: s.admin, body: { description: 'second' } });
  const h = await s.api('GET', `/api/v1/organisations/${id}/history`, { token: s.admin });
  assert.equal(h.status, 200);
  const rows = h.body.items.map((e) => [e.action, e.field, e.old_value, e.new_value]);
  assert.deepEqual(rows, [
    ['create', 'name', null, 'Journal BV'],
    ['create', 'description', null, 'first'],
    ['update', 'description', 'first', 'second'],
    ['update', 'share_tickets', 'false', 'true'],
  ]);
  for (const e of h.body.items) {
    assert.equal(e.channel, 'api');
    assert.equal(e.actor_name, 'Ada Admin');
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
  }
  const ids = h.body.items.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort((x, y) => x - y));
});

test('the journal cannot be changed through the API', async () => {
  for (const m of ['POST', 'PATCH', 'PUT', 'DELETE']) {
    const r = await s.api(m, '/api/v1/users/1/history', { token: s.admin, body: {} });
    assert.equal(r.status, 405, m);
  }
});

test('a requester may not read the journal', async () => {
  const tok = s.addUser('nosy@example.org', 'requester');
  const me = (await s.api('GET', '/api/v1/me', { token: tok })).body;
  assert.equal((await s.api('GET', `/api/v1/users/${me.id}/history`, { token: tok })).status, 403);
});

test('a password change is journaled without the password', async () => {
  const c = await s.api('POST', '/api/v1/users', { token: s.admin, body: { email: 'hist@example.org', name: 'His Tory', roles: ['agent'], password: 'first password' } });
  assert.equal(c.status, 201);
  const h = await s.api('GET', `/api/v1/users/${c.body.id}/history`, { token: s.admin });
  const pw = h.body.items.filter((e) => e.field === 'password');
  assert.equal(pw.length, 1);
  assert.equal(pw[0].new_value, '(changed)');
  assert.ok(!h.text.includes('first password'));
});

test('categories form a tree: subcategories under their parent, never a loop', async () => {
  const hw = (await s.api('POST', '/api/v1/categories', { token: s.admin, body: { name: 'Hardware' } })).body;
  const pr = (await s.api('POST', '/api/v1/categories', { token: s.admin, body: { name: 'Printers', parent_id: hw.id } })).body;
  const ink = (await s.api('POST', '/api/v1/categories', { token: s.admin, body: { name: 'Toner', parent_id: pr.id } })).body;
  assert.equal(ink.parent_id, pr.id);
  let r = await s.api('PATCH', `/api/v1/categories/${hw.id}`, { token: s.admin, body: { parent_id: ink.id } });
  assert.equal(r.status, 409);
  assert.equal(r.body.errors[0].field, 'parent_id');
  r = await s.api('PATCH', `/api/v1/categories/${hw.id}`, { token: s.admin, body: { parent_id: hw.id } });
  assert.equal(r.status, 409);
  const subs = await s.api('GET', `/api/v1/categories?parent_id=${hw.id}`, { token: s.admin });
  assert.deepEqual(subs.body.items.map((c) => c.name), ['Printers']);
  const agentTok = s.addUser('cat@example.org', 'requester');
  assert.equal((await s.api('GET', '/api/v1/categories', { token: agentTok })).status, 200);
  assert.equal((await s.api('POST', '/api/v1/categories', { token: agentTok, body: { name: 'Mine' } })).status, 403);
});

// Incidents and service requests through the API: logging, priority,
// assignment, the lifecycle, the conversation, escalation and search.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin, BACKEND } from './harness.mjs';

let s, agent, agent2, requester, other, me, first, second, manager;
before(async () => {
  s = await startWithAdmin();
  first = (await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Service desk' } })).body;
  second = (await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Network' } })).body;
  const mk = async (email, roles, groups = []) => {
    const tok = s.addUser(email, roles.join(','), email.split('@')[0]);
    const u = (await s.api('GET', '/api/v1/me', { token: tok })).body;
    if (groups.length) await s.api('PATCH', `/api/v1/users/${u.id}`, { token: s.admin, body: { group_ids: groups } });
    return { tok, id: u.id };
  };
  agent = await mk('first@example.org', ['agent'], [first.id]);
  agent2 = await mk('second@example.org', ['agent'], [second.id]);
  manager = await mk('boss@example.org', ['manager', 'agent'], [first.id]);
  requester = await mk('req@example.org', ['requester']);
  other = await mk('other@example.org', ['requester']);
  me = requester.id;
});
after(async () => { await s.stop(); });

const raise = (body, token = agent.tok) => s.api('POST', '/api/v1/tickets', { token, body: { requester_id: me, title: 'VPN drops every hour', ...body } });

test('priority comes from the impact × urgency matrix', async () => {
  const want = { '1,1': 1, '1,2': 2, '2,1': 2, '1,3': 3, '2,2': 3, '3,1': 3, '2,3': 4, '3,2': 4, '3,3': 5 };
  for (const [k, p] of Object.entries(want)) {
    const [impact, urgency] = k.split(',').map(Number);
    const r = await raise({ impact, urgency });
    assert.equal(r.status, 201);
    assert.equal(r.body.priority, p, k);
  }
  const d = await raise({});
  assert.equal(d.body.priority, 5);
  assert.match(d.body.number, /^INC-\d+$/);
  const req = await raise({ type: 'request', title: 'New laptop for a starter' });
  assert.match(req.body.number, /^REQ-\d+$/);
});

test('overriding the priority needs a reason, which is journaled', async () => {
  const bad = await raise({ impact: 3, urgency: 3, priority: 1 });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0].field, 'priority_reason');
  const ok = await raise({ impact: 3, urgency: 3, priority: 1, priority_reason: 'the mayor is waiting' });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.priority, 1);
  const h = await s.api('GET', `/api/v1/tickets/${ok.body.id}/history`, { token: agent.tok });
  assert.ok(h.body.items.some((e) => e.field === 'priority_reason' && e.new_value === 'the mayor is waiting'));
});

test('a ticket is found by id and by number', async () => {
  const t = (await raise({})).body;
  const byNumber = await s.api('GET', `/api/v1/tickets/${t.number}`, { token: agent.tok });
  assert.equal(byNumber.status, 200);
  assert.equal(byNumber.body.id, t.id);
  assert.equal((await s.api('GET', '/api/v1/tickets/INC-999999', { token: agent.tok })).status, 404);
});

test('the lifecycle refuses moves it does not allow, naming the allowed ones', async () => {
  const t = (await raise({})).body;
  assert.equal(t.status, 'new');
  let r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'closed' } });
  assert.equal(r.status, 409);
  assert.match(r.body.detail, /may go to: assigned, in_progress, pending, resolved, cancelled/);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'asleep' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'status');
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'pending' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'pending_reason');
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'pending', pending_reason: 'awaiting_supplier' } });
  assert.equal(r.status, 200);
  assert.equal(r.body.pending_reason, 'awaiting_supplier');
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'resolved' } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['resolution_code', 'resolution_notes']);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'resolved', resolution_code: 'fixed', resolution_notes: 'Replaced the router' } });
  assert.equal(r.status, 200);
  assert.equal(r.body.pending_reason, null);
  assert.ok(r.body.resolved_at);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'closed' } });
  assert.equal(r.status, 200);
  assert.ok(r.body.closed_at);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'in_progress' } });
  assert.equal(r.status, 409);
  assert.match(r.body.detail, /a closed ticket does not change/);
});

test('assignment: the assignee must be an agent in the group; reassigning is counted', async () => {
  const t = (await raise({ group_id: first.id })).body;
  let r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { assignee_id: agent2.id } });
  assert.equal(r.status, 400);
  assert.match(r.body.errors[0].message, /not a member of the group Service desk/);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { assignee_id: requester.id, group_id: null } });
  assert.equal(r.status, 400);
  assert.match(r.body.errors[0].message, /agent/);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { assignee_id: agent.id } });
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'assigned');
  assert.equal(r.body.reassignment_count, 0);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { group_id: second.id, assignee_id: agent2.id } });
  assert.equal(r.status, 200);
  assert.equal(r.body.reassignment_count, 1);
});

test('functional and hierarchical escalation are explicit, with a reason, and counted', async () => {
  const t = (await raise({ group_id: first.id, assignee_id: agent.id })).body;
  let r = await s.api('POST', `/api/v1/tickets/${t.id}/escalations`, { token: agent.tok, body: { kind: 'functional', group_id: second.id } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'reason');
  r = await s.api('POST', `/api/v1/tickets/${t.id}/escalations`, { token: agent.tok, body: { kind: 'functional', group_id: second.id, reason: 'WAN link, needs 2nd line' } });
  assert.equal(r.status, 201);
  assert.equal(r.body.group_id, second.id);
  assert.equal(r.body.assignee_id, null);
  assert.equal(r.body.escalation_count, 1);
  assert.equal(r.body.reassignment_count, 1);
  r = await s.api('POST', `/api/v1/tickets/${t.id}/escalations`, { token: agent.tok, body: { kind: 'hierarchical', user_id: agent2.id, reason: 'angry customer' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'user_id');
  r = await s.api('POST', `/api/v1/tickets/${t.id}/escalations`, { token: agent.tok, body: { kind: 'hierarchical', user_id: manager.id, reason: 'angry customer' } });
  assert.equal(r.status, 201);
  assert.equal(r.body.escalation_count, 2);
  const list = await s.api('GET', `/api/v1/tickets/${t.id}/escalations`, { token: agent.tok });
  assert.deepEqual(list.body.items.map((e) => [e.kind, e.reason]), [['functional', 'WAN link, needs 2nd line'], ['hierarchical', 'angry customer']]);
  assert.equal((await s.api('POST', `/api/v1/tickets/${t.id}/escalations`, { token: requester.tok, body: { kind: 'hierarchical', user_id: manager.id, reason: 'x' } })).status, 403);
});

test('replies and work notes: the first public reply is the first response; notes never reach the requester', async () => {
  const t = (await raise({ title: 'Outlook keeps asking for a password' })).body;
  let r = await s.api('POST', `/api/v1/tickets/${t.id}/comments`, { token: agent.tok, body: { body: 'Suspect an expired certificate on mail01', visibility: 'internal' } });
  assert.equal(r.status, 201);
  assert.equal((await s.api('GET', `/api/v1/tickets/${t.id}`, { token: agent.tok })).body.first_response_at, null);
  r = await s.api('POST', `/api/v1/tickets/${t.id}/comments`, { token: agent.tok, body: { body: 'We are looking into it.' } });
  assert.equal(r.body.visibility, 'public');
  assert.ok((await s.api('GET', `/api/v1/tickets/${t.id}`, { token: agent.tok })).body.first_response_at);
  const staffView = await s.api('GET', `/api/v1/tickets/${t.id}/comments`, { token: agent.tok });
  assert.deepEqual(staffView.body.items.map((c) => c.visibility), ['internal', 'public']);
  const theirs = await s.api('GET', `/api/v1/tickets/${t.id}/comments`, { token: requester.tok });
  assert.deepEqual(theirs.body.items.map((c) => c.body), ['We are looking into it.']);
  assert.equal((await s.api('POST', `/api/v1/tickets/${t.id}/comments`, { token: requester.tok, body: { body: 'psst', visibility: 'internal' } })).status, 403);
  const search = await s.api('GET', '/api/v1/tickets?q=certificate', { token: requester.tok });
  assert.deepEqual(search.body.items, []);
  const staffSearch = await s.api('GET', '/api/v1/tickets?q=certificate', { token: agent.tok });
  assert.deepEqual(staffSearch.body.items.map((x) => x.id), [t.id]);
  for (const bad of [{}, { body: '' }, { body: 'x', visibility: 'secret' }, { body: 'x', colour: 1 }]) {
    const b = await s.api('POST', `/api/v1/tickets/${t.id}/comments`, { token: agent.tok, body: bad });
    assert.equal(b.status, 400, JSON.stringify(bad));
  }
});

test('a requester answering a ticket that waits on them takes it back to work', async () => {
  const t = (await raise({})).body;
  await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'pending', pending_reason: 'awaiting_requester' } });
  await s.api('POST', `/api/v1/tickets/${t.id}/comments`, { token: requester.tok, body: { body: 'It happens on Wi-Fi only.' } });
  const now = await s.api('GET', `/api/v1/tickets/${t.id}`, { token: agent.tok });
  assert.equal(now.body.status, 'in_progress');
  assert.equal(now.body.pending_reason, null);
});

test('a requester sees, raises and reopens only their own tickets', async () => {
  const mine = await raise({ title: 'My monitor flickers', group_id: first.id }, requester.tok);
  assert.equal(mine.status, 403);
  const ok = await raise({ title: 'My monitor flickers', requester_id: undefined }, requester.tok);
  assert.equal(ok.status, 201);
  assert.equal(ok.body.requester_id, me);
  const forOther = await raise({ requester_id: other.id }, requester.tok);
  assert.equal(forOther.status, 403);
  const theirs = (await raise({ requester_id: other.id, title: 'Other person problem' })).body;
  assert.equal((await s.api('GET', `/api/v1/tickets/${theirs.id}`, { token: requester.tok })).status, 404);
  const list = await s.api('GET', '/api/v1/tickets?limit=200', { token: requester.tok });
  assert.ok(list.body.items.length > 0);
  assert.ok(list.body.items.every((x) => x.requester_id === me));
  const id = ok.body.id;
  assert.equal((await s.api('PATCH', `/api/v1/tickets/${id}`, { token: requester.tok, body: { priority: 1 } })).status, 403);
  assert.equal((await s.api('PATCH', `/api/v1/tickets/${id}`, { token: requester.tok, body: { status: 'in_progress' } })).status, 403);
  await s.api('PATCH', `/api/v1/tickets/${id}`, { token: agent.tok, body: { status: 'resolved', resolution_code: 'fixed', resolution_notes: 'New cable' } });
  const re = await s.api('PATCH', `/api/v1/tickets/${id}`, { token: requester.tok, body: { status: 'in_progress' } });
  assert.equal(re.status, 200);
  assert.equal(re.body.resolved_at, null);
  assert.equal(re.body.resolution_code, null);
});

test('lists filter on any field, sort, page, and search the text of tickets and replies', async () => {
  const a = (await raise({ title: 'Badge reader at the side entrance', impact: 1, urgency: 1, group_id: second.id })).body;
  await s.api('POST', `/api/v1/tickets/${a.id}/comments`, { token: agent.tok, body: { body: 'The reader beeps twice then stops' } });
  let r = await s.api('GET', `/api/v1/tickets?group_id=${second.id}&priority=1`, { token: agent.tok });
  assert.ok(r.body.items.some((x) => x.id === a.id));
  assert.ok(r.body.items.every((x) => x.group_id === second.id && x.priority === 1));
  r = await s.api('GET', '/api/v1/tickets?q=beeps+badge', { token: agent.tok });
  assert.deepEqual(r.body.items.map((x) => x.id), [a.id]);
  r = await s.api('GET', `/api/v1/tickets?q=${a.number}`, { token: agent.tok });
  assert.deepEqual(r.body.items.map((x) => x.id), [a.id]);
  r = await s.api('GET', '/api/v1/tickets?q=%22%28*%29', { token: agent.tok });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items, []);
  r = await s.api('GET', '/api/v1/tickets?limit=5', { token: agent.tok });
  const ids = r.body.items.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((x, y) => y - x), 'newest first by default');
  assert.ok(r.body.next);
  r = await s.api('GET', '/api/v1/tickets?status=sleeping', { token: agent.tok });
  assert.equal(r.status, 400);
  r = await s.api('GET', '/api/v1/tickets?sort=priority&status=new&limit=200', { token: agent.tok });
  const pr = r.body.items.map((x) => x.priority);
  assert.deepEqual(pr, [...pr].sort((x, y) => x - y));
});

test('a stale If-Match is refused and nothing changes', async () => {
  const t = await raise({});
  const etag = t.headers.get('etag');
  await s.api('PATCH', `/api/v1/tickets/${t.body.id}`, { token: agent.tok, body: { title: 'VPN drops every hour (Wi-Fi)' } });
  const r = await s.api('PATCH', `/api/v1/tickets/${t.body.id}`, { token: agent.tok, body: { title: 'Stale' }, headers: { 'If-Match': etag } });
  assert.equal(r.status, 412);
  assert.equal((await s.api('GET', `/api/v1/tickets/${t.body.id}`, { token: agent.tok })).body.title, 'VPN drops every hour (Wi-Fi)');
  const found = await s.api('GET', '/api/v1/tickets?q=Wi-Fi+drops', { token: agent.tok });
  assert.ok(found.body.items.some((x) => x.id === t.body.id), 'the new title is searchable');
});

test('an organisation that shares tickets lets its people read, not write on, each other\'s', async () => {
  const org = (await s.api('POST', '/api/v1/organisations', { token: s.admin, body: { name: 'Sharing School', share_tickets: true } })).body;
  const closed = (await s.api('POST', '/api/v1/organisations', { token: s.admin, body: { name: 'Private Office', share_tickets: false } })).body;
  const mk = async (email, orgId) => {
    const tok = s.addUser(email, 'requester');
    const u = (await s.api('GET', '/api/v1/me', { token: tok })).body;
    await s.api('PATCH', `/api/v1/users/${u.id}`, { token: s.admin, body: { organisation_id: orgId } });
    return { tok, id: u.id };
  };
  const t1 = await mk('t1@school.example', org.id);
  const t2 = await mk('t2@school.example', org.id);
  const p1 = await mk('p1@office.example', closed.id);
  const p2 = await mk('p2@office.example', closed.id);
  const a = (await raise({ requester_id: t1.id, title: 'Smartboard in room 12 is dark' })).body;
  const b = (await raise({ requester_id: p1.id, title: 'Payroll export fails' })).body;
  assert.equal(a.organisation_id, org.id);
  assert.equal((await s.api('GET', `/api/v1/tickets/${a.id}`, { token: t2.tok })).status, 200);
  const list = await s.api('GET', '/api/v1/tickets', { token: t2.tok });
  assert.deepEqual(list.body.items.map((x) => x.id), [a.id]);
  assert.equal((await s.api('POST', `/api/v1/tickets/${a.id}/comments`, { token: t2.tok, body: { body: 'me too' } })).status, 403);
  assert.equal((await s.api('GET', `/api/v1/tickets/${b.id}`, { token: p2.tok })).status, 404);
  assert.deepEqual((await s.api('GET', '/api/v1/tickets', { token: p2.tok })).body.items, []);
});

test('queues: built-in lists with live counts, and saved ones of one\'s own', async () => {
  const t = (await raise({ group_id: first.id, impact: 1, urgency: 1 })).body;
  const mineBefore = (await s.api('GET', '/api/v1/queues', { token: agent.tok })).body.items;
  const byKey = (items) => Object.fromEntries(items.map((q) => [q.key, q]));
  const b = byKey(mineBefore);
  for (const k of ['mine', 'unassigned', 'urgent', 'pending', 'recent']) assert.ok(b[k], k);
  assert.equal(b.unassigned.name, 'Unassigned in my groups');
  const unassigned = await s.api('GET', `/api/v1/tickets?${b.unassigned.filter}&limit=200`, { token: agent.tok });
  assert.equal(unassigned.status, 200);
  assert.equal(unassigned.body.items.length, b.unassigned.count);
  assert.ok(unassigned.body.items.some((x) => x.id === t.id));
  assert.ok(unassigned.body.items.every((x) => x.group_id === first.id && x.assignee_id === null));
  await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { assignee_id: agent.id } });
  const after = byKey((await s.api('GET', '/api/v1/queues', { token: agent.tok })).body.items);
  assert.equal(after.unassigned.count, b.unassigned.count - 1);
  assert.equal(after.mine.count, b.mine.count + 1);
  const urgent = await s.api('GET', `/api/v1/tickets?${after.urgent.filter}&limit=200`, { token: agent.tok });
  assert.ok(urgent.body.items.every((x) => x.priority <= 2 && ['new', 'assigned', 'in_progress', 'pending'].includes(x.status)));
  assert.equal(urgent.body.items.length, after.urgent.count);

  const bad = await s.api('POST', '/api/v1/queues', { token: agent.tok, body: { name: 'Broken', filter: 'colour=red' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0].field, 'filter');
  const bad2 = await s.api('POST', '/api/v1/queues', { token: agent.tok, body: { name: 'Broken', filter: 'status=sleeping' } });
  assert.equal(bad2.status, 400);
  const saved = await s.api('POST', '/api/v1/queues', { token: agent.tok, body: { name: 'Network P1', filter: `group_id=${first.id}&priority=1` } });
  assert.equal(saved.status, 201);
  const withSaved = (await s.api('GET', '/api/v1/queues', { token: agent.tok })).body.items;
  const mineSaved = withSaved.find((q) => q.id === saved.body.id);
  assert.equal(mineSaved.builtin, false);
  const direct = await s.api('GET', `/api/v1/tickets?group_id=${first.id}&priority=1&limit=200`, { token: agent.tok });
  assert.equal(mineSaved.count, direct.body.items.length);
  assert.ok(!(await s.api('GET', '/api/v1/queues', { token: agent2.tok })).body.items.some((q) => q.id === saved.body.id));
  assert.equal((await s.api('GET', `/api/v1/queues/${saved.body.id}`, { token: agent2.tok })).status, 404);
  const req = byKey((await s.api('GET', '/api/v1/queues', { token: requester.tok })).body.items);
  assert.deepEqual(Object.keys(req), ['my-requests']);
  const own = await s.api('GET', '/api/v1/tickets?requester_id=me&limit=200', { token: requester.tok });
  assert.equal(req['my-requests'].count, own.body.items.length);
});

test('filters take several values and "me"', async () => {
  const r = await s.api('GET', '/api/v1/tickets?status=new,assigned&assignee_id=me&limit=200', { token: agent.tok });
  assert.equal(r.status, 200);
  assert.ok(r.body.items.every((x) => ['new', 'assigned'].includes(x.status) && x.assignee_id === agent.id));
  assert.equal((await s.api('GET', '/api/v1/tickets?status=new,sleeping', { token: agent.tok })).status, 400);
  assert.equal((await s.api('GET', '/api/v1/tickets?assignee_id=null,3', { token: agent.tok })).status, 400);
});

test('watchers, configuration items and tags', async () => {
  const t = (await raise({ watcher_ids: [manager.id], ci_ids: [42, 7, 42], tags: ['VPN', 'remote', 'vpn'] })).body;
  assert.deepEqual(t.watcher_ids, [manager.id]);
  assert.deepEqual(t.ci_ids, [7, 42]);
  assert.deepEqual(t.tags, ['remote', 'vpn']);
  const tagged = await s.api('GET', '/api/v1/tickets?tags=VPN&limit=200', { token: agent.tok });
  assert.ok(tagged.body.items.some((x) => x.id === t.id));
  assert.ok(tagged.body.items.every((x) => x.tags.includes('vpn')));
  const none = await s.api('GET', '/api/v1/tickets?tags=vp&limit=200', { token: agent.tok });
  assert.ok(!none.body.items.some((x) => x.id === t.id));
  const bad = await raise({ tags: ['a,b'] });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0].field, 'tags');
});

test('bulk updates change every ticket or none', async () => {
  const a = (await raise({ group_id: first.id, tags: ['printer'] })).body;
  const b = (await raise({ group_id: first.id })).body;
  const c = (await raise({ group_id: first.id })).body;
  await s.api('PATCH', `/api/v1/tickets/${c.id}`, { token: agent.tok, body: { status: 'cancelled' } });
  let r = await s.api('POST', '/api/v1/tickets/bulk', { token: agent.tok, body: { ids: [a.id, b.id], changes: { assignee_id: agent.id, add_tags: ['floor-2'] } } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((x) => [x.assignee_id, x.status, x.tags]), [[agent.id, 'assigned', ['floor-2', 'printer']], [agent.id, 'assigned', ['floor-2']]]);
  r = await s.api('POST', '/api/v1/tickets/bulk', { token: agent.tok, body: { ids: [a.id, c.id, b.id], changes: { status: 'in_progress' } } });
  assert.equal(r.status, 409);
  assert.equal(r.body.errors[0].field, 'ids[1]');
  assert.match(r.body.detail, /nothing was changed/);
  for (const t of [a, b]) assert.equal((await s.api('GET', `/api/v1/tickets/${t.id}`, { token: agent.tok })).body.status, 'assigned');
  r = await s.api('POST', '/api/v1/tickets/bulk', { token: agent.tok, body: { ids: [a.id, 99999999], changes: { add_tags: ['x'] } } });
  assert.equal(r.status, 404);
  assert.deepEqual((await s.api('GET', `/api/v1/tickets/${a.id}`, { token: agent.tok })).body.tags, ['floor-2', 'printer']);
  for (const bad of [{}, { ids: [], changes: { status: 'new' } }, { ids: [a.id] }, { ids: [a.id], changes: {}, extra: 1 }]) {
    assert.equal((await s.api('POST', '/api/v1/tickets/bulk', { token: agent.tok, body: bad })).status, 400, JSON.stringify(bad));
  }
  assert.equal((await s.api('POST', '/api/v1/tickets/bulk', { token: requester.tok, body: { ids: [a.id], changes: { status: 'new' } } })).status, 403);
});

test('links: each ticket reads the link in its own words, and both journals tell of it', async () => {
  const a = (await raise({ title: 'Mail server down' })).body;
  const b = (await raise({ title: 'Cannot send mail' })).body;
  const c = (await raise({ title: 'Outlook errors' })).body;
  let r = await s.api('POST', `/api/v1/tickets/${b.id}/links`, { token: agent.tok, body: { kind: 'caused_by', ticket: a.number } });
  assert.equal(r.status, 201);
  assert.equal(r.body.kind, 'caused_by');
  assert.equal(r.body.number, a.number);
  r = await s.api('POST', `/api/v1/tickets/${a.id}/links`, { token: agent.tok, body: { kind: 'parent_of', ticket: c.id } });
  assert.equal(r.status, 201);
  const fromA = (await s.api('GET', `/api/v1/tickets/${a.id}/links`, { token: agent.tok })).body.items;
  assert.deepEqual(fromA.map((l) => [l.kind, l.number]), [['causes', b.number], ['parent_of', c.number]]);
  const fromC = (await s.api('GET', `/api/v1/tickets/${c.id}/links`, { token: agent.tok })).body.items;
  assert.deepEqual(fromC.map((l) => [l.kind, l.number]), [['child_of', a.number]]);
  r = await s.api('POST', `/api/v1/tickets/${c.id}/links`, { token: agent.tok, body: { kind: 'parent_of', ticket: a.id } });
  assert.equal(r.status, 409);
  r = await s.api('POST', `/api/v1/tickets/${b.id}/links`, { token: agent.tok, body: { kind: 'caused_by', ticket: a.id } });
  assert.equal(r.status, 409);
  r = await s.api('POST', `/api/v1/tickets/${b.id}/links`, { token: agent.tok, body: { kind: 'caused_by', ticket: b.id } });
  assert.equal(r.status, 400);
  r = await s.api('POST', `/api/v1/tickets/${b.id}/links`, { token: agent.tok, body: { kind: 'likes', ticket: a.id } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'kind');
  r = await s.api('POST', `/api/v1/tickets/${b.id}/links`, { token: agent.tok, body: { kind: 'related_to', ticket: 'INC-99999999' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'ticket');
  const ha = (await s.api('GET', `/api/v1/tickets/${a.id}/history`, { token: agent.tok })).body.items.filter((e) => e.field === 'links');
  assert.deepEqual(ha.map((e) => e.new_value), [`causes ${b.number}`, `parent_of ${c.number}`]);
  const link = fromC[0];
  assert.equal((await s.api('DELETE', `/api/v1/tickets/${c.id}/links/${link.id}`, { token: agent.tok })).status, 204);
  assert.deepEqual((await s.api('GET', `/api/v1/tickets/${a.id}/links`, { token: agent.tok })).body.items.map((l) => l.kind), ['causes']);
  const hc = (await s.api('GET', `/api/v1/tickets/${c.id}/history`, { token: agent.tok })).body.items.filter((e) => e.field === 'links');
  assert.deepEqual(hc.map((e) => [e.old_value, e.new_value]), [[null, `child_of ${a.number}`], [`child_of ${a.number}`, null]]);
  assert.equal((await s.api('DELETE', `/api/v1/tickets/${c.id}/links/${link.id}`, { token: agent.tok })).status, 404);
  assert.equal((await s.api('POST', `/api/v1/tickets/${b.id}/links`, { token: requester.tok, body: { kind: 'related_to', ticket: a.id } })).status, 403);
});

test('attachments: stored once by content, checked for type and size, served as downloads', async () => {
  const t = (await raise({ title: 'Screenshot of the error' })).body;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake image data')]);
  const up = (path, body, type, token = agent.tok) => s.api('POST', path, { token, raw: body, headers: { 'Content-Type': type } });
  let r = await up(`/api/v1/tickets/${t.id}/attachments?filename=${encodeURIComponent('fout melding é.png')}`, png, 'image/png');
  assert.equal(r.status, 201);
  assert.equal(r.body.size, png.length);
  assert.equal(r.body.filename, 'fout melding é.png');
  assert.match(r.body.sha256, /^[0-9a-f]{64}$/);
  const dl = await fetch(`${s.url}${r.body.url}`, { headers: { Authorization: `Bearer ${requester.tok}` } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'image/png');
  assert.match(dl.headers.get('content-disposition'), /^attachment; filename="fout melding _+\.png"; filename\*=UTF-8''fout%20melding%20%C3%A9\.png$/);
  assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), png);
  r = await up(`/api/v1/tickets/${t.id}/attachments?filename=notes.txt&visibility=internal`, 'root password is in the safe', 'text/plain; charset=utf-8');
  assert.equal(r.status, 201);
  const hidden = r.body;
  assert.equal((await s.api('GET', hidden.url, { token: requester.tok })).status, 404);
  assert.equal((await s.api('GET', hidden.url, { token: agent.tok })).text, 'root password is in the safe');
  const theirs = await s.api('GET', `/api/v1/tickets/${t.id}/attachments`, { token: requester.tok });
  assert.deepEqual(theirs.body.items.map((a) => a.filename), ['fout melding é.png']);
  assert.equal((await s.api('GET', `/api/v1/tickets/${t.id}/attachments`, { token: agent.tok })).body.items.length, 2);
  assert.equal((await up(`/api/v1/tickets/${t.id}/attachments?filename=x.txt&visibility=internal`, 'x', 'text/plain', requester.tok)).status, 403);
  r = await up(`/api/v1/tickets/${t.id}/attachments?filename=x.png`, 'not a png at all', 'image/png');
  assert.equal(r.status, 415);
  assert.equal(r.body.errors[0].field, 'content_type');
  r = await up(`/api/v1/tickets/${t.id}/attachments?filename=setup.exe`, Buffer.from('MZ\x90\x00rest'), 'application/octet-stream');
  assert.equal(r.status, 415);
  r = await up(`/api/v1/tickets/${t.id}/attachments?filename=page.html`, '<script>alert(1)</script>', 'text/html');
  assert.equal(r.status, 415);
  r = await up(`/api/v1/tickets/${t.id}/attachments?filename=..%2Fetc%2Fpasswd`, 'x', 'text/plain');
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'filename');
  r = await up(`/api/v1/tickets/${t.id}/attachments`, 'x', 'text/plain');
  assert.equal(r.status, 400);
  const h = (await s.api('GET', `/api/v1/tickets/${t.id}/history`, { token: agent.tok })).body.items.filter((e) => e.field === 'attachments');
  assert.deepEqual(h.map((e) => e.new_value), [`fout melding é.png (${png.length} bytes)`, 'notes.txt (28 bytes)']);
  const other = (await raise({ requester_id: other_id() })).body;
  assert.equal((await s.api('GET', `/api/v1/tickets/${other.id}/attachments`, { token: requester.tok })).status, 404);
});

function other_id() { return other.id; }

test('the rules hold at the edges: unassigning, resolution fields, type, requester, inactive records, closed tickets', async () => {
  const t = (await raise({ group_id: first.id, assignee_id: agent.id })).body;
  assert.equal(t.status, 'assigned');
  let r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { assignee_id: null } });
  assert.equal(r.body.status, 'new');
  assert.equal(r.body.reassignment_count, 0);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { resolution_code: 'fixed' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'resolution_code');
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { type: 'request' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'type');
  const org = (await s.api('POST', '/api/v1/organisations', { token: s.admin, body: { name: 'Moved Org' } })).body;
  await s.api('PATCH', `/api/v1/users/${other.id}`, { token: s.admin, body: { organisation_id: org.id } });
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { requester_id: other.id } });
  assert.equal(r.body.organisation_id, org.id);
  const gone = (await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Wound up', active: false } })).body;
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { group_id: gone.id } });
  assert.equal(r.status, 400);
  assert.match(r.body.errors[0].message, /not active/);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'resolved', resolution_code: 'fixed', resolution_notes: 'Done' } });
  const resolvedAt = r.body.resolved_at;
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'resolved', resolution_code: 'workaround' } });
  assert.equal(r.status, 200);
  assert.equal(r.body.resolution_notes, 'Done');
  assert.equal(r.body.resolved_at, resolvedAt);
  await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { status: 'closed' } });
  r = await s.api('POST', `/api/v1/tickets/${t.id}/comments`, { token: agent.tok, body: { body: 'late' } });
  assert.equal(r.status, 409);
  r = await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: agent.tok, body: { title: 'renamed' } });
  assert.equal(r.status, 409);
});

test('a requester raising a ticket may name themself; ?q=me looks for the word', async () => {
  const r = await raise({ requester_id: me, title: 'Please call me back about the phone' }, requester.tok);
  assert.equal(r.status, 201);
  const found = await s.api('GET', '/api/v1/tickets?q=me+phone', { token: requester.tok });
  assert.deepEqual(found.body.items.map((x) => x.id), [r.body.id]);
});

test('a link never shows a requester a ticket they may not see', async () => {
  const mine = (await raise({ title: 'My laptop is slow' })).body;
  const secret = (await raise({ requester_id: other.id, title: 'Secret: CEO laptop stolen' })).body;
  await s.api('POST', `/api/v1/tickets/${mine.id}/links`, { token: agent.tok, body: { kind: 'related_to', ticket: secret.id } });
  const links = await s.api('GET', `/api/v1/tickets/${mine.id}/links`, { token: requester.tok });
  assert.deepEqual(links.body.items, []);
  assert.equal((await s.api('GET', `/api/v1/tickets/${mine.id}/links`, { token: agent.tok })).body.items.length, 1);
  const hidden = await s.api('GET', `/api/v1/tickets/${secret.number}`, { token: requester.tok });
  const missing = await s.api('GET', '/api/v1/tickets/INC-99999999', { token: requester.tok });
  assert.equal(hidden.status, 404);
  assert.equal(hidden.body.detail.replace(secret.number, 'X'), missing.body.detail.replace('INC-99999999', 'X'));
});

test('search: PostgreSQL also matches stems in the requester\'s language; SQLite matches words as written', async () => {
  const nl = s.addUser('nl@example.org', 'requester', 'Noor Dutch');
  const nlId = (await s.api('GET', '/api/v1/me', { token: nl })).body.id;
  await s.api('PATCH', `/api/v1/users/${nlId}`, { token: s.admin, body: { language: 'nl' } });
  const t = (await raise({ requester_id: nlId, title: 'De printers op de tweede verdieping werken niet' })).body;
  const exact = await s.api('GET', '/api/v1/tickets?q=printers+verdieping', { token: agent.tok });
  assert.deepEqual(exact.body.items.map((x) => x.id), [t.id]);
  const stem = await s.api('GET', '/api/v1/tickets?q=verdiepingen+werkt', { token: agent.tok });
  if (BACKEND === 'postgres') assert.deepEqual(stem.body.items.map((x) => x.id), [t.id]);
  else assert.deepEqual(stem.body.items, []);
});

test('search by relevance: the best matches first, one page', async () => {
  const weak = (await raise({ title: 'Question about the intranet', description: 'Also the badge printer jams sometimes' })).body;
  const strong = (await raise({ title: 'Badge printer jams', description: 'The badge printer jams on every badge; badge printer jams again' })).body;
  const newest = (await raise({ title: 'Unrelated: coffee machine' })).body;
  let r = await s.api('GET', '/api/v1/tickets?q=badge+printer+jams&sort=relevance&limit=10', { token: agent.tok });
  assert.equal(r.status, 200);
  const ids = r.body.items.map((x) => x.id);
  assert.ok(ids.includes(strong.id) && ids.includes(weak.id) && !ids.includes(newest.id));
  assert.ok(ids.indexOf(strong.id) < ids.indexOf(weak.id), 'the ticket about it comes before the one that mentions it');
  assert.equal(r.body.next, null);
  r = await s.api('GET', '/api/v1/tickets?sort=relevance', { token: agent.tok });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'sort');
  r = await s.api('GET', '/api/v1/tickets?q=%21%21&sort=relevance', { token: agent.tok });
  assert.deepEqual(r.body.items, []);
  r = await s.api('GET', '/api/v1/tickets?q=badge&sort=relevance', { token: requester.tok });
  assert.ok(r.body.items.every((x) => x.requester_id === me));
});

test('the priority matrix is the administrators\' to set; new tickets follow it, old ones keep theirs', async () => {
  let r = await s.api('GET', '/api/v1/settings/priority-matrix', { token: agent.tok });
  assert.deepEqual(r.body.matrix, [[1, 2, 3], [2, 3, 4], [3, 4, 5]]);
  const etag = r.headers.get('etag');
  const before = (await raise({ impact: 3, urgency: 3 })).body;
  assert.equal(before.priority, 5);
  assert.equal((await s.api('PUT', '/api/v1/settings/priority-matrix', { token: agent.tok, body: { matrix: [[1, 1, 2], [1, 2, 3], [2, 3, 4]] } })).status, 403);
  r = await s.api('PUT', '/api/v1/settings/priority-matrix', { token: s.admin, body: { matrix: [[1, 1, 2], [1, 2, 3], [2, 3, 9]] } });
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'matrix[2][2]');
  r = await s.api('PUT', '/api/v1/settings/priority-matrix', { token: s.admin, body: { matrix: [[1, 1, 2], [1, 2, 3], [2, 3, 4]] }, headers: { 'If-Match': etag } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.matrix[2], [2, 3, 4]);
  assert.notEqual(r.headers.get('etag'), etag);
  const stale = await s.api('PUT', '/api/v1/settings/priority-matrix', { token: s.admin, body: { matrix: [[1, 2, 3], [2, 3, 4], [3, 4, 5]] }, headers: { 'If-Match': etag } });
  assert.equal(stale.status, 412);
  const after = (await raise({ impact: 3, urgency: 3 })).body;
  assert.equal(after.priority, 4);
  assert.equal((await s.api('GET', `/api/v1/tickets/${before.id}`, { token: agent.tok })).body.priority, 5);
  const h = (await s.api('GET', '/api/v1/settings/priority-matrix/history', { token: s.admin })).body.items;
  assert.deepEqual(h.map((e) => [e.action, e.field, e.new_value]), [['create', 'priority_matrix', '[[1,1,2],[1,2,3],[2,3,4]]']]);
  r = await s.api('PUT', '/api/v1/settings/priority-matrix', { token: s.admin, body: { matrix: [[1, 2, 3], [2, 3, 4], [3, 4, 5]] } });
  assert.equal(r.status, 200);
});

test('files on replies and notes are as visible as the reply or note', async () => {
  const t = (await raise({ title: 'Files on replies' })).body;
  const note = (await s.api('POST', `/api/v1/tickets/${t.id}/comments`, { token: agent.tok, body: { body: 'log attached', visibility: 'internal' } })).body;
  const reply = (await s.api('POST', `/api/v1/tickets/${t.id}/comments`, { token: agent.tok, body: { body: 'the fix, attached' } })).body;
  const up = (q, token = agent.tok) => s.api('POST', `/api/v1/tickets/${t.id}/attachments?${q}`, { token, raw: 'some text', headers: { 'Content-Type': 'text/plain' } });
  let r = await up(`filename=server.log&comment_id=${note.id}`);
  assert.equal(r.status, 201);
  assert.equal(r.body.visibility, 'internal');
  assert.equal(r.body.comment_id, note.id);
  r = await up(`filename=fix.txt&comment_id=${reply.id}`);
  assert.equal(r.body.visibility, 'public');
  r = await up(`filename=x.txt&comment_id=${reply.id}&visibility=internal`);
  assert.equal(r.status, 400);
  r = await up('filename=x.txt&comment_id=99999999');
  assert.equal(r.status, 400);
  assert.equal(r.body.errors[0].field, 'comment_id');
  r = await up(`filename=x.txt&comment_id=${note.id}`, requester.tok);
  assert.equal(r.status, 400);
  const theirs = (await s.api('GET', `/api/v1/tickets/${t.id}/attachments`, { token: requester.tok })).body.items;
  assert.deepEqual(theirs.map((a) => [a.filename, a.comment_id]), [['fix.txt', reply.id]]);
});

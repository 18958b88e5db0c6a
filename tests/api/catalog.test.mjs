// Service requests from the catalogue: the item's form, approval and
// fulfilment tasks, from request to resolution.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithAdmin } from './harness.mjs';

let s, workplace, network, agent, boss, bossId, req, reqId, head, headId;
before(async () => {
  s = await startWithAdmin();
  workplace = (await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Workplace' } })).body;
  network = (await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Network' } })).body;
  agent = s.addUser('agent@example.org', 'agent');
  boss = s.addUser('boss@example.org', 'manager,agent');
  bossId = (await s.api('GET', '/api/v1/me', { token: boss })).body.id;
  head = s.addUser('head@example.org', 'requester');
  headId = (await s.api('GET', '/api/v1/me', { token: head })).body.id;
  req = s.addUser('starter@example.org', 'requester');
  reqId = (await s.api('GET', '/api/v1/me', { token: req })).body.id;
  await s.api('PATCH', `/api/v1/users/${reqId}`, { token: s.admin, body: { manager_id: bossId } });
});
after(async () => { await s.stop(); });

const laptopForm = [
  { name: 'model', label: 'Model', type: 'choice', required: true, choices: ['14 inch', '16 inch'] },
  { name: 'start', label: 'Start date', type: 'date', required: true },
  { name: 'software', label: 'Software', type: 'multi_choice', choices: ['Office', 'Visio', 'AutoCAD'] },
  { name: 'notes', label: 'Notes', type: 'long_text', max_length: 500 },
  { name: 'buddy', label: 'Buddy', type: 'user' },
];

async function item(body) {
  const r = await s.api('POST', '/api/v1/catalog/items', { token: s.admin, body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

test('an item is a form, an approval and fulfilment tasks; bad definitions are refused', async () => {
  const i = await item({ name: 'New laptop', description: 'For a new starter', form: laptopForm, approval: 'manager',
    tasks: [{ title: 'Prepare the laptop', group_id: workplace.id }, { title: 'Network account', group_id: network.id }] });
  assert.deepEqual(i.form, laptopForm);
  assert.equal(i.tasks.length, 2);
  const bad = [
    [{ name: 'X', form: [{ name: 'Bad Name', label: 'x', type: 'text' }] }, /form\[0\]\.name/],
    [{ name: 'X', form: [{ name: 'a', label: 'x', type: 'colour' }] }, /form\[0\]\.type/],
    [{ name: 'X', form: [{ name: 'a', label: 'x', type: 'choice' }] }, /form\[0\]\.choices/],
    [{ name: 'X', form: [{ name: 'a', label: 'x', type: 'text' }, { name: 'a', label: 'y', type: 'text' }] }, /used twice/],
    [{ name: 'X', tasks: [{ title: 'x', group_id: 999999 }] }, /no group 999999/],
    [{ name: 'X', approval: 'sometimes' }, /approval/],
  ];
  for (const [body, pattern] of bad) {
    const r = await s.api('POST', '/api/v1/catalog/items', { token: s.admin, body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.body.detail, pattern);
  }
  assert.equal((await s.api('POST', '/api/v1/catalog/items', { token: agent, body: { name: 'Mine' } })).status, 403);
  const seen = await s.api('GET', '/api/v1/catalog/items?q=laptop', { token: req });
  assert.deepEqual(seen.body.items.map((x) => x.name), ['New laptop']);
});

test('a request is validated field by field, and nothing is written when it is wrong', async () => {
  const i = await item({ name: 'Validated laptop', form: laptopForm, tasks: [{ title: 'Prepare', group_id: workplace.id }] });
  const r = await s.api('POST', `/api/v1/catalog/items/${i.id}/requests`, {
    token: req, body: { values: { model: '15 inch', software: ['Office', 'Doom'], notes: 'x'.repeat(501), colour: 'red', buddy: 99999 } },
  });
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.field).sort(), ['values.colour', 'values.model', 'values.notes', 'values.software', 'values.start']);
  const r2 = await s.api('POST', `/api/v1/catalog/items/${i.id}/requests`, { token: req, body: { values: { model: '14 inch', start: '2026-12-01', buddy: 99999 } } });
  assert.equal(r2.status, 400);
  assert.match(r2.body.detail, /no active user with id 99999/);
  const mine = await s.api('GET', '/api/v1/tickets', { token: req });
  assert.deepEqual(mine.body.items, []);
});

test('from form to fulfilment: the manager approves, the groups do the work, the request resolves itself', async () => {
  const i = await item({ name: 'Laptop with approval', form: laptopForm, approval: 'manager',
    tasks: [{ title: 'Prepare the laptop', group_id: workplace.id }, { title: 'Network account', group_id: network.id }] });
  let r = await s.api('POST', `/api/v1/catalog/items/${i.id}/requests`, {
    token: req, body: { values: { model: '16 inch', start: '2026-12-01', software: ['Office', 'Visio'] } },
  });
  assert.equal(r.status, 201);
  const t = r.body;
  assert.match(t.number, /^REQ-/);
  assert.equal(t.type, 'request');
  assert.equal(t.status, 'pending');
  assert.equal(t.pending_reason, 'awaiting_approval');
  assert.match(t.description, /Model: 16 inch\nStart date: 2026-12-01\nSoftware: Office, Visio/);
  const approvals = (await s.api('GET', `/api/v1/tickets/${t.id}/approvals`, { token: boss })).body.items;
  assert.deepEqual(approvals.map((a) => [a.approver_id, a.decision]), [[bossId, null]]);
  assert.deepEqual((await s.api('GET', `/api/v1/tasks?ticket_id=${t.id}`, { token: agent })).body.items, []);
  r = await s.api('POST', `/api/v1/tickets/${t.id}/approvals/${approvals[0].id}`, { token: agent, body: { decision: 'approved' } });
  assert.equal(r.status, 409);
  r = await s.api('POST', `/api/v1/tickets/${t.id}/approvals/${approvals[0].id}`, { token: boss, body: { decision: 'maybe' } });
  assert.equal(r.status, 400);
  r = await s.api('POST', `/api/v1/tickets/${t.id}/approvals/${approvals[0].id}`, { token: boss, body: { decision: 'approved', comment: 'Welcome aboard' } });
  assert.equal(r.status, 200);
  assert.equal(r.body.items[0].decision, 'approved');
  r = await s.api('POST', `/api/v1/tickets/${t.id}/approvals/${approvals[0].id}`, { token: boss, body: { decision: 'rejected' } });
  assert.equal(r.status, 409);
  let ticket = (await s.api('GET', `/api/v1/tickets/${t.id}`, { token: agent })).body;
  assert.equal(ticket.status, 'in_progress');
  const tasks = (await s.api('GET', `/api/v1/tasks?ticket_id=${t.id}`, { token: agent })).body.items;
  assert.deepEqual(tasks.map((x) => [x.title, x.group_id, x.status]), [['Prepare the laptop', workplace.id, 'open'], ['Network account', network.id, 'open']]);
  r = await s.api('PATCH', `/api/v1/tasks/${tasks[0].id}`, { token: agent, body: { status: 'done' } });
  assert.equal(r.status, 200);
  assert.ok(r.body.done_at);
  assert.equal((await s.api('GET', `/api/v1/tickets/${t.id}`, { token: agent })).body.status, 'in_progress');
  await s.api('PATCH', `/api/v1/tasks/${tasks[1].id}`, { token: agent, body: { status: 'done' } });
  ticket = (await s.api('GET', `/api/v1/tickets/${t.id}`, { token: req })).body;
  assert.equal(ticket.status, 'resolved');
  assert.equal(ticket.resolution_code, 'request_fulfilled');
  assert.equal((await s.api('PATCH', `/api/v1/tasks/${tasks[1].id}`, { token: req, body: { status: 'open' } })).status, 404);
});

test('named approvers: one rejection cancels the request and tells the requester why', async () => {
  const i = await item({ name: 'Software licence', approval: 'approvers', approver_ids: [headId, bossId],
    form: [{ name: 'product', label: 'Product', type: 'text', required: true }], tasks: [{ title: 'Buy it', group_id: workplace.id }] });
  const t = (await s.api('POST', `/api/v1/catalog/items/${i.id}/requests`, { token: req, body: { values: { product: 'AutoCAD' } } })).body;
  assert.equal(t.status, 'pending');
  const approvals = (await s.api('GET', `/api/v1/tickets/${t.id}/approvals`, { token: agent })).body.items;
  assert.deepEqual(approvals.map((a) => a.approver_id).sort(), [headId, bossId].sort());
  const mineOnly = approvals.find((a) => a.approver_id === headId);
  const waiting = (await s.api('GET', '/api/v1/approvals', { token: head })).body.items;
  assert.deepEqual(waiting.map((w) => [w.id, w.number, w.title]), [[mineOnly.id, t.number, 'Software licence']]);
  assert.equal((await s.api('GET', `/api/v1/tickets/${t.id}`, { token: head })).status, 200, 'an approver reads what they approve');
  assert.equal((await s.api('GET', `/api/v1/tickets/${t.id}/approvals`, { token: head })).status, 200);
  assert.equal((await s.api('GET', `/api/v1/tickets/${t.id}/comments`, { token: head })).status, 404, 'but not the conversation');
  const r = await s.api('POST', `/api/v1/tickets/${t.id}/approvals/${mineOnly.id}`, { token: head, body: { decision: 'rejected', comment: 'No budget this year.' } });
  assert.equal(r.status, 200);
  const ticket = (await s.api('GET', `/api/v1/tickets/${t.id}`, { token: req })).body;
  assert.equal(ticket.status, 'cancelled');
  assert.deepEqual((await s.api('GET', '/api/v1/approvals', { token: head })).body.items, []);
  const said = (await s.api('GET', `/api/v1/tickets/${t.id}/comments`, { token: req })).body.items;
  assert.match(said[0].body, /not approved\. No budget this year\./);
  assert.deepEqual((await s.api('GET', `/api/v1/tasks?ticket_id=${t.id}`, { token: agent })).body.items, []);
});

test('an item without approval goes straight to its tasks; one needing a manager the requester lacks is refused', async () => {
  const i = await item({ name: 'Extra monitor', tasks: [{ title: 'Deliver a monitor', group_id: workplace.id }] });
  const t = (await s.api('POST', `/api/v1/catalog/items/${i.id}/requests`, { token: head, body: { values: {} } })).body;
  assert.equal(t.status, 'in_progress');
  const m = await item({ name: 'Needs a manager', approval: 'manager' });
  const r = await s.api('POST', `/api/v1/catalog/items/${m.id}/requests`, { token: head, body: { values: {} } });
  assert.equal(r.status, 409);
  assert.match(r.body.detail, /has none/);
  const off = await item({ name: 'Withdrawn', active: false });
  assert.equal((await s.api('POST', `/api/v1/catalog/items/${off.id}/requests`, { token: head, body: { values: {} } })).status, 409);
});

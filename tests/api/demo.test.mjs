// The demo's tickets, as a new user sees them: a living service desk of a
// municipality and a school, the same at every start. (The demo's people are
// cli.test.mjs's.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';

const DAY = 86400000;
const OPEN = ['new', 'assigned', 'in_progress', 'pending'];
const at = (s) => (s ? Date.parse(s) : null);

let s, admin, tickets, users, groups, orgs, comments;

async function listAll(srv, token, path) {
  const items = [];
  const sep = path.includes('?') ? '&' : '?';
  let page = await srv.api('GET', `${path}${sep}limit=200`, { token });
  for (;;) {
    assert.equal(page.status, 200, page.text);
    items.push(...page.body.items);
    if (!page.body.next) return items;
    page = await srv.api('GET', `${path}${sep}limit=200&cursor=${encodeURIComponent(page.body.next)}`, { token });
  }
}

before(async () => {
  s = await new Server().start(['--demo']);
  admin = s.token('admin@zuiderveld.example');
  tickets = await listAll(s, admin, '/api/v1/tickets?sort=id');
  users = await listAll(s, admin, '/api/v1/users');
  groups = await listAll(s, admin, '/api/v1/groups');
  orgs = await listAll(s, admin, '/api/v1/organisations');
  comments = new Map();
  for (const t of tickets) {
    const r = await s.api('GET', `/api/v1/tickets/${t.id}/comments`, { token: admin });
    assert.equal(r.status, 200, r.text);
    comments.set(t.id, r.body.items);
  }
});
after(async () => { await s.stop(); });

test('a few hundred tickets over the last ninety days, numbered in the order they came in', () => {
  assert.ok(tickets.length >= 250 && tickets.length <= 500, `${tickets.length} tickets`);
  const now = Date.now();
  for (const t of tickets) {
    assert.ok(at(t.created_at) > now - 90 * DAY, `${t.number} ${t.created_at}`);
    assert.ok(at(t.updated_at) <= now, `${t.number} ${t.updated_at}`);
  }
  for (const type of ['INC', 'REQ']) {
    const mine = tickets.filter((t) => t.number.startsWith(`${type}-`));
    for (let i = 1; i < mine.length; i++) assert.ok(at(mine[i].created_at) >= at(mine[i - 1].created_at), mine[i].number);
  }
});

test('every state, every pending reason, all five priorities and both types occur', () => {
  const count = (f) => tickets.reduce((m, t) => m.set(f(t), (m.get(f(t)) ?? 0) + 1), new Map());
  const states = count((t) => t.status);
  for (const st of [...OPEN, 'resolved', 'closed', 'cancelled']) assert.ok(states.get(st) > 0, `no ${st} ticket`);
  assert.ok(states.get('closed') > tickets.length / 2, 'most tickets are closed');
  const reasons = count((t) => t.pending_reason);
  for (const r of ['awaiting_requester', 'awaiting_supplier', 'awaiting_change']) assert.ok(reasons.get(r) > 0, `no ticket ${r}`);
  const prios = count((t) => t.priority);
  for (const p of [1, 2, 3, 4, 5]) assert.ok(prios.get(p) > 0, `no P${p}`);
  assert.ok(prios.get(1) <= 5, 'few P1s');
  const incidents = tickets.filter((t) => t.type === 'incident').length / tickets.length;
  assert.ok(incidents > 0.6 && incidents < 0.8, `${incidents} incidents`);
  const channels = count((t) => t.channel);
  for (const c of ['portal', 'email', 'phone', 'walk_in', 'api']) assert.ok(channels.get(c) > 0, `no ticket by ${c}`);
});

test('the lifecycle fields agree with the state', () => {
  for (const t of tickets) {
    const n = t.number;
    assert.equal(t.pending_reason !== null, t.status === 'pending', n);
    assert.equal(t.closed_at !== null, t.status === 'closed', n);
    const done = t.status === 'resolved' || t.status === 'closed';
    assert.equal(t.resolved_at !== null, done, n);
    assert.equal(t.resolution_code !== null && t.resolution_notes !== null, done, n);
    assert.equal(t.priority_reason === null, t.priority === t.impact + t.urgency - 1, n);
    if (t.status === 'new') assert.equal(t.assignee_id, null, n);
    if (t.status === 'assigned') assert.ok(t.assignee_id, n);
  }
  assert.ok(tickets.some((t) => t.priority_reason), 'a priority raised with a reason');
});

test('requesters of both organisations; each ticket in its requester\'s', () => {
  const byId = new Map(users.map((u) => [u.id, u]));
  assert.equal(orgs.length, 2);
  for (const o of orgs) assert.ok(tickets.some((t) => t.organisation_id === o.id), o.name);
  for (const t of tickets) assert.equal(t.organisation_id, byId.get(t.requester_id).organisation_id, t.number);
});

test('open tickets in every group, and every assignee is a member of the ticket\'s group', () => {
  assert.equal(groups.length, 4);
  for (const g of groups) {
    assert.ok(tickets.some((t) => t.group_id === g.id && OPEN.includes(t.status)), `no open ticket in ${g.name}`);
  }
  const members = new Map(groups.map((g) => [g.id, new Set(g.member_ids)]));
  for (const t of tickets.filter((x) => x.assignee_id)) {
    assert.ok(members.get(t.group_id)?.has(t.assignee_id), `${t.number}: assignee ${t.assignee_id} not in group ${t.group_id}`);
  }
});

test('times tell one story: raised, answered, resolved, closed', () => {
  for (const t of tickets) {
    const seq = [t.created_at, t.first_response_at, t.resolved_at, t.closed_at].filter(Boolean).map(at);
    for (let i = 1; i < seq.length; i++) assert.ok(seq[i - 1] <= seq[i], `${t.number}: ${JSON.stringify(t)}`);
    assert.ok(at(t.updated_at) >= Math.max(...seq), t.number);
    if (!['new', 'assigned', 'cancelled'].includes(t.status)) assert.ok(t.first_response_at, `${t.number} has no first response`);
  }
});

test('replies and work notes: the first public reply from the desk is the first response', () => {
  let replies = 0, notes = 0;
  for (const t of tickets) {
    const items = comments.get(t.id);
    replies += items.filter((c) => c.visibility === 'public').length;
    notes += items.filter((c) => c.visibility === 'internal').length;
    for (const c of items) assert.ok(at(c.created_at) >= at(t.created_at), `${t.number} comment ${c.id}`);
    const first = items.find((c) => c.visibility === 'public' && c.author_id !== t.requester_id);
    assert.equal(at(t.first_response_at), first ? at(first.created_at) : null, t.number);
  }
  assert.ok(replies > tickets.length && notes > tickets.length / 2, `${replies} replies, ${notes} notes`);
});

test('a requester sees their tickets\' replies but never a work note', async () => {
  const tok = s.token('user@zuiderveld.example');
  const me = (await s.api('GET', '/api/v1/me', { token: tok })).body;
  const mine = tickets.filter((t) => t.requester_id === me.id);
  assert.ok(mine.length >= 3, `${mine.length} tickets of ${me.email}`);
  const withNotes = mine.filter((t) => comments.get(t.id).some((c) => c.visibility === 'internal'));
  assert.ok(withNotes.length > 0, 'a ticket of theirs has work notes');
  for (const t of withNotes) {
    const r = await s.api('GET', `/api/v1/tickets/${t.id}/comments`, { token: tok });
    assert.equal(r.status, 200);
    assert.ok(r.body.items.every((c) => c.visibility === 'public'), t.number);
    assert.equal(r.body.items.length, comments.get(t.id).filter((c) => c.visibility === 'public').length, t.number);
  }
  const seen = await listAll(s, tok, '/api/v1/tickets');
  assert.deepEqual(seen.map((t) => t.id).sort(), mine.map((t) => t.id).sort());
});

test('functional escalations to Network and Applications, with reasons, counted', async () => {
  const escalated = tickets.filter((t) => t.escalation_count > 0);
  assert.ok(escalated.length >= 10, `${escalated.length} escalated`);
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const to = new Set(), kinds = new Set();
  for (const t of escalated) {
    const r = await s.api('GET', `/api/v1/tickets/${t.id}/escalations`, { token: admin });
    assert.equal(r.body.items.length, t.escalation_count, t.number);
    const functional = r.body.items.filter((e) => e.kind === 'functional');
    assert.ok(t.reassignment_count >= functional.length, t.number);
    for (const e of r.body.items) {
      assert.ok(e.reason.length > 10, t.number);
      assert.ok(at(e.created_at) >= at(t.created_at) && at(e.created_at) <= at(t.updated_at), t.number);
      kinds.add(e.kind);
      if (e.kind === 'functional') to.add(names.get(e.to_group_id));
    }
  }
  assert.ok(to.has('Network') && to.has('Applications'), [...to].join(', '));
  assert.ok(kinds.has('hierarchical'), 'a manager is told now and then');
});

test('full-text search finds the demo tickets', async () => {
  for (const [q, word] of [['printer', /printer/i], ['vpn', /vpn/i], ['wachtwoord', /wachtwoord/i]]) {
    const r = await s.api('GET', `/api/v1/tickets?q=${q}&limit=200`, { token: admin });
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length > 0, q);
    assert.ok(r.body.items.some((t) => word.test(t.title)), q);
  }
});

test('the history of a resolved ticket tells who did what when', async () => {
  const t = tickets.find((x) => x.status === 'resolved' && x.escalation_count > 0) ?? tickets.find((x) => x.status === 'resolved');
  const h = await s.api('GET', `/api/v1/tickets/${t.id}/history`, { token: admin });
  assert.equal(h.status, 200);
  const rows = h.body.items;
  assert.ok(rows.length > 10, `${rows.length} rows`);
  assert.equal(rows[0].action, 'create');
  assert.equal(at(rows[0].at), at(t.created_at));
  for (let i = 1; i < rows.length; i++) assert.ok(at(rows[i].at) >= at(rows[i - 1].at), `row ${i}`);
  const resolved = rows.filter((e) => e.field === 'status' && e.new_value === 'resolved').pop();
  assert.equal(at(resolved.at), at(t.resolved_at));
  assert.ok(resolved.actor_name, 'resolved by someone');
  assert.equal(at(rows[rows.length - 1].at), at(t.updated_at));
});

test('the demo is the same at every start', async () => {
  const again = await new Server().start(['--demo']);
  try {
    const tok = again.token('admin@zuiderveld.example');
    const other = await listAll(again, tok, '/api/v1/tickets?sort=id');
    const shape = (list) => list.map((t) => `${t.number} ${t.status} P${t.priority} ${t.title}`);
    assert.deepEqual(shape(other), shape(tickets));
  } finally {
    await again.stop();
  }
});

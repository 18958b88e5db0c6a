// A server with short limits: background jobs that come due at once, and
// small bodies and attachments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWithAdmin } from './harness.mjs';

let s;
before(async () => { s = await startWithAdmin(['--reopen-days', '0', '--jobs-interval', '1', '--max-attachment', '4096', '--max-body', '1024']); });
after(async () => { await s.stop(); });

// Polls until the condition holds; the bound is generous, the test asserts
// what happens, not how fast.
async function eventually(check, what) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`never happened: ${what}`);
}

test('a resolved ticket closes by itself once the time to reopen it has passed, journaled as the system', async () => {
  const t = (await s.api('POST', '/api/v1/tickets', { token: s.admin, body: { title: 'Toner low' } })).body;
  const open = (await s.api('POST', '/api/v1/tickets', { token: s.admin, body: { title: 'Still open' } })).body;
  await s.api('PATCH', `/api/v1/tickets/${t.id}`, { token: s.admin, body: { status: 'resolved', resolution_code: 'fixed', resolution_notes: 'New toner' } });
  await eventually(async () => (await s.api('GET', `/api/v1/tickets/${t.id}`, { token: s.admin })).body.status === 'closed', 'closed');
  const closed = (await s.api('GET', `/api/v1/tickets/${t.id}`, { token: s.admin })).body;
  assert.ok(closed.closed_at >= closed.resolved_at);
  const h = (await s.api('GET', `/api/v1/tickets/${t.id}/history`, { token: s.admin })).body.items;
  const last = h.filter((e) => e.field === 'status').pop();
  assert.deepEqual([last.old_value, last.new_value, last.channel, last.actor_id], ['resolved', 'closed', 'system', null]);
  assert.equal((await s.api('GET', `/api/v1/tickets/${open.id}`, { token: s.admin })).body.status, 'new');
});

test('an attachment over max_attachment is refused with 413 and nothing is kept', async () => {
  const t = (await s.api('POST', '/api/v1/tickets', { token: s.admin, body: { title: 'Big file' } })).body;
  const big = Buffer.alloc(5000, 0x61);
  const r = await s.api('POST', `/api/v1/tickets/${t.id}/attachments?filename=big.txt`, { token: s.admin, raw: big, headers: { 'Content-Type': 'text/plain' } });
  assert.equal(r.status, 413);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.deepEqual((await s.api('GET', `/api/v1/tickets/${t.id}/attachments`, { token: s.admin })).body.items, []);
  const ok = await s.api('POST', `/api/v1/tickets/${t.id}/attachments?filename=small.txt`, { token: s.admin, raw: Buffer.alloc(1500, 0x61), headers: { 'Content-Type': 'text/plain' } });
  assert.equal(ok.status, 201, 'a file may be larger than max_body (1024 here) up to max_attachment');
});

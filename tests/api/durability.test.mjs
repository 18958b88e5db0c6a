// Durability: what the server acknowledged survives a kill -9. Writes are
// batched (group commit), so many requests are answered by one commit; an
// answer must never come before that commit is on disk.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';

let s;
after(async () => { if (s?.proc && s.proc.exitCode === null) s.proc.kill('SIGKILL'); });

test('every ticket the server answered 201 for is there after kill -9 and a restart', async () => {
  s = new Server();
  await s.start();
  s.admin = s.addUser('admin@test.example', 'admin');
  const acknowledged = [];
  let stop = false;
  // 32 clients write as fast as they can; the server is killed mid-stream.
  const client = async (c) => {
    for (let i = 0; !stop; i++) {
      try {
        const r = await s.api('POST', '/api/v1/tickets', { token: s.admin, body: { title: `durable ${c}-${i}` } });
        if (r.status === 201) acknowledged.push(r.body.number);
      } catch { return; } // the connection died with the server
    }
  };
  const clients = Array.from({ length: 32 }, (_, c) => client(c));
  while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 5));
  s.proc.kill('SIGKILL');
  stop = true;
  await Promise.all(clients);
  await new Promise((r) => (s.proc.exitCode !== null || s.proc.signalCode ? r() : s.proc.on('exit', r)));
  assert.ok(acknowledged.length >= 300);

  await s.start(); // same data, same database
  const found = new Set();
  let url = '/api/v1/tickets?limit=200&q=durable';
  while (url) {
    const r = await s.api('GET', url, { token: s.admin });
    assert.equal(r.status, 200);
    for (const t of r.body.items) found.add(t.number);
    url = r.body.next ? `/api/v1/tickets?limit=200&q=durable&cursor=${encodeURIComponent(r.body.next)}` : null;
  }
  const lost = acknowledged.filter((n) => !found.has(n));
  assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged tickets were lost`);
  const numbers = [...found].map((n) => Number(n.slice(4)));
  assert.equal(new Set(numbers).size, numbers.length, 'no number was given twice');
  await s.stop();
});

// loket ticket: the command an agent (or a script) uses against a running
// server. Every run goes through the real binary and the real API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { BIN, startWithAdmin } from './harness.mjs';

const SANITIZER = /AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer/;

let s, desk, network, agent, boss, requester;
before(async () => {
  s = await startWithAdmin();
  desk = (await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Service desk' } })).body;
  network = (await s.api('POST', '/api/v1/groups', { token: s.admin, body: { name: 'Network' } })).body;
  const mk = async (email, roles, name, groups = []) => {
    const tok = s.addUser(email, roles, name);
    const u = (await s.api('GET', '/api/v1/me', { token: tok })).body;
    if (groups.length) await s.api('PATCH', `/api/v1/users/${u.id}`, { token: s.admin, body: { group_ids: groups } });
    return { tok, id: u.id };
  };
  agent = await mk('agent@example.org', 'agent', 'Agnes Agent', [desk.id]);
  boss = await mk('boss@example.org', 'manager,agent', 'Bob Boss', [desk.id]);
  requester = await mk('rita@example.org', 'requester', 'Rita Requester');
});
after(async () => { await s.stop(); });

// loket ticket ARGS as the holder of token; {status, stdout, stderr}.
function loket(token, args, { input = '', env = {} } = {}) {
  const r = spawnSync(BIN, ['ticket', ...args], {
    encoding: 'utf8', input,
    env: { ...process.env, LOKET_URL: s.url, LOKET_TOKEN: token, ...env },
  });
  assert.doesNotMatch(r.stderr, SANITIZER, `sanitizer report from loket ticket ${args.join(' ')}`);
  return r;
}

const ok = (r) => { assert.equal(r.status, 0, r.stderr); return r.stdout; };
const get = async (path, token = agent.tok) => (await s.api('GET', path, { token })).body;
const raise = (title) => ok(loket(agent.tok, ['new', '--title', title, '--group', String(desk.id)])).trim();

test('an agent works a ticket from new to resolved and back', async () => {
  const number = ok(loket(agent.tok, ['new', '--title', 'Printer on the 3rd floor is on fire',
    '--description', 'It smokes.\nA lot.', '--impact', '2', '--urgency', '1',
    '--requester', 'rita@example.org', '--group', String(desk.id), '--channel', 'phone'])).trim();
  assert.match(number, /^INC-\d+$/);
  let t = await get(`/api/v1/tickets/${number}`);
  assert.equal(t.requester_id, requester.id);
  assert.equal(t.group_id, desk.id);
  assert.equal(t.priority, 2);
  assert.equal(t.channel, 'phone');
  assert.equal(t.description, 'It smokes.\nA lot.');

  const row = ok(loket(agent.tok, ['list'])).split('\n').find((l) => l.startsWith(number));
  assert.ok(row, 'the new ticket is listed');
  assert.match(row, /^INC-\d+\s+P2\s+new\s+Service desk\s+-\s+Printer on the 3rd floor is on fire$/);

  ok(loket(agent.tok, ['note', number, '--body', 'The fuser unit overheats']));
  ok(loket(agent.tok, ['reply', number, '--body', '-'], { input: 'We are on our way.\n' }));
  const comments = (await get(`/api/v1/tickets/${number}/comments`)).items;
  assert.deepEqual(comments.map((c) => [c.visibility, c.body]),
    [['internal', 'The fuser unit overheats'], ['public', 'We are on our way.']]);

  const shown = ok(loket(agent.tok, ['show', number]));
  assert.match(shown, new RegExp(`^${number}  Printer on the 3rd floor is on fire\n`));
  assert.match(shown, /Status: +new\n/);
  assert.match(shown, /Priority: +P2 \(impact 2, urgency 1\)/);
  assert.match(shown, new RegExp(`Requester: +Rita Requester \\(${requester.id}\\)`));
  assert.match(shown, new RegExp(`Group: +Service desk \\(${desk.id}\\)`));
  assert.match(shown, /Description:\n {4}It smokes\.\n {4}A lot\.\n/);
  assert.match(shown, /Agnes Agent {2}\[internal note\]\n {4}The fuser unit overheats\n/);
  assert.match(shown, /Agnes Agent {2}\[reply\]\n {4}We are on our way\.\n/);
  const theirs = ok(loket(requester.tok, ['show', number]));
  assert.doesNotMatch(theirs, /fuser|internal note/, 'a requester never sees work notes');
  assert.match(theirs, /We are on our way\./);

  assert.match(ok(loket(agent.tok, ['assign', number, '--to', 'me'])),
    new RegExp(`^${number}: group Service desk, assignee Agnes Agent \\(assigned\\)\n$`));
  t = await get(`/api/v1/tickets/${number}`);
  assert.equal(t.assignee_id, agent.id);
  assert.equal(t.status, 'assigned');
  assert.match(ok(loket(agent.tok, ['list', '--assignee', 'me'])), new RegExp(`^${number} `, 'm'));

  assert.match(ok(loket(agent.tok, ['escalate', number, '--functional', '--group', String(network.id),
    '--reason', 'the printer is on the network team\'s VLAN'])), /escalated to the group Network/);
  t = await get(`/api/v1/tickets/${number}`);
  assert.equal(t.group_id, network.id);
  assert.equal(t.assignee_id, null);
  assert.equal(t.escalation_count, 1);
  const esc = (await get(`/api/v1/tickets/${number}/escalations`)).items;
  assert.equal(esc.at(-1).reason, 'the printer is on the network team\'s VLAN');

  assert.match(ok(loket(agent.tok, ['escalate', number, '--hierarchical', '--to', String(boss.id),
    '--reason', 'the CFO\'s printer'])), /escalated to Bob Boss/);
  assert.equal((await get(`/api/v1/tickets/${number}`)).escalation_count, 2);

  ok(loket(agent.tok, ['resolve', number, '--code', 'fixed', '--notes', 'Replaced the fuser unit']));
  t = await get(`/api/v1/tickets/${number}`);
  assert.equal(t.status, 'resolved');
  assert.equal(t.resolution_code, 'fixed');
  assert.match(ok(loket(agent.tok, ['show', number])), /Resolution notes:\n {4}Replaced the fuser unit\n/);

  ok(loket(agent.tok, ['reopen', number]));
  t = await get(`/api/v1/tickets/${number}`);
  assert.equal(t.status, 'in_progress');
  assert.equal(t.resolution_code, null);
  const again = loket(agent.tok, ['reopen', number]);
  assert.equal(again.status, 1, 'only a resolved ticket is reopened');
  assert.match(again.stderr, /is in_progress, not resolved/);
});

test('list filters, pages with --all and cuts long titles', async () => {
  const long = `Laptop ${'very '.repeat(20)}slow`;
  const a = raise(long), b = raise('Mouse wheel stuck'), c = raise('Monitor flickers');
  ok(loket(agent.tok, ['assign', b, '--to', String(boss.id)]));
  const out = ok(loket(agent.tok, ['list', '--group', String(desk.id), '--all', '--limit', '1']));
  for (const n of [a, b, c]) assert.match(out, new RegExp(`^${n} `, 'm'));
  const title = out.split('\n').find((l) => l.startsWith(a)).split(/ {2,}/).at(-1);
  assert.equal([...title].length, 60, 'not a terminal: titles are cut at 60 characters');
  assert.ok(title.endsWith('…') && long.startsWith(title.slice(0, -1)));
  const bosses = ok(loket(agent.tok, ['list', '--assignee', String(boss.id)]));
  assert.match(bosses, new RegExp(`^${b} +P5 +assigned +Service desk +Bob Boss +Mouse wheel stuck$`, 'm'));
  assert.doesNotMatch(bosses, new RegExp(`^${c} `, 'm'));
  const one = loket(agent.tok, ['list', '--limit', '1']);
  assert.equal(one.stdout.trim().split('\n').length, 2, 'a header and one ticket');
  assert.match(one.stderr, /--all/);
  assert.match(ok(loket(agent.tok, ['list', '--priority', 'P1', '--status', 'closed'])), /^no tickets$/m);
  // Several values with commas, and the server's own words for "my" things.
  const mine = ok(loket(agent.tok, ['list', '--group', 'mine', '--status', 'new,assigned', '--priority', 'P5,P4']));
  for (const n of [a, b, c]) assert.match(mine, new RegExp(`^${n} `, 'm'));
  const unassigned = ok(loket(agent.tok, ['list', '--group', `${desk.id},${network.id}`, '--assignee', 'none']));
  assert.match(unassigned, new RegExp(`^${a} `, 'm'));
  assert.doesNotMatch(unassigned, new RegExp(`^${b} `, 'm'));
  assert.match(ok(loket(agent.tok, ['list', '--q', 'flickers'])), new RegExp(`^${c} `, 'm'));
});

test('--json prints the server\'s JSON, one document, for scripts', async () => {
  const created = JSON.parse(ok(loket(agent.tok, ['new', '--title', 'Keyboard missing keys', '--json'])));
  assert.deepEqual(created, await get(`/api/v1/tickets/${created.number}`));
  const n = created.number;

  const reply = JSON.parse(ok(loket(agent.tok, ['reply', n, '--body', 'Which keys?', '--json'])));
  assert.deepEqual(reply, (await get(`/api/v1/tickets/${n}/comments`)).items.at(-1));
  const shown = JSON.parse(ok(loket(agent.tok, ['show', n, '--json'])));
  assert.deepEqual(shown, { ticket: await get(`/api/v1/tickets/${n}`), comments: [reply] });

  const assigned = JSON.parse(ok(loket(agent.tok, ['assign', n, '--group', String(desk.id), '--to', 'me', '--json'])));
  assert.deepEqual(assigned, await get(`/api/v1/tickets/${n}`));
  assert.equal(assigned.assignee_id, agent.id);

  assert.deepEqual(JSON.parse(ok(loket(agent.tok, ['list', '--json', '--limit', '2']))),
    await get('/api/v1/tickets?limit=2'));
  const all = JSON.parse(ok(loket(agent.tok, ['list', '--json', '--all', '--limit', '2'])));
  assert.deepEqual(all, { items: (await get('/api/v1/tickets?limit=200')).items, next: null });

  const resolved = JSON.parse(ok(loket(agent.tok, ['resolve', n, '--code', 'user_error', '--notes', 'Cat on keyboard', '--json'])));
  assert.equal(resolved.status, 'resolved');
  assert.deepEqual(resolved, await get(`/api/v1/tickets/${n}`));
});

// One line on standard error starting with "loket: ".
function refused(r, status, pattern) {
  assert.equal(r.status, status, `exit status; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^loket: /);
  if (pattern) assert.match(r.stderr, pattern);
  return r.stderr.trimEnd().split('\n');
}

test('what the command cannot send is bad usage: exit 2, one line, nothing sent', async () => {
  const n = raise('Projector bulb');
  const before = await get(`/api/v1/tickets/${n}`);
  for (const [args, pattern] of [
    [['list', '--colour', 'red'], /unknown flag '--colour' for 'ticket list'/],
    [['frobnicate'], /unknown ticket command/],
    [['show'], /needs the ticket's NUMBER/],
    [['show', n, 'extra'], /unexpected argument 'extra'/],
    [['show', '../users'], /not a ticket number/],
    [['list', '--limit', 'many'], /--limit wants a whole number/],
    [['list', '--priority', 'urgent'], /--priority wants P1 to P5/],
    [['list', '--group', 'me'], /--group wants an id \(or several: 3,7\), mine or none/],
    [['new', '--title', 'x', '--impact', 'high'], /--impact wants a whole number/],
    [['assign', n], /assign needs --group/],
    [['assign', n, '--to', 'someone'], /--to wants an id, me or none/],
    [['escalate', n, '--group', String(network.id), '--reason', 'r'], /--functional .* or --hierarchical/],
    [['escalate', n, '--functional', '--hierarchical', '--reason', 'r'], /--functional .* or --hierarchical/],
    [['escalate', n, '--functional', '--to', String(boss.id), '--reason', 'r'], /--to is for --hierarchical/],
    [['reply', n, '--body'], /--body needs a value/],
    [['list', '--url', 'ftp://example.org'], /http:\/\/ or https:\/\//],
  ]) {
    const lines = refused(loket(agent.tok, args), 2, pattern);
    assert.equal(lines.length, 1, `${args.join(' ')}: ${lines.join('\n')}`);
  }
  refused(loket('', ['list']), 2, /--token or LOKET_TOKEN/);
  assert.deepEqual(await get(`/api/v1/tickets/${n}`), before, 'nothing was changed');
});

test('what the server refuses is exit 1 with its detail and its field messages', async () => {
  const n = ok(loket(agent.tok, ['new', '--title', 'Scanner jammed', '--group', String(desk.id),
    '--requester', String(requester.id)])).trim();
  // Missing --reason: the CLI sends the request and shows the server's
  // field message (exit 1) rather than checking it itself (exit 2), because
  // which fields an escalation needs, and their limits, are the server's
  // rules; a client of another version must not disagree with them.
  refused(loket(agent.tok, ['escalate', n, '--functional', '--group', String(network.id)]), 1,
    /^loket: reason: is required\n$/);
  assert.equal((await get(`/api/v1/tickets/${n}`)).escalation_count, 0);

  const lines = refused(loket(agent.tok, ['resolve', n]), 1);
  assert.deepEqual(lines.slice(1), ['  resolution_code: is required to resolve a ticket',
    '  resolution_notes: are required to resolve a ticket']);
  refused(loket(agent.tok, ['new', '--title', 'x', '--impact', '7']), 1, /impact: must be a whole number from 1 to 3/);
  refused(loket(agent.tok, ['list', '--status', 'asleep']), 1, /status: must be one of new, assigned/);
  refused(loket(agent.tok, ['new', '--title', 'x', '--requester', 'nobody@example.org']), 1, /no user with the address nobody@example.org/);
  refused(loket(agent.tok, ['assign', n, '--group', String(network.id), '--to', 'me']), 1, /is not a member of the group Network/);
  refused(loket(requester.tok, ['note', n, '--body', 'psst']), 1, /only the service desk/);

  refused(loket(agent.tok, ['show', 'INC-999999']), 1, /INC-999999/);
  refused(loket(agent.tok, ['reply', '999999', '--body', 'hello?']), 1, /there is nothing at \/api\/v1\/tickets\/999999/);
  refused(loket('lkt_not-a-real-token', ['list']), 1, /not known, or was revoked/);
});

test('a server that is not there is exit 1 with a clear message', async () => {
  const port = await new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
  });
  const lines = refused(loket(agent.tok, ['list'], { env: { LOKET_URL: `http://127.0.0.1:${port}` } }), 1,
    new RegExp(`cannot connect to http://127.0.0.1:${port} .*is loket serve running there\\?`));
  assert.equal(lines.length, 1);
  refused(loket(agent.tok, ['show', 'INC-1000', '--url', `http://127.0.0.1:${port}/`]), 1, /cannot connect/);
});

test('every subcommand has --help', () => {
  const top = loket('', ['--help']);
  assert.equal(top.status, 0);
  for (const sub of ['new', 'list', 'show', 'reply', 'note', 'assign', 'escalate', 'resolve', 'reopen']) {
    assert.match(top.stdout, new RegExp(`^  ${sub} `, 'm'));
    const r = loket('', [sub, '--help']);
    assert.equal(r.status, 0, sub);
    assert.match(r.stdout, new RegExp(`^usage: loket ticket ${sub}`));
    assert.match(r.stdout, /--url URL/);
  }
  assert.match(loket('', ['resolve', '-h']).stdout, /request_fulfilled/);
  assert.equal(loket('', []).status, 2);
});

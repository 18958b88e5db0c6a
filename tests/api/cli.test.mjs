// The loket program's subcommands, as an administrator uses them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, PG, Server } from './harness.mjs';

const run = (args, opts = {}) => spawnSync(BIN, args, { encoding: 'utf8', input: opts.input ?? '', env: { ...process.env, ...opts.env } });
const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

test('every command has --help; bad commands and flags exit 2 with one line', () => {
  for (const cmd of [['serve'], ['migrate'], ['user'], ['user', 'add'], ['token'], ['token', 'create'], ['backup'], ['routes']]) {
    const r = run([...cmd, '--help']);
    assert.equal(r.status, 0, cmd.join(' '));
    assert.match(r.stdout, /usage: loket/);
  }
  assert.equal(run(['help']).status, 0);
  assert.match(run(['version']).stdout, /^loket \d+\.\d+\.\d+/);
  for (const args of [['frobnicate'], ['serve', '--colour', 'red'], ['serve', '--threads', 'many'], ['serve', '--threads', '0'],
    ['user', 'remove'], ['user', 'add', '--email'], ['migrate', '--listen', '1.2.3.4:5'], ['serve', '--secure-cookies', 'maybe']]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^loket: /);
  }
});

test('serve --help lists every setting with its flag and environment variable', () => {
  const r = run(['serve', '--help']);
  for (const s of ['data', 'db', 'listen', 'threads', 'max-body', 'max-header', 'request-timeout', 'session-hours', 'login-max-failures', 'login-window', 'secure-cookies', 'log-requests', 'demo', 'config']) {
    assert.match(r.stdout, new RegExp(`--${s}\\b`), s);
  }
  assert.match(r.stdout, /LOKET_MAX_BODY/);
});

test('settings come from defaults, then the config file, then LOKET_* variables, then flags', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loket-cfg-'));
  const conf = join(dir, 'loket.conf');
  writeFileSync(conf, '# test\nmax_body = 2048\nthreads = 3\nlog_requests = false\n');
  const s = new Server();
  servers.push(s);
  await s.start(['--config', conf]);
  s.admin = s.addUser('cfg@example.org', 'admin');
  const big = { email: 'b@example.org', name: 'x'.repeat(3000) };
  assert.equal((await s.api('POST', '/api/v1/users', { token: s.admin, body: big })).status, 413);
  await s.stop();
  const s2 = new Server();
  servers.push(s2);
  process.env.LOKET_MAX_BODY = '8192';
  try { await s2.start(['--config', conf]); } finally { delete process.env.LOKET_MAX_BODY; }
  s2.admin = s2.addUser('cfg@example.org', 'admin');
  assert.equal((await s2.api('POST', '/api/v1/users', { token: s2.admin, body: big })).status, 400);
  await s2.stop();
  writeFileSync(conf, 'max_bodie = 1\n');
  const bad = run(['serve', '--config', conf]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /loket.conf:1: unknown setting 'max_bodie'/);
  rmSync(dir, { recursive: true, force: true });
});

test('user add, list, passwd, disable; token create, list, revoke', async () => {
  const s = new Server();
  servers.push(s);
  let r = s.cli(['user', 'add', '--email', 'Kim@Example.org', '--name', 'Kim Lund', '--role', 'agent,manager', '--language', 'sv', '--password-stdin'], 'a fine password\n');
  assert.equal(r.status, 0, r.stderr);
  r = s.cli(['user', 'add', '--email', 'kim@example.org', '--name', 'Kim Again']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /another user has this email/);
  r = s.cli(['user', 'add', '--email', 'nope', '--name', 'No Pe', '--role', 'wizard']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /email: is not a valid e-mail address/);
  assert.match(r.stderr, /roles: has an unknown role/);
  r = s.cli(['user', 'list']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /kim@example\.org\s+Kim Lund\s+yes\s+agent,manager/);
  assert.doesNotMatch(r.stdout, /nope/);
  r = s.cli(['user', 'passwd', '--email', 'kim@example.org'], 'short\n');
  assert.equal(r.status, 1);
  r = s.cli(['user', 'passwd', '--email', 'kim@example.org'], 'another fine one\n');
  assert.equal(r.status, 0);
  await s.start();
  const tok = s.token('kim@example.org');
  assert.match(tok, /^lkt_/);
  assert.equal((await s.api('GET', '/api/v1/me', { token: tok })).body.language, 'sv');
  r = s.cli(['token', 'list', '--user', 'kim@example.org']);
  const id = /^(\d+)\s+kim@example\.org/m.exec(r.stdout)[1];
  r = s.cli(['token', 'revoke', '--id', id]);
  assert.equal(r.status, 0);
  assert.equal((await s.api('GET', '/api/v1/me', { token: tok })).status, 401);
  const tok2 = s.token('kim@example.org');
  r = s.cli(['user', 'disable', '--email', 'kim@example.org']);
  assert.equal(r.status, 0);
  assert.equal((await s.api('GET', '/api/v1/me', { token: tok2 })).status, 401);
  r = s.cli(['user', 'disable', '--email', 'ghost@example.org']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no user with the address ghost@example.org/);
});

test('backup copies a running SQLite database; PostgreSQL is pointed to pg_dump', async () => {
  const s = new Server();
  servers.push(s);
  await s.start();
  s.addUser('kept@example.org', 'agent');
  const dir = mkdtempSync(join(tmpdir(), 'loket-bak-'));
  const r = s.cli(['backup', '--to', join(dir, 'copy.db')]);
  if (PG) {
    assert.equal(r.status, 1);
    assert.match(r.stderr, /pg_dump/);
  } else {
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'copy.db')));
    const list = run(['user', 'list', '--db', join(dir, 'copy.db')]);
    assert.match(list.stdout, /kept@example\.org/);
    const again = s.cli(['backup', '--to', join(dir, 'copy.db')]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists/);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('migrate is idempotent, and a newer schema than the binary knows is refused', () => {
  const s = new Server();
  let r = s.cli(['migrate']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /applied \d+ migrations?/);
  r = s.cli(['migrate']);
  assert.equal(r.status, 0);
  assert.doesNotMatch(r.stderr, /applied/);
  const target = PG ? s.storage[1] : join(s.dir, 'loket.db');
  const sql = 'INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)';
  const ins = PG ? spawnSync('psql', [target, '-qc', sql]) : spawnSync('sqlite3', [target, sql]);
  assert.equal(ins.status, 0, String(ins.stderr));
  r = s.cli(['migrate']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /schema is version 9999, newer than this loket knows/);
  r = run(['serve', '--listen', '127.0.0.1:0', ...s.storage]);
  assert.equal(r.status, 1);
});

test('serve --demo loads a small organisation once and prints the logins', async () => {
  const s = new Server();
  servers.push(s);
  await s.start(['--demo']);
  assert.match(s.stdout, /admin@zuiderveld\.example/);
  assert.match(s.stdout, /password: loket-demo/);
  const tok = s.token('admin@zuiderveld.example');
  const users = await s.api('GET', '/api/v1/users?limit=200', { token: tok });
  assert.ok(users.body.items.length >= 45, `${users.body.items.length} users`);
  const orgs = await s.api('GET', '/api/v1/organisations', { token: tok });
  assert.equal(orgs.body.items.length, 2);
  const groups = await s.api('GET', '/api/v1/groups', { token: tok });
  assert.deepEqual(groups.body.items.map((g) => g.name).sort(), ['Applications', 'Network', 'Service desk', 'Workplace']);
  await s.stop({ keep: true });
  const again = new Server();
  again.storage = s.storage;
  again.dir = s.dir;
  servers.push(again);
  await again.start(['--demo']);
  const count = await again.api('GET', '/api/v1/users?limit=200', { token: again.token('admin@zuiderveld.example') });
  assert.equal(count.body.items.length, users.body.items.length);
});

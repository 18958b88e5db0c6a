// The real loket binary on a fresh database, over HTTP: what every API test
// starts from. LOKET_BIN picks the binary (default build/loket);
// LOKET_TEST_PG_URL, when set, puts each server on a new PostgreSQL database
// of that server instead of a SQLite file.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BIN = process.env.LOKET_BIN || 'build/loket';
export const PG = process.env.LOKET_TEST_PG_URL || '';
export const BACKEND = PG ? 'postgres' : 'sqlite';

const SANITIZER = /AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer/;

function newPgDatabase() {
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const r = spawnSync('psql', [PG, '-qAt', '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot create database ${name}: ${r.stderr}`);
  return PG.replace(/\/[^/]*$/, `/${name}`);
}

// Runs a loket subcommand against the server's storage; returns {status, stdout, stderr}.
export function cliRun(storage, args, input) {
  const r = spawnSync(BIN, [...args, ...storage], { input: input ?? '', encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, SANITIZER, `sanitizer report from loket ${args.join(' ')}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export class Server {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'loket-test-'));
    this.storage = PG ? ['--db', newPgDatabase()] : ['--data', this.dir];
    this.stderr = '';
  }

  async start(extra = []) {
    this.proc = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--log-requests=false',
      ...this.storage, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.stdout = '';
    this.url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`loket did not start:\n${this.stderr}`)), 30000);
      this.proc.stdout.on('data', (d) => {
        this.stdout += d;
        const m = /serving on (http:\/\/[^\s]+?)\/?\s/.exec(this.stdout);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      this.proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`loket exited ${code}:\n${this.stderr}`)); });
    });
    return this;
  }

  cli(args, input) { return cliRun(this.storage, args, input); }

  // Adds a user with a password through the CLI and returns a bearer token for them.
  addUser(email, roles = 'requester', name = 'Test User') {
    const add = this.cli(['user', 'add', '--email', email, '--name', name, '--role', roles,
      '--password-stdin'], 'correct horse battery\n');
    assert.equal(add.status, 0, add.stderr);
    return this.token(email);
  }

  token(email) {
    const r = this.cli(['token', 'create', '--user', email]);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim().split(/\s+/).pop();
  }

  // fetch with a bearer token and JSON; returns {status, headers, body, text}.
  async api(method, path, { token, body, headers = {}, raw } = {}) {
    const h = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    if (body !== undefined && raw === undefined) h['Content-Type'] ??= 'application/json';
    const res = await fetch(this.url + path, {
      method, headers: h, redirect: 'manual',
      body: raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    return { status: res.status, headers: res.headers, body: json, text };
  }

  // Stops with SIGTERM: a clean exit (0) with no sanitizer report is part of every test.
  // keep: leave the data folder for another server to start on.
  async stop({ keep = false } = {}) {
    if (!this.proc || this.proc.exitCode !== null) return;
    const code = await new Promise((resolve) => {
      this.proc.on('exit', (c, sig) => resolve(c ?? sig));
      this.proc.kill('SIGTERM');
    });
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
    assert.doesNotMatch(this.stderr, SANITIZER, 'sanitizer report from loket serve');
    assert.equal(code, 0, `loket serve exited with ${code}:\n${this.stderr}`);
  }
}

// A started server with an admin token, for a test file's before() hook.
export async function startWithAdmin(extra = []) {
  const s = await new Server().start(extra);
  s.admin = s.addUser('admin@test.example', 'admin', 'Ada Admin');
  return s;
}

// The OpenAPI document (src/api/openapi.json) is kept true here: the server
// serves it, it lists exactly the API routes the server has, it is valid
// OpenAPI 3.1, and what it says about records, lists, errors and sign-in is
// what the running server does.
//
// The validator is @redocly/openapi-core's lint with its "recommended" rules
// (some raised to errors below). It checks OpenAPI 3.1 for real: the structure
// down into every Schema Object, $refs, unique operationIds, declared path
// parameters, and examples against their schemas. @apidevtools/swagger-parser
// was the other candidate, but for 3.1 its validate() checks only the outer
// structure: it passes a schema with `type: "strin"`, a duplicate operationId
// and an undeclared path parameter. Version 1.x is used because 2.x needs
// Node.js 20.19 or 22.12, more than Debian's own Node.js.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { BIN, startWithAdmin } from './harness.mjs';

const DOC_FILE = fileURLToPath(new URL('../../src/api/openapi.json', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

let s;
let doc; // the document the server serves, parsed
let docText; // and as served

before(async () => {
  s = await startWithAdmin();
  const res = await fetch(`${s.url}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  docText = await res.text();
  doc = JSON.parse(docText);
});

after(async () => {
  await s?.stop();
});

// --- a little JSON Schema, enough to hold the server's answers to the document ---

function resolve(ref) {
  assert.match(ref, /^#\//, `only local $refs: ${ref}`);
  return ref.slice(2).split('/').reduce((node, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

// The schema with its $ref followed (2020-12 allows keywords beside $ref).
function deref(schema) {
  if (!schema.$ref) return schema;
  const { $ref, ...rest } = schema;
  return { ...deref(resolve($ref)), ...rest };
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}

const FORMATS = {
  'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/,
  date: /^\d{4}-\d\d-\d\d$/,
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
};

// Problems with 'value' against 'schema', as "where: what" strings. An object
// may have no key its schema does not name: answers carry exactly what is
// documented.
function conform(schema, value, where = '$', out = []) {
  const sc = deref(schema);
  const t = typeOf(value);
  const say = (what) => out.push(`${where}: ${what} (got ${JSON.stringify(value)})`);

  if (sc.anyOf) {
    if (!sc.anyOf.some((alt) => conform(alt, value, where).length === 0)) say('matches no anyOf');
    return out;
  }
  const types = sc.type === undefined ? [] : [sc.type].flat();
  if (types.length && !types.includes(t) && !(t === 'integer' && types.includes('number'))) {
    say(`should be ${types.join(' or ')}`);
    return out;
  }
  if (sc.enum && !sc.enum.includes(value)) say(`should be one of ${sc.enum.join(', ')}`);
  if ('const' in sc && sc.const !== value) say(`should be ${JSON.stringify(sc.const)}`);
  if (t === 'string') {
    if (sc.pattern && !new RegExp(sc.pattern, 'u').test(value)) say(`should match ${sc.pattern}`);
    if (FORMATS[sc.format] && !FORMATS[sc.format].test(value)) say(`should be a ${sc.format}`);
    if (sc.maxLength !== undefined && [...value].length > sc.maxLength) say('too long');
    if (sc.minLength !== undefined && [...value].length < sc.minLength) say('too short');
  }
  if (t === 'integer' || t === 'number') {
    if (sc.minimum !== undefined && value < sc.minimum) say(`should be at least ${sc.minimum}`);
    if (sc.maximum !== undefined && value > sc.maximum) say(`should be at most ${sc.maximum}`);
  }
  if (t === 'array' && sc.items) value.forEach((v, i) => conform(sc.items, v, `${where}[${i}]`, out));
  if (t === 'object' && sc.properties) {
    for (const key of sc.required ?? []) if (!(key in value)) say(`lacks required ${key}`);
    for (const [key, v] of Object.entries(value)) {
      if (sc.properties[key]) conform(sc.properties[key], v, `${where}.${key}`, out);
      else say(`has undocumented ${key}`);
    }
  }
  return out;
}

function assertConforms(schemaName, value, what) {
  const problems = conform({ $ref: `#/components/schemas/${schemaName}` }, value);
  assert.deepEqual(problems, [], `${what} does not match ${schemaName}:\n  ${problems.join('\n  ')}`);
}

// A valid value for a schema, for query strings and bodies.
function sample(schema) {
  const sc = deref(schema);
  if (sc.examples) return sc.examples[0];
  if (sc.enum) return sc.enum[0];
  if ('const' in sc) return sc.const;
  if (sc.anyOf) return sample(sc.anyOf[0]);
  const type = [sc.type].flat().find((x) => x !== 'null');
  if (type === 'boolean') return true;
  if (type === 'integer') return sc.minimum ?? 1;
  if (type === 'array') return [];
  if (sc.format === 'email') return 'someone@example.com';
  if (sc.format === 'date') return '2030-01-31';
  if (sc.format === 'date-time') return '2030-01-31T09:00:00Z';
  return 'x';
}

function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const m of METHODS) if (item[m]) ops.push({ path, method: m.toUpperCase(), op: item[m], item });
  return ops;
}

function params(item, op) {
  return [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
}

function difference(a, b) {
  return [...a].filter((x) => !b.has(x)).sort();
}

async function created(path, body) {
  const r = await s.api('POST', path, { token: s.admin, body });
  assert.equal(r.status, 201, `POST ${path}: ${r.text}`);
  return r;
}

// --- the document itself ---

test('the served document is the one in src/api/openapi.json (rebuild after editing it)', () => {
  assert.ok(isDeepStrictEqual(doc, JSON.parse(readFileSync(DOC_FILE, 'utf8'))),
    `${BIN} serves another document than ${DOC_FILE}: rebuild it`);
});

test('it is valid OpenAPI 3.1 by Redocly\'s recommended rules', async (t) => {
  assert.equal(doc.openapi, '3.1.0');
  const E = 'error';
  const config = await createConfig({
    extends: ['recommended'],
    // Raised to errors: operationIds, declared tags, examples that fit their
    // schemas, required properties that exist. No licence is stated: Loket
    // has not chosen one.
    rules: {
      'info-license': 'off',
      'info-license-strict': 'off',
      'operation-operationId': E,
      'operation-tag-defined': E,
      'operation-2xx-response': E,
      'operation-4xx-response': E,
      'tag-description': E,
      'no-ambiguous-paths': E,
      'no-schema-type-mismatch': E,
      'no-required-schema-properties-undefined': E,
      'no-invalid-schema-examples': E,
      'no-invalid-parameter-examples': E,
      'no-invalid-media-type-examples': E,
    },
  });
  const problems = await lintFromString({ source: docText, absoluteRef: DOC_FILE, config });
  const text = (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`;
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of problems.filter((x) => x.severity !== 'error')) t.diagnostic(text(p));
  assert.deepEqual(errors.map(text), [], 'the OpenAPI document has errors');
});

test('it lists every API route the server has, and no other', () => {
  const r = spawnSync(BIN, ['routes'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // The API is /api/..., /healthz and /metrics; every other route is a page
  // for the browser (/login, /logout, /), which the document leaves out.
  const isApi = (path) => path.startsWith('/api/') || path === '/healthz' || path === '/metrics';
  const served = new Set(r.stdout.trim().split('\n').map((line) => line.trim())
    .filter((line) => isApi(line.split(' ')[1])));
  const documented = new Set(operations().map(({ method, path }) => `${method} ${path}`));
  assert.ok(served.size > 0, `no routes from ${BIN} routes`);
  const missing = difference(served, documented);
  const extra = difference(documented, served);
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] },
    `routes not in the document:\n  ${missing.join('\n  ')}\n` +
    `document paths the server does not have:\n  ${extra.join('\n  ')}`);
});

test('every operation has an operationId, a summary and tags', () => {
  for (const { method, path, op } of operations())
    assert.ok(op.operationId && op.summary && op.tags?.length, `${method} ${path}`);
});

// --- the document against the server ---

test('operations with `security: []` need no token; every other one answers 401 without', async () => {
  assert.deepEqual(doc.security[0], { bearerAuth: [] });
  assert.equal(doc.components.securitySchemes.bearerAuth.scheme, 'bearer');
  for (const { method, path, op } of operations()) {
    const r = await s.api(method, path.replace('{id}', '1'));
    if (Array.isArray(op.security) && op.security.length === 0) {
      assert.equal(r.status, 200, `${method} ${path} is documented as public`);
    } else {
      assert.equal(r.status, 401, `${method} ${path} is documented as needing a token`);
      assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer /);
      assert.ok(op.responses['401'], `${method} ${path} does not document its 401`);
    }
  }
});

test('records as the server returns them match User, Group, Organisation and Token exactly', async () => {
  const org = await created('/api/v1/organisations', {
    name: 'Schema Org', description: 'Checks the schema', email_domain: 'schema.example', share_tickets: true,
  });
  const group = await created('/api/v1/groups', {
    name: 'Schema Group', description: 'Line one\nline two', email: 'desk@schema.example', member_ids: [1],
  });
  // Every nullable field given a value, so that each is checked with its type.
  const user = await created('/api/v1/users', {
    email: 'schema.user@schema.example', name: 'Schema User', language: 'nl',
    time_zone: 'Europe/Amsterdam', phone: '+31 20 123 4567', location: 'Room 1', manager_id: 1,
    active: true, leaving_date: '2030-01-31', roles: ['agent', 'auditor'],
    organisation_id: org.body.id, group_ids: [group.body.id], password: 'correct horse battery',
  });
  const token = await created('/api/v1/tokens', { name: 'schema check', user_id: user.body.id });
  const etag = deref(doc.components.headers.ETag).schema.pattern;
  for (const [name, r, coll] of [['User', user, 'users'], ['Group', group, 'groups'],
    ['Organisation', org, 'organisations'], ['Token', token, 'tokens']]) {
    assert.match(r.headers.get('etag'), new RegExp(etag), `${name}: ETag`);
    assert.equal(r.headers.get('location'), `/api/v1/${coll}/${r.body.id}`);
    const got = await s.api('GET', `/api/v1/${coll}/${r.body.id}`, { token: s.admin });
    assert.equal(got.status, 200);
    const props = Object.keys(doc.components.schemas[name].properties).sort();
    assert.deepEqual(Object.keys(got.body).sort(), props, `the keys of a real ${name} and its schema's properties`);
    assert.deepEqual([...doc.components.schemas[name].required].sort(), props,
      `${name}: the server always sends every field, so all are required`);
    assertConforms(name, got.body, `GET /api/v1/${coll}/{id}`);
    assertConforms(name === 'Token' ? 'TokenCreated' : name, r.body, `POST /api/v1/${coll}`);
  }
  const me = await s.api('GET', '/api/v1/me', { token: s.admin });
  assertConforms('User', me.body, 'GET /api/v1/me');

  const id = user.body.id;
  const changed = await s.api('PATCH', `/api/v1/users/${id}`, {
    token: s.admin, body: { phone: null, location: null }, headers: { 'If-Match': user.headers.get('etag') },
  });
  assert.equal(changed.status, 200, changed.text);
  assertConforms('User', changed.body, 'PATCH /api/v1/users/{id}');
  const stale = await s.api('PATCH', `/api/v1/users/${id}`, {
    token: s.admin, body: { phone: '1' }, headers: { 'If-Match': user.headers.get('etag') },
  });
  assert.equal(stale.status, 412);
  assert.ok(doc.paths['/api/v1/users/{id}'].patch.responses['412']);
  assertConforms('Problem', stale.body, 'a 412');

  const history = await s.api('GET', `/api/v1/users/${id}/history`, { token: s.admin });
  assert.equal(history.status, 200);
  assert.ok(history.body.items.length > 0);
  assertConforms('HistoryList', history.body, 'GET /api/v1/users/{id}/history');

  // Two of each, so that a page of one has a next.
  await created('/api/v1/groups', { name: 'Schema Group 2' });
  await created('/api/v1/organisations', { name: 'Schema Org 2' });
  for (const [coll, schema] of [['users', 'UserPage'], ['groups', 'GroupPage'],
    ['organisations', 'OrganisationPage'], ['tokens', 'TokenPage']]) {
    const page = await s.api('GET', `/api/v1/${coll}?limit=1`, { token: s.admin });
    assert.equal(page.status, 200);
    assert.equal(typeof page.body.next, 'string', `${coll}: a first page of one has a next`);
    assertConforms(schema, page.body, `GET /api/v1/${coll}`);
    const rest = await s.api('GET', `/api/v1/${coll}?limit=200&cursor=${page.body.next}`, { token: s.admin });
    assert.equal(rest.status, 200, rest.text);
    assert.equal(rest.body.next, null);
    assertConforms(schema, rest.body, `GET /api/v1/${coll}?cursor=`);
  }
});

test('request bodies: the required fields, and unknown or read-only fields refused, as documented', async () => {
  for (const [name, coll] of [['User', 'users'], ['Group', 'groups'], ['Organisation', 'organisations']]) {
    const record = doc.components.schemas[name];
    const readOnly = Object.keys(record.properties).filter((k) => deref(record.properties[k]).readOnly);
    assert.deepEqual(readOnly.sort(), ['created_at', 'id', 'updated_at'], `${name}: read-only fields`);
    for (const body of [`${name}Create`, `${name}Patch`]) {
      const sc = doc.components.schemas[body];
      assert.equal(sc.additionalProperties, false, `${body} is closed: the server refuses unknown fields`);
      const writable = Object.keys(record.properties).filter((k) => !readOnly.includes(k));
      assert.deepEqual(difference(new Set(writable), new Set(Object.keys(sc.properties))), [],
        `${body} lacks writable fields of ${name}`);
      assert.deepEqual(Object.keys(sc.properties).filter((k) => readOnly.includes(k)), [],
        `${body} has read-only fields`);
    }

    const empty = await s.api('POST', `/api/v1/${coll}`, { token: s.admin, body: {} });
    assert.equal(empty.status, 400);
    assert.equal(empty.headers.get('content-type'), 'application/problem+json');
    assertConforms('Problem', empty.body, `POST /api/v1/${coll} {}`);
    for (const key of doc.components.schemas.Problem.required) assert.ok(key in empty.body, `a 400 lacks ${key}`);
    assert.deepEqual(empty.body.errors.map((e) => e.field).sort(),
      [...doc.components.schemas[`${name}Create`].required].sort(), `${name}Create: required fields`);

    const base = Object.fromEntries(doc.components.schemas[`${name}Create`].required
      .map((k) => [k, k === 'email' ? 'closed@schema.example' : `Closed ${name}`]));
    const bad = await s.api('POST', `/api/v1/${coll}`, {
      token: s.admin, body: { ...base, id: 7, created_at: 'x', updated_at: 'x', no_such_field: 1 },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e) => e.field).sort(),
      ['created_at', 'id', 'no_such_field', 'updated_at']);
  }
});

test('list parameters: each documented one is taken, and sort and filters are exactly the documented ones', async () => {
  const lists = operations().filter(({ method, item, op }) => method === 'GET' &&
    params(item, op).some((p) => p.name === 'cursor'));
  assert.deepEqual(lists.map((l) => l.path).sort(),
    ['/api/v1/groups', '/api/v1/organisations', '/api/v1/tokens', '/api/v1/users']);
  for (const { path, item, op } of lists) {
    const query = params(item, op).filter((p) => p.in === 'query');
    const get = (q) => s.api('GET', `${path}?${new URLSearchParams(q)}`, { token: s.admin });
    for (const p of query.filter((x) => x.name !== 'cursor')) {
      const r = await get({ [p.name]: String(sample(p.schema)) });
      assert.equal(r.status, 200, `${path}?${p.name}=: ${r.text}`);
    }
    const sort = query.find((p) => p.name === 'sort').schema.enum;
    for (const value of sort) {
      const r = await get({ sort: value });
      assert.equal(r.status, 200, `${path}?sort=${value}: ${r.text}`);
    }
    // Every field of the record: sortable exactly when documented so, and a
    // filter exactly when documented as a query parameter.
    const record = deref(op.responses['200'].content['application/json'].schema).properties.items.items;
    for (const [field, schema] of Object.entries(deref(record).properties)) {
      const sorted = await get({ sort: field });
      assert.equal(sorted.status, sort.includes(field) ? 200 : 400, `${path}?sort=${field}`);
      if (query.some((p) => p.name === field)) continue;
      const value = sample(schema);
      const filtered = await get({ [field]: String(Array.isArray(value) ? 1 : value) });
      assert.equal(filtered.status, 400, `${path}?${field}= is taken but not documented`);
    }
    const limit = query.find((p) => p.name === 'limit').schema;
    assert.equal((await get({ limit: String(limit.maximum) })).status, 200);
    assert.equal((await get({ limit: String(limit.maximum + 1) })).status, 400);
    assert.equal((await get({ limit: String(limit.minimum - 1) })).status, 400);
  }
});

test('tokens, health and problems match their schemas', async () => {
  const bare = await s.api('POST', '/api/v1/tokens', { token: s.admin });
  assert.equal(bare.status, 201, 'the body of POST /api/v1/tokens is optional');
  assert.equal(doc.paths['/api/v1/tokens'].post.requestBody.required, false);
  assertConforms('TokenCreated', bare.body, 'POST /api/v1/tokens');
  const revoked = await s.api('DELETE', `/api/v1/tokens/${bare.body.id}`, { token: s.admin });
  assert.equal(revoked.status, 204);
  const one = await s.api('GET', `/api/v1/tokens/${bare.body.id}`, { token: s.admin });
  assert.notEqual(one.body.revoked_at, null);
  assertConforms('Token', one.body, 'a revoked token');
  const list = await s.api('GET', '/api/v1/tokens', { token: s.admin });
  assert.equal(list.status, 200);
  assertConforms('TokenPage', list.body, 'GET /api/v1/tokens');
  const history = await s.api('GET', `/api/v1/tokens/${bare.body.id}/history`, { token: s.admin });
  assert.equal(history.status, 200);
  assertConforms('HistoryList', history.body, 'GET /api/v1/tokens/{id}/history');
  const unknown = await s.api('POST', '/api/v1/tokens', { token: s.admin, body: { nope: 1 } });
  assert.equal(unknown.status, 400);
  assert.equal(doc.components.schemas.TokenCreate.additionalProperties, false);

  const health = await s.api('GET', '/healthz');
  assert.equal(health.status, 200);
  assertConforms('Health', health.body, 'GET /healthz');

  const notFound = await s.api('GET', '/api/v1/users/999999', { token: s.admin });
  assert.equal(notFound.status, 404);
  assert.equal(notFound.headers.get('content-type'), 'application/problem+json');
  assertConforms('Problem', notFound.body, 'a 404');
  const unauthorized = await s.api('GET', '/api/v1/me');
  assertConforms('Problem', unauthorized.body, 'a 401');
  const media = await s.api('POST', '/api/v1/groups', {
    token: s.admin, raw: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(media.status, 415);
  assertConforms('Problem', media.body, 'a 415');
});

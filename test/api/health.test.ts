import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, engine, type TestApp } from '../helpers/app.js';

// public routes: no session, no world needed
let t: TestApp;
before(async () => {
  t = await startTestApp({}, { demo: false });
});
after(async () => {
  await t?.close();
});

test('GET /api/health answers ok with the engine', async () => {
  const r = await t.anon().get('/api/health');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok', db: engine });
});

test('unknown API routes answer the one error shape', async () => {
  const e = expectError(await t.anon().get('/api/v1/nothing-here'), 404, 'not_found');
  assert.match(e.message, /接口不存在/);
});

test('OpenAPI document is served', async () => {
  const r = await t.anon().get<{ paths: Record<string, unknown> }>('/api/docs/json');
  assert.equal(r.status, 200);
  assert.ok(r.body.paths['/api/v1/ledger']);
  assert.ok(r.body.paths['/api/v1/problems/{id}/closure-review']);
});

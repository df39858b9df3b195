import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, engine, type TestApp } from '../helpers/app.js';

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(async () => { await t?.close(); });

test('GET /api/health answers ok with the engine', async () => {
  const r = await t.anon().get('/api/health');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok', db: engine });
});

test('unknown API routes answer the one error shape', async () => {
  const r = await t.anon().get('/api/v1/nothing-here');
  assert.equal(r.status, 404);
  assert.equal(r.body.code, 'not_found');
  assert.match(r.body.message, /接口不存在/);
});

test('OpenAPI document is served', async () => {
  const r = await t.anon().get('/api/docs/json');
  assert.equal(r.status, 200);
  assert.ok(r.body.paths['/api/v1/ledger']);
  assert.ok(r.body.paths['/api/v1/problems/{id}/closure-review']);
});

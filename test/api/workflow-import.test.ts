/**
 * Issue 7 points 10 and 11 through HTTP: an import commit carries an
 * idempotency key, so a double click or a retry imports once and answers the
 * first result (not the duplicate-import warning); and the duplicate warning
 * gives the Beijing date of the first import, whatever the host's zone (this
 * suite runs under TZ=UTC in `npm test`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, expectError, expectOk, type Client, type TestApp } from '../helpers/app.js';
import { factories, type Unit } from '../helpers/factories.js';
import { importCommitResultSchema, importPreviewSchema, type ImportPreview } from '../../src/domain/schemas/index.js';

const FIXTURE = readFileSync(join('fixtures', 'notices', 'arabic-dun.txt'), 'utf8');

let t: TestApp;
let u: Unit;
let other: Unit;
let unit: Client;
before(async () => {
  t = await startTestApp({}, { demo: false });
  const f = factories(t);
  u = await f.unit();
  other = await f.unit();
  unit = await f.login(u.admin);
});
after(async () => {
  await t?.close();
});

function commitBody(p: ImportPreview, extra: Record<string, unknown> = {}) {
  const n = p.notice;
  return {
    unitId: u.id,
    digest: p.digest,
    source: n.source,
    inspection: { kind: n.meta.inspection.kind ?? '巡察', title: '幂等导入测试', body: n.meta.inspection.body ?? '巡察组' },
    nodes: n.nodes.map((x) => ({ ...x, title: x.title || x.label })),
    ...extra,
  };
}

async function preview(text: string): Promise<ImportPreview> {
  return expectOk(await unit.post('/api/v1/imports/preview', { text }), importPreviewSchema) as ImportPreview;
}

const rounds = async () =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM inspections WHERE unit_id = $1', [u.id])).rows[0].n;

test('401 without a session, 403 for a handler, 404 for another unit — with a key too', async () => {
  const p = await preview(`${FIXTURE}\n（权限测试）`);
  const body = commitBody(p, { idempotencyKey: 'perm-check-0001' });
  expectError(await t.anon().post('/api/v1/imports/commit', body), 401);
  expectError(await (await t.login(u.handlers[0].username, u.handlers[0].password)).post('/api/v1/imports/commit', body), 403);
  expectError(await (await t.login(other.admin.username, other.admin.password)).post('/api/v1/imports/commit', body), 404);
  const bad = expectError(await unit.post('/api/v1/imports/commit', { ...body, idempotencyKey: 'x y' }), 400);
  assert.ok(bad.fields.includes('idempotencyKey'));
});

test('a double click (two commits with one key at once) imports once; both answer the same result', async () => {
  const p = await preview(FIXTURE);
  const before = await rounds();
  const body = commitBody(p, { idempotencyKey: 'a1b2c3d4e5f60718' });
  const [a, b] = await Promise.all([unit.post('/api/v1/imports/commit', body), unit.post('/api/v1/imports/commit', body)]);
  const ra = expectOk(a, importCommitResultSchema);
  const rb = expectOk(b, importCommitResultSchema);
  assert.deepEqual(ra, rb);
  assert.equal(await rounds(), before + 1);
  // a retry later with the same key: the same answer, not the duplicate warning
  assert.deepEqual(expectOk(await unit.post('/api/v1/imports/commit', body), importCommitResultSchema), ra);
  assert.equal(await rounds(), before + 1);
  // a new key for the same document is a new confirmation: the duplicate question comes back
  const dup = expectError(await unit.post('/api/v1/imports/commit', commitBody(p, { idempotencyKey: 'fresh-key-0002' })), 409, 'duplicate');
  assert.match(dup.message, /已于 \d{4}-\d{2}-\d{2} 导入为“幂等导入测试”/);
  // the key is one person's: used for another document it is refused, nothing imported
  const p2 = await preview(`${FIXTURE}\n（另一份文档）`);
  const reused = expectError(
    await unit.post('/api/v1/imports/commit', commitBody(p2, { idempotencyKey: 'a1b2c3d4e5f60718' })),
    409,
    'conflict',
  );
  assert.match(reused.message, /另一份文档/);
  assert.equal(await rounds(), before + 1);
});

test('the duplicate warning gives the Beijing date of the first import (01:30 in Beijing is the previous day in UTC)', async () => {
  t.clock.set('2026-11-24T17:30:00.000Z'); // 2026-11-25 01:30 in Beijing
  unit = await t.login(u.admin.username, u.admin.password); // the clock moved past the session's life
  const p = await preview(`${FIXTURE}\n（北京时间测试）`);
  expectOk(await unit.post('/api/v1/imports/commit', commitBody(p)), importCommitResultSchema);
  const dup = expectError(await unit.post('/api/v1/imports/commit', commitBody(p)), 409, 'duplicate');
  assert.match(dup.message, /已于 2026-11-25 导入/);
  assert.doesNotMatch(dup.message, /2026-11-24/);
});

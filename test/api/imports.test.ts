/**
 * Importing notices and ledgers through HTTP: preview (no write), commit (one
 * transaction), duplicate detection by digest, scoping, and bad input. The two
 * units and their people come from the factories.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, expectError, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Unit } from '../helpers/factories.js';
import type { ImportCommitResult, ImportPreview, InspectionView, LedgerPage } from '../helpers/shapes.js';

const FIXTURE = readFileSync(join('fixtures', 'notices', 'arabic-dun.txt'), 'utf8');
const CORPUS = join('..', 'shared', 'corpus');

let t: TestApp;
let u1: Unit;
let u2: Unit;
let unit: Client; // u1's 整改办
before(async () => {
  t = await startTestApp({}, { demo: false });
  const f = factories(t);
  u1 = await f.unit();
  u2 = await f.unit();
  unit = await f.login(u1.admin);
});
after(async () => {
  await t?.close();
});

function commitBody(preview: ImportPreview, uid: number, extra: Record<string, unknown> = {}) {
  const n = preview.notice;
  return {
    unitId: uid,
    digest: preview.digest,
    filename: preview.filename ?? undefined,
    source: n.source,
    inspection: { kind: n.meta.inspection.kind ?? '巡察', title: n.meta.title ?? '导入测试', body: n.meta.inspection.body ?? '巡察组' },
    nodes: n.nodes.map((x) => ({ ...x, title: x.title || x.label })),
    ...extra,
  };
}

test('requires authentication', async () => {
  const anon = t.anon();
  expectError(await anon.post('/api/v1/imports/preview', { text: FIXTURE }), 401, 'unauthorized');
  expectError(await anon.post('/api/v1/imports/commit', {}), 401, 'unauthorized');
  expectError(await anon.put('/api/v1/imports/mappings', {}), 401, 'unauthorized');
});

test('a department handler may not import (403)', async () => {
  const dept = await t.login(u1.handlers[0].username, u1.handlers[0].password);
  const e = expectError(await dept.post('/api/v1/imports/preview', { text: FIXTURE }), 403, 'forbidden');
  assert.match(e.message, /无权/);
});

test('preview parses pasted text and writes nothing; commit creates the round in one go; a second commit is refused', async () => {
  const uid = u1.id;
  const before = await unit.get<InspectionView[]>('/api/v1/inspections');
  const p = await unit.post<ImportPreview>('/api/v1/imports/preview', { text: FIXTURE, filename: 'fixture.txt' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.match(p.body.digest, /^[0-9a-f]{64}$/);
  assert.equal(p.body.duplicate, null);
  assert.ok(p.body.notice.counts.problems >= 4);
  assert.ok(p.body.notice.lines.length > 10);
  assert.equal((await unit.get<InspectionView[]>('/api/v1/inspections')).body.length, before.body.length, 'preview wrote nothing');

  const c = await unit.post<ImportCommitResult>('/api/v1/imports/commit', commitBody(p.body, uid));
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.problems > 0, true);
  const ledger = await unit.get<LedgerPage>(`/api/v1/ledger?inspectionId=${c.body.inspectionId}&pageSize=200`);
  assert.equal(ledger.body.total, p.body.notice.counts.problems);
  // progress in the notice became the first progress entry: in progress, not closed
  assert.ok(ledger.body.items.every((i) => i.status !== 'closed'));

  const again = await unit.post<ImportPreview>('/api/v1/imports/preview', { text: FIXTURE });
  assert.equal(again.body.duplicate?.inspectionId, c.body.inspectionId);
  const dup = expectError(await unit.post('/api/v1/imports/commit', commitBody(p.body, uid)), 409, 'duplicate');
  assert.match(dup.message, /已于/);
  const ok = await unit.post('/api/v1/imports/commit', commitBody(p.body, uid, { confirmDuplicate: true }));
  assert.equal(ok.status, 200);
});

test("another unit's id answers 404, not 403", async () => {
  const uid = u1.id;
  const other = await t.login(u2.admin.username, u2.admin.password);
  const p = await other.post<ImportPreview>('/api/v1/imports/preview', { text: FIXTURE });
  expectError(await other.post('/api/v1/imports/commit', commitBody(p.body, uid)), 404, 'not_found');
  expectError(await other.post('/api/v1/imports/preview', { text: FIXTURE, unitId: uid }), 404, 'not_found');
  expectError(
    await other.put('/api/v1/imports/mappings', { unitId: uid, name: 'default', mapping: { problem: '存在问题' } }),
    404,
    'not_found',
  );
});

test('bad input: empty text, a PDF, a broken tree — clear errors, nothing written', async () => {
  const uid = u1.id;
  const empty = expectError(await unit.post('/api/v1/imports/preview', { text: '' }), 400);
  assert.equal(empty.fields[0], 'text');

  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n')]), 'notice.pdf');
  const pdf = expectError(await unit.request('POST', '/api/v1/imports/preview', undefined, { raw: fd }), 400);
  assert.match(pdf.message, /PDF/);

  const count = (await unit.get<InspectionView[]>('/api/v1/inspections')).body.length;
  const cyc = await unit.post('/api/v1/imports/commit', {
    unitId: uid,
    digest: 'a'.repeat(64),
    source: 'text',
    inspection: { kind: '巡察', title: '循环', body: '巡察组' },
    nodes: [
      { id: 'a', parentId: 'b', kind: 'group', label: '（一）', title: 'A' },
      { id: 'b', parentId: 'a', kind: 'problem', label: '1.', title: 'B' },
    ],
  });
  assert.match(expectError(cyc, 400).message, /循环/);
  const noKind = await unit.post('/api/v1/imports/commit', {
    unitId: uid,
    digest: 'a'.repeat(64),
    source: 'text',
    inspection: { kind: '视察', title: 'x', body: 'y' },
    nodes: [],
  });
  assert.equal(noKind.status, 400);
  assert.equal((await unit.get<InspectionView[]>('/api/v1/inspections')).body.length, count);
});

test('saving a ledger column mapping', async () => {
  const uid = u1.id;
  const r = await unit.put('/api/v1/imports/mappings', {
    unitId: uid,
    name: 'default',
    mapping: { problem: '存在问题', leadDepartment: '牵头处室' },
  });
  assert.equal(r.status, 200);
  const saved = await t.db.query<{ mapping: Record<string, string> }>(
    'SELECT mapping FROM ledger_mappings WHERE unit_id = $1 AND name = $2',
    [uid, 'default'],
  );
  assert.deepEqual(saved.rows[0]?.mapping, { problem: '存在问题', leadDepartment: '牵头处室' });
  const dept = await t.login(u1.handlers[0].username, u1.handlers[0].password);
  expectError(await dept.put('/api/v1/imports/mappings', { unitId: uid, mapping: {} }), 403);
});

test('the Wuhan notice lands as 61 problems under 21 themes', async (ctx) => {
  const file = join(CORPUS, 'wuhan-eco-env-2020.txt');
  if (!existsSync(file)) {
    console.log(`corpus not found at ${CORPUS}: skipping the Wuhan import`);
    ctx.skip('corpus absent');
    return;
  }
  const uid = u1.id;
  const fd = new FormData();
  fd.append('file', new Blob([readFileSync(file)]), 'wuhan.txt');
  fd.append('unitId', String(uid));
  const p = await unit.request<ImportPreview>('POST', '/api/v1/imports/preview', undefined, { raw: fd });
  assert.equal(p.status, 200);
  const c = await unit.post<ImportCommitResult>('/api/v1/imports/commit', commitBody(p.body, uid));
  assert.equal(c.status, 200, JSON.stringify(c.body).slice(0, 500));
  const ledger = await unit.get<LedgerPage>(`/api/v1/ledger?inspectionId=${c.body.inspectionId}&pageSize=200`);
  assert.equal(ledger.body.total, 61);
  const themes = new Set(ledger.body.items.map((i) => i.path[1]?.id));
  assert.equal(themes.size, 21);
  const groups = new Set(ledger.body.items.map((i) => i.path[0]?.id));
  assert.equal(groups.size, 5);
});

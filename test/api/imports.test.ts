/**
 * Importing notices and ledgers through HTTP: preview (no write), commit (one
 * transaction), duplicate detection by digest, scoping, and bad input.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp, type Client } from '../helpers/app.js';

const FIXTURE = readFileSync(join('fixtures', 'notices', 'arabic-dun.txt'), 'utf8');
const CORPUS = join('..', 'shared', 'corpus');

let t: TestApp;
let unit: Client;
before(async () => {
  t = await startTestApp();
  unit = await t.login('unit');
});
after(async () => { await t?.close(); });

async function unitId(c: Client): Promise<number> {
  const me = await c.get('/api/v1/inspections');
  return me.body[0].unitId;
}

function commitBody(preview: any, uid: number, extra: Record<string, unknown> = {}) {
  const n = preview.notice;
  return {
    unitId: uid,
    digest: preview.digest,
    filename: preview.filename ?? undefined,
    source: n.source,
    inspection: { kind: n.meta.inspection.kind ?? '巡察', title: n.meta.title ?? '导入测试', body: n.meta.inspection.body ?? '巡察组' },
    nodes: n.nodes.map((x: any) => ({ ...x, title: x.title || x.label })),
    ...extra,
  };
}

test('requires authentication', async () => {
  const r = await t.anon().post('/api/v1/imports/preview', { text: FIXTURE });
  assert.equal(r.status, 401);
  assert.equal(r.body.code, 'unauthorized');
});

test('a department handler may not import (403)', async () => {
  const dept = await t.login('dept1');
  const r = await dept.post('/api/v1/imports/preview', { text: FIXTURE });
  assert.equal(r.status, 403);
  assert.match(r.body.message, /无权/);
});

test('preview parses pasted text and writes nothing; commit creates the round in one go; a second commit is refused', async () => {
  const uid = await unitId(unit);
  const before = await unit.get('/api/v1/inspections');
  const p = await unit.post('/api/v1/imports/preview', { text: FIXTURE, filename: 'fixture.txt' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.match(p.body.digest, /^[0-9a-f]{64}$/);
  assert.equal(p.body.duplicate, null);
  assert.ok(p.body.notice.counts.problems >= 4);
  assert.ok(p.body.notice.lines.length > 10);
  assert.equal((await unit.get('/api/v1/inspections')).body.length, before.body.length, 'preview wrote nothing');

  const c = await unit.post('/api/v1/imports/commit', commitBody(p.body, uid));
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.problems > 0, true);
  const ledger = await unit.get(`/api/v1/ledger?inspectionId=${c.body.inspectionId}&pageSize=200`);
  assert.equal(ledger.body.total, p.body.notice.counts.problems);
  // progress in the notice became the first progress entry: in progress, not closed
  assert.ok(ledger.body.items.every((i: any) => i.status !== 'closed'));

  const again = await unit.post('/api/v1/imports/preview', { text: FIXTURE });
  assert.equal(again.body.duplicate?.inspectionId, c.body.inspectionId);
  const dup = await unit.post('/api/v1/imports/commit', commitBody(p.body, uid));
  assert.equal(dup.status, 409);
  assert.equal(dup.body.code, 'duplicate');
  assert.match(dup.body.message, /已于/);
  const ok = await unit.post('/api/v1/imports/commit', commitBody(p.body, uid, { confirmDuplicate: true }));
  assert.equal(ok.status, 200);
});

test('another unit\'s id answers 404, not 403', async () => {
  const uid = await unitId(unit);
  const other = await t.login('unit2');
  const p = await other.post('/api/v1/imports/preview', { text: FIXTURE });
  const r = await other.post('/api/v1/imports/commit', commitBody(p.body, uid));
  assert.equal(r.status, 404);
  const r2 = await other.post('/api/v1/imports/preview', { text: FIXTURE, unitId: uid });
  assert.equal(r2.status, 404);
});

test('bad input: empty text, a PDF, a broken tree — clear errors, nothing written', async () => {
  const uid = await unitId(unit);
  const empty = await unit.post('/api/v1/imports/preview', { text: '' });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.details[0].path, 'text');

  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n')]), 'notice.pdf');
  const pdf = await unit.request('POST', '/api/v1/imports/preview', undefined, { raw: fd });
  assert.equal(pdf.status, 400);
  assert.match(pdf.body.message, /PDF/);

  const count = (await unit.get('/api/v1/inspections')).body.length;
  const cyc = await unit.post('/api/v1/imports/commit', {
    unitId: uid, digest: 'a'.repeat(64), source: 'text',
    inspection: { kind: '巡察', title: '循环', body: '巡察组' },
    nodes: [{ id: 'a', parentId: 'b', kind: 'group', label: '（一）', title: 'A' }, { id: 'b', parentId: 'a', kind: 'problem', label: '1.', title: 'B' }],
  });
  assert.equal(cyc.status, 400);
  assert.match(cyc.body.message, /循环/);
  const noKind = await unit.post('/api/v1/imports/commit', { unitId: uid, digest: 'a'.repeat(64), source: 'text', inspection: { kind: '视察', title: 'x', body: 'y' }, nodes: [] });
  assert.equal(noKind.status, 400);
  assert.equal((await unit.get('/api/v1/inspections')).body.length, count);
});

test('saving a ledger column mapping', async () => {
  const uid = await unitId(unit);
  const r = await unit.request('PUT', '/api/v1/imports/mappings', { unitId: uid, name: 'default', mapping: { problem: '存在问题', leadDepartment: '牵头处室' } });
  assert.equal(r.status, 200);
  const dept = await t.login('dept1');
  const f = await dept.request('PUT', '/api/v1/imports/mappings', { unitId: uid, mapping: {} });
  assert.equal(f.status, 403);
});

test('the Wuhan notice lands as 61 problems under 21 themes', async (ctx) => {
  const file = join(CORPUS, 'wuhan-eco-env-2020.txt');
  if (!existsSync(file)) {
    console.log(`corpus not found at ${CORPUS}: skipping the Wuhan import`);
    ctx.skip('corpus absent');
    return;
  }
  const uid = await unitId(unit);
  const fd = new FormData();
  fd.append('file', new Blob([readFileSync(file)]), 'wuhan.txt');
  fd.append('unitId', String(uid));
  const p = await unit.request('POST', '/api/v1/imports/preview', undefined, { raw: fd });
  assert.equal(p.status, 200);
  const c = await unit.post('/api/v1/imports/commit', commitBody(p.body, uid));
  assert.equal(c.status, 200, JSON.stringify(c.body).slice(0, 500));
  const ledger = await unit.get(`/api/v1/ledger?inspectionId=${c.body.inspectionId}&pageSize=200`);
  assert.equal(ledger.body.total, 61);
  const themes = new Set(ledger.body.items.map((i: any) => i.path[1]?.id));
  assert.equal(themes.size, 21);
  const groups = new Set(ledger.body.items.map((i: any) => i.path[0]?.id));
  assert.equal(groups.size, 5);
});

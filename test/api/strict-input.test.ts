/**
 * Strict input at the HTTP edge: each request that once answered 500 (or was
 * taken too leniently) now answers 400 naming the field — NUL, ids beyond int32
 * or not in decimal, impossible dates, lone surrogates, unbounded figures,
 * control characters — and uploads are cleaned (long and right-to-left file
 * names) or refused (empty files, a million-line notice).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, type Client, type Res, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type Problem, type Unit } from '../helpers/factories.js';
import { z } from 'zod';

let t: TestApp;
let f: Factories;
let unit: Unit;
let problem: Problem;
let admin: Client;
let handler: Client;

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  unit = await f.mainUnit();
  problem = await f.problem({ unit, status: 'in_progress' });
  admin = await f.login(unit.admin);
  handler = await f.login(unit.handlers[0]);
});
after(async () => {
  await t?.close();
});

/** Asserts a 400 that names `field` in its details (and in its message, the first named). */
function refused(r: Res, field: string): void {
  const e = expectError(r, 400, 'bad_request');
  assert.ok(e.fields.includes(field), `400 should name ${field}: ${JSON.stringify(r.body)}`);
}

const inspection = (over: Record<string, unknown> = {}) => ({
  unitId: unit.id,
  kind: '巡察',
  title: '严格输入测试轮次',
  body: '市委第一巡察组',
  ...over,
});

test('NUL in any text is a 400 naming the field, not a database error', async () => {
  refused(await t.anon().post('/api/v1/auth/login', { username: 'a\u0000b', password: 'x' }), 'username');
  refused(await admin.get('/api/v1/ledger?q=%00'), 'q');
  refused(await admin.post('/api/v1/inspections', inspection({ title: 'a\u0000b' })), 'title');
  refused(await admin.patch(`/api/v1/problems/${problem.id}`, { description: 'x\u0000' }), 'description');
  refused(await admin.post(`/api/v1/problems/${problem.id}/measures`, { text: '措施\u0000' }), 'text');
  refused(await handler.upload(`/api/v1/problems/${problem.id}/progress`, { text: '进展\u0000' }), 'text');
});

test('an id is a positive int32 written in decimal, in the path, the query and the body', async () => {
  for (const bad of ['2147483648', '0x10', '1e3', '016', '0', '-1', '1.5', '%201']) {
    refused(await admin.get(`/api/v1/problems/${bad}`), 'id');
  }
  refused(await admin.get('/api/v1/ledger?inspectionId=2147483648'), 'inspectionId');
  refused(await admin.get('/api/v1/dashboard?inspectionId=0x10'), 'inspectionId');
  refused(await admin.post('/api/v1/inspections', inspection({ unitId: 2 ** 31 })), 'unitId');
  refused(await admin.post('/api/v1/inspections', inspection({ unitId: '1e3' })), 'unitId');
  refused(await admin.post('/api/v1/inspections', inspection({ unitId: true })), 'unitId');
  // the largest int32 is an id like any other: absent, so 404
  expectError(await admin.get('/api/v1/problems/2147483647'), 404);
  expectOk(await admin.get(`/api/v1/problems/${problem.id}`), z.object({ id: z.literal(problem.id) }));
});

test('impossible and out-of-range dates are refused everywhere a date is taken', async () => {
  for (const bad of ['0000-01-01', '2026-02-30', '2026-13-01', '2026-12-99', '1948-12-31', '2101-01-01', '2026-13', '20260101']) {
    refused(await admin.post('/api/v1/inspections', inspection({ feedbackDate: bad })), 'feedbackDate');
  }
  refused(await admin.post('/api/v1/inspections', inspection({ onsiteStart: '2026-10-10', onsiteEnd: '2026-10-01' })), 'onsiteEnd');
  refused(await admin.post(`/api/v1/problems/${problem.id}/measures`, { text: '措施', deadline: '2026-02-30' }), 'deadline');
  refused(await admin.get('/api/v1/ledger?deadlineFrom=2026-02-30'), 'deadlineFrom');
  refused(await admin.get('/api/v1/ledger?deadlineTo=0000-01-01'), 'deadlineTo');
  expectOk(await admin.get('/api/v1/ledger?deadlineFrom=2024-02-29&deadlineTo=2100-12-31'), z.object({}));
});

test('an import commit body is validated like every other: dates, on-site order, text', async () => {
  const commit = (over: { inspection?: Record<string, unknown>; node?: Record<string, unknown> } = {}) => ({
    unitId: unit.id,
    digest: 'b'.repeat(64),
    source: 'text',
    inspection: { kind: '巡察', title: '导入轮次', body: '市委第二巡察组', ...over.inspection },
    nodes: [{ id: 'n1', parentId: null, kind: 'problem', label: '1.', title: '导入的问题', ...over.node }],
  });
  refused(await admin.post('/api/v1/imports/commit', commit({ inspection: { feedbackDate: '2024-02-31' } })), 'inspection.feedbackDate');
  refused(
    await admin.post('/api/v1/imports/commit', commit({ inspection: { onsiteStart: '2026-05-02', onsiteEnd: '2026-05-01' } })),
    'inspection.onsiteEnd',
  );
  refused(await admin.post('/api/v1/imports/commit', commit({ node: { deadline: '2026-13' } })), 'nodes.0.deadline');
  refused(await admin.post('/api/v1/imports/commit', commit({ node: { title: '问题\u0000' } })), 'nodes.0.title');
  refused(await admin.post('/api/v1/imports/commit', commit({ node: { text: '\ud800' } })), 'nodes.0.text');
  expectOk(await admin.post('/api/v1/imports/commit', commit({ node: { deadline: '2026-06' } })), z.object({ inspectionId: z.number() }));
});

test('lone surrogates and control characters are refused; newlines and tabs where text runs over lines', async () => {
  refused(await admin.patch(`/api/v1/problems/${problem.id}`, { title: '标题\ud800' }), 'title');
  refused(await admin.post(`/api/v1/problems/${problem.id}/measures`, { text: '\udc00措施' }), 'text');
  refused(await admin.post('/api/v1/inspections', inspection({ title: '轮次\u0007' })), 'title');
  refused(await admin.post('/api/v1/inspections', inspection({ title: '轮次\u202e名称' })), 'title');
  const ok = await admin.patch(`/api/v1/problems/${problem.id}`, { description: '第一行\n\t第二行\r\n' });
  expectOk(ok, z.object({ description: z.literal('第一行\n\t第二行\r\n') }));
});

test('progress figures are bounded in depth, keys and size and hold no NUL', async () => {
  const url = `/api/v1/problems/${problem.id}/progress`;
  refused(await handler.upload(url, { text: '进展', figures: `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}` }), 'figures');
  refused(await handler.upload(url, { text: '进展', figures: '{"a":"\\u0000"}' }), 'figures');
  refused(
    await handler.upload(url, {
      text: '进展',
      figures: JSON.stringify(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]))),
    }),
    'figures',
  );
  refused(await handler.upload(url, { text: '进展', figures: '[1,2]' }), 'figures');
  expectOk(await handler.upload(url, { text: '进展', figures: '{"清退资金(万元)": 12.5}' }), z.object({ id: z.literal(problem.id) }));
});

test('uploads: an empty file is refused, a long name is shortened keeping its extension, a right-to-left override is removed', async () => {
  const url = `/api/v1/problems/${problem.id}/progress`;
  const text = (name: string, content = '佐证') => ({ name, bytes: Buffer.from(content), type: 'text/plain' });
  refused(await handler.upload(url, { text: '进展' }, [text('空文件.txt', '')]), 'file');
  refused(await handler.upload(url, { text: '进展' }, [text('a\u0000b.txt')]), 'file');
  const r = await handler.upload(url, { text: '带佐证的进展' }, [text(`${'长'.repeat(296)}.txt`), text('inv\u202efdp.txt')]);
  const page = expectOk(r, z.object({ progress: z.array(z.object({ evidence: z.array(z.object({ filename: z.string() })) })) }));
  const names = page.progress.flatMap((p) => p.evidence.map((e) => e.filename));
  const long = names.find((n) => n.startsWith('长'));
  assert.ok(long && [...long].length === 200 && long.endsWith('.txt'), `shortened to 200 characters with .txt: ${long?.length}`);
  assert.ok(names.includes('invfdp.txt'), `override removed: ${JSON.stringify(names)}`);
  assert.ok(!names.some((n) => /[\u202a-\u202e\u2066-\u2069]/.test(n)));
});

test('multipart fields go through the same schemas: a preview mapping is validated', async () => {
  const file = [{ name: 'notice.txt', bytes: Buffer.from('一、存在的问题\n1. 问题甲\n'), type: 'text/plain' }];
  refused(await admin.upload('/api/v1/imports/preview', { mapping: 'not json' }, file), 'mapping');
  refused(await admin.upload('/api/v1/imports/preview', { mapping: '{"problem": 5}' }, file), 'mapping.problem');
  refused(await admin.upload('/api/v1/imports/preview', { unitId: '0x10' }, file), 'unitId');
  refused(await admin.upload('/api/v1/imports/preview', {}, []), 'file');
  const json = await admin.request('POST', `/api/v1/problems/${problem.id}/progress`, { text: '进展' });
  expectError(json, 415, 'unsupported_media');
});

test('a 10 MB notice of a million numbered lines is refused at once, not parsed into a stack overflow', async () => {
  const lines = Buffer.from('1.问题\n'.repeat(1_000_000));
  assert.ok(lines.length >= 9_000_000);
  const started = performance.now();
  const r = await admin.upload('/api/v1/imports/preview', {}, [{ name: 'huge.txt', bytes: lines, type: 'text/plain' }]);
  const ms = performance.now() - started;
  const e = expectError(r, 413, 'payload_too_large');
  assert.match(e.message, /万行/);
  assert.ok(ms < 5000, `answered in ${ms.toFixed(0)} ms`);
  // a notice of ordinary length still previews
  expectOk(
    await admin.post('/api/v1/imports/preview', { text: '一、存在的问题\n1. 问题甲\n2. 问题乙\n' }),
    z.object({ digest: z.string() }),
  );
});

test('user names are unique regardless of case', async () => {
  const office = unit.office;
  const sysadmin = await f.user({ role: 'sysadmin', org: office });
  const c = await f.login(sysadmin);
  // a unit role: the system administrator may no longer make an auditor (三员分立, issue 13)
  const body = (username: string) => ({ username, displayName: '审计员', password: 'Zg-strict-2026', orgId: unit.id, role: 'leader' });
  assert.equal((await c.post('/api/v1/users', body('newaud'))).status, 201);
  expectError(await c.post('/api/v1/users', body('NEWAUD')), 409);
  expectError(await c.post('/api/v1/users', body('NewAud')), 409);
  // the database holds the rule too, whatever a service checks first
  await assert.rejects(t.db.query("INSERT INTO users (username, display_name, password_hash) VALUES ('NEWaud', 'x', 'x')"));
});

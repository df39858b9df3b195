/**
 * The audit page's reading aids (issue 7, point 16): the actor's display name
 * beside the account, a range of Beijing dates, and the export to .xlsx with the
 * same filters — the auditor's alone, and itself audited.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestApp, expectError, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type TestUser, type Unit } from '../helpers/factories.js';
import type { AuditPage } from '../helpers/shapes.js';

let t: TestApp;
let f: Factories;
let u1: Unit;
let auditorUser: TestUser;
before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u1 = await f.unit({ name: '江城市水务局', departments: ['工程建设处'] });
  auditorUser = await f.user({ role: 'auditor', org: u1.office, displayName: '孙立' });
});
after(async () => {
  await t?.close();
});

async function readXlsx(body: unknown): Promise<unknown[][]> {
  const bytes = body as Buffer;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

test('GET /audit names the actor by display name and filters by Beijing date', async () => {
  // 00:30 on 23 November in Beijing is still 22 November in UTC: the filter goes by the Beijing date
  t.clock.set('2026-11-22T16:30:00.000Z');
  const c = await f.login(auditorUser);
  const late = await c.get<AuditPage>('/api/v1/audit?from=2026-11-23&to=2026-11-23&action=auth.login');
  assert.equal(late.status, 200);
  assert.equal(late.body.items.length, 1, 'only the login of the 23rd');
  assert.equal(late.body.items[0]!.actor.name, auditorUser.username);
  assert.equal(late.body.items[0]!.actor.displayName, '孙立');
  const before22 = await c.get<AuditPage>('/api/v1/audit?to=2026-11-22&pageSize=200');
  assert.ok(before22.body.total > 0);
  assert.ok(before22.body.items.every((x) => new Date(x.at).getTime() < Date.parse('2026-11-22T16:00:00.000Z')));
  const from23 = await c.get<AuditPage>('/api/v1/audit?from=2026-11-23&pageSize=200');
  assert.ok(from23.body.items.every((x) => new Date(x.at).getTime() >= Date.parse('2026-11-22T16:00:00.000Z')));
  const all = await c.get<AuditPage>('/api/v1/audit?pageSize=200');
  assert.equal(all.body.total, before22.body.total + from23.body.total, 'the two ranges split the trail');
  // a trail this small is counted whole (the count stops at 10,000 rows and says so)
  assert.equal(all.body.totalCapped, false);
  const refused = await t.anon().post('/api/v1/auth/login', { username: 'nobody-here', password: 'bad-password' });
  assert.equal(refused.status, 401);
  const anon = await c.get<AuditPage>('/api/v1/audit?action=auth.login&pageSize=1');
  assert.equal(anon.body.items[0]!.actor.displayName, null, 'a refused sign-in has no account');

  const reversed = expectError(await c.get('/api/v1/audit?from=2026-11-23&to=2026-11-22'), 400);
  assert.ok(reversed.fields.includes('to'));
  assert.match(reversed.message, /[\u4e00-\u9fff]/);
  const notDate = expectError(await c.get('/api/v1/audit?from=2026-13-01'), 400);
  assert.ok(notDate.fields.includes('from'));
});

test('GET /audit/export.xlsx: the filtered rows, for the auditor only, and audited', async () => {
  t.clock.set('2026-11-24T02:00:00.000Z');
  for (const who of [u1.admin, u1.office.admin]) {
    expectError(await (await f.login(who)).get('/api/v1/audit/export.xlsx'), 403, 'forbidden');
  }
  const c = await f.login(auditorUser);
  const page = await c.get<AuditPage>('/api/v1/audit?action=auth.login&from=2026-11-24&pageSize=200');
  const x = await c.get('/api/v1/audit/export.xlsx?action=auth.login&from=2026-11-24');
  assert.equal(x.status, 200);
  assert.match(String(x.headers.get('content-type')), /spreadsheetml/);
  assert.match(String(x.headers.get('content-disposition')), /attachment; filename\*=UTF-8''/);
  const rows = await readXlsx(x.body);
  assert.equal(rows[0]![0], '序号');
  assert.equal(rows.length - 1, page.body.total, 'one line per row of the filtered page');
  assert.ok(rows.slice(1).every((r) => r[4] === 'auth.login'));
  assert.ok(rows.slice(1).some((r) => r[2] === auditorUser.username && r[3] === '孙立'));
  assert.match(String(rows[1]![1]), /^2026-11-24 10:00$/, 'Beijing time');
  const exported = await c.get<AuditPage>('/api/v1/audit?action=audit.export&pageSize=5');
  assert.equal(exported.body.items.length, 1, 'the export is audited');
  const detail = exported.body.items[0]!.detail as { action: string; from: string; rows: number };
  assert.deepEqual([detail.action, detail.from, detail.rows], ['auth.login', '2026-11-24', page.body.total]);
  expectError(await c.get('/api/v1/audit/export.xlsx?from=2026-11-25&to=2026-11-24'), 400);
});

/**
 * 整改评估 through HTTP: the components of a round computed from its ledger (checked
 * here by hand), the office's override with a reason (audited), the office's weights
 * (a sum other than 100 is a 400 naming the field), the year's .xlsx and the .docx report.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { evaluationConfigSchema, evaluationSchema } from '../../src/domain/schemas/office.js';
import { DEFAULT_CONFIG } from '../../src/domain/evaluation/index.js';
import { startTestApp, expectOk, expectError, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit, type Inspection } from '../helpers/factories.js';

let t: TestApp;
let f: Factories;
let u: Unit;
let round: Inspection;
let office: Client;
let unit: Client;

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u = await f.unit({ name: '江城市统计局' });
  round = await f.inspection({ unit: u, title: '2026年第一轮巡察', feedbackDate: '2026-06-01' });
  // 2 closed on time, 1 open overdue, 1 open not yet due with an approved extension, 1 long-term
  await f.problem({ unit: u, inspection: round, status: 'closed', due: 10 });
  await f.problem({ unit: u, inspection: round, status: 'closed', due: 3 });
  await f.problem({ unit: u, inspection: round, status: 'in_progress', due: 5 });
  await f.problem({ unit: u, inspection: round, status: 'in_progress', due: 20, extension: 'approved' });
  await f.problem({ unit: u, inspection: round, status: 'long_term' });
  t.clock.advance(10 * 86_400_000); // 10 days on: the item due in 5 days is overdue
  office = await f.login(u.office.admin);
  unit = await f.login(u.admin);
});
after(async () => {
  await t?.close();
});

test('requires authentication', async () => {
  const anon = t.anon();
  expectError(await anon.get(`/api/v1/inspections/${round.id}/evaluation`), 401, 'unauthorized');
  expectError(await anon.post(`/api/v1/inspections/${round.id}/evaluation/override`, { grade: 'good', reason: 'x' }), 401, 'unauthorized');
  expectError(await anon.get('/api/v1/office/evaluation-config'), 401, 'unauthorized');
});

test('the components, each with its numerator and denominator; the score is 100 minus the deductions', async () => {
  const e = expectOk(await unit.get(`/api/v1/inspections/${round.id}/evaluation`), evaluationSchema);
  const c = Object.fromEntries(e.components.map((x) => [x.key, x]));
  assert.deepEqual([c.onTime.numerator, c.onTime.denominator], [1, 3], 'due: 2 closed and 1 overdue; 1 of them not closed on time');
  assert.deepEqual([c.overdue.numerator, c.overdue.denominator], [1, 3]);
  assert.deepEqual([c.extensions.numerator, c.extensions.denominator], [1, 5]);
  assert.deepEqual([c.stalled.numerator, c.stalled.denominator], [0, 3]);
  assert.equal(c.onTime.deduction, 8.3); // 25 × 1/3
  assert.equal(c.overdue.deduction, 5); // 15 × 1/3
  assert.equal(c.extensions.deduction, 1); // 5 × 1/5
  // the factories' progress text is vague, without figures: the formalism rule warned on every entry
  assert.deepEqual([c.formalism.numerator, c.formalism.denominator, c.formalism.deduction], [5, 5, 10]);
  const sum = e.components.reduce((s, x) => s + x.deduction, 0);
  assert.equal(e.score, Math.round((100 - sum) * 10) / 10);
  assert.equal(e.score, 75.7);
  assert.equal(e.computedGrade, 'fairly_good');
  assert.equal(e.grade, 'fairly_good');
  assert.equal(e.abilities.override, false, 'the unit sees its grade, the office sets it');
  const other = await f.login((await f.unit()).admin);
  expectError(await other.get(`/api/v1/inspections/${round.id}/evaluation`), 404, 'not_found');
});

test('the office overrides the grade with a reason (audited) and can return to the computed one', async () => {
  expectError(
    await unit.post(`/api/v1/inspections/${round.id}/evaluation/override`, { grade: 'good', reason: '整改成效明显' }),
    403,
    'forbidden',
  );
  assert.deepEqual(
    expectError(await office.post(`/api/v1/inspections/${round.id}/evaluation/override`, { grade: 'good', reason: '' }), 400).fields,
    ['reason'],
  );
  assert.deepEqual(
    expectError(await office.post(`/api/v1/inspections/${round.id}/evaluation/override`, { grade: 'best', reason: 'x' }), 400).fields,
    ['grade'],
  );
  const o = expectOk(
    await office.post(`/api/v1/inspections/${round.id}/evaluation/override`, { grade: 'good', reason: '群众满意度测评优秀' }),
    evaluationSchema,
  );
  assert.equal(o.grade, 'good');
  assert.equal(o.computedGrade, 'fairly_good');
  assert.equal(o.override?.reason, '群众满意度测评优秀');
  const row = (
    await t.db.query<{ detail: { from: string; to: string; reason: string } }>(
      `SELECT detail FROM audit_log WHERE action = 'evaluation.override'`,
    )
  ).rows[0];
  assert.deepEqual([row.detail.from, row.detail.to, row.detail.reason], ['fairly_good', 'good', '群众满意度测评优秀']);
  const back = expectOk(
    await office.post(`/api/v1/inspections/${round.id}/evaluation/override`, { grade: null, reason: '恢复按计算结果评定' }),
    evaluationSchema,
  );
  assert.equal(back.grade, 'fairly_good');
  assert.equal(back.history.length, 1);
});

test('the office’s weights: sum 100 or a 400 naming weights; a new weighting changes the score', async () => {
  assert.deepEqual(expectOk(await office.get('/api/v1/office/evaluation-config'), evaluationConfigSchema), DEFAULT_CONFIG);
  expectError(await unit.get('/api/v1/office/evaluation-config'), 403, 'forbidden');
  const bad = { ...DEFAULT_CONFIG, weights: { ...DEFAULT_CONFIG.weights, onTime: 50 } };
  assert.deepEqual(expectError(await office.put('/api/v1/office/evaluation-config', bad), 400).fields, ['weights']);
  assert.deepEqual(expectError(await office.put('/api/v1/office/evaluation-config', { ...DEFAULT_CONFIG, stalledDays: 0 }), 400).fields, [
    'stalledDays',
  ]);
  const heavier = { ...DEFAULT_CONFIG, weights: { ...DEFAULT_CONFIG.weights, onTime: 40, lookback: 0 } };
  expectOk(await office.put('/api/v1/office/evaluation-config', heavier), evaluationConfigSchema);
  const e = expectOk(await office.get(`/api/v1/inspections/${round.id}/evaluation`), evaluationSchema);
  assert.equal(e.components.find((x) => x.key === 'onTime')!.deduction, 13.3); // 40 × 1/3
  await office.put('/api/v1/office/evaluation-config', DEFAULT_CONFIG);
});

test('exports: the year’s .xlsx (one row per round, every component) and the .docx report', async () => {
  const x = await office.get('/api/v1/office/evaluations/xlsx?year=2026');
  assert.equal(x.status, 200);
  const wb = new ExcelJS.Workbook();
  const bytes = x.body as Buffer;
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ws = wb.worksheets[0];
  const header = (ws.getRow(2).values as unknown[]).slice(1);
  assert.ok(header.includes('按期销号（分子/分母）') && header.includes('得分') && header.includes('评定等次'));
  const row = (ws.getRow(3).values as unknown[]).slice(1);
  assert.equal(row[1], '江城市统计局');
  assert.equal(row[2], '2026年第一轮巡察');
  assert.ok(row.includes(75.7), JSON.stringify(row));
  assert.deepEqual(expectError(await office.get('/api/v1/office/evaluations/xlsx?year=20x6'), 400).fields, ['year']);
  expectError(await unit.get('/api/v1/office/evaluations/xlsx?year=2026'), 403, 'forbidden');
  const d = await office.get(`/api/v1/inspections/${round.id}/evaluation/docx`);
  assert.equal(d.status, 200);
  assert.match(d.headers.get('content-type') ?? '', /wordprocessingml/);
  assert.equal((d.body as Buffer).subarray(0, 2).toString(), 'PK');
});

/**
 * 回头看 through HTTP: 巡察办 opens a look-back of a round (the same seed draws the
 * same sample), the unit answers with evidence, the office confirms one item and
 * reopens another — the workflow's reopen transition with its history and audit rows
 * and a new deadline — and the round's evaluation counts the failure.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { evaluationSchema, lookbackDetailSchema, lookbackPageSchema } from '../../src/domain/schemas/office.js';
import { startTestApp, expectOk, expectError, PNG, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit, type Inspection, type Problem } from '../helpers/factories.js';

let t: TestApp;
let f: Factories;
let u: Unit;
let round: Inspection;
let closedItems: Problem[];
let office: Client;
let unit: Client;

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u = await f.unit();
  round = await f.inspection({ unit: u, title: '2026年第一轮巡察' });
  closedItems = [];
  for (let i = 0; i < 6; i++) closedItems.push(await f.problem({ unit: u, inspection: round, status: 'closed', due: 20 + i }));
  await f.problem({ unit: u, inspection: round, status: 'in_progress' });
  office = await f.login(u.office.admin);
  unit = await f.login(u.admin);
});
after(async () => {
  await t?.close();
});

const body = (o: Record<string, unknown> = {}) => ({ method: 'random', size: 3, seed: 'lookback-test-1', answerDue: f.day(14), ...o });

test('requires authentication', async () => {
  const anon = t.anon();
  expectError(await anon.post(`/api/v1/inspections/${round.id}/lookbacks`, body()), 401, 'unauthorized');
  expectError(await anon.get('/api/v1/lookbacks'), 401, 'unauthorized');
  expectError(await anon.post('/api/v1/lookback-items/1/decision', { decision: 'confirm', reason: 'x' }), 401, 'unauthorized');
});

test('who opens: 巡察办 only (整改办 403), another office’s round is absent (404), bad input names the field', async () => {
  expectError(await unit.post(`/api/v1/inspections/${round.id}/lookbacks`, body()), 403, 'forbidden');
  const other = await f.unit({ office: await f.office() });
  const otherOffice = await f.login(other.office.admin);
  expectError(await otherOffice.post(`/api/v1/inspections/${round.id}/lookbacks`, body()), 404, 'not_found');
  const e = expectError(await office.post(`/api/v1/inspections/${round.id}/lookbacks`, body({ size: 0 })), 400, 'bad_request');
  assert.deepEqual(e.fields, ['size']);
  assert.deepEqual(
    expectError(await office.post(`/api/v1/inspections/${round.id}/lookbacks`, body({ answerDue: f.day(-1) })), 400).fields,
    ['answerDue'],
  );
  assert.deepEqual(expectError(await office.post(`/api/v1/inspections/${round.id}/lookbacks`, body({ method: 'any' })), 400).fields, [
    'method',
  ]);
  const empty = await f.inspection({ unit: u });
  await f.problem({ unit: u, inspection: empty, status: 'in_progress' });
  const c = expectError(await office.post(`/api/v1/inspections/${empty.id}/lookbacks`, body()), 409, 'conflict');
  assert.equal(c.reason, 'no_closed_items');
});

let lookback: z.input<typeof lookbackDetailSchema>;

test('the same seed draws the same sample; the seed is recorded; a fresh one is made when none is given', async () => {
  lookback = expectOk(await office.post(`/api/v1/inspections/${round.id}/lookbacks`, body({ note: '年度回头看' })), lookbackDetailSchema);
  assert.equal(lookback.seed, 'lookback-test-1');
  assert.equal(lookback.population, 6);
  assert.equal(lookback.items.length, 3);
  assert.ok(lookback.items.every((i) => closedItems.some((p) => p.id === i.problem.id) && i.status === 'requested'));
  const again = expectOk(await office.post(`/api/v1/inspections/${round.id}/lookbacks`, body()), lookbackDetailSchema);
  assert.deepEqual(
    again.items.map((i) => i.problem.id),
    lookback.items.map((i) => i.problem.id),
  );
  const fresh = expectOk(await office.post(`/api/v1/inspections/${round.id}/lookbacks`, body({ seed: undefined })), lookbackDetailSchema);
  assert.match(fresh.seed, /^\d{8}-[0-9a-z]{7}$/);
  // the unit sees its tasks, may answer, may not decide
  const seen = expectOk(await unit.get(`/api/v1/lookbacks/${lookback.id}`), lookbackDetailSchema);
  assert.deepEqual(
    seen.items.map((i) => i.abilities),
    [0, 1, 2].map(() => ({ answer: true, decide: false })),
  );
  assert.equal(expectOk(await unit.get('/api/v1/lookbacks?status=open'), lookbackPageSchema).total, 3);
  const stranger = await f.login((await f.unit()).admin);
  expectError(await stranger.get(`/api/v1/lookbacks/${lookback.id}`), 404, 'not_found');
  assert.equal(expectOk(await stranger.get('/api/v1/lookbacks'), lookbackPageSchema).total, 0);
});

test('the unit answers with evidence; the office confirms one and reopens another with a new deadline', async () => {
  const [a, b, c] = lookback.items;
  const answered = await unit.upload(`/api/v1/lookback-items/${a.id}/answer`, { text: '经复查，整改成果巩固，附复查照片。' }, [
    { name: '复查照片.png', bytes: PNG, type: 'image/png' },
  ]);
  const d = expectOk(answered, lookbackDetailSchema);
  const ia = d.items.find((i) => i.id === a.id)!;
  assert.equal(ia.status, 'answered');
  assert.equal(ia.evidence.length, 1);
  const file = await office.get(`/api/v1/lookback-evidence/${ia.evidence[0].id}`);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('x-content-digest') ?? '', /^sm3=/);
  assert.deepEqual(expectError(await unit.upload(`/api/v1/lookback-items/${b.id}/answer`, { text: '' }), 400).fields, ['text']);
  expectError(await office.post(`/api/v1/lookback-items/${a.id}/decision`, { decision: 'confirm', reason: '' }), 400, 'bad_request');
  expectError(await unit.post(`/api/v1/lookback-items/${a.id}/decision`, { decision: 'confirm', reason: '同意' }), 403, 'forbidden');
  expectOk(
    await office.post(`/api/v1/lookback-items/${a.id}/decision`, { decision: 'confirm', reason: '材料属实，确认整改到位' }),
    lookbackDetailSchema,
  );
  const again = expectError(
    await office.post(`/api/v1/lookback-items/${a.id}/decision`, { decision: 'reopen', reason: 'x', deadline: f.day(30) }),
    409,
  );
  assert.equal(again.reason, 'item_decided');
  expectError(await unit.upload(`/api/v1/lookback-items/${a.id}/answer`, { text: '补充说明' }), 409, 'conflict');

  assert.deepEqual(
    expectError(await office.post(`/api/v1/lookback-items/${b.id}/decision`, { decision: 'reopen', reason: '问题反弹' }), 400).fields,
    ['deadline'],
  );
  const reopened = expectOk(
    await office.post(`/api/v1/lookback-items/${b.id}/decision`, {
      decision: 'reopen',
      reason: '现场核查发现问题反弹',
      deadline: f.day(45),
    }),
    lookbackDetailSchema,
  );
  const ib = reopened.items.find((i) => i.id === b.id)!;
  assert.equal(ib.status, 'reopened');
  assert.equal(ib.newDeadline, f.day(45));
  assert.equal(ib.problem.status, 'in_progress');
  assert.equal(ib.problem.deadline, f.day(45));
  // the problem's own history shows the reopen transition, by the office, from the look-back
  const page = expectOk(
    await unit.get(`/api/v1/problems/${b.problem.id}`),
    z.object({
      status: z.string(),
      deadline: z.string(),
      transitions: z.array(
        z.object({
          action: z.string(),
          fromStatus: z.string().nullable(),
          toStatus: z.string().nullable(),
          reason: z.string().nullable(),
          detail: z.object({ source: z.string().optional(), to: z.string().nullable().optional() }).nullable(),
        }),
      ),
    }),
  );
  const step = page.transitions.find((h) => h.action === 'reopen')!;
  assert.deepEqual(
    [step.fromStatus, step.toStatus, step.detail?.source, step.detail?.to],
    ['closed', 'in_progress', 'lookback', f.day(45)],
  );
  assert.match(step.reason ?? '', /回头看：现场核查发现问题反弹/);
  const audit = (
    await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action IN ('problem.reopen', 'lookback.reopen', 'lookback.confirm', 'lookback.open') ORDER BY id`,
    )
  ).rows.map((r) => r.action);
  assert.deepEqual(
    audit.filter((x) => x !== 'lookback.open'),
    ['lookback.confirm', 'lookback.reopen', 'problem.reopen'],
  );

  // not every item decided: the look-back stays open
  const busy = expectError(await office.post(`/api/v1/lookbacks/${lookback.id}/close`), 409);
  assert.equal(busy.reason, 'items_undecided');
  expectOk(
    await office.post(`/api/v1/lookback-items/${c.id}/decision`, { decision: 'confirm', reason: '未答复但经实地核查属实' }),
    lookbackDetailSchema,
  );
  const closed = expectOk(await office.post(`/api/v1/lookbacks/${lookback.id}/close`), lookbackDetailSchema);
  assert.equal(closed.status, 'closed');
  assert.deepEqual(closed.counts, { requested: 0, answered: 0, confirmed: 2, reopened: 1 });
  expectError(await office.post(`/api/v1/lookbacks/${lookback.id}/close`), 409, 'conflict');
});

test('the look-back feeds the evaluation: one reopened of three decided', async () => {
  const e = expectOk(await office.get(`/api/v1/inspections/${round.id}/evaluation`), evaluationSchema);
  const lb = e.components.find((c) => c.key === 'lookback')!;
  assert.deepEqual([lb.numerator, lb.denominator, lb.deduction], [1, 3, 5]);
});

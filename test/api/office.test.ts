/**
 * The office board through HTTP: every unit of the office (and only those) with its
 * counts, the ranking, the filters by round kind and year, the drill-down to a unit's
 * rounds with their grades, the weekly snapshots behind the trend; who may read it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { boardSchema, trendSchema, unitDetailSchema, type Board } from '../../src/domain/schemas/office.js';
import { boardOf, takeWeeklySnapshot } from '../../src/server/modules/office/service.js';
import { startTestApp, expectOk, expectError, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit, type Office } from '../helpers/factories.js';

let t: TestApp;
let f: Factories;
let off: Office;
let good: Unit;
let lagging: Unit;
let office: Client;

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  off = await f.office({ name: '江城市委巡察办' });
  good = await f.unit({ office: off, name: '江城市审计局' });
  lagging = await f.unit({ office: off, name: '江城市住建局' });
  await f.unit({ office: off, name: '江城市档案馆' });
  await f.unit({ office: await f.office(), name: '外市单位' });
  const r1 = await f.inspection({ unit: good, title: '2026年第一轮巡察', kind: '巡察', feedbackDate: '2026-03-01' });
  await f.problem({ unit: good, inspection: r1, status: 'closed', due: 5 });
  await f.problem({ unit: good, inspection: r1, status: 'closed', due: 5 });
  await f.problem({ unit: good, inspection: r1, status: 'in_progress', due: 40 });
  const r2 = await f.inspection({ unit: lagging, title: '2026年审计', kind: '审计', feedbackDate: '2026-05-01' });
  await f.problem({ unit: lagging, inspection: r2, status: 'closed', due: 5 });
  await f.problem({ unit: lagging, inspection: r2, status: 'in_progress', due: -3 });
  await f.problem({ unit: lagging, inspection: r2, status: 'in_progress', due: -1 });
  await f.problem({ unit: lagging, inspection: r2, status: 'pending', due: 5 });
  const r3 = await f.inspection({ unit: lagging, title: '2025年巡察', kind: '巡察', feedbackDate: '2025-04-01' });
  await f.problem({ unit: lagging, inspection: r3, status: 'closed', due: 5 });
  office = await f.login(off.admin);
});
after(async () => {
  await t?.close();
});

test('requires authentication; only the office reads the board (403 for a unit, 403 for the 三员)', async () => {
  expectError(await t.anon().get('/api/v1/office/board'), 401, 'unauthorized');
  expectError(await (await f.login(good.admin)).get('/api/v1/office/board'), 403, 'forbidden');
  expectError(await (await f.login(good.admin)).get(`/api/v1/office/units/${good.id}`), 403, 'forbidden');
  const auditor = await f.user({ role: 'auditor', org: off });
  expectError(await (await f.login(auditor)).get('/api/v1/office/board'), 403, 'forbidden');
});

const row = (b: Board, name: string) => b.units.find((u) => u.unit.name === name)!;

test('every unit of the office with its counts, ranked by completion', async () => {
  const b = expectOk(await office.get('/api/v1/office/board'), boardSchema);
  assert.deepEqual(b.units.map((u) => u.unit.name).sort(), ['江城市住建局', '江城市审计局', '江城市档案馆'].sort());
  const l = row(b, '江城市住建局');
  assert.deepEqual([l.rounds, l.roundsOpen, l.problems, l.closed, l.red, l.closedOnTime], [2, 1, 5, 2, 2, 2]);
  assert.equal(l.completion, 0.4);
  const g = row(b, '江城市审计局');
  assert.deepEqual([g.problems, g.closed, g.red, g.daysSinceProgress], [3, 2, 0, 0]);
  assert.deepEqual(
    b.units.map((u) => [u.unit.name, u.rank]),
    [
      ['江城市审计局', 1],
      ['江城市住建局', 2],
      ['江城市档案馆', 3],
    ],
  );
  assert.equal(row(b, '江城市档案馆').daysSinceProgress, null);
  assert.deepEqual(b.totals, { units: 3, problems: 8, closed: 4, red: 2, openOrders: 0, recurring: 0 });
  assert.deepEqual(b.years, [2026, 2025]);
  // sorted by red, most first
  const byRed = expectOk(await office.get('/api/v1/office/board?sort=red&dir=desc'), boardSchema);
  assert.equal(byRed.units[0].unit.name, '江城市住建局');
});

test('read in batches of units (issue 12: no statement holds the embedded database long), the board is the same', async () => {
  const query = { sort: 'rank', dir: 'asc' } as const;
  const whole = await boardOf(t.db, { officeIds: [off.id], query, now: t.clock.now(), batch: 1000 });
  for (const batch of [1, 2]) {
    const cut = await boardOf(t.db, { officeIds: [off.id], query, now: t.clock.now(), batch });
    assert.deepEqual(cut, whole, `batches of ${batch}`);
  }
  assert.equal(whole.units.length, 3);
});

test('filters by round kind and year', async () => {
  const audit = expectOk(await office.get(`/api/v1/office/board?kind=${encodeURIComponent('审计')}`), boardSchema);
  assert.deepEqual([row(audit, '江城市住建局').problems, row(audit, '江城市审计局').problems], [4, 0]);
  const y2025 = expectOk(await office.get('/api/v1/office/board?year=2025'), boardSchema);
  assert.deepEqual([row(y2025, '江城市住建局').problems, row(y2025, '江城市住建局').closed], [1, 1]);
  assert.deepEqual(expectError(await office.get('/api/v1/office/board?year=abc'), 400).fields, ['year']);
  assert.deepEqual(expectError(await office.get('/api/v1/office/board?sort=color'), 400).fields, ['sort']);
  assert.deepEqual(expectError(await office.get('/api/v1/office/board?kind=x'), 400).fields, ['kind']);
});

test('drill-down: a unit’s rounds with score and grade; a unit of another office is absent', async () => {
  const d = expectOk(await office.get(`/api/v1/office/units/${lagging.id}`), unitDetailSchema);
  assert.deepEqual(
    d.rounds.map((r) => r.inspection.name),
    ['2026年审计', '2025年巡察'],
  );
  assert.deepEqual([d.rounds[0].problems, d.rounds[0].red], [4, 2]);
  assert.ok(d.rounds[0].score < d.rounds[1].score);
  const strangerUnit = await f.unit({ office: await f.office() });
  expectError(await office.get(`/api/v1/office/units/${strangerUnit.id}`), 404, 'not_found');
  // read-only for the office: the ledger of the unit opens, its plan does not change
  const ledger = await office.get(`/api/v1/ledger?inspectionId=${d.rounds[0].inspection.id}`);
  assert.equal(ledger.status, 200);
});

test('the trend: weekly snapshots, one row per round and week, idempotent within a week', async () => {
  const empty = expectOk(await office.get('/api/v1/office/trend'), trendSchema);
  assert.deepEqual(empty, { weeks: [], series: [] });
  const now = t.clock.now();
  const a = await takeWeeklySnapshot(t, new Date(now.getTime() - 7 * 86_400_000));
  const b = await takeWeeklySnapshot(t, now);
  await takeWeeklySnapshot(t, now);
  assert.notEqual(a.week, b.week);
  const tr = expectOk(await office.get('/api/v1/office/trend?weeks=4'), trendSchema);
  assert.deepEqual(tr.weeks, [a.week, b.week]);
  const l = tr.series.find((s) => s.unit.name === '江城市住建局')!;
  assert.deepEqual(l.completion, [0, 0.4], 'counted as of each week: the items were closed this week');
  assert.deepEqual(l.overdue, [0, 2], 'a week ago neither item was past its deadline yet');
  assert.ok(!tr.series.some((s) => s.unit.name === '外市单位'));
  const n = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM office_snapshots')).rows[0].n;
  assert.equal(n, 3 * 2, 'three rounds with problems, two weeks');
});

/**
 * Issue 7 point 7 through HTTP: POST /problems/plan-batch plans many problems in
 * one transaction — the same guards as PATCH /problems/:id for each, a 计划变更
 * history entry with before and after for each, an audit row for each plus one
 * for the batch — or nothing at all when one item is refused, and the refusal
 * names the item and its field.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import { planBatchResultSchema, problemDetailSchema, type ProblemDetail } from '../../src/domain/schemas/index.js';

let t: TestApp;
let f: Factories;
let u: Unit;
let other: Unit;
before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u = await f.unit();
  other = await f.unit();
});
after(async () => {
  await t?.close();
});

/** A freshly imported-like problem: a label and a title, nothing planned. */
async function unplanned(unit: Unit = u, title?: string): Promise<number> {
  const round = await f.inspection({ unit });
  const c = await f.login(unit.admin);
  const r = await c.post('/api/v1/problems', {
    inspectionId: round.id,
    label: '1.',
    title: title ?? `未计划问题${Math.random().toString(36).slice(2, 8)}`,
  });
  return expectOk(r, problemDetailSchema).id;
}

async function page(id: number, unit: Unit = u): Promise<ProblemDetail> {
  return expectOk(await (await f.login(unit.admin)).get(`/api/v1/problems/${id}`), problemDetailSchema) as ProblemDetail;
}

async function counts(ids: number[]) {
  const n = async (sql: string) => (await t.db.query<{ n: number }>(sql, [ids])).rows[0].n;
  return {
    transitions: await n('SELECT count(*)::int AS n FROM transitions WHERE problem_id = ANY($1::int[])'),
    audit: (
      await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE action LIKE 'problem.plan%' AND (object_id = ANY($1::text[]) OR object_type = 'unit')`,
        [ids.map(String)],
      )
    ).rows[0].n,
    planned: await n('SELECT count(*)::int AS n FROM problems WHERE id = ANY($1::int[]) AND lead_dept_id IS NOT NULL'),
  };
}

describe('authentication, roles and units', () => {
  test('401 without a session, 403 for a handler and a leader, 404 for a problem of another unit — and nothing written', async () => {
    const ids = [await unplanned(), await unplanned()];
    const body = { items: ids.map((id) => ({ id, plan: { leadDeptId: u.depts[0].id } })) };
    expectError(await t.anon().post('/api/v1/problems/plan-batch', body), 401);
    for (const who of [u.handlers[0], u.leader]) {
      const e = expectError(await (await f.login(who)).post('/api/v1/problems/plan-batch', body), who === u.leader ? 403 : 404);
      assert.match(e.message, /第 1 项/);
    }
    // one foreign problem in the batch: 404 for it, and the unit's own items stay unplanned
    const foreign = await unplanned(other);
    const mixed = { items: [...body.items, { id: foreign, plan: { leadDeptId: u.depts[0].id } }] };
    const e = expectError(await (await f.login(u.admin)).post('/api/v1/problems/plan-batch', mixed), 404, 'not_found');
    assert.match(e.message, /^第 3 项：该问题不存在或无权访问/);
    assert.equal((await counts(ids)).planned, 0);
  });
});

describe('bulk edit', () => {
  test('sets lead and cooperating departments, leader, deadline and kind on every selected problem in one request', async () => {
    const ids = [await unplanned(), await unplanned(), await unplanned()];
    const before = await counts(ids);
    const c = await f.login(u.admin);
    const unplannedBefore = (await page(ids[0])).light;
    assert.equal(unplannedBefore, 'unplanned');
    const plan = {
      leadDeptId: u.depts[1].id,
      cooperatingDeptIds: [u.depts[2].id],
      leaderId: u.leader.id,
      deadline: f.day(40),
      rectifyKind: 'deadline' as const,
    };
    const r = expectOk(
      await c.post('/api/v1/problems/plan-batch', { items: ids.map((id) => ({ id, plan })), source: 'bulk' }),
      planBatchResultSchema,
    );
    assert.deepEqual(r, { updated: 3, ids });
    for (const id of ids) {
      const p = await page(id);
      assert.equal(p.leadDept?.id, u.depts[1].id);
      assert.deepEqual(
        p.cooperatingDepts.map((d) => d.id),
        [u.depts[2].id],
      );
      assert.equal(p.leader?.id, u.leader.id);
      assert.equal(p.deadline, f.day(40));
      assert.equal(p.rectifyKind, 'deadline');
      assert.equal(p.light, 'green', 'a planned item is no longer grey');
      // one 计划变更 entry with each field's before and after
      const changes = p.transitions.filter((x) => x.action === 'plan_change');
      assert.equal(changes.length, 1);
      const fields = new Map((changes[0].detail?.changes ?? []).map((ch) => [ch.field, ch]));
      assert.deepEqual([...fields.keys()].sort(), ['cooperatingDepts', 'deadline', 'leadDept', 'leader', 'rectifyKind']);
      assert.equal(fields.get('leadDept')?.before, null);
      assert.equal(fields.get('leadDept')?.after, u.depts[1].name);
      assert.equal(fields.get('deadline')?.after, f.day(40));
    }
    const after = await counts(ids);
    assert.equal(after.transitions - before.transitions, 3, 'one history entry per problem');
    // three problem.plan rows and one problem.plan_batch row of the unit
    const batchRows = (
      await t.db.query<{ detail: { source: string; ids: number[] } }>(
        `SELECT detail FROM audit_log WHERE action = 'problem.plan_batch' AND unit_id = $1 ORDER BY id DESC LIMIT 1`,
        [u.id],
      )
    ).rows;
    assert.deepEqual(batchRows[0].detail.ids, ids);
    assert.equal(batchRows[0].detail.source, 'bulk');
    const planRows = (
      await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'problem.plan' AND object_id = ANY($1::text[])`,
        [ids.map(String)],
      )
    ).rows[0].n;
    assert.equal(planRows, 3);
  });

  test('one refused item refuses the batch: the message names the item, the 400 names its field, nothing changes', async () => {
    const a = await unplanned();
    const dated = (await f.problem({ unit: u, deadline: f.day(20) })).id;
    const c = await f.login(u.admin);
    const before = await counts([a, dated]);
    const items = [
      { id: a, plan: { leadDeptId: u.depts[0].id, deadline: f.day(30) } },
      { id: dated, plan: { deadline: f.day(30) } },
    ];
    const e = expectError(await c.post('/api/v1/problems/plan-batch', { items }), 400, 'bad_request');
    assert.match(e.message, /^第 2 项（.+）：整改时限已设定，只能通过延期申请调整/);
    assert.deepEqual(e.fields, ['items.1.plan.deadline']);
    const after = await counts([a, dated]);
    assert.deepEqual(after, before, 'the first item was rolled back with the second');
    assert.equal((await page(a)).leadDept, null);
  });

  test('a department of another unit, a closed problem and bad input are refused', async () => {
    const a = await unplanned();
    const c = await f.login(u.admin);
    let e = expectError(await c.post('/api/v1/problems/plan-batch', { items: [{ id: a, plan: { leadDeptId: other.depts[0].id } }] }), 400);
    assert.match(e.message, /所选部门不属于本单位/);
    const closed = (await f.problem({ unit: u, status: 'closed' })).id;
    e = expectError(
      await c.post('/api/v1/problems/plan-batch', { items: [{ id: closed, plan: { leaderId: u.leader.id } }] }),
      409,
      'conflict',
    );
    assert.match(e.message, /第 1 项.*已销号/);
    e = expectError(await c.post('/api/v1/problems/plan-batch', { items: [{ id: a, plan: { deadline: '2026-02-30' } }] }), 400);
    assert.deepEqual(e.fields, ['items.0.plan.deadline']);
    e = expectError(await c.post('/api/v1/problems/plan-batch', { items: [] }), 400);
    assert.deepEqual(e.fields, ['items']);
    e = expectError(
      await c.post('/api/v1/problems/plan-batch', {
        items: [
          { id: a, plan: {} },
          { id: a, plan: {} },
        ],
      }),
      400,
    );
    assert.match(e.message, /同一问题不能出现两次/);
    e = expectError(await c.post('/api/v1/problems/plan-batch', { items: [{ id: a, plan: { rectifyKind: 'soon' } }] }), 400);
    assert.deepEqual(e.fields, ['items.0.plan.rectifyKind']);
  });

  test('inline editing and its undo: one cell at a time, each change and its undo in the history', async () => {
    const a = await unplanned();
    const c = await f.login(u.admin);
    expectOk(
      await c.post('/api/v1/problems/plan-batch', { items: [{ id: a, plan: { leadDeptId: u.depts[0].id } }], source: 'inline' }),
      planBatchResultSchema,
    );
    // undo: the previous value (none) goes back
    expectOk(
      await c.post('/api/v1/problems/plan-batch', { items: [{ id: a, plan: { leadDeptId: null } }], source: 'inline' }),
      planBatchResultSchema,
    );
    const p = await page(a);
    assert.equal(p.leadDept, null);
    const changes = p.transitions.filter((x) => x.action === 'plan_change').map((x) => x.detail?.changes?.[0]);
    assert.deepEqual(
      changes.map((ch) => [ch?.field, ch?.before, ch?.after]),
      [
        ['leadDept', null, u.depts[0].name],
        ['leadDept', u.depts[0].name, null],
      ],
    );
  });

  test('racing batches over the same rows: both apply in turn, no deadlock, one history entry each', async () => {
    const ids = [await unplanned(), await unplanned(), await unplanned()];
    const c1 = await f.login(u.admin);
    const c2 = await t.login(u.admin.username, u.admin.password);
    const [r1, r2] = await Promise.all([
      c1.post('/api/v1/problems/plan-batch', { items: ids.map((id) => ({ id, plan: { leaderId: u.leader.id } })) }),
      c2.post('/api/v1/problems/plan-batch', { items: [...ids].reverse().map((id) => ({ id, plan: { leadDeptId: u.depts[2].id } })) }),
    ]);
    expectOk(r1, planBatchResultSchema);
    expectOk(r2, planBatchResultSchema);
    for (const id of ids) {
      const p = await page(id);
      assert.equal(p.leader?.id, u.leader.id);
      assert.equal(p.leadDept?.id, u.depts[2].id);
      assert.equal(p.transitions.filter((x) => x.action === 'plan_change').length, 2);
    }
  });
});

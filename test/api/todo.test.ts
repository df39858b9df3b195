/**
 * Issue 7 point 6 through HTTP: GET /api/v1/todo, everyone's 待办. A handler
 * sees the items of their department to report on, returned closures, refused
 * extensions and overdue items; a reviewer the closure and extension requests
 * waiting at their step (never their own); a leader their approvals; 整改办 the
 * items still to plan. Paged, most pressing first, with counts per kind; every
 * review it lists is one the person's abilities allow.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, type Client, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type TestUser, type Unit } from '../helpers/factories.js';
import { problemDetailSchema, todoPageSchema, unitSettingsSchema, type TodoPage } from '../../src/domain/schemas/index.js';

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

const as = (who: TestUser) => f.login(who);

async function todo(c: Client, query = ''): Promise<TodoPage> {
  return expectOk(await c.get(`/api/v1/todo${query}`), todoPageSchema);
}

async function ticked(c: Client, id: number): Promise<void> {
  const page = expectOk(await c.get(`/api/v1/problems/${id}`), problemDetailSchema);
  for (const m of page.measures) expectOk(await c.patch(`/api/v1/measures/${m.id}`, { status: 'done' }), problemDetailSchema);
}

const kinds = (p: TodoPage, id: number) => p.items.filter((i) => i.problem.id === id).map((i) => i.kind);

describe('who has a to-do list', () => {
  test('401 without a session; 403 for the 三员; bad paging 400', async () => {
    expectError(await t.anon().get('/api/v1/todo'), 401);
    for (const role of ['sysadmin', 'auditor'] as const) {
      const e = expectError(await (await as(await f.user({ role, org: u.office }))).get('/api/v1/todo'), 403, 'forbidden');
      assert.match(e.message, /^无权查看待办/);
    }
    const c = await as(u.admin);
    assert.ok(expectError(await c.get('/api/v1/todo?pageSize=0'), 400).fields.includes('pageSize'));
    assert.ok(expectError(await c.get('/api/v1/todo?page=x'), 400).fields.includes('page'));
  });

  test("another unit's items and requests never show (the cross-unit case of a list is absence)", async () => {
    const mine = await f.problem({ unit: u, status: 'closure_requested' });
    const theirs = await f.problem({ unit: other, status: 'closure_requested' });
    const list = await todo(await as(other.admin), '?pageSize=200');
    assert.deepEqual(kinds(list, mine.id), []);
    assert.deepEqual(kinds(list, theirs.id), ['closure_review']);
    const mineList = await todo(await as(u.admin), '?pageSize=200');
    assert.deepEqual(kinds(mineList, theirs.id), []);
    // a handler of another unit's department sees none of u's
    assert.deepEqual(kinds(await todo(await as(other.handlers[0]), '?pageSize=200'), mine.id), []);
  });
});

describe("a handler's to-do", () => {
  test('report, overdue, returned, refused — each once, the most pressing kind; items waiting for others are not theirs', async () => {
    const unit = await f.unit();
    const h = await as(unit.handlers[0]);
    const report = await f.problem({ unit, status: 'in_progress', due: 40 });
    const late = await f.problem({ unit, status: 'in_progress', due: -3 });
    const returned = await f.problem({ unit, status: 'closure_requested' });
    expectOk(
      await (
        await as(unit.admin)
      ).post(`/api/v1/problems/${returned.id}/closure-review`, { decision: 'return', reason: '佐证不足，请补充' }),
      problemDetailSchema,
    );
    const refused = await f.problem({ unit, status: 'in_progress', extension: 'refused' });
    const waiting = await f.problem({ unit, status: 'closure_requested' });
    const elsewhere = await f.problem({ unit, status: 'in_progress', leadDept: unit.depts[1] });

    const list = await todo(h, '?pageSize=200');
    assert.deepEqual(kinds(list, report.id), ['report']);
    assert.deepEqual(kinds(list, late.id), ['overdue']);
    assert.deepEqual(kinds(list, returned.id), ['closure_returned']);
    assert.deepEqual(kinds(list, refused.id), ['extension_refused']);
    assert.deepEqual(kinds(list, waiting.id), []);
    assert.deepEqual(kinds(list, elsewhere.id), []);
    const ret = list.items.find((i) => i.problem.id === returned.id)!;
    assert.equal(ret.note, '佐证不足，请补充');
    assert.equal(ret.from?.name, unit.admin.displayName);
    const ref = list.items.find((i) => i.problem.id === refused.id)!;
    assert.ok(ref.extensionId);
    assert.equal(ref.from?.name, unit.leader.displayName);
    // most pressing first: returned, refused, overdue, then the rest
    assert.deepEqual(
      list.items.map((i) => i.kind),
      ['closure_returned', 'extension_refused', 'overdue', 'report'],
    );
    assert.equal(list.total, 4);
    assert.equal(list.counts.report, 1);
    assert.equal(list.counts.closure_review, 0);
  });
});

describe("reviewers' and leaders' to-do", () => {
  test('整改办 and the leader see a closure request at the default step; the requester does not see their own', async () => {
    const unit = await f.unit();
    const p = await f.problem({ unit, status: 'closure_requested' });
    const x = await f.problem({ unit, status: 'in_progress', extension: 'pending' }); // asked by the handler
    for (const who of [unit.admin, unit.leader]) {
      const list = await todo(await as(who), '?pageSize=200');
      assert.deepEqual(kinds(list, p.id), ['closure_review'], who.role);
      const e = list.items.find((i) => i.problem.id === x.id)!;
      assert.equal(e.kind, 'extension_decision');
      assert.ok(e.requestedDeadline);
      assert.equal(e.step?.name, '延期审批');
    }
    const own = await f.problem({ unit, status: 'closure_requested', closureRequestedBy: unit.admin });
    assert.deepEqual(kinds(await todo(await as(unit.admin), '?pageSize=200'), own.id), []);
    assert.deepEqual(kinds(await todo(await as(unit.leader), '?pageSize=200'), own.id), ['closure_review']);
  });

  test('with a two-step chain each request is in exactly one reviewer group at a time, and it is one their abilities allow', async () => {
    const unit = await f.unit();
    const c = await as(unit.admin);
    expectOk(
      await c.put(`/api/v1/units/${unit.id}/settings`, {
        rules: { closureNeedsMeasuresDone: true, measureDeadlineWithinProblem: true, measureDoneStartsProblem: true },
        closureChain: [
          { role: 'unit_admin', name: '整改办初审' },
          { role: 'leader', name: '分管领导审批' },
        ],
        extensionChain: [{ role: 'unit_admin_or_leader', name: '延期审批' }],
      }),
      unitSettingsSchema,
    );
    const p = await f.problem({ unit, status: 'in_progress' });
    const h = await as(unit.handlers[0]);
    await ticked(h, p.id);
    expectOk(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '申请销号' }), problemDetailSchema);
    const leader = await as(unit.leader);
    assert.deepEqual(kinds(await todo(c, '?pageSize=200'), p.id), ['closure_review']);
    assert.deepEqual(kinds(await todo(leader, '?pageSize=200'), p.id), []);
    assert.equal((await todo(c, '?pageSize=200')).items.find((i) => i.problem.id === p.id)!.step?.name, '整改办初审');

    expectOk(await c.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '初审通过' }), problemDetailSchema);
    assert.deepEqual(kinds(await todo(c, '?pageSize=200'), p.id), []);
    const forLeader = await todo(leader, '?pageSize=200');
    assert.deepEqual(kinds(forLeader, p.id), ['closure_review']);
    assert.equal(forLeader.items.find((i) => i.problem.id === p.id)!.step?.name, '分管领导审批');

    // every review listed for anyone is one they may do
    for (const who of [unit.admin, unit.leader]) {
      const cl = await as(who);
      for (const i of (await todo(cl, '?pageSize=200')).items.filter((x) => x.kind === 'closure_review')) {
        assert.equal(expectOk(await cl.get(`/api/v1/problems/${i.problem.id}`), problemDetailSchema).abilities.reviewClosure, true);
      }
    }
    expectOk(await leader.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '同意' }), problemDetailSchema);
    assert.deepEqual(kinds(await todo(leader, '?pageSize=200'), p.id), []);
  });

  test("a 巡察办 step shows in the office admin's to-do", async () => {
    const unit = await f.unit();
    const c = await as(unit.admin);
    expectOk(
      await c.put(`/api/v1/units/${unit.id}/settings`, {
        rules: { closureNeedsMeasuresDone: true, measureDeadlineWithinProblem: true, measureDoneStartsProblem: true },
        closureChain: [{ role: 'office_admin', name: '巡察办复核' }],
        extensionChain: [{ role: 'unit_admin_or_leader', name: '延期审批' }],
      }),
      unitSettingsSchema,
    );
    const p = await f.problem({ unit, status: 'in_progress' });
    const h = await as(unit.handlers[0]);
    await ticked(h, p.id);
    expectOk(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '申请销号' }), problemDetailSchema);
    const office = await as(unit.office.admin);
    assert.deepEqual(kinds(await todo(office, '?pageSize=200'), p.id), ['closure_review']);
    assert.deepEqual(kinds(await todo(c, '?pageSize=200'), p.id), []);
    const done = expectOk(
      await office.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '复核通过' }),
      problemDetailSchema,
    );
    assert.equal(done.status, 'closed');
  });

  test('整改办 sees the items still to plan (no kind, lead department or deadline)', async () => {
    const unit = await f.unit();
    const unplanned = await f.problem({ unit, status: 'pending', leadDept: null });
    const undated = await f.problem({ unit, status: 'pending', deadline: null });
    const planned = await f.problem({ unit, status: 'pending' });
    const list = await todo(await as(unit.admin), '?pageSize=200');
    assert.deepEqual(kinds(list, unplanned.id), ['to_plan']);
    assert.deepEqual(kinds(list, undated.id), ['to_plan']);
    assert.deepEqual(kinds(list, planned.id), []);
    assert.equal(list.items.find((i) => i.problem.id === unplanned.id)!.problem.light, 'unplanned');
  });
});

describe('paging', () => {
  test('pages split the list without overlap and total counts all pages', async () => {
    const unit = await f.unit();
    for (let i = 0; i < 5; i++) await f.problem({ unit, status: 'in_progress', due: 20 + i });
    const h = await as(unit.handlers[0]);
    const all = await todo(h, '?pageSize=200');
    assert.equal(all.total, 5);
    const p1 = await todo(h, '?pageSize=2&page=1');
    const p2 = await todo(h, '?pageSize=2&page=2');
    const p3 = await todo(h, '?pageSize=2&page=3');
    assert.deepEqual([p1.items.length, p2.items.length, p3.items.length], [2, 2, 1]);
    assert.equal(p1.total, 5);
    assert.deepEqual(
      [...p1.items, ...p2.items, ...p3.items].map((i) => i.problem.id),
      all.items.map((i) => i.problem.id),
    );
    // nearest deadline first among items of one kind
    const deadlines = all.items.map((i) => i.problem.deadline!);
    assert.deepEqual(deadlines, [...deadlines].sort());
  });
});

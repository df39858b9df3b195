/**
 * Issue 7 points 3 and 5 through HTTP: a unit's settings (consistency rules and
 * review chains) and what they do — a closure waits for every measure (done or
 * not applicable with a reason), a measure's deadline stays within its
 * problem's, a measure marked done starts a pending problem; closure and
 * extension requests run through one to three steps, each by its role, a
 * return or refusal at any step ends them with the reason, and of racing
 * reviewers at any step exactly one wins.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, type Client, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type TestUser, type Unit } from '../helpers/factories.js';
import { problemDetailSchema, unitSettingsSchema, type ProblemDetail, type UnitSettingsBody } from '../../src/domain/schemas/index.js';

let t: TestApp;
let f: Factories;
let u: Unit; // runs on the defaults
let chained: Unit; // two-step chains: 整改办初审 → 分管领导审批
let other: Unit;
let admin2: TestUser; // a second 整改办 of `chained`
let leader2: TestUser; // a second leader of `chained`

const TWO_STEPS: UnitSettingsBody = {
  rules: { closureNeedsMeasuresDone: true, measureDeadlineWithinProblem: true, measureDoneStartsProblem: true },
  closureChain: [
    { role: 'unit_admin', name: '整改办初审' },
    { role: 'leader', name: '分管领导审批' },
  ],
  extensionChain: [
    { role: 'unit_admin', name: '整改办审核' },
    { role: 'leader', name: '分管领导审批' },
  ],
};

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u = await f.unit();
  chained = await f.unit();
  other = await f.unit();
  admin2 = await f.user({ role: 'unit_admin', org: chained });
  leader2 = await f.user({ role: 'leader', org: chained });
  expectOk(await (await f.login(chained.admin)).put(`/api/v1/units/${chained.id}/settings`, TWO_STEPS), unitSettingsSchema);
});
after(async () => {
  await t?.close();
});

const CJK = /[\u4e00-\u9fff]/;
const as = (who: TestUser) => f.login(who);

async function view(c: Client, id: number): Promise<ProblemDetail> {
  return expectOk(await c.get(`/api/v1/problems/${id}`), problemDetailSchema) as ProblemDetail;
}

async function ticked(c: Client, id: number): Promise<void> {
  for (const m of (await view(c, id)).measures)
    expectOk(await c.patch(`/api/v1/measures/${m.id}`, { status: 'done' }), problemDetailSchema);
}

describe('unit settings: who may read and change them', () => {
  test('401 without a session; 403 for a handler, a leader, 巡察办 and the 三员 writing; 404 for another unit', async () => {
    const path = `/api/v1/units/${u.id}/settings`;
    expectError(await t.anon().get(path), 401);
    expectError(await t.anon().put(path, TWO_STEPS), 401);
    for (const who of [u.leader, u.office.admin]) {
      const c = await as(who);
      expectOk(await c.get(path), unitSettingsSchema);
      assert.match(expectError(await c.put(path, TWO_STEPS), 403, 'forbidden').message, /^无权修改单位设置/);
    }
    // a handler does not read the unit's settings at all, as another unit's 整改办
    expectError(await (await as(u.handlers[0])).get(path), 404, 'not_found');
    expectError(await (await as(other.admin)).get(path), 404, 'not_found');
    expectError(await (await as(other.admin)).put(path, TWO_STEPS), 404, 'not_found');
    const sys = await f.user({ role: 'sysadmin', org: u.office });
    expectError(await (await as(sys)).get(path), 404);
    // nothing was saved by the refused writes
    const s = expectOk(await (await as(u.admin)).get(path), unitSettingsSchema);
    assert.equal(s.isDefault, true);
    assert.equal(s.abilities.edit, true);
    assert.deepEqual(s.closureChain, [{ role: 'unit_admin_or_leader', name: '销号审核' }]);
  });

  test('bad bodies: 400 naming the field (no steps, four steps, an unknown role, an empty name, a missing rule)', async () => {
    const c = await as(u.admin);
    const path = `/api/v1/units/${u.id}/settings`;
    const bad: [unknown, string][] = [
      [{ ...TWO_STEPS, closureChain: [] }, 'closureChain'],
      [{ ...TWO_STEPS, extensionChain: Array(4).fill({ role: 'leader', name: '审批' }) }, 'extensionChain'],
      [{ ...TWO_STEPS, closureChain: [{ role: 'mayor', name: '市长审批' }] }, 'closureChain.0.role'],
      [{ ...TWO_STEPS, closureChain: [{ role: 'leader', name: ' ' }] }, 'closureChain.0.name'],
      [{ ...TWO_STEPS, rules: { closureNeedsMeasuresDone: true } }, 'rules.measureDeadlineWithinProblem'],
    ];
    for (const [body, field] of bad) {
      const e = expectError(await c.put(path, body), 400);
      assert.ok(e.fields.includes(field), `${field} in ${JSON.stringify(e.fields)}`);
      assert.match(e.message, CJK);
    }
  });

  test('整改办 saves; the answer and GET agree; the change is audited', async () => {
    const s = expectOk(await (await as(chained.admin)).get(`/api/v1/units/${chained.id}/settings`), unitSettingsSchema);
    assert.equal(s.isDefault, false);
    assert.deepEqual(s.closureChain, TWO_STEPS.closureChain);
    assert.equal(s.updatedBy?.name, chained.admin.displayName);
    const a = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'unit.settings' AND object_id = $1`, [String(chained.id)]);
    assert.equal(a.rowCount, 1);
  });
});

describe('consistency rules', () => {
  test('a closure needs every measure done or not applicable with a reason; the refusal says how many and why', async () => {
    const p = await f.problem({ unit: u, status: 'in_progress', measures: 2 });
    const h = await as(u.handlers[0]);
    const page = await view(h, p.id);
    assert.equal(page.openMeasureCount, 2);
    assert.equal(page.abilities.requestClosure, false);
    const e = expectError(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '申请销号' }), 409);
    assert.equal(e.reason, 'measures_open');
    assert.match(e.message, /还有 2 项整改措施未完成/);
    // not applicable needs a reason (400 naming it)
    const [m1, m2] = page.measures;
    const noReason = expectError(await h.patch(`/api/v1/measures/${m1.id}`, { status: 'not_applicable' }), 400);
    assert.ok(noReason.fields.includes('statusReason'));
    expectOk(
      await h.patch(`/api/v1/measures/${m1.id}`, { status: 'not_applicable', statusReason: '该项工作已由上级统一部署' }),
      problemDetailSchema,
    );
    expectOk(await h.patch(`/api/v1/measures/${m2.id}`, { status: 'done' }), problemDetailSchema);
    const ok = expectOk(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '申请销号' }), problemDetailSchema);
    assert.equal(ok.status, 'closure_requested');
    assert.equal(ok.measures.find((m) => m.id === m1.id)?.statusReason, '该项工作已由上级统一部署');
  });

  test('a measure due after its problem: 400 naming the field and the deadline; a first deadline before a measure: 400', async () => {
    const p = await f.problem({ unit: u, status: 'pending', deadline: f.day(30), measures: 1 });
    const c = await as(u.admin);
    const late = expectError(await c.post(`/api/v1/problems/${p.id}/measures`, { text: '晚于问题时限', deadline: f.day(31) }), 400);
    assert.ok(late.fields.includes('deadline'));
    assert.match(late.message, new RegExp(`不能晚于问题的整改时限 ${f.day(30)}`));
    expectError(await c.patch(`/api/v1/measures/${p.measureIds[0]}`, { deadline: f.day(45) }), 400);
    expectOk(await c.post(`/api/v1/problems/${p.id}/measures`, { text: '同日完成', deadline: f.day(30) }), problemDetailSchema);

    const undated = await f.problem({ unit: u, status: 'pending', deadline: null, measures: 0 });
    expectOk(await c.post(`/api/v1/problems/${undated.id}/measures`, { text: '先定措施时限', deadline: f.day(50) }), problemDetailSchema);
    const early = expectError(await c.patch(`/api/v1/problems/${undated.id}`, { deadline: f.day(40) }), 400);
    assert.ok(early.fields.includes('deadline'));
    assert.match(early.message, /不能早于已有措施的时限/);
  });

  test('a measure marked done moves a 未启动 problem to 整改中 (history says why); in_progress does not', async () => {
    const p = await f.problem({ unit: u, status: 'pending', measures: 2 });
    const h = await as(u.handlers[0]);
    const [m1, m2] = p.measureIds;
    const first = expectOk(await h.patch(`/api/v1/measures/${m1}`, { status: 'in_progress' }), problemDetailSchema);
    assert.equal(first.status, 'pending');
    const done = expectOk(await h.patch(`/api/v1/measures/${m2}`, { status: 'done' }), problemDetailSchema);
    assert.equal(done.status, 'in_progress');
    const start = done.transitions.at(-1)!;
    assert.deepEqual([start.action, start.fromStatus, start.toStatus], ['start', 'pending', 'in_progress']);
    assert.match(start.reason ?? '', /已完成/);
  });

  test('switched off, the rules do not refuse', async () => {
    const loose = await f.unit();
    const c = await as(loose.admin);
    const off = {
      ...TWO_STEPS,
      rules: { closureNeedsMeasuresDone: false, measureDeadlineWithinProblem: false, measureDoneStartsProblem: false },
    };
    expectOk(
      await c.put(`/api/v1/units/${loose.id}/settings`, { ...off, closureChain: [{ role: 'unit_admin_or_leader', name: '销号审核' }] }),
      unitSettingsSchema,
    );
    const p = await f.problem({ unit: loose, status: 'in_progress', measures: 1, deadline: f.day(10) });
    expectOk(await c.post(`/api/v1/problems/${p.id}/measures`, { text: '晚于时限也可', deadline: f.day(20) }), problemDetailSchema);
    expectOk(await c.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '措施未全部完成也申请' }), problemDetailSchema);
    const q = await f.problem({ unit: loose, status: 'pending', measures: 1 });
    assert.equal(expectOk(await c.patch(`/api/v1/measures/${q.measureIds[0]}`, { status: 'done' }), problemDetailSchema).status, 'pending');
  });
});

describe('a two-step closure chain: 部门申请 → 整改办初审 → 分管领导审批 → 已销号', () => {
  test('step by step, each by its role; the other role is told which step it waits at', async () => {
    const p = await f.problem({ unit: chained, status: 'in_progress' });
    const h = await as(chained.handlers[0]);
    await ticked(h, p.id);
    const asked = expectOk(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '整改完成，申请销号' }), problemDetailSchema);
    assert.deepEqual(asked.reviewStep, { index: 0, count: 2, name: '整改办初审', role: 'unit_admin', roleZh: '整改办' });

    const leader = await as(chained.leader);
    assert.equal((await view(leader, p.id)).abilities.reviewClosure, false);
    const early = expectError(
      await leader.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '领导先批' }),
      409,
    );
    assert.equal(early.reason, 'wrong_step');
    assert.match(early.message, /“整改办初审”环节，须由整改办办理/);
    // a handler reviews at no step: 403
    expectError(await h.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '自批' }), 403);

    const admin = await as(chained.admin);
    const s1 = expectOk(
      await admin.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '初审通过', step: 0 }),
      problemDetailSchema,
    );
    assert.equal(s1.status, 'closure_requested');
    assert.equal(s1.reviewStep?.name, '分管领导审批');
    assert.equal(s1.abilities.reviewClosure, false, "整改办 approved step 1; step 2 is the leader's");
    const step1 = s1.transitions.at(-1)!;
    assert.deepEqual([step1.action, step1.detail?.stepName, step1.reason], ['closure_step_approve', '整改办初审', '初审通过']);

    assert.equal((await view(leader, p.id)).abilities.reviewClosure, true);
    const s2 = expectOk(
      await leader.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '同意销号', step: 1 }),
      problemDetailSchema,
    );
    assert.equal(s2.status, 'closed');
    assert.equal(s2.reviewStep, null);
    assert.deepEqual(
      s2.transitions.filter((x) => x.action.startsWith('closure')).map((x) => [x.action, x.toStatus, x.detail?.stepName]),
      [
        ['closure_request', 'closure_requested', '整改办初审'],
        ['closure_step_approve', 'closure_requested', '整改办初审'],
        ['closure_approve', 'closed', '分管领导审批'],
      ],
    );
  });

  test('a return at the second step goes back to 整改中 with the reason; the next request starts at step one', async () => {
    const p = await f.problem({ unit: chained, status: 'in_progress' });
    const h = await as(chained.handlers[0]);
    await ticked(h, p.id);
    expectOk(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '申请销号' }), problemDetailSchema);
    expectOk(
      await (await as(chained.admin)).post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '初审通过' }),
      problemDetailSchema,
    );
    const back = expectOk(
      await (
        await as(chained.leader)
      ).post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'return', reason: '台账不完整，请补充' }),
      problemDetailSchema,
    );
    assert.equal(back.status, 'in_progress');
    assert.equal(back.transitions.at(-1)!.reason, '台账不完整，请补充');
    assert.equal(back.transitions.at(-1)!.detail?.stepName, '分管领导审批');
    const again = expectOk(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '已补充' }), problemDetailSchema);
    assert.equal(again.reviewStep?.index, 0);
  });

  test('one person approves one step: a 整改办 who is also a leader cannot approve step two after step one', async () => {
    const both = await f.user({ role: 'unit_admin', org: chained });
    await t.db.query(`INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, 'leader')`, [both.id, chained.id]);
    const p = await f.problem({ unit: chained, status: 'in_progress' });
    const h = await as(chained.handlers[0]);
    await ticked(h, p.id);
    expectOk(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '申请销号' }), problemDetailSchema);
    const c = await as(both);
    expectOk(await c.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '初审' }), problemDetailSchema);
    const e = expectError(await c.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '再批' }), 409);
    assert.match(e.message, /已审核过该申请的上一环节/);
  });

  test('a chain changed while a request waits does not move it', async () => {
    const unit = await f.unit();
    const c = await as(unit.admin);
    const p = await f.problem({ unit, status: 'in_progress' });
    await ticked(c, p.id);
    const h = await as(unit.handlers[0]);
    expectOk(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '申请销号' }), problemDetailSchema);
    expectOk(await c.put(`/api/v1/units/${unit.id}/settings`, TWO_STEPS), unitSettingsSchema);
    // the request started on the one-step default: the leader's approval closes it
    const done = expectOk(
      await (await as(unit.leader)).post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '同意' }),
      problemDetailSchema,
    );
    assert.equal(done.status, 'closed');
  });

  test('racing reviewers at each step: exactly one wins, the other gets 409 and nothing is written twice', async () => {
    const p = await f.problem({ unit: chained, status: 'in_progress' });
    const h = await as(chained.handlers[0]);
    await ticked(h, p.id);
    expectOk(await h.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '申请销号' }), problemDetailSchema);
    const count = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM transitions WHERE problem_id = $1', [p.id])).rows[0].n;

    const n0 = await count();
    const [a1, a2] = [await as(chained.admin), await as(admin2)];
    const step1 = await Promise.all([
      a1.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '甲初审', step: 0 }),
      a2.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '乙初审', step: 0 }),
    ]);
    assert.deepEqual(step1.map((r) => r.status).sort(), [200, 409], JSON.stringify(step1.map((r) => r.body)));
    assert.match(step1.find((r) => r.status === 409)!.error!.message, /刚被他人审核|已审核过/);
    assert.equal(await count(), n0 + 1);

    const [l1, l2] = [await as(chained.leader), await as(leader2)];
    const step2 = await Promise.all([
      l1.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '甲同意', step: 1 }),
      l2.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'return', reason: '乙退回', step: 1 }),
    ]);
    assert.deepEqual(step2.map((r) => r.status).sort(), [200, 409], JSON.stringify(step2.map((r) => r.body)));
    const winner = step2.find((r) => r.status === 200)!.body as ProblemDetail;
    assert.equal(await count(), n0 + 2);
    const status = (await t.db.query<{ status: string }>('SELECT status FROM problems WHERE id = $1', [p.id])).rows[0].status;
    assert.equal(status, winner.status);
  });
});

describe('extension chains', () => {
  test('two steps: 整改办审核 then 分管领导审批 moves the deadline; a refusal at step one ends it', async () => {
    const p = await f.problem({ unit: chained, status: 'in_progress', deadline: f.day(20) });
    const h = await as(chained.handlers[0]);
    const asked = expectOk(
      await h.post(`/api/v1/problems/${p.id}/extensions`, { deadline: f.day(50), reason: '汛期施工受限' }),
      problemDetailSchema,
    );
    const x = asked.extensions[0];
    assert.equal(x.step?.name, '整改办审核');
    const leader = await as(chained.leader);
    const early = expectError(await leader.post(`/api/v1/extensions/${x.id}/decision`, { decision: 'approve', reason: '同意' }), 409);
    assert.equal(early.reason, 'wrong_step');
    const s1 = expectOk(
      await (await as(chained.admin)).post(`/api/v1/extensions/${x.id}/decision`, { decision: 'approve', reason: '情况属实', step: 0 }),
      problemDetailSchema,
    );
    assert.equal(s1.deadline, f.day(20), 'the deadline moves only after the last step');
    assert.equal(s1.extensions[0].status, 'pending');
    assert.equal(s1.extensions[0].step?.name, '分管领导审批');
    const s2 = expectOk(
      await leader.post(`/api/v1/extensions/${x.id}/decision`, { decision: 'approve', reason: '同意延期', step: 1 }),
      problemDetailSchema,
    );
    assert.equal(s2.deadline, f.day(50));
    assert.equal(s2.extensions[0].status, 'approved');
    assert.deepEqual(
      s2.transitions.filter((t) => t.action.startsWith('extension')).map((t) => t.action),
      ['extension_request', 'extension_step_approve', 'extension_approve'],
    );

    const q = await f.problem({ unit: chained, status: 'in_progress', deadline: f.day(20) });
    const y = expectOk(await h.post(`/api/v1/problems/${q.id}/extensions`, { deadline: f.day(40), reason: '延期' }), problemDetailSchema)
      .extensions[0];
    const refused = expectOk(
      await (await as(chained.admin)).post(`/api/v1/extensions/${y.id}/decision`, { decision: 'refuse', reason: '理由不充分' }),
      problemDetailSchema,
    );
    assert.equal(refused.extensions[0].status, 'refused');
    assert.equal(refused.extensions[0].decisionReason, '理由不充分');
    assert.equal(refused.deadline, f.day(20));
  });

  test('racing deciders at a step: exactly one wins', async () => {
    const p = await f.problem({ unit: chained, status: 'in_progress', deadline: f.day(20) });
    const x = expectOk(
      await (await as(chained.handlers[0])).post(`/api/v1/problems/${p.id}/extensions`, { deadline: f.day(60), reason: '延期' }),
      problemDetailSchema,
    ).extensions[0];
    const rs = await Promise.all([
      (await as(chained.admin)).post(`/api/v1/extensions/${x.id}/decision`, { decision: 'approve', reason: '甲', step: 0 }),
      (await as(admin2)).post(`/api/v1/extensions/${x.id}/decision`, { decision: 'refuse', reason: '乙', step: 0 }),
    ]);
    assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409]);
    const n = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM transitions WHERE problem_id = $1 AND action LIKE 'extension_%' AND action <> 'extension_request'`,
      [p.id],
    );
    assert.equal(n.rows[0].n, 1);
  });

  test('申请延期 is refused while a closure waits for review (the button is hidden)', async () => {
    const p = await f.problem({ unit: u, status: 'closure_requested' });
    const h = await as(u.handlers[0]);
    assert.equal((await view(h, p.id)).abilities.requestExtension, false);
    const e = expectError(await h.post(`/api/v1/problems/${p.id}/extensions`, { deadline: f.day(90), reason: '延期' }), 409);
    assert.match(e.message, /销号审核中/);
  });
});

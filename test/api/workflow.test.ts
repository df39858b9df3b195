/**
 * The problem workflow through HTTP (DESIGN §4): progress with evidence,
 * closure request → review (approve / return), extensions, 阶段性完成, and what
 * must be refused — no session (401), wrong role (403), another unit (404),
 * wrong state (409), bad input (400/413/415), unknown ids (404) — and that a
 * refused request writes nothing.
 *
 * Each test builds the problems it works on with the factories, so the order
 * of the tests does not matter and no test depends on the demo.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTestApp, expectError, PNG, type TestApp, type Client, type Res } from '../helpers/app.js';
import { factories, type Factories, type Unit, type TestUser } from '../helpers/factories.js';
import type { ProblemPage } from '../helpers/shapes.js';

let t: TestApp;
let f: Factories;
let u: Unit; // departments: 办公室, 工程建设处, 水资源管理处, 河湖管理处
let other: Unit; // another unit of the same office
before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u = await f.unit({ departments: ['办公室', '工程建设处', '水资源管理处', '河湖管理处'] });
  other = await f.unit();
});
after(async () => {
  await t?.close();
});

const CJK = /[\u4e00-\u9fff]/;
const sm3 = (b: Uint8Array) => createHash('sm3').update(b).digest('hex');
// the people of unit u
const office = () => u.depts[0];
const works = () => u.depts[1]; // 工程建设处
const water = () => u.depts[2]; // 水资源管理处
const rivers = () => u.depts[3]; // 河湖管理处
const dept1 = (): TestUser => u.handlers[1];
const dept2 = (): TestUser => u.handlers[2];
const as = (who: TestUser) => f.login(who);

async function page(c: Client, id: number): Promise<ProblemPage> {
  const r = await c.get<ProblemPage>(`/api/v1/problems/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** Rows that a refused request must not have added. */
async function footprint(id: number) {
  const n = async (sql: string) => (await t.db.query<{ n: number }>(sql, [id])).rows[0].n;
  return {
    progress: await n('SELECT count(*)::int AS n FROM progress_entries WHERE problem_id = $1'),
    evidence: await n('SELECT count(*)::int AS n FROM evidence WHERE problem_id = $1'),
    transitions: await n('SELECT count(*)::int AS n FROM transitions WHERE problem_id = $1'),
    extensions: await n('SELECT count(*)::int AS n FROM extensions WHERE problem_id = $1'),
    audit: (
      await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'problem' AND object_id = $1`, [
        String(id),
      ])
    ).rows[0].n,
    status: (await t.db.query<{ status: string }>('SELECT status FROM problems WHERE id = $1', [id])).rows[0].status,
  };
}

/** Ticks every measure of a problem off: a closure needs them done (a unit rule, on by default; tested in workflow-chain.test.ts). */
async function measuresDone(c: Client, id: number): Promise<void> {
  for (const m of (await page(c, id)).measures) assert.equal((await c.patch(`/api/v1/measures/${m.id}`, { status: 'done' })).status, 200);
}

function conflict(r: Res<unknown>, reason?: string) {
  const e = expectError(r, 409, 'conflict');
  assert.match(e.message, CJK);
  if (reason) assert.equal(e.reason, reason);
  return e;
}

function forbidden(r: Res<unknown>) {
  const e = expectError(r, 403, 'forbidden');
  assert.match(e.message, /^无权/);
}

/** Every workflow route that takes an id, aimed at a problem with evidence and a pending extension. */
function workflowRoutes(id: number, evidence: number, extension: number): [string, string, unknown?][] {
  return [
    ['GET', `/api/v1/evidence/${evidence}`],
    ['POST', `/api/v1/problems/${id}/closure-request`, { reason: '申请销号' }],
    ['POST', `/api/v1/problems/${id}/closure-review`, { decision: 'approve', reason: '同意' }],
    ['POST', `/api/v1/problems/${id}/extensions`, { deadline: '2028-12-31', reason: '延期' }],
    ['POST', `/api/v1/extensions/${extension}/decision`, { decision: 'approve', reason: '同意' }],
    ['POST', `/api/v1/problems/${id}/stage-done`, { reason: '阶段完成' }],
  ];
}

describe('authentication and permission', () => {
  test('requires authentication: every workflow route answers 401', async () => {
    const p = await f.problem({ unit: u, status: 'in_progress', extension: 'pending', leadDept: works() });
    const anon = t.anon();
    const before = await footprint(p.id);
    for (const [method, path, body] of workflowRoutes(p.id, p.evidenceIds[0], p.extensionIds[0])) {
      const r = await anon.request(method, path, method === 'GET' ? undefined : body);
      expectError(r, 401, 'unauthorized');
    }
    const multipart = await anon.upload(`/api/v1/problems/${p.id}/progress`, { text: '匿名' }, [{ name: 'a.png', bytes: PNG }]);
    expectError(multipart, 401, 'unauthorized');
    assert.deepEqual(await footprint(p.id), before);
  });

  test('403 where the role does not allow the action', async () => {
    const leader = await as(u.leader);
    const d1 = await as(dept1());
    const p = await f.problem({ unit: u, status: 'in_progress', leadDept: works() });
    const before = await footprint(p.id);
    forbidden(await leader.upload(`/api/v1/problems/${p.id}/progress`, { text: '领导代报' }, [{ name: 'p.png', bytes: PNG }]));
    forbidden(await leader.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '领导代申请' }));
    forbidden(await leader.post(`/api/v1/problems/${p.id}/extensions`, { deadline: '2027-06-30', reason: '领导代申请' }));
    const longTerm = await f.problem({ unit: u, status: 'long_term', leadDept: works() });
    forbidden(await d1.post(`/api/v1/problems/${longTerm.id}/stage-done`, { reason: '部门自行标记' }));
    // a cooperating department reports progress but does not ask for closure
    const coop = await f.problem({ unit: u, status: 'in_progress', leadDept: rivers(), cooperating: [water()] });
    const d2 = await as(dept2());
    const ok = await d2.upload(`/api/v1/problems/${coop.id}/progress`, { text: '配合部门已完成水质采样' }, [
      { name: '采样.png', bytes: PNG },
    ]);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    forbidden(await d2.post(`/api/v1/problems/${coop.id}/closure-request`, { reason: '配合部门申请销号' }));
    assert.deepEqual(await footprint(p.id), before);
  });

  test('another unit: 404 on every workflow route, the same answer as an absent id, nothing written', async () => {
    const p = await f.problem({ unit: u, status: 'closure_requested', leadDept: works() });
    const x = await f.problem({ unit: u, status: 'in_progress', extension: 'pending' });
    const stranger = await as(other.admin);
    const before = [await footprint(p.id), await footprint(x.id)];
    for (const [method, path, body] of workflowRoutes(p.id, p.evidenceIds[0], x.extensionIds[0])) {
      const r = await stranger.request(method, path, body);
      const e = expectError(r, 404, 'not_found');
      assert.match(e.message, /不存在或无权访问/);
      const absent = await stranger.request(method, path.replace(/\/\d+(?=\/|$)/, '/999999'), body);
      assert.deepEqual(absent.body, r.body, `${method} ${path} differs from an absent id`);
    }
    expectError(
      await stranger.upload(`/api/v1/problems/${p.id}/progress`, { text: '越权' }, [{ name: 'a.png', bytes: PNG }]),
      404,
      'not_found',
    );
    assert.deepEqual([await footprint(p.id), await footprint(x.id)], before);
  });
});

describe('closure', () => {
  // progress with a PNG → in_progress; download; no-evidence refusal; request; return; re-request; approve → closed
  test('the whole closure flow', async () => {
    const d1 = await as(dept1());
    const unit = await as(u.admin);
    const p = await f.problem({ unit: u, status: 'pending', leadDept: works(), measures: ['排水户接管专项排查'] });
    assert.equal((await page(d1, p.id)).status, 'pending');

    // no evidence yet: the request is refused with the guard's reason
    // (pending is the wrong state first, so start work with a text-only entry)
    const textOnly = await d1.upload<ProblemPage>(`/api/v1/problems/${p.id}/progress`, { text: '已召开专题会议部署排查工作' });
    assert.equal(textOnly.status, 200, JSON.stringify(textOnly.body));
    assert.equal(textOnly.body.status, 'in_progress');
    assert.equal(textOnly.body.statusZh, '整改中');
    // (the factory's plan edits are 计划变更 entries of the history, left out here)
    const steps = (b: ProblemPage) => b.transitions.filter((x) => x.action !== 'plan_change');
    assert.deepEqual(
      steps(textOnly.body).map((x) => [x.action, x.fromStatus, x.toStatus]),
      [['start', 'pending', 'in_progress']],
    );
    const noEvidence = conflict(await d1.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '申请销号' }), 'no_evidence');
    assert.match(noEvidence.message, /佐证材料/);

    // progress with a PNG, a measure and figures
    const m = (await page(d1, p.id)).measures[0];
    const up = await d1.upload<ProblemPage>(
      `/api/v1/problems/${p.id}/progress`,
      { text: '完成排水户接管专项排查', measureId: String(m.id), figures: JSON.stringify({ 排查户数: 128 }) },
      [{ name: '排查现场-泵站.png', bytes: PNG, type: 'image/png' }],
    );
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.equal(up.body.progressCount, 2);
    assert.equal(up.body.evidenceCount, 1);
    const entry = up.body.progress[0]; // newest first
    assert.equal(entry.text, '完成排水户接管专项排查');
    assert.equal(entry.measureId, m.id);
    assert.deepEqual(entry.figures, { 排查户数: 128 });
    assert.equal(entry.author.name, dept1().displayName);
    const ev = entry.evidence[0];
    assert.equal(ev.filename, '排查现场-泵站.png');
    assert.equal(ev.mime, 'image/png');
    assert.equal(ev.size, PNG.length);
    assert.equal(ev.digest, sm3(PNG));

    // the download gives back the same bytes, as an attachment, with the SM3 digest
    const dl = await d1.get(`/api/v1/evidence/${ev.id}`);
    assert.equal(dl.status, 200);
    assert.ok(Buffer.isBuffer(dl.body));
    assert.ok(Buffer.compare(dl.body, PNG) === 0, 'same bytes');
    assert.equal(dl.headers.get('content-type'), 'image/png');
    assert.equal(dl.headers.get('content-disposition'), `attachment; filename*=UTF-8''${encodeURIComponent('排查现场-泵站.png')}`);
    assert.equal(dl.headers.get('x-content-digest'), `sm3=${sm3(PNG)}`);
    assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
    // the office reads it too; a department that does not see the problem gets 404
    assert.equal((await (await as(u.office.admin)).get(`/api/v1/evidence/${ev.id}`)).status, 200);
    const notMine = expectError(await (await as(dept2())).get(`/api/v1/evidence/${ev.id}`), 404);
    assert.match(notMine.message, /佐证材料/);

    // request → closure_requested (the measure ticked off first)
    await measuresDone(d1, p.id);
    const req = await d1.post<ProblemPage>(`/api/v1/problems/${p.id}/closure-request`, { reason: '排查整改全部完成，申请销号' });
    assert.equal(req.status, 200, JSON.stringify(req.body));
    assert.equal(req.body.status, 'closure_requested');
    assert.equal(req.body.abilities.addProgress, false);
    assert.equal(req.body.abilities.reviewClosure, false);
    // while under review, progress waits
    conflict(await d1.upload(`/api/v1/problems/${p.id}/progress`, { text: '补充材料' }, [{ name: 'x.png', bytes: PNG }]), 'invalid_state');
    // a second request is the wrong state
    conflict(await d1.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '再次申请' }), 'invalid_state');

    // the department cannot review its own request
    forbidden(await d1.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '自己通过' }));

    // 整改办 returns it → in_progress
    assert.equal((await page(unit, p.id)).abilities.reviewClosure, true);
    const back = await unit.post<ProblemPage>(`/api/v1/problems/${p.id}/closure-review`, {
      decision: 'return',
      reason: '佐证材料不足，请补充处理结果',
    });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.status, 'in_progress');
    assert.equal(back.body.closureRequestedBy, null, "a returned request is no longer anyone's");

    // re-request, then the leader approves → closed
    assert.equal((await d1.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '已补充处理结果' })).status, 200);
    const ok = await (
      await as(u.leader)
    ).post<ProblemPage>(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '材料齐全，同意销号' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.status, 'closed');
    assert.equal(ok.body.light, 'none');
    const [h, a, l] = [dept1().displayName, u.admin.displayName, u.leader.displayName];
    assert.deepEqual(
      steps(ok.body).map((x) => [x.action, x.toStatus, x.actor.name]),
      [
        ['start', 'in_progress', h],
        ['closure_request', 'closure_requested', h],
        ['closure_return', 'in_progress', a],
        ['closure_request', 'closure_requested', h],
        ['closure_approve', 'closed', l],
      ],
    );
    assert.equal(steps(ok.body)[2].reason, '佐证材料不足，请补充处理结果');
    // every step is in the audit trail, after the factory's creation and plan
    const audit = (
      await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE object_type = 'problem' AND object_id = $1 ORDER BY id`, [
        String(p.id),
      ])
    ).rows.map((r) => r.action);
    assert.deepEqual(audit, [
      'problem.create',
      'problem.plan',
      'progress.add',
      'progress.add',
      'problem.closure_request',
      'problem.closure_return',
      'problem.closure_request',
      'problem.closure_approve',
    ]);

    // closed: no more progress, no closure, no extension
    conflict(await d1.upload(`/api/v1/problems/${p.id}/progress`, { text: '结案后补报' }), 'invalid_state');
    conflict(await d1.post(`/api/v1/problems/${p.id}/closure-request`, { reason: '再次' }), 'invalid_state');
    conflict(await d1.post(`/api/v1/problems/${p.id}/extensions`, { deadline: '2028-01-01', reason: '延期' }), 'invalid_state');
    conflict(await unit.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '再审' }), 'invalid_state');
  });

  test('progress on a closed problem: 409 with the reason, nothing written', async () => {
    const p = await f.problem({ unit: u, status: 'closed', leadDept: works() });
    const before = await footprint(p.id);
    const r = await (await as(dept1())).upload(`/api/v1/problems/${p.id}/progress`, { text: '补报' }, [{ name: 'p.png', bytes: PNG }]);
    assert.match(conflict(r, 'invalid_state').message, /已销号/);
    assert.deepEqual(await footprint(p.id), before);
  });

  test('the submitter may not review: 整改办 asks, 整改办 is refused (409 same_person), the leader decides', async () => {
    const unit = await as(u.admin);
    const p = await f.problem({ unit: u, status: 'in_progress', leadDept: office() }); // with evidence
    await measuresDone(unit, p.id);
    const req = await unit.post<ProblemPage>(`/api/v1/problems/${p.id}/closure-request`, { reason: '平台已整合，申请销号' });
    assert.equal(req.status, 200, JSON.stringify(req.body));
    assert.equal(req.body.abilities.reviewClosure, false, 'the UI hides the button from the submitter');
    const self = conflict(
      await unit.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '自己通过' }),
      'same_person',
    );
    assert.match(self.message, /不能审核自己/);
    assert.equal((await footprint(p.id)).status, 'closure_requested');
    conflict(await unit.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'return', reason: '自己退回也不行' }), 'same_person');
    const ok = await (
      await as(u.leader)
    ).post<ProblemPage>(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '同意' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'closed');
  });

  test('a request made earlier by 整改办 is likewise refused to 整改办; returning a long-term item gives long_term back', async () => {
    const unit = await as(u.admin);
    const leader = await as(u.leader);
    const asked = await f.problem({ unit: u, status: 'closure_requested', closureRequestedBy: u.admin });
    conflict(await unit.post(`/api/v1/problems/${asked.id}/closure-review`, { decision: 'approve', reason: '自审' }), 'same_person');

    const lt = await f.problem({ unit: u, status: 'long_term' }); // with evidence
    await measuresDone(unit, lt.id);
    assert.equal((await unit.post(`/api/v1/problems/${lt.id}/closure-request`, { reason: '阶段任务完成' })).status, 200);
    const back = await leader.post<ProblemPage>(`/api/v1/problems/${lt.id}/closure-review`, {
      decision: 'return',
      reason: '长期坚持，继续推进',
    });
    assert.equal(back.status, 200);
    assert.equal(back.body.status, 'long_term');
    assert.equal(back.body.light, 'blue');
  });

  test('two reviewers at once: exactly one wins (200), the other gets 409', async () => {
    const unit = await as(u.admin);
    const leader = await as(u.leader);
    const p = await f.problem({ unit: u, status: 'closure_requested', leadDept: water() }); // asked by the handler
    const before = await footprint(p.id);
    const results = await Promise.all([
      unit.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '整改办同意' }),
      leader.post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '领导同意' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409], JSON.stringify(results.map((r) => r.body)));
    conflict(results.find((r) => r.status === 409)!);
    const after = await footprint(p.id);
    assert.equal(after.status, 'closed');
    assert.equal(after.transitions, before.transitions + 1, 'one approval recorded, not two');
  });

  test('two opposite decisions at once: one applies, the other is refused', async () => {
    const unit = await as(u.admin);
    const leader = await as(u.leader);
    const p = await f.problem({ unit: u, status: 'closure_requested', leadDept: water() });
    const results = await Promise.all([
      unit.post<ProblemPage>(`/api/v1/problems/${p.id}/closure-review`, { decision: 'return', reason: '退回' }),
      leader.post<ProblemPage>(`/api/v1/problems/${p.id}/closure-review`, { decision: 'approve', reason: '同意' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    assert.equal((await footprint(p.id)).status, winner.body.status);
  });
});

describe('extensions', () => {
  test('request (the lead handler) → pending → the leader approves → deadline moved, history kept', async () => {
    const d1 = await as(dept1());
    const leader = await as(u.leader);
    const p = await f.problem({ unit: u, status: 'in_progress', leadDept: works() });
    const old = (await page(d1, p.id)).deadline;
    const r = await d1.post<ProblemPage>(`/api/v1/problems/${p.id}/extensions`, {
      deadline: '2027-03-31',
      reason: '第三方检测机构招标延后',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.deadline, old, 'a request alone moves nothing');
    const x = r.body.extensions[0];
    assert.equal(x.status, 'pending');
    assert.equal(x.oldDeadline, old);
    assert.equal(x.requestedDeadline, '2027-03-31');
    assert.equal(x.requestedBy.name, dept1().displayName);
    assert.equal(x.abilities.decide, false, 'the handler does not decide');

    // a second request while one is pending
    conflict(await d1.post(`/api/v1/problems/${p.id}/extensions`, { deadline: '2027-04-30', reason: '再申请' }), 'extension_pending');
    // a handler cannot decide
    forbidden(await d1.post(`/api/v1/extensions/${x.id}/decision`, { decision: 'approve', reason: '自批' }));

    const lp = await page(leader, p.id);
    assert.equal(lp.extensions[0].abilities.decide, true);
    const ok = await leader.post<ProblemPage>(`/api/v1/extensions/${x.id}/decision`, { decision: 'approve', reason: '理由充分，同意延期' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.deadline, '2027-03-31');
    assert.equal(ok.body.extensions[0].status, 'approved');
    assert.equal(ok.body.extensions[0].decidedBy?.name, u.leader.displayName);
    assert.equal(ok.body.extensions[0].decisionReason, '理由充分，同意延期');
    assert.deepEqual(
      ok.body.transitions.slice(-2).map((x) => x.action),
      ['extension_request', 'extension_approve'],
    );

    const unit = await as(u.admin);
    // decided once only
    conflict(await unit.post(`/api/v1/extensions/${x.id}/decision`, { decision: 'refuse', reason: '改判' }), 'extension_decided');
    // the moved deadline still cannot be edited directly
    expectError(await unit.patch(`/api/v1/problems/${p.id}`, { deadline: '2027-06-30' }), 400);
    // a new request must go beyond the new deadline
    conflict(await d1.post(`/api/v1/problems/${p.id}/extensions`, { deadline: '2027-03-31', reason: '同一日期' }), 'deadline_not_later');
  });

  test('refuse path: the deadline stays, the refusal is in the history', async () => {
    const unit = await as(u.admin);
    const leader = await as(u.leader);
    const p = await f.problem({ unit: u, status: 'in_progress', due: -6, leadDept: office() }); // overdue
    const old = (await page(unit, p.id)).deadline;
    const r = await unit.post<ProblemPage>(`/api/v1/problems/${p.id}/extensions`, { deadline: '2027-01-31', reason: '测评机构排期已满' });
    assert.equal(r.status, 200);
    const xid = r.body.extensions[0].id;
    // the requester cannot decide their own request
    const self = conflict(await unit.post(`/api/v1/extensions/${xid}/decision`, { decision: 'approve', reason: '自批' }), 'same_person');
    assert.match(self.message, /不能审批自己/);
    const no = await leader.post<ProblemPage>(`/api/v1/extensions/${xid}/decision`, { decision: 'refuse', reason: '应加快推进，不予延期' });
    assert.equal(no.status, 200);
    assert.equal(no.body.deadline, old);
    assert.equal(no.body.extensions[0].status, 'refused');
    assert.equal(no.body.overdue, true, 'still overdue');
    assert.ok(no.body.transitions.some((x) => x.action === 'extension_refuse' && x.reason === '应加快推进，不予延期'));
    // after a refusal a new request may be made
    assert.equal(
      (await unit.post(`/api/v1/problems/${p.id}/extensions`, { deadline: '2026-12-31', reason: '压缩工期后重新申请' })).status,
      200,
    );
  });

  test('refused by the guards: a pending one exists, not later, long-term, closed; bad bodies 400', async () => {
    const unit = await as(u.admin);
    const d1 = await as(dept1());
    const pending = await f.problem({ unit: u, status: 'in_progress', extension: 'pending' });
    const before = await footprint(pending.id);
    conflict(
      await unit.post(`/api/v1/problems/${pending.id}/extensions`, { deadline: '2027-12-31', reason: '再申请' }),
      'extension_pending',
    );
    assert.deepEqual(await footprint(pending.id), before);

    const p = await f.problem({ unit: u, status: 'in_progress', leadDept: works() });
    const cur = (await page(d1, p.id)).deadline!;
    const same = conflict(await d1.post(`/api/v1/problems/${p.id}/extensions`, { deadline: cur, reason: '同日' }), 'deadline_not_later');
    assert.match(same.message, new RegExp(cur));
    conflict(await d1.post(`/api/v1/problems/${p.id}/extensions`, { deadline: '2026-01-01', reason: '提前' }), 'deadline_not_later');

    const longTerm = await f.problem({ unit: u, status: 'long_term', leadDept: works() });
    conflict(await d1.post(`/api/v1/problems/${longTerm.id}/extensions`, { deadline: '2027-12-31', reason: '长期' }), 'invalid_state');
    const closed = await f.problem({ unit: u, status: 'closed', leadDept: works() });
    conflict(await d1.post(`/api/v1/problems/${closed.id}/extensions`, { deadline: '2027-12-31', reason: '已结' }), 'invalid_state');

    const bad = expectError(await d1.post(`/api/v1/problems/${p.id}/extensions`, { deadline: '2027-02-30', reason: '日期无效' }), 400);
    assert.ok(bad.fields.includes('deadline'));
    const noReason = expectError(await d1.post(`/api/v1/problems/${p.id}/extensions`, { deadline: '2027-02-28' }), 400);
    assert.ok(noReason.fields.includes('reason'));
    const badDecision = expectError(
      await unit.post(`/api/v1/extensions/${pending.extensionIds[0]}/decision`, { decision: 'maybe', reason: '？' }),
      400,
    );
    assert.match(badDecision.message, /approve 或 refuse/);
    assert.equal((await footprint(p.id)).extensions, 0);
  });
});

describe('stage-done (阶段性完成)', () => {
  test('整改办 marks a long-term item once; a second time is 409; a dated item cannot be marked', async () => {
    const unit = await as(u.admin);
    const lt = await f.problem({ unit: u, status: 'long_term', leadDept: works(), cooperating: [office()] });
    const r = await unit.post<ProblemPage>(`/api/v1/problems/${lt.id}/stage-done`, { reason: '年度阶段任务完成' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.stageDone, true);
    assert.equal(r.body.status, 'long_term', 'stage-done is not closure');
    assert.ok(r.body.transitions.some((x) => x.action === 'stage_done'));
    const again = expectError(await unit.post(`/api/v1/problems/${lt.id}/stage-done`, { reason: '再次' }), 409);
    assert.match(again.message, /阶段性完成/);

    const dated = await f.problem({ unit: u, status: 'in_progress' });
    const no = await unit.post(`/api/v1/problems/${dated.id}/stage-done`, { reason: '不适用' });
    assert.ok([403, 409].includes(no.status), JSON.stringify(no.body));
    assert.equal((await page(unit, dated.id)).stageDone, false);
  });
});

describe('input checks', () => {
  test('an upload over the 20 MB limit: 413, nothing written', async () => {
    const p = await f.problem({ unit: u, status: 'in_progress', leadDept: works() });
    const before = await footprint(p.id);
    const big = Buffer.alloc(21 * 1024 * 1024, 0);
    PNG.copy(big); // a PNG signature, so only the size is wrong
    const r = await (
      await as(dept1())
    ).upload(`/api/v1/problems/${p.id}/progress`, { text: '超大文件' }, [{ name: 'big.png', bytes: big }]);
    assert.match(expectError(r, 413, 'payload_too_large').message, /大小/);
    assert.deepEqual(await footprint(p.id), before);
  });

  test('an executable, HTML or a file whose bytes do not match its extension: 415, nothing written', async () => {
    const d1 = await as(dept1());
    const p = await f.problem({ unit: u, status: 'in_progress', leadDept: works() });
    const before = await footprint(p.id);
    const mz = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(64)]);
    for (const [name, bytes] of [
      ['setup.exe', mz],
      ['photo.png', mz], // executable bytes under an image name
      ['photo.png', Buffer.from('just text, not a png')],
      ['report.pdf', PNG], // a PNG is not a PDF
      ['page.html', Buffer.from('<html><script>alert(1)</script></html>')],
      ['noextension', Buffer.from('text')],
    ] as const) {
      const r = await d1.upload(`/api/v1/problems/${p.id}/progress`, { text: '类型检查' }, [{ name, bytes }]);
      const e = expectError(r, 415, 'unsupported_media');
      assert.match(e.message, new RegExp(name.replace('.', '\\.')));
    }
    // one bad file among good ones refuses the whole entry
    const mixed = await d1.upload(`/api/v1/problems/${p.id}/progress`, { text: '混合' }, [
      { name: 'ok.png', bytes: PNG },
      { name: 'bad.exe', bytes: mz },
    ]);
    expectError(mixed, 415);
    assert.deepEqual(await footprint(p.id), before);
    // accepted kinds for the record: text and PDF
    const good = await d1.upload<ProblemPage>(`/api/v1/problems/${p.id}/progress`, { text: '文本与PDF' }, [
      { name: '说明.txt', bytes: Buffer.from('整改说明：已完成。') },
      { name: 'report.pdf', bytes: Buffer.from('%PDF-1.7\n%…') },
    ]);
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.deepEqual(
      good.body.progress[0].evidence.map((e) => e.mime),
      ['text/plain; charset=utf-8', 'application/pdf'],
    );
  });

  test('malformed JSON and missing fields: 400; a JSON body where multipart is needed: 415', async () => {
    const d1 = await as(dept1());
    const p = await f.problem({ unit: u, status: 'in_progress', leadDept: works() });
    const before = await footprint(p.id);
    const broken = await d1.request('POST', `/api/v1/problems/${p.id}/closure-request`, undefined, {
      raw: '{"reason": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.match(expectError(broken, 400, 'bad_request').message, /无法解析/);
    const json = await d1.post(`/api/v1/problems/${p.id}/progress`, { text: 'JSON 而非 multipart' });
    assert.match(expectError(json, 415, 'unsupported_media').message, /multipart/);
    const noText = expectError(await d1.upload(`/api/v1/problems/${p.id}/progress`, {}, [{ name: 'a.png', bytes: PNG }]), 400);
    assert.ok(noText.fields.includes('text'));
    assert.match(noText.message, /进展情况/);
    const figures = expectError(await d1.upload(`/api/v1/problems/${p.id}/progress`, { text: '指标', figures: '[1,2]' }), 400);
    assert.ok(figures.fields.includes('figures'));
    const review = expectError(
      await (await as(u.admin)).post(`/api/v1/problems/${p.id}/closure-review`, { decision: 'ok', reason: '' }),
      400,
    );
    assert.ok(review.fields.includes('decision'));
    assert.deepEqual(await footprint(p.id), before);
  });

  test('unknown ids: 404 on every id route', async () => {
    const unit = await as(u.admin);
    const N = 999999;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/problems/${N}`],
      ['PATCH', `/api/v1/problems/${N}`, { title: '无' }],
      ['POST', `/api/v1/problems/${N}/measures`, { text: '无' }],
      ['PATCH', `/api/v1/measures/${N}`, { status: 'done' }],
      ['GET', `/api/v1/evidence/${N}`],
      ['POST', `/api/v1/problems/${N}/closure-request`, { reason: '无' }],
      ['POST', `/api/v1/problems/${N}/closure-review`, { decision: 'approve', reason: '无' }],
      ['POST', `/api/v1/problems/${N}/extensions`, { deadline: '2027-01-01', reason: '无' }],
      ['POST', `/api/v1/extensions/${N}/decision`, { decision: 'approve', reason: '无' }],
      ['POST', `/api/v1/problems/${N}/stage-done`, { reason: '无' }],
      ['GET', `/api/v1/inspections/${N}`],
      ['GET', `/api/v1/units/${N}/departments`],
      ['GET', `/api/v1/units/${N}/leaders`],
      ['GET', `/api/v1/dashboard?inspectionId=${N}`],
    ];
    for (const [method, path, body] of routes) {
      const e = expectError(await unit.request(method, path, body), 404, 'not_found');
      assert.match(e.message, /不存在或无权访问/, `${method} ${path}`);
    }
    expectError(await unit.upload(`/api/v1/problems/${N}/progress`, { text: '无' }, [{ name: 'a.png', bytes: PNG }]), 404);
  });
});

describe('a refused request writes nothing', () => {
  test('progress with a valid file but a measure of another problem: 400; no entry, no evidence, no status change', async () => {
    const unit = await as(u.admin);
    const p = await f.problem({ unit: u, status: 'pending' }); // a first entry would start it
    const elsewhere = await f.problem({ unit: u, status: 'pending' });
    const before = await footprint(p.id);
    assert.equal(before.status, 'pending');
    const r = await unit.upload(`/api/v1/problems/${p.id}/progress`, { text: '挂错措施', measureId: String(elsewhere.measureIds[0]) }, [
      { name: '接待清单.png', bytes: PNG },
    ]);
    const e = expectError(r, 400);
    assert.ok(e.fields.includes('measureId'));
    assert.match(e.message, /措施不属于该问题|所选措施/);
    assert.deepEqual(await footprint(p.id), before, 'entry, evidence, transition, audit and status all unchanged');
    const after = await page(unit, p.id);
    assert.equal(after.progressCount, 0);
    assert.equal(after.evidenceCount, 0);
  });

  test('PATCH /problems with one valid and one foreign department: 400, the title unchanged', async () => {
    const unit = await as(u.admin);
    const p = await f.problem({ unit: u, status: 'in_progress', leadDept: works() });
    const before = await page(unit, p.id);
    const r = await unit.patch(`/api/v1/problems/${p.id}`, {
      title: '不应写入的标题',
      cooperatingDeptIds: [office().id, other.depts[0].id],
    });
    assert.match(expectError(r, 400).message, /不属于本单位/);
    const after = await page(unit, p.id);
    assert.equal(after.title, before.title);
    assert.deepEqual(after.cooperatingDepts, before.cooperatingDepts);
    assert.equal(after.updatedAt, before.updatedAt);
  });
});

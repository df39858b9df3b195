/**
 * Issue 7 points 1 and 2 through HTTP: a closed item stays closed (plan edits,
 * measures and progress answer 409 with the reason) until it is reopened by
 * 整改办 or 巡察办 with a reason, audited, back to 整改中; and every plan change
 * is a 计划变更 entry of the problem's history with its before and after.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, PNG, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import { problemDetailSchema, type ProblemDetail } from '../../src/domain/schemas/index.js';

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

const CJK = /[\u4e00-\u9fff]/;

async function page(id: number): Promise<ProblemDetail> {
  return expectOk(await (await f.login(u.admin)).get(`/api/v1/problems/${id}`), problemDetailSchema) as ProblemDetail;
}

/** Rows a refused request must not add. */
async function footprint(id: number) {
  const n = async (sql: string) => (await t.db.query<{ n: number }>(sql, [id])).rows[0].n;
  return {
    transitions: await n('SELECT count(*)::int AS n FROM transitions WHERE problem_id = $1'),
    measures: await n('SELECT count(*)::int AS n FROM measures WHERE problem_id = $1'),
    progress: await n('SELECT count(*)::int AS n FROM progress_entries WHERE problem_id = $1'),
    title: (await t.db.query<{ title: string; status: string }>('SELECT title, status FROM problems WHERE id = $1', [id])).rows[0],
  };
}

describe('authentication, roles and units', () => {
  test('reopen: 401 without a session, 403 for a handler and a leader, 404 for another unit', async () => {
    const p = await f.problem({ unit: u, status: 'closed' });
    const body = { reason: '复查发现问题反弹' };
    expectError(await t.anon().post(`/api/v1/problems/${p.id}/reopen`, body), 401);
    for (const who of [u.handlers[0], u.leader]) {
      const e = expectError(await (await f.login(who)).post(`/api/v1/problems/${p.id}/reopen`, body), 403, 'forbidden');
      assert.match(e.message, /^无权重新打开/);
    }
    const foreign = expectError(await (await f.login(other.admin)).post(`/api/v1/problems/${p.id}/reopen`, body), 404, 'not_found');
    assert.match(foreign.message, /不存在或无权访问/);
    // the office of another office's unit sees nothing either
    const office2 = await f.office();
    const u2 = await f.unit({ office: office2 });
    const p2 = await f.problem({ unit: u2, status: 'closed' });
    expectError(await (await f.login(u.office.admin)).post(`/api/v1/problems/${p2.id}/reopen`, body), 404);
    assert.equal((await footprint(p.id)).title.status, 'closed');
  });

  test('a reopen without a reason is 400 naming the field', async () => {
    const p = await f.problem({ unit: u, status: 'closed' });
    const e = expectError(await (await f.login(u.admin)).post(`/api/v1/problems/${p.id}/reopen`, { reason: '  ' }), 400);
    assert.ok(e.fields.includes('reason'));
  });
});

describe('a closed item stays closed', () => {
  test('plan edit, new measure, measure edit, measure status and progress: 409 with the reason, nothing written', async () => {
    const p = await f.problem({ unit: u, status: 'closed' });
    const admin = await f.login(u.admin);
    const handler = await f.login(u.handlers[0]);
    const before = await footprint(p.id);
    const m = p.measureIds[0];
    const refusals = [
      await admin.patch(`/api/v1/problems/${p.id}`, { title: '销号后改名' }),
      await admin.post(`/api/v1/problems/${p.id}/measures`, { text: '销号后新增措施' }),
      await admin.patch(`/api/v1/measures/${m}`, { text: '销号后改写措施' }),
      await handler.patch(`/api/v1/measures/${m}`, { status: 'in_progress' }),
      await handler.upload(`/api/v1/problems/${p.id}/progress`, { text: '销号后补报' }, [{ name: 'a.png', bytes: PNG }]),
    ];
    for (const r of refusals) {
      const e = expectError(r, 409, 'conflict');
      assert.match(e.message, /已销号/);
      assert.equal(e.reason, 'invalid_state');
    }
    assert.deepEqual(await footprint(p.id), before);
    const view = await page(p.id);
    assert.equal(view.abilities.edit, false);
    assert.equal(view.abilities.addMeasure, false);
    assert.equal(view.abilities.reopen, true);
    assert.ok(view.measures.every((x) => !x.abilities.edit && !x.abilities.setStatus));
  });

  test('reopened by 整改办 with a reason: back to 整改中, in the history and the audit trail; then editable again', async () => {
    const p = await f.problem({ unit: u, status: 'closed' });
    const admin = await f.login(u.admin);
    const r = expectOk(await admin.post(`/api/v1/problems/${p.id}/reopen`, { reason: '巡察回头看发现整改不到位' }), problemDetailSchema);
    assert.equal(r.status, 'in_progress');
    assert.equal(r.closureRequestedBy, null);
    const last = r.transitions.at(-1)!;
    assert.deepEqual(
      [last.action, last.fromStatus, last.toStatus, last.reason],
      ['reopen', 'closed', 'in_progress', '巡察回头看发现整改不到位'],
    );
    assert.equal(last.detail?.source, 'manual');
    assert.equal(last.actor.name, u.admin.displayName);
    const audit = await t.db.query<{ detail: { from: string; to: string; reason: string } }>(
      `SELECT detail FROM audit_log WHERE action = 'problem.reopen' AND object_id = $1`,
      [String(p.id)],
    );
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0].detail.reason, '巡察回头看发现整改不到位');
    // a second reopen is the wrong state
    const again = expectError(await admin.post(`/api/v1/problems/${p.id}/reopen`, { reason: '再次' }), 409);
    assert.match(again.message, /尚未销号/);
    // the plan may change again
    expectOk(await admin.patch(`/api/v1/problems/${p.id}`, { title: '重新整改后的标题' }), problemDetailSchema);
  });

  test('巡察办 may reopen an item of a unit under its office; a long-term item goes back to 长期坚持', async () => {
    const p = await f.problem({ unit: u, status: 'closed', kind: 'long_term', deadline: null });
    const r = expectOk(
      await (await f.login(u.office.admin)).post(`/api/v1/problems/${p.id}/reopen`, { reason: '回头看：长效机制未坚持' }),
      problemDetailSchema,
    );
    assert.equal(r.status, 'long_term');
    assert.equal(r.transitions.at(-1)!.actor.name, u.office.admin.displayName);
  });

  test('two reopens at once: exactly one wins', async () => {
    const p = await f.problem({ unit: u, status: 'closed' });
    const [a, b] = [await f.login(u.admin), await f.login(u.office.admin)];
    const rs = await Promise.all([
      a.post(`/api/v1/problems/${p.id}/reopen`, { reason: '甲' }),
      b.post(`/api/v1/problems/${p.id}/reopen`, { reason: '乙' }),
    ]);
    assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409]);
    const n = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM transitions WHERE problem_id = $1 AND action = 'reopen'`, [
      p.id,
    ]);
    assert.equal(n.rows[0].n, 1);
  });

  test('the use case takes a source tag for the look-back of a round', async () => {
    const { reopenProblem } = await import('../../src/server/modules/workflow/service.js');
    const p = await f.problem({ unit: u, status: 'closed' });
    // the look-back runs as 巡察办, inside the server: an actor as the session would resolve it
    const actor = {
      id: u.office.admin.id,
      username: u.office.admin.username,
      displayName: u.office.admin.displayName,
      grants: [],
      readUnitIds: [u.id],
      adminUnitIds: [],
      leaderUnitIds: [],
      deptIds: [],
      officeIds: [u.office.id],
      officeUnitIds: [u.id],
      sessionId: '',
      csrfToken: '',
      ip: null,
    };
    const ctx = { db: t.db, clock: t.clock, config: t.config, log: t.app.log };
    const r = await reopenProblem(ctx, { actor, problemId: p.id, reason: '回头看：整改成效不巩固', source: 'lookback' });
    assert.equal(r.status, 'in_progress');
    assert.equal((r.transitions.at(-1)!.detail as { source?: string } | null)?.source, 'lookback');
  });
});

describe('every plan change is history (计划变更)', () => {
  test('title, description, kind, leader, departments: one entry with each before and after, by name', async () => {
    const p = await f.problem({ unit: u, status: 'in_progress', title: '原标题', description: '原描述', leadDept: u.depts[0] });
    const admin = await f.login(u.admin);
    const r = expectOk(
      await admin.patch(`/api/v1/problems/${p.id}`, {
        title: '新标题',
        description: '新描述',
        rectifyKind: 'immediate',
        leaderId: null,
        leadDeptId: u.depts[1].id,
        cooperatingDeptIds: [u.depts[2].id],
      }),
      problemDetailSchema,
    );
    const entry = r.transitions.filter((x) => x.action === 'plan_change').at(-1)!;
    assert.match(entry.reason ?? '', /^修改了/);
    assert.equal(entry.actor.name, u.admin.displayName);
    const by = Object.fromEntries((entry.detail?.changes ?? []).map((c) => [c.field, [c.before, c.after]]));
    assert.deepEqual(by, {
      title: ['原标题', '新标题'],
      description: ['原描述', '新描述'],
      rectifyKind: ['限期整改', '立行立改'],
      leader: [u.leader.displayName, null],
      leadDept: [u.depts[0].name, u.depts[1].name],
      cooperatingDepts: [null, u.depts[2].name],
    });
    // an edit that changes nothing writes nothing
    const n = r.transitions.length;
    const same = expectOk(await admin.patch(`/api/v1/problems/${p.id}`, { title: '新标题' }), problemDetailSchema);
    assert.equal(same.transitions.length, n);
  });

  test('measures: added, rewritten, re-dated, owner changed, status ticked — each a 计划变更 naming the measure', async () => {
    const p = await f.problem({ unit: u, status: 'in_progress', measures: 0, deadline: f.day(60) });
    const admin = await f.login(u.admin);
    const added = expectOk(await admin.post(`/api/v1/problems/${p.id}/measures`, { text: '建立台账' }), problemDetailSchema);
    const mid = added.measures[0].id;
    const a = added.transitions.at(-1)!;
    assert.equal(a.action, 'plan_change');
    assert.deepEqual(a.detail?.changes, [
      { field: 'measureAdded', before: null, after: '建立台账', measure: { id: mid, name: '建立台账' } },
    ]);
    const edited = expectOk(
      await admin.patch(`/api/v1/measures/${mid}`, { text: '建立并公开台账', ownerDeptId: u.depts[1].id, deadline: f.day(30) }),
      problemDetailSchema,
    );
    assert.deepEqual(edited.transitions.at(-1)!.detail?.changes, [
      { field: 'measureText', before: '建立台账', after: '建立并公开台账', measure: { id: mid, name: '建立并公开台账' } },
      { field: 'measureOwner', before: null, after: u.depts[1].name, measure: { id: mid, name: '建立并公开台账' } },
      { field: 'measureDeadline', before: null, after: f.day(30), measure: { id: mid, name: '建立并公开台账' } },
    ]);
    const ticked = expectOk(
      await (await f.login(u.handlers[0])).patch(`/api/v1/measures/${mid}`, { status: 'not_applicable', statusReason: '职能已划转' }),
      problemDetailSchema,
    );
    const c = ticked.transitions.at(-1)!.detail!.changes![0];
    assert.deepEqual([c.field, c.before, c.after], ['measureStatus', '未开始', '不适用（职能已划转）']);
    assert.equal(ticked.measures[0].statusReason, '职能已划转');
    // every entry is Chinese for people
    for (const tr of ticked.transitions.filter((x) => x.action === 'plan_change')) assert.match(tr.reason ?? '', CJK);
  });
});

/**
 * Supervision orders (督办单, issue 9 point 5) through HTTP: issued by the unit's
 * 整改办 or the office's 巡察办 with an official number, replied to with text and
 * evidence, accepted or returned; a missed reply deadline escalates the level and
 * turns the problems' light; printed as a 督办通知单 .docx; every step a history
 * row and an audit row. Also key problems taken in hand by a leader (point 7)
 * and the formalism warning on what is written (point 8).
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import mammoth from 'mammoth';
import { startTestApp, expectError, expectOk, PNG, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import { formalismCheckSchema, keyProblemsSchema, orderSchema, ordersPageSchema } from '../../src/domain/schemas/supervision.js';
import { runTick } from '../../src/server/jobs/tick.js';
import { beijingDate } from '../../src/server/lib/clock.js';

let t: TestApp;
let f: Factories;
let u: Unit;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const ctx = () => ({ db: t.db, clock: t.clock, config: t.config, log: silent });
const DAY = 86_400_000;

before(async () => {
  t = await startTestApp({ MFA_REQUIRED_ROLES: 'none' } as never, { demo: false });
  f = factories(t);
  u = await f.unit();
});
after(async () => {
  await t?.close();
});

async function light(c: Client, id: number): Promise<string> {
  const r = await c.get<{ light: string }>(`/api/v1/problems/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.light;
}
async function count(sql: string, params: unknown[] = []) {
  return (await t.db.query<{ n: number }>(sql, params)).rows[0].n;
}
const reply = (c: Client, id: number, text: string, withFile = true) =>
  c.upload(`/api/v1/orders/${id}/reply`, { text }, withFile ? [{ name: '整改台账.png', bytes: PNG, type: 'image/png' }] : []);

describe('issuing', () => {
  test('401, 403 for a handler, 404 for another unit, 400 naming the field', async () => {
    const p = await f.problem({ unit: u });
    const body = { problemIds: [p.id], deptId: u.depts[0].id, level: 'general', demands: '请于限期内整改到位。', replyDue: f.day(10) };
    expectError(await t.anon().post(`/api/v1/units/${u.id}/orders`, body), 401);
    expectError(await (await f.login(u.handlers[0])).post(`/api/v1/units/${u.id}/orders`, body), 403);
    const other = await f.unit({ office: await f.office() });
    expectError(await (await f.login(other.admin)).post(`/api/v1/units/${u.id}/orders`, body), 404);
    const admin = await f.login(u.admin);
    let e = expectError(
      await admin.post(`/api/v1/units/${u.id}/orders`, { ...body, replyDue: '2026-02-30', problemIds: [], level: 'urgent' }),
      400,
    );
    for (const field of ['replyDue', 'problemIds', 'level']) assert.ok(e.fields.includes(field), `${field} in ${e.fields}`);
    e = expectError(await admin.post(`/api/v1/units/${u.id}/orders`, { ...body, deptId: other.depts[0].id }), 400);
    assert.deepEqual(e.fields, ['deptId']);
    e = expectError(
      await admin.post(`/api/v1/units/${u.id}/orders`, { ...body, problemIds: [(await f.problem({ unit: other })).id] }),
      400,
    );
    assert.deepEqual(e.fields, ['problemIds']);
    expectError(await admin.post(`/api/v1/units/${u.id}/orders`, { ...body, replyDue: f.day(-1) }), 409);
    assert.equal(await count('SELECT count(*)::int AS n FROM supervision_orders'), 0, 'nothing written by a refused request');
  });

  test('numbered per issuer and year; the 巡察办 issues as the office', async () => {
    const p = await f.problem({ unit: u });
    const body = { problemIds: [p.id], deptId: u.depts[0].id, level: 'general', demands: '请抓紧整改。', replyDue: f.day(10) };
    const admin = await f.login(u.admin);
    const a = expectOk(await admin.post(`/api/v1/units/${u.id}/orders`, body), orderSchema);
    const b = expectOk(await admin.post(`/api/v1/units/${u.id}/orders`, body), orderSchema);
    const year = beijingDate(t.clock.now()).slice(0, 4);
    assert.equal(a.number, `〔${year}〕第1号`);
    assert.equal(b.number, `〔${year}〕第2号`);
    assert.equal(a.issuer.id, u.id);
    const o = expectOk(
      await (await f.login(u.office.admin)).post(`/api/v1/units/${u.id}/orders`, { ...body, level: 'listed' }),
      orderSchema,
    );
    assert.equal(o.number, `〔${year}〕第1号`);
    assert.equal(o.issuer.id, u.office.id);
    assert.equal(o.levelZh, '挂牌督办');
  });
});

describe('the whole course', () => {
  test('issue → yellow and the department told → reply with evidence → return → reply → accept; history and audit', async () => {
    const unit = await f.unit();
    const p = await f.problem({ unit, due: 60, leadDept: unit.depts[1], status: 'in_progress' });
    const admin = await f.login(unit.admin);
    const handler = await f.login(unit.handlers[1]);
    assert.equal(await light(admin, p.id), 'green');
    const issued = expectOk(
      await admin.post(`/api/v1/units/${unit.id}/orders`, {
        problemIds: [p.id],
        deptId: unit.depts[1].id,
        leaderId: unit.leader.id,
        level: 'key',
        demands: '一、立即核查。\n二、建立长效机制。',
        replyDue: f.day(5),
      }),
      orderSchema,
    );
    assert.equal(issued.status, 'issued');
    assert.deepEqual(issued.abilities, { reply: false, review: false });
    assert.equal(await light(admin, p.id), 'yellow', 'yellow while an order waits for a reply');
    // the department and the leader find it in their inbox, with the link
    for (const who of [unit.handlers[1], unit.leader]) {
      const n = (
        await t.db.query<{ kind: string; link: string }>(
          `SELECT kind, link FROM notifications WHERE user_id = $1 AND subject_type = 'order'`,
          [who.id],
        )
      ).rows;
      assert.deepEqual(n, [{ kind: 'order_issued', link: `/supervision/orders/${issued.id}` }]);
    }
    // the list: the handler sees it (addressed department), another unit's admin does not
    assert.deepEqual(
      expectOk(await handler.get('/api/v1/orders'), ordersPageSchema).items.map((i) => i.id),
      [issued.id],
    );
    expectError(await (await f.login((await f.unit()).admin)).get(`/api/v1/orders/${issued.id}`), 404);
    const seen = expectOk(await handler.get(`/api/v1/orders/${issued.id}`), orderSchema);
    assert.deepEqual(seen.abilities, { reply: true, review: false });

    // another department's handler may not reply
    expectError(await reply(await f.login(unit.handlers[0]), issued.id, '已整改。'), 404);
    // a reply that is only meetings: stored with its formalism warning
    const r1 = expectOk(await reply(handler, issued.id, '召开专题会议，组织全体干部认真学习传达。'), orderSchema);
    assert.equal(r1.status, 'replied');
    assert.match(r1.replies[0].formalism[0].message, /只有学习、会议/);
    assert.equal(r1.replies[0].evidence.length, 1);
    assert.equal(await light(admin, p.id), 'green', 'answered: no longer yellow');
    expectError(await reply(handler, issued.id, '补充说明。'), 409);
    // the issuer returns it with a new deadline; the handler may not review
    expectError(await handler.post(`/api/v1/orders/${issued.id}/review`, { decision: 'accept', reason: '好' }), 403);
    const back = expectOk(
      await admin.post(`/api/v1/orders/${issued.id}/review`, {
        decision: 'return',
        reason: '未写明整改成效，请补充。',
        replyDue: f.day(8),
      }),
      orderSchema,
    );
    assert.equal(back.status, 'returned');
    assert.equal(back.replyDue, f.day(8));
    assert.equal(await light(admin, p.id), 'yellow');
    expectOk(await reply(handler, issued.id, '已修订《供水管网巡查制度》，完成 12 公里管网排查，更换老旧管道 3.2 公里。'), orderSchema);
    const done = expectOk(
      await admin.post(`/api/v1/orders/${issued.id}/review`, { decision: 'accept', reason: '整改到位，同意办结。' }),
      orderSchema,
    );
    assert.equal(done.status, 'accepted');
    assert.equal(done.replies[1].formalism.length, 0);
    assert.deepEqual(
      done.history.map((h) => h.action),
      ['issue', 'reply', 'return', 'reply', 'accept'],
    );
    expectError(await admin.post(`/api/v1/orders/${issued.id}/review`, { decision: 'accept', reason: '再次' }), 409);
    const audit = (
      await t.db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE object_type = 'supervision_order' AND object_id = $1 ORDER BY id`,
        [String(issued.id)],
      )
    ).rows;
    assert.deepEqual(
      audit.map((a) => a.action),
      ['order.issue', 'order.reply', 'order.return', 'order.reply', 'order.accept'],
    );
    assert.equal(await light(admin, p.id), 'green');

    // the 督办通知单
    const docx = await admin.get(`/api/v1/orders/${issued.id}/docx`);
    assert.equal(docx.status, 200);
    const text = (await mammoth.extractRawText({ buffer: docx.body as Buffer })).value;
    for (const s of ['督办通知单', issued.number, '重点督办', unit.depts[1].name, '立即核查', p.title])
      assert.ok(text.includes(s), `${s} in the .docx`);
  });

  test('a missed reply deadline escalates once (一般 → 重点), turns the light red and tells the issuer', async () => {
    const unit = await f.unit();
    const p = await f.problem({ unit, due: 60, leadDept: unit.depts[0] });
    const admin = await f.login(unit.admin);
    const o = expectOk(
      await admin.post(`/api/v1/units/${unit.id}/orders`, {
        problemIds: [p.id],
        deptId: unit.depts[0].id,
        level: 'general',
        demands: '请于两日内回复。',
        replyDue: f.day(2),
      }),
      orderSchema,
    );
    t.clock.advance(DAY);
    await runTick(ctx());
    // a reminder before the deadline (2 days by default)
    assert.equal(
      await count(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'order_due' AND subject_id = $1 AND user_id = $2`, [
        o.id,
        unit.handlers[0].id,
      ]),
      1,
    );
    t.clock.advance(2 * DAY);
    const r = await runTick(ctx());
    assert.equal(r.evaluation.escalations, 1);
    const after = expectOk(await (await f.login(unit.admin)).get(`/api/v1/orders/${o.id}`), orderSchema);
    assert.equal(after.level, 'key');
    assert.equal(after.overdue, true);
    assert.equal(after.history.at(-1)!.action, 'escalate');
    assert.equal(await light(await f.login(unit.admin), p.id), 'red');
    assert.equal(
      await count(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'order_overdue' AND subject_id = $1 AND user_id = $2`, [
        o.id,
        unit.admin.id,
      ]),
      1,
    );
    assert.equal(
      await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'order.escalate' AND object_id = $1`, [String(o.id)]),
      1,
    );
    // the next day: no second escalation for the same deadline
    t.clock.advance(DAY);
    assert.equal((await runTick(ctx())).evaluation.escalations, 0);
    assert.equal(expectOk(await (await f.login(unit.admin)).get(`/api/v1/orders/${o.id}`), orderSchema).level, 'key');
  });
});

describe('key problems and formalism', () => {
  test('a leader takes a key problem in hand: its own list, and its escalation reaches that leader', async () => {
    const unit = await f.unit();
    const p = await f.problem({ unit, due: -8, status: 'in_progress', leadDept: unit.depts[2] });
    const admin = await f.login(unit.admin);
    expectError(
      await (await f.login(unit.handlers[2])).post(`/api/v1/problems/${p.id}/key`, { isKey: true, leaderId: unit.leader.id }),
      403,
    );
    const e = expectError(await admin.post(`/api/v1/problems/${p.id}/key`, { isKey: true }), 400);
    assert.deepEqual(e.fields, ['leaderId']);
    expectError(await admin.post(`/api/v1/problems/${p.id}/key`, { isKey: true, leaderId: unit.handlers[0].id }), 400);
    const list = expectOk(await admin.post(`/api/v1/problems/${p.id}/key`, { isKey: true, leaderId: unit.leader.id }), keyProblemsSchema);
    assert.deepEqual(
      list.items.map((i) => [i.id, i.keyLeader?.id]),
      [[p.id, unit.leader.id]],
    );
    const row = (await admin.get<{ supervision: { isKey: boolean; keyLeader: { id: number } | null } }>(`/api/v1/problems/${p.id}`)).body;
    assert.equal(row.supervision.isKey, true);
    assert.equal(row.supervision.keyLeader?.id, unit.leader.id);
    t.clock.advance(DAY);
    await runTick(ctx());
    const kinds = (
      await t.db.query<{ kind: string }>(
        `SELECT kind FROM notifications WHERE user_id = $1 AND subject_type = 'problem' AND subject_id = $2 ORDER BY kind`,
        [unit.leader.id, p.id],
      )
    ).rows;
    assert.deepEqual(
      kinds.map((k) => k.kind),
      ['escalate', 'red'],
    );
  });

  test('the formalism rule while writing: warns on meetings only, stays quiet on substance; stored with progress', async () => {
    const c = await f.login(u.handlers[0]);
    expectError(await t.anon().post('/api/v1/formalism-check', { text: 'x' }), 401);
    const w = expectOk(await c.post('/api/v1/formalism-check', { text: '组织召开专题会议，认真学习传达上级精神。' }), formalismCheckSchema);
    assert.match(w.warnings[0].message, /只有学习、会议/);
    assert.deepEqual(
      expectOk(await c.post('/api/v1/formalism-check', { text: '清退违规资金 12 万元，修订《报销管理办法》。' }), formalismCheckSchema)
        .warnings,
      [],
    );
    expectError(await c.post('/api/v1/formalism-check', { text: 'a\u0000b' }), 400);
    const p = await f.problem({ unit: u });
    await f.progress({ problem: p, by: u.handlers[0], text: '下一步将进一步加强管理。' });
    const stored = (
      await t.db.query<{ formalism: { message: string }[] | null }>('SELECT formalism FROM progress_entries WHERE problem_id = $1', [p.id])
    ).rows[0];
    assert.match(stored.formalism![0].message, /只写了打算/);
  });
});

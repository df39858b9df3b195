/**
 * The scheduler and the reminders (issue 9 points 1–3): the office's light rules
 * (versioned, edited by its 巡察办), the daily evaluation on a date — who is
 * reminded of what — and that it happens once: a second tick for the same date
 * sends nothing, a run that crashes half-way and is taken over tells nobody twice,
 * two runners at once (two app servers on one database) run the date once.
 * Everything moves by the manual clock; nothing sleeps.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, engine, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import { lightRulesSchema, notificationsPageSchema, unreadCountSchema as z_unread } from '../../src/domain/schemas/supervision.js';
import { runTick } from '../../src/server/jobs/tick.js';
import { evaluateDay } from '../../src/server/jobs/evaluate.js';
import { beijingDate } from '../../src/server/lib/clock.js';
import { openPostgres } from '../../src/server/db/postgres.js';
import type { Db } from '../../src/server/db/index.js';

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

async function inbox(userId: number) {
  return (
    await t.db.query<{ kind: string; subject_id: number; state_key: string; title: string }>(
      `SELECT kind, subject_id, state_key, title FROM notifications WHERE user_id = $1 AND subject_type = 'problem' ORDER BY id`,
      [userId],
    )
  ).rows;
}
async function count(sql: string, params: unknown[] = []) {
  return (await t.db.query<{ n: number }>(sql, params)).rows[0].n;
}

describe('light rules of an office', () => {
  test('401 without a session; a unit admin reads but may not edit (403); another office is absent (404)', async () => {
    expectError(await t.anon().get(`/api/v1/offices/${u.office.id}/light-rules`), 401);
    const admin = await f.login(u.admin);
    expectOk(await admin.get(`/api/v1/offices/${u.office.id}/light-rules`), lightRulesSchema);
    const body = {
      yellowDays: 7,
      stalledDays: 20,
      orderYellow: true,
      orderOverdueRed: true,
      remindYellow: true,
      remindRed: true,
      escalateRedDays: 5,
      remindStalled: true,
      orderRemindDays: 2,
    };
    expectError(await admin.put(`/api/v1/offices/${u.office.id}/light-rules`, body), 403, 'forbidden');
    const stranger = await f.unit({ office: await f.office() });
    expectError(await (await f.login(stranger.admin)).get(`/api/v1/offices/${u.office.id}/light-rules`), 404);
  });

  test('bad input answers 400 naming the field', async () => {
    const c = await f.login(u.office.admin);
    const r = expectError(
      await c.put(`/api/v1/offices/${u.office.id}/light-rules`, { yellowDays: 200, stalledDays: 0, orderYellow: 'yes' }),
      400,
    );
    for (const field of ['yellowDays', 'stalledDays', 'orderYellow', 'remindRed'])
      assert.ok(r.fields.includes(field), `${field} in ${r.fields}`);
  });

  test("the 巡察办 saves versions: who, when, a note; the ledger's lights follow the current one", async () => {
    const c = await f.login(u.office.admin);
    const p = await f.problem({ unit: u, due: 8 }); // yellow under the default 10-day window
    const ledgerLight = async () =>
      (await c.get<{ items: { id: number; light: string }[] }>(`/api/v1/ledger?pageSize=200`)).body.items.find((i) => i.id === p.id)?.light;
    assert.equal(ledgerLight && (await ledgerLight()), 'yellow');
    const body = {
      yellowDays: 5,
      stalledDays: 20,
      orderYellow: true,
      orderOverdueRed: true,
      remindYellow: true,
      remindRed: true,
      escalateRedDays: 5,
      remindStalled: true,
      orderRemindDays: 2,
      note: '窗口缩短为5天',
    };
    const saved = expectOk(await c.put(`/api/v1/offices/${u.office.id}/light-rules`, body), lightRulesSchema);
    assert.equal(saved.current.yellowDays, 5);
    const again = expectOk(
      await c.put(`/api/v1/offices/${u.office.id}/light-rules`, { ...body, yellowDays: 6, note: '改为6天' }),
      lightRulesSchema,
    );
    assert.deepEqual(
      again.versions.map((v) => [v.version, v.yellowDays, v.note]),
      [
        [2, 6, '改为6天'],
        [1, 5, '窗口缩短为5天'],
      ],
    );
    assert.equal(again.versions[0].by.id, u.office.admin.id);
    assert.equal(await ledgerLight(), 'green');
    // the SQL filter agrees with the row's light
    const greens = (await c.get<{ items: { id: number }[] }>(`/api/v1/ledger?light=green&pageSize=200`)).body.items.map((i) => i.id);
    assert.ok(greens.includes(p.id));
    assert.equal(
      await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'lightrules.save' AND object_id = $1`, [String(u.office.id)]),
      2,
    );
    // back to the defaults' numbers for the tests below
    expectOk(
      await c.put(`/api/v1/offices/${u.office.id}/light-rules`, {
        ...body,
        yellowDays: 10,
        stalledDays: 30,
        escalateRedDays: 7,
        note: '恢复默认',
      }),
      lightRulesSchema,
    );
  });
});

describe('daily evaluation', () => {
  test('yellow → handlers; red → department and leader; red 7 days → 整改办 and 巡察办; stalled → handlers; once per state', async () => {
    const unit = await f.unit();
    const [h0, h1] = unit.handlers;
    const yellow = await f.problem({ unit, due: 5, leadDept: unit.depts[0] });
    const red = await f.problem({ unit, due: -2, leadDept: unit.depts[1], status: 'in_progress' });
    const longRed = await f.problem({ unit, due: -9, leadDept: unit.depts[1], status: 'in_progress' });
    const green = await f.problem({ unit, due: 100, leadDept: unit.depts[0] });
    const unplanned = await f.problem({ unit, due: -5, leadDept: null });
    const today = beijingDate(t.clock.now());
    const r1 = await runTick(ctx(), { date: today });
    assert.equal(r1.evaluation.ran, true);

    const kinds = (rows: { kind: string; subject_id: number }[], id: number) =>
      rows
        .filter((x) => x.subject_id === id)
        .map((x) => x.kind)
        .sort();
    assert.deepEqual(kinds(await inbox(h0.id), yellow.id), ['yellow']);
    assert.deepEqual(kinds(await inbox(h1.id), red.id), ['red']);
    assert.deepEqual(kinds(await inbox(unit.leader.id), red.id), ['red']);
    assert.deepEqual(kinds(await inbox(h1.id), longRed.id), ['red']);
    assert.deepEqual(kinds(await inbox(unit.admin.id), longRed.id), ['escalate']);
    assert.deepEqual(kinds(await inbox(unit.office.admin.id), longRed.id), ['escalate']);
    assert.deepEqual(kinds(await inbox(unit.admin.id), red.id), [], '2 days red is not escalated yet');
    for (const who of [h0, h1, unit.admin, unit.leader]) {
      assert.deepEqual(kinds(await inbox(who.id), green.id), []);
      assert.deepEqual(kinds(await inbox(who.id), unplanned.id), [], 'an unplanned item has nobody to remind');
    }
    // the red reminder names the deadline it is red against
    assert.equal((await inbox(h1.id)).find((x) => x.subject_id === red.id)!.state_key, red.deadline);

    // a second tick the same day tells nobody anything
    const before = await count('SELECT count(*)::int AS n FROM notifications');
    const r2 = await runTick(ctx(), { date: today });
    assert.equal(r2.evaluation.ran, false);
    assert.equal(r2.evaluation.notifications, 0);
    assert.equal(await count('SELECT count(*)::int AS n FROM notifications'), before);

    // the next day: the same states are not told again (yellow, red, escalated stay as they were)
    t.clock.advance(DAY);
    const r3 = await runTick(ctx());
    assert.equal(r3.evaluation.ran, true);
    const again = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE subject_id = ANY($1::int[]) AND created_at > $2`,
      [[yellow.id, red.id, longRed.id], t.clock.now().getTime() - DAY / 2 > 0 ? new Date(t.clock.now().getTime() - DAY / 2) : new Date(0)],
    );
    assert.equal(again.rows[0].n, 0, 'nobody receives the same reminder twice for the same state');

    // 31 days on, nobody reported: the green one is stalled (its handlers are told), red ones too
    t.clock.advance(31 * DAY);
    await runTick(ctx());
    assert.deepEqual(kinds(await inbox(h0.id), green.id), ['stalled']);
    // a progress entry is a new state: stalled again 30 days later is a new reminder
    await f.progress({ problem: green, by: h0 });
    t.clock.advance(30 * DAY);
    await runTick(ctx());
    assert.deepEqual(kinds(await inbox(h0.id), green.id).filter((k) => k === 'stalled').length, 2);
  });

  test('GET /notifications: own inbox only, paged, mark read; the deep link opens the problem', async () => {
    const unit = await f.unit();
    const p = await f.problem({ unit, due: -1 });
    await runTick(ctx(), { date: beijingDate(t.clock.now()), owner: 'inbox-test' }).catch(() => undefined);
    // a fresh date so this unit's items are evaluated
    t.clock.advance(DAY);
    await runTick(ctx());
    const c = await f.login(unit.handlers[0]);
    expectError(await t.anon().get('/api/v1/notifications'), 401);
    const page = expectOk(await c.get('/api/v1/notifications?pageSize=1'), notificationsPageSchema);
    assert.ok(page.total >= 1);
    assert.equal(page.items.length, 1);
    const mine = expectOk(await c.get('/api/v1/notifications?pageSize=50'), notificationsPageSchema);
    const n = mine.items.find((i) => i.link === `/problems/${p.id}`);
    assert.ok(n, 'the red reminder links to the problem');
    assert.equal(n.kind, 'red');
    assert.match(n.title, /超期提醒/);
    const unread = mine.unread;
    // someone else's id changes nothing
    const other = await f.login(unit.handlers[1]);
    expectOk(await other.post('/api/v1/notifications/read', { ids: [n.id] }), z_unread);
    assert.equal(expectOk(await c.get('/api/v1/notifications/unread-count'), z_unread).unread, unread);
    expectOk(await c.post('/api/v1/notifications/read', { ids: [n.id] }), z_unread);
    assert.equal(expectOk(await c.get('/api/v1/notifications/unread-count'), z_unread).unread, unread - 1);
    expectError(await c.post('/api/v1/notifications/read', {}), 400);
    expectOk(await c.post('/api/v1/notifications/read', { all: true }), z_unread);
    assert.equal(expectOk(await c.get('/api/v1/notifications?unread=true'), notificationsPageSchema).total, 0);
  });
});

describe('exactly once per period', () => {
  test('a run that crashes half-way is taken over after its lease and tells nobody twice', async () => {
    const unit = await f.unit();
    for (let i = 0; i < 7; i++) await f.problem({ unit, due: -1 - i });
    t.clock.advance(DAY);
    const date = beijingDate(t.clock.now());
    // reference: how many a clean run of this date makes, on a copy of the question (count the candidates' audiences)
    await assert.rejects(evaluateDay(ctx(), { date, owner: 'crashing', batch: 2, crashAfterBatches: 2 }), /simulated crash/);
    const cursor = (
      await t.db.query<{ cursor: { after: number } | null; status: string }>(
        `SELECT cursor, status FROM scheduler_runs WHERE job = 'evaluate' AND period = $1`,
        [date],
      )
    ).rows[0];
    assert.equal(cursor.status, 'running');
    assert.ok((cursor.cursor?.after ?? 0) > 0, 'the committed batches stay, with the cursor');
    // within the lease nobody else runs it
    const blocked = await evaluateDay(ctx(), { date, owner: 'second' });
    assert.equal(blocked.ran, false);
    t.clock.advance(11 * 60_000);
    const resumed = await evaluateDay(ctx(), { date, owner: 'second', batch: 2 });
    assert.equal(resumed.ran, true);
    const rows = (
      await t.db.query<{ user_id: number; subject_id: number; kind: string; n: number }>(
        `SELECT user_id, subject_id, kind, count(*)::int AS n FROM notifications WHERE unit_id = $1 GROUP BY 1, 2, 3`,
        [unit.id],
      )
    ).rows;
    assert.ok(
      rows.every((r) => r.n === 1),
      'no duplicate',
    );
    // every overdue item reached its department and the leader: 7 × (handler + leader)
    assert.equal(rows.filter((r) => r.kind === 'red').length, 14);
    const run = (
      await t.db.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM scheduler_runs WHERE job = 'evaluate' AND period = $1`,
        [date],
      )
    ).rows[0];
    assert.deepEqual(run, { status: 'done', attempts: 2 });
    // and a tick afterwards does nothing
    assert.equal((await runTick(ctx(), { date })).evaluation.ran, false);
  });

  test('two runners at once: one evaluates the date, the other does nothing', async () => {
    const unit = await f.unit();
    for (let i = 0; i < 4; i++) await f.problem({ unit, due: -2 });
    t.clock.advance(DAY);
    const date = beijingDate(t.clock.now());
    let second: Db = t.db;
    if (engine === 'postgres') {
      // a second app server: its own pool on the same database
      const name = (await t.db.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
      second = await openPostgres(process.env.ZG_TEST_PG_URL!.replace(/\/[^/]*$/, `/${name}`));
    }
    const [a, b] = await Promise.all([
      evaluateDay(ctx(), { date, owner: 'server-a', batch: 1 }),
      evaluateDay({ ...ctx(), db: second }, { date, owner: 'server-b', batch: 1 }),
    ]);
    if (second !== t.db) await second.close();
    assert.equal([a.ran, b.ran].filter(Boolean).length, 1);
    const dup = await count(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM notifications WHERE unit_id = $1 GROUP BY user_id, kind, subject_id,
            state_key HAVING count(*) > 1) x`,
      [unit.id],
    );
    assert.equal(dup, 0);
    assert.equal(await count(`SELECT count(*)::int AS n FROM notifications WHERE unit_id = $1 AND kind = 'red'`, [unit.id]), 8);
  });
});

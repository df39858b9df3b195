/**
 * Weekly urging and monthly dispatch (issue 9 point 6): the digest lists exactly
 * what the ledger says — each list compared with a direct SQL query written here
 * independently of the app's — key problems first; sent once per period on the
 * unit's weekday / day of month (inbox and channels); the monthly one as a .docx
 * with the table by department and a server-rendered chart.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { startTestApp, expectError, expectOk, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import { digestSchema, channelsSchema } from '../../src/domain/schemas/supervision.js';
import { runTick } from '../../src/server/jobs/tick.js';
import { beijingDate } from '../../src/server/lib/clock.js';

let t: TestApp;
let f: Factories;
let u: Unit;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const ctx = () => ({ db: t.db, clock: t.clock, config: t.config, log: silent });
const DAY = 86_400_000;
const ids = (xs: { id: number }[]) => xs.map((x) => x.id).sort((a, b) => a - b);

before(async () => {
  t = await startTestApp({ MFA_REQUIRED_ROLES: 'none' } as never, { demo: false });
  f = factories(t);
  u = await f.unit();
  // old work first, then 35 days pass: the items made now are quiet since then (stalled unless they report)
  await f.problem({ unit: u, due: 120, leadDept: u.depts[0], title: '长期无进展问题' });
  await f.problem({ unit: u, kind: 'long_term', status: 'long_term', leadDept: u.depts[1], title: '长期坚持但停滞' });
  t.clock.advance(35 * DAY);
  const soon = await f.problem({ unit: u, due: 3, leadDept: u.depts[0], status: 'in_progress', title: '临期问题' });
  await f.problem({ unit: u, due: 7, leadDept: u.depts[1], title: '七日内到期' });
  await f.problem({ unit: u, due: 8, leadDept: u.depts[1], title: '八日后到期' });
  await f.problem({ unit: u, due: -4, leadDept: u.depts[2], status: 'in_progress', title: '超期问题' });
  await f.problem({ unit: u, due: 20, leadDept: u.depts[0], status: 'closure_requested', title: '待销号问题' });
  await f.problem({ unit: u, due: 20, leadDept: u.depts[2], status: 'in_progress', extension: 'pending', title: '待审延期' });
  await f.problem({ unit: u, due: -10, leadDept: u.depts[1], status: 'closed', title: '已销号问题' });
  const key = await f.problem({ unit: u, due: 30, leadDept: u.depts[2], status: 'in_progress', title: '重点难点问题' });
  const admin = await f.login(u.admin);
  expectOk(await admin.post(`/api/v1/problems/${key.id}/key`, { isKey: true, leaderId: u.leader.id }), z.any());
  expectOk(
    await admin.post(`/api/v1/units/${u.id}/orders`, {
      problemIds: [soon.id],
      deptId: u.depts[0].id,
      level: 'general',
      demands: '加快推进。',
      replyDue: f.day(2),
    }),
    z.any(),
  );
  await f.progress({ problem: soon, by: u.handlers[0], text: '召开专题会议，认真学习传达。' });
});
after(async () => {
  await t?.close();
});

import { z } from 'zod';

async function sqlIds(sql: string, today: string): Promise<number[]> {
  return (await t.db.query<{ id: number }>(sql, [u.id, today])).rows.map((r) => r.id).sort((a, b) => a - b);
}

describe('the digest is the ledger', () => {
  test('401, 404 for another unit, 403 for a handler, 400 naming the field', async () => {
    expectError(await t.anon().get(`/api/v1/units/${u.id}/digest`), 401);
    expectError(await (await f.login((await f.unit()).admin)).get(`/api/v1/units/${u.id}/digest`), 404);
    expectError(await (await f.login(u.handlers[0])).get(`/api/v1/units/${u.id}/digest`), 403);
    const e = expectError(await (await f.login(u.admin)).get(`/api/v1/units/${u.id}/digest?kind=daily&date=2026-13-01`), 400);
    assert.deepEqual(e.fields.sort(), ['date', 'kind']);
  });

  test('every list equals a direct SQL query over the ledger; key problems first', async () => {
    const today = beijingDate(t.clock.now());
    const d = expectOk(await (await f.login(u.admin)).get(`/api/v1/units/${u.id}/digest?kind=weekly`), digestSchema);
    const leaf = `FROM problems p WHERE p.unit_id = $1 AND p.child_count = 0 AND p.status <> 'closed'`;
    assert.deepEqual(
      ids(d.dueSoon),
      await sqlIds(
        `SELECT p.id ${leaf} AND p.status IN ('pending', 'in_progress') AND p.rectify_kind <> 'long_term' AND p.deadline >=
              $2::date AND p.deadline <= $2::date + 7`,
        today,
      ),
    );
    assert.deepEqual(ids(d.overdue), await sqlIds(`SELECT p.id ${leaf} AND p.deadline < $2::date`, today));
    assert.deepEqual(
      ids(d.closureRequests),
      await sqlIds(`SELECT p.id ${leaf} AND p.status = 'closure_requested' AND $2::text IS NOT NULL`, today),
    );
    assert.deepEqual(
      ids(d.extensionRequests),
      await sqlIds(
        `SELECT DISTINCT p.id ${leaf.replace('FROM problems p', 'FROM problems p JOIN extensions x ON x.problem_id = p.id')} AND
              x.status = 'pending' AND $2::text IS NOT NULL`,
        today,
      ),
    );
    // stalled: 30 days (the default) since the last progress, or since creation when none — in Beijing dates
    assert.deepEqual(
      ids(d.stalled),
      await sqlIds(
        `SELECT p.id ${leaf} AND p.status IN ('pending', 'in_progress', 'long_term')
         AND $2::date - (COALESCE((SELECT max(e.created_at) FROM progress_entries e WHERE e.problem_id = p.id), p.created_at) AT
               TIME ZONE 'Asia/Shanghai')::date >= 30`,
        today,
      ),
    );
    assert.deepEqual(ids(d.keyProblems), await sqlIds(`SELECT p.id ${leaf} AND p.is_key AND $2::text IS NOT NULL`, today));
    assert.deepEqual(
      d.openOrders.map((o) => o.id),
      (await t.db.query<{ id: number }>(`SELECT id FROM supervision_orders WHERE unit_id = $1 AND status <> 'accepted'`, [u.id])).rows.map(
        (r) => r.id,
      ),
    );
    // the lists are not vacuous
    for (const k of ['dueSoon', 'overdue', 'stalled', 'closureRequests', 'extensionRequests', 'keyProblems', 'openOrders'] as const)
      assert.ok(d[k].length > 0, k);
    // by department: totals, closed, overdue from SQL; completion rate from them
    const depts = (
      await t.db.query<{ dept: string; n: number; closed: number; overdue: number }>(
        `SELECT o.name AS dept, count(*)::int AS n, count(*) FILTER (WHERE p.status = 'closed')::int AS closed,
              count(*) FILTER (WHERE p.status <> 'closed' AND p.deadline < $2::date)::int AS overdue
         FROM problems p JOIN organizations o ON o.id = p.lead_dept_id WHERE p.unit_id = $1 AND p.child_count = 0 GROUP BY
               o.name ORDER BY o.name`,
        [u.id, today],
      )
    ).rows;
    assert.deepEqual(
      d.byDept
        .map((r) => ({ dept: r.dept, n: r.problems, closed: r.closed, overdue: r.overdue }))
        .sort((a, b) => (a.dept < b.dept ? -1 : 1)),
      depts.map((r) => ({ dept: r.dept, n: r.n, closed: r.closed, overdue: r.overdue })),
    );
    const office = d.byDept.find((r) => r.dept === u.depts[1].name)!;
    assert.equal(office.rate, Math.round((office.closed / office.problems) * 1000) / 10);
    // the entries of this week (Beijing Monday on) with a formalism warning count for their department
    const monday = new Date(Date.parse(`${today}T00:00:00+08:00`) - ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) * DAY);
    const warned = (
      await t.db.query<{ dept: string; n: number }>(
        `SELECT o.name AS dept, count(*)::int AS n FROM progress_entries e JOIN problems p ON p.id = e.problem_id JOIN
              organizations o ON o.id = p.lead_dept_id
        WHERE p.unit_id = $1 AND e.formalism IS NOT NULL AND e.created_at >= $2 GROUP BY o.name`,
        [u.id, monday],
      )
    ).rows;
    assert.ok(warned.length > 0);
    for (const w of warned) assert.equal(d.byDept.find((r) => r.dept === w.dept)!.formalism, w.n, w.dept);
    const meeting = (
      await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM progress_entries WHERE text LIKE '召开专题会议%' AND formalism IS NOT NULL`,
      )
    ).rows[0].n;
    assert.equal(meeting, 1, 'the meetings-only entry carries its warning');
    // a key problem leads every list it is in
    const keyInOverdueOrSoon = d.keyProblems[0];
    assert.equal(keyInOverdueOrSoon.keyLeader, u.leader.displayName);
  });
});

describe('sent once per period', () => {
  test("weekly on the unit's weekday, once; monthly on its day; to the inbox of 整改办 and leaders", async () => {
    const admin = await f.login(u.admin);
    const today = beijingDate(t.clock.now());
    // weekly on tomorrow's weekday, monthly on the 28th
    const tomorrow = new Date(t.clock.now().getTime() + DAY);
    const wd = ((tomorrow.getUTCDay() + 6) % 7) + 1;
    expectOk(await admin.put(`/api/v1/units/${u.id}/digest-schedule`, { weeklyWeekday: wd, monthlyDay: 28 }), channelsSchema);
    const before = (await runTick(ctx(), { date: today })).digests.filter((d) => d.unitId === u.id);
    // unless today is already past that weekday in the week (Sunday → Monday), nothing is due yet
    if (wd !== 1)
      assert.deepEqual(
        before.map((d) => d.kind),
        Number(today.slice(8)) >= 28 ? ['monthly'] : [],
      );
    t.clock.advance(DAY);
    const r = await runTick(ctx());
    const mine = r.digests.filter((d) => d.unitId === u.id);
    assert.ok(
      mine.some((d) => d.kind === 'weekly'),
      JSON.stringify(r.digests),
    );
    const inbox = (
      await t.db.query<{ user_id: number; kind: string; link: string }>(
        `SELECT user_id, kind, link FROM notifications WHERE kind = 'digest' AND unit_id = $1 AND state_key LIKE '%-W%'`,
        [u.id],
      )
    ).rows;
    assert.deepEqual(inbox.map((n) => n.user_id).sort(), [u.admin.id, u.leader.id].sort());
    assert.match(inbox[0].link, /^\/dispatch\?unitId=\d+&kind=weekly&date=/);
    // again the same day and the next: the week's digest is not sent again
    assert.equal((await runTick(ctx())).digests.filter((d) => d.unitId === u.id && d.kind === 'weekly').length, 0);
    t.clock.advance(DAY);
    await runTick(ctx());
    assert.equal(
      (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM digests WHERE unit_id = $1 AND kind = 'weekly'`, [u.id])).rows[0].n,
      1,
    );
  });

  test('the monthly dispatch report: .docx with the table by department and the chart', async () => {
    const admin = await f.login(u.admin);
    const today = beijingDate(t.clock.now());
    const r = await admin.get(`/api/v1/units/${u.id}/digest.docx?kind=monthly&date=${today}`);
    assert.equal(r.status, 200);
    const bytes = r.body as Buffer;
    const zip = await JSZip.loadAsync(bytes);
    const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
    assert.equal(media.length, 1, 'one chart');
    const png = await zip.file(media[0])!.async('uint8array');
    assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47]);
    assert.ok(png.length > 5000, 'a drawn chart, not an empty picture');
    const xml = await zip.file('word/document.xml')!.async('string');
    assert.match(xml, /<w:tbl>/);
    const text = (await mammoth.extractRawText({ buffer: bytes })).value;
    for (const s of ['月调度报告', '各部门整改情况', '完成率', u.depts[0].name, '重点难点问题', '超期问题']) assert.ok(text.includes(s), s);
  });
});

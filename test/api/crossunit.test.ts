/**
 * Isolation between units and departments: another unit's ids answer 404, the
 * same as an id that does not exist — never 403, which would confirm that the
 * id is real. Checked for every route that takes an id, for the other unit's
 * 整改办 and leader, and for a department handler on a problem of its own unit
 * that its department neither leads nor cooperates on. Every refused write is
 * checked to have written nothing. The two units and their problems are built
 * by the factories.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, PNG, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Inspection, type Unit } from '../helpers/factories.js';

let t: TestApp;
let f: Factories;
let u1: Unit; // 办公室, 人事处, 工程建设处, 水资源管理处, 河湖管理处
let u2: Unit;
let insp1: Inspection;
let insp2: Inspection;
let unit1Target: Target;
let unit2Target: Target;
const DEPTS = ['办公室', '人事处', '工程建设处', '水资源管理处', '河湖管理处'];
const dept = (u: Unit, name: string) => u.depts[DEPTS.indexOf(name)];
const handler = (u: Unit, name: string) => u.handlers[DEPTS.indexOf(name)];

interface Target {
  problem: number; // a leaf problem the caller must not see
  longTerm: number; // a long-term one (stage-done)
  asked: number; // one with a closure request pending
  measure: number;
  evidence: number;
  extension: number; // a pending extension
}

/** One problem of each kind the routes need, in `u`'s round, led by `lead` (and what else is given). */
async function targets(
  u: Unit,
  insp: Inspection,
  lead: { problem: string; longTerm: string; asked: string; evidence: string; extension: string },
): Promise<Target> {
  const p = await f.problem({ unit: u, inspection: insp, status: 'in_progress', leadDept: dept(u, lead.problem) });
  const lt = await f.problem({ unit: u, inspection: insp, status: 'long_term', leadDept: dept(u, lead.longTerm) });
  const asked = await f.problem({ unit: u, inspection: insp, status: 'closure_requested', leadDept: dept(u, lead.asked) });
  const ev =
    lead.evidence === lead.problem
      ? p
      : await f.problem({ unit: u, inspection: insp, status: 'in_progress', leadDept: dept(u, lead.evidence) });
  const x = await f.problem({ unit: u, inspection: insp, status: 'in_progress', extension: 'pending', leadDept: dept(u, lead.extension) });
  return {
    problem: p.id,
    longTerm: lt.id,
    asked: asked.id,
    measure: p.measureIds[0],
    evidence: ev.evidenceIds[0],
    extension: x.extensionIds[0],
  };
}

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u1 = await f.unit({ departments: DEPTS });
  u2 = await f.unit({ departments: DEPTS });
  insp1 = await f.inspection({ unit: u1 });
  insp2 = await f.inspection({ unit: u2 });
  const lead = { problem: '工程建设处', longTerm: '工程建设处', asked: '水资源管理处', evidence: '工程建设处', extension: '办公室' };
  unit1Target = await targets(u1, insp1, lead);
  unit2Target = await targets(u2, insp2, lead);
});
after(async () => {
  await t?.close();
});

/** Everything a write could touch, to prove a refused request changed nothing. */
async function snapshot(): Promise<string> {
  const q = async (sql: string) => JSON.stringify((await t.db.query(sql)).rows);
  return [
    await q('SELECT id, title, status, deadline, lead_dept_id, leader_id, stage_done, updated_at FROM problems ORDER BY id'),
    await q('SELECT id, text, status, owner_dept_id FROM measures ORDER BY id'),
    await q('SELECT count(*)::int AS n FROM progress_entries'),
    await q('SELECT count(*)::int AS n FROM evidence'),
    await q('SELECT count(*)::int AS n FROM transitions'),
    await q('SELECT id, status, decided_by FROM extensions ORDER BY id'),
    await q('SELECT count(*)::int AS n FROM problem_cooperators'),
    await q('SELECT count(*)::int AS n FROM inspections'),
  ].join('\n');
}

/** Every route that takes an id, aimed at ids the caller must not see. */
function routes(x: Target): [string, string, unknown?][] {
  return [
    ['GET', `/api/v1/problems/${x.problem}`],
    ['PATCH', `/api/v1/problems/${x.problem}`, { title: '越权修改' }],
    ['POST', `/api/v1/problems/${x.problem}/measures`, { text: '越权措施' }],
    ['PATCH', `/api/v1/measures/${x.measure}`, { status: 'done' }],
    ['GET', `/api/v1/evidence/${x.evidence}`],
    ['POST', `/api/v1/problems/${x.problem}/closure-request`, { reason: '越权申请' }],
    ['POST', `/api/v1/problems/${x.asked}/closure-review`, { decision: 'approve', reason: '越权审核' }],
    ['POST', `/api/v1/problems/${x.problem}/extensions`, { deadline: '2028-12-31', reason: '越权延期' }],
    ['POST', `/api/v1/extensions/${x.extension}/decision`, { decision: 'approve', reason: '越权审批' }],
    ['POST', `/api/v1/problems/${x.longTerm}/stage-done`, { reason: '越权标记' }],
  ];
}

async function expect404(c: Client, method: string, path: string, body?: unknown): Promise<void> {
  const r = await c.request(method, path, body);
  const e = expectError(r, 404, 'not_found');
  assert.match(e.message, /不存在或无权访问/, `${method} ${path}`);
  // exactly what a non-existent id answers: nothing tells "yours" from "absent"
  const absent = await c.request(
    method,
    path.replace(/\/(\d+)(?=\/|$|\?)/, '/999999').replace(/inspectionId=\d+/, 'inspectionId=999999'),
    body,
  );
  assert.deepEqual(
    { status: absent.status, body: absent.body },
    { status: r.status, body: r.body },
    `${method} ${path} differs from an absent id`,
  );
}

describe('requires authentication', () => {
  test('401 before any 404: an anonymous caller learns nothing about ids either', async () => {
    const anon = t.anon();
    for (const [method, path, body] of routes(unit1Target)) {
      expectError(await anon.request(method, path, body), 401, 'unauthorized');
    }
  });

  test('403 for a reader of both units who may not act: the office sees the problem but may not review it', async () => {
    const office = await f.login(u1.office.admin);
    assert.equal((await office.get(`/api/v1/problems/${unit1Target.asked}`)).status, 200);
    const before = await snapshot();
    expectError(
      await office.post(`/api/v1/problems/${unit1Target.asked}/closure-review`, { decision: 'approve', reason: '巡察办代审' }),
      403,
      'forbidden',
    );
    expectError(
      await office.post(`/api/v1/extensions/${unit1Target.extension}/decision`, { decision: 'approve', reason: '巡察办代批' }),
      403,
      'forbidden',
    );
    assert.equal(await snapshot(), before);
  });
});

describe('another unit: 404 on every id route', () => {
  test("the other unit's 整改办 on unit 1's ids", async () => {
    const unit2 = await f.login(u2.admin);
    const before = await snapshot();
    for (const [method, path, body] of routes(unit1Target)) await expect404(unit2, method, path, body);
    // multipart progress: refused before any file is looked at
    const up = await unit2.upload(`/api/v1/problems/${unit1Target.problem}/progress`, { text: '越权进展' }, [
      { name: 'p.png', bytes: PNG },
    ]);
    expectError(up, 404, 'not_found');
    for (const path of [
      `/api/v1/inspections/${insp1.id}`,
      `/api/v1/units/${u1.id}/departments`,
      `/api/v1/units/${u1.id}/leaders`,
      `/api/v1/dashboard?inspectionId=${insp1.id}`,
    ]) {
      await expect404(unit2, 'GET', path);
    }
    // creating under unit 1: its round and its unit are just as invisible
    expectError(await unit2.post('/api/v1/problems', { inspectionId: insp1.id, label: '（九）', title: '越权新增' }), 404);
    expectError(await unit2.post('/api/v1/inspections', { unitId: u1.id, kind: '巡察', title: '越权轮次', body: '某组' }), 404);
    assert.equal(await snapshot(), before, 'nothing written by any of them');
  });

  test("the other unit's leader cannot review or decide in unit 1", async () => {
    const leader2 = await f.login(u2.leader);
    const before = await snapshot();
    await expect404(leader2, 'POST', `/api/v1/problems/${unit1Target.asked}/closure-review`, { decision: 'approve', reason: '越权' });
    await expect404(leader2, 'POST', `/api/v1/extensions/${unit1Target.extension}/decision`, { decision: 'refuse', reason: '越权' });
    await expect404(leader2, 'GET', `/api/v1/problems/${unit1Target.problem}`);
    assert.equal(await snapshot(), before);
  });

  test("and the other way round: unit 1's 整改办 on unit 2's ids", async () => {
    const unit = await f.login(u1.admin);
    const before = await snapshot();
    for (const [method, path, body] of routes(unit2Target)) await expect404(unit, method, path, body);
    await expect404(unit, 'GET', `/api/v1/inspections/${insp2.id}`);
    await expect404(unit, 'GET', `/api/v1/units/${u2.id}/departments`);
    await expect404(unit, 'GET', `/api/v1/dashboard?inspectionId=${insp2.id}`);
    assert.equal(await snapshot(), before);
  });
});

describe('another department of the same unit: 404', () => {
  test('the 水资源管理处 handler on problems its department neither leads nor cooperates on', async () => {
    const dept2 = await f.login(handler(u1, '水资源管理处'));
    const mk = (lead: string, cooperating: string[] = [], extension?: 'pending') =>
      f.problem({
        unit: u1,
        inspection: insp1,
        status: 'in_progress',
        leadDept: dept(u1, lead),
        cooperating: cooperating.map((c) => dept(u1, c)),
        extension,
      });
    const p = await mk('工程建设处'); // 工程建设处 alone
    const evidenceOf = await mk('河湖管理处', ['工程建设处']);
    const x = await mk('办公室', [], 'pending');
    const target: Target = {
      problem: p.id,
      longTerm: (
        await f.problem({
          unit: u1,
          inspection: insp1,
          status: 'long_term',
          leadDept: dept(u1, '工程建设处'),
          cooperating: [dept(u1, '办公室')],
        })
      ).id,
      asked: (await f.problem({ unit: u1, inspection: insp1, status: 'closure_requested', leadDept: dept(u1, '人事处') })).id,
      measure: p.measureIds[0],
      evidence: evidenceOf.evidenceIds[0],
      extension: x.extensionIds[0],
    };
    // the fixtures really are outside the handler's department
    const mine = dept(u1, '水资源管理处').id;
    for (const id of [target.problem, target.longTerm, target.asked, evidenceOf.id, x.id]) {
      const r = await t.db.query(
        `SELECT 1 FROM problems p WHERE p.id = $1 AND (p.lead_dept_id = $2
           OR EXISTS (SELECT 1 FROM problem_cooperators c WHERE c.problem_id = p.id AND c.dept_id = $2))`,
        [id, mine],
      );
      assert.equal(r.rowCount, 0, `problem ${id}`);
    }
    const before = await snapshot();
    for (const [method, path, body] of routes(target)) await expect404(dept2, method, path, body);
    expectError(
      await dept2.upload(`/api/v1/problems/${target.problem}/progress`, { text: '越权进展' }, [{ name: 'p.png', bytes: PNG }]),
      404,
    );
    assert.equal(await snapshot(), before);
    // while its own problems open normally
    const own = await f.problem({ unit: u1, inspection: insp1, leadDept: dept(u1, '水资源管理处') });
    assert.equal((await dept2.get(`/api/v1/problems/${own.id}`)).status, 200);
  });

  test("a cooperating department reads the problem, but not other departments' problems of the same theme", async () => {
    const theme = await f.node({ unit: u1, inspection: insp1, title: '着力解决防汛排涝责任落实不到位问题' });
    const coop = await f.problem({
      unit: u1,
      inspection: insp1,
      parent: theme,
      leadDept: dept(u1, '河湖管理处'),
      cooperating: [dept(u1, '工程建设处')],
    });
    const sibling1 = await f.problem({ unit: u1, inspection: insp1, parent: theme, leadDept: dept(u1, '水资源管理处') });
    const sibling2 = await f.problem({ unit: u1, inspection: insp1, parent: theme, leadDept: dept(u1, '办公室') });
    const dept1 = await f.login(handler(u1, '工程建设处'));
    assert.equal((await dept1.get(`/api/v1/problems/${coop.id}`)).status, 200);
    await expect404(dept1, 'GET', `/api/v1/problems/${sibling1.id}`);
    await expect404(dept1, 'GET', `/api/v1/problems/${sibling2.id}`);
  });
});

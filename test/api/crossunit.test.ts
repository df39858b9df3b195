/**
 * Isolation between units and departments: another unit's ids answer 404, the
 * same as an id that does not exist — never 403, which would confirm that the
 * id is real. Checked for every route that takes an id, for the other unit's
 * 整改办 and leader, and for a department handler on a problem of its own unit
 * that its department neither leads nor cooperates on. Every refused write is
 * checked to have written nothing.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, PNG, type TestApp, type Client } from '../helpers/app.js';

let t: TestApp;
let U1 = 0;
let U2 = 0;
let INSP1 = 0;
let INSP2 = 0;
before(async () => {
  t = await startTestApp();
  const units = (await t.db.query<{ id: number; name: string }>(`SELECT id, name FROM organizations WHERE kind = 'unit'`)).rows;
  U1 = units.find((u) => u.name === '江城市水务局')!.id;
  U2 = units.find((u) => u.name === '江城市文化和旅游局')!.id;
  INSP1 = (await t.db.query<{ id: number }>('SELECT id FROM inspections WHERE unit_id = $1', [U1])).rows[0].id;
  INSP2 = (await t.db.query<{ id: number }>('SELECT id FROM inspections WHERE unit_id = $1', [U2])).rows[0].id;
  await loadTargets();
});
after(async () => { await t?.close(); });

async function idOf(title: string): Promise<number> {
  const r = await t.db.query<{ id: number }>('SELECT id FROM problems WHERE title = $1', [title]);
  assert.equal(r.rows.length, 1, title);
  return r.rows[0].id;
}
const one = async (sql: string, params: unknown[]) => (await t.db.query<{ id: number }>(sql, params)).rows[0].id;

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

interface Target {
  problem: number; // a leaf problem the caller must not see
  longTerm: number; // a long-term one (stage-done)
  asked: number; // one with a closure request pending
  measure: number;
  evidence: number;
  extension: number; // a pending extension
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
  assert.equal(r.status, 404, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  assert.equal(r.body.code, 'not_found');
  assert.match(r.body.message, /不存在或无权访问/);
  // exactly what a non-existent id answers: nothing tells "yours" from "absent"
  const absent = await c.request(method, path.replace(/\/(\d+)(?=\/|$|\?)/, '/999999').replace(/inspectionId=\d+/, 'inspectionId=999999'), body);
  assert.deepEqual({ status: absent.status, body: absent.body }, { status: r.status, body: r.body }, `${method} ${path} differs from an absent id`);
}

let unit1Target: Target;
/** Runs once the app is up (called from the one `before` above). */
async function loadTargets(): Promise<void> {
  unit1Target = {
    problem: await idOf('质量监督抽检覆盖面不足'),
    longTerm: await idOf('易涝点整治进度缓慢'),
    asked: await idOf('城市供水水质公示不及时'),
    measure: await one('SELECT m.id FROM measures m JOIN problems p ON p.id = m.problem_id WHERE p.title = $1 ORDER BY m.id LIMIT 1', ['质量监督抽检覆盖面不足']),
    evidence: await one('SELECT e.id FROM evidence e JOIN problems p ON p.id = e.problem_id WHERE p.title = $1 LIMIT 1', ['质量监督抽检覆盖面不足']),
    extension: await one(`SELECT x.id FROM extensions x JOIN problems p ON p.id = x.problem_id WHERE p.title = $1 AND x.status = 'pending'`, ['防汛物资管理不规范']),
  };
}

describe('requires authentication', () => {
  test('401 before any 404: an anonymous caller learns nothing about ids either', async () => {
    const anon = t.anon();
    for (const [method, path, body] of routes(unit1Target)) {
      const r = await anon.request(method, path, body);
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(r.body.code, 'unauthorized');
    }
  });

  test('403 for a reader of both units who may not act: the office sees the problem but may not review it', async () => {
    const office = await t.login('office');
    assert.equal((await office.get(`/api/v1/problems/${unit1Target.asked}`)).status, 200);
    const before = await snapshot();
    const r = await office.post(`/api/v1/problems/${unit1Target.asked}/closure-review`, { decision: 'approve', reason: '巡察办代审' });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'forbidden');
    const x = await office.post(`/api/v1/extensions/${unit1Target.extension}/decision`, { decision: 'approve', reason: '巡察办代批' });
    assert.equal(x.status, 403);
    assert.equal(await snapshot(), before);
  });
});

describe('another unit: 404 on every id route', () => {
  test('unit2 (整改办 of 文化和旅游局) on unit 1\'s ids', async () => {
    const unit2 = await t.login('unit2');
    const before = await snapshot();
    for (const [method, path, body] of routes(unit1Target)) await expect404(unit2, method, path, body);
    // multipart progress: refused before any file is looked at
    const up = await unit2.upload(`/api/v1/problems/${unit1Target.problem}/progress`, { text: '越权进展' }, [{ name: 'p.png', bytes: PNG }]);
    assert.equal(up.status, 404);
    assert.equal(up.body.code, 'not_found');
    for (const path of [`/api/v1/inspections/${INSP1}`, `/api/v1/units/${U1}/departments`, `/api/v1/units/${U1}/leaders`, `/api/v1/dashboard?inspectionId=${INSP1}`]) {
      await expect404(unit2, 'GET', path);
    }
    // creating under unit 1: its round and its unit are just as invisible
    assert.equal((await unit2.post('/api/v1/problems', { inspectionId: INSP1, label: '（九）', title: '越权新增' })).status, 404);
    assert.equal((await unit2.post('/api/v1/inspections', { unitId: U1, kind: '巡察', title: '越权轮次', body: '某组' })).status, 404);
    assert.equal(await snapshot(), before, 'nothing written by any of them');
  });

  test('leader2 (the other unit\'s leader) cannot review or decide in unit 1', async () => {
    const leader2 = await t.login('leader2');
    const before = await snapshot();
    await expect404(leader2, 'POST', `/api/v1/problems/${unit1Target.asked}/closure-review`, { decision: 'approve', reason: '越权' });
    await expect404(leader2, 'POST', `/api/v1/extensions/${unit1Target.extension}/decision`, { decision: 'refuse', reason: '越权' });
    await expect404(leader2, 'GET', `/api/v1/problems/${unit1Target.problem}`);
    assert.equal(await snapshot(), before);
  });

  test('and the other way round: unit on unit 2\'s ids', async () => {
    const unit = await t.login('unit');
    const target: Target = {
      problem: await idOf('不可移动文物底数不清'),
      longTerm: await idOf('演出市场执法检查频次不足'),
      asked: await idOf('文物安全责任人公示不全'),
      measure: await one('SELECT m.id FROM measures m JOIN problems p ON p.id = m.problem_id WHERE p.unit_id = $1 ORDER BY m.id LIMIT 1', [U2]),
      evidence: await one('SELECT e.id FROM evidence e JOIN problems p ON p.id = e.problem_id WHERE p.unit_id = $1 LIMIT 1', [U2]),
      extension: await one(`SELECT x.id FROM extensions x JOIN problems p ON p.id = x.problem_id WHERE p.unit_id = $1 AND x.status = 'pending' LIMIT 1`, [U2]),
    };
    const before = await snapshot();
    for (const [method, path, body] of routes(target)) await expect404(unit, method, path, body);
    await expect404(unit, 'GET', `/api/v1/inspections/${INSP2}`);
    await expect404(unit, 'GET', `/api/v1/units/${U2}/departments`);
    await expect404(unit, 'GET', `/api/v1/dashboard?inspectionId=${INSP2}`);
    assert.equal(await snapshot(), before);
  });
});

describe('another department of the same unit: 404', () => {
  test('dept2 on problems where 水资源管理处 neither leads nor cooperates', async () => {
    const dept2 = await t.login('dept2');
    const target: Target = {
      problem: await idOf('排水许可审批把关不严'), // 工程建设处 alone
      longTerm: await idOf('易涝点整治进度缓慢'), // 工程建设处 + 计划财务处
      asked: await idOf('干部人事档案审核不严'), // 人事处
      measure: await one('SELECT m.id FROM measures m JOIN problems p ON p.id = m.problem_id WHERE p.title = $1 ORDER BY m.id LIMIT 1', ['排水许可审批把关不严']),
      evidence: await one('SELECT e.id FROM evidence e JOIN problems p ON p.id = e.problem_id WHERE p.title = $1 LIMIT 1', ['汛前隐患排查不彻底']), // 河湖管理处 + 工程建设处
      extension: unit1Target.extension, // 防汛物资管理不规范: 办公室
    };
    // the fixtures really are outside dept2's departments
    const dept2Id = await one(`SELECT id FROM organizations WHERE name = '水资源管理处' AND unit_id = $1`, [U1]);
    for (const title of ['排水许可审批把关不严', '易涝点整治进度缓慢', '干部人事档案审核不严', '汛前隐患排查不彻底', '防汛物资管理不规范']) {
      const r = await t.db.query(
        `SELECT 1 FROM problems p WHERE p.title = $1 AND (p.lead_dept_id = $2 OR EXISTS (SELECT 1 FROM problem_cooperators c WHERE c.problem_id = p.id AND c.dept_id = $2))`,
        [title, dept2Id]);
      assert.equal(r.rowCount, 0, title);
    }
    const before = await snapshot();
    for (const [method, path, body] of routes(target)) await expect404(dept2, method, path, body);
    const up = await dept2.upload(`/api/v1/problems/${target.problem}/progress`, { text: '越权进展' }, [{ name: 'p.png', bytes: PNG }]);
    assert.equal(up.status, 404);
    assert.equal(await snapshot(), before);
    // while its own problems open normally
    assert.equal((await dept2.get(`/api/v1/problems/${await idOf('排涝应急预案更新滞后')}`)).status, 200);
  });

  test('dept1 cooperating on a problem reads it, but does not see other departments\' problems of the same theme', async () => {
    const dept1 = await t.login('dept1');
    assert.equal((await dept1.get(`/api/v1/problems/${await idOf('汛前隐患排查不彻底')}`)).status, 200);
    await expect404(dept1, 'GET', `/api/v1/problems/${await idOf('排涝应急预案更新滞后')}`);
    await expect404(dept1, 'GET', `/api/v1/problems/${await idOf('防汛物资管理不规范')}`);
  });
});

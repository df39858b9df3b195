/**
 * The ledger (整改台账) and everything around it: paging, sorting, every filter,
 * scoping by role, inspections, organisations, the dashboard, and the plan
 * edits of 整改办 (problems, measures). Real HTTP over a real database with the
 * demo data as fixtures.
 *
 * Counting tests read the demo round of 江城市水务局 (36 leaf problems); tests
 * that write create their own round or use problems no count depends on, so
 * the tests do not depend on their order.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../helpers/app.js';

let t: TestApp;
let U1 = 0; // 江城市水务局
let U2 = 0; // 江城市文化和旅游局
let INSP1 = 0; // its demo round
let INSP2 = 0;
const dept: Record<string, number> = {}; // unit-1 department ids by name
let u2Office = 0; // 办公室 of unit 2

before(async () => {
  t = await startTestApp();
  const orgs = (await t.db.query<{ id: number; kind: string; name: string; unit_id: number | null }>('SELECT id, kind, name, unit_id FROM organizations ORDER BY id')).rows;
  U1 = orgs.find((o) => o.name === '江城市水务局')!.id;
  U2 = orgs.find((o) => o.name === '江城市文化和旅游局')!.id;
  for (const o of orgs) if (o.kind === 'department' && o.unit_id === U1) dept[o.name] = o.id;
  u2Office = orgs.find((o) => o.kind === 'department' && o.unit_id === U2 && o.name === '办公室')!.id;
  const insps = (await t.db.query<{ id: number; unit_id: number }>('SELECT id, unit_id FROM inspections ORDER BY id')).rows;
  INSP1 = insps.find((i) => i.unit_id === U1)!.id;
  INSP2 = insps.find((i) => i.unit_id === U2)!.id;
});
after(async () => { await t?.close(); });

const CJK = /[\u4e00-\u9fff]/;
type Row = { id: number; unitId: number; inspectionId: number; title: string; label: string; description: string; status: string; rectifyKind: string | null; deadline: string | null; light: string; overdue: boolean; leadDept: { id: number; name: string } | null; cooperatingDepts: { id: number; name: string }[]; updatedAt: string; abilities: Record<string, boolean>; path: { id: number }[] };

async function ledger(c: Client, query: string): Promise<{ items: Row[]; total: number; page: number; pageSize: number }> {
  const r = await c.get(`/api/v1/ledger?${query}`);
  assert.equal(r.status, 200, `GET /ledger?${query}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The demo problem with this exact title, as `who` sees it in the ledger. */
async function problem(c: Client, title: string): Promise<Row> {
  const r = await ledger(c, `q=${encodeURIComponent(title)}&pageSize=200`);
  const hit = r.items.filter((x) => x.title === title);
  assert.equal(hit.length, 1, `exactly one problem titled ${title}`);
  return hit[0];
}

function badField(r: { status: number; body: { code: string; message: string; details: { path: string }[] } }, field: string): void {
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(r.body.code, 'bad_request');
  assert.ok(r.body.details.some((d) => d.path === field || d.path.startsWith(`${field}.`)), `details name ${field}: ${JSON.stringify(r.body.details)}`);
  assert.match(r.body.message, CJK);
  // schema errors name the field in the message too; use-case errors say it in words
  if (/字段/.test(r.body.message)) assert.match(r.body.message, new RegExp(field));
}

let roundSeq = 0;
/** A fresh inspection round of unit 1, so writes do not disturb the demo counts. */
async function newRound(unit: Client): Promise<number> {
  const r = await unit.post('/api/v1/inspections', { unitId: U1, kind: '审计', title: `测试轮次${++roundSeq}`, body: '市审计局' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.id;
}

/** group → theme → leaf in a fresh round; returns the three problem ids. */
async function newTree(unit: Client, leaf: Record<string, unknown> = {}): Promise<{ round: number; group: number; theme: number; leaf: number }> {
  const round = await newRound(unit);
  const g = await unit.post('/api/v1/problems', { inspectionId: round, label: '（一）', title: '在测试方面' });
  const th = await unit.post('/api/v1/problems', { inspectionId: round, parentId: g.body.id, label: '1.', title: '着力解决测试问题' });
  const lf = await unit.post('/api/v1/problems', { inspectionId: round, parentId: th.body.id, label: '（1）', title: '测试叶子问题', description: '用于接口测试', ...leaf });
  assert.equal(lf.status, 200, JSON.stringify(lf.body));
  return { round, group: g.body.id, theme: th.body.id, leaf: lf.body.id };
}

describe('authentication and permission', () => {
  test('requires authentication: every ledger-side route answers 401 unauthorized', async () => {
    const anon = t.anon();
    const routes: [string, string][] = [
      ['GET', '/api/v1/ledger'], ['GET', '/api/v1/inspections'], ['GET', `/api/v1/inspections/${INSP1}`], ['POST', '/api/v1/inspections'],
      ['GET', '/api/v1/orgs/tree'], ['GET', `/api/v1/units/${U1}/departments`], ['GET', `/api/v1/units/${U1}/leaders`],
      ['GET', '/api/v1/dashboard'], ['POST', '/api/v1/problems'], ['GET', '/api/v1/problems/1'], ['PATCH', '/api/v1/problems/1'],
      ['POST', '/api/v1/problems/1/measures'], ['PATCH', '/api/v1/measures/1'],
    ];
    for (const [method, path] of routes) {
      const r = await anon.request(method, path, method === 'GET' ? undefined : {});
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(r.body.code, 'unauthorized');
      assert.match(r.body.message, CJK);
    }
  });

  test('403 for roles that read but may not plan: leader and department handlers', async () => {
    const leader = await t.login('leader');
    const dept1 = await t.login('dept1');
    const p = await problem(dept1, '质量监督抽检覆盖面不足'); // led by dept1's 工程建设处
    const cases: [Client, string, string, unknown][] = [
      [leader, 'POST', '/api/v1/inspections', { unitId: U1, kind: '巡察', title: '领导不能建', body: '某组' }],
      [leader, 'POST', '/api/v1/problems', { inspectionId: INSP1, label: '（9）', title: '领导不能加' }],
      [leader, 'PATCH', `/api/v1/problems/${p.id}`, { title: '领导不能改' }],
      [dept1, 'PATCH', `/api/v1/problems/${p.id}`, { title: '部门不能改' }],
      [leader, 'POST', `/api/v1/problems/${p.id}/measures`, { text: '领导不能加措施' }],
      [dept1, 'POST', `/api/v1/problems/${p.id}/measures`, { text: '部门不能加措施' }],
    ];
    for (const [c, method, path, body] of cases) {
      const r = await c.request(method, path, body);
      assert.equal(r.status, 403, `${method} ${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, 'forbidden');
      assert.match(r.body.message, /^无权/);
    }
    const after = await (await t.login('unit')).get(`/api/v1/problems/${p.id}`);
    assert.equal(after.body.title, '质量监督抽检覆盖面不足');
    assert.equal(after.body.measures.length, 2);
  });

  test('abilities tell the UI the same: the handler may report, not edit', async () => {
    const p = await problem(await t.login('dept1'), '质量监督抽检覆盖面不足');
    assert.equal(p.abilities.edit, false);
    assert.equal(p.abilities.addMeasure, false);
    assert.equal(p.abilities.addProgress, true);
    assert.equal(p.abilities.requestClosure, true);
    const asUnit = await problem(await t.login('unit'), '质量监督抽检覆盖面不足');
    assert.equal(asUnit.abilities.edit, true);
    assert.equal(asUnit.abilities.addMeasure, true);
  });
});

describe('GET /ledger: paging and sorting', () => {
  test('pageSize, page and total: pages partition the round in tree order', async () => {
    const unit = await t.login('unit');
    const all = await ledger(unit, `inspectionId=${INSP1}&pageSize=200`);
    assert.equal(all.total, 36);
    assert.equal(all.items.length, 36);
    const seen: number[] = [];
    for (let page = 1; page <= 4; page++) {
      const r = await ledger(unit, `inspectionId=${INSP1}&pageSize=10&page=${page}`);
      assert.equal(r.total, 36);
      assert.equal(r.page, page);
      assert.equal(r.pageSize, 10);
      assert.equal(r.items.length, page < 4 ? 10 : 6);
      seen.push(...r.items.map((x) => x.id));
    }
    assert.deepEqual(seen, all.items.map((x) => x.id), 'pages are consecutive slices of one order');
    // past the last page: no items, but the total still tells the pager where to go
    const past = await ledger(unit, `inspectionId=${INSP1}&pageSize=10&page=9`);
    assert.deepEqual(past.items, []);
    assert.equal(past.total, 36);
    // defaults
    const d = await ledger(unit, `inspectionId=${INSP1}`);
    assert.equal(d.page, 1);
    assert.equal(d.pageSize, 50);
  });

  test('only leaf problems, in tree order, with the path of their ancestors', async () => {
    const all = await ledger(await t.login('unit'), `inspectionId=${INSP1}&pageSize=200`);
    assert.equal(all.items[0].title, '汛前隐患排查不彻底');
    assert.equal(all.items[35].title, '内部审计力量薄弱');
    assert.ok(all.items.every((x) => x.path.length === 2), 'level-3 rows name group and theme');
    const first = (await (await t.login('unit')).get(`/api/v1/problems/${all.items[0].id}`)).body;
    assert.deepEqual(first.path.map((p: { title: string }) => p.title), ['在贯彻落实上级决策部署方面', '着力解决防汛排涝责任落实不到位问题']);
    const desc = await ledger(await t.login('unit'), `inspectionId=${INSP1}&pageSize=200&dir=desc`);
    assert.deepEqual(desc.items.map((x) => x.id), all.items.map((x) => x.id).reverse());
  });

  test('sort by deadline (nulls last both ways), status and updated', async () => {
    const unit = await t.login('unit');
    const asc = (await ledger(unit, `inspectionId=${INSP1}&pageSize=200&sort=deadline`)).items;
    const dated = asc.filter((x) => x.deadline);
    assert.deepEqual(dated.map((x) => x.deadline), dated.map((x) => x.deadline).sort());
    assert.ok(asc.slice(dated.length).every((x) => x.deadline === null), 'undated last');
    assert.equal(asc.length - dated.length, 4, 'the four long-term items have no deadline');
    const desc = (await ledger(unit, `inspectionId=${INSP1}&pageSize=200&sort=deadline&dir=desc`)).items;
    const dd = desc.filter((x) => x.deadline).map((x) => x.deadline);
    assert.deepEqual(dd, [...dd].sort().reverse());
    assert.equal(desc[desc.length - 1].deadline, null, 'undated still last when descending');

    const byStatus = (await ledger(unit, `inspectionId=${INSP1}&pageSize=200&sort=status`)).items.map((x) => x.status);
    const rank = ['pending', 'in_progress', 'long_term', 'closure_requested', 'closed'];
    assert.deepEqual(byStatus, [...byStatus].sort((a, b) => rank.indexOf(a) - rank.indexOf(b)));
    assert.equal(byStatus[0], 'pending');

    const upd = (await ledger(unit, `inspectionId=${INSP1}&pageSize=200&sort=updated&dir=desc`)).items.map((x) => Date.parse(x.updatedAt));
    assert.deepEqual(upd, [...upd].sort((a, b) => b - a));
  });
});

describe('GET /ledger: filters', () => {
  test('inspectionId', async () => {
    const office = await t.login('office');
    const r = await ledger(office, `inspectionId=${INSP2}&pageSize=200`);
    assert.equal(r.total, 21);
    assert.ok(r.items.every((x) => x.inspectionId === INSP2 && x.unitId === U2));
  });

  test('status, one and several (comma-separated)', async () => {
    const unit = await t.login('unit');
    const closed = await ledger(unit, `inspectionId=${INSP1}&status=closed&pageSize=200`);
    assert.equal(closed.total, 8);
    assert.ok(closed.items.every((x) => x.status === 'closed'));
    const two = await ledger(unit, `inspectionId=${INSP1}&status=closed,closure_requested&pageSize=200`);
    assert.equal(two.total, 12);
    assert.ok(two.items.every((x) => x.status === 'closed' || x.status === 'closure_requested'));
    assert.ok(two.items.some((x) => x.status === 'closure_requested'));
  });

  test('departmentId: lead or cooperating', async () => {
    const r = await ledger(await t.login('unit'), `inspectionId=${INSP1}&departmentId=${dept['工程建设处']}&pageSize=200`);
    assert.equal(r.total, 7);
    assert.ok(r.items.every((x) => x.leadDept?.id === dept['工程建设处'] || x.cooperatingDepts.some((c) => c.id === dept['工程建设处'])));
    assert.ok(r.items.some((x) => x.leadDept?.id !== dept['工程建设处']), 'a cooperating-only problem is included');
  });

  test('kind', async () => {
    const unit = await t.login('unit');
    for (const [kind, n] of [['long_term', 4], ['immediate', 8], ['deadline', 24]] as const) {
      const r = await ledger(unit, `inspectionId=${INSP1}&kind=${kind}&pageSize=200`);
      assert.equal(r.total, n, kind);
      assert.ok(r.items.every((x) => x.rectifyKind === kind));
    }
  });

  test('deadlineFrom / deadlineTo are inclusive', async () => {
    const unit = await t.login('unit');
    const all = (await ledger(unit, `inspectionId=${INSP1}&pageSize=200`)).items;
    const d = all.find((x) => x.status === 'in_progress' && x.light === 'yellow')!.deadline!;
    const r = await ledger(unit, `inspectionId=${INSP1}&deadlineFrom=${d}&deadlineTo=${d}&pageSize=200`);
    assert.equal(r.total, all.filter((x) => x.deadline === d).length);
    assert.ok(r.total >= 1);
    const from = await ledger(unit, `inspectionId=${INSP1}&deadlineFrom=2026-12-01&pageSize=200`);
    assert.equal(from.total, all.filter((x) => x.deadline && x.deadline >= '2026-12-01').length);
    assert.ok(from.items.every((x) => x.deadline! >= '2026-12-01'));
  });

  test('overdue=true: past the deadline and not closed', async () => {
    const r = await ledger(await t.login('unit'), `inspectionId=${INSP1}&overdue=true&pageSize=200`);
    assert.equal(r.total, 4);
    assert.ok(r.items.every((x) => x.overdue && x.light === 'red' && x.status !== 'closed'));
    // closed items past their deadline are not overdue
    const closedPast = await ledger(await t.login('unit'), `inspectionId=${INSP1}&status=closed&deadlineTo=2026-11-20&pageSize=200`);
    assert.ok(closedPast.total > 0);
    assert.ok(closedPast.items.every((x) => !x.overdue && x.light === 'none'));
  });

  test('light: the SQL filter returns exactly the rows whose shown light matches', async () => {
    const unit = await t.login('unit');
    const all = (await ledger(unit, `inspectionId=${INSP1}&pageSize=200`)).items;
    let sum = 0;
    for (const light of ['green', 'yellow', 'red', 'blue', 'none']) {
      const r = await ledger(unit, `inspectionId=${INSP1}&light=${light}&pageSize=200`);
      assert.deepEqual(r.items.map((x) => x.id).sort(), all.filter((x) => x.light === light).map((x) => x.id).sort(), light);
      assert.ok(r.total > 0, `the demo shows ${light}`);
      sum += r.total;
    }
    assert.equal(sum, 36);
  });

  test('light follows the clock: moving to the deadline turns yellow into red the next day', async () => {
    // a probe through the light filter only; the clock is put back afterwards
    const unit = await t.login('unit');
    const yellow = (await ledger(unit, `inspectionId=${INSP1}&light=yellow&pageSize=200`)).items;
    const d = yellow[0].deadline!;
    const start = t.clock.now();
    try {
      t.clock.set(`${d}T02:00:00.000Z`); // 10:00 in Beijing on the deadline day: still not red
      const c1 = await t.login('unit');
      assert.ok((await ledger(c1, `inspectionId=${INSP1}&light=yellow&pageSize=200`)).items.some((x) => x.id === yellow[0].id));
      t.clock.set(new Date(Date.parse(`${d}T16:30:00.000Z`))); // 00:30 the next day in Beijing
      const c2 = await t.login('unit');
      const red = await ledger(c2, `inspectionId=${INSP1}&light=red&pageSize=200`);
      assert.ok(red.items.some((x) => x.id === yellow[0].id && x.overdue));
    } finally {
      t.clock.set(start);
    }
  });

  test('q: a two-character Chinese term, a single character, punctuation and LIKE wildcards', async () => {
    const unit = await t.login('unit');
    const all = (await ledger(unit, `inspectionId=${INSP1}&pageSize=200`)).items;
    const text = (x: Row) => `${x.label}${x.title} ${x.description}`;
    for (const q of ['泵站', '管网', '泵', '审计', '"清四乱"', '71%', '%', '_', "'", '不存在的词语']) {
      const r = await ledger(unit, `inspectionId=${INSP1}&q=${encodeURIComponent(q)}&pageSize=200`);
      const want = all.filter((x) => text(x).includes(q)).map((x) => x.id);
      assert.deepEqual(r.items.map((x) => x.id), want, `q=${q}`);
    }
    const pump = await ledger(unit, `q=${encodeURIComponent('泵站')}`);
    assert.deepEqual(pump.items.map((x) => x.title), ['汛前隐患排查不彻底']);
    // a literal % must not act as a wildcard: only the rows that contain one
    const pct = await ledger(unit, `q=${encodeURIComponent('%')}&pageSize=200`);
    assert.ok(pct.total >= 1 && pct.total < 36);
    // scattered characters of a term do not match (the index narrows, LIKE decides)
    const scattered = await ledger(unit, `q=${encodeURIComponent('汛检')}&pageSize=200`);
    assert.equal(scattered.total, 0);
  });

  test('filters combine (AND)', async () => {
    const r = await ledger(await t.login('unit'), `inspectionId=${INSP1}&status=in_progress&kind=deadline&light=red&departmentId=${dept['水资源管理处']}`);
    // 水资源管理处 leads the first and cooperates on the second: both match departmentId
    assert.deepEqual(r.items.map((x) => x.title), ['农村供水工程管护缺位', '上轮巡察指出的长效机制未建立']);
  });

  test('bad values: 400 naming the field', async () => {
    const unit = await t.login('unit');
    badField(await unit.get('/api/v1/ledger?status=bogus'), 'status');
    badField(await unit.get('/api/v1/ledger?status=closed,bogus'), 'status');
    badField(await unit.get('/api/v1/ledger?pageSize=0'), 'pageSize');
    badField(await unit.get('/api/v1/ledger?pageSize=201'), 'pageSize');
    badField(await unit.get('/api/v1/ledger?page=0'), 'page');
    badField(await unit.get('/api/v1/ledger?deadlineFrom=2026-13-01'), 'deadlineFrom');
    badField(await unit.get('/api/v1/ledger?deadlineTo=2026-02-30'), 'deadlineTo');
    badField(await unit.get('/api/v1/ledger?deadlineFrom=20261201'), 'deadlineFrom');
    badField(await unit.get('/api/v1/ledger?kind=forever'), 'kind');
    badField(await unit.get('/api/v1/ledger?light=purple'), 'light');
    badField(await unit.get('/api/v1/ledger?sort=random'), 'sort');
    badField(await unit.get('/api/v1/ledger?inspectionId=abc'), 'inspectionId');
    badField(await unit.get('/api/v1/ledger?overdue=yes'), 'overdue');
    badField(await unit.get(`/api/v1/ledger?q=${'字'.repeat(101)}`), 'q');
    const st = await unit.get('/api/v1/ledger?status=bogus');
    assert.match(st.body.message, /状态取值无效/);
    const dt = await unit.get('/api/v1/ledger?deadlineFrom=2026-13-01');
    assert.match(dt.body.message, /日期无效/);
  });
});

describe('GET /ledger: scoping', () => {
  const ids = (r: { items: Row[] }) => r.items.map((x) => x.id).sort((a, b) => a - b);

  test('dept1 sees only problems where 工程建设处 leads or cooperates', async () => {
    const r = await ledger(await t.login('dept1'), 'pageSize=200');
    const all = (await ledger(await t.login('unit'), `inspectionId=${INSP1}&pageSize=200`)).items;
    const mine = all.filter((x) => x.leadDept?.id === dept['工程建设处'] || x.cooperatingDepts.some((c) => c.id === dept['工程建设处']));
    assert.equal(r.total, 7);
    assert.deepEqual(ids(r), mine.map((x) => x.id).sort((a, b) => a - b));
    assert.ok(r.items.some((x) => x.title === '汛前隐患排查不彻底'), 'cooperating on a 河湖管理处 problem');
    assert.ok(!r.items.some((x) => x.title === '排涝应急预案更新滞后'), 'not another department\'s problem');
  });

  test('dept2 sees only 水资源管理处\'s problems', async () => {
    const r = await ledger(await t.login('dept2'), 'pageSize=200');
    assert.equal(r.total, 9);
    assert.ok(r.items.every((x) => x.leadDept?.id === dept['水资源管理处'] || x.cooperatingDepts.some((c) => c.id === dept['水资源管理处'])));
  });

  test('unit2 sees only its unit; a unit filter on the other unit finds nothing', async () => {
    const unit2 = await t.login('unit2');
    const r = await ledger(unit2, 'pageSize=200');
    assert.equal(r.total, 21);
    assert.ok(r.items.every((x) => x.unitId === U2));
    assert.equal((await ledger(unit2, `inspectionId=${INSP1}`)).total, 0, 'another unit\'s round is empty, not an error');
    assert.equal((await ledger(unit2, `departmentId=${dept['工程建设处']}`)).total, 0);
    assert.equal((await ledger(unit2, `q=${encodeURIComponent('泵站')}`)).total, 0);
  });

  test('leader reads the whole unit; office reads both units', async () => {
    assert.equal((await ledger(await t.login('leader'), `inspectionId=${INSP1}&pageSize=200`)).total, 36);
    const office = await ledger(await t.login('office'), `pageSize=200&inspectionId=${INSP1}`);
    assert.equal(office.total, 36);
    const both = await ledger(await t.login('office'), `pageSize=200&inspectionId=${INSP2}`);
    assert.equal(both.total, 21);
  });

  test('the auditor (三员) reads no business data: an empty ledger and an empty dashboard', async () => {
    // Decision: scope, not role, limits reading — the auditor's scope is empty,
    // so the list is empty (nothing leaks) and /auth/me says viewLedger:false.
    const auditor = await t.login('auditor');
    const r = await ledger(auditor, 'pageSize=200');
    assert.deepEqual(r.items, []);
    assert.equal(r.total, 0);
    const d = await auditor.get('/api/v1/dashboard');
    assert.equal(d.status, 200);
    assert.equal(d.body.total, 0);
    assert.deepEqual((await auditor.get('/api/v1/inspections')).body, []);
    assert.equal((await auditor.get(`/api/v1/inspections/${INSP1}`)).status, 404);
    assert.equal((await auditor.get(`/api/v1/dashboard?inspectionId=${INSP1}`)).status, 404);
  });
});

describe('inspections', () => {
  test('GET /inspections: each reader sees the rounds of what they read', async () => {
    const titles = async (who: string) => ((await (await t.login(who)).get('/api/v1/inspections')).body as { id: number }[]).map((i) => i.id);
    assert.ok((await titles('unit')).includes(INSP1));
    assert.ok(!(await titles('unit')).includes(INSP2));
    assert.deepEqual(await titles('unit2'), [INSP2]);
    assert.deepEqual(await titles('dept1'), [INSP1]);
    const office = await titles('office');
    assert.ok(office.includes(INSP1) && office.includes(INSP2));
  });

  test('GET /inspections/:id: the round with its counts; a department handler may open what it lists', async () => {
    const unit = await t.login('unit');
    const r = await unit.get(`/api/v1/inspections/${INSP1}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.unitName, '江城市水务局');
    assert.equal(r.body.kind, '巡察');
    assert.equal(r.body.title, '市委第三巡察组对市水务局常规巡察');
    assert.equal(r.body.feedbackDate, '2026-06-12');
    assert.equal(r.body.problemCount, 36);
    assert.equal(r.body.closedCount, 8);
    // GET /inspections lists this round for dept1; opening it must not be a 404
    const d1 = await (await t.login('dept1')).get(`/api/v1/inspections/${INSP1}`);
    assert.equal(d1.status, 200, JSON.stringify(d1.body));
    assert.equal(d1.body.id, INSP1);
    // dept2 handles nothing in unit 2's round
    assert.equal((await (await t.login('dept2')).get(`/api/v1/inspections/${INSP2}`)).status, 404);
    assert.equal((await unit.get('/api/v1/inspections/999999')).status, 404);
    badField(await unit.get('/api/v1/inspections/abc'), 'id');
    badField(await unit.get('/api/v1/inspections/0'), 'id');
  });

  test('POST /inspections: 整改办 for its unit, 巡察办 for the units it watches; bad bodies name the field', async () => {
    const unit = await t.login('unit');
    const r = await unit.post('/api/v1/inspections', { unitId: U1, kind: '巡视', title: '省委巡视组专项巡视', body: '省委第二巡视组', onsiteStart: '2026-09-01', onsiteEnd: '2026-10-15', feedbackDate: '2026-11-10' });
    assert.equal(r.status, 200);
    assert.equal(r.body.unitId, U1);
    assert.equal(r.body.onsiteEnd, '2026-10-15');
    assert.equal(r.body.problemCount, 0);
    assert.equal((await unit.get(`/api/v1/inspections/${r.body.id}`)).body.title, '省委巡视组专项巡视');
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'inspection.create' AND object_id = $1`, [String(r.body.id)]);
    assert.equal(audit.rowCount, 1);

    const office = await t.login('office');
    const o = await office.post('/api/v1/inspections', { unitId: U2, kind: '督察', title: '巡察办督察', body: '市委巡察办' });
    assert.equal(o.status, 200);
    assert.equal(o.body.unitName, '江城市文化和旅游局');

    badField(await unit.post('/api/v1/inspections', { unitId: U1, kind: '巡视', title: '日期颠倒', body: '某组', onsiteStart: '2026-10-01', onsiteEnd: '2026-09-01' }), 'onsiteEnd');
    badField(await unit.post('/api/v1/inspections', { unitId: U1, kind: '检查', title: '类型不对', body: '某组' }), 'kind');
    badField(await unit.post('/api/v1/inspections', { unitId: U1, kind: '巡视', title: '', body: '某组' }), 'title');
    const foreign = await unit.post('/api/v1/inspections', { unitId: U2, kind: '巡视', title: '别的单位', body: '某组' });
    assert.equal(foreign.status, 404, 'another unit is invisible, not forbidden');
  });
});

describe('organisations', () => {
  test('GET /orgs/tree: the office above the units one reads, with their departments', async () => {
    const unit = (await (await t.login('unit')).get('/api/v1/orgs/tree')).body;
    assert.equal(unit.length, 1);
    assert.equal(unit[0].kind, 'office');
    assert.deepEqual(unit[0].children.map((u: { name: string }) => u.name), ['江城市水务局']);
    assert.equal(unit[0].children[0].children.length, 6);
    const office = (await (await t.login('office')).get('/api/v1/orgs/tree')).body;
    assert.deepEqual(office[0].children.map((u: { name: string }) => u.name), ['江城市水务局', '江城市文化和旅游局']);
    const d1 = JSON.stringify((await (await t.login('dept1')).get('/api/v1/orgs/tree')).body);
    assert.match(d1, /工程建设处/);
    assert.doesNotMatch(d1, /文化和旅游局/);
  });

  test('GET /units/:id/departments and /leaders', async () => {
    const unit = await t.login('unit');
    const deps = await unit.get(`/api/v1/units/${U1}/departments`);
    assert.equal(deps.status, 200);
    assert.deepEqual(deps.body.map((d: { name: string }) => d.name), ['办公室', '计划财务处', '人事处', '工程建设处', '水资源管理处', '河湖管理处']);
    const leaders = await unit.get(`/api/v1/units/${U1}/leaders`);
    assert.deepEqual(leaders.body.map((l: { displayName: string }) => l.displayName), ['周建明']);
    // a department handler may read its own unit's names (to pick cooperators)
    assert.equal((await (await t.login('dept1')).get(`/api/v1/units/${U1}/departments`)).status, 200);
    assert.equal((await (await t.login('dept1')).get(`/api/v1/units/${U2}/departments`)).status, 404);
    assert.equal((await unit.get('/api/v1/units/999999/leaders')).status, 404);
    const nf = await unit.get(`/api/v1/units/${U2}/leaders`);
    assert.equal(nf.body.code, 'not_found');
    assert.match(nf.body.message, /不存在或无权访问/);
  });
});

describe('GET /dashboard', () => {
  test('counts add up for the demo round', async () => {
    const r = await (await t.login('unit')).get(`/api/v1/dashboard?inspectionId=${INSP1}`);
    assert.equal(r.status, 200);
    const d = r.body;
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    assert.equal(d.total, 36);
    assert.equal(sum(d.byStatus), d.total);
    assert.equal(sum(d.byLight), d.total);
    assert.equal(sum(d.byKind), d.total);
    assert.equal(d.byDepartment.reduce((a: number, x: { total: number }) => a + x.total, 0), d.total);
    assert.equal(d.closed, d.byStatus.closed);
    assert.equal(d.closed, 8);
    assert.equal(d.completionRate, Math.round((8 / 36) * 1000) / 10);
    assert.equal(d.completionRate, 22.2);
    assert.equal(d.overdueCount, 4);
    assert.equal(d.overdue.length, 4);
    assert.ok(d.overdue.every((x: Row) => x.overdue));
    assert.equal(d.byLight.red, d.overdueCount);
    assert.equal(d.today, '2026-11-21');
    const eng = d.byDepartment.find((x: { name: string }) => x.name === '工程建设处');
    assert.deepEqual({ total: eng.total, closed: eng.closed, overdue: eng.overdue }, { total: 6, closed: 2, overdue: 0 });
  });

  test('the dashboard agrees with the ledger for every status and light', async () => {
    const unit = await t.login('unit');
    const d = (await unit.get(`/api/v1/dashboard?inspectionId=${INSP1}`)).body;
    for (const [s, n] of Object.entries(d.byStatus)) assert.equal((await ledger(unit, `inspectionId=${INSP1}&status=${s}`)).total, n, s);
    for (const [l, n] of Object.entries(d.byLight)) assert.equal((await ledger(unit, `inspectionId=${INSP1}&light=${l}`)).total, n, l);
  });

  test('scoped like the ledger: dept1 counts its 7, office without a round counts both units', async () => {
    const d1 = (await (await t.login('dept1')).get('/api/v1/dashboard')).body;
    assert.equal(d1.total, 7);
    const off = (await (await t.login('office')).get('/api/v1/dashboard')).body;
    const all = await ledger(await t.login('office'), 'pageSize=1');
    assert.equal(off.total, all.total);
    assert.ok(off.total >= 57);
  });

  test('an unknown or foreign round is 404; a bad id is 400', async () => {
    const unit = await t.login('unit');
    assert.equal((await unit.get('/api/v1/dashboard?inspectionId=999999')).status, 404);
    assert.equal((await unit.get(`/api/v1/dashboard?inspectionId=${INSP2}`)).status, 404);
    badField(await unit.get('/api/v1/dashboard?inspectionId=0'), 'inspectionId');
  });
});

describe('POST /problems', () => {
  test('builds a three-level tree; the leaf appears in the ledger with its path', async () => {
    const unit = await t.login('unit');
    const { round, group, theme, leaf } = await newTree(unit, { rectifyKind: 'deadline', leadDeptId: dept['工程建设处'], deadline: '2027-03-31' });
    const p = (await unit.get(`/api/v1/problems/${leaf}`)).body;
    assert.equal(p.level, 3);
    assert.equal(p.parentId, theme);
    assert.deepEqual(p.path.map((x: { id: number }) => x.id), [group, theme]);
    assert.equal(p.status, 'pending');
    assert.equal(p.statusZh, '未启动');
    assert.equal(p.leadDept.name, '工程建设处');
    assert.equal(p.deadline, '2027-03-31');
    assert.equal(p.isLeaf, true);
    const l = await ledger(unit, `inspectionId=${round}`);
    assert.deepEqual(l.items.map((x) => x.id), [leaf], 'only the leaf is a ledger row');
    // and dept1 now sees it
    assert.ok((await ledger(await t.login('dept1'), `inspectionId=${round}`)).items.some((x) => x.id === leaf));
  });

  test('refuses a fourth level, a parent of another round, a foreign department, and a missing title', async () => {
    const unit = await t.login('unit');
    const { round, leaf } = await newTree(unit);
    badField(await unit.post('/api/v1/problems', { inspectionId: round, parentId: leaf, label: '①', title: '第四级' }), 'parentId');
    const other = await newRound(unit);
    const wrongParent = await unit.post('/api/v1/problems', { inspectionId: other, parentId: leaf, label: '1.', title: '跨轮次' });
    assert.equal(wrongParent.status, 404);
    const foreign = await unit.post('/api/v1/problems', { inspectionId: round, label: '（二）', title: '外单位部门', leadDeptId: u2Office });
    assert.equal(foreign.status, 400);
    assert.match(foreign.body.message, /不属于本单位/);
    badField(await unit.post('/api/v1/problems', { inspectionId: round, label: '（二）', title: '  ' }), 'title');
    badField(await unit.post('/api/v1/problems', { inspectionId: round, label: '（二）', title: '类型', rectifyKind: 'sometimes' }), 'rectifyKind');
    const gone = await unit.post('/api/v1/problems', { inspectionId: 999999, label: '（一）', title: '无轮次' });
    assert.equal(gone.status, 404);
    // nothing of the refused ones was written
    const n = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM problems WHERE inspection_id = $1', [round])).rows[0].n;
    assert.equal(n, 3);
  });
});

describe('PATCH /problems/:id', () => {
  test('plan fields; the deadline can be set once, afterwards only by extension (400)', async () => {
    const unit = await t.login('unit');
    const { leaf } = await newTree(unit);
    const leaderId = (await unit.get(`/api/v1/units/${U1}/leaders`)).body[0].id;
    const r = await unit.patch(`/api/v1/problems/${leaf}`, {
      title: '测试叶子问题（修订）', rectifyKind: 'deadline', leaderId, leadDeptId: dept['工程建设处'],
      cooperatingDeptIds: [dept['办公室'], dept['工程建设处']], deadline: '2027-01-31',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.title, '测试叶子问题（修订）');
    assert.equal(r.body.leader.name, '周建明');
    assert.equal(r.body.deadline, '2027-01-31');
    // the lead department is not also a cooperator
    assert.deepEqual(r.body.cooperatingDepts.map((d: { name: string }) => d.name), ['办公室']);

    const again = await unit.patch(`/api/v1/problems/${leaf}`, { deadline: '2027-02-28' });
    badField(again, 'deadline');
    assert.match(again.body.message, /延期/);
    // the same deadline again is not a change
    assert.equal((await unit.patch(`/api/v1/problems/${leaf}`, { deadline: '2027-01-31' })).status, 200);
    assert.equal((await unit.get(`/api/v1/problems/${leaf}`)).body.deadline, '2027-01-31');
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'problem.plan' AND object_id = $1`, [String(leaf)]);
    assert.ok(audit.rowCount >= 1);
  });

  test('a department or leader of another unit: 400 and nothing changed', async () => {
    const unit = await t.login('unit');
    const { leaf } = await newTree(unit);
    const before = (await unit.get(`/api/v1/problems/${leaf}`)).body;
    const r = await unit.patch(`/api/v1/problems/${leaf}`, { title: '不应写入', leadDeptId: u2Office });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'bad_request');
    assert.match(r.body.message, /不属于本单位/);
    const leader2 = (await t.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'leader2'`)).rows[0].id;
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { title: '不应写入', leaderId: leader2 }), 'leaderId');
    const dept1Id = (await t.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'dept1'`)).rows[0].id;
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { leaderId: dept1Id }), 'leaderId');
    const after = (await unit.get(`/api/v1/problems/${leaf}`)).body;
    assert.equal(after.title, before.title);
    assert.equal(after.leadDept, null);
    assert.equal(after.leader, null);
  });

  test('bad bodies name the field; unknown id is 404', async () => {
    const unit = await t.login('unit');
    const { leaf } = await newTree(unit);
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { deadline: '2027-02-30' }), 'deadline');
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { rectifyKind: 'never' }), 'rectifyKind');
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { cooperatingDeptIds: ['x'] }), 'cooperatingDeptIds');
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { title: 'x'.repeat(501) }), 'title');
    const nf = await unit.patch('/api/v1/problems/999999', { title: '无' });
    assert.equal(nf.status, 404);
    assert.match(nf.body.message, /该问题不存在或无权访问/);
  });
});

describe('measures', () => {
  test('POST /problems/:id/measures: 整改办 adds to a leaf; not to a group; owner must be of the unit', async () => {
    const unit = await t.login('unit');
    const { leaf, theme } = await newTree(unit);
    const r = await unit.post(`/api/v1/problems/${leaf}/measures`, { text: '制定专项整改方案', ownerDeptId: dept['人事处'], deadline: '2027-01-15' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.measures.length, 1);
    assert.equal(r.body.measures[0].text, '制定专项整改方案');
    assert.equal(r.body.measures[0].ownerDept.name, '人事处');
    assert.equal(r.body.measures[0].deadline, '2027-01-15');
    assert.equal(r.body.measures[0].status, 'pending');
    assert.equal(r.body.measureCount, 1);
    const second = await unit.post(`/api/v1/problems/${leaf}/measures`, { text: '第二条措施' });
    assert.deepEqual(second.body.measures.map((m: { text: string }) => m.text), ['制定专项整改方案', '第二条措施'], 'in the order added');

    const group = await unit.post(`/api/v1/problems/${theme}/measures`, { text: '加在主题上' });
    assert.equal(group.status, 403, 'measures belong to actionable (leaf) problems');
    const foreign = await unit.post(`/api/v1/problems/${leaf}/measures`, { text: '外单位', ownerDeptId: u2Office });
    assert.equal(foreign.status, 400);
    badField(await unit.post(`/api/v1/problems/${leaf}/measures`, { text: '' }), 'text');
    assert.equal((await unit.get(`/api/v1/problems/${leaf}`)).body.measures.length, 2);
    assert.equal((await unit.post('/api/v1/problems/999999/measures', { text: '无' })).status, 404);
  });

  test('PATCH /measures/:id: the lead department ticks off; only 整改办 rewrites', async () => {
    const dept1 = await t.login('dept1');
    const unit = await t.login('unit');
    const p = await problem(dept1, '项目招标文件设置排他性条款'); // led by 工程建设处
    const page = (await dept1.get(`/api/v1/problems/${p.id}`)).body;
    const m = page.measures[0];
    assert.equal(m.abilities.setStatus, true);
    assert.equal(m.abilities.edit, false);

    const done = await dept1.patch(`/api/v1/measures/${m.id}`, { status: 'done' });
    assert.equal(done.status, 200);
    assert.equal(done.body.measures[0].status, 'done');

    const rewrite = await dept1.patch(`/api/v1/measures/${m.id}`, { text: '部门改写措施' });
    assert.equal(rewrite.status, 403);
    assert.equal(rewrite.body.code, 'forbidden');
    const reown = await dept1.patch(`/api/v1/measures/${m.id}`, { status: 'in_progress', ownerDeptId: dept['办公室'] });
    assert.equal(reown.status, 403);

    const byUnit = await unit.patch(`/api/v1/measures/${m.id}`, { text: '整改办修订后的措施', ownerDeptId: dept['办公室'] });
    assert.equal(byUnit.status, 200);
    assert.equal(byUnit.body.measures[0].text, '整改办修订后的措施');
    assert.equal(byUnit.body.measures[0].ownerDept.name, '办公室');
    assert.equal(byUnit.body.measures[0].status, 'done', 'status untouched by a text edit');

    const foreign = await unit.patch(`/api/v1/measures/${m.id}`, { ownerDeptId: u2Office });
    assert.equal(foreign.status, 400);
    badField(await unit.patch(`/api/v1/measures/${m.id}`, { status: 'finished' }), 'status');
    assert.match((await unit.patch(`/api/v1/measures/${m.id}`, { status: 'finished' })).body.message, /措施状态取值无效/);

    // a cooperating department may not tick off the lead's measures
    const coop = await problem(dept1, '汛前隐患排查不彻底'); // 工程建设处 cooperates only
    const cm = (await dept1.get(`/api/v1/problems/${coop.id}`)).body.measures[0];
    assert.equal((await dept1.patch(`/api/v1/measures/${cm.id}`, { status: 'done' })).status, 403);
    // a department that does not see the problem gets 404
    assert.equal((await (await t.login('dept2')).patch(`/api/v1/measures/${m.id}`, { status: 'pending' })).status, 404);
    assert.equal((await unit.patch('/api/v1/measures/999999', { status: 'done' })).status, 404);
  });
});

describe('GET /problems/:id', () => {
  test('the problem page: measures, progress with evidence, transitions, extensions with abilities', async () => {
    const unit = await t.login('unit');
    const leader = await t.login('leader');
    const p = await problem(unit, '防汛物资管理不规范'); // in progress, an extension pending, asked by 整改办
    const page = (await leader.get(`/api/v1/problems/${p.id}`)).body;
    assert.equal(page.status, 'in_progress');
    assert.equal(page.measures.length, 2);
    assert.equal(page.progress.length, 1);
    assert.equal(page.progress[0].evidence[0].filename, '现场照片.png');
    assert.match(page.progress[0].evidence[0].digest, /^[0-9a-f]{64}$/);
    assert.deepEqual(page.transitions.map((x: { action: string }) => x.action), ['start', 'extension_request']);
    assert.equal(page.extensions.length, 1);
    assert.equal(page.extensions[0].status, 'pending');
    assert.equal(page.extensions[0].requestedBy.name, '刘志强');
    assert.equal(page.extensions[0].abilities.decide, true, 'the leader may decide 整改办\'s request');
    const own = (await unit.get(`/api/v1/problems/${p.id}`)).body;
    assert.equal(own.extensions[0].abilities.decide, false, 'the requester may not');
    badField(await unit.get('/api/v1/problems/abc'), 'id');
    badField(await unit.get('/api/v1/problems/-3'), 'id');
  });
});

describe('PATCH /problems/:id: changing the kind of an item under way', () => {
  test('long-term ↔ dated moves 长期坚持 ↔ 整改中 with a kind_change transition', async () => {
    const unit = await t.login('unit');
    const insp = await unit.post('/api/v1/inspections', { unitId: U1, kind: '巡察', title: '类型调整测试轮次', body: '测试巡察组' });
    assert.equal(insp.status, 200, JSON.stringify(insp.body));
    const created = await unit.post('/api/v1/problems', { inspectionId: insp.body.id, label: '（1）', title: '长期坚持类测试问题', rectifyKind: 'long_term', leadDeptId: dept['办公室'] });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body.id as number;
    const progress = await unit.upload(`/api/v1/problems/${id}/progress`, { text: '已建立常态化工作机制。' });
    assert.equal(progress.status, 200, JSON.stringify(progress.body));
    assert.equal(progress.body.status, 'long_term');

    const dated = await unit.patch(`/api/v1/problems/${id}`, { rectifyKind: 'deadline', deadline: '2027-06-30' });
    assert.equal(dated.status, 200, JSON.stringify(dated.body));
    assert.equal(dated.body.status, 'in_progress');
    assert.equal(dated.body.light, 'green');
    const t1 = dated.body.transitions.at(-1);
    assert.equal(t1.action, 'kind_change');
    assert.deepEqual([t1.fromStatus, t1.toStatus], ['long_term', 'in_progress']);

    const back = await unit.patch(`/api/v1/problems/${id}`, { rectifyKind: 'long_term' });
    assert.equal(back.body.status, 'long_term');
    assert.equal(back.body.light, 'blue');
  });
});

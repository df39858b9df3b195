/**
 * The ledger (整改台账) and everything around it: paging, sorting, every filter,
 * scoping by role, inspections, organisations, the dashboard, and the plan
 * edits of 整改办 (problems, measures). Real HTTP over a real database.
 *
 * The counted round is built by the factories from SPEC below: a three-level
 * tree whose leaves cover every status, kind, light and department pattern the
 * tests ask about, with deadlines placed around the test clock's today. Every
 * expected count is read off SPEC. Tests that write create their own round or
 * problems (never in the counted round), so the tests do not depend on their order.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, type TestApp, type Client, type Res } from '../helpers/app.js';
import { factories, type Factories, type Inspection, type Unit, type TestUser, type Dept } from '../helpers/factories.js';
import type { Dashboard, InspectionView, LedgerPage, LedgerRow, Light, OrgNode, ProblemPage } from '../helpers/shapes.js';
import type { ProblemStatus, RectifyKind } from '../../src/domain/workflow/index.js';

const DEPTS = ['办公室', '计划财务处', '人事处', '工程建设处', '水资源管理处', '河湖管理处'] as const;
type DeptName = (typeof DEPTS)[number];

interface Leaf {
  title: string;
  description?: string;
  status: ProblemStatus;
  kind: RectifyKind;
  /** Days from today; undefined for long-term items (no deadline). */
  due?: number;
  lead: DeptName;
  coop?: DeptName[];
  measures?: number;
  extension?: 'pending' | 'approved';
  /** The light the ledger must show on the test clock's today (2026-11-21). */
  light: Light;
}

/** group → theme → leaves, in tree order. */
const SPEC: { group: string; themes: { title: string; leaves: Leaf[] }[] }[] = [
  {
    group: '在贯彻落实上级决策部署方面',
    themes: [
      {
        title: '着力解决防汛排涝责任落实不到位问题',
        leaves: [
          {
            title: '汛前隐患排查不彻底',
            description: '部分泵站汛前检修流于形式。',
            status: 'in_progress',
            kind: 'deadline',
            due: 40,
            lead: '河湖管理处',
            coop: ['工程建设处'],
            light: 'green',
          },
          {
            title: '排涝应急预案更新滞后',
            description: '预案未覆盖新建管网。',
            status: 'pending',
            kind: 'deadline',
            due: 75,
            lead: '水资源管理处',
            light: 'green',
          },
          {
            title: '防汛物资管理不规范',
            description: '物资台账与实物不符。',
            status: 'in_progress',
            kind: 'deadline',
            due: 6,
            lead: '办公室',
            extension: 'pending',
            light: 'yellow',
          },
        ],
      },
      {
        title: '着力解决供水保障和工程质量监管薄弱问题',
        leaves: [
          {
            title: '农村供水工程管护缺位',
            description: '河道"清四乱"整治后出现反弹。',
            status: 'in_progress',
            kind: 'deadline',
            due: -6,
            lead: '水资源管理处',
            light: 'red',
          },
          {
            title: '上轮巡察指出的长效机制未建立',
            description: '整改完成率仅71%，未形成制度。',
            status: 'in_progress',
            kind: 'deadline',
            due: -2,
            lead: '河湖管理处',
            coop: ['水资源管理处'],
            light: 'red',
          },
          {
            title: '质量监督抽检覆盖面不足',
            status: 'in_progress',
            kind: 'deadline',
            due: 12,
            lead: '工程建设处',
            measures: 2,
            light: 'green',
          },
          {
            title: '项目招标文件设置排他性条款',
            status: 'closure_requested',
            kind: 'deadline',
            due: 5,
            lead: '工程建设处',
            light: 'yellow',
          },
        ],
      },
    ],
  },
  {
    group: '在加强内部管理方面',
    themes: [
      {
        title: '着力解决制度执行不严格问题',
        leaves: [
          { title: '易涝点整治进度缓慢', status: 'long_term', kind: 'long_term', lead: '工程建设处', coop: ['计划财务处'], light: 'blue' },
          { title: '工程变更审批不规范', status: 'closed', kind: 'immediate', due: -30, lead: '工程建设处', light: 'none' },
          { title: '干部人事档案审核不严', status: 'closure_requested', kind: 'deadline', due: 20, lead: '人事处', light: 'green' },
          { title: '公务接待审批手续不全', status: 'pending', kind: 'immediate', due: 3, lead: '办公室', light: 'yellow' },
          { title: '支部组织生活不规范', status: 'long_term', kind: 'long_term', lead: '人事处', light: 'blue' },
          {
            title: '内部审计力量薄弱',
            status: 'closed',
            kind: 'deadline',
            due: -2,
            lead: '计划财务处',
            extension: 'approved',
            light: 'none',
          },
        ],
      },
    ],
  },
];
const LEAVES = SPEC.flatMap((g) => g.themes.flatMap((th) => th.leaves));
const N = LEAVES.length;
const count = (pred: (l: Leaf) => boolean) => LEAVES.filter(pred).length;
const touches = (l: Leaf, d: DeptName) => l.lead === d || (l.coop ?? []).includes(d);
/** The other unit's round: a few problems with words unit 1's searches look for too. */
const OTHER: { title: string; status: ProblemStatus }[] = [
  { title: '不可移动文物底数不清', status: 'in_progress' },
  { title: '演出市场执法检查频次不足', status: 'long_term' },
  { title: '文物安全责任人公示不全', status: 'closure_requested' },
];

let t: TestApp;
let f: Factories;
let u1: Unit;
let u2: Unit;
let insp1: Inspection; // the counted round of unit 1
let insp2: Inspection;
let auditorUser: TestUser;
const ids = new Map<string, number>(); // SPEC title → problem id
const dept = (name: DeptName): Dept => u1.depts[DEPTS.indexOf(name)];
const handler = (name: DeptName): TestUser => u1.handlers[DEPTS.indexOf(name)];

before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u1 = await f.unit({ name: '江城市水务局', departments: [...DEPTS] });
  u2 = await f.unit({ name: '江城市文化和旅游局' });
  auditorUser = await f.user({ role: 'auditor', org: u1.office });
  insp1 = await f.inspection({ unit: u1, kind: '巡察', title: '市委第三巡察组对市水务局常规巡察', feedbackDate: '2026-06-12' });
  insp2 = await f.inspection({ unit: u2 });
  let label = 0;
  for (const [gi, g] of SPEC.entries()) {
    const group = await f.node({ unit: u1, inspection: insp1, label: `（${'一二'[gi]}）`, title: g.group });
    for (const th of g.themes) {
      const theme = await f.node({ unit: u1, inspection: insp1, parent: group, label: `${++label}.`, title: th.title });
      for (const [i, l] of th.leaves.entries()) {
        const p = await f.problem({
          unit: u1,
          inspection: insp1,
          parent: theme,
          label: `（${i + 1}）`,
          title: l.title,
          description: l.description ?? '',
          status: l.status,
          kind: l.kind,
          ...(l.due === undefined ? { deadline: null } : { due: l.due }),
          leadDept: dept(l.lead),
          cooperating: (l.coop ?? []).map(dept),
          measures: l.measures ?? 1,
          extension: l.extension,
        });
        ids.set(l.title, p.id);
      }
    }
  }
  for (const o of OTHER) await f.problem({ unit: u2, inspection: insp2, title: o.title, status: o.status });
});
after(async () => {
  await t?.close();
});

const CJK = /[\u4e00-\u9fff]/;
const idOf = (title: string): number => {
  const id = ids.get(title);
  assert.ok(id, `no SPEC problem titled ${title}`);
  return id;
};
const as = (who: TestUser) => f.login(who);
const unitAdmin = () => as(u1.admin);

async function ledger(c: Client, query: string): Promise<LedgerPage> {
  const r = await c.get<LedgerPage>(`/api/v1/ledger?${query}`);
  assert.equal(r.status, 200, `GET /ledger?${query}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The SPEC problem with this title, as `c` sees it in the ledger. */
async function problem(c: Client, title: string): Promise<LedgerRow> {
  const r = await ledger(c, `q=${encodeURIComponent(title)}&pageSize=200`);
  const hit = r.items.filter((x) => x.title === title && x.id === idOf(title));
  assert.equal(hit.length, 1, `exactly one problem titled ${title}`);
  return hit[0];
}

function badField(r: Res<unknown>, field: string): void {
  const e = expectError(r, 400, 'bad_request');
  assert.ok(
    e.fields.some((p) => p === field || p.startsWith(`${field}.`)),
    `details name ${field}: ${JSON.stringify(e.details)}`,
  );
  assert.match(e.message, CJK);
  // schema errors name the field in the message too; use-case errors say it in words
  if (/字段/.test(e.message)) assert.match(e.message, new RegExp(field));
}

let roundSeq = 0;
/** A fresh inspection round of unit 1, so writes do not disturb the counted round. */
async function newRound(unit: Client): Promise<number> {
  const r = await unit.post<InspectionView>('/api/v1/inspections', {
    unitId: u1.id,
    kind: '审计',
    title: `测试轮次${++roundSeq}`,
    body: '市审计局',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.id;
}

/** group → theme → leaf in a fresh round; returns the three problem ids. */
async function newTree(
  unit: Client,
  leaf: Record<string, unknown> = {},
): Promise<{ round: number; group: number; theme: number; leaf: number }> {
  const round = await newRound(unit);
  const g = await unit.post<ProblemPage>('/api/v1/problems', { inspectionId: round, label: '（一）', title: '在测试方面' });
  const th = await unit.post<ProblemPage>('/api/v1/problems', {
    inspectionId: round,
    parentId: g.body.id,
    label: '1.',
    title: '着力解决测试问题',
  });
  const lf = await unit.post<ProblemPage>('/api/v1/problems', {
    inspectionId: round,
    parentId: th.body.id,
    label: '（1）',
    title: '测试叶子问题',
    description: '用于接口测试',
    ...leaf,
  });
  assert.equal(lf.status, 200, JSON.stringify(lf.body));
  return { round, group: g.body.id, theme: th.body.id, leaf: lf.body.id };
}

describe('authentication and permission', () => {
  test('requires authentication: every ledger-side route answers 401 unauthorized', async () => {
    const anon = t.anon();
    const p = idOf('质量监督抽检覆盖面不足');
    const routes: [string, string][] = [
      ['GET', '/api/v1/ledger'],
      ['GET', '/api/v1/inspections'],
      ['GET', `/api/v1/inspections/${insp1.id}`],
      ['POST', '/api/v1/inspections'],
      ['GET', '/api/v1/orgs/tree'],
      ['GET', `/api/v1/units/${u1.id}/departments`],
      ['GET', `/api/v1/units/${u1.id}/leaders`],
      ['GET', '/api/v1/dashboard'],
      ['POST', '/api/v1/problems'],
      ['GET', `/api/v1/problems/${p}`],
      ['PATCH', `/api/v1/problems/${p}`],
      ['POST', `/api/v1/problems/${p}/measures`],
      ['PATCH', `/api/v1/measures/${p}`],
    ];
    for (const [method, path] of routes) {
      const e = expectError(await anon.request(method, path, method === 'GET' ? undefined : {}), 401, 'unauthorized');
      assert.match(e.message, CJK, `${method} ${path}`);
    }
  });

  test('403 for roles that read but may not plan: leader and department handlers', async () => {
    const leader = await as(u1.leader);
    const dept1 = await as(handler('工程建设处'));
    const p = await problem(dept1, '质量监督抽检覆盖面不足'); // led by 工程建设处
    const cases: [Client, string, string, unknown][] = [
      [leader, 'POST', '/api/v1/inspections', { unitId: u1.id, kind: '巡察', title: '领导不能建', body: '某组' }],
      [leader, 'POST', '/api/v1/problems', { inspectionId: insp1.id, label: '（9）', title: '领导不能加' }],
      [leader, 'PATCH', `/api/v1/problems/${p.id}`, { title: '领导不能改' }],
      [dept1, 'PATCH', `/api/v1/problems/${p.id}`, { title: '部门不能改' }],
      [leader, 'POST', `/api/v1/problems/${p.id}/measures`, { text: '领导不能加措施' }],
      [dept1, 'POST', `/api/v1/problems/${p.id}/measures`, { text: '部门不能加措施' }],
    ];
    for (const [c, method, path, body] of cases) {
      const e = expectError(await c.request(method, path, body), 403, 'forbidden');
      assert.match(e.message, /^无权/, `${method} ${path}`);
    }
    const after = (await (await unitAdmin()).get<ProblemPage>(`/api/v1/problems/${p.id}`)).body;
    assert.equal(after.title, '质量监督抽检覆盖面不足');
    assert.equal(after.measures.length, 2);
  });

  test("another unit: 404 on every ledger-side id, an empty ledger for the other unit's round", async () => {
    const unit2 = await as(u2.admin);
    const p = idOf('质量监督抽检覆盖面不足');
    const m = (await (await unitAdmin()).get<ProblemPage>(`/api/v1/problems/${p}`)).body.measures[0].id;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/inspections/${insp1.id}`],
      ['GET', `/api/v1/units/${u1.id}/departments`],
      ['GET', `/api/v1/units/${u1.id}/leaders`],
      ['GET', `/api/v1/dashboard?inspectionId=${insp1.id}`],
      ['GET', `/api/v1/problems/${p}`],
      ['PATCH', `/api/v1/problems/${p}`, { title: '越权' }],
      ['POST', `/api/v1/problems/${p}/measures`, { text: '越权' }],
      ['PATCH', `/api/v1/measures/${m}`, { status: 'done' }],
      ['POST', '/api/v1/problems', { inspectionId: insp1.id, label: '（9）', title: '越权新增' }],
      ['POST', '/api/v1/inspections', { unitId: u1.id, kind: '巡察', title: '越权轮次', body: '某组' }],
    ];
    for (const [method, path, body] of routes) {
      const e = expectError(await unit2.request(method, path, body), 404, 'not_found');
      assert.match(e.message, /不存在或无权访问/, `${method} ${path}`);
    }
    assert.equal((await ledger(unit2, `inspectionId=${insp1.id}`)).total, 0);
    assert.equal((await (await unitAdmin()).get<ProblemPage>(`/api/v1/problems/${p}`)).body.title, '质量监督抽检覆盖面不足');
  });

  test('abilities tell the UI the same: the handler may report, not edit', async () => {
    const p = await problem(await as(handler('工程建设处')), '质量监督抽检覆盖面不足');
    assert.equal(p.abilities.edit, false);
    assert.equal(p.abilities.addMeasure, false);
    assert.equal(p.abilities.addProgress, true);
    // a closure waits until every measure is done (issue 7's unit rule): this item has open measures
    assert.ok(p.openMeasureCount > 0);
    assert.equal(p.abilities.requestClosure, false);
    const asUnit = await problem(await unitAdmin(), '质量监督抽检覆盖面不足');
    assert.equal(asUnit.abilities.edit, true);
    assert.equal(asUnit.abilities.addMeasure, true);
  });
});

describe('GET /ledger: paging and sorting', () => {
  test('pageSize, page and total: pages partition the round in tree order', async () => {
    const unit = await unitAdmin();
    const all = await ledger(unit, `inspectionId=${insp1.id}&pageSize=200`);
    assert.equal(all.total, N);
    assert.equal(all.items.length, N);
    const size = 5;
    const pages = Math.ceil(N / size);
    assert.ok(pages >= 3, 'enough rows for a first, a middle and a last page');
    const seen: number[] = [];
    for (let page = 1; page <= pages; page++) {
      const r = await ledger(unit, `inspectionId=${insp1.id}&pageSize=${size}&page=${page}`);
      assert.equal(r.total, N);
      assert.equal(r.page, page);
      assert.equal(r.pageSize, size);
      assert.equal(r.items.length, page < pages ? size : N - size * (pages - 1));
      seen.push(...r.items.map((x) => x.id));
    }
    assert.deepEqual(
      seen,
      all.items.map((x) => x.id),
      'pages are consecutive slices of one order',
    );
    // past the last page: no items, but the total still tells the pager where to go
    const past = await ledger(unit, `inspectionId=${insp1.id}&pageSize=${size}&page=${pages + 5}`);
    assert.deepEqual(past.items, []);
    assert.equal(past.total, N);
    // defaults
    const d = await ledger(unit, `inspectionId=${insp1.id}`);
    assert.equal(d.page, 1);
    assert.equal(d.pageSize, 50);
  });

  test('only leaf problems, in tree order, with the path of their ancestors', async () => {
    const unit = await unitAdmin();
    const all = await ledger(unit, `inspectionId=${insp1.id}&pageSize=200`);
    assert.deepEqual(
      all.items.map((x) => x.title),
      LEAVES.map((l) => l.title),
      'the leaves, in the order of the tree',
    );
    assert.ok(
      all.items.every((x) => x.path.length === 2),
      'level-3 rows name group and theme',
    );
    const first = (await unit.get<ProblemPage>(`/api/v1/problems/${all.items[0].id}`)).body;
    assert.deepEqual(
      first.path.map((p) => p.title),
      [SPEC[0].group, SPEC[0].themes[0].title],
    );
    const desc = await ledger(unit, `inspectionId=${insp1.id}&pageSize=200&dir=desc`);
    assert.deepEqual(
      desc.items.map((x) => x.id),
      all.items.map((x) => x.id).reverse(),
    );
  });

  test('sort by deadline (nulls last both ways), status and updated', async () => {
    const unit = await unitAdmin();
    const asc = (await ledger(unit, `inspectionId=${insp1.id}&pageSize=200&sort=deadline`)).items;
    const dated = asc.filter((x) => x.deadline);
    assert.deepEqual(
      dated.map((x) => x.deadline),
      dated.map((x) => x.deadline).sort(),
    );
    assert.ok(
      asc.slice(dated.length).every((x) => x.deadline === null),
      'undated last',
    );
    assert.equal(
      asc.length - dated.length,
      count((l) => l.kind === 'long_term'),
      'the long-term items have no deadline',
    );
    assert.equal(asc.length - dated.length, 2);
    const desc = (await ledger(unit, `inspectionId=${insp1.id}&pageSize=200&sort=deadline&dir=desc`)).items;
    const dd = desc.filter((x) => x.deadline).map((x) => x.deadline);
    assert.deepEqual(dd, [...dd].sort().reverse());
    assert.equal(desc[desc.length - 1].deadline, null, 'undated still last when descending');

    const byStatus = (await ledger(unit, `inspectionId=${insp1.id}&pageSize=200&sort=status`)).items.map((x) => x.status);
    const rank = ['pending', 'in_progress', 'long_term', 'closure_requested', 'closed'];
    assert.deepEqual(
      byStatus,
      [...byStatus].sort((a, b) => rank.indexOf(a) - rank.indexOf(b)),
    );
    assert.equal(byStatus[0], 'pending');

    const upd = (await ledger(unit, `inspectionId=${insp1.id}&pageSize=200&sort=updated&dir=desc`)).items.map((x) =>
      Date.parse(x.updatedAt),
    );
    assert.deepEqual(
      upd,
      [...upd].sort((a, b) => b - a),
    );
  });
});

describe('GET /ledger: filters', () => {
  test('inspectionId', async () => {
    const r = await ledger(await as(u1.office.admin), `inspectionId=${insp2.id}&pageSize=200`);
    assert.equal(r.total, OTHER.length);
    assert.ok(r.items.every((x) => x.inspectionId === insp2.id && x.unitId === u2.id));
  });

  test('status, one and several (comma-separated)', async () => {
    const unit = await unitAdmin();
    const closed = await ledger(unit, `inspectionId=${insp1.id}&status=closed&pageSize=200`);
    assert.equal(
      closed.total,
      count((l) => l.status === 'closed'),
    );
    assert.equal(closed.total, 2);
    assert.ok(closed.items.every((x) => x.status === 'closed'));
    const two = await ledger(unit, `inspectionId=${insp1.id}&status=closed,closure_requested&pageSize=200`);
    assert.equal(
      two.total,
      count((l) => l.status === 'closed' || l.status === 'closure_requested'),
    );
    assert.equal(two.total, 4);
    assert.ok(two.items.every((x) => x.status === 'closed' || x.status === 'closure_requested'));
    assert.ok(two.items.some((x) => x.status === 'closure_requested'));
  });

  test('departmentId: lead or cooperating', async () => {
    const works = dept('工程建设处');
    const r = await ledger(await unitAdmin(), `inspectionId=${insp1.id}&departmentId=${works.id}&pageSize=200`);
    assert.equal(
      r.total,
      count((l) => touches(l, '工程建设处')),
    );
    assert.equal(r.total, 5);
    assert.ok(r.items.every((x) => x.leadDept?.id === works.id || x.cooperatingDepts.some((c) => c.id === works.id)));
    assert.ok(
      r.items.some((x) => x.leadDept?.id !== works.id),
      'a cooperating-only problem is included',
    );
  });

  test('kind', async () => {
    const unit = await unitAdmin();
    for (const [kind, n] of [
      ['long_term', 2],
      ['immediate', 2],
      ['deadline', N - 4],
    ] as const) {
      const r = await ledger(unit, `inspectionId=${insp1.id}&kind=${kind}&pageSize=200`);
      assert.equal(r.total, n, kind);
      assert.equal(
        r.total,
        count((l) => l.kind === kind),
        kind,
      );
      assert.ok(r.items.every((x) => x.rectifyKind === kind));
    }
  });

  test('deadlineFrom / deadlineTo are inclusive', async () => {
    const unit = await unitAdmin();
    const all = (await ledger(unit, `inspectionId=${insp1.id}&pageSize=200`)).items;
    const d = all.find((x) => x.status === 'in_progress' && x.light === 'yellow')!.deadline!;
    const r = await ledger(unit, `inspectionId=${insp1.id}&deadlineFrom=${d}&deadlineTo=${d}&pageSize=200`);
    assert.equal(r.total, all.filter((x) => x.deadline === d).length);
    assert.ok(r.total >= 1);
    const from = await ledger(unit, `inspectionId=${insp1.id}&deadlineFrom=2026-12-01&pageSize=200`);
    assert.equal(from.total, all.filter((x) => x.deadline && x.deadline >= '2026-12-01').length);
    assert.ok(from.total >= 1 && from.total < N);
    assert.ok(from.items.every((x) => x.deadline! >= '2026-12-01'));
  });

  test('overdue=true: past the deadline and not closed', async () => {
    const unit = await unitAdmin();
    const r = await ledger(unit, `inspectionId=${insp1.id}&overdue=true&pageSize=200`);
    assert.equal(
      r.total,
      count((l) => l.light === 'red'),
    );
    assert.equal(r.total, 2);
    assert.ok(r.items.every((x) => x.overdue && x.light === 'red' && x.status !== 'closed'));
    // closed items past their deadline are not overdue
    const closedPast = await ledger(unit, `inspectionId=${insp1.id}&status=closed&deadlineTo=2026-11-20&pageSize=200`);
    assert.ok(closedPast.total! > 0);
    assert.ok(closedPast.items.every((x) => !x.overdue && x.light === 'none'));
  });

  test('light: each row shows its light, and the SQL filter returns exactly the rows whose shown light matches', async () => {
    const unit = await unitAdmin();
    const all = (await ledger(unit, `inspectionId=${insp1.id}&pageSize=200`)).items;
    assert.deepEqual(
      all.map((x) => [x.title, x.light]),
      LEAVES.map((l) => [l.title, l.light]),
    );
    let sum = 0;
    for (const light of ['green', 'yellow', 'red', 'blue', 'none'] as const) {
      const r = await ledger(unit, `inspectionId=${insp1.id}&light=${light}&pageSize=200`);
      assert.deepEqual(
        r.items.map((x) => x.id).sort(),
        all
          .filter((x) => x.light === light)
          .map((x) => x.id)
          .sort(),
        light,
      );
      assert.ok(r.total! > 0, `the round shows ${light}`);
      sum += r.total!;
    }
    assert.equal(sum, N);
  });

  test('light follows the clock: moving to the deadline turns yellow into red the next day', async () => {
    // a probe through the light filter only; the clock is put back afterwards
    const unit = await unitAdmin();
    const yellow = (await ledger(unit, `inspectionId=${insp1.id}&light=yellow&pageSize=200`)).items;
    const d = yellow[0].deadline!;
    const start = t.clock.now();
    try {
      t.clock.set(`${d}T02:00:00.000Z`); // 10:00 in Beijing on the deadline day: still not red
      const c1 = await unitAdmin();
      assert.ok((await ledger(c1, `inspectionId=${insp1.id}&light=yellow&pageSize=200`)).items.some((x) => x.id === yellow[0].id));
      t.clock.set(new Date(Date.parse(`${d}T16:30:00.000Z`))); // 00:30 the next day in Beijing
      const c2 = await unitAdmin();
      const red = await ledger(c2, `inspectionId=${insp1.id}&light=red&pageSize=200`);
      assert.ok(red.items.some((x) => x.id === yellow[0].id && x.overdue));
    } finally {
      t.clock.set(start);
    }
  });

  test('q: a two-character Chinese term, a single character, punctuation and LIKE wildcards', async () => {
    const unit = await unitAdmin();
    const all = (await ledger(unit, `inspectionId=${insp1.id}&pageSize=200`)).items;
    const text = (x: LedgerRow) => `${x.label}${x.title} ${x.description}`;
    for (const q of ['泵站', '管网', '泵', '审计', '"清四乱"', '71%', '%', '_', "'", '不存在的词语']) {
      const r = await ledger(unit, `inspectionId=${insp1.id}&q=${encodeURIComponent(q)}&pageSize=200`);
      const want = all.filter((x) => text(x).includes(q)).map((x) => x.id);
      assert.deepEqual(
        r.items.map((x) => x.id),
        want,
        `q=${q}`,
      );
    }
    const pump = await ledger(unit, `q=${encodeURIComponent('泵站')}`);
    assert.deepEqual(
      pump.items.map((x) => x.title),
      ['汛前隐患排查不彻底'],
    );
    // a literal % must not act as a wildcard: only the rows that contain one
    const pct = await ledger(unit, `inspectionId=${insp1.id}&q=${encodeURIComponent('%')}&pageSize=200`);
    assert.ok(pct.total! >= 1 && pct.total! < N);
    // scattered characters of a term do not match (the index narrows, LIKE decides)
    const scattered = await ledger(unit, `q=${encodeURIComponent('汛检')}&pageSize=200`);
    assert.equal(scattered.total, 0);
  });

  test('filters combine (AND)', async () => {
    const r = await ledger(
      await unitAdmin(),
      `inspectionId=${insp1.id}&status=in_progress&kind=deadline&light=red&departmentId=${dept('水资源管理处').id}`,
    );
    // 水资源管理处 leads the first and cooperates on the second: both match departmentId
    assert.deepEqual(
      r.items.map((x) => x.title),
      ['农村供水工程管护缺位', '上轮巡察指出的长效机制未建立'],
    );
  });

  test('bad values: 400 naming the field', async () => {
    const unit = await unitAdmin();
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
    assert.match(expectError(await unit.get('/api/v1/ledger?status=bogus'), 400).message, /状态取值无效/);
    assert.match(expectError(await unit.get('/api/v1/ledger?deadlineFrom=2026-13-01'), 400).message, /日期无效/);
  });
});

describe('GET /ledger: scoping', () => {
  const sorted = (r: { items: LedgerRow[] }) => r.items.map((x) => x.id).sort((a, b) => a - b);

  test('a department handler sees only problems where its department leads or cooperates', async () => {
    const works = dept('工程建设处');
    const dept1 = await as(handler('工程建设处'));
    const r = await ledger(dept1, `inspectionId=${insp1.id}&pageSize=200`);
    assert.equal(
      r.total,
      count((l) => touches(l, '工程建设处')),
    );
    assert.ok(
      r.items.some((x) => x.title === '汛前隐患排查不彻底'),
      'cooperating on a 河湖管理处 problem',
    );
    assert.ok(!r.items.some((x) => x.title === '排涝应急预案更新滞后'), "not another department's problem");
    // over every round: exactly the unit's rows that touch the department
    const everything = (await ledger(await unitAdmin(), 'pageSize=200')).items;
    const mine = everything.filter((x) => x.leadDept?.id === works.id || x.cooperatingDepts.some((c) => c.id === works.id));
    assert.deepEqual(
      sorted(await ledger(dept1, 'pageSize=200')),
      mine.map((x) => x.id).sort((a, b) => a - b),
    );
  });

  test("another handler sees only 水资源管理处's problems", async () => {
    const water = dept('水资源管理处');
    const r = await ledger(await as(handler('水资源管理处')), 'pageSize=200');
    assert.ok(r.total! >= count((l) => touches(l, '水资源管理处')));
    assert.equal((await ledger(await as(handler('水资源管理处')), `inspectionId=${insp1.id}`)).total, 3);
    assert.ok(r.items.every((x) => x.leadDept?.id === water.id || x.cooperatingDepts.some((c) => c.id === water.id)));
  });

  test("the other unit's 整改办 sees only its unit; a filter on unit 1 finds nothing", async () => {
    const unit2 = await as(u2.admin);
    const r = await ledger(unit2, 'pageSize=200');
    assert.ok(r.total! >= OTHER.length);
    assert.ok(r.items.every((x) => x.unitId === u2.id));
    assert.equal((await ledger(unit2, `inspectionId=${insp1.id}`)).total, 0, "another unit's round is empty, not an error");
    assert.equal((await ledger(unit2, `departmentId=${dept('工程建设处').id}`)).total, 0);
    assert.equal((await ledger(unit2, `q=${encodeURIComponent('泵站')}`)).total, 0);
  });

  test('the leader reads the whole unit; the office reads both units', async () => {
    assert.equal((await ledger(await as(u1.leader), `inspectionId=${insp1.id}&pageSize=200`)).total, N);
    const office = await as(u1.office.admin);
    assert.equal((await ledger(office, `pageSize=200&inspectionId=${insp1.id}`)).total, N);
    assert.equal((await ledger(office, `pageSize=200&inspectionId=${insp2.id}`)).total, OTHER.length);
  });

  test('the auditor (三员) reads no business data: an empty ledger and an empty dashboard', async () => {
    // Decision: scope, not role, limits reading — the auditor's scope is empty,
    // so the list is empty (nothing leaks) and /auth/me says viewLedger:false.
    const auditor = await as(auditorUser);
    const r = await ledger(auditor, 'pageSize=200');
    assert.deepEqual(r.items, []);
    assert.equal(r.total, 0);
    const d = await auditor.get<Dashboard>('/api/v1/dashboard');
    assert.equal(d.status, 200);
    assert.equal(d.body.total, 0);
    assert.deepEqual((await auditor.get<{ items: unknown[] }>('/api/v1/inspections')).body.items, []);
    expectError(await auditor.get(`/api/v1/inspections/${insp1.id}`), 404);
    expectError(await auditor.get(`/api/v1/dashboard?inspectionId=${insp1.id}`), 404);
  });
});

describe('inspections', () => {
  test('GET /inspections: each reader sees the rounds of what they read', async () => {
    // the list pages (issue 12); every round of these units fits on the first page of 200
    const rounds = async (who: TestUser) =>
      (await (await as(who)).get<{ items: InspectionView[] }>('/api/v1/inspections?pageSize=200')).body.items;
    const unit = await rounds(u1.admin);
    assert.ok(unit.some((i) => i.id === insp1.id));
    assert.ok(unit.every((i) => i.unitId === u1.id));
    const unit2 = await rounds(u2.admin);
    assert.ok(unit2.some((i) => i.id === insp2.id));
    assert.ok(unit2.every((i) => i.unitId === u2.id));
    const dept1 = await rounds(handler('工程建设处'));
    assert.ok(dept1.some((i) => i.id === insp1.id));
    assert.ok(dept1.every((i) => i.unitId === u1.id));
    const office = (await rounds(u1.office.admin)).map((i) => i.id);
    assert.ok(office.includes(insp1.id) && office.includes(insp2.id));
  });

  test('GET /inspections/:id: the round with its counts; a department handler may open what it lists', async () => {
    const unit = await unitAdmin();
    const r = await unit.get<InspectionView>(`/api/v1/inspections/${insp1.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.unitName, '江城市水务局');
    assert.equal(r.body.kind, '巡察');
    assert.equal(r.body.title, '市委第三巡察组对市水务局常规巡察');
    assert.equal(r.body.feedbackDate, '2026-06-12');
    assert.equal(r.body.problemCount, N);
    assert.equal(
      r.body.closedCount,
      count((l) => l.status === 'closed'),
    );
    // GET /inspections lists this round for the handler; opening it must not be a 404
    const d1 = await (await as(handler('工程建设处'))).get<InspectionView>(`/api/v1/inspections/${insp1.id}`);
    assert.equal(d1.status, 200, JSON.stringify(d1.body));
    assert.equal(d1.body.id, insp1.id);
    // a handler of unit 1 handles nothing in unit 2's round
    expectError(await (await as(handler('水资源管理处'))).get(`/api/v1/inspections/${insp2.id}`), 404);
    expectError(await unit.get('/api/v1/inspections/999999'), 404);
    badField(await unit.get('/api/v1/inspections/abc'), 'id');
    badField(await unit.get('/api/v1/inspections/0'), 'id');
  });

  test('POST /inspections: 整改办 for its unit, 巡察办 for the units it watches; bad bodies name the field', async () => {
    const unit = await unitAdmin();
    const r = await unit.post<InspectionView>('/api/v1/inspections', {
      unitId: u1.id,
      kind: '巡视',
      title: '省委巡视组专项巡视',
      body: '省委第二巡视组',
      onsiteStart: '2026-09-01',
      onsiteEnd: '2026-10-15',
      feedbackDate: '2026-11-10',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.unitId, u1.id);
    assert.equal(r.body.onsiteEnd, '2026-10-15');
    assert.equal(r.body.problemCount, 0);
    assert.equal((await unit.get<InspectionView>(`/api/v1/inspections/${r.body.id}`)).body.title, '省委巡视组专项巡视');
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'inspection.create' AND object_id = $1`, [String(r.body.id)]);
    assert.equal(audit.rowCount, 1);

    const office = await as(u1.office.admin);
    const o = await office.post<InspectionView>('/api/v1/inspections', {
      unitId: u2.id,
      kind: '督察',
      title: '巡察办督察',
      body: '市委巡察办',
    });
    assert.equal(o.status, 200);
    assert.equal(o.body.unitName, '江城市文化和旅游局');

    badField(
      await unit.post('/api/v1/inspections', {
        unitId: u1.id,
        kind: '巡视',
        title: '日期颠倒',
        body: '某组',
        onsiteStart: '2026-10-01',
        onsiteEnd: '2026-09-01',
      }),
      'onsiteEnd',
    );
    badField(await unit.post('/api/v1/inspections', { unitId: u1.id, kind: '检查', title: '类型不对', body: '某组' }), 'kind');
    badField(await unit.post('/api/v1/inspections', { unitId: u1.id, kind: '巡视', title: '', body: '某组' }), 'title');
    const foreign = await unit.post('/api/v1/inspections', { unitId: u2.id, kind: '巡视', title: '别的单位', body: '某组' });
    assert.equal(foreign.status, 404, 'another unit is invisible, not forbidden');
  });
});

describe('organisations', () => {
  test('GET /orgs/tree: the office above the units one reads, with their departments', async () => {
    const unit = (await (await unitAdmin()).get<OrgNode[]>('/api/v1/orgs/tree')).body;
    assert.equal(unit.length, 1);
    assert.equal(unit[0].kind, 'office');
    assert.deepEqual(
      unit[0].children.map((x) => x.name),
      ['江城市水务局'],
    );
    assert.deepEqual(
      unit[0].children[0].children.map((x) => x.name),
      [...DEPTS],
    );
    const office = (await (await as(u1.office.admin)).get<OrgNode[]>('/api/v1/orgs/tree')).body;
    assert.deepEqual(
      office[0].children.map((x) => x.name),
      ['江城市水务局', '江城市文化和旅游局'],
    );
    const d1 = JSON.stringify((await (await as(handler('工程建设处'))).get('/api/v1/orgs/tree')).body);
    assert.match(d1, /工程建设处/);
    assert.doesNotMatch(d1, /文化和旅游局/);
  });

  test('GET /units/:id/departments and /leaders', async () => {
    const unit = await unitAdmin();
    const deps = await unit.get<{ id: number; name: string }[]>(`/api/v1/units/${u1.id}/departments`);
    assert.equal(deps.status, 200);
    assert.deepEqual(
      deps.body.map((d) => d.name),
      [...DEPTS],
    );
    const leaders = await unit.get<{ id: number; displayName: string }[]>(`/api/v1/units/${u1.id}/leaders`);
    assert.deepEqual(
      leaders.body.map((l) => l.displayName),
      [u1.leader.displayName],
    );
    // a department handler may read its own unit's names (to pick cooperators)
    const dept1 = await as(handler('工程建设处'));
    assert.equal((await dept1.get(`/api/v1/units/${u1.id}/departments`)).status, 200);
    expectError(await dept1.get(`/api/v1/units/${u2.id}/departments`), 404);
    expectError(await unit.get('/api/v1/units/999999/leaders'), 404);
    const nf = expectError(await unit.get(`/api/v1/units/${u2.id}/leaders`), 404, 'not_found');
    assert.match(nf.message, /不存在或无权访问/);
  });
});

describe('GET /dashboard', () => {
  test('counts add up for the round', async () => {
    const r = await (await unitAdmin()).get<Dashboard>(`/api/v1/dashboard?inspectionId=${insp1.id}`);
    assert.equal(r.status, 200);
    const d = r.body;
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    const closed = count((l) => l.status === 'closed');
    assert.equal(d.total, N);
    assert.equal(sum(d.byStatus), d.total);
    assert.equal(sum(d.byLight), d.total);
    assert.equal(sum(d.byKind), d.total);
    assert.equal(
      d.byDepartment.reduce((a, x) => a + x.total, 0),
      d.total,
    );
    assert.equal(d.closed, d.byStatus.closed);
    assert.equal(d.closed, closed);
    assert.equal(d.completionRate, Math.round((closed / N) * 1000) / 10);
    assert.equal(d.completionRate, 15.4);
    assert.equal(d.overdueCount, 2);
    assert.equal(d.overdue.length, 2);
    assert.ok(d.overdue.every((x) => x.overdue));
    assert.equal(d.byLight.red, d.overdueCount);
    assert.equal(d.today, '2026-11-21');
    // by lead department (cooperations do not count here)
    const eng = d.byDepartment.find((x) => x.name === '工程建设处')!;
    const led = LEAVES.filter((l) => l.lead === '工程建设处');
    assert.deepEqual(
      { total: eng.total, closed: eng.closed, overdue: eng.overdue },
      { total: led.length, closed: led.filter((l) => l.status === 'closed').length, overdue: 0 },
    );
    assert.equal(eng.total, 4);
  });

  test('the dashboard agrees with the ledger for every status and light', async () => {
    const unit = await unitAdmin();
    const d = (await unit.get<Dashboard>(`/api/v1/dashboard?inspectionId=${insp1.id}`)).body;
    for (const [s, n] of Object.entries(d.byStatus)) assert.equal((await ledger(unit, `inspectionId=${insp1.id}&status=${s}`)).total, n, s);
    for (const [l, n] of Object.entries(d.byLight)) assert.equal((await ledger(unit, `inspectionId=${insp1.id}&light=${l}`)).total, n, l);
  });

  test('scoped like the ledger: a handler counts its own, the office without a round counts both units', async () => {
    const dept1 = await as(handler('工程建设处'));
    const d1 = (await dept1.get<Dashboard>('/api/v1/dashboard')).body;
    assert.equal(d1.total, (await ledger(dept1, 'pageSize=1')).total);
    assert.equal(
      (await dept1.get<Dashboard>(`/api/v1/dashboard?inspectionId=${insp1.id}`)).body.total,
      count((l) => touches(l, '工程建设处')),
    );
    const office = await as(u1.office.admin);
    const off = (await office.get<Dashboard>('/api/v1/dashboard')).body;
    assert.equal(off.total, (await ledger(office, 'pageSize=1')).total);
    assert.ok(off.total >= N + OTHER.length);
  });

  test('an unknown or foreign round is 404; a bad id is 400', async () => {
    const unit = await unitAdmin();
    expectError(await unit.get('/api/v1/dashboard?inspectionId=999999'), 404);
    expectError(await unit.get(`/api/v1/dashboard?inspectionId=${insp2.id}`), 404);
    badField(await unit.get('/api/v1/dashboard?inspectionId=0'), 'inspectionId');
  });
});

describe('POST /problems', () => {
  test('builds a three-level tree; the leaf appears in the ledger with its path', async () => {
    const unit = await unitAdmin();
    const { round, group, theme, leaf } = await newTree(unit, {
      rectifyKind: 'deadline',
      leadDeptId: dept('工程建设处').id,
      deadline: '2027-03-31',
    });
    const p = (await unit.get<ProblemPage>(`/api/v1/problems/${leaf}`)).body;
    assert.equal(p.level, 3);
    assert.equal(p.parentId, theme);
    assert.deepEqual(
      p.path.map((x) => x.id),
      [group, theme],
    );
    assert.equal(p.status, 'pending');
    assert.equal(p.statusZh, '未启动');
    assert.equal(p.leadDept?.name, '工程建设处');
    assert.equal(p.deadline, '2027-03-31');
    assert.equal(p.isLeaf, true);
    const l = await ledger(unit, `inspectionId=${round}`);
    assert.deepEqual(
      l.items.map((x) => x.id),
      [leaf],
      'only the leaf is a ledger row',
    );
    // and the lead department's handler now sees it
    assert.ok((await ledger(await as(handler('工程建设处')), `inspectionId=${round}`)).items.some((x) => x.id === leaf));
  });

  test('refuses a fourth level, a parent of another round, a foreign department, and a missing title', async () => {
    const unit = await unitAdmin();
    const { round, leaf } = await newTree(unit);
    badField(await unit.post('/api/v1/problems', { inspectionId: round, parentId: leaf, label: '①', title: '第四级' }), 'parentId');
    const other = await newRound(unit);
    expectError(await unit.post('/api/v1/problems', { inspectionId: other, parentId: leaf, label: '1.', title: '跨轮次' }), 404);
    const foreign = expectError(
      await unit.post('/api/v1/problems', { inspectionId: round, label: '（二）', title: '外单位部门', leadDeptId: u2.depts[0].id }),
      400,
    );
    assert.match(foreign.message, /不属于本单位/);
    badField(await unit.post('/api/v1/problems', { inspectionId: round, label: '（二）', title: '  ' }), 'title');
    badField(
      await unit.post('/api/v1/problems', { inspectionId: round, label: '（二）', title: '类型', rectifyKind: 'sometimes' }),
      'rectifyKind',
    );
    expectError(await unit.post('/api/v1/problems', { inspectionId: 999999, label: '（一）', title: '无轮次' }), 404);
    // nothing of the refused ones was written
    const n = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM problems WHERE inspection_id = $1', [round])).rows[0].n;
    assert.equal(n, 3);
  });
});

describe('PATCH /problems/:id', () => {
  test('plan fields; the deadline can be set once, afterwards only by extension (400)', async () => {
    const unit = await unitAdmin();
    const { leaf } = await newTree(unit);
    const leaderId = (await unit.get<{ id: number }[]>(`/api/v1/units/${u1.id}/leaders`)).body[0].id;
    const r = await unit.patch<ProblemPage>(`/api/v1/problems/${leaf}`, {
      title: '测试叶子问题（修订）',
      rectifyKind: 'deadline',
      leaderId,
      leadDeptId: dept('工程建设处').id,
      cooperatingDeptIds: [dept('办公室').id, dept('工程建设处').id],
      deadline: '2027-01-31',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.title, '测试叶子问题（修订）');
    assert.equal(r.body.leader?.name, u1.leader.displayName);
    assert.equal(r.body.deadline, '2027-01-31');
    // the lead department is not also a cooperator
    assert.deepEqual(
      r.body.cooperatingDepts.map((d) => d.name),
      ['办公室'],
    );

    const again = await unit.patch(`/api/v1/problems/${leaf}`, { deadline: '2027-02-28' });
    badField(again, 'deadline');
    assert.match(again.error!.message, /延期/);
    // the same deadline again is not a change
    assert.equal((await unit.patch(`/api/v1/problems/${leaf}`, { deadline: '2027-01-31' })).status, 200);
    assert.equal((await unit.get<ProblemPage>(`/api/v1/problems/${leaf}`)).body.deadline, '2027-01-31');
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'problem.plan' AND object_id = $1`, [String(leaf)]);
    assert.ok(audit.rowCount >= 1);
  });

  test('a department or leader of another unit: 400 and nothing changed', async () => {
    const unit = await unitAdmin();
    const { leaf } = await newTree(unit);
    const before = (await unit.get<ProblemPage>(`/api/v1/problems/${leaf}`)).body;
    const r = expectError(
      await unit.patch(`/api/v1/problems/${leaf}`, { title: '不应写入', leadDeptId: u2.depts[0].id }),
      400,
      'bad_request',
    );
    assert.match(r.message, /不属于本单位/);
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { title: '不应写入', leaderId: u2.leader.id }), 'leaderId');
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { leaderId: handler('工程建设处').id }), 'leaderId');
    const after = (await unit.get<ProblemPage>(`/api/v1/problems/${leaf}`)).body;
    assert.equal(after.title, before.title);
    assert.equal(after.leadDept, null);
    assert.equal(after.leader, null);
  });

  test('bad bodies name the field; unknown id is 404', async () => {
    const unit = await unitAdmin();
    const { leaf } = await newTree(unit);
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { deadline: '2027-02-30' }), 'deadline');
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { rectifyKind: 'never' }), 'rectifyKind');
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { cooperatingDeptIds: ['x'] }), 'cooperatingDeptIds');
    badField(await unit.patch(`/api/v1/problems/${leaf}`, { title: 'x'.repeat(501) }), 'title');
    const nf = expectError(await unit.patch('/api/v1/problems/999999', { title: '无' }), 404);
    assert.match(nf.message, /该问题不存在或无权访问/);
  });
});

describe('measures', () => {
  test('POST /problems/:id/measures: 整改办 adds to a leaf; not to a group; owner must be of the unit', async () => {
    const unit = await unitAdmin();
    const { leaf, theme } = await newTree(unit);
    const r = await unit.post<ProblemPage>(`/api/v1/problems/${leaf}/measures`, {
      text: '制定专项整改方案',
      ownerDeptId: dept('人事处').id,
      deadline: '2027-01-15',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.measures.length, 1);
    assert.equal(r.body.measures[0].text, '制定专项整改方案');
    assert.equal(r.body.measures[0].ownerDept?.name, '人事处');
    assert.equal(r.body.measures[0].deadline, '2027-01-15');
    assert.equal(r.body.measures[0].status, 'pending');
    assert.equal(r.body.measureCount, 1);
    const second = await unit.post<ProblemPage>(`/api/v1/problems/${leaf}/measures`, { text: '第二条措施' });
    assert.deepEqual(
      second.body.measures.map((m) => m.text),
      ['制定专项整改方案', '第二条措施'],
      'in the order added',
    );

    const group = await unit.post(`/api/v1/problems/${theme}/measures`, { text: '加在主题上' });
    assert.equal(group.status, 403, 'measures belong to actionable (leaf) problems');
    expectError(await unit.post(`/api/v1/problems/${leaf}/measures`, { text: '外单位', ownerDeptId: u2.depts[0].id }), 400);
    badField(await unit.post(`/api/v1/problems/${leaf}/measures`, { text: '' }), 'text');
    assert.equal((await unit.get<ProblemPage>(`/api/v1/problems/${leaf}`)).body.measures.length, 2);
    expectError(await unit.post('/api/v1/problems/999999/measures', { text: '无' }), 404);
  });

  test('PATCH /measures/:id: the lead department ticks off; only 整改办 rewrites', async () => {
    const dept1 = await as(handler('工程建设处'));
    const unit = await unitAdmin();
    const p = await f.problem({ unit: u1, status: 'in_progress', leadDept: dept('工程建设处') }); // outside the counted round
    const page = (await dept1.get<ProblemPage>(`/api/v1/problems/${p.id}`)).body;
    const m = page.measures[0];
    assert.equal(m.abilities.setStatus, true);
    assert.equal(m.abilities.edit, false);

    const done = await dept1.patch<ProblemPage>(`/api/v1/measures/${m.id}`, { status: 'done' });
    assert.equal(done.status, 200);
    assert.equal(done.body.measures[0].status, 'done');

    expectError(await dept1.patch(`/api/v1/measures/${m.id}`, { text: '部门改写措施' }), 403, 'forbidden');
    expectError(await dept1.patch(`/api/v1/measures/${m.id}`, { status: 'in_progress', ownerDeptId: dept('办公室').id }), 403);

    const byUnit = await unit.patch<ProblemPage>(`/api/v1/measures/${m.id}`, {
      text: '整改办修订后的措施',
      ownerDeptId: dept('办公室').id,
    });
    assert.equal(byUnit.status, 200);
    assert.equal(byUnit.body.measures[0].text, '整改办修订后的措施');
    assert.equal(byUnit.body.measures[0].ownerDept?.name, '办公室');
    assert.equal(byUnit.body.measures[0].status, 'done', 'status untouched by a text edit');

    expectError(await unit.patch(`/api/v1/measures/${m.id}`, { ownerDeptId: u2.depts[0].id }), 400);
    badField(await unit.patch(`/api/v1/measures/${m.id}`, { status: 'finished' }), 'status');
    assert.match(expectError(await unit.patch(`/api/v1/measures/${m.id}`, { status: 'finished' }), 400).message, /措施状态取值无效/);

    // a cooperating department may not tick off the lead's measures
    const coop = await f.problem({ unit: u1, status: 'in_progress', leadDept: dept('河湖管理处'), cooperating: [dept('工程建设处')] });
    expectError(await dept1.patch(`/api/v1/measures/${coop.measureIds[0]}`, { status: 'done' }), 403);
    // a department that does not see the problem gets 404
    expectError(await (await as(handler('水资源管理处'))).patch(`/api/v1/measures/${m.id}`, { status: 'pending' }), 404);
    expectError(await unit.patch('/api/v1/measures/999999', { status: 'done' }), 404);
  });
});

describe('GET /problems/:id', () => {
  test('the problem page: measures, progress with evidence, transitions, extensions with abilities', async () => {
    const unit = await unitAdmin();
    const leader = await as(u1.leader);
    // in progress with one entry and a PNG, an extension asked by 整改办
    const p = await f.problem({ unit: u1, status: 'in_progress', leadDept: dept('办公室'), measures: 2 });
    await f.extension({ problem: p, by: u1.admin });
    const page = (await leader.get<ProblemPage>(`/api/v1/problems/${p.id}`)).body;
    assert.equal(page.status, 'in_progress');
    assert.equal(page.measures.length, 2);
    assert.equal(page.progress.length, 1);
    assert.equal(page.progress[0].evidence[0].filename, '现场照片.png');
    assert.match(page.progress[0].evidence[0].digest, /^[0-9a-f]{64}$/);
    // the factory's plan (leader) and its two measures are 计划变更 entries, then the work
    assert.deepEqual(
      page.transitions.map((x) => x.action),
      ['plan_change', 'plan_change', 'plan_change', 'start', 'extension_request'],
    );
    assert.equal(page.extensions.length, 1);
    assert.equal(page.extensions[0].status, 'pending');
    assert.equal(page.extensions[0].requestedBy.name, u1.admin.displayName);
    assert.equal(page.extensions[0].abilities.decide, true, "the leader may decide 整改办's request");
    const own = (await unit.get<ProblemPage>(`/api/v1/problems/${p.id}`)).body;
    assert.equal(own.extensions[0].abilities.decide, false, 'the requester may not');
    badField(await unit.get('/api/v1/problems/abc'), 'id');
    badField(await unit.get('/api/v1/problems/-3'), 'id');
  });
});

describe('PATCH /problems/:id: changing the kind of an item under way', () => {
  test('long-term ↔ dated moves 长期坚持 ↔ 整改中 with a kind_change transition', async () => {
    const unit = await unitAdmin();
    const insp = await unit.post<InspectionView>('/api/v1/inspections', {
      unitId: u1.id,
      kind: '巡察',
      title: '类型调整测试轮次',
      body: '测试巡察组',
    });
    assert.equal(insp.status, 200, JSON.stringify(insp.body));
    const created = await unit.post<ProblemPage>('/api/v1/problems', {
      inspectionId: insp.body.id,
      label: '（1）',
      title: '长期坚持类测试问题',
      rectifyKind: 'long_term',
      leadDeptId: dept('办公室').id,
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body.id;
    const progress = await unit.upload<ProblemPage>(`/api/v1/problems/${id}/progress`, { text: '已建立常态化工作机制。' });
    assert.equal(progress.status, 200, JSON.stringify(progress.body));
    assert.equal(progress.body.status, 'long_term');

    const dated = await unit.patch<ProblemPage>(`/api/v1/problems/${id}`, { rectifyKind: 'deadline', deadline: '2027-06-30' });
    assert.equal(dated.status, 200, JSON.stringify(dated.body));
    assert.equal(dated.body.status, 'in_progress');
    assert.equal(dated.body.light, 'green');
    const t1 = dated.body.transitions.at(-1)!;
    assert.equal(t1.action, 'kind_change');
    assert.deepEqual([t1.fromStatus, t1.toStatus], ['long_term', 'in_progress']);

    const back = await unit.patch<ProblemPage>(`/api/v1/problems/${id}`, { rectifyKind: 'long_term' });
    assert.equal(back.body.status, 'long_term');
    assert.equal(back.body.light, 'blue');
  });
});

describe('GET /ledger: keyset paging and capped counts (issue 12)', () => {
  const RANK = ['pending', 'in_progress', 'long_term', 'closure_requested', 'closed'];
  let unit: Unit;
  let round: Inspection;
  const leafIds: number[] = [];

  before(async () => {
    unit = await f.unit({ name: '键集分页测试局' });
    round = await f.inspection({ unit });
    const g1 = await f.node({ unit, inspection: round, label: '一、', title: '在第一方面' });
    const g2 = await f.node({ unit, inspection: round, label: '二、', title: '在第二方面' });
    // ties (five share a deadline), no deadline (long-term and unplanned) and two statuses, over two groups
    const specs: { parent: { id: number }; due?: number; deadline?: null; status?: ProblemStatus; kind?: RectifyKind }[] = [
      { parent: g1, due: 10 },
      { parent: g1, due: 10, status: 'in_progress' },
      { parent: g1, kind: 'long_term' },
      { parent: g1, due: 5 },
      { parent: g1, due: 10 },
      { parent: g1, deadline: null },
      { parent: g2, due: 10 },
      { parent: g2, due: 20, status: 'in_progress' },
      { parent: g2, kind: 'long_term' },
      { parent: g2, due: 10 },
      { parent: g2, due: 5, status: 'in_progress' },
    ];
    for (const [i, s] of specs.entries()) {
      const p = await f.problem({
        unit,
        inspection: round,
        label: `${i + 1}.`,
        title: `分页问题${i + 1}`,
        measures: 0,
        evidence: false,
        ...s,
      });
      leafIds.push(p.id);
    }
  });

  /** Every row of a sort by walking `nextCursor` 3 rows at a time, and again backwards by `prevCursor`. */
  async function walk(c: Client, query: string): Promise<{ forward: LedgerRow[]; backward: LedgerRow[] }> {
    const forward: LedgerRow[] = [];
    let page = await ledger(c, `${query}&pageSize=3`);
    assert.equal(page.prevCursor, null, 'the first page has no page before it');
    assert.equal(typeof page.total, 'number', 'the first page carries the count');
    for (;;) {
      forward.push(...page.items);
      if (!page.nextCursor) break;
      page = await ledger(c, `${query}&pageSize=3&cursor=${page.nextCursor}`);
      assert.ok(page.prevCursor, 'a later page has one before it');
      if (page.items.length) assert.equal(page.total, null, 'a page reached by cursor does not count again');
    }
    const backward: LedgerRow[] = [...page.items];
    while (page.prevCursor) {
      page = await ledger(c, `${query}&pageSize=3&cursor=${page.prevCursor}`);
      backward.unshift(...page.items);
    }
    return { forward, backward };
  }

  test('walking the pages by cursor yields every row once, in the order of each sort, both ways', async () => {
    const c = await as(unit.admin);
    const tree = (await ledger(c, `inspectionId=${round.id}&pageSize=200`)).items.map((r) => r.id);
    assert.deepEqual(
      [...tree].sort((a, b) => a - b),
      [...leafIds].sort((a, b) => a - b),
    );
    const at = (r: LedgerRow) => tree.indexOf(r.id);
    // an expected order for each sort, computed here from the rows themselves: missing deadlines last both ways,
    // ties broken by tree order (reversed when descending), so the walk is checked against more than itself
    const cmp: Record<string, (a: LedgerRow, b: LedgerRow) => number> = {
      order: (a, b) => at(a) - at(b),
      deadline: (a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || at(a) - at(b),
      status: (a, b) => RANK.indexOf(a.status) - RANK.indexOf(b.status) || at(a) - at(b),
      updated: (a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.id - b.id,
    };
    const all = (await ledger(c, `inspectionId=${round.id}&pageSize=200`)).items;
    for (const sort of ['order', 'deadline', 'status', 'updated'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const { forward, backward } = await walk(c, `inspectionId=${round.id}&sort=${sort}&dir=${dir}`);
        const ids = forward.map((r) => r.id);
        assert.equal(new Set(ids).size, ids.length, `${sort} ${dir}: no row twice`);
        let expected = [...all].sort(cmp[sort]);
        if (dir === 'desc') {
          expected = expected.reverse();
          // descending, the rows without a deadline still come last
          if (sort === 'deadline') expected = [...expected.filter((r) => r.deadline), ...expected.filter((r) => !r.deadline)];
        }
        assert.deepEqual(
          ids,
          expected.map((r) => r.id),
          `${sort} ${dir}: every row, in order`,
        );
        assert.deepEqual(
          backward.map((r) => r.id),
          ids,
          `${sort} ${dir}: the same rows walking back`,
        );
      }
    }
  });

  test('the tree key follows a move: a problem moved to the other group sorts under it', async () => {
    const c = await as(unit.admin);
    const before = (await ledger(c, `inspectionId=${round.id}&pageSize=200`)).items;
    const first = before[0];
    const otherGroup = before[before.length - 1].parentId;
    assert.ok(otherGroup && otherGroup !== first.parentId);
    const moved = await c.patch(`/api/v1/problems/${first.id}/node`, { parentId: otherGroup });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const after = (await ledger(c, `inspectionId=${round.id}&pageSize=200`)).items;
    assert.equal(after[after.length - 1].id, first.id, 'last of the other group now');
    // and back to the first place of its old group
    const back = await c.patch(`/api/v1/problems/${first.id}/node`, { parentId: first.parentId, position: 0 });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.deepEqual(
      (await ledger(c, `inspectionId=${round.id}&pageSize=200`)).items.map((r) => r.id),
      before.map((r) => r.id),
    );
  });

  test('a cursor of another sort, a tampered or a made-up cursor is a 400 naming the cursor, never a 5xx', async () => {
    const c = await as(unit.admin);
    const p1 = await ledger(c, `inspectionId=${round.id}&pageSize=3&sort=deadline`);
    assert.ok(p1.nextCursor);
    const cur = p1.nextCursor;
    badField(await c.get(`/api/v1/ledger?inspectionId=${round.id}&pageSize=3&sort=status&cursor=${cur}`), 'cursor');
    badField(await c.get(`/api/v1/ledger?inspectionId=${round.id}&pageSize=3&sort=deadline&dir=desc&cursor=${cur}`), 'cursor');
    // the cursor belongs with the sort it was made for
    assert.equal((await c.get(`/api/v1/ledger?inspectionId=${round.id}&pageSize=3&sort=deadline&cursor=${cur}`)).status, 200);
    const json = JSON.parse(Buffer.from(cur, 'base64url').toString('utf8')) as Record<string, unknown>;
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const bad of [
      `${cur.slice(0, -3)}x!`,
      'AAAA',
      enc({ ...json, k: ['2027-02-30', 1, [1, 1], 1] }),
      enc({ ...json, k: ['2027-01-01', 1, [], 1] }),
      enc({ ...json, k: ['2027-01-01', 1, [1, 1], 1], extra: 1 }),
      enc({ ...json, k: ["2027-01-01'; DROP TABLE problems; --", 1, [1], 1] }),
      enc({ ...json, k: ['2027-01-01', 2 ** 40, [1], 1] }),
      enc([1, 2, 3]),
      'x'.repeat(1001),
    ]) {
      const r = await c.get(`/api/v1/ledger?inspectionId=${round.id}&sort=deadline&cursor=${encodeURIComponent(bad)}`);
      badField(r, 'cursor');
      assert.match((r.body as { message: string }).message, CJK);
    }
    // a page number with a cursor, or deeper than 10,000 rows, is refused: deep pages are reached by cursor
    badField(await c.get(`/api/v1/ledger?sort=deadline&page=2&cursor=${cur}`), 'page');
    badField(await c.get('/api/v1/ledger?pageSize=50&page=202'), 'page');
    assert.equal((await c.get('/api/v1/ledger?pageSize=50&page=201')).status, 200);
  });

  test('a count read on the rows stops at 10,000 and says so; the tally’s counts are exact at any size', async () => {
    const big = await f.unit({ name: '计数上限测试局' });
    const r = await f.inspection({ unit: big });
    // 10,001 leaves straight into the table: making them through the API would take minutes
    await t.db.query(
      `INSERT INTO problems (inspection_id, unit_id, level, label, title, sort_order, rectify_kind, status, created_at, updated_at)
       SELECT $1, $2, 1, g || '.', '批量问题' || g, g, 'deadline', CASE WHEN g <= 3 THEN 'closed' ELSE 'pending' END, $3, $3
         FROM generate_series(1, 10001) g`,
      [r.id, big.id, t.clock.now()],
    );
    const c = await as(big.admin);
    // round, unit and status are the tally's keys (migration 20261208000230): exact
    const page = await ledger(c, `inspectionId=${r.id}&pageSize=20`);
    assert.equal(page.items.length, 20);
    assert.equal(page.total, 10_001);
    assert.equal(page.totalCapped, false);
    assert.deepEqual(page.units, [{ id: big.id, name: '计数上限测试局', count: 10_001, capped: false }]);
    // the kind is not: counted on the rows, up to the cap
    const counted = await ledger(c, `inspectionId=${r.id}&pageSize=20&kind=deadline`);
    assert.equal(counted.total, 10_000);
    assert.equal(counted.totalCapped, true);
    assert.deepEqual(counted.units, [{ id: big.id, name: '计数上限测试局', count: 10_000, capped: true }]);
    const closed = await ledger(c, `inspectionId=${r.id}&status=closed`);
    assert.equal(closed.total, 3);
    assert.equal(closed.totalCapped, false);
    // the deepest rows by cursor: the last page walking back from the end of a descending sort is the first ascending
    const desc = await ledger(c, `inspectionId=${r.id}&pageSize=2&dir=desc`);
    assert.deepEqual(
      desc.items.map((x) => x.title),
      ['批量问题10001', '批量问题10000'],
    );
  });
});

/**
 * Issue 7 point 7, the plan import: the office's own Excel 台账 (written here
 * with exceljs, as an office would save it) is read by the notice reader's
 * ledger path, its rows matched to the round's problems by label and title, the
 * names resolved to the unit's departments and leaders; the preview writes
 * nothing, shows the unmatched rows and the problems no row planned, and the
 * accepted rows go through plan-batch in one transaction.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestApp, expectError, expectOk, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import {
  inspectionSchema,
  planBatchResultSchema,
  planImportPreviewSchema,
  problemDetailSchema,
  type PlanImportPreview,
} from '../../src/domain/schemas/index.js';

let t: TestApp;
let f: Factories;
let u: Unit;
let other: Unit;
before(async () => {
  t = await startTestApp({}, { demo: false });
  f = factories(t);
  u = await f.unit({ departments: ['办公室', '工程建设处', '水资源管理处', '计划财务处'] });
  other = await f.unit();
});
after(async () => {
  await t?.close();
});

/** The round as an import leaves it: a group and five unplanned problems. */
async function round(c: Client) {
  const r = expectOk(
    await c.post('/api/v1/inspections', {
      unitId: u.id,
      kind: '巡察',
      title: `计划导入轮次${Math.random().toString(36).slice(2, 7)}`,
      body: '市委第一巡察组',
    }),
    inspectionSchema,
  );
  const add = async (parentId: number | null, label: string, title: string, description = '') =>
    expectOk(await c.post('/api/v1/problems', { inspectionId: r.id, parentId, label, title, description }), problemDetailSchema).id;
  const g = await add(null, '（一）', '在贯彻落实上级决策部署方面');
  const ids = {
    pumps: await add(g, '1.', '汛前隐患排查不彻底', '部分泵站汛前检修流于形式。'),
    plan: await add(g, '2.', '排涝应急预案更新滞后'),
    stock: await add(g, '3.', '防汛物资管理不规范，物资台账与实物不符'),
    audit: await add(g, '4.', '内部审计力量薄弱'),
    meals: await add(g, '5.', '公务接待审批手续不全'),
  };
  return { round: r, ids };
}

/** An office's own ledger: its own numbering, its own wording, a month for a date, a department it does not have. */
async function ledgerXlsx(rows: (string | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账');
  ws.addRow(['巡察反馈问题整改台账']);
  ws.mergeCells('A1:H1');
  ws.addRow(['序号', '问题类别', '具体问题', '整改措施', '责任领导', '牵头部门', '配合部门', '整改时限']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function preview(c: Client, inspectionId: number, bytes: Buffer, name = '本单位整改台账.xlsx') {
  return c.upload(`/api/v1/inspections/${inspectionId}/plan-import/preview`, {}, [
    { name, bytes, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  ]);
}

describe('authentication, roles and units', () => {
  test('401 without a session, 403 for a handler or a leader, 404 for another unit’s round', async () => {
    const c = await f.login(u.admin);
    const { round: r } = await round(c);
    const bytes = await ledgerXlsx([['1', '', '汛前隐患排查不彻底', '开展排查', '', '办公室', '', '2026-12-31']]);
    expectError(await preview(t.anon(), r.id, bytes), 401);
    expectError(await preview(await f.login(u.leader), r.id, bytes), 403);
    // a handler does not read the round at all (none of its problems is theirs)
    expectError(await preview(await f.login(u.handlers[0]), r.id, bytes), 404);
    expectError(await preview(await f.login(other.admin), r.id, bytes), 404);
  });
});

describe('plan import', () => {
  test('rows are matched by label and title, names resolved, gaps reported; nothing is written before the commit', async () => {
    const c = await f.login(u.admin);
    const { round: r, ids } = await round(c);
    const leader = u.leader.displayName;
    const bytes = await ledgerXlsx([
      // same label and title
      [
        '1',
        '政治建设',
        '汛前隐患排查不彻底',
        '1.全面排查泵站',
        leader,
        '工程建设处',
        '水资源管理处、办公室',
        new Date(Date.UTC(2026, 11, 31)),
      ],
      // the ledger's own number, the same title, a month as deadline
      ['7', '政治建设', '排涝应急预案更新滞后', '修订预案', leader, '水资源管理处', '', '2027年3月'],
      // the title shortened by the office: one contains the other
      ['3', '政治建设', '防汛物资管理不规范', '清点物资', '', '办公室', '后勤中心', '立行立改'],
      // a department the unit does not have, a leader without an account
      ['4', '政治建设', '内部审计力量薄弱问题', '充实审计人员', '不存在的领导', '审计处', '', '长期坚持'],
      // nothing like it in the round
      ['9', '政治建设', '食堂卫生检查不到位', '整改食堂', '', '办公室', '', '2026-12-31'],
    ]);
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM transitions')).rows[0].n;
    const p = expectOk(await preview(c, r.id, bytes), planImportPreviewSchema) as PlanImportPreview;
    assert.equal(
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM transitions')).rows[0].n,
      before,
      'a preview writes nothing',
    );
    assert.equal(p.rows.length, 5);
    assert.equal(p.problems, 5);
    assert.equal(p.matched, 4);
    const [r1, r2, r3, r4, r5] = p.rows;
    const dept = (name: string) => u.depts.find((d) => d.name === name)!.id;

    assert.equal(r1.match?.problemId, ids.pumps);
    assert.equal(r1.match?.by, 'label_title');
    assert.deepEqual(r1.plan, {
      leadDeptId: dept('工程建设处'),
      cooperatingDeptIds: [dept('水资源管理处'), dept('办公室')],
      leaderId: u.leader.id,
      deadline: '2026-12-31',
    });
    assert.deepEqual(r1.issues, []);

    assert.equal(r2.match?.problemId, ids.plan);
    assert.equal(r2.match?.by, 'title');
    assert.equal(r2.plan.deadline, '2027-03-31', 'a month means its last day');

    assert.equal(r3.match?.problemId, ids.stock);
    assert.equal(r3.match?.by, 'contains');
    assert.equal(r3.plan.rectifyKind, 'immediate');
    assert.deepEqual(r3.issues, ['配合部门“后勤中心”不是本单位的部门']);

    assert.equal(r4.match?.problemId, ids.audit);
    assert.equal(r4.plan.rectifyKind, 'long_term');
    assert.equal(r4.plan.leadDeptId, undefined);
    assert.ok(r4.issues.some((i) => i.includes('牵头部门“审计处”不是本单位的部门')));
    assert.ok(r4.issues.some((i) => i.includes('责任领导“不存在的领导”')));

    assert.equal(r5.match, null);
    assert.deepEqual(r5.issues.slice(-1), ['未找到对应的问题']);
    assert.deepEqual(
      p.unmatchedProblems.map((x) => x.id),
      [ids.meals],
    );

    // the commit: the accepted rows in one batch, one 计划变更 each
    const items = p.rows.filter((x) => x.match && Object.keys(x.plan).length).map((x) => ({ id: x.match!.problemId, plan: x.plan }));
    const done = expectOk(await c.post('/api/v1/problems/plan-batch', { items, source: 'import' }), planBatchResultSchema);
    assert.equal(done.updated, 4);
    const pumps = expectOk(await c.get(`/api/v1/problems/${ids.pumps}`), problemDetailSchema);
    assert.equal(pumps.leadDept?.name, '工程建设处');
    assert.equal(pumps.deadline, '2026-12-31');
    assert.equal(pumps.transitions.filter((x) => x.action === 'plan_change').length, 1);
    const audit = (
      await t.db.query<{ detail: { source: string } }>(
        `SELECT detail FROM audit_log WHERE action = 'problem.plan_batch' ORDER BY id DESC LIMIT 1`,
      )
    ).rows[0];
    assert.equal(audit.detail.source, 'import');

    // a second import of the same ledger: the deadlines are set now, other dates are reported, not taken
    const again = await ledgerXlsx([['1', '政治建设', '汛前隐患排查不彻底', '', '', '', '', '2027-01-31']]);
    const p2 = expectOk(await preview(c, r.id, again), planImportPreviewSchema) as PlanImportPreview;
    assert.equal(p2.rows[0].plan.deadline, undefined);
    assert.match(p2.rows[0].issues[0], /已设定整改时限 2026-12-31，只能通过延期申请调整/);
  });

  test('a file that is not an Excel ledger, or has no problem column, is refused naming the file field', async () => {
    const c = await f.login(u.admin);
    const { round: r } = await round(c);
    let e = expectError(await preview(c, r.id, Buffer.from('不是表格'), 'plan.txt'), 400);
    assert.deepEqual(e.fields, ['file']);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('杂项').addRow(['甲', '乙', '丙']);
    e = expectError(await preview(c, r.id, Buffer.from(await wb.xlsx.writeBuffer())), 400);
    assert.deepEqual(e.fields, ['file']);
    // no file at all: the multipart's file field is named
    assert.deepEqual(expectError(await c.upload(`/api/v1/inspections/${r.id}/plan-import/preview`, {}, []), 400).fields, ['file']);
  });
});

/**
 * Issue 7 point 8 through HTTP: a round created from the browser's API, its
 * problem tree read whole (groups and leaves), nodes added, relabelled, moved
 * (up, down, under another group, levels kept within three) and deleted with
 * what is under them — only while nothing there has progress or a review; the
 * counters, the ledger and the integrity check stay right.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, expectError, expectOk, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import {
  inspectionSchema,
  ledgerPageSchema,
  problemDeletedSchema,
  problemDetailSchema,
  problemTreeSchema,
  type ProblemTree,
} from '../../src/domain/schemas/index.js';

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

async function round(c: Client, unit: Unit = u) {
  return expectOk(
    await c.post('/api/v1/inspections', {
      unitId: unit.id,
      kind: '巡察',
      title: `树编辑轮次${Math.random().toString(36).slice(2, 7)}`,
      body: '市委第二巡察组',
    }),
    inspectionSchema,
  );
}

async function node(c: Client, inspectionId: number, parentId: number | null, label: string, title: string): Promise<number> {
  return expectOk(await c.post('/api/v1/problems', { inspectionId, parentId, label, title }), problemDetailSchema).id;
}

async function tree(c: Client, inspectionId: number): Promise<ProblemTree> {
  return expectOk(await c.get(`/api/v1/inspections/${inspectionId}/tree`), problemTreeSchema) as ProblemTree;
}

const shape = (tr: ProblemTree) => tr.nodes.map((n) => `${'  '.repeat(n.level - 1)}${n.label}${n.title}`);

describe('authentication, roles and units', () => {
  test('401 without a session, 403 for a handler or a leader, 404 for another unit', async () => {
    const c = await f.login(u.admin);
    const r = await round(c);
    const g = await node(c, r.id, null, '一、', '组织建设方面');
    const p = await node(c, g, null, '（一）', '问题甲').catch(() => 0);
    assert.ok(p >= 0);
    expectError(await t.anon().get(`/api/v1/inspections/${r.id}/tree`), 401);
    expectError(await t.anon().request('DELETE', `/api/v1/problems/${g}`), 401);
    const leader = await f.login(u.leader);
    // the leader reads the tree but may not change it
    const seen = await tree(leader, r.id);
    assert.ok(seen.nodes.every((n) => !n.abilities.delete && !n.abilities.move && !n.abilities.edit));
    expectError(await leader.request('DELETE', `/api/v1/problems/${g}`), 403, 'forbidden');
    expectError(await leader.patch(`/api/v1/problems/${g}/node`, { label: '二、' }), 403, 'forbidden');
    const foreign = await f.login(other.admin);
    expectError(await foreign.get(`/api/v1/inspections/${r.id}/tree`), 404);
    expectError(await foreign.request('DELETE', `/api/v1/problems/${g}`), 404);
    expectError(await foreign.patch(`/api/v1/problems/${g}/node`, { position: 0 }), 404);
  });
});

describe('the tree from the browser', () => {
  test('a round is created, nodes added, relabelled, moved and deleted; counters and ledger follow', async () => {
    const c = await f.login(u.admin);
    const r = await round(c);
    const a = await node(c, r.id, null, '一、', '政治建设方面');
    const b = await node(c, r.id, null, '二、', '作风建设方面');
    const a1 = await node(c, r.id, a, '（一）', '理论学习不深入');
    const a2 = await node(c, r.id, a, '（二）', '民主生活会质量不高');
    const b1 = await node(c, r.id, b, '（一）', '公务接待超标准');
    let tr = await tree(c, r.id);
    assert.deepEqual(shape(tr), [
      '一、政治建设方面',
      '  （一）理论学习不深入',
      '  （二）民主生活会质量不高',
      '二、作风建设方面',
      '  （一）公务接待超标准',
    ]);
    assert.equal(tr.addProblem, true);
    assert.equal(tr.nodes.find((n) => n.id === a)?.leafCount, 2);

    // down, then under the other group at the top, relabelled
    expectOk(await c.patch(`/api/v1/problems/${a1}/node`, { position: 1 }), problemTreeSchema);
    expectOk(await c.patch(`/api/v1/problems/${a2}/node`, { parentId: b, position: 0, label: '（一）' }), problemTreeSchema);
    expectOk(await c.patch(`/api/v1/problems/${b1}/node`, { label: '（二）' }), problemTreeSchema);
    tr = await tree(c, r.id);
    assert.deepEqual(shape(tr), [
      '一、政治建设方面',
      '  （一）理论学习不深入',
      '二、作风建设方面',
      '  （一）民主生活会质量不高',
      '  （二）公务接待超标准',
    ]);
    const counts = async (id: number) =>
      (await t.db.query<{ child_count: number; level: number }>('SELECT child_count, level FROM problems WHERE id = $1', [id])).rows[0];
    assert.equal((await counts(a)).child_count, 1);
    assert.equal((await counts(b)).child_count, 2);

    // a group moved under another group takes its children one level down; a fourth level is refused
    const deep = await node(c, r.id, a1, '1.', '学习笔记流于形式');
    const e = expectError(await c.patch(`/api/v1/problems/${a}/node`, { parentId: b }), 400);
    assert.deepEqual(e.fields, ['parentId']);
    assert.match(e.message, /三级/);
    expectError(await c.patch(`/api/v1/problems/${a}/node`, { parentId: deep }), 400);
    // a node cannot go under itself
    assert.match(expectError(await c.patch(`/api/v1/problems/${a}/node`, { parentId: a1 }), 400).message, /自己或它的下级/);

    // deleting a group deletes what is under it; the ledger no longer lists the leaves
    const del = expectOk(await c.request('DELETE', `/api/v1/problems/${a}`), problemDeletedSchema);
    assert.equal(del.deleted, 3);
    tr = await tree(c, r.id);
    assert.deepEqual(shape(tr), ['二、作风建设方面', '  （一）民主生活会质量不高', '  （二）公务接待超标准']);
    const ledger = expectOk(await c.get(`/api/v1/ledger?inspectionId=${r.id}`), ledgerPageSchema);
    assert.deepEqual(
      ledger.items.map((i) => i.title),
      ['民主生活会质量不高', '公务接待超标准'],
    );
    // the deletion stands in the audit log with what it removed
    const audit = (
      await t.db.query<{ detail: { nodes: { title: string }[] } }>(
        `SELECT detail FROM audit_log WHERE action = 'problem.delete' AND object_id = $1`,
        [String(a)],
      )
    ).rows[0];
    assert.deepEqual(audit.detail.nodes.map((n) => n.title).sort(), ['学习笔记流于形式', '政治建设方面', '理论学习不深入'].sort());
    // and `zhenggai verify` finds no history deleted behind the application's back
    // (the check reports a seal whose transition is gone as deleted: none is left)
    const orphans = (
      await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM integrity_seals s
          WHERE s.kind = 'transition' AND NOT EXISTS (SELECT 1 FROM transitions x WHERE x.id = s.object_id)`,
      )
    ).rows[0].n;
    assert.equal(orphans, 0);
  });

  test('a node with progress (or under review) stays: move and delete answer 409 and its abilities say so', async () => {
    const c = await f.login(u.admin);
    const g = await f.node({ unit: u, label: '一、', title: '有进展的分组' });
    const p = await f.problem({ unit: u, parent: g, status: 'in_progress' });
    const tr = await tree(
      c,
      (await t.db.query<{ inspection_id: number }>('SELECT inspection_id FROM problems WHERE id = $1', [g.id])).rows[0].inspection_id,
    );
    const gNode = tr.nodes.find((n) => n.id === g.id)!;
    assert.equal(gNode.abilities.delete, false);
    assert.equal(gNode.abilities.move, false);
    assert.equal(gNode.progressCount, 1);
    for (const id of [p.id, g.id]) {
      const e = expectError(await c.request('DELETE', `/api/v1/problems/${id}`), 409, 'conflict');
      assert.match(e.message, /已有整改进展或进入审核，不能删除该问题/);
      expectError(await c.patch(`/api/v1/problems/${id}/node`, { position: 0 }), 409);
    }
    // relabelling is still fine: the history does not depend on the label
    expectOk(await c.patch(`/api/v1/problems/${g.id}/node`, { label: '（甲）' }), problemTreeSchema);
  });

  test('bad input names the field', async () => {
    const c = await f.login(u.admin);
    const r = await round(c);
    const a = await node(c, r.id, null, '一、', '甲');
    expectError(await c.patch(`/api/v1/problems/${a}/node`, {}), 400);
    assert.deepEqual(expectError(await c.patch(`/api/v1/problems/${a}/node`, { position: -1 }), 400).fields, ['position']);
    assert.deepEqual(expectError(await c.patch(`/api/v1/problems/${a}/node`, { label: '' }), 400).fields, ['label']);
    const otherRound = await round(c);
    const elsewhere = await node(c, otherRound.id, null, '一、', '乙');
    assert.deepEqual(expectError(await c.patch(`/api/v1/problems/${a}/node`, { parentId: elsewhere }), 400).fields, ['parentId']);
    expectError(
      await c.post('/api/v1/inspections', { unitId: u.id, kind: '巡察', title: '错日期', body: '组', feedbackDate: '2026-02-30' }),
      400,
    );
    // a round for another office's unit is absent to this 整改办
    expectError(await c.post('/api/v1/inspections', { unitId: other.id, kind: '巡察', title: '越权', body: '组' }), 404);
  });
});

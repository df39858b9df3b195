import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deadlineDate, planImport, PlanError, type PlanInputNode } from './plan.js';

const n = (
  id: string,
  parentId: string | null,
  kind: PlanInputNode['kind'],
  label: string,
  title: string,
  extra: Partial<PlanInputNode> = {},
): PlanInputNode => ({ id, parentId, kind, label, title, ...extra });

test('a month deadline means its last day; bad input gives none', () => {
  assert.equal(deadlineDate('2024-02'), '2024-02-29');
  assert.equal(deadlineDate('2023-06'), '2023-06-30');
  assert.equal(deadlineDate('2024-06-15'), '2024-06-15');
  assert.equal(deadlineDate('下月'), null);
  assert.equal(deadlineDate(undefined), null);
});

test('groups → themes → problems become levels 1–3, measures attach to their problem', () => {
  const plan = planImport([
    n('g', null, 'group', '（一）', '党的领导方面'),
    n('t', 'g', 'theme', '1.', '着力解决责任不落实问题'),
    n('p', 't', 'problem', '（1）', '针对责任不落实的问题', {
      deadline: '2024-06',
      rectifyKind: '限期整改',
      leadDepartment: '办公室',
      progress: '已完成制度修订',
    }),
    n('m1', 'p', 'measure', '一是', '修订制度'),
    n('m2', 'p', 'measure', '二是', '开展检查'),
  ]);
  assert.deepEqual(
    plan.map((p) => [p.key, p.level, p.parentKey]),
    [
      ['g', 1, null],
      ['t', 2, 'g'],
      ['p', 3, 't'],
    ],
  );
  const p = plan[2];
  assert.deepEqual(p.measures, ['一是 修订制度', '二是 开展检查']);
  assert.equal(p.deadline, '2024-06-30');
  assert.equal(p.rectifyKind, 'deadline');
  assert.equal(p.leadDepartment, '办公室');
  assert.equal(p.progress, '已完成制度修订');
});

test('without problems, themes carry the measures (aspects → themes → measures)', () => {
  const plan = planImport([n('g', null, 'group', '（一）', 'A'), n('t', 'g', 'theme', '1.', 'B'), n('m', 't', 'measure', '一是', 'C')]);
  assert.equal(plan.length, 2);
  assert.deepEqual(plan[1].measures, ['一是 C']);
});

test('nesting deeper than three levels is folded into the level-3 ancestor, not lost', () => {
  const plan = planImport([
    n('a', null, 'group', '一、', 'A'),
    n('b', 'a', 'theme', '（一）', 'B'),
    n('c', 'b', 'problem', '1.', 'C'),
    n('d', 'c', 'problem', '（1）', 'D', { text: 'D 的内容' }),
    n('e', 'd', 'measure', '①', 'E'),
  ]);
  assert.equal(plan.length, 3);
  assert.match(plan[2].description, /（1）D：D 的内容/);
  assert.deepEqual(plan[2].measures, ['① E']);
});

test('measures with no heading get a holder item', () => {
  const plan = planImport([n('m', null, 'measure', '一是', '建立台账')]);
  assert.equal(plan[0].title, '未归类的整改措施');
  assert.deepEqual(plan[0].measures, ['一是 建立台账']);
});

test('broken trees are refused with a Chinese reason: missing parent, duplicate id, cycle', () => {
  assert.throws(
    () => planImport([n('a', 'x', 'group', '（一）', 'A')]),
    (e) => e instanceof PlanError && /上级不存在/.test(e.userMessage),
  );
  assert.throws(
    () => planImport([n('a', null, 'group', '（一）', 'A'), n('a', null, 'group', '（二）', 'B')]),
    (e) => e instanceof PlanError && /重复/.test(e.userMessage),
  );
  assert.throws(
    () => planImport([n('a', 'b', 'group', '（一）', 'A'), n('b', 'a', 'group', '（二）', 'B')]),
    (e) => e instanceof PlanError && /循环/.test(e.userMessage),
  );
});

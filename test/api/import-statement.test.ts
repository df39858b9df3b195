/**
 * Imported problem text through HTTP (issue 7 point 12): preview and commit a 整改进展 notice whose
 * paragraphs mix the problem with what was done; the committed problems have the statement as
 * their 问题描述, the actions as measures and the reported results as their first progress entry.
 * Pasted text without numbered structure is answered with a finding that says so.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp, type Client } from '../helpers/app.js';
import { factories, type Unit } from '../helpers/factories.js';
import type { ImportCommitResult, ImportPreview, LedgerPage, ProblemPage } from '../helpers/shapes.js';

const NOTICE = readFileSync(join('fixtures', 'notices', 'jinzhan-mixed.txt'), 'utf8');

let t: TestApp;
let u1: Unit;
let unit: Client;
before(async () => {
  t = await startTestApp({}, { demo: false });
  const f = factories(t);
  u1 = await f.unit();
  unit = await f.login(u1.admin);
});
after(async () => {
  await t?.close();
});

test('a mixed paragraph is committed as statement, measures and a first progress entry', async () => {
  const p = await unit.post<ImportPreview>('/api/v1/imports/preview', { text: NOTICE, filename: 'jinzhan-mixed.txt' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  const n = p.body.notice;
  assert.equal(n.counts.problems, 7);
  assert.equal(n.counts.measures, 10);
  const c = await unit.post<ImportCommitResult>('/api/v1/imports/commit', {
    unitId: u1.id,
    digest: p.body.digest,
    filename: 'jinzhan-mixed.txt',
    source: n.source,
    inspection: { kind: '巡察', title: n.meta.title ?? '导入测试', body: n.meta.inspection.body ?? '巡察组' },
    nodes: n.nodes.map((x) => ({ ...x, title: x.title || x.label })),
  });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.measures, 10);
  const ledger = await unit.get<LedgerPage>(`/api/v1/ledger?inspectionId=${c.body.inspectionId}&pageSize=200`);
  assert.equal(ledger.status, 200, JSON.stringify(ledger.body));
  const rows = ledger.body.items;
  for (const r of rows) assert.doesNotMatch(r.description, /[，,：:、]\s*$/, `${r.label} “${r.description}”`);

  const first = rows.find((r) => r.label === '1.');
  assert.ok(first, JSON.stringify(rows.map((r) => r.label)));
  assert.equal(first.title, '党组研究涉农重大事项不及时');
  assert.equal(first.description, '党组研究涉农重大事项不及时');
  const page = await unit.get<ProblemPage>(`/api/v1/problems/${first.id}`);
  assert.equal(page.status, 200, JSON.stringify(page.body));
  assert.deepEqual(
    page.body.measures.map((m) => m.text.slice(0, 8)),
    ['修订《局党组会议', '对2023年以来'],
  );
  assert.deepEqual(
    page.body.progress.map((x) => x.text),
    ['已完成整改。'],
  );
  assert.equal(page.body.status, 'in_progress');

  const fifth = rows.find((r) => r.label === '5.')!;
  const p5 = await unit.get<ProblemPage>(`/api/v1/problems/${fifth.id}`);
  assert.equal(p5.body.measures.length, 0);
  assert.match(p5.body.progress[0]?.text ?? '', /已拨付滞留资金380万元/);
  assert.doesNotMatch(p5.body.description, /已拨付/);
});

test('pasted text with no numbered structure: the preview says so', async () => {
  const text = '我局高度重视巡察反馈意见，召开专题会议研究部署整改工作。\n针对反馈的问题，逐条制定措施，明确责任。\n目前整改工作正在推进。';
  const p = await unit.post<ImportPreview>('/api/v1/imports/preview', { text });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.notice.nodes.length, 0);
  const f = p.body.notice.findings.find((x) => x.rule === 'structure-none');
  assert.ok(f, JSON.stringify(p.body.notice.findings));
  assert.match(f.message, /未识别出编号结构/);
});

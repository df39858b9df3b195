// Imported problem text (issue 7 point 12): a problem's 问题描述 is the statement of the problem,
// not the lead-in of the paragraph that reports its rectification ("针对“X”的问题，"); measures and
// results written in the same paragraph become measures and progress; and text in which no
// numbered structure is found says so in the preview's findings, in Chinese and in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseText } from '../../src/domain/notice/index.js';
import { planImport, type PlannedProblem } from '../../src/domain/notice/plan.js';
import { leadIn, splitStatement } from '../../src/domain/notice/parse/statement.js';
import { FINDING_EN } from '../../src/web/i18n/en.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.resolve(repoRoot, '../shared/corpus');
const fixture = (name: string): string => readFileSync(path.join(repoRoot, 'fixtures/notices', name), 'utf8');

/** The planned problems (level-3 or leaf items that the parser called problems), by label. */
function problemsOf(text: string): { plan: PlannedProblem[]; byLabel: Map<string, PlannedProblem> } {
  const parsed = analyseText(text);
  const problemIds = new Set(parsed.nodes.filter((n) => n.kind === 'problem').map((n) => n.id));
  const plan = planImport(parsed.nodes).filter((p) => problemIds.has(p.key));
  return { plan, byLabel: new Map(plan.map((p) => [p.label, p])) };
}

const DANGLING = /[，,：:、]\s*$/;

test('lead-ins name the problem: quoted (with inner quotes), unquoted, closed by "。", and an area', () => {
  assert.deepEqual(pick(leadIn('针对“干部培训走形式”的问题，制定培训计划。')), { named: '干部培训走形式', rest: '制定培训计划。' });
  assert.deepEqual(pick(leadIn(`针对"'一岗双责'落实不到位"的问题,召开专题会。`)), { named: "'一岗双责'落实不到位", rest: '召开专题会。' });
  assert.deepEqual(pick(leadIn('针对档案管理混乱的问题，开展清理。')), { named: '档案管理混乱', rest: '开展清理。' });
  const closed = leadIn('关于公务用车管理不规范问题。经查，3辆车未登记。');
  assert.equal(closed?.named, '公务用车管理不规范');
  assert.equal(closed?.closed, true);
  assert.equal(leadIn('在财务管理方面，存在报销审核不严的问题')?.kind, 'area');
  // a word that starts with a connective's character is no lead-in
  assert.equal(leadIn('就业补助资金审核把关不严问题。审计指出……'), null);
  assert.equal(leadIn('修订制度，开展检查。'), null);
});

function pick(l: ReturnType<typeof leadIn>): { named: string; rest: string } | null {
  return l ? { named: l.named, rest: l.rest } : null;
}

test('a "针对…的问题，" paragraph without 一是/二是: actions become measures, results progress', () => {
  const split = splitStatement([
    {
      line: 7,
      text: '针对“窗口服务效率不高”的问题，梳理办事流程，压减办理环节5个。推行“一窗受理”，设置综合窗口8个。近日，群众满意度已提升至98%。将持续开展服务评议。',
    },
  ]);
  assert.ok(split, 'the paragraph is split');
  assert.deepEqual(
    split.statement.map((s) => s.text),
    ['针对“窗口服务效率不高”的问题'],
  );
  assert.deepEqual(
    split.measures.map((m) => m.segments.map((s) => s.text).join('')),
    ['梳理办事流程，压减办理环节5个。', '推行“一窗受理”，设置综合窗口8个。', '将持续开展服务评议。'],
  );
  assert.deepEqual(
    split.progress.map((s) => s.text),
    ['近日，群众满意度已提升至98%。'],
  );
  assert.ok(split.measures.every((m) => m.segments[0].line === 7));
});

test('"问题陈述。整改措施：…" and "…。整改情况：…" and "…。已…" split at the label or the first result', () => {
  const measures = splitStatement([{ line: 1, text: '部分项目未按期验收的问题。整改措施：（1）建立验收台账；（2）逐项督办。' }]);
  assert.deepEqual(
    measures?.statement.map((s) => s.text),
    ['部分项目未按期验收的问题。'],
  );
  assert.deepEqual(
    measures?.measures.map((m) => m.label),
    ['（1）', '（2）'],
  );
  const progress = splitStatement([{ line: 1, text: '食堂采购台账不全的问题。整改情况：已补齐台账12册。' }]);
  assert.deepEqual(
    progress?.progress.map((s) => s.text),
    ['已补齐台账12册。'],
  );
  assert.equal(progress?.measures.length, 0);
  const results = splitStatement([{ line: 1, text: '违规发放津贴问题。审计指出，发放津贴8万元。已追回全部资金，已清退违规人员2名。' }]);
  assert.deepEqual(
    results?.statement.map((s) => s.text),
    ['违规发放津贴问题。审计指出，发放津贴8万元。'],
  );
  assert.deepEqual(
    results?.progress.map((s) => s.text),
    ['已追回全部资金，已清退违规人员2名。'],
  );
  // an area lead-in followed by what was done: the area is all the paragraph says of the problem
  const area = splitStatement([{ line: 1, text: '在公务接待方面，修订接待管理办法。已清退超标准接待费用3.2万元。' }]);
  assert.deepEqual(
    area?.statement.map((s) => s.text),
    ['在公务接待方面'],
  );
  assert.equal(area?.measures.length, 1);
  assert.deepEqual(
    area?.progress.map((s) => s.text),
    ['已清退超标准接待费用3.2万元。'],
  );
  // a statement alone is left as it was
  assert.equal(splitStatement([{ line: 1, text: '部分单位财务制度执行不严格。' }]), null);
});

test('planning: a lead-in is never the description, and no description ends in "，", "：" or "、"', () => {
  const plan = planImport([
    { id: 'a', parentId: null, kind: 'problem', label: '（1）', title: '针对“会议记录不规范”的问题', text: '针对“会议记录不规范”的问题，' },
    { id: 'b', parentId: null, kind: 'problem', label: '（2）', title: '关于制度执行不严问题', text: '' },
    { id: 'c', parentId: null, kind: 'problem', label: '（3）', title: '档案移交不及时', text: '档案移交不及时，涉及：' },
    { id: 'd', parentId: null, kind: 'problem', label: '（4）', title: '在公务接待方面', text: '在公务接待方面，' },
    { id: 'm', parentId: 'a', kind: 'measure', label: '一是', title: '统一记录模板', text: '统一记录模板' },
  ]);
  assert.deepEqual(
    plan.map((p) => [p.title, p.description]),
    [
      ['会议记录不规范', '会议记录不规范'],
      ['制度执行不严', '制度执行不严'],
      ['档案移交不及时', '档案移交不及时，涉及'],
      ['公务接待方面', '公务接待方面'],
    ],
  );
  assert.deepEqual(plan[0].measures, ['一是 统一记录模板']);
});

test('fixture jinzhan-mixed: every shape of mixed paragraph gives statement, measures and progress', () => {
  const { plan, byLabel } = problemsOf(fixture('jinzhan-mixed.txt'));
  assert.equal(plan.length, 7);
  for (const p of plan) assert.doesNotMatch(p.description, DANGLING, `${p.label} description “${p.description}”`);
  const p1 = byLabel.get('1.')!;
  assert.equal(p1.title, '党组研究涉农重大事项不及时');
  assert.equal(p1.description, '党组研究涉农重大事项不及时');
  assert.equal(p1.measures.length, 2);
  assert.match(p1.measures[0], /^修订《局党组会议议事规则》/);
  assert.equal(p1.progress, '已完成整改。');
  const p2 = byLabel.get('2.')!;
  assert.equal(p2.title, '惠农补贴发放审核不严');
  assert.match(p2.description, /经查，2个乡镇存在重复申报情况/);
  assert.doesNotMatch(p2.description, /整改措施|一是/);
  assert.deepEqual(
    p2.measures.map((m) => m.slice(0, 2)),
    ['一是', '二是', '三是'],
  );
  assert.doesNotMatch(p2.measures[2], /已追回/);
  assert.equal(p2.progress, '已追回重复发放资金12.6万元。');
  const p3 = byLabel.get('3.')!;
  assert.doesNotMatch(p3.description, /整改情况|清产核资/);
  assert.match(p3.progress ?? '', /已清退违规发包合同11份/);
  assert.deepEqual(
    byLabel.get('4.')!.measures.map((m) => m.slice(0, 3)),
    ['（1）', '（2）', '（3）'],
  );
  assert.equal(byLabel.get('4.')!.description, '基层调研走过场');
  const p5 = byLabel.get('5.')!;
  assert.equal(p5.title, '高标准农田建设项目资金拨付滞后的问题');
  assert.doesNotMatch(p5.description, /已拨付/);
  assert.match(p5.progress ?? '', /^截至2024年9月底，已拨付滞留资金380万元/);
  assert.equal(byLabel.get('6.')!.progress, '截至目前，该问题已完成整改。');
  assert.equal(byLabel.get('7.')!.description, '农技推广服务覆盖面不广的问题');
});

test('corpus: no imported description ends in a comma; "针对…的问题，" paragraphs yield measures', (t) => {
  if (!existsSync(corpusDir)) {
    const msg = `corpus not found at ${corpusDir}; skipping (the corpus lives in ../shared/corpus)`;
    console.log(msg);
    t.skip(msg);
    return;
  }
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt'));
  assert.ok(files.length > 0);
  let mixed = 0;
  for (const f of files) {
    const text = readFileSync(path.join(corpusDir, f), 'utf8');
    const parsed = analyseText(text);
    const plan = planImport(parsed.nodes);
    for (const p of plan) assert.doesNotMatch(p.description, DANGLING, `${f} ${p.label} description “${p.description.slice(-30)}”`);
    const planned = new Map(plan.map((p) => [p.key, p]));
    for (const n of parsed.nodes.filter((x) => x.kind === 'problem')) {
      // the problem's own paragraph as written: a lead-in followed, in the same paragraph, by what was done
      const own = parsed.lines[n.line - 1].replace(/^\s*[-#\s]*[（(]?\d{1,3}[)）.．、]?\s*/, '');
      const lead = leadIn(own);
      if (lead?.connective !== '针对' || lead.rest.length < 4) continue;
      mixed++;
      const p = planned.get(n.id)!;
      assert.ok(p.measures.length > 0 || p.progress, `${f} ${n.label}: what was done became neither measures nor progress`);
      assert.equal(p.title, lead.named, `${f} ${n.label}: title is the named problem`);
      assert.ok(!p.description.includes(lead.rest.slice(0, 12)), `${f} ${n.label}: the actions stay out of the description`);
    }
  }
  assert.ok(mixed >= 50, `Wuhan-like paragraphs found: ${mixed}`);
  // Wuhan (3) and (10) report what was done without 一是/二是
  const wuhan = path.join(corpusDir, 'wuhan-eco-env-2020.txt');
  if (existsSync(wuhan)) {
    const { byLabel } = problemsOf(readFileSync(wuhan, 'utf8'));
    const p3 = byLabel.get('（3）')!;
    assert.equal(p3.description, '规划目标值相互矛盾');
    assert.ok(p3.measures.length >= 2);
    assert.match(p3.progress ?? '', /省里已下达/);
    const p10 = byLabel.get('（10）')!;
    assert.equal(p10.description, '环境监管不硬');
    assert.equal(p10.measures.length, 4);
    assert.match(p10.measures[3], /4名责任人进行追责问责/);
  }
});

test('pasted text with no numbered structure says so (Chinese finding, English translation)', () => {
  const prose = [
    '关于巡察反馈问题整改情况',
    '我局高度重视巡察反馈意见，召开专题会议研究部署整改工作。',
    '针对反馈的问题，逐条制定措施，明确责任领导和完成时限。',
    '目前整改工作正在推进。',
  ].join('\n');
  const parsed = analyseText(prose);
  assert.equal(parsed.nodes.length, 0);
  const none = parsed.findings.find((f) => f.rule === 'structure-none');
  assert.ok(none, JSON.stringify(parsed.findings));
  assert.equal(none.severity, 'warning');
  assert.match(none.message, /未识别出编号结构/);
  assert.match(none.message, /“一、”“（一）”“1\.”/);
  assert.ok(none.suggestion);
  assert.match(FINDING_EN['structure-none'].message, /No numbered structure/);

  // one numbered item and a page of prose around it: one item would swallow the notice
  const single = `${prose}\n1.部分单位财务制度执行不严格的问题，已修订制度。\n${prose.split('\n').slice(1).join('\n')}\n${prose.split('\n').slice(1).join('\n')}`;
  const one = analyseText(single);
  assert.equal(one.nodes.filter((n) => n.kind !== 'measure').length, 1);
  assert.ok(
    one.findings.some((f) => f.rule === 'structure-single' && /只识别出1个编号条目/.test(f.message)),
    JSON.stringify(one.findings),
  );
  assert.ok(FINDING_EN['structure-single']);

  // a notice with its structure says nothing of the kind
  const fine = analyseText(fixture('jinzhan-mixed.txt'));
  assert.ok(!fine.findings.some((f) => f.rule.startsWith('structure-')));
});

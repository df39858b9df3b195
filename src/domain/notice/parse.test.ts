// Parser unit tests: noise removal, numbering families, nesting, sections, metadata,
// stated totals, and the notice shapes the corpus does not cover (fixtures we wrote).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseNoticeText } from './index.js';
import type { NoticeNode, ParsedNotice } from './types.js';
import { matchLabel } from './parse/labels.js';
import { normalise } from './parse/normalise.js';
import { findMalformedDates, parseDate } from './parse/dates.js';
import { findAccountability, findFigures } from './parse/figures.js';
import { MAX_DEPTH } from './parse/tree.js';
import { intToCn } from './parse/text.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/notices/${name}`, import.meta.url)), 'utf8');

const kinds = (p: ParsedNotice, kind: NoticeNode['kind']): NoticeNode[] => p.nodes.filter((n) => n.kind === kind);
const childrenOf = (p: ParsedNotice, id: string): NoticeNode[] => p.nodes.filter((n) => n.parentId === id);

test('labels: every family, half- and full-width, with or without a space', () => {
  const cases: [string, string, string, number][] = [
    ['一、总体情况', 'cn-dun', '一、', 1],
    ['(十二)加强领导', 'cn-paren', '（十二）', 12],
    ['（三） 加强领导', 'cn-paren', '（三）', 3],
    ['(9)针对', 'arabic-paren', '（9）', 9],
    ['12. 着力解决', 'arabic-dot', '12.', 12],
    ['3．关于', 'arabic-dot', '3.', 3],
    ['4、市容', 'arabic-dun', '4、', 4],
    ['③开展', 'circled', '③', 3],
    ['项目2.4 问题', 'project', '项目2.4', 4],
  ];
  for (const [line, family, label, ordinal] of cases) {
    const m = matchLabel(line);
    assert.ok(m, line);
    assert.deepEqual([m.family, m.label, m.ordinal], [family, label, ordinal], line);
  }
  for (const notLabel of ['2.5万元用于', '2023年5月', '10%的', '一是加强']) assert.equal(matchLabel(notLabel), null, notLabel);
});

test('normalise: front matter, crawl header, navigation, markdown, comments, page breaks', () => {
  const n = normalise(
    [
      '# source: crawl',
      '---',
      'title: t',
      'date: 2022-01-02 03:04:05',
      '---',
      '智能问答 | 无障碍浏览 | ENGLISH',
      '  • 2024-02-05 17:50',
      '  • 来源: 某局',
      '  • 分享到',
      '# **一、总体情况**',
      '',
      '- (一)成立领导小组,研究部署',
      '<!--more-->',
      '整改工作。',
      '整改期间清理账户12个,另有一段被分',
      '',
      '页打断的句子。',
      '[原文链接](http://example.com/a)',
      '扫一扫在手机上查看当前页面',
    ].join('\n'),
  );
  assert.deepEqual(n.lines, ['一、总体情况', '（一）成立领导小组,研究部署整改工作。', '整改期间清理账户12个,另有一段被分页打断的句子。']);
  assert.deepEqual(n.origin, [10, 12, 15]);
  assert.equal(n.frontMatter.date, '2022-01-02 03:04:05');
  assert.equal(n.crawlDate, '2024-02-05');
});

test('normalise: spaces between Han characters go, a heading never swallows the next paragraph', () => {
  const n = normalise('（一）在 加强 党的建设方面\n学校党委深入查找差距，逐项推动\n\n整改。\n制定完善 40 项制度。');
  assert.deepEqual(n.lines, ['（一）在加强党的建设方面', '学校党委深入查找差距，逐项推动整改。', '制定完善40项制度。']);
});

test('normalise: a heading and the first item on one line are split', () => {
  const n = normalise('- 21. 着力解决"管理宽松软"问题 (61)针对"管理不到位"的问题,一是清查。');
  assert.deepEqual(n.lines, ['21. 着力解决"管理宽松软"问题', '（61）针对"管理不到位"的问题,一是清查。']);
});

test('dates: readings and malformed dates with their corrections', () => {
  assert.equal(parseDate('2023年6月底'), '2023-06');
  assert.equal(parseDate('12月6日', 2019), '2019-12-06');
  assert.equal(parseDate('2024-02-05 17:50'), '2024-02-05');
  assert.equal(parseDate('2023年2月30日'), null);
  const got = findMalformedDates('20235月中旬，20231-11月，2023824日，202329-10日，2023626-714日，2022913日，202311月').map((d) => [
    d.raw,
    d.suggestion,
  ]);
  assert.deepEqual(got, [
    ['20235月', '2023年5月'],
    ['20231-11月', '2023年1-11月'],
    ['2023824日', '2023年8月24日'],
    ['202329-10日', '2023年2月9-10日'],
    ['2023626-714日', '2023年6月26日-7月14日'],
    ['2022913日', '2022年9月13日'],
    ['202311月', '2023年11月'],
  ]);
  assert.deepEqual(findMalformedDates('2023111日')[0].suggestion, '2023年1月11日或2023年11月1日');
  assert.deepEqual(findMalformedDates('2023年5月、电话027-85808616、编号20231234'), []);
});

test('figures and accountability mentions', () => {
  const f = findFigures('2020年1月拨付资金1260万元，优良率90.1%，清理项目9个', 7);
  assert.deepEqual(
    f.map((x) => [x.kind, x.value, x.unit ?? null]),
    [
      ['date', '2020-01', null],
      ['money', 12600000, '元'],
      ['percent', 90.1, '%'],
      ['count', 9, '个'],
    ],
  );
  const a = findAccountability(
    '给予1名责任人诚勉处理,对2名责任人进行批评教育;给予当事人党内严重警告、行政撤职处理。开展谈心谈话、提醒谈话10人次',
    3,
  );
  assert.deepEqual(
    a.map((m) => [m.form, m.count]),
    [
      ['诫勉', 1],
      ['批评教育', 2],
      ['党内严重警告', 1],
      ['行政撤职', 1],
      ['提醒谈话', 10],
    ],
  );
  assert.deepEqual(findAccountability('开展批评和自我批评，召开警示教育大会', 1), []);
});

test('three levels with inline measures, markdown noise and continuous numbering (fixture)', () => {
  const p = parseNoticeText(fixture('three-level.md'));
  assert.deepEqual(p.meta, {
    title: '中共青山县水利局党组关于县委巡察反馈问题整改情况的通报',
    issuer: '中共青山县水利局党组',
    date: '2023-04',
    inspection: { kind: '巡察', body: '县委第二巡察组', onSite: ['2022-09-05', '2022-11-10'], feedback: '2022-12-20' },
  });
  assert.deepEqual(p.counts, { groups: 2, themes: 4, problems: 5, measures: 12 });
  assert.deepEqual(
    kinds(p, 'problem').map((n) => n.label),
    ['（1）', '（2）', '（3）', '（4）', '（5）'],
  );
  const first = kinds(p, 'problem')[0];
  assert.equal(first.title, '针对"重大事项未经集体研究"的问题');
  assert.deepEqual(
    childrenOf(p, first.id).map((m) => m.label),
    ['一是', '二是', '三是'],
  );
  // The measure split by "<!--more-->" is whole again, and the page break is joined.
  assert.ok(p.nodes.some((n) => n.label === '三是' && n.text === '制定《县水利局项目资金拨付管理办法》。'));
  assert.ok(p.nodes.some((n) => n.text.includes('自查,整理归档记录本14册')));
  assert.deepEqual(p.stated, {
    aspects: 2,
    problems: 5,
    rules: 6,
    accountability: { total: 5, breakdown: { 诫勉: 1, 批评教育: 3, 提醒谈话: 1 } },
  });
  assert.deepEqual(
    p.sections.map((s) => s.kind),
    ['preamble', 'organisation', 'problems', 'next-steps', 'closing'],
  );
  assert.deepEqual(p.contact, { phone: '0999-1234567', email: 'qsslj@example.com', postcode: '999001', address: '青山县人民路1号' });
  assert.deepEqual(
    p.rules.map((r) => [r.action, r.title]),
    [
      ['revised', '县水利局党组议事规则'],
      ['made', '县水利局项目资金拨付管理办法'],
    ],
  );
  // Line map: every normalised line points back into the input.
  assert.equal(p.sourceLines?.length, p.lines.length);
});

test('aspects → themes → measures, a narrative aspect, measures directly under an aspect (fixture)', () => {
  const p = parseNoticeText(fixture('themes-measures.txt'));
  assert.deepEqual(p.counts, { groups: 3, themes: 2, problems: 0, measures: 7 });
  const groups = kinds(p, 'group');
  assert.deepEqual(
    groups.map((g) => childrenOf(p, g.id).length),
    [2, 0, 2],
  );
  assert.deepEqual(
    childrenOf(p, groups[2].id).map((n) => n.kind),
    ['measure', 'measure'],
  );
  assert.equal(p.meta.date, '2022-01-10');
  assert.deepEqual(
    { ...p.stated },
    {
      aspects: 3,
      majorProblems: 8,
      subProblems: 21,
      tasks: 45,
      tasksDone: 43,
      tasksLongTerm: 2,
      supportingMeasures: 120,
      rulesNew: 9,
      rulesRevised: 6,
    },
  );
});

test('"1、" numbering with progress after "整改进展情况及成效" (fixture)', () => {
  const p = parseNoticeText(fixture('arabic-dun.txt'));
  assert.equal(p.meta.date, '2023-11-02');
  assert.deepEqual(p.counts, { groups: 2, themes: 0, problems: 4, measures: 0 });
  const problems = kinds(p, 'problem');
  assert.deepEqual(
    problems.map((n) => n.label),
    ['1、', '2、', '3、', '4、'],
  );
  assert.match(problems[0].progress ?? '', /整改完成率100%/);
  assert.equal(problems[0].status, '已完成');
  assert.deepEqual(
    problems[1].accountability?.map((a) => a.form),
    ['提醒谈话'],
  );
  assert.deepEqual(p.stated, { peopleHandled: 2, rules: 4 });
  assert.ok(!p.lines.some((l) => /智能问答|分享到|扫一扫/.test(l)));
});

test('"一、" as the problem level itself (fixture)', () => {
  const p = parseNoticeText(fixture('cn-dun-problems.txt'));
  assert.deepEqual(p.counts, { groups: 0, themes: 0, problems: 3, measures: 0 });
  const [a, b] = kinds(p, 'problem');
  assert.equal(a.deadline, '2022-12');
  assert.equal(b.rectifyKind, '长期坚持');
  assert.equal(p.meta.inspection.feedback, '2022-08-26');
  assert.ok(p.sections.some((s) => s.kind === 'next-steps' && s.label === '四、'));
});

test('problems only in attachments, numbered "项目1.1" (fixture)', () => {
  const p = parseNoticeText(fixture('attachments-project.txt'));
  assert.deepEqual(p.counts, { groups: 2, themes: 0, problems: 3, measures: 0 });
  const problems = kinds(p, 'problem');
  assert.deepEqual(
    problems.map((n) => [n.label, n.leadDepartment, n.deadline ?? n.rectifyKind]),
    [
      ['项目1.1', '规划处', '2022-09'],
      ['项目1.2', '综合规划处', '2022-12'],
      ['项目2.1', '机关纪委', '长期坚持'],
    ],
  );
  assert.ok(p.sections.some((s) => s.kind === 'closing' && s.endLine < problems[0].line));
});

test('a table pasted from Word (tabs and "|" cells) becomes ledger-like rows (fixture)', () => {
  const p = parseNoticeText(fixture('word-table.txt'));
  assert.deepEqual(
    p.nodes.map((n) => [n.family, n.kind, n.label, n.title, n.leadDepartment ?? null, n.deadline ?? null]),
    [
      ['row', 'problem', '1', '护林员管理不规范', '资源股', '2023-06'],
      ['row', 'problem', '2', '林木采伐审批把关不严', '审批股', null],
      ['row', 'problem', '3', '生态补偿资金发放滞后', null, '2023-03'],
      ['row', 'problem', '4', '森林防火设施老化', '防火办', '2023-09'],
    ],
  );
});

test('edge inputs: empty, whitespace, 100k lines, 20-deep numbering, 5 MB', () => {
  for (const empty of ['', '\n\n  \n', '\uFEFF']) {
    const p = parseNoticeText(empty);
    assert.deepEqual([p.lines, p.nodes, p.meta.title], [[], [], null]);
  }
  // 100 groups × 19 problems × 50 lines. Timed in CPU time, not wall time, so that a
  // busy CI machine does not turn a performance bound into a flaky test.
  const many = Array.from({ length: 100_000 }, (_, i) =>
    i % 1000 === 0
      ? `（${intToCn(i / 1000 + 1)}）第${i}组`
      : i % 50 === 0
        ? `${(i % 1000) / 50}.第${i}行的问题`
        : `整改措施第${i}行，完成${i % 7}项。`,
  ).join('\n');
  const c0 = process.cpuUsage();
  const hundredK = parseNoticeText(`二、整改情况\n${many}`);
  const cpu = process.cpuUsage(c0);
  assert.ok((cpu.user + cpu.system) / 1000 < 2000, 'a 100k-line text parses in < 2 s of CPU');
  assert.deepEqual(hundredK.counts, { groups: 100, themes: 0, problems: 1900, measures: 0 });

  const families = ['（一）', '1.', '（1）', '①', '项目1.1', '1、'];
  const deep = Array.from({ length: 20 }, (_, i) => `${families[i % families.length]}第${i}层的问题`).join('\n');
  const p = parseNoticeText(`二、问题整改情况\n${deep}`);
  const depth = (n: NoticeNode): number => (n.parentId ? 1 + depth(p.nodes.find((x) => x.id === n.parentId)!) : 0);
  assert.ok(p.nodes.length > 0 && p.nodes.every((n) => depth(n) < MAX_DEPTH + 1));

  const big = fixture('three-level.md').repeat(Math.ceil(5_000_000 / 2600));
  const t0 = performance.now();
  const q = parseNoticeText(big);
  assert.ok(q.lines.length > 1000);
  assert.ok(performance.now() - t0 < 10_000);
});

// Reading notices the parser was not written against: letters typed for digits, a body crawled
// onto one line, totals that count different things, other kinds of inspection, and the choice
// among the structures a text supports (structure by evidence).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseText, parseNoticeText } from './index.js';
import { splitCrawled } from './parse/crawl.js';
import { readStated } from './parse/stated.js';
import { fixDigitTypos } from './parse/typos.js';
import { checkTotals } from './check/totals.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/notices/${name}`, import.meta.url)), 'utf8');

test('typos: l and O typed for 1 and 0 are read as digits; formulas, codes and addresses are left alone', () => {
  const cases: [string, string][] = [
    ['项目l.2 扬尘污染', '项目1.2 扬尘污染'],
    ['浓度降至l5.86毫克/升', '浓度降至15.86毫克/升'],
    ['2O23年下半年', '2023年下半年'],
    ['项目2.1O 涉水企业', '项目2.10 涉水企业'],
    ['（l）修订办法', '（1）修订办法'],
    ['1O月底前', '10月底前'],
  ];
  for (const [input, output] of cases) {
    const r = fixDigitTypos(input);
    assert.equal(r.text, output, input);
    assert.equal(r.typos.length, 1, input);
  }
  assert.deepEqual(fixDigitTypos('项目l.2').typos[0], { line: 0, raw: '项目l.2', fixed: '项目1.2' });
  for (const same of [
    'PM2.5浓度',
    '臭氧（O3）浓度',
    'NO2排放',
    'ISO9001认证',
    '邮箱：hbl1o@example.cn',
    'http://x.cn/l2/O1',
    '第O次',
    'Vol.2',
  ]) {
    assert.deepEqual(fixDigitTypos(same), { text: same, typos: [] }, same);
  }
});

test('digit-typo: each typo is a warning naming what was typed and how it was read', () => {
  const p = analyseText(fixture('class2-letter-digits.txt'));
  const f = p.findings.filter((x) => x.rule === 'digit-typo');
  assert.deepEqual(
    f.map((x) => x.severity),
    ['warning', 'warning', 'warning', 'warning'],
  );
  assert.equal(f[0].message, '“项目l.2”中的字母“l”应为数字，已按“项目1.2”读取。');
  assert.equal(f[0].suggestion, '将“项目l.2”改为“项目1.2”。');
  assert.equal(p.lines[f[0].line - 1].slice(0, 5), '项目1.2');
  const n = p.nodes.find((x) => x.label === '项目2.10');
  assert.ok(n && n.kind === 'problem');
  assert.ok(f[3].nodeIds?.includes(n.id));
});

test('crawl: a body on one line is cut before each numbered item of a plain sequence', () => {
  const line =
    '现将整改情况通报如下。一、加强组织领导。局党委召开专题会议4次，成立领导小组，逐项明确责任。二、整改落实情况（一）党建方面1.学习不深入的问题。' +
    '整改进展情况：已完成。修订学习制度。2.考核不严的问题。整改进展情况：正在推进。已修订办法初稿，计划年底前印发。（二）业务方面3.审批滞后的问题。整改进展情况：已完成。' +
    '三、下一步工作打算。持续巩固整改成果。欢迎干部群众监督。联系电话：0000-1111111。示例局 2023年6月30日';
  assert.deepEqual(splitCrawled(line), [
    '现将整改情况通报如下。',
    '一、加强组织领导。',
    '局党委召开专题会议4次，成立领导小组，逐项明确责任。',
    '二、整改落实情况',
    '（一）党建方面',
    '1.学习不深入的问题。',
    '整改进展情况：已完成。修订学习制度。',
    '2.考核不严的问题。',
    '整改进展情况：正在推进。已修订办法初稿，计划年底前印发。',
    '（二）业务方面',
    '3.审批滞后的问题。',
    '整改进展情况：已完成。',
    '三、下一步工作打算。',
    '持续巩固整改成果。',
    '欢迎干部群众监督。',
    '联系电话：0000-1111111。',
    '示例局',
    '2023年6月30日',
  ]);
  // A long paragraph that lists "（1）…（2）…" inline, or "一、二、三等奖", keeps its shape.
  const prose = `${'针对台账不规范的问题，局党组组织开展专项清理，'.repeat(6)}具体包括（1）清理合同；（2）补齐手续；（3）建立台账。获评一、二、三等奖各1项。`;
  assert.deepEqual(splitCrawled(prose), [prose]);
  const p = analyseText(fixture('class5-one-line.txt'));
  assert.deepEqual(p.counts, { groups: 2, themes: 0, problems: 7, measures: 0 });
  assert.equal(p.meta.date, '2023-06-30');
});

test('stated totals: a done figure counts tasks only where the text ties it to them', () => {
  assert.equal(readStated(['有序推进9项整改任务，其中6项已完成，3项正在推进。']).tasksDone, 6);
  assert.equal(readStated(['学校巡视整改台账177项整改任务，已完成174项。']).tasksDone, 174);
  assert.equal(readStated(['45项整改任务已完成43项。']).tasksDone, 43);
  assert.equal(readStated(['截至目前，已完成整改任务12项。']).tasksDone, 12);
  // 58 items of a self-inspection, in a sentence that mentions tasks: not tasks done.
  const s = readStated(['对合同开展自查，已完成整改58项，相关整改任务落实情况纳入考核。']);
  assert.equal(s.tasksDone, undefined);
  assert.deepEqual(readStated(['整改问题金额12.36亿元，其中上缴财政资金3.2亿元；']).amountRectified, {
    raw: '12.36亿元',
    value: 1236000000,
    unit: '元',
  });
  assert.deepEqual(readStated(['整改问题金额356.5万元。']).amountRectified, { raw: '356.5万元', value: 3565000, unit: '元' });
  assert.deepEqual(readStated(['附件1 省委巡视反馈具体问题整改进展情况（共8个问题）', '（二）作风建设方面（共3个问题）']).perGroup, [
    { label: '附件1', problems: 8 },
    { label: '（二）', problems: 3 },
  ]);
  assert.equal(readStated(['督察组反馈了督察意见，其中涉及我市的问题共6个。']).problems, 6);
  assert.equal(readStated(['将反馈问题逐项分解，制定34项整改措施。']).measures, 34);
  assert.equal(readStated(['审计查出的4个方面10个问题中，已整改到位8个，正在整改2个。']).problemsDone, 8);
});

test('totals: figures that count different things are never an error; tied figures still are', () => {
  const p = analyseText(fixture('class3-totals.txt'));
  assert.deepEqual(
    p.findings.filter((f) => f.severity === 'error'),
    [],
  );
  assert.equal(p.stated.tasksDone, 6);
  const wrong = parseNoticeText(fixture('class3-totals.txt').replace('其中6项已完成，3项正在推进', '其中12项已完成'));
  assert.deepEqual(
    checkTotals(wrong)
      .filter((f) => f.severity === 'error')
      .map((f) => f.message),
    ['整改任务共 9 项，但已完成 12 项、长期坚持 0 项，合计超过总数。'],
  );
  // Aspects against attachment groups cannot be compared: info, 无法核对.
  const att = analyseText(fixture('class1-attachments.txt'));
  const aspects = att.findings.filter((f) => f.rule === 'total-mismatch' && /方面/.test(f.message));
  assert.deepEqual(
    aspects.map((f) => f.severity),
    ['info'],
  );
  assert.match(aspects[0].message, /无法核对/);
  // A group heading's own total that its items do not reach is an error.
  const short = analyseText(fixture('class1-attachments.txt').replace('（共3个问题）', '（共4个问题）'));
  assert.deepEqual(
    short.findings.filter((f) => f.severity === 'error').map((f) => f.message),
    ['“附件2”称共 4 个问题，其下列出 3 个。'],
  );
});

test('meta: an ecological-environment inspection (督察) and an audit report', () => {
  const d = parseNoticeText(fixture('class4-ducha-meta.txt')).meta;
  assert.deepEqual(d.inspection, {
    kind: '督察',
    body: '中央第四生态环境保护督察组',
    onSite: ['2020-09-01', '2020-10-01'],
    feedback: '2020-12-18',
  });
  const provincial = parseNoticeText(
    '示例县关于省生态环境保护督察反馈问题整改情况的报告\n省第二生态环境保护督察组于2022年5月6日至6月6日进驻示例县开展督察，并于2022年8月10日反馈了督察意见。',
  ).meta;
  assert.equal(provincial.inspection.body, '省第二生态环境保护督察组');
  assert.equal(provincial.inspection.kind, '督察');
  assert.equal(provincial.inspection.feedback, '2022-08-10');
  const a = parseNoticeText(fixture('audit-report.txt')).meta;
  assert.deepEqual([a.date, a.inspection.kind, a.inspection.body], ['2023-12-20', '审计', '市审计局']);
  // The signature date stands before the attachments.
  assert.equal(parseNoticeText(fixture('class1-attachments.txt')).meta.date, '2024-01-18');
});

test('structure: the attachments win on stated totals and markers; the runner-up says why it lost', () => {
  const p = analyseText(fixture('class1-attachments.txt'));
  const s = p.structure!;
  assert.equal(s.chosen.id, 'attachments');
  assert.deepEqual(s.chosen.counts, { groups: 2, themes: 0, problems: 11, measures: 34 });
  assert.ok(s.chosen.evidence.some((e) => e.startsWith('+40 问题数与通报所称“11个问题”一致')));
  assert.equal(s.runnerUp?.id, 'sections');
  assert.equal(s.runnerUp?.counts.problems, 5);
  assert.match(s.runnerUp!.lostBecause, /与通报所称“11个问题”不符/);
  assert.equal(s.close, false);
  assert.equal(s.runnerUp?.nodes, undefined);
  assert.deepEqual(
    p.nodes.filter((n) => n.kind === 'group').map((n) => [n.label, n.family]),
    [
      ['附件1', 'attachment'],
      ['附件2', 'attachment'],
    ],
  );
  // One structure only: no runner-up.
  const one = analyseText(fixture('class3-totals.txt')).structure!;
  assert.equal(one.runnerUp, null);
  assert.equal(one.close, false);
});

test('structure: when two readings score close, the preview gets both trees and asks', () => {
  const text = [
    '示例局关于区委巡察反馈问题整改情况的通报',
    '区委第一巡察组于2023年3月1日至4月30日对示例局进行了巡察，并于5月20日反馈了巡察意见。',
    '一、反馈问题整改情况',
    '（一）合同管理不规范的问题',
    '整改进展情况：已完成。清理合同42份。',
    '（二）公务用车管理不严的问题',
    '整改进展情况：正在推进。已建立用车登记制度。',
    '二、下一步工作打算',
    '持续巩固整改成果。',
    '附件1 专项检查发现问题整改情况',
    '项目1.1 档案管理不到位的问题',
    '整改进展情况：已完成。补齐档案36卷。',
    '附件2 信访件办理情况',
    '项目2.1 群众反映审批慢的问题',
    '整改进展情况：已完成。审批时限压缩至5个工作日。',
  ].join('\n');
  const p = parseNoticeText(text);
  const s = p.structure!;
  assert.equal(s.close, true);
  assert.equal(s.chosen.id, 'sections', 'a tie goes to the body, read first');
  assert.equal(s.runnerUp?.id, 'attachments');
  assert.deepEqual(
    s.runnerUp?.nodes?.filter((n) => n.kind === 'problem').map((n) => n.label),
    ['项目1.1', '项目2.1'],
  );
  assert.deepEqual(
    p.nodes.filter((n) => n.kind === 'problem').map((n) => n.label),
    ['（一）', '（二）'],
  );
});

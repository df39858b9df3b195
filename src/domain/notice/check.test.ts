// Checker rules: for each rule one notice that must trigger it and one that must not.
// Notices are small and fictional, written for the rule they exercise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseText, checkNotice, parseNoticeText } from './index.js';
import type { Finding, NoticeNode, ParsedNotice } from './types.js';
import { checkBoilerplate } from './check/boilerplate.js';
import { checkDateOrder, checkMalformedDates } from './check/dates.js';
import { checkDuplicateTitles } from './check/duplicate-title.js';
import { checkFormalism } from './check/formalism.js';
import { checkMissingFields } from './check/missing-field.js';
import { checkNumbering } from './check/numbering.js';
import { checkTotals } from './check/totals.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/notices/${name}`, import.meta.url)), 'utf8');
const FIXTURES = [
  'three-level.md',
  'themes-measures.txt',
  'arabic-dun.txt',
  'cn-dun-problems.txt',
  'attachments-project.txt',
  'word-table.txt',
];

const only = (fs: Finding[], rule: string, severity?: Finding['severity']): Finding[] =>
  fs.filter((f) => f.rule === rule && (!severity || f.severity === severity));

/** A notice with a problems section; `body` is its numbered part. */
const notice = (body: string, preamble = ''): string =>
  [
    '示例局关于区委巡察反馈问题整改情况的通报',
    preamble || '根据区委统一部署，区委第一巡察组于2023年3月1日至4月30日对示例局进行了巡察，并于5月20日反馈了巡察意见。',
    '二、整改进展情况',
    body,
    '三、下一步工作打算',
    '示例局将持续巩固整改成果。',
  ].join('\n');

test('the fixtures produce no error-severity findings', () => {
  for (const name of FIXTURES) {
    const errors = analyseText(fixture(name)).findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors, [], name);
  }
});

test('numbering-duplicate: a group number used twice (and the numbering after it is not a gap)', () => {
  const p = parseNoticeText(
    notice(
      [
        '（一）党的建设方面',
        '1.甲问题不到位的问题',
        '（二）作风建设方面',
        '2.乙问题不严的问题',
        '（二）廉洁建设方面',
        '3.丙问题不足的问题',
        '（三）选人用人方面',
        '4.丁问题缺位的问题',
      ].join('\n'),
    ),
  );
  const f = checkNumbering(p);
  assert.equal(f.length, 1);
  assert.equal(f[0].rule, 'numbering-duplicate');
  assert.equal(f[0].severity, 'error');
  assert.equal(p.lines[f[0].line - 1], '（二）廉洁建设方面');
  assert.match(f[0].suggestion ?? '', /（三）/);
  assert.equal(f[0].nodeIds?.length, 2);
});

test('numbering-gap: a missing problem number; continuous numbering across themes and restarts are fine', () => {
  const gap = parseNoticeText(
    notice(
      [
        '（一）甲方面',
        '（1）针对甲的问题，一是修订制度。二是完成清理。',
        '（2）针对乙的问题，一是完成整改。二是追缴资金5万元。',
        '（4）针对丙的问题，一是完成整改。二是建立台账。',
      ].join('\n'),
    ),
  );
  const f = checkNumbering(gap);
  assert.deepEqual(
    f.map((x) => [x.rule, x.severity, gap.lines[x.line - 1].slice(0, 3)]),
    [['numbering-gap', 'error', '（4）']],
  );
  assert.match(f[0].message, /缺少“（3）”/);

  // Runs on across themes (（1）（2）|（3）) and restarts per group (1.|1.): both conventions hold.
  const ok = parseNoticeText(
    notice(
      [
        '（一）甲方面',
        '1.着力解决甲类问题',
        '（1）针对甲的问题，一是修订制度。二是完成清理。',
        '（2）针对乙的问题，一是修订制度。二是完成清理。',
        '2.着力解决乙类问题',
        '（3）针对丙的问题，一是修订制度。二是完成清理。',
        '（二）乙方面',
        '1.着力解决丙类问题',
        '（4）针对丁的问题，一是修订制度。二是完成清理。',
      ].join('\n'),
    ),
  );
  assert.deepEqual(ok.counts, { groups: 2, themes: 3, problems: 4, measures: 8 });
  assert.deepEqual(checkNumbering(ok), []);
  for (const name of FIXTURES) assert.deepEqual(checkNumbering(parseNoticeText(fixture(name))), [], name);
});

test('numbering-gap at the measure level is a warning ("一是…三是")', () => {
  const p = parseNoticeText(notice('（一）甲方面\n1.针对甲的问题。一是修订制度。三是完成清理。'));
  const f = checkNumbering(p);
  assert.deepEqual(
    f.map((x) => [x.rule, x.severity]),
    [['numbering-gap', 'warning']],
  );
});

test('total-mismatch: stated problems and accountability breakdown against the text', () => {
  const pre =
    '根据区委统一部署，区委第一巡察组于2023年3月1日至4月30日进行了巡察，并于5月20日反馈了巡察意见。针对反馈的2个方面、4个具体问题制定整改方案。追责问责6人次。其中，诫勉1人次，批评教育3人次。';
  const p = parseNoticeText(
    notice(
      [
        '（一）甲方面',
        '1.甲不到位的问题',
        '整改进展情况：对1名责任人进行批评教育。',
        '2.乙不严的问题',
        '整改进展情况：完成整改3项。',
        '（二）乙方面',
        '3.丙不足的问题',
        '整改进展情况：完成整改2项。',
      ].join('\n'),
      pre,
    ),
  );
  const f = checkTotals(p);
  const errors = only(f, 'total-mismatch', 'error').map((x) => x.message);
  assert.equal(errors.length, 2);
  assert.match(errors[0], /具体问题 4 个，正文列出 3 个/);
  assert.match(errors[1], /问责总数为 6 人次，分项合计 4 人次/);
  // One case named in the items out of six stated: normal, informational only.
  assert.equal(only(f, 'total-mismatch', 'info').length, 1);
});

test('total-mismatch: totals that cannot be counted are "无法核对" (info), never an error', () => {
  const p = parseNoticeText(fixture('themes-measures.txt'));
  const f = checkTotals(p);
  assert.ok(f.length >= 2);
  assert.ok(f.every((x) => x.severity === 'info' && /无法核对/.test(x.message)));
  assert.deepEqual(checkTotals(parseNoticeText(fixture('three-level.md'))), []);
});

test('date-malformed: every date that lost 年/月, with the corrected reading', () => {
  const p = parseNoticeText(
    notice(
      '（一）甲方面\n1.甲不到位的问题\n整改进展情况：20235月中旬完成排查，2023824日召开会议，20231-11月累计整改12处，2023626-714日开展专项检查。',
    ),
  );
  const f = checkMalformedDates(p);
  assert.deepEqual(
    f.map((x) => x.suggestion),
    ['应为“2023年5月”。', '应为“2023年8月24日”。', '应为“2023年1-11月”。', '应为“2023年6月26日-7月14日”。'],
  );
  assert.ok(f.every((x) => x.severity === 'error' && x.nodeIds?.length === 1));
  assert.deepEqual(
    checkMalformedDates(
      parseNoticeText(notice('（一）甲方面\n1.甲不到位的问题\n整改进展情况：2023年5月至8月24日完成整改，电话027-88880000。')),
    ),
    [],
  );
});

test('date-order: feedback before the end of the inspection', () => {
  const bad = parseNoticeText(
    notice('（一）甲方面\n1.甲不到位的问题', '区委第一巡察组于2023年3月1日至6月30日进行了巡察，并于2023年5月20日反馈了巡察意见。'),
  );
  const f = checkDateOrder(bad);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /进驻结束日期（2023-06-30）晚于反馈日期（2023-05-20）/);
  for (const name of FIXTURES) assert.deepEqual(checkDateOrder(parseNoticeText(fixture(name))), [], name);
});

test('boilerplate: the same sentence under two problems is reported once, with both nodes', () => {
  const shared = '为落实全区环境整治工作部署，组织相关科室对辖区企业开展拉网式排查并建立问题台账';
  const p = parseNoticeText(
    notice(
      [
        '（一）甲方面',
        '1.甲不到位的问题',
        `整改进展情况：${shared}。完成整改12处。`,
        '2.乙不严的问题',
        `整改进展情况：${shared}。追缴资金3万元。`,
        '3.丙不足的问题',
        '整改进展情况：修订管理办法，清退人员2名。',
      ].join('\n'),
    ),
  );
  const f = checkBoilerplate(p);
  assert.equal(f.length, 1);
  const problems = p.nodes.filter((n) => n.kind === 'problem');
  assert.deepEqual(f[0].nodeIds, [problems[0].id, problems[1].id]);
  assert.match(f[0].message, /0\.8/);
  // Different wording of the same topic stays below the threshold.
  const q = parseNoticeText(
    notice(
      [
        '（一）甲方面',
        '1.甲不到位的问题',
        '整改进展情况：组织相关科室对辖区企业开展排查，建立问题台账并逐项销号。',
        '2.乙不严的问题',
        '整改进展情况：修订采购管理办法，对三年来的合同逐份复核并追回多付款项。',
      ].join('\n'),
    ),
  );
  assert.deepEqual(checkBoilerplate(q), []);
});

test('formalism: study-only measures, future-only progress and a bare "已完成"', () => {
  const p = parseNoticeText(
    notice(
      [
        '（一）甲方面',
        '（1）针对甲的问题，一是组织党员干部集中学习有关文件精神。二是修订考勤制度，清退不在岗人员3名。',
        '（2）针对乙的问题',
        '整改进展情况：下一步将进一步加强管理，确保整改到位。',
        '（3）针对丙的问题',
        '整改进展情况：已完成。',
        '（4）针对丁的问题',
        '整改进展情况：修订《合同管理办法》，复核合同56份，追回款项2.3万元。',
      ].join('\n'),
    ),
  );
  const f = checkFormalism(p);
  const at = (label: string): NoticeNode => p.nodes.find((n) => n.label === label)!;
  assert.deepEqual(
    f.map((x) => x.nodeIds?.[0]),
    [p.nodes.find((n) => n.label === '一是')!.id, at('（2）').id, at('（3）').id],
  );
  assert.ok(f.every((x) => x.severity === 'warning'));
});

test('missing-field: ledger rows without lead department or deadline; complete rows pass', () => {
  const p = parseNoticeText(fixture('word-table.txt'));
  const f = checkMissingFields(p);
  assert.deepEqual(
    f.map((x) => [x.line, /整改时限/.test(x.message), /责任单位/.test(x.message)]),
    [
      [4, true, false],
      [5, false, true],
    ],
  );
  const complete: ParsedNotice = {
    ...p,
    nodes: p.nodes.map((n) => ({ ...n, leadDepartment: n.leadDepartment ?? '办公室', deadline: n.deadline ?? '2023-12' })),
  };
  assert.deepEqual(checkMissingFields(complete), []);
  // Text items are not ledger rows: the rule does not apply to them.
  assert.deepEqual(checkMissingFields(parseNoticeText(fixture('three-level.md'))), []);
});

test('duplicate-title: two groups with the same heading', () => {
  const p = parseNoticeText(
    notice(
      [
        '（一）党风廉政建设方面',
        '1.甲不到位的问题',
        '（二）选人用人方面',
        '2.乙不严的问题',
        '（三）党风廉政建设方面',
        '3.丙不足的问题',
      ].join('\n'),
    ),
  );
  const f = checkDuplicateTitles(p);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.equal(p.lines[f[0].line - 1], '（三）党风廉政建设方面');
  for (const name of FIXTURES) assert.deepEqual(checkDuplicateTitles(parseNoticeText(fixture(name))), [], name);
});

test('checkNotice runs every rule and sorts by line; analyseText fills findings', () => {
  const p = analyseText(
    notice(['（一）甲方面', '1.甲不到位的问题', '整改进展情况：2023824日完成整改。', '（一）乙方面', '2.乙不严的问题'].join('\n')),
  );
  const rules = new Set(p.findings.map((f) => f.rule));
  assert.ok(rules.has('numbering-duplicate') && rules.has('date-malformed'));
  const lines = p.findings.map((f) => f.line);
  assert.deepEqual(
    lines,
    [...lines].sort((a, b) => a - b),
  );
  assert.deepEqual(checkNotice(p), p.findings);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { NoticeInputError, type NoticeNode } from './types.js';
import {
  buildLedgerNotice,
  detectLedgerMapping,
  MAX_LEDGER_ROWS,
  readNotice,
  readNoticeText,
  resolveLedgerMapping,
  sniffFormat,
  type LedgerSheet,
} from './read/index.js';
import { dateInText, readDeadline, statusOf } from './read/ledger-cells.js';
import { splitDepartments, splitMeasures } from './read/ledger-measures.js';

const HEADERS = ['序号', '问题\n类别', '具体问题', '整改措施', '牵头领导', '牵头单位', '配合单位', '完成时限', '整改进展', '是否销号'];

/**
 * A ledger as offices make them: a merged title, a header with synonyms and a
 * line break, categories merged down, blank rows, a problem spanning two rows,
 * dates as Excel dates, serials and text, rich text, a formula, a footnote.
 */
async function makeLedger(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账');
  ws.addRow(['青溪县文化旅游局巡察反馈问题整改台账']); // 1
  ws.mergeCells('A1:J1');
  ws.addRow(HEADERS); // 2
  ws.addRow([
    '1',
    '一、政治建设方面',
    '理论学习中心组学习流于形式',
    '1.修订学习制度；2.每季度开展专题研讨。',
    '王明',
    '办公室',
    '党建办、人事科',
    new Date(Date.UTC(2024, 5, 30)),
    '已修订制度，开展研讨2次',
    '是',
  ]); // 3
  ws.addRow(['2', '', '意识形态责任制落实不到位', '（1）专题研究\n（2）阵地排查', '王明', '宣传科', '', '2024.9.30', '正在推进', '否']); // 4
  ws.addRow(['3', '', '党建经费使用不规范', '规范经费审批', '李华', '', '财务科', '2024年6月底', '', '']); // 5: no department
  ws.mergeCells('B3:B5');
  ws.addRow([]); // 6: blank
  ws.addRow([
    '4',
    '（二）作风建设方面',
    { richText: [{ text: '公务接待', font: { bold: true } }, { text: '超标准' }] },
    '一是清退超标费用；二是建立接待清单制度',
    '李华',
    '办公室',
    '财务科 纪检组',
    45473,
    '长期坚持',
    '',
  ]); // 7
  ws.addRow(['5', '', '文旅项目推进缓慢', '加快项目审批', '赵强', '项目科', '', '长期坚持', '', '']); // 8
  ws.addRow(['', '', '', '落实周调度', '赵强', '规划科', '', '年底前', '', '']); // 9: continues problem 5 (merged)
  ws.mergeCells('B7:B9');
  ws.mergeCells('C8:C9');
  ws.getCell('A8').value = { formula: '4+1', result: 5 };
  ws.addRow([]); // 10
  ws.addRow(['注：整改时限为最迟完成时间。']); // 11
  ws.getCell('H3').numFmt = 'yyyy-mm-dd';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const byLabel = (nodes: NoticeNode[], kind: NoticeNode['kind'], label: string): NoticeNode => {
  const n = nodes.find((x) => x.kind === kind && x.label === label);
  assert.ok(n, `${kind} ${label} exists`);
  return n;
};

describe('detectLedgerMapping', () => {
  test('synonyms, line breaks and brackets in headers', () => {
    const { mapping, unmapped } = detectLedgerMapping([...HEADERS, '备 注', '整改时限（年月日）', '附件']);
    assert.deepEqual(mapping, {
      seq: '序号',
      category: '问题\n类别',
      problem: '具体问题',
      measure: '整改措施',
      leader: '牵头领导',
      leadDepartment: '牵头单位',
      cooperatingDepartments: '配合单位',
      deadline: '完成时限',
      progress: '整改进展',
      closed: '是否销号',
      remark: '备 注',
    });
    assert.deepEqual(unmapped, ['整改时限（年月日）', '附件']); // one column per field: the exact match wins
  });

  test('a cooperating column is recognised by its aside, and longer synonyms win', () => {
    const { mapping } = detectLedgerMapping(['责任单位（牵头）', '责任单位（配合）', '整改完成时限', '整改完成情况', '存在问题', '方面']);
    assert.equal(mapping.leadDepartment, '责任单位（牵头）');
    assert.equal(mapping.cooperatingDepartments, '责任单位（配合）');
    assert.equal(mapping.deadline, '整改完成时限');
    assert.equal(mapping.progress, '整改完成情况');
    assert.equal(mapping.problem, '存在问题');
    assert.equal(mapping.category, '方面');
  });

  test('a user correction overrides detection and frees the header it takes', () => {
    const headers = ['序号', '问题', '措施', '主办科室', '责任人'];
    assert.equal(detectLedgerMapping(headers).mapping.leadDepartment, undefined);
    const { mapping, unmapped } = resolveLedgerMapping(headers, { leadDepartment: '主办科室', leader: undefined, remark: '责任人' });
    assert.equal(mapping.leadDepartment, '主办科室');
    assert.equal(mapping.remark, '责任人');
    assert.equal(mapping.leader, undefined);
    assert.deepEqual(unmapped, []);
  });
});

describe('ledger cells', () => {
  test('deadlines as people write them', () => {
    assert.equal(dateInText('2024年6月底'), '2024-06-30');
    assert.equal(dateInText('2024.6.30前'), '2024-06-30');
    assert.equal(dateInText('２０２４年２月底前'), '2024-02-29');
    assert.equal(dateInText('2024年12月'), '2024-12');
    assert.equal(dateInText('2024年第三季度'), '2024-09-30');
    assert.equal(dateInText('2024年底'), '2024-12-31');
    assert.equal(dateInText('2024年6月中旬'), '2024-06-20');
    assert.equal(dateInText('2024年2月30日'), null);
    assert.deepEqual(readDeadline(45473), { deadline: '2024-06-30', malformed: false });
    assert.deepEqual(readDeadline(new Date(Date.UTC(2024, 0, 31))), { deadline: '2024-01-31', malformed: false });
    assert.deepEqual(readDeadline('长期坚持'), { deadline: undefined, rectifyKind: '长期坚持', malformed: false });
    assert.deepEqual(readDeadline('立行立改，2024年3月底前'), { deadline: '2024-03-31', rectifyKind: '立行立改', malformed: false });
    assert.equal(readDeadline('年底前').malformed, true);
  });

  test('measures, departments, status', () => {
    assert.deepEqual(
      splitMeasures('1.修订学习制度；2.每季度开展专题研讨。').map((m) => [m.label, m.family, m.text]),
      [
        ['1.', 'arabic-dot', '修订学习制度；'],
        ['2.', 'arabic-dot', '每季度开展专题研讨。'],
      ],
    );
    assert.deepEqual(
      splitMeasures('采取以下措施：（1）排查；(2)完成率达1.5%后复查').map((m) => m.label),
      ['（1）', '（2）'],
    );
    assert.deepEqual(
      splitMeasures('加强学习\n完善制度').map((m) => [m.label, m.family]),
      [
        ['1', 'row'],
        ['2', 'row'],
      ],
    );
    assert.deepEqual(splitDepartments('党建办、人事科，财务科 纪检组;党建办'), ['党建办', '人事科', '财务科', '纪检组']);
    assert.equal(statusOf('是', '是否销号', ''), '已销号');
    assert.equal(statusOf('√', '是否完成', ''), '已完成');
    assert.equal(statusOf('否', '是否销号', '正在推进'), '正在推进');
  });
});

describe('xlsx ledger', () => {
  test('reads the ledger into groups, problems and measures keyed to sheet rows', async () => {
    const bytes = await makeLedger();
    assert.equal(sniffFormat(bytes, '台账.xlsx'), 'xlsx');
    const parsed = await readNotice({ bytes, filename: '台账.xlsx' });
    assert.equal(parsed.source, 'xlsx');
    assert.equal(parsed.meta.title, '青溪县文化旅游局巡察反馈问题整改台账');
    assert.equal(parsed.meta.inspection.kind, '巡察');
    assert.equal(parsed.lines.length, 11, 'one line per sheet row');
    assert.equal(parsed.lines[1], HEADERS.map((h) => h.replace('\n', ' ')).join('\t'));
    assert.equal(parsed.lines[5], '', 'blank row kept as a line');
    assert.deepEqual(parsed.counts, { groups: 2, themes: 0, problems: 5, measures: 9 });

    const { nodes } = parsed;
    const g1 = byLabel(nodes, 'group', '一、');
    assert.equal(g1.title, '政治建设方面');
    const g2 = byLabel(nodes, 'group', '（二）');
    assert.equal(g2.line, 7);

    const p1 = byLabel(nodes, 'problem', '1');
    assert.equal(p1.parentId, g1.id);
    assert.equal(p1.line, 3);
    assert.equal(p1.leader, '王明');
    assert.equal(p1.leadDepartment, '办公室');
    assert.deepEqual(p1.cooperatingDepartments, ['党建办', '人事科']);
    assert.equal(p1.deadline, '2024-06-30');
    assert.equal(p1.status, '已销号');
    assert.deepEqual(
      nodes.filter((n) => n.parentId === p1.id).map((m) => m.label),
      ['1.', '2.'],
    );

    const p2 = byLabel(nodes, 'problem', '2');
    assert.equal(p2.parentId, g1.id, 'merged category applies to each row');
    assert.equal(p2.deadline, '2024-09-30');
    assert.equal(p2.status, '正在推进');
    assert.deepEqual(
      nodes.filter((n) => n.parentId === p2.id).map((m) => m.title),
      ['专题研究', '阵地排查'],
    );

    const p3 = byLabel(nodes, 'problem', '3');
    assert.equal(p3.leadDepartment, undefined, 'missing department stays missing for the checker');
    assert.equal(p3.deadline, '2024-06-30');

    const p4 = byLabel(nodes, 'problem', '4');
    assert.equal(p4.title, '公务接待超标准', 'rich text');
    assert.equal(p4.deadline, '2024-06-30', 'Excel serial');
    assert.equal(p4.rectifyKind, '长期坚持', 'from the progress status');
    assert.deepEqual(p4.cooperatingDepartments, ['财务科', '纪检组']);
    assert.deepEqual(
      nodes.filter((n) => n.parentId === p4.id).map((m) => [m.label, m.family]),
      [
        ['一是', 'ordinal'],
        ['二是', 'ordinal'],
      ],
    );

    const p5 = byLabel(nodes, 'problem', '5'); // 序号 from a formula result
    assert.equal(p5.parentId, g2.id);
    assert.equal(p5.rectifyKind, '长期坚持');
    assert.equal(p5.deadline, undefined);
    const m5 = nodes.filter((n) => n.parentId === p5.id);
    assert.deepEqual(
      m5.map((m) => [m.line, m.label, m.leadDepartment]),
      [
        [8, '1', '项目科'],
        [9, '2', '规划科'],
      ],
      'row 9 continues the merged problem, its measure numbered on',
    );

    // The checker sees what the reader filled in: the row without a department, nothing about numbering.
    assert.deepEqual(
      parsed.findings.filter((f) => f.rule === 'missing-field').map((f) => f.line),
      [5],
    );
    assert.ok(!parsed.findings.some((f) => f.rule.startsWith('numbering')));

    const malformed = parsed.findings.filter((f) => f.rule === 'date-malformed');
    assert.deepEqual(
      malformed.map((f) => f.line),
      [9],
    );
    assert.ok(!parsed.findings.some((f) => f.rule === 'ledger-column-missing'));
    assert.ok(parsed.nodes.every((n, i) => n.id === `n${i + 1}`));
  });

  test('readNoticeText shows the ledger rows', async () => {
    const r = await readNoticeText({ bytes: await makeLedger() });
    assert.equal(r.source, 'xlsx');
    assert.equal(r.text.split('\n')[0], '青溪县文化旅游局巡察反馈问题整改台账');
  });

  test('a two-row header and a user mapping for an unknown column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['序号', '具体问题', '整改措施', '责任单位', '', '主办时间']);
    ws.addRow(['', '', '', '牵头单位', '配合单位', '']);
    ws.mergeCells('A1:A2');
    ws.mergeCells('B1:B2');
    ws.mergeCells('C1:C2');
    ws.mergeCells('D1:E1');
    ws.mergeCells('F1:F2');
    ws.addRow(['1', '档案管理不规范', '开展档案清理', '办公室', '档案室', '2024-05-31']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const auto = await readNotice({ bytes });
    const p = auto.nodes.find((n) => n.kind === 'problem');
    assert.equal(p?.leadDepartment, '办公室');
    assert.deepEqual(p?.cooperatingDepartments, ['档案室']);
    assert.equal(p?.deadline, undefined);
    assert.ok(auto.findings.some((f) => f.rule === 'ledger-column-unmapped' && f.message.includes('主办时间')));
    const corrected = await readNotice({ bytes, mapping: { deadline: '主办时间' } });
    assert.equal(corrected.nodes.find((n) => n.kind === 'problem')?.deadline, '2024-05-31');
  });

  test('categories as banner rows, footnotes skipped, a second ledger sheet reported', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('问题清单');
    ws.addRow(['序号', '具体问题', '整改措施', '责任单位', '整改时限']);
    ws.addRow(['一、思想建设方面']);
    ws.mergeCells('A2:E2');
    ws.addRow(['1', '学习不深入', '开展专题学习', '办公室', '2024年6月底']);
    ws.addRow(['2', '研讨不经常', '每月研讨', '办公室', '2024年7月底']);
    ws.addRow(['二、作风建设方面']);
    ws.mergeCells('A5:E5');
    ws.addRow(['1', '会议偏多', '精简会议', '综合科', '立行立改']);
    ws.addRow(['注：本表由整改办汇总。']);
    ws.mergeCells('A7:E7');
    const ws2 = wb.addWorksheet('已销号');
    ws2.addRow(['序号', '具体问题', '整改措施', '责任单位', '整改时限']);
    const parsed = await readNotice({ bytes: new Uint8Array(await wb.xlsx.writeBuffer()) });
    const groups = parsed.nodes.filter((n) => n.kind === 'group');
    assert.deepEqual(
      groups.map((g) => [g.label, g.title, g.line]),
      [
        ['一、', '思想建设方面', 2],
        ['二、', '作风建设方面', 5],
      ],
    );
    const problems = parsed.nodes.filter((n) => n.kind === 'problem');
    assert.deepEqual(
      problems.map((p) => [p.label, p.parentId]),
      [
        ['1', groups[0].id],
        ['2', groups[0].id],
        ['1', groups[1].id],
      ],
    );
    assert.equal(problems[2].rectifyKind, '立行立改');
    assert.ok(parsed.findings.some((f) => f.rule === 'ledger-sheet-ignored' && f.message.includes('已销号')));
  });

  test('a workbook with no ledger header is refused', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('数据').addRow(['甲', '乙', '丙']);
    await assert.rejects(
      readNotice({ bytes: new Uint8Array(await wb.xlsx.writeBuffer()) }),
      (err: unknown) => err instanceof NoticeInputError && err.code === 'unsupported',
    );
  });

  test('rows past the cap are reported, not silently dropped', () => {
    const row = (cells: string[]) => cells.map((text) => ({ value: text, text }));
    const sheet: LedgerSheet = {
      name: '台账',
      rows: [row(['序号', '具体问题', '整改措施', '责任单位', '整改时限']), row(['1', '问题', '措施', '办公室', '2024年6月底'])],
      totalRows: MAX_LEDGER_ROWS + 5,
    };
    const parsed = buildLedgerNotice([sheet]);
    assert.equal(parsed.counts.problems, 1);
    const cap = parsed.findings.find((f) => f.rule === 'ledger-truncated');
    assert.equal(cap?.severity, 'error');
  });
});

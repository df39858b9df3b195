/**
 * A ledger sheet → ParsedNotice: one group per 问题类别, one problem per row,
 * the 整改措施 cell split into measures. Line numbers are sheet row numbers so
 * every finding points at a row the user can find in Excel.
 */
import { refuse } from './refuse.js';
import type { Finding, InspectionKind, LedgerField, LedgerMapping, NoticeNode, ParsedNotice } from '../types.js';
import { chineseNumber } from './docx-numbering.js';
import { kindOf, readDeadline, statusOf } from './ledger-cells.js';
import { type GridCell, type LedgerSheet, cellText, distinctTexts, findHeader, rowLine, titleAbove } from './ledger-grid.js';
import { columnsOf, resolveLedgerMapping } from './ledger-mapping.js';
import { firstClause, splitDepartments, splitLabel, splitMeasures } from './ledger-measures.js';

/** Rows read per sheet; beyond this a workbook is not a rectification ledger. */
export const MAX_LEDGER_ROWS = 20_000;

/**
 * A "类型" column holding 立行立改/限期整改/长期坚持 is the rectification kind, as
 * offices' ledgers (and Zhenggai's own export) have it, not a problem category.
 */
const KIND_CELL = /^(立行立改|限期整改|长期坚持)$/;

/** Single-text rows that are footnotes, not category banners. */
const FOOTNOTE = /^(?:注|说明|备注|填表|制表|审核|联系人|联系电话|单位（盖章）|单位\(盖章\))/;

interface OpenProblem {
  node: NoticeNode;
  /** Merge master of its 具体问题 cell: rows merged into it continue this problem. */
  problemMerge?: string;
  rows: number;
  measures: { node: NoticeNode; fields: RowFields }[];
}

type RowFields = Pick<
  NoticeNode,
  'leader' | 'leadDepartment' | 'cooperatingDepartments' | 'deadline' | 'rectifyKind' | 'progress' | 'status'
>;

export function buildLedgerNotice(sheets: LedgerSheet[], user?: LedgerMapping): ParsedNotice {
  const located = sheets.map((sheet) => ({ sheet, header: findHeader(sheet, user) }));
  const usable = located.filter((l) => l.header !== null);
  const chosen = usable.reduce<(typeof usable)[number] | null>(
    (best, l) => (!best || (l.header?.score ?? 0) > (best.header?.score ?? 0) ? l : best),
    null,
  );
  if (!chosen?.header) throw refuse('unsupported', 'no ledger header row');
  const { sheet, header } = chosen;
  const { mapping, unmapped } = resolveLedgerMapping(header.headers, user);
  const col = columnsOf(header.headers, mapping);
  if (col.problem === undefined && col.measure === undefined) throw refuse('unsupported', 'no problem or measure column');

  const findings: Finding[] = [];
  const nodes: NoticeNode[] = [];
  const newId = (): string => `n${nodes.length + 1}`;
  const text = (row: number, field: LedgerField): string => {
    const c = col[field];
    return c === undefined ? '' : cellText(sheet, row, c + 1);
  };
  const cell = (row: number, field: LedgerField): GridCell | null => {
    const c = col[field];
    return c === undefined ? null : (sheet.rows[row - 1]?.[c] ?? null);
  };

  const rowFields = (row: number): RowFields => {
    const f: RowFields = {};
    const leader = text(row, 'leader');
    const lead = text(row, 'leadDepartment');
    const coop = splitDepartments(text(row, 'cooperatingDepartments'));
    const progress = text(row, 'progress');
    const due = readDeadline(cell(row, 'deadline')?.value ?? null);
    if (due.malformed) {
      findings.push({
        rule: 'date-malformed',
        severity: 'warning',
        line: row,
        message: `第 ${row} 行的整改时限“${text(row, 'deadline')}”无法识别为日期。`,
        suggestion: '请填写具体日期（如“2024年6月30日”或“2024年6月底”），长期任务填写“长期坚持”。',
      });
    }
    const status = statusOf(text(row, 'closed'), mapping.closed, progress);
    if (leader) f.leader = leader.replace(/\s*\n\s*/g, '、');
    if (lead) f.leadDepartment = lead.replace(/\s*\n\s*/g, '、');
    if (coop.length) f.cooperatingDepartments = coop;
    if (due.deadline) f.deadline = due.deadline;
    const kindCell = text(row, 'category');
    const kind =
      due.rectifyKind ?? (KIND_CELL.test(kindCell) ? kindOf(kindCell) : undefined) ?? (status === '长期坚持' ? '长期坚持' : undefined);
    if (kind) f.rectifyKind = kind;
    if (progress) f.progress = progress;
    if (status) f.status = status;
    return f;
  };

  const groups = new Map<string, NoticeNode>();
  let banner = { text: '', row: 0 };
  let current: OpenProblem | null = null;
  const multiRow: OpenProblem[] = [];
  const lastRow = sheet.rows.length;

  const addMeasures = (row: number, open: OpenProblem, fields: RowFields): void => {
    // Generated labels continue across the rows of one problem; written ones stay as written.
    const offset = open.measures.length;
    for (const item of splitMeasures(text(row, 'measure'))) {
      const label = item.family === 'row' ? String(Number(item.label) + offset) : item.label;
      const node: NoticeNode = {
        id: newId(),
        parentId: open.node.id,
        kind: 'measure',
        label,
        family: item.family,
        title: firstClause(item.text),
        line: row,
        endLine: row,
        text: item.text,
      };
      nodes.push(node);
      open.measures.push({ node, fields });
    }
  };

  for (let r = header.lastRow + 1; r <= lastRow; r++) {
    const texts = distinctTexts(sheet, r);
    if (texts.length === 0) continue;
    const problemText = text(r, 'problem');
    const measureText = text(r, 'measure');
    // One text merged across most of the row, or alone outside the problem and
    // measure columns, names the category of the rows below ("一、政治建设方面").
    const filled = (sheet.rows[r - 1] ?? []).filter((c) => c?.text).length;
    const mergedAcross = filled >= Math.max(2, Math.ceil(header.headers.length / 2));
    if (texts.length === 1 && (mergedAcross || (problemText === '' && measureText === ''))) {
      if (!FOOTNOTE.test(texts[0]) && !/^\d+$/.test(texts[0])) banner = { text: texts[0], row: r };
      continue;
    }
    const problemCell = cell(r, 'problem');
    const continues =
      current !== null &&
      ((problemCell?.slave === true && problemCell.merge === current.problemMerge) || (problemText === '' && col.problem !== undefined));
    if (continues && current) {
      current.rows++;
      if (current.rows === 2) multiRow.push(current);
      addMeasures(r, current, rowFields(r));
      continue;
    }

    const ownCategory = KIND_CELL.test(text(r, 'category')) ? '' : text(r, 'category');
    const categoryText = ownCategory || banner.text;
    // A banner group starts at its banner row, a column group at its first row.
    const groupLine = ownCategory ? r : banner.row;
    let parentId: string | null = null;
    if (categoryText) {
      const key = categoryText.replace(/\s+/g, '');
      let group = groups.get(key);
      if (!group) {
        const { label, rest } = splitLabel(categoryText);
        group = {
          id: newId(),
          parentId: null,
          kind: 'group',
          family: 'row',
          label: label || `（${chineseNumber(groups.size + 1)}）`,
          title: rest || categoryText,
          line: groupLine,
          endLine: groupLine,
          text: categoryText,
        };
        groups.set(key, group);
        nodes.push(group);
      }
      parentId = group.id;
    }
    const fields = rowFields(r);
    const seq = text(r, 'seq');
    const problem: NoticeNode = {
      id: newId(),
      parentId,
      kind: 'problem',
      family: 'row',
      label: seq || String(nodes.filter((n) => n.kind === 'problem').length + 1),
      title: firstClause(problemText || measureText),
      line: r,
      endLine: r,
      text: problemText,
      ...fields,
    };
    nodes.push(problem);
    current = { node: problem, problemMerge: problemCell?.merge, rows: 1, measures: [] };
    addMeasures(r, current, fields);
  }

  // Where one problem spans several rows, each row is a measure with its own owner and date.
  for (const p of multiRow) for (const m of p.measures) Object.assign(m.node, m.fields);

  // Another sheet counts as a second ledger only if its header is unmistakable.
  const others = usable.filter((l) => l !== chosen && (l.header?.score ?? 0) >= 3).map((l) => l.sheet.name);
  findings.push(...readerFindings(sheet, header.lastRow, unmapped, col, others));
  const title = titleAbove(sheet, header.firstRow);
  const kind = title ? (/巡视|巡察|审计|督察/.exec(title.text)?.[0] as InspectionKind | undefined) : undefined;
  return {
    source: 'xlsx',
    lines: Array.from({ length: lastRow }, (_v, i) => rowLine(sheet, i + 1)),
    meta: {
      title: title?.text ?? null,
      issuer: null,
      date: null,
      inspection: { kind: kind ?? null, body: null, onSite: [null, null], feedback: null },
    },
    sections: [{ kind: 'problems', label: null, title: sheet.name, startLine: header.firstRow, endLine: lastRow }],
    contact: {},
    nodes,
    counts: {
      groups: groups.size,
      themes: 0,
      problems: nodes.filter((n) => n.kind === 'problem').length,
      measures: nodes.filter((n) => n.kind === 'measure').length,
    },
    stated: {},
    rules: [],
    findings: findings.sort((a, b) => a.line - b.line),
  };
}

function readerFindings(
  sheet: LedgerSheet,
  headerRow: number,
  unmapped: string[],
  col: Partial<Record<LedgerField, number>>,
  otherLedgers: string[],
): Finding[] {
  const out: Finding[] = [];
  if (sheet.totalRows > sheet.rows.length) {
    out.push({
      rule: 'ledger-truncated',
      severity: 'error',
      line: sheet.rows.length,
      message: `工作表“${sheet.name}”共 ${sheet.totalRows} 行，只读取了前 ${sheet.rows.length} 行。`,
      suggestion: '请删除多余行或将台账拆分后分批导入。',
    });
  }
  const missing = (
    [
      ['measure', '整改措施'],
      ['leadDepartment', '责任单位'],
      ['deadline', '整改时限'],
    ] as const
  )
    .filter(([f]) => col[f] === undefined)
    .map(([, zh]) => zh);
  if (missing.length) {
    out.push({
      rule: 'ledger-column-missing',
      severity: 'warning',
      line: headerRow,
      message: `未找到${missing.map((m) => `“${m}”`).join('、')}列。`,
      suggestion: '如表头名称不同，请在导入时手动指定列对应关系。',
    });
  }
  if (unmapped.length) {
    out.push({
      rule: 'ledger-column-unmapped',
      severity: 'info',
      line: headerRow,
      message: `以下列未能识别，内容不会导入：${unmapped.map((h) => `“${h.replace(/\s+/g, '')}”`).join('、')}。`,
      suggestion: '如需导入，请在列对应关系中指定。',
    });
  }
  if (otherLedgers.length) {
    const others = otherLedgers.map((name) => `“${name}”`).join('、');
    out.push({
      rule: 'ledger-sheet-ignored',
      severity: 'warning',
      line: 1,
      message: `工作簿中还有其他台账工作表（${others}），本次只导入了“${sheet.name}”。`,
      suggestion: '请将各工作表合并为一张台账，或分别另存后逐个导入。',
    });
  }
  return out;
}

/**
 * A table pasted from Word into a text notice: cells split by tabs or by "|"
 * (Markdown pipes). The header row names the columns; each data row becomes one
 * item with the ledger fields it gives (lead department, deadline, …).
 */
import type { LedgerField } from '../types.js';
import { parseDate } from './dates.js';
import { matchLabel } from './labels.js';

export interface TableRow {
  line: number;
  seq: string;
  category?: string;
  problem: string;
  measure?: string;
  leader?: string;
  leadDepartment?: string;
  cooperatingDepartments?: string[];
  deadline?: string;
  progress?: string;
  /** A group row inside the table ("一 | 党的建设方面 | | |", or one merged cell "（一）…方面"). */
  group?: boolean;
}

/** Header words per field; the first matching field wins, so order matters. */
const HEADERS: [LedgerField, RegExp][] = [
  ['seq', /^(序号|编号|序)$/],
  ['category', /类别|方面|类型|分类/],
  ['measure', /措施/],
  ['progress', /进展|完成情况|整改情况|成效/],
  ['problem', /问题|事项|内容/],
  ['leader', /责任领导|分管领导|牵头领导|领导/],
  ['cooperatingDepartments', /配合/],
  ['leadDepartment', /责任(单位|部门|科室|处室|股室|股)|牵头|主责|责任人/],
  ['deadline', /时限|期限|完成时间|截止/],
  ['remark', /备注/],
];

function cells(line: string): string[] {
  const s = line.trim();
  const parts = s.includes('\t') ? s.split('\t') : s.replace(/^\||\|$/g, '').split('|');
  return parts.map((c) => c.trim());
}

export function parseTable(lines: string[], firstLine: number): TableRow[] {
  const rows = lines.map(cells);
  let header: (LedgerField | null)[] | null = null;
  const out: TableRow[] = [];
  rows.forEach((r, k) => {
    if (r.every((c) => /^:?-{2,}:?$/.test(c) || c === '')) return; // Markdown separator.
    const mapped = r.map((c) => (c.length <= 12 ? (HEADERS.find(([, re]) => re.test(c))?.[0] ?? null) : null));
    // A header row: every filled cell is a column name. A second header starts a second table.
    const named = mapped.filter(Boolean).length;
    if (named >= 2 && r.every((c, i) => !c || mapped[i])) {
      header = mapped;
      return;
    }
    const cols = header ?? defaultHeader(r.length);
    const group = groupRow(r);
    if (group) {
      out.push({ line: firstLine + k, seq: group.label, problem: group.title, group: true });
      return;
    }
    const row: TableRow = { line: firstLine + k, seq: '', problem: '' };
    cols.forEach((field, c) => {
      const v = r[c]?.trim();
      if (!field || !v) return;
      if (field === 'seq') row.seq = v;
      else if (field === 'cooperatingDepartments') row.cooperatingDepartments = v.split(/[、，,；;\s]+/).filter(Boolean);
      else if (field === 'remark' || field === 'closed') return;
      else if (field === 'deadline') row.deadline = parseDate(v) ?? v;
      else row[field] = v;
    });
    if (!row.problem) row.problem = r.find((c, i) => cols[i] !== 'seq' && c) ?? '';
    if (!row.seq) row.seq = String(out.filter((x) => !x.group).length + 1);
    if (row.problem) out.push(row);
  });
  return out;
}

const CN_SEQ = /^(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、?)$/;

/**
 * A row that names a group rather than an item: a single filled cell that reads as a heading
 * ("（一）档案业务监管方面", a merged row), or a Chinese ordinal in the first cell with only a title
 * beside it ("一 | 党的建设方面 | | |").
 */
function groupRow(r: string[]): { label: string; title: string } | null {
  const filled = r.map((c, i) => [c, i] as const).filter(([c]) => c !== '');
  const heading = (t: string): boolean => t.length >= 2 && t.length <= 40 && !/[。；;，,]/.test(t);
  if (filled.length === 1 && heading(filled[0][0])) {
    const l = matchLabel(filled[0][0]);
    if (l) return { label: l.label, title: l.rest };
    return /方面|领域|类|问题$/.test(filled[0][0]) ? { label: '', title: filled[0][0] } : null;
  }
  if (filled.length === 2 && filled[0][1] === 0 && CN_SEQ.test(filled[0][0]) && heading(filled[1][0])) {
    return { label: filled[0][0], title: filled[1][0] };
  }
  return null;
}

/** Without a header: 序号 | 问题 | 措施 | 责任单位 | 时限, the usual order of a 问题清单. */
function defaultHeader(n: number): (LedgerField | null)[] {
  const base: LedgerField[] = ['seq', 'problem', 'measure', 'leadDepartment', 'deadline', 'progress'];
  return Array.from({ length: n }, (_, i) => base[i] ?? null);
}

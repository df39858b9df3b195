/**
 * A table pasted from Word into a text notice: cells split by tabs or by "|"
 * (Markdown pipes). The header row names the columns; each data row becomes one
 * item with the ledger fields it gives (lead department, deadline, …).
 */
import type { LedgerField } from '../types.js';
import { parseDate } from './dates.js';

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
  ['leadDepartment', /责任(单位|部门|科室|处室)|牵头|主责|责任人/],
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
    const mapped = r.map((c) => (c.length <= 12 ? HEADERS.find(([, re]) => re.test(c))?.[0] ?? null : null));
    // A header row: every filled cell is a column name. A second header starts a second table.
    const named = mapped.filter(Boolean).length;
    if (named >= 2 && r.every((c, i) => !c || mapped[i])) { header = mapped; return; }
    const cols = header ?? defaultHeader(r.length);
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
    if (!row.seq) row.seq = String(out.length + 1);
    if (row.problem) out.push(row);
  });
  return out;
}

/** Without a header: 序号 | 问题 | 措施 | 责任单位 | 时限, the usual order of a 问题清单. */
function defaultHeader(n: number): (LedgerField | null)[] {
  const base: LedgerField[] = ['seq', 'problem', 'measure', 'leadDepartment', 'deadline', 'progress'];
  return Array.from({ length: n }, (_, i) => base[i] ?? null);
}

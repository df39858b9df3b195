/**
 * A ledger sheet as plain data, and where its header is.
 *
 * The builder works on this grid rather than on exceljs objects so that it is
 * pure, testable without a workbook, and indifferent to the library.
 */
import type { LedgerMapping } from '../types.js';
import type { GridValue } from './ledger-cells.js';
import { headerScore } from './ledger-mapping.js';

export interface GridCell {
  value: GridValue;
  /** Display text; for a merged cell, the master's. */
  text: string;
  /** Address of the merge master ("C4") when the cell belongs to a merged range. */
  merge?: string;
  /** True for a merged range's non-master cells, which repeat the master's value. */
  slave?: boolean;
}

export interface LedgerSheet {
  name: string;
  /** rows[r - 1][c - 1] is sheet cell (r, c); null where the sheet has nothing. */
  rows: (GridCell | null)[][];
  /** Rows in the sheet, which exceeds rows.length when reading was capped. */
  totalRows: number;
}

export interface HeaderLocation {
  /** First and last (1-based) rows of the header; they differ for two-row headers. */
  firstRow: number;
  lastRow: number;
  headers: string[];
  score: number;
}

/** Headers sit under at most a title and a subtitle or two; 15 rows is generous. */
const HEADER_SCAN_ROWS = 15;

export function cellText(sheet: LedgerSheet, row: number, col: number): string {
  return sheet.rows[row - 1]?.[col - 1]?.text ?? '';
}

function rowTexts(sheet: LedgerSheet, row: number): string[] {
  return (sheet.rows[row - 1] ?? []).map((c) => c?.text ?? '');
}

/**
 * The row (or pair of rows) naming the most ledger fields. A two-row header
 * ("责任单位" over "牵头单位 | 配合单位") reads the lower row where it says
 * something of its own and the upper row where the upper cell is merged down.
 */
export function findHeader(sheet: LedgerSheet, user?: LedgerMapping): HeaderLocation | null {
  let best: HeaderLocation | null = null;
  const last = Math.min(sheet.rows.length, HEADER_SCAN_ROWS);
  for (let r = 1; r <= last; r++) {
    const upper = rowTexts(sheet, r);
    const candidates: HeaderLocation[] = [{ firstRow: r, lastRow: r, headers: upper, score: headerScore(upper, user) }];
    if (r < sheet.rows.length) {
      const lowerRow = sheet.rows[r] ?? [];
      const width = Math.max(upper.length, lowerRow.length);
      const combined = Array.from({ length: width }, (_v, i) => {
        const below = lowerRow[i];
        const above = sheet.rows[r - 1]?.[i];
        const mergedDown = below?.slave && above?.merge !== undefined && below.merge === above.merge;
        return below?.text && !mergedDown ? below.text : (upper[i] ?? '');
      });
      // Two rows only when together they name more than either alone: a title row
      // above a header must not become half of it.
      const score = headerScore(combined, user);
      if (score > candidates[0].score && score > headerScore(rowTexts(sheet, r + 1), user)) {
        candidates.push({ firstRow: r, lastRow: r + 1, headers: combined, score });
      }
    }
    for (const c of candidates) if (!best || c.score > best.score) best = c;
  }
  return best && best.score >= 2 ? best : null;
}

/** A title above the header: the first row above it holding a single text. */
export function titleAbove(sheet: LedgerSheet, headerRow: number): { text: string; row: number } | null {
  for (let r = 1; r < headerRow; r++) {
    const texts = distinctTexts(sheet, r);
    if (texts.length === 1) return { text: texts[0].replace(/\s+/g, ' '), row: r };
  }
  return null;
}

/** Non-empty texts of a row, a merged range counted once. */
export function distinctTexts(sheet: LedgerSheet, row: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const cell of sheet.rows[row - 1] ?? []) {
    if (!cell || !cell.text || cell.slave) continue;
    const key = cell.merge ?? cell.text;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(cell.text);
  }
  return out;
}

/** The sheet row as one line: merged cells once, a multi-line cell on one line. */
export function rowLine(sheet: LedgerSheet, row: number): string {
  return (sheet.rows[row - 1] ?? [])
    .map((c) => (c && !c.slave ? c.text.replace(/\s*\n\s*/g, ' ').replace(/\t/g, ' ') : ''))
    .join('\t')
    .replace(/\t+$/, '');
}

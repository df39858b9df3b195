/**
 * mammoth's HTML → the lines the text parser reads.
 *
 * mammoth emits a small, well-formed vocabulary (p, h1–h6, ol/ul/li, table,
 * tr, td/th, br and inline marks), so a tokenizer suffices. Paragraphs and
 * headings become lines; a table row becomes one line with its cells joined by
 * a tab; list items whose Word number could not be recomputed get a label by
 * nesting depth, continuing the hierarchy of the last labelled line above them.
 */
import { chineseNumber as cn, decodeXml } from './docx-numbering.js';

/** The conventional order of levels in Party and government documents. */
const DEPTH_FAMILIES = [
  { test: /^[一二三四五六七八九十百]+、/, make: (n: number) => `${cn(n)}、` },
  { test: /^[（(][一二三四五六七八九十百]+[)）]/, make: (n: number) => `（${cn(n)}）` },
  { test: /^\d+[.．]/, make: (n: number) => `${n}.` },
  { test: /^[（(]\d+[)）]/, make: (n: number) => `（${n}）` },
];

const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'div']);

interface ListFrame {
  ordered: boolean;
  count: number;
  /** Index into DEPTH_FAMILIES of this list's items. */
  family: number;
}

interface CellFrame {
  cells: string[];
  cell: string[];
}

export function htmlToLines(html: string): string[] {
  const lines: string[] = [];
  const lists: ListFrame[] = [];
  const tables: CellFrame[] = [];
  let buf: string[] = [];

  const emit = (s: string, keepTabs = false): void => {
    // A row keeps leading tabs: an empty first cell still occupies its column.
    const t = keepTabs
      ? s.replace(/^[ \u3000\u00a0]+|[\s\u3000]+$/gu, '')
      : s.replace(/\t/g, ' ').replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
    if (t === '') return;
    const row = tables[tables.length - 1];
    if (row)
      row.cell.push(t); // block inside a cell: part of the cell's text
    else lines.push(t);
  };
  const flush = (): void => {
    emit(buf.join(''));
    buf = [];
  };

  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(\/?)>|([^<]+)/g)) {
    const [, close, rawName, , text] = m;
    if (text !== undefined) {
      buf.push(decodeXml(text));
      continue;
    }
    const name = rawName.toLowerCase();
    if (name === 'br') {
      flush();
      continue;
    }
    if (name === 'ol' || name === 'ul') {
      flush();
      if (close) lists.pop();
      else lists.push({ ordered: name === 'ol', count: 0, family: listFamily(lists, lines) });
      continue;
    }
    if (name === 'table' || name === 'tr') {
      flush();
      if (name === 'tr' && !close) tables.push({ cells: [], cell: [] });
      if (name === 'tr' && close) {
        const row = tables.pop();
        if (row) emit(row.cells.join('\t').replace(/\t+$/, ''), true);
      }
      continue;
    }
    if (name === 'td' || name === 'th') {
      flush();
      const row = tables[tables.length - 1];
      if (row && close) {
        // Tabs separate cells, so a cell's own lines and tabs become spaces.
        row.cells.push(row.cell.join(' ').replace(/\s+/g, ' ').trim());
        row.cell = [];
      }
      continue;
    }
    if (BLOCK.has(name)) {
      flush();
      if (name === 'li' && !close) {
        const list = lists[lists.length - 1];
        if (list) {
          list.count++;
          if (list.ordered) buf.push(DEPTH_FAMILIES[list.family].make(list.count));
        }
      }
    }
  }
  flush();
  return lines;
}

/**
 * A nested list goes one level below its parent; a top-level list one level
 * below the last labelled line (a literal "（一）" heading followed by Word
 * numbering is a "1." list, not a second "一、").
 */
function listFamily(lists: ListFrame[], lines: string[]): number {
  const last = DEPTH_FAMILIES.length - 1;
  const parent = [...lists].reverse().find((l) => l.ordered);
  if (parent) return Math.min(parent.family + 1, last);
  for (let i = lines.length - 1; i >= 0; i--) {
    const f = DEPTH_FAMILIES.findIndex((fam) => fam.test.test(lines[i]));
    if (f >= 0) return Math.min(f + 1, last);
  }
  return 0;
}

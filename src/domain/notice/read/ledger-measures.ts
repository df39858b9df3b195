/**
 * Splitting one 整改措施 cell into measures, and the small text helpers the
 * ledger builder shares.
 */
import type { LabelFamily } from '../types.js';

export interface MeasureItem {
  label: string;
  family: LabelFamily;
  /** Without its label. */
  text: string;
}

const MARKERS: { re: RegExp; family: LabelFamily; norm: (m: string) => string }[] = [
  { re: /^[一二三四五六七八九十]+是/, family: 'ordinal', norm: (m) => m },
  { re: /^[（(]\d{1,2}[)）]/, family: 'arabic-paren', norm: (m) => `（${m.slice(1, -1)}）` },
  { re: /^\d{1,2}[.．](?!\d)/, family: 'arabic-dot', norm: (m) => `${m.slice(0, -1)}.` },
  { re: /^\d{1,2}、/, family: 'arabic-dun', norm: (m) => m },
  { re: /^[①-⑳]/, family: 'circled', norm: (m) => m },
];

/**
 * A marker only starts an item at a line start or after a sentence/clause end
 * ("。；;："), so "完成率达1.5%" or "2024.6.30" inside a sentence never splits.
 * The break is inserted after the punctuation in one pass, then lines split.
 */
const BREAK_BEFORE_MARKER = /([。；;！!：:])\s*(?=[一二三四五六七八九十]+是|[（(]\d{1,2}[)）]|\d{1,2}[.．](?!\d)|\d{1,2}、|[①-⑳])/g;

export function splitMeasures(cell: string): MeasureItem[] {
  const pieces = cell
    .replace(BREAK_BEFORE_MARKER, '$1\n')
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  if (pieces.length === 0) return [];
  const items: MeasureItem[] = [];
  let labelled = false;
  for (const piece of pieces) {
    const marker = MARKERS.map((k) => ({ k, m: k.re.exec(piece) })).find((x) => x.m);
    if (marker?.m) {
      labelled = true;
      items.push({ label: marker.k.norm(marker.m[0]), family: marker.k.family, text: piece.slice(marker.m[0].length).trim() });
    } else if (labelled) {
      // An unlabelled line after "2." continues measure 2.
      items[items.length - 1].text += `\n${piece}`;
    } else {
      items.push({ label: '', family: 'row', text: piece });
    }
  }
  if (!labelled) return items.map((it, i) => ({ ...it, label: String(i + 1) }));
  // A lead-in before the first numbered measure ("采取以下措施：") is not a measure.
  return items.filter((it) => it.label !== '');
}

/** Leading label of a category or item text ("一、", "（二）"), normalised, and the rest. */
export function splitLabel(text: string): { label: string; rest: string } {
  const m = /^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）])\s*/.exec(text);
  if (!m) return { label: '', rest: text.trim() };
  const label = m[1].replace(/^\(/, '（').replace(/\)$/, '）').replace(/．$/, '.');
  return { label, rest: text.slice(m[0].length).trim() };
}

/** Heading or first clause: up to the first sentence end, at most 60 characters. */
export function firstClause(text: string): string {
  const body = splitLabel(text).rest;
  const end = body.search(/[。；;\n]/);
  const clause = (end >= 0 ? body.slice(0, end) : body).trim();
  return clause.length > 60 ? `${clause.slice(0, 60)}…` : clause;
}

/** "办公室、财务科，人事科 党建办" → each unit once. */
export function splitDepartments(cell: string): string[] {
  const parts = cell
    .split(/[、，,；;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(parts)];
}

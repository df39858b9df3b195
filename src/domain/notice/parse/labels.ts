/**
 * Numbering labels at the start of a paragraph: "一、", "（一）", "1.", "1、", "（1）", "①",
 * "项目1.1". Inline ordinals ("一是…二是…") are found by ./ordinals.ts, because they sit
 * inside sentences rather than at the start of a paragraph.
 */
import type { LabelFamily } from '../types.js';
import { cnToInt } from './text.js';

export interface Label {
  family: LabelFamily;
  /** Normalised: full-width brackets, "1." for "1．". */
  label: string;
  /** Position in its sequence: "（三）" → 3, "项目2.4" → 4. */
  ordinal: number;
  /** For "项目2.4": "2" — items restart numbering per prefix. */
  scope?: string;
  /** The text after the label, trimmed. */
  rest: string;
}

const CN_NUM = '[一二三四五六七八九十百零〇两]{1,4}';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

// Order matters: the bracketed forms are tried before bare digits.
const PATTERNS: { family: LabelFamily; re: RegExp }[] = [
  { family: 'project', re: /^项目\s*(\d{1,3}(?:[.．]\d{1,3})+)[\s、.．:：]*/ },
  { family: 'cn-paren', re: new RegExp(`^[（(]\\s*(${CN_NUM})\\s*[)）]\\s*`) },
  { family: 'arabic-paren', re: /^[（(]\s*(\d{1,3})\s*[)）]\s*/ },
  { family: 'cn-dun', re: new RegExp(`^(${CN_NUM})\\s*、\\s*`) },
  { family: 'arabic-dun', re: /^(\d{1,3})\s*、\s*/ },
  // "1." but not "1.5", "2020.5" or "3.5万元": a dot followed by a digit is a decimal.
  { family: 'arabic-dot', re: /^(\d{1,3})\s*[.．](?![\d.．])\s*/ },
  { family: 'circled', re: new RegExp(`^([${CIRCLED}])\\s*`) },
];

export function matchLabel(line: string): Label | null {
  for (const { family, re } of PATTERNS) {
    const m = re.exec(line);
    if (!m) continue;
    const rest = line.slice(m[0].length).trim();
    const raw = m[1];
    switch (family) {
      case 'project': {
        const parts = raw.split(/[.．]/);
        return {
          family,
          label: `项目${parts.join('.')}`,
          ordinal: Number(parts[parts.length - 1]),
          scope: parts.slice(0, -1).join('.'),
          rest,
        };
      }
      case 'cn-paren':
        return { family, label: `（${raw}）`, ordinal: cnToInt(raw), rest };
      case 'arabic-paren':
        return { family, label: `（${Number(raw)}）`, ordinal: Number(raw), rest };
      case 'cn-dun':
        return { family, label: `${raw}、`, ordinal: cnToInt(raw), rest };
      case 'arabic-dun':
        return { family, label: `${Number(raw)}、`, ordinal: Number(raw), rest };
      case 'arabic-dot':
        // "2023. " style years and big numbers are not labels.
        if (Number(raw) === 0) return null;
        return { family, label: `${Number(raw)}.`, ordinal: Number(raw), rest };
      case 'circled':
        return { family, label: raw, ordinal: CIRCLED.indexOf(raw) + 1, rest };
      default:
        return null;
    }
  }
  return null;
}

/**
 * The level a family occupies. "1." and "1、" are written interchangeably in one list
 * (a notice typed by several hands), so they share a level.
 */
export function levelKey(family: LabelFamily): string {
  return family === 'arabic-dun' || family === 'arabic-dot' ? 'arabic' : family;
}

/** A paragraph that starts with an inline ordinal ("一是…"), used when joining lines. */
export const ORDINAL_START = /^[一二三四五六七八九十]{1,3}是/;

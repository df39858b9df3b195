/**
 * What an item's text says in figures: dates, counts, percentages, money, people held
 * accountable, status words, deadlines. All extraction is by pattern on one node's own
 * text, so a figure is attributed to the item that states it.
 */
import type { AccountabilityMention, Figure, NoticeNode } from '../types.js';
import { iso, parseDate } from './dates.js';
import { cnToInt } from './text.js';

/** Forms of accountability, longest first so "党内严重警告" is not read as "党内警告". */
export const ACCOUNTABILITY_FORMS = [
  '撤销党内职务',
  '党内严重警告',
  '留党察看',
  '开除党籍',
  '党内警告',
  '责令作出书面检查',
  '责令作出检查',
  '责令书面检查',
  '作出书面检查',
  '责令检查',
  '政务记大过',
  '政务警告',
  '政务记过',
  '行政记大过',
  '行政警告',
  '行政记过',
  '行政撤职',
  '通报批评',
  '批评教育',
  '提醒谈话',
  '谈话提醒',
  '诫勉谈话',
  '诫勉',
  '诚勉',
  '约谈',
  '组织处理',
  '调整岗位',
  '党纪处分',
  '政务处分',
  '免职',
  '降级',
  '撤职',
  '记大过',
  '记过',
  '开除公职',
  // 组织处理 and 政务处分 forms the accountability register records (src/domain/registers/types.ts), so a
  // generated notice's "其中…" breakdown adds up; bare 开除 last, after 开除党籍/开除公职.
  '调离岗位',
  '停职检查',
  '调整职务',
  '责令辞职',
  '降职',
  '开除',
];
const FORM_RE = new RegExp(ACCOUNTABILITY_FORMS.join('|'), 'g');
const FORM_TEST = new RegExp(ACCOUNTABILITY_FORMS.join('|'));

/** One spelling per form, so mentions can be summed: typos and synonyms folded. */
const CANONICAL: Record<string, string> = {
  诚勉: '诫勉',
  诫勉谈话: '诫勉',
  谈话提醒: '提醒谈话',
  责令作出书面检查: '责令检查',
  责令作出检查: '责令检查',
  责令书面检查: '责令检查',
  作出书面检查: '责令检查',
};
export const canonicalForm = (f: string): string => CANONICAL[f] ?? f;

const COUNT_WORD = '(\\d+|[一二两三四五六七八九十]{1,3})\\s*(?:名|人次|人|位)';
const COUNT_ALL = new RegExp(COUNT_WORD, 'g');
/** Sticky: a count right after the form ("提醒谈话10人次"), read in place without slicing. */
const COUNT_AFTER = new RegExp(`[^，,；;。]{0,4}?${COUNT_WORD}`, 'y');

/** "对1名责任人给予诫勉处理" → [{ form: '诫勉', count: 1 }], one per form named. */
export function findAccountability(text: string, line: number): AccountabilityMention[] {
  const out: AccountabilityMention[] = [];
  if (!FORM_TEST.test(text)) return out;
  for (const clause of text.split(/[，,；;。]/)) {
    // "给予当事人党内严重警告" names one person without a number.
    const namesOne = /对|给予|予以|责令|责成/.test(clause);
    for (const m of clause.matchAll(FORM_RE)) {
      const at = m.index ?? 0;
      let before: RegExpMatchArray | undefined;
      for (const c of clause.slice(Math.max(0, at - 40), at).matchAll(COUNT_ALL)) before = c; // the nearest one
      COUNT_AFTER.lastIndex = at + m[0].length;
      const after = COUNT_AFTER.exec(clause);
      let count = before ? cnToInt(before[1]) : after ? cnToInt(after[1]) : NaN;
      if (Number.isNaN(count) && namesOne) count = 1;
      if (Number.isNaN(count) || count <= 0) continue;
      out.push({ form: canonicalForm(m[0]), count, line });
    }
  }
  return out;
}

const UNITS = '人次|个百分点|平方米|公里|千米|万人|余人|人|名|个|项|条|次|家|件|处|户|场|篇|份|期|所|批|台|套|座|吨|亩|米|天|小时';
/**
 * One pass over the text: at each position the leftmost alternative wins, in the
 * order date, money, percent, count — so "2020年1月" is a date, not "2020" of a unit.
 */
const FIGURE_RE = new RegExp(
  [
    '(?<![\\d.])(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月(?:\\s*(\\d{1,2})\\s*日)?',
    '(?<![\\d.])(\\d+(?:\\.\\d+)?)\\s*余?\\s*(亿元|万元|元)',
    '(?<![\\d.])(\\d+(?:\\.\\d+)?)\\s*[%％]',
    `(?<![\\d.])(\\d+(?:\\.\\d+)?)\\s*余?\\s*(${UNITS})`,
  ].join('|'),
  'g',
);
const MONEY_FACTOR: Record<string, number> = { 亿元: 1e8, 万元: 1e4, 元: 1 };

export function findFigures(text: string, line: number): Figure[] {
  const out: Figure[] = [];
  if (!/\d/.test(text)) return out;
  for (const m of text.matchAll(FIGURE_RE)) {
    const raw = m[0];
    if (m[1] !== undefined) {
      const v = iso(+m[1], +m[2], m[3] ? +m[3] : undefined);
      if (v) out.push({ kind: 'date', raw, value: v, line });
    } else if (m[4] !== undefined) {
      out.push({ kind: 'money', raw, value: round(+m[4] * MONEY_FACTOR[m[5]]), unit: '元', line });
    } else if (m[6] !== undefined) {
      out.push({ kind: 'percent', raw, value: +m[6], unit: '%', line });
    } else {
      out.push({ kind: 'count', raw, value: +m[7], unit: m[8], line });
    }
  }
  return out;
}

const round = (n: number): number => Math.round(n * 100) / 100;

const STATUS_RE =
  /已全部完成|全部完成|已完成|基本完成|阶段性完成|已整改到位|整改到位|已整改|整改完成|已办结|已销号|持续推进|长期坚持|正在推进|正在整改|整改中/;
const STATUS_CANON: Record<string, string> = {
  已全部完成: '已完成',
  全部完成: '已完成',
  整改完成: '已完成',
  整改到位: '已整改',
  已整改到位: '已整改',
};

export function findStatus(text: string): string | undefined {
  const m = STATUS_RE.exec(text);
  return m ? (STATUS_CANON[m[0]] ?? m[0]) : undefined;
}

const KINDS = ['立行立改', '限期整改', '长期坚持'] as const;
type RectifyKind = (typeof KINDS)[number];

/** "整改时限：2023年6月底" → deadline "2023-06"; "整改时限：长期坚持" → kind only. */
export function findDeadline(text: string, year?: number): { deadline?: string; rectifyKind?: RectifyKind } {
  const out: { deadline?: string; rectifyKind?: RectifyKind } = {};
  const field = /(?:整改|完成)?时限\s*[：:]\s*([^；;。，,\n]{2,24})/.exec(text);
  if (field) {
    const d = parseDate(field[1], year);
    if (d) out.deadline = d;
    const k = KINDS.find((x) => field[1].includes(x));
    if (k) out.rectifyKind = k;
  }
  const kind = /(?:整改类型|整改方式|整改分类|类型)\s*[：:]\s*(立行立改|限期整改|长期坚持)/.exec(text);
  if (kind) out.rectifyKind = kind[1] as RectifyKind;
  return out;
}

/** A paragraph of a node's text (or progress), with its line. */
export interface Segment {
  line: number;
  text: string;
}

/** Fill the derived fields of a node from its own paragraphs (text and progress). */
export function annotate(node: NoticeNode, segments: Segment[], year?: number): void {
  const own = node.progress ? `${node.text}\n${node.progress}` : node.text;
  const status = findStatus(node.progress ?? '') ?? findStatus(node.text);
  if (status) node.status = status;
  if (own.includes('时限') || own.includes('类型') || own.includes('方式')) {
    const dl = findDeadline(own, year);
    if (dl.deadline && !node.deadline) node.deadline = dl.deadline;
    if (dl.rectifyKind) node.rectifyKind = dl.rectifyKind;
  }
  const titleKind = KINDS.find((k) => node.title === k);
  if (titleKind && !node.rectifyKind) node.rectifyKind = titleKind;
  // Per paragraph, so each mention carries its own line; the whole-text tests first
  // skip the common case of an item with no figures or no accountability at all.
  const hasForm = FORM_TEST.test(own);
  const hasDigit = /\d/.test(own);
  if (!hasForm && !hasDigit) return;
  const acc = hasForm ? segments.flatMap((s) => findAccountability(s.text, s.line)) : [];
  if (acc.length) node.accountability = acc;
  const figures = hasDigit ? segments.flatMap((s) => findFigures(s.text, s.line)) : [];
  if (figures.length) node.figures = figures;
}

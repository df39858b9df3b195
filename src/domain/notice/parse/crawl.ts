/**
 * A body crawled onto one line: "…通报如下。一、加强组织领导。…二、整改落实情况（一）…方面1.…问题。
 * 整改进展情况：…2.…" — every paragraph break lost. The numbered items are still there, in
 * sequence, inside the line; we cut the line before each of them when the sequence is plain.
 *
 * Evidence, not habit: a marker counts only as the next number of its family (or a restart at
 * one), and the line is cut only when it holds a run of "一、二、" headings or runs of two
 * families — a paragraph that merely lists "（1）…（2）…" inline keeps its shape. Cost is one
 * pass of one regular expression over the line.
 */

const MIN_LENGTH = 200;
const CN = '[一二三四五六七八九十]{1,3}';
/** One alternative per family; the order of groups is the order of FAMILIES. */
const MARKER = new RegExp(
  [
    `(?<![一二三四五六七八九十])(${CN})、`,
    `[（(](${CN})[)）]`,
    `项目(\\d{1,2}[.．]\\d{1,3})(?![\\d.．])`,
    `[（(](\\d{1,3})[)）]`,
    `(?<![\\d.．A-Za-z])(\\d{1,3})[.．](?![\\d.．])`,
    `(?<![\\d.．A-Za-z])(\\d{1,3})、`,
  ].join('|'),
  'g',
);
const FAMILIES = ['cn-dun', 'cn-paren', 'project', 'arabic-paren', 'arabic-dot', 'arabic-dun'] as const;
const CN_VALUE: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function cnValue(s: string): number {
  if (s.length === 1) return s === '十' ? 10 : (CN_VALUE[s] ?? NaN);
  if (s[0] === '十') return 10 + (CN_VALUE[s[1]] ?? NaN);
  const tens = CN_VALUE[s[0]] ?? NaN;
  return s[1] === '十' ? tens * 10 + (s[2] ? (CN_VALUE[s[2]] ?? NaN) : 0) : NaN;
}

/** Sentence ends a cut may follow; a cut before a label needs no punctuation in a heading run. */
const PROGRESS_IN_LINE = /。(?=(?:整改(?:进展|完成|落实)?情况(?:及成效)?|整改进展|整改时限|整改状态|完成情况)\s*[:：])/g;
const CLOSING_IN_LINE = /。(?=(?:欢迎|联系电话|联系方式|特此))/g;
// The signer and the date after the last sentence end. Matched on the trimmed rest after that sentence end,
// not as one pattern over the line: `^(.*[。])\s*([^。，]{2,40}?)\s*…$` backtracked over every space of a long
// padded line (0.9 s on a 7 KB crawl in the fuzz).
const SIGNATURE = /^([^。；！？，,]{2,40}?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$/;
const LAST_SENTENCE_END = /[。；！？](?=[^。；！？]*$)/;

/** A line's closing sentence, its signer and its date, when the line ends with a signature. */
function signature(tail: string): [string, string, string] | null {
  const end = LAST_SENTENCE_END.exec(tail);
  if (!end) return null;
  const sig = SIGNATURE.exec(tail.slice(end.index + 1).trim());
  return sig ? [tail.slice(0, end.index + 1), sig[1], sig[2]] : null;
}
const TITLE_HEAD = /^(.{4,100}?关于.{2,120}?(?:通报|报告|公告|公示))\s*(?=[^\s）)”"」』])/;

/** The pieces of one crawled line, or the line itself when it does not read as a crawled body. */
export function splitCrawled(line: string): string[] {
  if (line.length < MIN_LENGTH) return [line];
  const cuts = markerCuts(line);
  if (cuts.length === 0) return [line];
  const pieces: string[] = [];
  let from = 0;
  for (const at of cuts) {
    if (at > from) pieces.push(line.slice(from, at));
    from = at;
  }
  pieces.push(line.slice(from));
  return pieces
    .flatMap(refine)
    .map((s) => s.trim())
    .filter(Boolean);
}

interface Mark {
  at: number;
  family: number;
  value: number;
  end: number;
}

function markerCuts(line: string): number[] {
  const marks: Mark[] = [];
  for (const m of line.matchAll(MARKER)) {
    const family = m.slice(1).findIndex((g) => g !== undefined);
    const raw = m[family + 1];
    const value = family <= 1 ? cnValue(raw) : family === 2 ? Number(raw.split(/[.．]/)[1]) : Number(raw);
    if (!Number.isFinite(value) || value <= 0) continue;
    marks.push({ at: m.index ?? 0, family, value, end: (m.index ?? 0) + m[0].length });
  }
  // Per family, keep the marks that continue its sequence (n+1) or restart it (1).
  const last = new Map<number, number>();
  const kept: Mark[] = [];
  for (const k of marks) {
    const prev = last.get(k.family);
    const restart = k.value === 1 && FAMILIES[k.family] !== 'cn-dun';
    if ((prev === undefined && k.value === 1) || (prev !== undefined && (k.value === prev + 1 || restart))) {
      kept.push(k);
      last.set(k.family, k.value);
    }
  }
  // An item has some text before the next marker ("一、二、三等奖" is not three items).
  const real = kept.filter((k, i) => (kept[i + 1]?.at ?? line.length) - k.end >= 2);
  const perFamily = new Map<number, number>();
  for (const k of real) perFamily.set(k.family, (perFamily.get(k.family) ?? 0) + 1);
  const runs = [...perFamily.values()].filter((n) => n >= 2).length;
  const headings = perFamily.get(0) ?? 0;
  if (headings < 2 && runs < 2) return [];
  return real.map((k) => k.at).filter((at) => at > 0);
}

/** Inside one piece: the heading's own sentence, progress marks, the closing and the signature. */
function refine(piece: string): string[] {
  const out: string[] = [];
  let s = piece;
  const title = TITLE_HEAD.exec(s);
  if (title && s.length - title[0].length >= 20) {
    out.push(title[1]);
    s = s.slice(title[0].length);
  }
  // "一、加强组织领导，压实整改责任。局党委召开…": a heading with its first paragraph.
  const heading = new RegExp(`^${CN}、[^。；]{2,40}。`).exec(s);
  if (heading && s.length > heading[0].length + 10) {
    out.push(heading[0]);
    s = s.slice(heading[0].length);
  }
  const parts = s.replace(PROGRESS_IN_LINE, '。\n').replace(CLOSING_IN_LINE, '。\n').split('\n');
  const tail = parts.pop() ?? '';
  const sig = signature(tail);
  if (sig) parts.push(...sig);
  else parts.push(tail);
  return [...out, ...parts];
}

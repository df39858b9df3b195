/**
 * A small model of an official document (公文): what the report and the public
 * notice are made of, independent of Word. The same model becomes the .docx
 * (./docx.ts), the plain text the notice reader parses (./text.ts) and the
 * browser preview, so the three cannot say different things.
 */

/** Heading levels of GB/T 9704 §7.3.3: 一、 （一） 1. （1）. */
export type HeadingLevel = 1 | 2 | 3 | 4;

export type Block =
  /**
   * A numbered paragraph. `heading` is set in the level's font (黑体, 楷体, 仿宋);
   * `body`, when given, runs on in the same paragraph in the body font, as in
   * "（一）加强组织领导。成立由……".
   */
  | { kind: 'heading'; level: HeadingLevel; label: string; heading: string; body?: string; computed?: boolean }
  /** A body paragraph, first line indented two characters. `computed`: written from the data, not by the office. */
  | { kind: 'paragraph'; text: string; computed?: boolean };

export interface DocumentModel {
  /** 标题, centred in 方正小标宋简体 2号. */
  title: string;
  /** A line under the title, e.g. "（2026年11月）" on a published notice. */
  subtitle?: string;
  /** 主送机关, e.g. "中共江城市委巡察工作领导小组：" (written with its colon). */
  addressee?: string;
  blocks: Block[];
  /** 发文机关署名. */
  signature?: string;
  /** 成文日期, ISO YYYY-MM-DD; written "2026年11月21日". */
  date?: string;
}

/** "2024-02-05" → "2024年2月5日": 公文 dates carry no zero padding (GB/T 9704 §7.3.5.1). */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return m[3] ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${m[1]}年${Number(m[2])}月`;
}

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (headings never go further). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`heading number out of range: ${n}`);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** The label of the n-th item (1-based) at a heading level. */
export function headingLabel(level: HeadingLevel, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumber(n)}、`;
    case 2:
      return `（${chineseNumber(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}

const LABELS: { level: HeadingLevel; re: RegExp }[] = [
  { level: 1, re: /^([一二三四五六七八九十]{1,3}、)\s*/ },
  { level: 2, re: /^([（(][一二三四五六七八九十]{1,3}[)）])\s*/ },
  { level: 3, re: /^(\d{1,3}[.．](?!\d))\s*/ },
  { level: 4, re: /^([（(]\d{1,3}[)）])\s*/ },
];

/**
 * A paragraph as the office typed it → a block. A paragraph that opens with a
 * label becomes a heading; its first sentence (up to 。) is the heading proper and
 * the rest runs on in the body font, which is how notices set "（一）加强组织领导。…".
 */
export function blockFromText(text: string): Block {
  const t = text.trim();
  for (const { level, re } of LABELS) {
    const m = re.exec(t);
    if (!m) continue;
    const label = m[1].replace('(', '（').replace(')', '）').replace('．', '.');
    const rest = t.slice(m[0].length);
    const stop = rest.indexOf('。');
    if (stop < 0 || stop === rest.length - 1) return { kind: 'heading', level, label, heading: rest };
    return { kind: 'heading', level, label, heading: rest.slice(0, stop + 1), body: rest.slice(stop + 1) };
  }
  return { kind: 'paragraph', text: t };
}

/** Paragraphs of an office-written section: one per non-empty line. */
export function blocksFromText(text: string): Block[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map(blockFromText);
}

/** The text of a block as one paragraph (label, heading and run-on body together). */
export function blockText(b: Block): string {
  return b.kind === 'paragraph' ? b.text : `${b.label}${b.heading}${b.body ?? ''}`;
}

/**
 * Small text helpers shared by the parser and the checker.
 * Chinese numerals, sentence splitting and title clipping live here so that every
 * stage reads "一百零二" or "，" the same way.
 */

const CN_DIGIT: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** "十二" → 12, "二十一" → 21, "一百零三" → 103, "12" → 12; NaN when unreadable. */
export function cnToInt(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in CN_DIGIT) current = CN_DIGIT[ch];
    else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '千') {
      total += (current || 1) * 1000;
      current = 0;
    } else return NaN;
  }
  return total + current;
}

/** Han characters (extension A, the basic block, compatibility ideographs), as the body of a character class. */
export const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';

/** Sentence-final punctuation (full and half width); a line ending in one is complete. */
export const SENTENCE_END = /[。！？；;!?：:…]$|[。！？；;!?][”"’'）)」』]$/;

export interface Sentence {
  text: string;
  /** Offset in the source string, so callers can map back to a line. */
  start: number;
}

/** Split on 。！？；(and their half-width forms); keeps offsets. */
export function splitSentences(s: string): Sentence[] {
  const out: Sentence[] = [];
  const re = /[^。！？；;!?]+[。！？；;!?]*/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) out.push({ text, start: m.index + lead });
  }
  return out;
}

/** The heading or first clause of an item, ≤ `max` characters, without trailing punctuation. */
export function clipTitle(s: string, max = 60): string {
  let t = s.trim();
  const stop = t.search(/[。；;：:！？]/);
  if (stop > 0) t = t.slice(0, stop);
  if (t.length > max) {
    // A long first sentence: fall back to its first clause when that says something.
    const comma = t.search(/[，,]/);
    t = comma >= 4 ? t.slice(0, comma) : t;
    if (t.length > max) t = t.slice(0, max);
  }
  return t.replace(/[，,、\s]+$/u, '');
}

/** Remove everything but Han characters and Latin letters: the comparison form of a sentence. */
export function comparable(s: string): string {
  return s.replace(/[^\u3400-\u9fffA-Za-z]/g, '');
}

const CN_DIGITS = '零一二三四五六七八九';

/** 12 → "十二", 21 → "二十一", 103 → "一百零三" (for writing labels back). */
export function intToCn(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return CN_DIGITS[n];
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const tail = rest === 0 ? '' : rest < 10 ? `零${CN_DIGITS[rest]}` : rest < 20 ? `一${intToCn(rest)}` : intToCn(rest);
  return `${CN_DIGITS[Math.floor(n / 100)]}百${tail}`;
}

/**
 * Dates as notices write them: "2019年7月31日", "12月6日" (year from context),
 * "2023年6月底", "2024-02-05", "2023.6.26"; and dates that lost their 年/月 in
 * publishing ("2023824日"), which the checker reports with a corrected reading.
 */

const pad = (n: number): string => String(n).padStart(2, '0');

function valid(y: number, m: number, d?: number): boolean {
  if (y < 1949 || y > 2100 || m < 1 || m > 12) return false;
  return d === undefined || (d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate());
}

export function iso(y: number, m?: number, d?: number): string | null {
  if (m === undefined) return y >= 1949 && y <= 2100 ? String(y) : null;
  if (!valid(y, m, d)) return null;
  return d === undefined ? `${y}-${pad(m)}` : `${y}-${pad(m)}-${pad(d)}`;
}

/** A whole date in one string; `year` fills in "12月6日". Null when unreadable. */
export function parseDate(s: string, year?: number): string | null {
  const t = s.replace(/\s+/g, '');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(t);
  if (m) return iso(+m[1], +m[2], +m[3]);
  m = /^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|[底末初中上下]旬?|份)?/.exec(t);
  if (m) {
    const y = m[1] ? +m[1] : year;
    if (y === undefined) return null;
    return iso(y, +m[2], m[3] ? +m[3] : undefined);
  }
  m = /^(\d{4})年(?:底|末|内|度)?/.exec(t);
  return m ? iso(+m[1]) : null;
}

/**
 * Compare two ISO dates of possibly different precision ("2019-12" vs "2019-12-06")
 * on the precision they share; 0 when one contains the other.
 */
export function compareIso(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const x = a.slice(0, n);
  const y = b.slice(0, n);
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface MalformedDate {
  raw: string;
  index: number;
  /** The corrected reading, e.g. "2023年8月24日"; alternatives joined by "或". */
  suggestion: string | null;
}

/**
 * A four-digit year run straight into month and day digits: "20235月", "2023824日",
 * "20231-11月", "202329-10日", "2023626-714日". The 年 (and often the 月) was lost.
 */
const MALFORMED = /(?<![\d.])((?:19|20)\d{2})(\d{1,4})(?:[-—~至](\d{1,4}))?(月|日)/g;

export function findMalformedDates(line: string): MalformedDate[] {
  const out: MalformedDate[] = [];
  for (const m of line.matchAll(MALFORMED)) {
    const [raw, year, first, second, unit] = m;
    out.push({ raw, index: m.index ?? 0, suggestion: readMalformed(year, first, second, unit) });
  }
  return out;
}

function readMalformed(year: string, first: string, second: string | undefined, unit: string): string | null {
  const y = Number(year);
  if (unit === '月') {
    // Every digit after the year is a month: "20235月" → 5月, "20231-11月" → 1-11月.
    const a = Number(first);
    const b = second === undefined ? null : Number(second);
    if (!valid(y, a) || (b !== null && !valid(y, b))) return null;
    return b === null ? `${y}年${a}月` : `${y}年${a}-${b}月`;
  }
  const starts = splitsMonthDay(y, first);
  if (starts.length === 0) return null;
  const readings: string[] = [];
  for (const [mo, d] of starts) {
    if (second === undefined) {
      readings.push(`${y}年${mo}月${d}日`);
      continue;
    }
    // The end of a range: a day of the same month ("29-10日" → 2月9-10日) or,
    // with three or more digits, another month and day ("626-714日" → 6月26日-7月14日).
    const n = Number(second);
    if (second.length <= 2 && n > d && valid(y, mo, n)) readings.push(`${y}年${mo}月${d}-${n}日`);
    for (const [mo2, d2] of second.length >= 3 ? splitsMonthDay(y, second) : []) {
      if (mo2 > mo) readings.push(`${y}年${mo}月${d}日-${mo2}月${d2}日`);
    }
  }
  return readings.length ? [...new Set(readings)].join('或') : null;
}

/** All ways to read "824" as month + day: [[8, 24]]; "111" → [[1, 11], [11, 1]]. */
function splitsMonthDay(y: number, digits: string): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 1; k <= 2 && k < digits.length; k++) {
    const mo = Number(digits.slice(0, k));
    const dStr = digits.slice(k);
    if (dStr.length > 2 || (dStr.startsWith('0') && dStr.length === 1)) continue;
    const d = Number(dStr);
    if (digits[0] !== '0' && valid(y, mo, d)) out.push([mo, d]);
  }
  return out;
}

/**
 * Cell values of a ledger, as people fill them in: dates typed as text in a
 * dozen ways, Excel serials, "长期坚持" instead of a date, ticks for "done".
 */
import type { NoticeNode } from '../types.js';

/** A cell reduced to what the ledger reader needs (rich text, formulas, links resolved). */
export type GridValue = string | number | boolean | Date | null;

/**
 * An exceljs CellValue, seen structurally (rich text, formula, hyperlink and
 * error objects) so this module needs no exceljs import.
 */
export function plainValue(v: unknown): GridValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) {
    return o.richText.map((r: unknown) => plainValue((r as Record<string, unknown> | null)?.text) ?? '').join('');
  }
  // A formula without a cached result (never recalculated) has no value we can show.
  if ('formula' in o || 'sharedFormula' in o) return plainValue(o.result);
  if ('hyperlink' in o || 'text' in o) return plainValue(o.text);
  return null; // { error: '#N/A' } and anything unknown
}

export function valueText(v: GridValue): string {
  if (v === null) return '';
  if (v instanceof Date) return isoFromUtc(v) ?? '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  return v
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u3000]+\n/g, '\n')
    .trim();
}

export interface DeadlineReading {
  deadline?: string;
  rectifyKind?: NonNullable<NoticeNode['rectifyKind']>;
  /** The cell has text but neither a date nor a kind could be read from it. */
  malformed: boolean;
}

/** Excel serials between 2000-01-01 and 2100-01-01; other numbers are not dates. */
const SERIAL_MIN = 36526;
const SERIAL_MAX = 73051;

export function readDeadline(v: GridValue): DeadlineReading {
  if (v === null || v === '') return { malformed: false };
  if (v instanceof Date) {
    const deadline = isoFromUtc(v);
    return deadline ? { deadline, malformed: false } : { malformed: true };
  }
  if (typeof v === 'number') {
    if (v >= SERIAL_MIN && v < SERIAL_MAX) return { deadline: isoFromSerial(v), malformed: false };
    return { malformed: true };
  }
  const text = valueText(v);
  const rectifyKind = kindOf(text);
  const deadline = dateInText(text) ?? undefined;
  return { deadline, rectifyKind, malformed: !deadline && !rectifyKind && text !== '' };
}

export function kindOf(text: string): DeadlineReading['rectifyKind'] {
  if (/长期(?:坚持|推进|执行)?|常态化|持续(?:推进|整改)/.test(text)) return '长期坚持';
  if (/立行立改|立即整改|即知即改|立查立改/.test(text)) return '立行立改';
  if (/限期整改/.test(text)) return '限期整改';
  return undefined;
}

const QUARTER: Record<string, number> = { 一: 3, 二: 6, 三: 9, 四: 12, '1': 3, '2': 6, '3': 9, '4': 12 };

/**
 * The first date in a text, as ISO (YYYY-MM-DD) or YYYY-MM when only a month is
 * meant. "6月底/末/下旬" is the month's last day, "上旬" the 10th, "中旬" the
 * 20th; "年底" 12-31; "上半年" 06-30; "第三季度" 09-30.
 */
export function dateInText(text: string): string | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  let m = /(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?/.exec(t);
  if (m) return iso(+m[1], +m[2], +m[3]);
  m = /(\d{4})年(\d{1,2})月(底|末|上旬|中旬|下旬)?/.exec(t) ?? /(\d{4})[./-](\d{1,2})(?![\d.])()/.exec(t);
  if (m) {
    const [y, mo, part] = [+m[1], +m[2], m[3]];
    if (part === '上旬') return iso(y, mo, 10);
    if (part === '中旬') return iso(y, mo, 20);
    if (part) return iso(y, mo, daysIn(y, mo));
    return mo >= 1 && mo <= 12 ? `${y}-${pad(mo)}` : null;
  }
  m = /(\d{4})年(?:第)?([一二三四1-4])季度/.exec(t);
  if (m) {
    const mo = QUARTER[m[2]];
    return iso(+m[1], mo, daysIn(+m[1], mo));
  }
  m = /(\d{4})年(上半年|下半年|年底|年末|底|末|内|全年)/.exec(t);
  if (m) return iso(+m[1], m[2] === '上半年' ? 6 : 12, m[2] === '上半年' ? 30 : 31);
  return null;
}

/** exceljs gives dates as UTC instants of the wall-clock date in the sheet. */
function isoFromUtc(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function isoFromSerial(serial: number): string {
  // Serial 1 is 1900-01-01 and Excel counts a fictitious 1900-02-29, hence 1899-12-30.
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) as string;
}

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const STATUS_WORDS = /已销号|已完成|基本完成|阶段性完成|持续推进|正在推进|推进中|长期坚持|未完成|未启动/;
const YES = /^(?:是|已销号|销号|已完成|完成|已整改|√|✓|✔|y|yes)$/i;
const NO = /^(?:否|未销号|未完成|未整改|×|✗|n|no)$/i;

/** Status from the 是否销号 cell first, then the status words of the progress text. */
export function statusOf(closed: string, closedHeader: string | undefined, progress: string): string | undefined {
  const c = closed.trim();
  if (YES.test(c)) return /销号/.test(c) || /销号/.test(closedHeader ?? '') ? '已销号' : '已完成';
  if (c !== '' && !NO.test(c)) {
    const word = STATUS_WORDS.exec(c);
    if (word) return word[0];
  }
  return STATUS_WORDS.exec(progress)?.[0];
}

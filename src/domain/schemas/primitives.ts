/**
 * The building blocks of every request schema, written once: ids, dates, text
 * fields, file names and bounded JSON. Each refuses what PostgreSQL or the audit
 * chain cannot hold (NUL, lone surrogates) with a Chinese message, so bad input
 * is a 400 naming the field and never reaches the database as a 500.
 * Each carries an `example`, which /api/docs shows and the OpenAPI fuzz test
 * (test/api/fuzz.test.ts) starts from.
 */
import { z } from 'zod';

// zod's own messages (a wrong type, an unknown enum value) in Chinese, like ours: they reach people through the 400.
z.config(z.locales.zhCN());

export const INT32_MAX = 2_147_483_647;

/** NUL and the other C0 controls except tab and newline, plus DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SINGLE = /[\u0000-\u0008\u000B-\u001F\u007F]/;
/** Multi-line text may also carry the carriage return, vertical tab and form feed of pasted or exported text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_MULTI = /[\u0000-\u0008\u000E-\u001F\u007F]/;
/** Bidirectional embeddings, overrides and isolates: they make text read other than it is stored ("inv\u202efdp.txt"). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const BIDI_CONTROLS = new RegExp(BIDI_CONTROL.source, 'g');
/** A UTF-16 surrogate without its partner: not a character, and refused by jsonb. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** The first reason a string cannot be stored as text, or null. */
function textProblem(s: string, multiLine: boolean): string | null {
  if (s.includes('\u0000')) return '不能包含空字符（U+0000）';
  if ((multiLine ? CONTROL_MULTI : CONTROL_SINGLE).test(s)) return multiLine ? '不能包含控制字符' : '不能包含换行、制表以外的控制字符';
  if (LONE_SURROGATE.test(s)) return '包含无效的 Unicode 字符（孤立代理项）';
  return null;
}

/** The refinement every stored text field carries. */
function storable(what: string, multiLine: boolean, bidi: 'allow' | 'refuse') {
  return (s: string, ctx: z.RefinementCtx) => {
    const p = textProblem(s, multiLine);
    if (p) ctx.addIssue({ code: 'custom', message: `${what}${p}` });
    else if (bidi === 'refuse' && BIDI_CONTROL.test(s)) ctx.addIssue({ code: 'custom', message: `${what}不能包含文字方向控制字符` });
  };
}

/**
 * An id: a positive int32 written in decimal. JSON bodies send a number; paths,
 * query strings and multipart fields send its digits ("16", never "0x10", "1e3",
 * "016" or " 16"). Anything at or above 2^31 is refused before it reaches an
 * `integer` column.
 */
export const id = z
  .union(
    [
      z.number().int().min(1).max(INT32_MAX),
      z
        .string()
        .regex(/^[1-9][0-9]{0,9}$/)
        .transform(Number)
        .pipe(z.number().max(INT32_MAX)),
    ],
    { error: `编号应为 1 到 ${INT32_MAX} 之间的十进制整数` },
  )
  .meta({ example: 1 });

/** A page number or size in a query string: decimal digits within bounds. */
export function pageInt(min: number, max: number, what: string) {
  return z
    .union(
      [
        z.number().int(),
        z
          .string()
          .regex(/^[0-9]{1,6}$/)
          .transform(Number),
      ],
      { error: `${what}应为整数` },
    )
    .pipe(
      z
        .number()
        .min(min, { message: `${what}不能小于 ${min}` })
        .max(max, { message: `${what}不能大于 ${max}` }),
    );
}

/** The largest page any list answers (issue 12: every list pages and bounds its page size). */
export const MAX_PAGE_SIZE = 200;

/**
 * The paging fields of a list's query string, spread into its schema: `page` from
 * 1, `pageSize` up to 200 (50 unless asked). One definition, so every list bounds
 * its pages the same way and names the field the same way in a 400.
 */
export function pagingFields(defaultSize = 50, maxSize = MAX_PAGE_SIZE) {
  return {
    /** The page, from 1. */
    page: pageInt(1, 100_000, '页码').default(1),
    /** Rows per page, at most 200. */
    pageSize: pageInt(1, maxSize, '每页条数').default(defaultSize),
  };
}

/** Business dates lie within these years; anything else is a typo (0026, 20260) or an attack. */
export const MIN_YEAR = 1949;
export const MAX_YEAR = 2100;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Why "YYYY-MM" or "YYYY-MM-DD" is not a real business date, or null. Computed in UTC: the host's zone plays no part. */
function dateProblem(s: string): string | null {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = s.length > 7 ? Number(s.slice(8, 10)) : 1;
  if (m < 1 || m > 12) return `月份“${s.slice(5, 7)}”无效`;
  if (d < 1 || d > daysInMonth(y, m)) return `${y} 年 ${m} 月没有 ${d} 日`;
  if (y < MIN_YEAR || y > MAX_YEAR) return `年份应在 ${MIN_YEAR}–${MAX_YEAR} 之间`;
  return null;
}

/** A calendar date "YYYY-MM-DD" that exists (no 2026-02-30) within 1949–2100. */
export const isoDate = z
  .string({ error: '日期应为 YYYY-MM-DD 格式的文本' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD', abort: true })
  .superRefine((s, ctx) => {
    const p = dateProblem(s);
    if (p) ctx.addIssue({ code: 'custom', message: `日期无效：${p}` });
  })
  .meta({ example: '2026-12-31' });

/** A date or a month ("2026-06" means the end of June), as ledgers write deadlines. */
export const isoDateOrMonth = z
  .string({ error: '日期应为文本' })
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, { message: '日期格式应为 YYYY-MM-DD 或 YYYY-MM', abort: true })
  .superRefine((s, ctx) => {
    const p = dateProblem(s);
    if (p) ctx.addIssue({ code: 'custom', message: `日期无效：${p}` });
  })
  .meta({ example: '2026-12' });

/**
 * One line of text: a title, a label, a name. Trimmed; control characters other
 * than tab and newline, bidirectional controls and lone surrogates are refused.
 */
export function singleLineText(max: number, what: string, opts: { min?: number } = {}) {
  const min = opts.min ?? 1;
  return z
    .string({ error: `${what}应为文本` })
    .trim()
    .min(min, { message: `请填写${what}` })
    .max(max, { message: `${what}不能超过 ${max} 字`, abort: true })
    .superRefine(storable(what, false, 'refuse'))
    .meta({ example: what });
}

/** Free text over several lines (descriptions, measures, progress, reasons): NUL, controls and lone surrogates refused. */
export function multiLineText(max: number, what: string, opts: { min?: number } = {}) {
  const min = opts.min ?? 1;
  return z
    .string({ error: `${what}应为文本` })
    .max(max, { message: `${what}不能超过 ${max} 字`, abort: true })
    .refine((s) => min === 0 || s.trim().length >= min, { message: `请填写${what}` })
    .superRefine(storable(what, true, 'allow'))
    .meta({ example: what });
}

/** A search term or filter in a query string: one line, may be empty. */
export function queryText(max: number, what: string) {
  return z
    .string({ error: `${what}应为文本` })
    .trim()
    .max(max, { message: `${what}不能超过 ${max} 字`, abort: true })
    .superRefine(storable(what, false, 'refuse'))
    .meta({ example: what });
}

/** A secret (password): any characters a keyboard gives, but nothing that is not text. */
export function secretText(max: number, what: string) {
  return z
    .string({ error: `请填写${what}` })
    .min(1, { message: `请填写${what}` })
    .max(max, { message: `${what}不能超过 ${max} 位`, abort: true })
    .refine((s) => !CONTROL_SINGLE.test(s) && !LONE_SURROGATE.test(s), { message: `${what}不能包含控制字符或无效字符` });
}

export const MAX_FILE_NAME = 200;

/**
 * Makes an uploaded file's name safe to store, show and send back: path parts
 * dropped, bidirectional controls removed (so "inv\u202efdp.txt" shows as the
 * .txt it is), and a long name shortened to MAX_FILE_NAME characters keeping its
 * extension. Returns null for a name with NUL, controls or lone surrogates.
 */
export function cleanFileName(raw: string): { name: string } | { problem: string } {
  const p = textProblem(raw, false) ?? (/[\n\t]/.test(raw) ? '不能包含换行或制表符' : null);
  if (p) return { problem: `文件名${p}` };
  const base = raw.replace(BIDI_CONTROLS, '').split(/[\\/]/).pop()!.trim();
  if (!base || base === '.' || base === '..') return { problem: '文件名为空' };
  const chars = [...base];
  if (chars.length <= MAX_FILE_NAME) return { name: base };
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? [...base.slice(dot)] : [];
  // an "extension" of 20 characters is no extension: cut the name as it comes
  const keep = ext.length > 1 && ext.length <= 16 ? ext : [];
  return { name: chars.slice(0, MAX_FILE_NAME - keep.length).join('') + keep.join('') };
}

/** A file name sent as a text field (JSON bodies): cleaned like an upload's. */
export const fileName = z
  .string({ error: '文件名应为文本' })
  .transform((s, ctx) => {
    const r = cleanFileName(s);
    if ('problem' in r) {
      ctx.addIssue({ code: 'custom', message: r.problem });
      return z.NEVER;
    }
    return r.name;
  })
  .meta({ example: '整改通报.docx' });

/** Limits of a free-form JSON value (progress figures). */
export interface JsonLimits {
  depth: number;
  keys: number;
  bytes: number;
  what: string;
}

/**
 * Why a parsed JSON value exceeds the limits or holds unstorable text, or null.
 * Iterative, and depth is checked before JSON.stringify (which recurses) runs.
 */
export function jsonProblem(value: unknown, lim: JsonLimits): string | null {
  let keys = 0;
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const p = textProblem(v, true);
      if (p) return `${lim.what}${p}`;
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${lim.what}中的数值无效`;
      continue;
    }
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v !== 'object') return `${lim.what}包含无法保存的值`;
    if (depth >= lim.depth) return `${lim.what}嵌套不能超过 ${lim.depth} 层`;
    const entries = Array.isArray(v) ? v.map((x) => ['', x] as const) : Object.entries(v);
    keys += entries.length;
    if (keys > lim.keys) return `${lim.what}的项数不能超过 ${lim.keys}`;
    for (const [k, x] of entries) {
      const p = textProblem(k, false);
      if (p) return `${lim.what}的名称${p}`;
      if (k.length > 200) return `${lim.what}的名称不能超过 200 字`;
      stack.push({ v: x, depth: depth + 1 });
    }
  }
  if (JSON.stringify(value).length > lim.bytes) return `${lim.what}不能超过 ${lim.bytes} 字节`;
  return null;
}

/** A JSON object sent as the text of a multipart field, parsed and bounded. */
export function jsonObjectText(lim: JsonLimits) {
  return z
    .string({ error: `${lim.what}应为 JSON 文本` })
    .max(lim.bytes, { message: `${lim.what}不能超过 ${lim.bytes} 字节` })
    .transform((s, ctx) => {
      let v: unknown;
      try {
        v = JSON.parse(s);
      } catch {
        ctx.addIssue({ code: 'custom', message: `${lim.what}应为 JSON 对象` });
        return z.NEVER;
      }
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        ctx.addIssue({ code: 'custom', message: `${lim.what}应为 JSON 对象` });
        return z.NEVER;
      }
      const p = jsonProblem(v, lim);
      if (p) {
        ctx.addIssue({ code: 'custom', message: p });
        return z.NEVER;
      }
      return v as Record<string, unknown>;
    });
}

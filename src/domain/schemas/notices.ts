/**
 * Requests and answers of the notices module: the report (整改报告) and the public
 * notice (整改情况通报) of a round — the office's draft, its frozen versions, their
 * comparison, the .docx — and the unit's contact settings for the public's feedback.
 * The web infers its types from these schemas (z.input: the JSON on the wire).
 */
import { z } from 'zod';
import type { DraftContent, LedgerItem, RoundFacts } from '../document/compose.js';
import { id, isoDate, multiLineText, singleLineText } from './primitives.js';
import { DOCX_MIME, dateSchema, fileDownload, idSchema, instantSchema } from './responses/common.js';
import { inspectionKindSchema } from './responses/inspections.js';
import { registerTotalsSchema, workEventSummarySchema } from './registers.js';

/** The two documents of a round. */
export const DOCUMENT_KINDS = ['notice', 'report'] as const;
export const documentKindSchema = z.enum(DOCUMENT_KINDS, { error: '文档类型应为 notice（整改情况通报）或 report（整改报告）' });

// ───────────────────────────── requests ─────────────────────────────

/** Path of a round's document: /inspections/:id/documents/:kind. */
export const documentParams = z.object({
  /** The inspection round. */
  id,
  /** notice = 整改情况通报 (public), report = 整改报告 (to the inspection office). */
  kind: documentKindSchema,
});

/** Path of one version: /inspections/:id/documents/:kind/versions/:number. */
export const versionParams = documentParams.extend({
  /** The version's number within the round and kind, from 1. */
  number: id,
});

/** What the office edits: every field is text; paragraphs are lines. */
export const draftContentBody = z.object({
  /** 标题, one line. */
  title: singleLineText(200, '标题'),
  /** The line under the title, e.g. "（2026年11月）"; empty for none. */
  subtitle: singleLineText(60, '副标题', { min: 0 }),
  /** 主送机关 with its colon; empty for none. */
  addressee: singleLineText(120, '主送机关', { min: 0 }),
  /** The opening paragraph: who inspected whom, when, "现将…". */
  opening: multiLineText(4000, '开头段落'),
  /** 一、整改工作组织开展情况: one paragraph a line; "（一）…。" lines become headings. */
  organisation: multiLineText(20000, '组织开展情况', { min: 0 }),
  /** 三、下一步工作打算: one paragraph a line. */
  nextSteps: multiLineText(20000, '下一步工作打算', { min: 0 }),
  /** The closing paragraph (the notice's feedback channel); empty for none. */
  closing: multiLineText(4000, '结尾段落', { min: 0 }),
  /** 发文机关署名. */
  signature: singleLineText(120, '署名'),
  /** 成文日期, YYYY-MM-DD. */
  date: isoDate,
}) satisfies z.ZodType<DraftContent, unknown>;
export type DraftContentBody = z.infer<typeof draftContentBody>;

/** PUT …/draft: the edited draft and the revision it was edited from. */
export const draftSaveBody = z.object({
  /** The draft's fields. */
  content: draftContentBody,
  /** The revision the editor started from (0 when no draft was saved yet); a newer one on the server answers 409. */
  revision: z.int({ error: '修订号应为整数' }).min(0, { message: '修订号不能为负数' }).max(1_000_000, { message: '修订号过大' }),
});
export type DraftSaveBody = z.infer<typeof draftSaveBody>;

/** POST …/versions: freeze the current draft, composed with today's data. */
export const versionSaveBody = z.object({
  /** A note on what changed, e.g. "报巡察办前定稿"; may be empty. */
  note: singleLineText(200, '版本说明', { min: 0 }).optional(),
});

/** GET …/compare?a=1&b=2: two versions' paragraphs side by side. */
export const compareQuery = z.object({
  /** The older version's number. */
  a: id,
  /** The newer version's number. */
  b: id,
});

/** GET …/docx?version=K: a frozen version instead of the current draft. */
export const docxQuery = z.object({
  /** The version's number; omitted for the current draft. */
  version: id.optional(),
});

/** PUT /units/:id/contact: the channel a notice gives the public. Empty fields are left out of the notice. */
export const contactBody = z.object({
  /** 联系电话, e.g. "027-85808616". */
  phone: singleLineText(40, '联系电话', { min: 0 }).refine((s) => s === '' || /^[0-9０-９()（）\-—－+ 、,，或转]{5,40}$/.test(s), {
    message: '联系电话格式不正确',
  }),
  /** 通信地址 (without the postcode). */
  address: singleLineText(200, '通信地址', { min: 0 }),
  /** 邮政编码: six digits. */
  postcode: singleLineText(6, '邮政编码', { min: 0 }).refine((s) => s === '' || /^\d{6}$/.test(s), { message: '邮政编码应为 6 位数字' }),
  /** 电子邮箱. */
  email: singleLineText(120, '电子邮箱', { min: 0 }).refine((s) => s === '' || /^[^\s@]{1,64}@[^\s@]{1,63}(\.[^\s@]{1,63})+$/.test(s), {
    message: '电子邮箱格式不正确',
  }),
  /** The portal's address where the public reads the notice and leaves feedback (http/https). */
  portalUrl: singleLineText(300, '网上反馈地址', { min: 0 }).refine((s) => s === '' || /^https?:\/\/[^\s]+$/.test(s), {
    message: '网上反馈地址应以 http:// 或 https:// 开头',
  }),
});
export type ContactBody = z.infer<typeof contactBody>;

// ───────────────────────────── answers ─────────────────────────────

const count = z.int().nonnegative();

/** A draft's fields as stored and sent back (validated when saved: see draftContentBody). */
export const draftContentSchema = z.object({
  /** 标题. */
  title: z.string(),
  /** The line under the title; empty for none. */
  subtitle: z.string(),
  /** 主送机关 with its colon; empty for none. */
  addressee: z.string(),
  /** The opening paragraph. */
  opening: z.string(),
  /** 一、整改工作组织开展情况, one paragraph a line. */
  organisation: z.string(),
  /** 三、下一步工作打算, one paragraph a line. */
  nextSteps: z.string(),
  /** The closing paragraph; empty for none. */
  closing: z.string(),
  /** 发文机关署名. */
  signature: z.string(),
  /** 成文日期. */
  date: dateSchema,
}) satisfies z.ZodType<DraftContent, unknown>;
export type DraftContentView = z.input<typeof draftContentSchema>;

/** One node of the ledger's tree as composed into the document. */
export const ledgerItemSchema: z.ZodType<LedgerItem, LedgerItem> = z.lazy(() =>
  z.object({
    /** The problem's title as in the ledger. */
    title: z.string(),
    /** Its description (the report quotes it as 问题表现). */
    description: z.string(),
    /** pending, in_progress, closure_requested, closed or long_term. */
    status: z.enum(['pending', 'in_progress', 'closure_requested', 'closed', 'long_term']),
    /** 阶段性完成 of a long-term item. */
    stageDone: z.boolean(),
    /** The lead department's name; null when not planned. */
    leadDept: z.string().nullable(),
    /** The deadline; null when none. */
    deadline: dateSchema.nullable(),
    /** The Beijing date it was closed (销号); null when open. */
    closedOn: dateSchema.nullable(),
    /** Its measures' texts, in order. */
    measures: z.array(z.string()),
    /** The latest progress report's text; null when none was filed. */
    progress: z.string().nullable(),
    /** Sub-items, in the ledger's order. */
    children: z.array(ledgerItemSchema),
  }),
);

/** The unit's contact settings as stored; every field may be empty. */
export const contactSchema = z.object({
  /** 联系电话; null when not set. */
  phone: z.string().nullable(),
  /** 通信地址; null when not set. */
  address: z.string().nullable(),
  /** 邮政编码; null when not set. */
  postcode: z.string().nullable(),
  /** 电子邮箱; null when not set. */
  email: z.string().nullable(),
  /** The portal's address; null when not set. */
  portalUrl: z.string().nullable(),
});

/** GET/PUT /units/:id/contact. */
export const unitContactSchema = z.object({
  /** The unit. */
  unitId: idSchema,
  /** Its name. */
  unitName: z.string(),
  /** The settings. */
  contact: contactSchema,
  /** When they were last changed; null when never set. */
  updatedAt: instantSchema.nullable(),
  /** What the actor may do: edit = the unit's 整改办. */
  abilities: z.object({ /** May change the settings. */ edit: z.boolean() }),
});
export type UnitContact = z.input<typeof unitContactSchema>;

/** The data a document is composed from, read at one moment (a version keeps it as its snapshot). */
export const roundFactsSchema = z.object({
  /** The Beijing date of the reading ("截至…"). */
  today: dateSchema,
  /** The inspected unit's name. */
  unitName: z.string(),
  /** The inspection office above it (the report's addressee); null when none. */
  officeName: z.string().nullable(),
  /** The round. */
  inspection: z.object({
    /** 巡视, 巡察, 审计 or 督察. */
    kind: inspectionKindSchema,
    /** The round's name. */
    title: z.string(),
    /** The inspecting body. */
    body: z.string(),
    /** First day on site. */
    onsiteStart: dateSchema.nullable(),
    /** Last day on site. */
    onsiteEnd: dateSchema.nullable(),
    /** Feedback day. */
    feedbackDate: dateSchema.nullable(),
  }),
  /** The ledger's tree, in its order. */
  tree: z.array(ledgerItemSchema),
  /** The registers' totals (counts only, never names); null when the registers are not available. */
  registers: registerTotalsSchema.nullable(),
  /** The work's dated events (schemas/registers.ts). */
  events: z.array(workEventSummarySchema),
  /** The feedback channel. */
  contact: contactSchema,
}) satisfies z.ZodType<RoundFacts, unknown>;

/** The stated totals of a document, computed from the ledger (the registers' are in `facts.registers`). */
export const ledgerTotalsSchema = z.object({
  /** 方面: the top-level groups. */
  aspects: count,
  /** 具体问题: the actionable leaves. */
  problems: count,
  /** 已完成 (closed). */
  completed: count,
  /** 正在推进 (pending, in progress, under closure review). */
  continuing: count,
  /** 长期坚持. */
  longTerm: count,
});

/** Who may do what with a round's documents. */
export const documentAbilitiesSchema = z.object({
  /** Edit and save the draft (the unit's 整改办). */
  editDraft: z.boolean(),
  /** Freeze the draft as a version (the unit's 整改办). */
  saveVersion: z.boolean(),
  /** Change the unit's contact settings (the unit's 整改办). */
  editContact: z.boolean(),
});

/** One frozen version in a list. */
export const versionSummarySchema = z.object({
  /** Its number within the round and kind, from 1. */
  number: idSchema,
  /** The note given when it was saved. */
  note: z.string(),
  /** SM3 of its text, hex: the same text always has the same digest. */
  digest: z.string(),
  /** Who saved it. */
  createdBy: z.object({ /** User id; null for the system. */ id: idSchema.nullable(), /** Display name. */ name: z.string().nullable() }),
  /** When. */
  createdAt: instantSchema,
});
export type VersionSummary = z.input<typeof versionSummarySchema>;

/** What the checker says of a composed document (src/domain/notice/check). */
export const documentCheckSchema = z.object({
  /** Findings of severity error: a document with any should not be published. */
  errors: count,
  /** Findings of severity warning. */
  warnings: count,
  /** Every finding, by line. */
  findings: z.array(
    z.object({
      /** The rule, e.g. total-mismatch, numbering-gap, date-malformed. */
      rule: z.string(),
      /** error, warning or info. */
      severity: z.enum(['error', 'warning', 'info']),
      /** The paragraph (1-based line of the document's text). */
      line: z.int().positive(),
      /** For people, in Chinese. */
      message: z.string(),
      /** What to do, in Chinese. */
      suggestion: z.string().optional(),
    }),
  ),
});

/** GET /inspections/:id/documents/:kind — everything the composer shows. */
export const composerSchema = z.object({
  /** The round. */
  inspectionId: idSchema,
  /** The inspected unit (its contact settings are at /units/:unitId/contact). */
  unitId: idSchema,
  /** notice or report. */
  kind: documentKindSchema,
  /** The current draft: the saved one, or the first draft when none is saved. */
  draft: z.object({
    /** Its fields. */
    content: draftContentSchema,
    /** Its revision (0 when not saved yet): send it back with the next save. */
    revision: count,
    /** When it was last saved; null when not saved yet. */
    updatedAt: instantSchema.nullable(),
  }),
  /** The first draft from today's data, for "restore" per field. */
  defaults: draftContentSchema,
  /** Today's data (the computed parts come from it; the web previews with composeDocument). */
  facts: roundFactsSchema,
  /** The ledger's figures the document states. */
  totals: ledgerTotalsSchema,
  /** Saved versions, newest first. */
  versions: z.array(versionSummarySchema),
  /** The project's notice checker run over the current draft's document, as a reader would. */
  check: documentCheckSchema,
  /** Dates in the ledger's text that lost their 年/月: corrected in the document when unambiguous (else null: fix the ledger). */
  corrections: z.array(
    z.object({
      /** As stored, e.g. "20235月". */ raw: z.string(),
      /** As printed, e.g. "2023年5月"; null when ambiguous. */ corrected: z.string().nullable(),
    }),
  ),
  /** What the actor may do. */
  abilities: documentAbilitiesSchema,
});
export type Composer = z.input<typeof composerSchema>;

/** GET …/versions/:number — one frozen version. */
export const versionSchema = versionSummarySchema.extend({
  /** notice or report. */
  kind: documentKindSchema,
  /** The draft as it was saved. */
  content: draftContentSchema,
  /** The data as it was read. */
  facts: roundFactsSchema,
  /** The document's paragraphs, one per line, as the .docx has them. */
  lines: z.array(z.string()),
});
export type NoticeVersion = z.input<typeof versionSchema>;

/** GET …/compare — a paragraph diff of two versions. */
export const compareSchema = z.object({
  /** The older version. */
  a: versionSummarySchema,
  /** The newer version. */
  b: versionSummarySchema,
  /** Paragraphs in order: same in both, only in a (removed), only in b (added). */
  ops: z.array(
    z.object({ /** same, added or removed. */ op: z.enum(['same', 'added', 'removed']), /** The paragraph. */ text: z.string() }),
  ),
});
export type Compare = z.input<typeof compareSchema>;

/** GET …/docx answers the Word file itself. */
export const docxDownload = fileDownload(DOCX_MIME, 'GB/T 9704-2012 版式的 Word 文件（.docx）');

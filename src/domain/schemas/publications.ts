/**
 * Requests and answers of publication (a notice version made public, with its
 * SM3 digests), the public portal's read side and file verification, and the
 * ledger's Excel export. The web infers its types from these (z.input).
 */
import { z } from 'zod';
import { id, pagingFields } from './primitives.js';
import { DOCX_MIME, XLSX_MIME, dateSchema, fileDownload, idSchema, instantSchema, pageSchema } from './responses/common.js';
import { documentKindSchema } from './notices.js';

/** Crockford's base32 without I, L, O, U: a code read aloud or typed from paper is not mistaken. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A publication's code, "5 + 5" characters ("7K3M9-QX2PA"), printed on the
 * published .docx. Typed by hand from paper: lower case, O for 0 and I/L for 1 are read as meant.
 */
export const publicationCode = z
  .string({ error: '发布编号应为文本' })
  .max(20, { message: '发布编号格式不正确' })
  .transform((s) => s.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1'))
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/, { message: '发布编号格式不正确（应如 7K3M9-QX2PA）' }))
  .meta({ example: '7K3M9-QX2PA' });

/** An SM3 digest written in hex (64 characters; spaces and upper case as pasted are accepted). */
export const sm3Hex = z
  .string({ error: '摘要应为文本' })
  .max(200, { message: '摘要应为 64 位十六进制 SM3 值' })
  .transform((s) =>
    s
      .replace(/[\s:-]/g, '')
      .toLowerCase()
      .replace(/^sm3=/, ''),
  )
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, { message: '摘要应为 64 位十六进制 SM3 值' }))
  .meta({ example: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0' });

// ───────────────────────────── requests ─────────────────────────────

/** POST /inspections/:id/publications: publish a saved version of the round's public notice. */
export const publishBody = z.object({
  /** The number of the saved version of the notice (整改情况通报) to publish. */
  version: id,
  /** Also publish the per-problem status table (问题整改情况表), frozen with the version's data. */
  statusTable: z.boolean({ error: '是否公开问题整改情况表应为 true 或 false' }).default(false),
});
export type PublishBody = z.input<typeof publishBody>;

/** /public/publications/:code. */
export const publicationCodeParams = z.object({ code: publicationCode });

/** POST /public/verify with JSON: a digest pasted by a visitor (a file goes as multipart instead). */
export const verifyDigestBody = z.object({
  /** The SM3 of a file or of a notice's text, in hex. */
  digest: sm3Hex,
});

/** The multipart fields of POST /public/verify (the file itself is the `file` part). */
export const verifyFileFields = z.object({});

// ───────────────────────────── answers ─────────────────────────────

/** A publication as the unit's office sees it. */
export const publicationSchema = z.object({
  id: idSchema,
  /** The public code, printed on the .docx and used in /public/ addresses. */
  code: z.string(),
  inspectionId: idSchema,
  unitId: idSchema,
  kind: documentKindSchema,
  /** The number of the version published. */
  version: idSchema,
  title: z.string(),
  /** SM3 of the notice's text (UTF-8): the version's digest, quoted on the .docx. */
  textDigest: z.string(),
  /** SM3 of the published .docx file as served, stamp included. */
  docxDigest: z.string(),
  /** The .docx's file name. */
  filename: z.string(),
  /** Whether the per-problem status table was published with it. */
  statusTable: z.boolean(),
  /** Who published it. */
  publishedBy: z.object({ id: idSchema.nullable(), name: z.string().nullable() }),
  publishedAt: instantSchema,
  /** The portal page of the publication. */
  publicUrl: z.string(),
  /** The verification page printed on the .docx. */
  verifyUrl: z.string(),
});
export type Publication = z.input<typeof publicationSchema>;

/** GET /inspections/:id/publications: the round's publications and whether the actor may publish. */
/** GET /inspections/:id/publications: one page, newest first. */
export const publicationListQuery = z.object({ ...pagingFields() });
export type PublicationListQuery = z.infer<typeof publicationListQuery>;
export const publicationListSchema = pageSchema(publicationSchema).extend({
  abilities: z.object({ /** Publish a version of the notice (the unit's 整改办). */ publish: z.boolean() }),
});
export type PublicationList = z.input<typeof publicationListSchema>;

/** One row of the public status table: a problem or a heading above problems. */
export const statusRowSchema = z.object({
  /** 1 for a group, 2 for a theme, 3 for a problem under a theme (a tree of two levels has no 3). */
  level: z.int().min(1).max(3),
  /** "一、", "（一）", "1." as the notice numbers it. */
  label: z.string(),
  title: z.string(),
  /** For a problem: 已完成, 正在推进 or 长期坚持 as notices word it; null for a heading. */
  status: z.string().nullable(),
  /** For a problem: its lead department; null when unplanned or for a heading. */
  leadDept: z.string().nullable(),
  /** For a problem: 整改时限; null when none. */
  deadline: dateSchema.nullable(),
});
export type StatusRow = z.input<typeof statusRowSchema>;

/** A publication as anyone reads it on the portal. */
export const publicPublicationSchema = z.object({
  code: z.string(),
  unitId: idSchema,
  unitName: z.string(),
  title: z.string(),
  /** The notice's paragraphs as published. */
  lines: z.array(z.string()),
  textDigest: z.string(),
  docxDigest: z.string(),
  filename: z.string(),
  publishedAt: instantSchema,
  /** The per-problem status table, when the unit published it; null otherwise. */
  statusTable: z.array(statusRowSchema).nullable(),
});
export type PublicPublication = z.input<typeof publicPublicationSchema>;

/** GET /public/units: the units with published notices, newest first. */
export const publicUnitsSchema = z.object({
  units: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      publications: z.array(z.object({ code: z.string(), title: z.string(), publishedAt: instantSchema })),
    }),
  ),
});

/** The publication a verified file or digest matched. */
export const verifiedPublicationSchema = z.object({
  code: z.string(),
  unitName: z.string(),
  title: z.string(),
  /** The version of the notice that was published. */
  version: idSchema,
  publishedAt: instantSchema,
  textDigest: z.string(),
  docxDigest: z.string(),
});

/** POST /public/verify: whether the file or digest is exactly a published version. */
export const verifyResultSchema = z.object({
  /** True when the SM3 equals a published .docx's or a published text's. */
  match: z.boolean(),
  /** The digest checked (of the uploaded file, or as pasted). */
  digest: z.string(),
  /** docx: the digest is the published Word file's; text: the notice text's; null when no match. */
  matchedOn: z.enum(['docx', 'text']).nullable(),
  /** The publication matched; null when none. */
  publication: verifiedPublicationSchema.nullable(),
});
export type VerifyResult = z.input<typeof verifyResultSchema>;

/** GET …/docx of a publication: the stored Word file as it was published. */
export const publishedDocx = fileDownload(DOCX_MIME, '已发布的 Word 文件（与发布时完全一致）');

/** GET /inspections/:id/ledger.xlsx: the round's ledger as an Excel workbook, streamed. */
export const ledgerXlsx = fileDownload(
  XLSX_MIME,
  '三清单一台账 Excel 文件（.xlsx，流式写出），按台账顺序，含分组行、冻结表头、A3 横向打印设置',
);

/**
 * Requests of the notice/ledger import, shared by the server and the import page.
 * Built from the same primitives as every other request (./primitives.ts).
 */
import { z } from 'zod';
import type { LedgerField, LedgerMapping } from '../notice/types.js';
import { fileName, id, isoDate, isoDateOrMonth, multiLineText, singleLineText } from './primitives.js';

const INSPECTION_KINDS = ['巡视', '巡察', '审计', '督察'] as const;

/** One node of the (possibly hand-corrected) tree to import. */
export const importNode = z.object({
  /** The preview's key of the node, e.g. "n12". */
  id: singleLineText(40, '节点编号').meta({ example: 'n1' }),
  parentId: singleLineText(40, '上级节点编号').nullable().meta({ example: null }),
  kind: z
    .enum(['group', 'theme', 'problem', 'measure'], { message: '节点类型应为 group/theme/problem/measure' })
    .meta({ example: 'problem' }),
  label: singleLineText(40, '序号', { min: 0 }).meta({ example: '1.' }),
  title: singleLineText(500, '节点标题'),
  text: multiLineText(20000, '节点正文', { min: 0 }).default(''),
  progress: multiLineText(20000, '整改进展', { min: 0 }).optional(),
  status: singleLineText(40, '状态', { min: 0 }).optional(),
  /** ISO date or YYYY-MM (end of month is meant). */
  deadline: isoDateOrMonth.optional(),
  rectifyKind: z.enum(['立行立改', '限期整改', '长期坚持'], { message: '整改类型应为 立行立改/限期整改/长期坚持' }).optional(),
  leader: singleLineText(64, '责任领导', { min: 0 }).optional(),
  leadDepartment: singleLineText(100, '牵头部门', { min: 0 }).optional(),
  cooperatingDepartments: z.array(singleLineText(100, '配合部门')).max(50, { message: '配合部门最多 50 个' }).optional(),
});
export type ImportNode = z.infer<typeof importNode>;

/** POST /imports/commit: create the inspection round and its tree in one transaction. */
export const importCommitBody = z.object({
  unitId: id,
  /** SM3 of the source document, as the preview returned it. */
  digest: z
    .string({ error: '文档摘要应为文本' })
    .regex(/^[0-9a-f]{64}$/, { message: '文档摘要无效' })
    .meta({ example: 'a'.repeat(64) }),
  filename: fileName.optional(),
  source: z.enum(['text', 'docx', 'xlsx'], { message: '来源应为 text/docx/xlsx' }),
  inspection: z
    .object({
      kind: z.enum(INSPECTION_KINDS, { message: '请选择巡视巡察类型' }),
      title: singleLineText(200, '轮次名称'),
      body: singleLineText(100, '巡视巡察机构'),
      onsiteStart: isoDate.optional(),
      onsiteEnd: isoDate.optional(),
      feedbackDate: isoDate.optional(),
    })
    // the same rule as POST /inspections: a round cannot end before it starts
    .refine((v) => !v.onsiteStart || !v.onsiteEnd || v.onsiteStart <= v.onsiteEnd, {
      message: '进驻结束日期不能早于开始日期',
      path: ['onsiteEnd'],
    }),
  nodes: z.array(importNode).min(1, { message: '没有可导入的问题' }).max(5000, { message: '一次最多导入 5000 个节点' }),
  /** The same document was imported before: import again only when the user says so. */
  confirmDuplicate: z.boolean({ error: '应为 true 或 false' }).default(false),
  /**
   * Made by the client once per confirmation (a UUID): a commit repeated with the
   * same key — a double click, a retry after a lost answer — answers the first
   * commit's result instead of importing twice.
   */
  idempotencyKey: z
    .string({ error: '幂等键应为文本' })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: '幂等键应为 8–64 位字母、数字、下划线或连字符' })
    .optional()
    .meta({ example: '6f1c2b9e-3d4a-4f7b-9a51-2c0e8d7f1a23' }),
});
export type ImportCommitBody = z.infer<typeof importCommitBody>;

/** POST /imports/preview with JSON (pasted text); files go as multipart (importPreviewFields + file). */
export const importPreviewBody = z.object({
  unitId: id.optional(),
  text: multiLineText(5_000_000, '通报文本').meta({ example: '一、存在的问题\n1. 示例问题' }),
  filename: fileName.optional(),
});
export type ImportPreviewBody = z.infer<typeof importPreviewBody>;

/** The ledger fields a header mapping may name (every LedgerField, checked below). */
export const LEDGER_FIELDS = [
  'seq',
  'category',
  'problem',
  'measure',
  'leader',
  'leadDepartment',
  'cooperatingDepartments',
  'deadline',
  'progress',
  'closed',
  'remark',
] as const satisfies readonly LedgerField[];
// a LedgerField added to the domain without being listed here is a type error
type Unlisted = Exclude<LedgerField, (typeof LEDGER_FIELDS)[number]>;
const allListed: [Unlisted] extends [never] ? true : never = true;
void allListed;

/** A ledger header mapping: our field → the header text in the sheet (empty: not mapped). */
export const ledgerMapping: z.ZodType<LedgerMapping> = z.object(
  Object.fromEntries(LEDGER_FIELDS.map((f) => [f, singleLineText(200, `“${f}”列的表头`, { min: 0 }).optional()])) as Record<
    LedgerField,
    z.ZodOptional<ReturnType<typeof singleLineText>>
  >,
);

/** Multipart fields of POST /imports/preview besides the file. */
export const importPreviewFields = z.object({
  unitId: id.optional(),
  /** A corrected header mapping as JSON text, e.g. {"problem":"问题描述"}. */
  mapping: z
    .string({ error: '列映射应为 JSON 文本' })
    .max(20_000, { message: '列映射过长' })
    .transform((s, ctx): unknown => {
      try {
        return JSON.parse(s);
      } catch {
        ctx.addIssue({ code: 'custom', message: '列映射应为 JSON 对象' });
        return z.NEVER;
      }
    })
    .pipe(ledgerMapping)
    .optional()
    .meta({ example: '{"problem":"问题"}' }),
});

/** PUT /imports/mappings: a unit's corrected ledger header mapping. */
export const ledgerMappingBody = z.object({
  unitId: id,
  name: singleLineText(100, '映射名称').default('default'),
  mapping: ledgerMapping,
});

/**
 * Requests of the notice/ledger import, shared by the server and the import page.
 */
import { z } from 'zod';

const id = z.coerce.number({ error: '编号应为数字' }).int().positive({ message: '编号应为正整数' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' });

/** One node of the (possibly hand-corrected) tree to import. */
export const importNode = z.object({
  id: z.string().min(1).max(40),
  parentId: z.string().max(40).nullable(),
  kind: z.enum(['group', 'theme', 'problem', 'measure'], { message: '节点类型应为 group/theme/problem/measure' }),
  label: z.string().trim().max(40, { message: '序号不能超过 40 字' }),
  title: z.string().trim().min(1, { message: '节点标题不能为空' }).max(500, { message: '标题不能超过 500 字' }),
  text: z.string().max(20000).default(''),
  progress: z.string().max(20000).optional(),
  status: z.string().max(40).optional(),
  /** ISO date or YYYY-MM (end of month is meant). */
  deadline: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, { message: '整改时限格式应为 YYYY-MM-DD 或 YYYY-MM' }).optional(),
  rectifyKind: z.enum(['立行立改', '限期整改', '长期坚持']).optional(),
  leader: z.string().max(64).optional(),
  leadDepartment: z.string().max(100).optional(),
  cooperatingDepartments: z.array(z.string().max(100)).max(50).optional(),
});
export type ImportNode = z.infer<typeof importNode>;

/** POST /imports/commit: create the inspection round and its tree in one transaction. */
export const importCommitBody = z.object({
  unitId: id,
  /** SM3 of the source document, as the preview returned it. */
  digest: z.string().regex(/^[0-9a-f]{64}$/, { message: '文档摘要无效' }),
  filename: z.string().max(200).optional(),
  source: z.enum(['text', 'docx', 'xlsx']),
  inspection: z.object({
    kind: z.enum(['巡视', '巡察', '审计', '督察'], { message: '请选择巡视巡察类型' }),
    title: z.string().trim().min(1, { message: '请填写轮次名称' }).max(200),
    body: z.string().trim().min(1, { message: '请填写巡视巡察机构' }).max(100),
    onsiteStart: isoDate.optional(),
    onsiteEnd: isoDate.optional(),
    feedbackDate: isoDate.optional(),
  }),
  nodes: z.array(importNode).min(1, { message: '没有可导入的问题' }).max(5000, { message: '一次最多导入 5000 个节点' }),
  /** The same document was imported before: import again only when the user says so. */
  confirmDuplicate: z.boolean().default(false),
});
export type ImportCommitBody = z.infer<typeof importCommitBody>;

/** POST /imports/preview with JSON (pasted text); files go as multipart with the same fields. */
export const importPreviewBody = z.object({
  unitId: id.optional(),
  text: z.string().min(1, { message: '请粘贴通报文本' }).max(5_000_000, { message: '文本过长（上限 500 万字）' }),
  filename: z.string().max(200).optional(),
});

/** PUT /imports/mappings: a unit's corrected ledger header mapping. */
export const ledgerMappingBody = z.object({
  unitId: id,
  name: z.string().trim().min(1).max(100).default('default'),
  mapping: z.record(z.string(), z.string().max(200)),
});

/** Answers of the audit module (审计管理员 only). */
import { z } from 'zod';
import { idSchema, instantSchema, pageSchema } from './common.js';

/** One row of the hash-chained audit trail. */
export const auditEntrySchema = z.object({
  /** The row id, in writing order (a bigint column, so not bounded to 32 bits). */
  id: z.int().positive(),
  /** When it happened. */
  at: instantSchema,
  /** Who: the account (null for the system or a refused sign-in) and the name recorded then. */
  actor: z.object({
    /** The user id; null when no account acted. */
    id: idSchema.nullable(),
    /** The account name recorded with the row: the name tried for a refused sign-in, "system" for the server itself. */
    name: z.string().nullable(),
  }),
  /** What, e.g. "auth.login", "problem.closure_approve", "user.create". */
  action: z.string(),
  /** The kind of object acted on, e.g. "problem"; null when none. */
  objectType: z.string().nullable(),
  /** The object's id as text; null when none. */
  objectId: z.string().nullable(),
  /** The unit the object belongs to; null when none. */
  unitId: idSchema.nullable(),
  /** "success" or "failure" (e.g. a refused sign-in). */
  outcome: z.string(),
  /** Facts of the action (the request's fields, from/to states…); null when none. */
  detail: z.unknown(),
  /** The client address; null for the command line. */
  ip: z.string().nullable(),
  /** SM3 (hex) over the previous row's hash and this row's content. */
  hash: z.string(),
});
export type AuditEntry = z.input<typeof auditEntrySchema>;

/** GET /audit: newest first. */
export const auditPageSchema = pageSchema(auditEntrySchema)
  .extend({
    /** What the user may do with the trail. */
    abilities: z.object({
      /** Verify the hash chain (审计管理员). */
      verify: z.boolean(),
    }),
  })
  .describe('审计日志的一页（新的在前）');
export type AuditPage = z.input<typeof auditPageSchema>;

/** GET /audit/verify: the walk over the whole chain. */
export const auditVerifySchema = z
  .object({
    /** Every row links to its predecessor and hashes to itself. */
    ok: z.boolean(),
    /** Rows checked before the end or the first broken row. */
    rows: z.int().nonnegative(),
    /** The id of the first broken row; null when the chain holds. */
    brokenAt: z.int().positive().nullable(),
  })
  .describe('审计日志哈希链校验结果');
export type AuditVerify = z.input<typeof auditVerifySchema>;

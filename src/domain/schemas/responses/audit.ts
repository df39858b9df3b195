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
    /** The account's display name today (null: no account, or a deleted one); the page shows it beside the account name. */
    displayName: z.string().nullable(),
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
    /** More rows match than were counted: `total` stops at 10,000 (the pager goes no further than it counts). */
    totalCapped: z.boolean(),
    /** What the user may do with the trail. */
    abilities: z.object({
      /** Verify the hash chain (审计管理员). */
      verify: z.boolean(),
    }),
  })
  .describe('审计日志的一页（新的在前）');
export type AuditPage = z.input<typeof auditPageSchema>;

/** One thing the verification found, with the table (or file) and row it is about. */
export const verifyFindingSchema = z.object({
  /** Which check found it: chain, checkpoint, archive, key, transition, progress, status, evidence. */
  check: z.string(),
  /** The table, or the file (checkpoints, archives), it is about. */
  table: z.string(),
  /** The row id (the line, for a checkpoint file); null when about no one row. */
  id: z.int().nullable(),
  /** What is wrong, in Chinese. */
  message: z.string(),
});
export type VerifyFinding = z.input<typeof verifyFindingSchema>;

/** GET /audit/verify: the chain, the checkpoints and archives outside the database, the business seals, the evidence files. */
export const auditVerifySchema = z
  .object({
    /** Nothing was found. */
    ok: z.boolean(),
    /** Rows of the chain checked (archived rows included). */
    rows: z.int().nonnegative(),
    /** The id of the first broken row of the table; null when the chain holds. */
    brokenAt: z.int().positive().nullable(),
    /** Rows of the plain SM3 segment written before the audit key existed. */
    plainRows: z.int().nonnegative(),
    /** The first row chained under the audit key (HMAC-SM3); null when none is. */
    keyedFrom: z.int().positive().nullable(),
    /** The signed checkpoints outside the database that were checked, and the newest. */
    checkpoints: z.object({
      /** How many. */
      checked: z.int().nonnegative(),
      /** The newest: when, up to which row, how many rows; null when none. */
      latest: z.object({ at: z.string(), lastId: z.int().nonnegative(), rows: z.int().nonnegative() }).nullable(),
    }),
    /** Signed archive files of rows past the retention, and the rows they hold. */
    archives: z.object({ files: z.int().nonnegative(), rows: z.int().nonnegative() }),
    /** Business rows checked against their seals: transitions, progress entries, problems (status). */
    business: z.record(z.string(), z.int().nonnegative()),
    /** Evidence rows whose files were read and digested. */
    evidence: z.object({ checked: z.int().nonnegative() }),
    /** Everything found, each with its row. */
    findings: z.array(verifyFindingSchema),
  })
  .describe('审计日志、检查点、归档、业务数据封记与佐证文件的校验结果');
export type AuditVerify = z.input<typeof auditVerifySchema>;

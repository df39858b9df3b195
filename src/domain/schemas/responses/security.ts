/** Answers of the trust features: the security policy, sessions, the second factor, account administration. */
import { z } from 'zod';
import { idSchema, instantSchema, pageSchema } from './common.js';
import { orgKindSchema, roleSchema } from './auth.js';

/** The security policy in force (安全管理员 sets it; until then the configuration's defaults apply). */
export const securityPolicySchema = z
  .object({
    /** Shortest password. */
    passwordMinLength: z.int(),
    /** Classes of upper, lower, digit, symbol a password needs. */
    passwordMinClasses: z.int(),
    /** Earlier passwords that may not come back. */
    passwordHistory: z.int(),
    /** Days before a password must be changed. */
    passwordMaxAgeDays: z.int(),
    /** Failed sign-ins before an account locks. */
    lockMaxFailures: z.int(),
    /** Minutes an account stays locked. */
    lockMinutes: z.int(),
    /** Failed sign-ins from one address within the window before it must wait. */
    addressMaxFailures: z.int(),
    /** That window, and the wait, in minutes. */
    addressWindowMinutes: z.int(),
    /** Concurrent sessions per account. */
    maxSessions: z.int(),
    /** Roles that must use the second factor. */
    mfaRoles: z.array(roleSchema),
    /** Addresses anyone may sign in from (empty: any). */
    allowedRanges: z.array(z.string()),
    /** Addresses the three administrators may sign in from (empty: any allowed above). */
    adminRanges: z.array(z.string()),
    /** "default": the configuration's; "saved": set by the security administrator. */
    source: z.enum(['default', 'saved']),
    /** When it was last saved; null for the defaults. */
    updatedAt: instantSchema.nullable(),
    /** Who saved it (account name); null for the defaults. */
    updatedBy: z.string().nullable(),
  })
  .describe('安全策略');
export type SecurityPolicy = z.input<typeof securityPolicySchema>;

/** The password rules a form shows before the server checks them. */
export const passwordRulesSchema = z
  .object({
    /** Shortest password. */
    minLength: z.int(),
    /** Classes needed of upper, lower, digit, symbol. */
    minClasses: z.int(),
    /** Earlier passwords that may not come back. */
    history: z.int(),
    /** Days a password lasts. */
    maxAgeDays: z.int(),
  })
  .describe('密码规则');
export type PasswordRules = z.input<typeof passwordRulesSchema>;

/** One signed-in session. */
export const sessionInfoSchema = z.object({
  /** The session's number (the token itself never leaves the server). */
  id: idSchema,
  /** Whose (the security administrator's list shows everyone's). */
  user: z.object({
    /** The user id. */
    id: idSchema,
    /** The account name. */
    username: z.string(),
    /** The name people read. */
    displayName: z.string(),
  }),
  /** When it began. */
  createdAt: instantSchema,
  /** The last request. */
  lastSeenAt: instantSchema,
  /** When it ends at the latest. */
  expiresAt: instantSchema,
  /** The client address it began from. */
  ip: z.string().nullable(),
  /** The browser it began in. */
  userAgent: z.string().nullable(),
  /** Whether its second factor was given. */
  mfaPassed: z.boolean(),
  /** This is the session asking. */
  current: z.boolean(),
});
export type SessionInfo = z.input<typeof sessionInfoSchema>;

/** GET /auth/sessions, GET /security/sessions: newest first. */
export const sessionListSchema = z.array(sessionInfoSchema).describe('会话列表');
export type SessionList = z.input<typeof sessionListSchema>;

/** POST /auth/mfa/setup: what the authenticator app needs. */
export const mfaSetupSchema = z
  .object({
    /** The shared secret, Base32 (to type in when the QR code cannot be scanned). */
    secret: z.string(),
    /** The otpauth:// URI the QR code holds. */
    uri: z.string(),
    /** The QR code as an SVG data URL. */
    qr: z.string(),
  })
  .describe('双因素认证绑定信息');
export type MfaSetup = z.input<typeof mfaSetupSchema>;

/** POST /auth/mfa/enable and /auth/mfa/recovery-codes: shown once, never again. */
export const recoveryCodesSchema = z
  .object({
    /** Ten one-time codes (XXXXX-XXXXX) for when the phone is lost. */
    recoveryCodes: z.array(z.string()),
  })
  .describe('恢复码（仅显示一次）');
export type RecoveryCodes = z.input<typeof recoveryCodesSchema>;

/** One organisation as the administrators' pickers show it. */
export const adminOrgSchema = z.object({
  /** The organisation id. */
  id: idSchema,
  /** The office above a unit, the unit above a department; null for an office. */
  parentId: idSchema.nullable(),
  /** The name of that parent (a department is shown as "unit·department"); null for an office. */
  parentName: z.string().nullable(),
  /** office, unit or department. */
  kind: orgKindSchema,
  /** Its name. */
  name: z.string(),
});
export type AdminOrg = z.input<typeof adminOrgSchema>;

/** GET /admin/orgs: one page of the organisations (offices, then units, then departments), optionally searched. */
export const adminOrgListSchema = pageSchema(adminOrgSchema).describe('组织（分页）');
export type AdminOrgList = z.input<typeof adminOrgListSchema>;

/** POST /admin/orgs (201). */
export const orgCreatedSchema = z.object({ id: idSchema }).describe('新建的组织');

/** POST /admin/backup: the backup file written on the server. */
export const backupResultSchema = z
  .object({
    /** Where the file was written (under the data directory's backups/). */
    file: z.string(),
    /** SM3 of the whole file, also recorded in the audit chain. */
    sm3: z.string(),
    /** Its size in bytes. */
    size: z.int(),
    /** Rows per table in the snapshot. */
    counts: z.record(z.string(), z.int()),
  })
  .describe('备份结果');
export type BackupResult = z.input<typeof backupResultSchema>;

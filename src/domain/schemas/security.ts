/**
 * Requests of the trust features (issue 13): the security policy (安全管理员),
 * account administration (系统管理员) and role grants (安全管理员), a person's
 * own password, second factor and sessions.
 */
import { z } from 'zod';
import { id, secretText, singleLineText } from './primitives.js';
import { roleSchema } from './responses/auth.js';

function bounded(min: number, max: number, what: string) {
  return z
    .number({ error: `${what}应为整数` })
    .int({ message: `${what}应为整数` })
    .min(min, { message: `${what}不能小于 ${min}` })
    .max(max, { message: `${what}不能大于 ${max}` });
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]{2,45}$/;

/** An address range: an IPv4 or IPv6 address, optionally with a prefix ("10.0.0.0/8", "fd00::/8"). */
export const addressRange = z
  .string({ error: '地址范围应为文本' })
  .trim()
  .max(50, { message: '地址范围不能超过 50 个字符', abort: true })
  .refine(
    (s) => {
      const [addr, prefix, extra] = s.split('/');
      if (extra !== undefined) return false;
      const v4 = IPV4.test(addr);
      const v6 = !v4 && addr.includes(':') && IPV6.test(addr);
      if (!v4 && !v6) return false;
      if (prefix === undefined) return true;
      return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
    },
    { message: '地址范围应为 IP 地址或“地址/前缀长度”，如 10.1.0.0/16' },
  )
  .meta({ example: '10.1.0.0/16' });

/**
 * PUT /security/policy (安全管理员): the whole policy. Bounds keep it within
 * what 等保 level 3 asks (complexity, lockout, a second factor possible).
 */
export const securityPolicyBody = z.object({
  /** Shortest password (8–64). */
  passwordMinLength: bounded(8, 64, '密码最短长度').meta({ example: 8 }),
  /** Classes a password needs of upper, lower, digit, symbol (3–4). */
  passwordMinClasses: bounded(3, 4, '密码字符类别数').meta({ example: 3 }),
  /** Earlier passwords that may not come back (0–24). */
  passwordHistory: bounded(0, 24, '不得重复使用的历史密码数').meta({ example: 5 }),
  /** Days before a password must be changed (1–3650). */
  passwordMaxAgeDays: bounded(1, 3650, '密码有效天数').meta({ example: 90 }),
  /** Failed sign-ins before an account locks (3–20). */
  lockMaxFailures: bounded(3, 20, '锁定前允许的失败次数').meta({ example: 5 }),
  /** Minutes an account stays locked (1–1440). */
  lockMinutes: bounded(1, 1440, '锁定时长（分钟）').meta({ example: 30 }),
  /** Failed sign-ins from one address within the window before it must wait (5–10000). */
  addressMaxFailures: bounded(5, 10_000, '同一地址允许的失败次数').meta({ example: 30 }),
  /** The window, and the wait, in minutes (1–1440). */
  addressWindowMinutes: bounded(1, 1440, '地址限制时间窗（分钟）').meta({ example: 10 }),
  /** Concurrent sessions per account (1–100): a sign-in beyond it ends the oldest. */
  maxSessions: bounded(1, 100, '每个账号的并发会话数').meta({ example: 3 }),
  /** Roles whose accounts must use the second factor. */
  mfaRoles: z
    .array(roleSchema, { error: '须强制双因素认证的角色应为列表' })
    .max(8, { message: '角色最多 8 个' })
    .refine((a) => new Set(a).size === a.length, { message: '角色不能重复' })
    .meta({ example: ['sysadmin', 'secadmin', 'auditor', 'office_admin'] }),
  /** Addresses anyone may sign in from; empty: any address. */
  allowedRanges: z
    .array(addressRange, { error: '允许登录的地址范围应为列表' })
    .max(50, { message: '地址范围最多 50 个' })
    .meta({ example: [] }),
  /** Addresses the three administrators may sign in from; empty: any address allowed above. */
  adminRanges: z
    .array(addressRange, { error: '管理员登录地址范围应为列表' })
    .max(50, { message: '地址范围最多 50 个' })
    .meta({ example: ['127.0.0.1/32'] }),
});
export type SecurityPolicyBody = z.infer<typeof securityPolicyBody>;

/** POST /auth/password: a person changes their own password. */
export const passwordChangeBody = z.object({
  /** The password now in use. */
  currentPassword: secretText(256, '当前密码'),
  /** The new one: checked against the security policy. */
  newPassword: secretText(128, '新密码'),
});
export type PasswordChangeBody = z.infer<typeof passwordChangeBody>;

/** A six-digit code of the authenticator app. */
export const totpCode = z
  .string({ error: '请填写动态验证码' })
  .trim()
  .regex(/^\d{6}$/, { message: '动态验证码为 6 位数字' })
  .meta({ example: '123456' });

/** POST /auth/mfa/enable: the first code, proving the app holds the secret. */
export const mfaEnableBody = z.object({ code: totpCode });

/** POST /auth/mfa/verify: the second step of a sign-in — a code, or one of the recovery codes. */
export const mfaVerifyBody = z
  .object({
    /** The app's six-digit code. */
    code: totpCode.optional(),
    /** A one-time recovery code (XXXXX-XXXXX), when the phone is not at hand. */
    recoveryCode: z
      .string({ error: '恢复码应为文本' })
      .trim()
      .regex(/^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/, { message: '恢复码格式为 XXXXX-XXXXX' })
      .optional()
      .meta({ example: 'ABCDE-23456' }),
  })
  .refine((v) => !!v.code !== !!v.recoveryCode, { message: '请填写动态验证码或恢复码（二者选一）', path: ['code'] });
export type MfaVerifyBody = z.infer<typeof mfaVerifyBody>;

/** POST /auth/mfa/disable: only where the policy does not require it; the password again. */
export const mfaDisableBody = z.object({ password: secretText(256, '密码') });

/** POST /auth/mfa/recovery-codes: new codes (the old ones stop working), with a current code. */
export const recoveryCodesBody = z.object({ code: totpCode });

/** PATCH /users/:id (系统管理员): rename, disable or enable an account. */
export const userUpdateBody = z
  .object({
    displayName: singleLineText(64, '姓名').optional(),
    /** false: the account cannot sign in and its sessions end. */
    isActive: z.boolean({ error: '启用状态应为 true 或 false' }).optional(),
  })
  .refine((v) => v.displayName !== undefined || v.isActive !== undefined, { message: '请至少修改一项', path: ['displayName'] });
export type UserUpdateBody = z.infer<typeof userUpdateBody>;

/** POST /users/:id/password (系统管理员): a new password the owner must change at the next sign-in. */
export const userPasswordBody = z.object({ password: secretText(128, '新密码') });

/** POST /users/:id/roles and /users/:id/roles/revoke (安全管理员). */
export const roleGrantBody = z.object({
  role: roleSchema,
  /** The organisation the role is held in. */
  orgId: id,
});
export type RoleGrantBody = z.infer<typeof roleGrantBody>;

/** POST /admin/orgs (系统管理员): a unit under the office, or a department of a unit. */
export const orgCreateBody = z.object({
  kind: z.enum(['unit', 'department'], { message: '组织类型应为 unit 或 department' }),
  /** The office (for a unit) or the unit (for a department). */
  parentId: id,
  name: singleLineText(100, '组织名称'),
});
export type OrgCreateBody = z.infer<typeof orgCreateBody>;

/**
 * The path parameter of the account and session routes. Its documented example
 * names no account of the demo: the OpenAPI fuzz sends each route's example as
 * the baseline, and an example that disabled the demo's first account would
 * end sessions other cases run on.
 */
export const accountIdParam = z.object({ id: id.meta({ example: 424242 }) });

/**
 * The security policy (安全策略): password rules, lockout, address throttling,
 * session limits, the roles that must use a second factor, the address ranges
 * sign-ins may come from. The configuration gives the defaults (DESIGN §6:
 * numbers the standard leaves open are configuration, not code); the security
 * administrator may change them, and every change is audited with what it was.
 */
import type { AppContext } from '../../context.js';
import type { Db, Queryable } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { defaultConfig, type Config } from '../../config.js';
import type { Actor } from '../auth/actor.js';
import { enforce } from '../../lib/policy.js';
import { AppError, badRequest } from '../../lib/errors.js';
import { inRanges, invalidRanges } from './addresses.js';
import { writeAudit } from '../audit/service.js';
import { ROLES, type Role, type SecurityPolicyBody } from '../../../domain/schemas/index.js';
import { securityRepo } from './repository.js';
import { BackupError, createBackup } from './backup.js';
import { join } from 'node:path';
import * as policy from './policy.js';

export type SecurityPolicy = SecurityPolicyBody;

type PolicyConfig = Pick<
  Config,
  | 'PASSWORD_MIN_LENGTH'
  | 'PASSWORD_MIN_CLASSES'
  | 'PASSWORD_HISTORY'
  | 'PASSWORD_MAX_AGE_DAYS'
  | 'LOGIN_MAX_FAILURES'
  | 'LOGIN_LOCK_MINUTES'
  | 'LOGIN_ADDRESS_MAX_FAILURES'
  | 'LOGIN_ADDRESS_WINDOW_MINUTES'
  | 'SESSION_MAX_PER_USER'
  | 'MFA_REQUIRED_ROLES'
>;

/** The roles named in MFA_REQUIRED_ROLES ("none": no role). Unknown names are left out. */
export function mfaRolesOf(c: Pick<Config, 'MFA_REQUIRED_ROLES'>): Role[] {
  return c.MFA_REQUIRED_ROLES.split(',')
    .map((s) => s.trim())
    .filter((s): s is Role => (ROLES as readonly string[]).includes(s));
}

/** The policy the configuration gives, before the security administrator saves one. */
export function policyDefaults(c: PolicyConfig = defaultConfig()): SecurityPolicy {
  return {
    passwordMinLength: c.PASSWORD_MIN_LENGTH,
    passwordMinClasses: Math.max(3, c.PASSWORD_MIN_CLASSES),
    passwordHistory: c.PASSWORD_HISTORY,
    // 0 in the configuration means "never"; the policy keeps it as a very long time
    passwordMaxAgeDays: c.PASSWORD_MAX_AGE_DAYS || 3650,
    lockMaxFailures: c.LOGIN_MAX_FAILURES,
    lockMinutes: c.LOGIN_LOCK_MINUTES,
    addressMaxFailures: c.LOGIN_ADDRESS_MAX_FAILURES,
    addressWindowMinutes: c.LOGIN_ADDRESS_WINDOW_MINUTES,
    // 0 in the configuration means "no limit"
    maxSessions: c.SESSION_MAX_PER_USER || 100,
    mfaRoles: mfaRolesOf(c),
    allowedRanges: [],
    adminRanges: [],
  };
}

export interface PolicyInForce extends SecurityPolicy {
  source: 'default' | 'saved';
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The policy in force: the saved one over the defaults (a field added later keeps its default). */
export async function loadPolicy(q: Queryable, c?: PolicyConfig): Promise<PolicyInForce> {
  const defaults = policyDefaults(c);
  const row = await securityRepo.policy(q);
  if (!row) return { ...defaults, source: 'default', updatedAt: null, updatedBy: null };
  return {
    ...defaults,
    ...(row.policy as Partial<SecurityPolicy>),
    source: 'saved',
    updatedAt: row.updated_at,
    updatedBy: row.updated_by_name,
  };
}

// Read on every sign-in and session check: kept a few seconds per database, forgotten on save.
const POLICY_CACHE_MS = 5_000;
const cache = new WeakMap<object, { at: number; policy: PolicyInForce }>();

/** The policy in force, cached briefly. */
export async function policyOf(ctx: Pick<AppContext, 'db' | 'config' | 'clock'>): Promise<PolicyInForce> {
  const key = ctx.db.owner ?? ctx.db;
  const hit = cache.get(key);
  // the app's clock, like the session cache: tests move it instead of sleeping
  const now = ctx.clock.now().getTime();
  if (hit && now >= hit.at && now - hit.at < POLICY_CACHE_MS) return hit.policy;
  const p = await loadPolicy(ctx.db, ctx.config);
  cache.set(key, { at: now, policy: p });
  return p;
}

function forgetPolicy(ctx: Pick<AppContext, 'db'>): void {
  cache.delete(ctx.db.owner ?? ctx.db);
}

/** GET /security/policy (安全管理员). */
export async function getSecurityPolicy(ctx: AppContext, o: { actor: Actor }): Promise<PolicyInForce> {
  enforce('viewSecurityPolicy', policy.manageSecurity(o.actor));
  return loadPolicy(ctx.db, ctx.config);
}

/** PUT /security/policy (安全管理员): the whole policy; the audit row keeps each changed value, before and after. */
export async function saveSecurityPolicy(ctx: AppContext, o: { actor: Actor; policy: SecurityPolicyBody }): Promise<PolicyInForce> {
  enforce('editSecurityPolicy', policy.manageSecurity(o.actor));
  for (const field of ['allowedRanges', 'adminRanges'] as const) {
    const bad = invalidRanges(o.policy[field]);
    if (bad.length) {
      throw badRequest(
        `invalid ${field}`,
        `地址范围“${o.policy[field][bad[0]]}”无效`,
        bad.map((i) => ({ path: `${field}.${i}`, message: '地址范围无效' })),
      );
    }
    // the one saving must still be able to sign in afterwards
    if (o.policy[field].length && !inRanges(o.actor.ip, o.policy[field])) {
      throw badRequest(`own address outside ${field}`, `您当前的登录地址 ${o.actor.ip ?? '未知'} 不在所设范围内，保存后将无法登录`, [
        { path: field, message: '须包含您当前的登录地址' },
      ]);
    }
  }
  const now = ctx.clock.now();
  await ctx.db.tx(async (q) => {
    const before = await loadPolicy(q, ctx.config);
    const changed = Object.fromEntries(
      (Object.keys(o.policy) as (keyof SecurityPolicy)[])
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(o.policy[k]))
        .map((k) => [k, { from: before[k], to: o.policy[k] }]),
    );
    await securityRepo.savePolicy(q, o.policy, o.actor.id, now);
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'security.policy_change',
      objectType: 'security_policy',
      detail: { changed },
      ip: o.actor.ip,
    });
  });
  forgetPolicy(ctx);
  return loadPolicy(ctx.db, ctx.config);
}

/** GET /auth/password-rules: what a password form tells people before the server checks. */
export async function passwordRules(ctx: AppContext) {
  const p = await policyOf(ctx);
  return { minLength: p.passwordMinLength, minClasses: p.passwordMinClasses, history: p.passwordHistory, maxAgeDays: p.passwordMaxAgeDays };
}

/**
 * The demo's policy: the configuration's defaults with no role obliged to use
 * a second factor, so `npm start` signs in with a password alone. Written when
 * the demo is loaded (first start, `zhenggai demo`), audited; the security
 * administrator turns the second factor on in 安全策略.
 */
export async function applyDemoPolicy(db: Db, config: Config, clock: Clock): Promise<void> {
  const now = clock.now();
  const demo: SecurityPolicy = { ...policyDefaults(config), mfaRoles: [] };
  await db.tx(async (q) => {
    await securityRepo.savePolicy(q, demo, null, now);
    await writeAudit(q, {
      at: now,
      actorId: null,
      actorName: 'system',
      action: 'security.policy_change',
      objectType: 'security_policy',
      detail: { reason: 'demo: no role must use a second factor', changed: { mfaRoles: { from: mfaRolesOf(config), to: [] } } },
    });
  });
}

/**
 * POST /admin/backup (系统管理员): a backup of the running system into
 * <DATA_DIR>/backups/. The embedded database is copied between two
 * transactions, so this is how PGlite is backed up while the server runs
 * (`zhenggai backup` needs the data directory, which the server holds).
 */
export async function backupNow(ctx: AppContext, o: { actor: Actor }) {
  enforce('backup', policy.backup(o.actor));
  const stamp = ctx.clock.now().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const out = join(ctx.config.dataDir, 'backups', `zhenggai-${stamp}.zgbak`);
  try {
    return await createBackup({
      db: ctx.db,
      config: ctx.config,
      clock: ctx.clock,
      out,
      by: { id: o.actor.id, name: o.actor.username, ip: o.actor.ip },
    });
  } catch (e) {
    if (e instanceof BackupError) throw new AppError('internal', { message: e.message, userMessage: `备份失败：${e.userMessage}` });
    throw e;
  }
}

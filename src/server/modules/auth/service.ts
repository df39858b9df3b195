import argon2 from 'argon2';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import { AppError } from '../../lib/errors.js';
import { sm3, token } from '../../lib/sm3.js';
import { writeAudit } from '../audit/service.js';
import { policyOf, type SecurityPolicy } from '../security/service.js';
import { inRanges } from '../security/addresses.js';
import { authRepo, type SessionRow, type ThrottleRow, type UserRow } from './repository.js';
import { isAdminRole, type Actor, type AuthStep } from './actor.js';

export async function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

// A fixed hash to verify against when the name is no account (or the account is
// disabled): every sign-in costs one argon2 verification, so the time taken does
// not tell which names are real.
let dummyHash: Promise<string> | null = null;

/** One argon2 verification, whatever the account: against its hash, or the dummy one. */
export async function verifyPassword(hash: string | null, plain: string): Promise<boolean> {
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await argon2.verify(hash ?? (await dummyHash), plain).catch(() => false);
  return ok && hash != null;
}

const badCredentials = () => new AppError('unauthorized', { message: 'bad credentials', userMessage: '用户名或密码错误' });

/** The one answer of a locked name, account or not: the same status, body and (one argon2 run) time. */
export function lockedError(until: Date, now: Date): AppError {
  return new AppError('locked', {
    message: `sign-in locked until ${until.toISOString()}`,
    userMessage: `登录失败次数过多，账号已锁定，请于 ${Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60000))} 分钟后再试`,
  });
}

/** The failure count after one more failure; a lock that has run out restarts it (one typo after a lock must not lock again). */
export function nextFailure(
  prev: { failures: number; lockedUntil: Date | null },
  now: Date,
  policy: Pick<SecurityPolicy, 'lockMaxFailures' | 'lockMinutes'>,
): { failures: number; lockedUntil: Date | null; restarted: boolean; locksNow: boolean } {
  const restarted = prev.lockedUntil != null && prev.lockedUntil <= now;
  const failures = (restarted ? 0 : prev.failures) + 1;
  const locksNow = failures >= policy.lockMaxFailures;
  return {
    failures,
    restarted,
    locksNow,
    lockedUntil: locksNow ? new Date(now.getTime() + policy.lockMinutes * 60_000) : restarted ? null : prev.lockedUntil,
  };
}

/**
 * Records one failed proof of identity (a password or a second-factor code)
 * for an account, locking it at the policy's count; audits the lock. Returns
 * whether the account is now locked.
 */
export async function recordAccountFailure(
  q: Queryable,
  o: { user: Pick<UserRow, 'id' | 'username' | 'failed_logins' | 'locked_until'>; now: Date; policy: SecurityPolicy; ip: string | null },
): Promise<{ failures: number; locked: boolean }> {
  const next = nextFailure({ failures: o.user.failed_logins, lockedUntil: o.user.locked_until }, o.now, o.policy);
  if (next.restarted) await authRepo.resetFailures(q, o.user.id);
  await authRepo.recordFailure(q, o.user.id, next.locksNow ? next.lockedUntil : null);
  if (next.locksNow) {
    await writeAudit(q, {
      at: o.now,
      actorId: o.user.id,
      actorName: o.user.username,
      action: 'auth.lockout',
      objectType: 'user',
      objectId: o.user.id,
      outcome: 'failure',
      detail: { failures: next.failures, until: next.lockedUntil!.toISOString() },
      ip: o.ip,
    });
  }
  return { failures: next.failures, locked: next.locksNow };
}

function throttleState(t: ThrottleRow | null): { failures: number; lockedUntil: Date | null } {
  return { failures: t?.failures ?? 0, lockedUntil: t?.locked_until ?? null };
}

export interface LoginResult {
  actor: Actor;
  cookieToken: string;
}

/**
 * Password sign-in (argon2id). In order: the addresses the policy allows; the
 * address's own throttle (429); one argon2 verification whatever the name; a
 * lock — of an account, or of a name that is no account, counted the same way
 * (423, the same answer); a failure (401, counted for the name and the
 * address); then, for the three administrators, their address ranges; the
 * concurrent-session limit (the oldest sessions end); a new session, which
 * still has to give its second factor or change its password when it must.
 */
export async function login(
  ctx: AppContext,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const now = ctx.clock.now();
  const policy = await policyOf(ctx);
  const ip = input.ip;
  const fail = (detail: Record<string, unknown>, actorId: number | null = null) =>
    ctx.db.tx((q) => writeAudit(q, { at: now, actorId, actorName: input.username, action: 'auth.login', outcome: 'failure', detail, ip }));

  if (policy.allowedRanges.length && !inRanges(ip, policy.allowedRanges)) {
    await fail({ reason: 'address not allowed' });
    throw new AppError('forbidden', { message: `sign-in from ${ip} not allowed`, userMessage: '安全策略不允许从该地址登录' });
  }
  const addrKey = `addr:${ip ?? 'unknown'}`;
  const addr = await authRepo.throttle(ctx.db, addrKey);
  if (addr?.locked_until && addr.locked_until > now) {
    await fail({ reason: 'address throttled' });
    throw new AppError('rate_limited', {
      message: `address ${ip} throttled`,
      userMessage: `该地址登录失败次数过多，请于 ${Math.max(1, Math.ceil((addr.locked_until.getTime() - now.getTime()) / 60000))} 分钟后再试`,
    });
  }

  const found = await authRepo.userByName(ctx.db, input.username);
  const user = found?.is_active ? found : null;
  const nameKey = `name:${input.username.toLowerCase()}`;
  const nameThrottle = user ? null : await authRepo.throttle(ctx.db, nameKey);
  const state = user ? { failures: user.failed_logins, lockedUntil: user.locked_until } : throttleState(nameThrottle);
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);

  if (state.lockedUntil && state.lockedUntil > now) {
    await fail({ reason: 'locked' }, user?.id ?? null);
    throw lockedError(state.lockedUntil, now);
  }
  if (!user || !ok) {
    await ctx.db.tx(async (q) => {
      let failures: number;
      let locked: boolean;
      if (user) {
        ({ failures, locked } = await recordAccountFailure(q, { user, now, policy, ip }));
      } else {
        // a name that is no account locks exactly like one, so a lock proves nothing about the name
        const next = nextFailure(state, now, policy);
        await authRepo.putThrottle(q, {
          key: nameKey,
          failures: next.failures,
          first_at: nameThrottle?.first_at ?? now,
          locked_until: next.lockedUntil,
        });
        ({ failures, locksNow: locked } = next);
      }
      const windowMs = policy.addressWindowMinutes * 60_000;
      const fresh = !addr || addr.first_at.getTime() + windowMs <= now.getTime();
      const addrFailures = (fresh ? 0 : addr.failures) + 1;
      const addrLocked = addrFailures >= policy.addressMaxFailures;
      await authRepo.putThrottle(q, {
        key: addrKey,
        failures: addrFailures,
        first_at: fresh ? now : addr.first_at,
        locked_until: addrLocked ? new Date(now.getTime() + windowMs) : null,
      });
      if (addrLocked) {
        await writeAudit(q, {
          at: now,
          actorId: null,
          actorName: input.username,
          action: 'auth.address_lockout',
          outcome: 'failure',
          detail: { failures: addrFailures, minutes: policy.addressWindowMinutes },
          ip,
        });
      }
      await writeAudit(q, {
        at: now,
        actorId: user?.id ?? null,
        actorName: input.username,
        action: 'auth.login',
        outcome: 'failure',
        detail: { reason: user ? 'bad password' : found ? 'inactive' : 'unknown user', failures, locked },
        ip,
      });
    });
    throw badCredentials();
  }

  const grants = await authRepo.grants(ctx.db, user.id);
  if (policy.adminRanges.length && grants.some((g) => isAdminRole(g.role)) && !inRanges(ip, policy.adminRanges)) {
    await fail({ reason: 'administrator address not allowed' }, user.id);
    throw new AppError('forbidden', {
      message: `administrator sign-in from ${ip} not allowed`,
      userMessage: '安全策略不允许管理员从该地址登录',
    });
  }

  const cookieToken = token();
  const csrf = token(24);
  const idHash = sm3(cookieToken);
  const ended = await ctx.db.tx(async (q) => {
    await authRepo.resetFailures(q, user.id);
    const idleSince = new Date(now.getTime() - ctx.config.SESSION_IDLE_MINUTES * 60_000);
    const live = await authRepo.liveSessionIds(q, user.id, now, idleSince);
    const excess = live.slice(0, Math.max(0, live.length - policy.maxSessions + 1));
    const endedHashes = excess.length ? await authRepo.deleteSessionsById(q, excess) : [];
    if (excess.length) {
      await writeAudit(q, {
        at: now,
        actorId: user.id,
        actorName: user.username,
        action: 'auth.session_end',
        objectType: 'user',
        objectId: user.id,
        detail: { reason: 'session limit', sessions: excess, limit: policy.maxSessions },
        ip,
      });
    }
    await authRepo.insertSession(q, {
      idHash,
      userId: user.id,
      csrf,
      now,
      expires: new Date(now.getTime() + ctx.config.SESSION_MAX_HOURS * 3600_000),
      ip,
      ua: input.userAgent?.slice(0, 300) ?? null,
      mfaPassed: false,
    });
    const expiresAt = passwordExpiry(user, policy);
    if (expiresAt && expiresAt <= now) {
      await writeAudit(q, {
        at: now,
        actorId: user.id,
        actorName: user.username,
        action: 'auth.password_expired',
        objectType: 'user',
        objectId: user.id,
        detail: { changedAt: user.password_changed_at.toISOString(), maxAgeDays: policy.passwordMaxAgeDays },
        ip,
      });
    }
    await writeAudit(q, {
      at: now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.login',
      detail: { secondFactor: user.totp_enabled_at ? 'pending' : 'none' },
      ip,
    });
    return endedHashes;
  });
  forgetSessions(ctx, ended);
  const actor = await loadActor(ctx, user.id, (await authRepo.session(ctx.db, idHash))!, ip);
  return { actor: actor!, cookieToken };
}

function passwordExpiry(u: Pick<UserRow, 'password_changed_at'>, policy: SecurityPolicy): Date {
  return new Date(new Date(u.password_changed_at).getTime() + policy.passwordMaxAgeDays * 86_400_000);
}

/**
 * What a session must do first: give its second factor (bound, not yet given
 * in this session), then change an initial or expired password, then set up
 * the second factor the policy requires for one of its roles.
 */
export function pendingStep(
  u: Pick<UserRow, 'totp_enabled_at' | 'must_change_password' | 'password_changed_at'>,
  s: Pick<SessionRow, 'mfa_passed'>,
  o: { mfaRequired: boolean; passwordExpiresAt: Date; now: Date },
): AuthStep | null {
  if (u.totp_enabled_at && !s.mfa_passed) return 'mfa';
  if (u.must_change_password || o.passwordExpiresAt <= o.now) return 'password';
  if (o.mfaRequired && !u.totp_enabled_at) return 'mfa_enrol';
  return null;
}

/**
 * Resolved sessions, kept for a few seconds per app: resolving one costs three
 * queries, which was a third of a ledger request. Expiry and idle limits are
 * still checked on every request against the cached session times; logout,
 * a password change, a second factor given, an administrator's change to the
 * account evict at once. What the cache can delay by up to ACTOR_CACHE_MS is a
 * change made by another app on the same database.
 */
const ACTOR_CACHE_MS = 5_000;
interface Cached {
  actor: Actor;
  lastSeen: number;
  expires: number;
  at: number;
}
const caches = new WeakMap<AppContext, Map<string, Cached>>();
function cacheOf(ctx: AppContext): Map<string, Cached> {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = new Map()));
  return c;
}

/** Evicts sessions (by token hash) from the cache: they ended or changed. */
export function forgetSessions(ctx: AppContext, idHashes: string[]): void {
  const c = cacheOf(ctx);
  for (const h of idHashes) c.delete(h);
}

/** Evicts every cached session of a user (an administrator changed the account). */
export function forgetUser(ctx: AppContext, userId: number): void {
  const c = cacheOf(ctx);
  for (const [h, v] of c) if (v.actor.id === userId) c.delete(h);
}

/**
 * How stale `last_seen_at` may grow before a request refreshes it: a tenth of the
 * idle limit, at most a minute. The stored time then lags real use by less than
 * that, so a session in use is never cut before 90 % of the idle limit has passed
 * without a request — at SESSION_IDLE_MINUTES=1 too — while a busy session still
 * writes at most once every few seconds, not on every read.
 */
export function touchIntervalMs(idleMinutes: number): number {
  return Math.min(60_000, Math.floor((idleMinutes * 60_000) / 10));
}

/** Resolves the cookie to an actor, or null when absent, expired or idle too long. */
export async function authenticate(ctx: AppContext, cookieToken: string, ip: string | null): Promise<Actor | null> {
  const idHash = sm3(cookieToken);
  const now = ctx.clock.now().getTime();
  const idleMs = ctx.config.SESSION_IDLE_MINUTES * 60_000;
  const touchMs = touchIntervalMs(ctx.config.SESSION_IDLE_MINUTES);
  const cache = cacheOf(ctx);
  const hit = cache.get(idHash);
  // a cached session due for a touch goes to the database, so the cache never delays the refresh
  const fresh = hit && now - hit.at < ACTOR_CACHE_MS && now >= hit.at && hit.expires > now && hit.lastSeen + idleMs > now;
  if (hit && fresh && now - hit.lastSeen < touchMs) {
    return { ...hit.actor, ip };
  }
  cache.delete(idHash);
  const s = await authRepo.session(ctx.db, idHash);
  if (!s) return null;
  if (s.expires_at.getTime() <= now || s.last_seen_at.getTime() + idleMs <= now) {
    // a session ending by itself is a security event too (who, when, why); written once, as the row goes
    await ctx.db.tx(async (q) => {
      await authRepo.deleteSession(q, idHash);
      const user = await authRepo.userById(q, s.user_id);
      await writeAudit(q, {
        at: new Date(now),
        actorId: s.user_id,
        actorName: user?.username ?? null,
        action: 'auth.session_end',
        objectType: 'user',
        objectId: s.user_id,
        detail: { session: s.id, reason: s.expires_at.getTime() <= now ? 'expired' : 'idle' },
        ip,
      });
    });
    return null;
  }
  let lastSeen = s.last_seen_at.getTime();
  // Touch only when due (touchIntervalMs): a write per request would make every read a write.
  if (now - lastSeen >= touchMs) {
    await authRepo.touchSession(ctx.db, idHash, new Date(now));
    lastSeen = now;
  }
  const actor = await loadActor(ctx, s.user_id, s, ip);
  if (actor) {
    if (cache.size > 10_000) cache.clear(); // bounded: a flood of sessions cannot grow it without limit
    cache.set(idHash, { actor, lastSeen, expires: s.expires_at.getTime(), at: now });
  }
  return actor;
}

/** The units named in /auth/me (the API contract's `units`), for the web's unit pickers. */
export function actorUnits(ctx: AppContext, actor: Actor): Promise<{ id: number; name: string }[]> {
  return authRepo.units(ctx.db, actor.readUnitIds, actor.deptIds);
}

export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  cacheOf(ctx).delete(actor.sessionId);
  await ctx.db.tx(async (q) => {
    await authRepo.deleteSession(q, actor.sessionId);
    await writeAudit(q, { at: ctx.clock.now(), actorId: actor.id, actorName: actor.username, action: 'auth.logout', ip: actor.ip });
  });
}

async function loadActor(ctx: AppContext, userId: number, session: SessionRow, ip: string | null): Promise<Actor | null> {
  const user = await authRepo.userById(ctx.db, userId);
  if (!user || !user.is_active) return null;
  const grants = await authRepo.grants(ctx.db, userId);
  const policy = await policyOf(ctx);
  const uniq = (xs: number[]) => [...new Set(xs)];
  const unitGrants = (roles: string[]) => grants.filter((g) => roles.includes(g.role) && g.orgKind === 'unit').map((g) => g.orgId);
  const officeReads = grants
    .filter((g) => (g.role === 'office_admin' || g.role === 'inspector') && g.orgKind === 'office')
    .flatMap((g) => g.coveredUnitIds);
  const mfaRequired = grants.some((g) => policy.mfaRoles.includes(g.role));
  const passwordExpiresAt = passwordExpiry(user, policy);
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    grants: grants.map(({ coveredUnitIds: _c, ...g }) => g),
    readUnitIds: uniq([...unitGrants(['unit_admin', 'leader', 'inspector']), ...officeReads]),
    adminUnitIds: uniq(unitGrants(['unit_admin'])),
    leaderUnitIds: uniq(unitGrants(['leader'])),
    deptIds: uniq(grants.filter((g) => g.role === 'dept_handler' && g.orgKind === 'department').map((g) => g.orgId)),
    officeIds: uniq(grants.filter((g) => g.role === 'office_admin' && g.orgKind === 'office').map((g) => g.orgId)),
    officeUnitIds: uniq(grants.filter((g) => g.role === 'office_admin' && g.orgKind === 'office').flatMap((g) => g.coveredUnitIds)),
    sessionId: session.id_hash,
    csrfToken: session.csrf_token,
    ip,
    step: pendingStep(user, session, { mfaRequired, passwordExpiresAt, now: ctx.clock.now() }),
    sessionNo: session.id,
    mfa: { enabled: user.totp_enabled_at != null, required: mfaRequired },
    passwordExpiresAt,
  };
}

import argon2 from 'argon2';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { sm3, token } from '../../lib/sm3.js';
import { writeAudit } from '../audit/service.js';
import { authRepo } from './repository.js';
import type { Actor } from './actor.js';

// A fixed hash to verify against when the user does not exist, so the time taken
// does not tell an attacker which user names are real.
let dummyHash: Promise<string> | null = null;

export async function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

const badCredentials = () =>
  new AppError('unauthorized', { message: 'bad credentials', userMessage: '用户名或密码错误' });

export interface LoginResult { actor: Actor; cookieToken: string }

/** Password login: argon2id, lock after repeated failures, a new session row. */
export async function login(ctx: AppContext, input: { username: string; password: string; ip: string | null; userAgent: string | null }): Promise<LoginResult> {
  const now = ctx.clock.now();
  const user = await authRepo.userByName(ctx.db, input.username);
  if (!user || !user.is_active) {
    dummyHash ??= hashPassword('not-a-real-password');
    await argon2.verify(await dummyHash, input.password).catch(() => false);
    await ctx.db.tx((q) => writeAudit(q, { at: now, actorId: null, actorName: input.username, action: 'auth.login', outcome: 'failure', detail: { reason: user ? 'inactive' : 'unknown user' }, ip: input.ip }));
    throw badCredentials();
  }
  if (user.locked_until && user.locked_until > now) {
    throw new AppError('locked', {
      message: `account ${user.username} locked until ${user.locked_until.toISOString()}`,
      userMessage: `登录失败次数过多，账号已锁定，请于 ${Math.ceil((user.locked_until.getTime() - now.getTime()) / 60000)} 分钟后再试`,
    });
  }
  const ok = await argon2.verify(user.password_hash, input.password).catch(() => false);
  if (!ok) {
    // a lock that has run out restarts the count: one typo after it must not lock again
    const expired = user.locked_until != null && user.locked_until <= now;
    const failures = (expired ? 0 : user.failed_logins) + 1;
    const lock = failures >= ctx.config.LOGIN_MAX_FAILURES ? new Date(now.getTime() + ctx.config.LOGIN_LOCK_MINUTES * 60_000) : null;
    await ctx.db.tx(async (q) => {
      if (expired) await authRepo.resetFailures(q, user.id);
      await authRepo.recordFailure(q, user.id, lock);
      await writeAudit(q, { at: now, actorId: user.id, actorName: user.username, action: 'auth.login', outcome: 'failure', detail: { failures, locked: !!lock }, ip: input.ip });
    });
    throw badCredentials();
  }
  const cookieToken = token();
  const csrf = token(24);
  const idHash = sm3(cookieToken);
  await ctx.db.tx(async (q) => {
    await authRepo.resetFailures(q, user.id);
    await authRepo.insertSession(q, {
      idHash, userId: user.id, csrf, now,
      expires: new Date(now.getTime() + ctx.config.SESSION_MAX_HOURS * 3600_000),
      ip: input.ip, ua: input.userAgent?.slice(0, 300) ?? null,
    });
    await writeAudit(q, { at: now, actorId: user.id, actorName: user.username, action: 'auth.login', ip: input.ip });
  });
  const actor = await loadActor(ctx, user.id, idHash, csrf, input.ip);
  return { actor: actor!, cookieToken };
}

/**
 * Resolved sessions, kept for a few seconds per app: resolving one costs three
 * queries, which was a third of a ledger request. Expiry and idle limits are
 * still checked on every request against the cached session times; logout
 * evicts at once. What the cache can delay by up to ACTOR_CACHE_MS is a role or
 * account change made elsewhere.
 */
const ACTOR_CACHE_MS = 5_000;
interface Cached { actor: Actor; lastSeen: number; expires: number; at: number }
const caches = new WeakMap<AppContext, Map<string, Cached>>();
function cacheOf(ctx: AppContext): Map<string, Cached> {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = new Map()));
  return c;
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
    await authRepo.deleteSession(ctx.db, idHash);
    return null;
  }
  let lastSeen = s.last_seen_at.getTime();
  // Touch only when due (touchIntervalMs): a write per request would make every read a write.
  if (now - lastSeen >= touchMs) {
    await authRepo.touchSession(ctx.db, idHash, new Date(now));
    lastSeen = now;
  }
  const actor = await loadActor(ctx, s.user_id, idHash, s.csrf_token, ip);
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

async function loadActor(ctx: AppContext, userId: number, sessionId: string, csrfToken: string, ip: string | null): Promise<Actor | null> {
  const user = await authRepo.userById(ctx.db, userId);
  if (!user || !user.is_active) return null;
  const grants = await authRepo.grants(ctx.db, userId);
  const uniq = (xs: number[]) => [...new Set(xs)];
  const unitGrants = (roles: string[]) => grants.filter((g) => roles.includes(g.role) && g.orgKind === 'unit').map((g) => g.orgId);
  const officeReads = grants.filter((g) => (g.role === 'office_admin' || g.role === 'inspector') && g.orgKind === 'office').flatMap((g) => g.coveredUnitIds);
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
    sessionId,
    csrfToken,
    ip,
  };
}

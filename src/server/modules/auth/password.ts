/**
 * Setting a password, by its owner or by the system administrator: the
 * security policy's rules (modules/security/passwords.ts), then the history —
 * the last N passwords (the one in use included) may not come back.
 */
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import { badRequest } from '../../lib/errors.js';
import { writeAudit } from '../audit/service.js';
import { passwordProblems } from '../security/passwords.js';
import { policyOf, type SecurityPolicy } from '../security/service.js';
import type { Actor } from './actor.js';
import { authRepo, type UserRow } from './repository.js';
import { forgetSessions, hashPassword, lockedError, recordAccountFailure, verifyPassword } from './service.js';

/** Refuses a new password (400 naming `field`) that breaks the policy or was used lately. */
export async function checkNewPassword(
  q: Queryable,
  o: {
    policy: SecurityPolicy;
    user: Pick<UserRow, 'id' | 'username' | 'display_name' | 'password_hash'> | null;
    username: string;
    displayName: string;
    password: string;
    field: string;
  },
): Promise<void> {
  const problems = passwordProblems(o.password, o.policy, { username: o.username, displayName: o.displayName });
  if (!problems.length && o.user && o.policy.passwordHistory > 0) {
    const recent = [o.user.password_hash, ...(await authRepo.history(q, o.user.id, o.policy.passwordHistory - 1))];
    for (const h of recent) {
      if (await verifyPassword(h, o.password)) {
        problems.push(`不能与最近 ${o.policy.passwordHistory} 次使用过的密码相同`);
        break;
      }
    }
  }
  if (problems.length)
    throw badRequest(
      'password refused by the policy',
      problems.join('；'),
      problems.map((m) => ({ path: o.field, message: m })),
    );
}

/** Stores a new password (the old hash goes to the history); `mustChange` when an administrator chose it. */
export async function storePassword(
  q: Queryable,
  o: { user: Pick<UserRow, 'id' | 'password_hash'>; hash: string; now: Date; mustChange: boolean; policy: SecurityPolicy },
): Promise<void> {
  await authRepo.addHistory(q, o.user.id, o.user.password_hash, o.now, o.policy.passwordHistory);
  await authRepo.setPassword(q, o.user.id, o.hash, o.now, o.mustChange);
}

/**
 * POST /auth/password: a person changes their own password (also the step of
 * a session whose password was set by an administrator or has expired). A
 * wrong current password counts as a failed sign-in. The person's other
 * sessions end; this one continues.
 */
export async function changePassword(ctx: AppContext, o: { actor: Actor; currentPassword: string; newPassword: string }) {
  const now = ctx.clock.now();
  const policy = await policyOf(ctx);
  const user = (await authRepo.userById(ctx.db, o.actor.id))!;
  if (user.locked_until && user.locked_until > now) throw lockedError(user.locked_until, now);
  if (!(await verifyPassword(user.password_hash, o.currentPassword))) {
    const locked = await ctx.db.tx(async (q) => {
      const r = await recordAccountFailure(q, { user, now, policy, ip: o.actor.ip });
      await writeAudit(q, {
        at: now,
        actorId: user.id,
        actorName: user.username,
        action: 'auth.password_change',
        outcome: 'failure',
        detail: { reason: 'wrong current password', failures: r.failures },
        ip: o.actor.ip,
      });
      return r.locked;
    });
    if (locked) throw lockedError(new Date(now.getTime() + policy.lockMinutes * 60_000), now);
    throw badRequest('wrong current password', '当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
  }
  await checkNewPassword(ctx.db, {
    policy,
    user,
    username: user.username,
    displayName: user.display_name,
    password: o.newPassword,
    field: 'newPassword',
  });
  const hash = await hashPassword(o.newPassword);
  const why = user.must_change_password ? 'set by an administrator' : o.actor.step === 'password' ? 'expired' : 'voluntary';
  const ended = await ctx.db.tx(async (q) => {
    await storePassword(q, { user, hash, now, mustChange: false, policy });
    const others = await authRepo.deleteUserSessions(q, user.id, o.actor.sessionId);
    await writeAudit(q, {
      at: now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.password_change',
      objectType: 'user',
      objectId: user.id,
      detail: { reason: why, sessionsEnded: others.length },
      ip: o.actor.ip,
    });
    return others;
  });
  forgetSessions(ctx, [o.actor.sessionId, ...ended]);
}

/**
 * Sessions people can see and end: their own (any account), and everyone's
 * (the security administrator). Ending one is audited with who ended whose.
 */
import type { AppContext } from '../../context.js';
import { notFound } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import * as securityPolicy from '../security/policy.js';
import type { Actor } from './actor.js';
import { authRepo, type SessionListRow } from './repository.js';
import { forgetSessions } from './service.js';

function present(rows: SessionListRow[], actor: Actor) {
  return rows.map((s) => ({
    id: s.id,
    user: { id: s.user_id, username: s.username, displayName: s.display_name },
    createdAt: s.created_at,
    lastSeenAt: s.last_seen_at,
    expiresAt: s.expires_at,
    ip: s.ip,
    userAgent: s.user_agent,
    mfaPassed: s.mfa_passed,
    current: s.id_hash === actor.sessionId,
  }));
}

function window(ctx: AppContext) {
  const now = ctx.clock.now();
  return { now, idleSince: new Date(now.getTime() - ctx.config.SESSION_IDLE_MINUTES * 60_000) };
}

/** GET /auth/sessions: one's own sessions in force, newest first. */
export async function mySessions(ctx: AppContext, actor: Actor) {
  const { now, idleSince } = window(ctx);
  return present(await authRepo.listSessions(ctx.db, actor.id, now, idleSince), actor);
}

/** GET /security/sessions (安全管理员): everyone's sessions in force. */
export async function allSessions(ctx: AppContext, actor: Actor) {
  enforce('listAllSessions', securityPolicy.manageSecurity(actor));
  const { now, idleSince } = window(ctx);
  return present(await authRepo.listSessions(ctx.db, null, now, idleSince), actor);
}

async function end(ctx: AppContext, actor: Actor, sessionId: number, mayEndOthers: boolean) {
  const now = ctx.clock.now();
  const s = await authRepo.sessionById(ctx.db, sessionId);
  // another's session is as absent as a session that does not exist, unless the security administrator asks
  if (!s || (s.user_id !== actor.id && !mayEndOthers)) throw notFound(`session ${sessionId}`, '该会话');
  await ctx.db.tx(async (q) => {
    await authRepo.deleteSessionsById(q, [sessionId]);
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: s.user_id === actor.id ? 'auth.session_end' : 'security.session_end',
      objectType: 'user',
      objectId: s.user_id,
      detail: {
        session: sessionId,
        user: s.username,
        reason: s.user_id === actor.id ? 'ended by its owner' : 'ended by the security administrator',
      },
      ip: actor.ip,
    });
  });
  forgetSessions(ctx, [s.id_hash]);
}

/** POST /auth/sessions/:id/logout: ends one of one's own sessions. */
export function endMySession(ctx: AppContext, o: { actor: Actor; sessionId: number }) {
  return end(ctx, o.actor, o.sessionId, false);
}

/** POST /security/sessions/:id/logout (安全管理员): ends anyone's session. */
export function endAnySession(ctx: AppContext, o: { actor: Actor; sessionId: number }) {
  enforce('endSession', securityPolicy.manageSecurity(o.actor));
  return end(ctx, o.actor, o.sessionId, true);
}

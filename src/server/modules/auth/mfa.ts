/**
 * The second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, as every
 * authenticator app reads it) with ten one-time recovery codes. Mandatory for
 * the roles the security policy names (by default the three administrators and
 * the inspection office), optional for everyone else. The secret is stored
 * SM4-encrypted with the field key (lib/crypto.ts); a code is accepted once
 * (the last step used is kept) and within one step of the clock either way.
 */
import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { AppContext } from '../../context.js';
import { AppError, badRequest, conflict } from '../../lib/errors.js';
import { fieldCipher } from '../../lib/crypto.js';
import { sm3 } from '../../lib/sm3.js';
import { writeAudit } from '../audit/service.js';
import { policyOf } from '../security/service.js';
import type { Actor } from './actor.js';
import { authRepo } from './repository.js';
import { forgetSessions, lockedError, recordAccountFailure, verifyPassword } from './service.js';

const ISSUER = '整改台账';
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

function epochOf(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

/** The 30-second step a code matched (within one step either way), or null; a step at or before `lastStep` is a replay. */
export async function matchTotp(secret: string, code: string, now: Date, lastStep: number | null): Promise<number | null> {
  const epoch = epochOf(now);
  const r = await verify({ secret, token: code, epoch, epochTolerance: 30 });
  if (!r.valid) return null;
  const step = Math.floor(epoch / 30) + r.delta;
  return lastStep != null && step <= lastStep ? null : step;
}

function normaliseRecovery(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

function recoveryHash(userId: number, code: string): string {
  return sm3(`${userId}:${normaliseRecovery(code)}`);
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const c = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${c.slice(0, 5)}-${c.slice(5)}`;
  });
}

const wrongCode = (field: string) =>
  badRequest('wrong one-time code', '动态验证码不正确或已使用', [{ path: field, message: '动态验证码不正确或已使用' }]);

/** POST /auth/mfa/setup: a new secret for the app (held as pending until a first code confirms it). */
export async function mfaSetup(ctx: AppContext, o: { actor: Actor }) {
  const user = (await authRepo.userById(ctx.db, o.actor.id))!;
  if (user.totp_enabled_at) throw conflict('second factor already bound', '已绑定双因素认证；如需更换，请先解除绑定或请安全管理员重置');
  const secret = generateSecret();
  await authRepo.setTotpPending(ctx.db, user.id, fieldCipher(ctx.config).encrypt(secret));
  const uri = generateURI({ issuer: ISSUER, label: user.username, secret });
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { secret, uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** POST /auth/mfa/enable: the first code binds the app; the recovery codes are shown once. */
export async function mfaEnable(ctx: AppContext, o: { actor: Actor; code: string }) {
  const now = ctx.clock.now();
  const user = (await authRepo.userById(ctx.db, o.actor.id))!;
  if (user.totp_enabled_at) throw conflict('second factor already bound', '已绑定双因素认证');
  if (!user.totp_pending) throw conflict('no pending secret', '请先获取绑定二维码');
  const secret = fieldCipher(ctx.config).decrypt(user.totp_pending);
  const step = await matchTotp(secret, o.code, now, null);
  if (step == null) {
    await ctx.db.tx((q) =>
      writeAudit(q, {
        at: now,
        actorId: user.id,
        actorName: user.username,
        action: 'auth.mfa_enrol',
        outcome: 'failure',
        detail: { reason: 'wrong code' },
        ip: o.actor.ip,
      }),
    );
    throw wrongCode('code');
  }
  const codes = newRecoveryCodes();
  await ctx.db.tx(async (q) => {
    await authRepo.enableTotp(q, user.id, user.totp_pending!, now, step);
    await authRepo.replaceRecoveryCodes(
      q,
      user.id,
      codes.map((c) => recoveryHash(user.id, c)),
      now,
    );
    await authRepo.setMfaPassed(q, o.actor.sessionId);
    await writeAudit(q, {
      at: now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.mfa_enrol',
      objectType: 'user',
      objectId: user.id,
      ip: o.actor.ip,
    });
  });
  forgetSessions(ctx, [o.actor.sessionId]);
  return { recoveryCodes: codes };
}

/**
 * POST /auth/mfa/verify: the second step of a sign-in. A wrong code counts as
 * a failed sign-in: at the policy's count the account locks and the
 * half-open session ends.
 */
export async function mfaVerify(ctx: AppContext, o: { actor: Actor; code?: string; recoveryCode?: string }) {
  const now = ctx.clock.now();
  const policy = await policyOf(ctx);
  const user = (await authRepo.userById(ctx.db, o.actor.id))!;
  if (!user.totp_enabled_at || !user.totp_secret) throw conflict('no second factor bound', '该账号未绑定双因素认证');
  if (user.locked_until && user.locked_until > now) throw lockedError(user.locked_until, now);
  const method = o.code ? 'totp' : 'recovery code';
  const step = o.code ? await matchTotp(fieldCipher(ctx.config).decrypt(user.totp_secret), o.code, now, user.totp_last_step) : null;
  const ok = await ctx.db.tx(async (q) => {
    const good = o.code ? step != null : await authRepo.useRecoveryCode(q, user.id, recoveryHash(user.id, o.recoveryCode!), now);
    if (!good) return false;
    if (step != null) await authRepo.setTotpStep(q, user.id, step);
    await authRepo.resetFailures(q, user.id);
    await authRepo.setMfaPassed(q, o.actor.sessionId);
    const left = o.recoveryCode ? await authRepo.recoveryCodesLeft(q, user.id) : undefined;
    await writeAudit(q, {
      at: now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.mfa_verify',
      detail: { method, ...(left !== undefined ? { recoveryCodesLeft: left } : {}) },
      ip: o.actor.ip,
    });
    return true;
  });
  forgetSessions(ctx, [o.actor.sessionId]);
  if (ok) return;
  const locked = await ctx.db.tx(async (q) => {
    const r = await recordAccountFailure(q, { user, now, policy, ip: o.actor.ip });
    await writeAudit(q, {
      at: now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.mfa_verify',
      outcome: 'failure',
      detail: { method, failures: r.failures, locked: r.locked },
      ip: o.actor.ip,
    });
    if (r.locked) await authRepo.deleteSession(q, o.actor.sessionId);
    return r.locked;
  });
  if (locked) throw lockedError(new Date(now.getTime() + policy.lockMinutes * 60_000), now);
  throw wrongCode(o.code ? 'code' : 'recoveryCode');
}

/** POST /auth/mfa/disable: only where the policy does not require it, with the password again. */
export async function mfaDisable(ctx: AppContext, o: { actor: Actor; password: string }) {
  const now = ctx.clock.now();
  const user = (await authRepo.userById(ctx.db, o.actor.id))!;
  if (!user.totp_enabled_at) throw conflict('no second factor bound', '该账号未绑定双因素认证');
  if (o.actor.mfa?.required) throw conflict('second factor required by the policy', '安全策略要求该账号使用双因素认证，不能解除绑定');
  if (!(await verifyPassword(user.password_hash, o.password))) {
    throw badRequest('wrong password', '密码不正确', [{ path: 'password', message: '密码不正确' }]);
  }
  await ctx.db.tx(async (q) => {
    await authRepo.disableTotp(q, user.id);
    await writeAudit(q, {
      at: now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.mfa_disable',
      objectType: 'user',
      objectId: user.id,
      ip: o.actor.ip,
    });
  });
  forgetSessions(ctx, [o.actor.sessionId]);
}

/** POST /auth/mfa/recovery-codes: ten new codes with a current code; the old ones stop working. */
export async function mfaRecoveryCodes(ctx: AppContext, o: { actor: Actor; code: string }) {
  const now = ctx.clock.now();
  const user = (await authRepo.userById(ctx.db, o.actor.id))!;
  if (!user.totp_enabled_at || !user.totp_secret) throw conflict('no second factor bound', '该账号未绑定双因素认证');
  const step = await matchTotp(fieldCipher(ctx.config).decrypt(user.totp_secret), o.code, now, user.totp_last_step);
  if (step == null) throw wrongCode('code');
  const codes = newRecoveryCodes();
  await ctx.db.tx(async (q) => {
    await authRepo.setTotpStep(q, user.id, step);
    await authRepo.replaceRecoveryCodes(
      q,
      user.id,
      codes.map((c) => recoveryHash(user.id, c)),
      now,
    );
    await writeAudit(q, {
      at: now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.mfa_recovery_codes',
      objectType: 'user',
      objectId: user.id,
      ip: o.actor.ip,
    });
  });
  return { recoveryCodes: codes };
}

/** An AppError for a session that must first complete a step (the auth hook raises it). */
export function stepRequired(step: string): AppError {
  const zh: Record<string, string> = {
    mfa: '请先完成双因素认证：输入动态验证码',
    password: '请先修改密码：初始密码须在首次登录时修改，或密码已过期',
    mfa_enrol: '请先绑定双因素认证（动态验证码）：安全策略要求该账号使用',
  };
  return new AppError('step_required', {
    message: `session must first complete: ${step}`,
    userMessage: zh[step] ?? '请先完成登录步骤',
    details: { step },
  });
}

import type { Db, Queryable } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import { isAdminRole, type Actor } from '../auth/actor.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { enforce, deny } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import type {
  AdminOrgQuery,
  OrgCreateBody,
  Role,
  RoleGrantBody,
  UserBody,
  UserListQuery,
  UserUpdateBody,
} from '../../../domain/schemas/index.js';
import { limitOffset, pageOf } from '../../lib/paging.js';
import { forgetSessions, forgetUser, hashPassword } from '../auth/service.js';
import { checkNewPassword, storePassword } from '../auth/password.js';
import { authRepo } from '../auth/repository.js';
import { loadPolicy, policyOf } from '../security/service.js';
import { orgRepo } from '../orgs/repository.js';
import { userRepo, type UserListRow } from './repository.js';
import * as policy from './policy.js';
import * as securityPolicy from '../security/policy.js';

/** Which kind of organisation each role is held in. */
const ROLE_ORG: Record<Role, 'office' | 'unit' | 'department'> = {
  office_admin: 'office',
  sysadmin: 'office',
  secadmin: 'office',
  auditor: 'office',
  unit_admin: 'unit',
  leader: 'unit',
  inspector: 'unit',
  dept_handler: 'department',
};

/** Whether a role may be held in an organisation of that kind (inspectors may also sit in the office: 纪检 watching all units). */
function fitsOrg(role: Role, kind: 'office' | 'unit' | 'department'): boolean {
  return kind === ROLE_ORG[role] || (role === 'inspector' && kind === 'office');
}

const roleOrgMismatch = (role: Role) =>
  badRequest('role/org mismatch', `角色“${role}”不能设在该类组织`, [{ path: 'role', message: '角色与组织类型不符' }]);

/**
 * Creates an account with one role; used by POST /users, `zhenggai user add`
 * and `zhenggai admin init`. The password must meet the security policy;
 * `mustChange`: chosen by someone else, so changed at the first sign-in.
 */
export async function createUser(
  db: Db,
  clock: Clock,
  by: { id: number | null; name: string; ip?: string | null },
  body: UserBody,
  opts: { mustChange?: boolean; config?: Config; within?: (q: Queryable, id: number) => Promise<void> } = {},
): Promise<number> {
  const hash = await hashPassword(body.password);
  return db.tx(async (q) => {
    if (await userRepo.exists(q, body.username)) {
      throw new AppError('duplicate', { message: `user ${body.username} exists`, userMessage: `用户名 ${body.username} 已存在` });
    }
    const org = await orgRepo.byId(q, body.orgId);
    if (!org) throw badRequest('org not found', '所属组织不存在', [{ path: 'orgId', message: '组织不存在' }]);
    if (!fitsOrg(body.role, org.kind)) throw roleOrgMismatch(body.role);
    await checkNewPassword(q, {
      policy: await loadPolicy(q, opts.config),
      user: null,
      username: body.username,
      displayName: body.displayName,
      password: body.password,
      field: 'password',
    });
    const now = clock.now();
    const id = await userRepo.insert(q, {
      username: body.username,
      displayName: body.displayName,
      passwordHash: hash,
      now,
      mustChange: opts.mustChange,
    });
    await userRepo.grant(q, id, body.orgId, body.role);
    await writeAudit(q, {
      at: now,
      actorId: by.id,
      actorName: by.name,
      action: 'user.create',
      objectType: 'user',
      objectId: id,
      detail: { username: body.username, role: body.role, orgId: body.orgId, mustChangePassword: !!opts.mustChange },
      ip: by.ip ?? null,
    });
    // what the caller records with the account (a leader's profile) commits or fails with it
    if (opts.within) await opts.within(q, id);
    return id;
  });
}

/** POST /users (系统管理员): an account with a unit or department role; its password is changed at the first sign-in. */
export async function addUser(ctx: AppContext, o: { actor: Actor; user: UserBody }) {
  const { actor, user: body } = o;
  enforce('createUser', policy.createUser(actor));
  const org = await orgRepo.byId(ctx.db, body.orgId);
  // a role that cannot be held there is bad input (400) before it is someone else's work (403)
  if (org && !fitsOrg(body.role, org.kind)) throw roleOrgMismatch(body.role);
  if (org) enforce('createUser', policy.grantOnCreate(actor, body.role, org.kind));
  const id = await createUser(ctx.db, ctx.clock, { id: actor.id, name: actor.username, ip: actor.ip }, body, {
    mustChange: true,
    config: ctx.config,
  });
  return { id };
}

function present(u: UserListRow) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    isActive: u.is_active,
    lockedUntil: u.locked_until,
    mustChangePassword: u.must_change_password,
    mfaEnabled: u.mfa_enabled,
    passwordChangedAt: u.password_changed_at,
    isAdmin: u.roles.some((r) => isAdminRole(r.role)),
    roles: u.roles,
  };
}

/** GET /users (系统管理员, 安全管理员). */
export async function listUsers(ctx: AppContext, o: { actor: Actor; query: UserListQuery }) {
  enforce('listUsers', policy.listUsers(o.actor));
  const { rows, total } = await userRepo.page(ctx.db, { text: o.query.q, ...limitOffset(o.query) });
  return pageOf(rows.map(present), total, o.query);
}

/** An account for a change by an administrator, or 404. */
async function target(q: Parameters<typeof userRepo.forUpdate>[0], id: number) {
  const u = await userRepo.forUpdate(q, id);
  if (!u) throw notFound(`user ${id}`, '该账号');
  return { ...u, isAdmin: u.roles.some((r) => isAdminRole(r.role)) };
}

/** PATCH /users/:id (系统管理员): rename, disable (its sessions end) or enable. */
export async function updateUser(ctx: AppContext, o: { actor: Actor; userId: number; body: UserUpdateBody }) {
  const now = ctx.clock.now();
  await ctx.db.tx(async (q) => {
    const u = await target(q, o.userId);
    enforce('editUser', policy.manageAccount(o.actor, u));
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    if (o.body.displayName !== undefined && o.body.displayName !== u.display_name) {
      await userRepo.setDisplayName(q, u.id, o.body.displayName);
      changed.displayName = { from: u.display_name, to: o.body.displayName };
    }
    let ended: string[] = [];
    if (o.body.isActive !== undefined && o.body.isActive !== u.is_active) {
      await userRepo.setActive(q, u.id, o.body.isActive);
      changed.isActive = { from: u.is_active, to: o.body.isActive };
      if (!o.body.isActive) ended = await authRepo.deleteUserSessions(q, u.id, null);
    }
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: o.body.isActive === false ? 'user.disable' : o.body.isActive === true ? 'user.enable' : 'user.update',
      objectType: 'user',
      objectId: u.id,
      detail: { username: u.username, changed, sessionsEnded: ended.length },
      ip: o.actor.ip,
    });
    forgetSessions(ctx, ended);
  });
  forgetUser(ctx, o.userId);
  return present((await userRepo.list(ctx.db, o.userId))[0]);
}

/** POST /users/:id/password (系统管理员): a new password the owner changes at the next sign-in; the sessions end. */
export async function setUserPassword(ctx: AppContext, o: { actor: Actor; userId: number; password: string }) {
  const now = ctx.clock.now();
  const pol = await policyOf(ctx);
  const hash = await hashPassword(o.password);
  await ctx.db.tx(async (q) => {
    const u = await target(q, o.userId);
    enforce('setUserPassword', policy.manageAccount(o.actor, u));
    await checkNewPassword(q, {
      policy: pol,
      user: u,
      username: u.username,
      displayName: u.display_name,
      password: o.password,
      field: 'password',
    });
    await storePassword(q, { user: u, hash, now, mustChange: true, policy: pol });
    const ended = await authRepo.deleteUserSessions(q, u.id, null);
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'user.password_reset',
      objectType: 'user',
      objectId: u.id,
      detail: { username: u.username, sessionsEnded: ended.length },
      ip: o.actor.ip,
    });
    forgetSessions(ctx, ended);
  });
  forgetUser(ctx, o.userId);
  return { ok: true };
}

/** POST /users/:id/unlock (系统管理员): ends a lock after repeated failures. */
export async function unlockUser(ctx: AppContext, o: { actor: Actor; userId: number }) {
  const now = ctx.clock.now();
  await ctx.db.tx(async (q) => {
    const u = await target(q, o.userId);
    enforce('unlockUser', policy.manageAccount(o.actor, u));
    await authRepo.resetFailures(q, u.id);
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'user.unlock',
      objectType: 'user',
      objectId: u.id,
      detail: { username: u.username, wasLockedUntil: u.locked_until?.toISOString() ?? null },
      ip: o.actor.ip,
    });
  });
  return present((await userRepo.list(ctx.db, o.userId))[0]);
}

/**
 * POST /users/:id/roles (安全管理员): grants a role in an organisation. An
 * administrator role and a business role never share an account.
 */
export async function grantRole(ctx: AppContext, o: { actor: Actor; userId: number; grant: RoleGrantBody }) {
  const now = ctx.clock.now();
  const { role, orgId } = o.grant;
  await ctx.db.tx(async (q) => {
    const u = await target(q, o.userId);
    enforce('grantRole', policy.changeRoles(o.actor, u.id));
    const org = await orgRepo.byId(q, orgId);
    if (!org) throw badRequest('org not found', '所属组织不存在', [{ path: 'orgId', message: '组织不存在' }]);
    if (!fitsOrg(role, org.kind)) throw roleOrgMismatch(role);
    if (u.roles.some((r) => r.role === role && r.orgId === orgId)) enforce('grantRole', deny('role_held'));
    // each of the three is held alone: by an account with no other role, and never beside a business role
    const clash = isAdminRole(role) ? u.roles.length > 0 : u.roles.some((r) => isAdminRole(r.role));
    if (clash) enforce('grantRole', deny('admin_exclusive'));
    await userRepo.grant(q, u.id, orgId, role);
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'security.role_grant',
      objectType: 'user',
      objectId: u.id,
      unitId: org.kind === 'office' ? null : org.unit_id,
      detail: { username: u.username, role, orgId, orgName: org.name },
      ip: o.actor.ip,
    });
  });
  forgetUser(ctx, o.userId);
  return present((await userRepo.list(ctx.db, o.userId))[0]);
}

const ROLE_NAME: Partial<Record<Role, string>> = { sysadmin: '系统管理员', secadmin: '安全管理员', auditor: '审计管理员' };

/** POST /users/:id/roles/revoke (安全管理员): revokes a role; the last active holder of an administrator role keeps it. */
export async function revokeRole(ctx: AppContext, o: { actor: Actor; userId: number; grant: RoleGrantBody }) {
  const now = ctx.clock.now();
  const { role, orgId } = o.grant;
  await ctx.db.tx(async (q) => {
    const u = await target(q, o.userId);
    enforce('revokeRole', policy.changeRoles(o.actor, u.id));
    if (!u.roles.some((r) => r.role === role && r.orgId === orgId)) enforce('revokeRole', deny('role_not_held'));
    if (isAdminRole(role) && u.is_active && (await userRepo.activeHolders(q, role)) <= 1) {
      enforce('revokeRole', deny('last_admin', { role: ROLE_NAME[role] ?? role }));
    }
    await userRepo.revoke(q, u.id, orgId, role);
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'security.role_revoke',
      objectType: 'user',
      objectId: u.id,
      detail: { username: u.username, role, orgId },
      ip: o.actor.ip,
    });
  });
  forgetUser(ctx, o.userId);
  return present((await userRepo.list(ctx.db, o.userId))[0]);
}

/** POST /users/:id/mfa/reset (安全管理员): unbinds a lost authenticator; the account's sessions end. */
export async function resetUserMfa(ctx: AppContext, o: { actor: Actor; userId: number }) {
  const now = ctx.clock.now();
  await ctx.db.tx(async (q) => {
    const u = await target(q, o.userId);
    enforce('resetMfa', securityPolicy.resetMfa(o.actor, u.id));
    await authRepo.disableTotp(q, u.id);
    const ended = await authRepo.deleteUserSessions(q, u.id, null);
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'security.mfa_reset',
      objectType: 'user',
      objectId: u.id,
      detail: { username: u.username, sessionsEnded: ended.length },
      ip: o.actor.ip,
    });
    forgetSessions(ctx, ended);
  });
  forgetUser(ctx, o.userId);
  return present((await userRepo.list(ctx.db, o.userId))[0]);
}

/** GET /admin/orgs (系统管理员, 安全管理员): every organisation, for the account and role pickers. */
export async function listAllOrgs(ctx: AppContext, o: { actor: Actor; query: AdminOrgQuery }) {
  enforce('listAllOrgs', policy.listAllOrgs(o.actor));
  const { rows, total } = await userRepo.orgPage(ctx.db, { text: o.query.q, kinds: o.query.kinds ?? null, ...limitOffset(o.query) });
  return pageOf(
    rows.map((r) => ({ id: r.id, parentId: r.parent_id, parentName: r.parent_name, kind: r.kind, name: r.name })),
    total,
    o.query,
  );
}

/** POST /admin/orgs (系统管理员): a unit under an office, or a department of a unit. */
export async function createOrg(ctx: AppContext, o: { actor: Actor; org: OrgCreateBody }) {
  enforce('createOrg', policy.createOrg(o.actor));
  const now = ctx.clock.now();
  return ctx.db.tx(async (q) => {
    const parent = await orgRepo.byId(q, o.org.parentId);
    const wanted = o.org.kind === 'unit' ? 'office' : 'unit';
    if (!parent || parent.kind !== wanted) {
      throw badRequest('bad parent', o.org.kind === 'unit' ? '单位须设在巡察办之下' : '部门须设在单位之下', [
        { path: 'parentId', message: '上级组织不存在或类型不符' },
      ]);
    }
    const id = await orgRepo.insert(q, {
      parentId: parent.id,
      kind: o.org.kind,
      name: o.org.name,
      unitId: o.org.kind === 'department' ? parent.id : null,
    });
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'org.create',
      objectType: 'organization',
      objectId: id,
      unitId: o.org.kind === 'department' ? parent.id : id,
      detail: { kind: o.org.kind, name: o.org.name, parentId: parent.id },
      ip: o.actor.ip,
    });
    return { id };
  });
}

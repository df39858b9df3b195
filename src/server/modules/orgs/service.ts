import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import { authRepo } from '../auth/repository.js';
import { forgetSessions, forgetUser } from '../auth/service.js';
import { createUser } from '../users/service.js';
import { userRepo } from '../users/repository.js';
import * as userPolicy from '../users/policy.js';
import type {
  DepartmentCreateBody,
  DepartmentOrderBody,
  DepartmentUpdateBody,
  LeaderCreateBody,
  LeaderUpdateBody,
} from '../../../domain/schemas/index.js';
import { orgRepo, type ManagedDeptRow, type ManagedLeaderRow, type OrgRow } from './repository.js';
import * as policy from './policy.js';

interface OrgNode {
  id: number;
  parentId: number | null;
  kind: OrgRow['kind'];
  name: string;
  children: OrgNode[];
}

/** GET /orgs/tree — the organisations the actor sees, as a tree. */
export async function orgTree(ctx: AppContext, actor: Actor): Promise<OrgNode[]> {
  const rows = await orgRepo.visible(ctx.db, actor.readUnitIds, actor.deptIds);
  const nodes = new Map(
    rows.map((r) => [r.id, { id: r.id, parentId: r.parent_id, kind: r.kind, name: r.name, children: [] as OrgNode[] }]),
  );
  const roots: OrgNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId != null ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

/** The units of the actor's own departments. */
async function deptUnits(ctx: AppContext, actor: Actor): Promise<number[]> {
  const rows = await orgRepo.visible(ctx.db, [], actor.deptIds);
  return rows.map((r) => r.unit_id).filter((x): x is number => x != null);
}

async function checkUnit(ctx: AppContext, actor: Actor, unitId: number): Promise<void> {
  enforce('readUnit', policy.readUnit(actor, unitId, await deptUnits(ctx, actor)));
}

/** GET /units/:id/departments */
export async function unitDepartments(ctx: AppContext, o: { actor: Actor; unitId: number }) {
  await checkUnit(ctx, o.actor, o.unitId);
  return orgRepo.departments(ctx.db, o.unitId);
}

/** GET /units/:id/leaders */
export async function unitLeaders(ctx: AppContext, o: { actor: Actor; unitId: number }) {
  await checkUnit(ctx, o.actor, o.unitId);
  return (await orgRepo.leaders(ctx.db, o.unitId)).map((l) => ({ id: l.id, displayName: l.display_name }));
}

// ---- issue 7 point 19: the unit's 整改办 keeps its departments and leaders ----

/** 404 for a unit outside the actor's sight (or absent), 403 for one they see but do not administer. */
async function checkManage(ctx: AppContext, actor: Actor, unitId: number, what: 'departments' | 'leaders'): Promise<void> {
  const own = await deptUnits(ctx, actor);
  if (what === 'departments') enforce('manageDepartments', policy.manageDepartments(actor, unitId, own));
  else enforce('manageLeaders', policy.manageLeaders(actor, unitId, own));
  const unit = await orgRepo.byId(ctx.db, unitId);
  if (!unit || unit.kind !== 'unit') throw notFound(`unit ${unitId}`, '该单位');
}

function presentDept(r: ManagedDeptRow, position: number) {
  return { id: r.id, name: r.name, position, isActive: r.is_active, openItems: r.open_items, handlers: r.handlers };
}

function presentLeader(r: ManagedLeaderRow) {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    title: r.title,
    areas: r.areas,
    isActive: r.is_active,
    signIn: r.sign_in,
    openItems: r.open_items,
  };
}

const audit = (
  q: Queryable,
  ctx: AppContext,
  actor: Actor,
  e: { action: string; type: string; id: number; unitId: number; detail: object },
) =>
  writeAudit(q, {
    at: ctx.clock.now(),
    actorId: actor.id,
    actorName: actor.username,
    action: e.action,
    objectType: e.type,
    objectId: e.id,
    unitId: e.unitId,
    detail: e.detail,
    ip: actor.ip,
  });

const nameTaken = (name: string) =>
  new AppError('duplicate', {
    message: 'department name taken',
    userMessage: `本单位已有名为“${name}”的部门`,
    details: [{ path: 'name', message: '部门名称重复' }],
  });

/** GET /units/:id/people/departments (整改办): every department, deactivated ones too, with its open work. */
export async function managedDepartments(ctx: AppContext, o: { actor: Actor; unitId: number }) {
  await checkManage(ctx, o.actor, o.unitId, 'departments');
  return (await orgRepo.managedDepartments(ctx.db, o.unitId)).map((r, i) => presentDept(r, i + 1));
}

/** POST /units/:id/departments (整改办): a department at the end of the unit's list. */
export async function createDepartment(ctx: AppContext, o: { actor: Actor; unitId: number; body: DepartmentCreateBody }) {
  await checkManage(ctx, o.actor, o.unitId, 'departments');
  return ctx.db.tx(async (q) => {
    await orgRepo.lockDepartments(q, o.unitId);
    if (await orgRepo.deptNameTaken(q, o.unitId, o.body.name, null)) throw nameTaken(o.body.name);
    const order = (await orgRepo.managedDepartments(q, o.unitId)).map((d) => d.id);
    const id = await orgRepo.insert(q, { parentId: o.unitId, kind: 'department', name: o.body.name, unitId: o.unitId });
    // numbering the whole list keeps departments never ordered before in place, the new one last
    await orgRepo.orderDepartments(q, o.unitId, [...order, id]);
    await audit(q, ctx, o.actor, {
      action: 'org.create',
      type: 'organization',
      id,
      unitId: o.unitId,
      detail: { kind: 'department', name: o.body.name, parentId: o.unitId },
    });
    return { id };
  });
}

/** PATCH /units/:id/departments/:deptId (整改办): rename; deactivate (refused while it has open work) or reactivate. */
export async function updateDepartment(ctx: AppContext, o: { actor: Actor; unitId: number; deptId: number; body: DepartmentUpdateBody }) {
  await checkManage(ctx, o.actor, o.unitId, 'departments');
  await ctx.db.tx(async (q) => {
    await orgRepo.lockDepartments(q, o.unitId);
    const d = (await orgRepo.managedDepartments(q, o.unitId, o.deptId))[0];
    if (!d) throw notFound(`department ${o.deptId}`, '该部门');
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    const { name, isActive } = o.body;
    if (name !== undefined && name !== d.name) {
      if (await orgRepo.deptNameTaken(q, o.unitId, name, d.id)) throw nameTaken(name);
      await orgRepo.renameOrg(q, d.id, name);
      changed.name = { from: d.name, to: name };
    }
    if (isActive !== undefined && isActive !== d.is_active) {
      if (!isActive) enforce('deactivateDepartment', policy.deactivateDepartment({ name: d.name, openItems: d.open_items }));
      await orgRepo.setOrgActive(q, d.id, isActive);
      changed.isActive = { from: d.is_active, to: isActive };
    }
    if (Object.keys(changed).length === 0) return;
    const action = changed.isActive ? (isActive ? 'org.activate' : 'org.deactivate') : 'org.rename';
    await audit(q, ctx, o.actor, { action, type: 'organization', id: d.id, unitId: o.unitId, detail: { name: d.name, changed } });
  });
  const all = await orgRepo.managedDepartments(ctx.db, o.unitId);
  const i = all.findIndex((d) => d.id === o.deptId);
  return presentDept(all[i], i + 1);
}

/** PUT /units/:id/departments/order (整改办): the unit's departments in a new order; the list must name each once. */
export async function orderDepartments(ctx: AppContext, o: { actor: Actor; unitId: number; body: DepartmentOrderBody }) {
  await checkManage(ctx, o.actor, o.unitId, 'departments');
  await ctx.db.tx(async (q) => {
    await orgRepo.lockDepartments(q, o.unitId);
    const before = (await orgRepo.managedDepartments(q, o.unitId)).map((d) => d.id);
    const have = new Set(before);
    if (o.body.ids.length !== before.length || o.body.ids.some((x) => !have.has(x))) {
      throw badRequest('order must list every department', '部门顺序须恰好列出本单位的每个部门', [
        { path: 'ids', message: '部门顺序须恰好列出本单位的每个部门' },
      ]);
    }
    await orgRepo.orderDepartments(q, o.unitId, o.body.ids);
    await audit(q, ctx, o.actor, {
      action: 'org.reorder',
      type: 'organization',
      id: o.unitId,
      unitId: o.unitId,
      detail: { from: before, to: o.body.ids },
    });
  });
  return (await orgRepo.managedDepartments(ctx.db, o.unitId)).map((r, i) => presentDept(r, i + 1));
}

/** GET /units/:id/people/leaders (整改办): the unit's responsible leaders, disabled ones too. */
export async function managedLeaders(ctx: AppContext, o: { actor: Actor; unitId: number }) {
  await checkManage(ctx, o.actor, o.unitId, 'leaders');
  return (await orgRepo.managedLeaders(ctx.db, o.unitId)).map(presentLeader);
}

/**
 * A password nobody knows, meeting any policy the security administrator may
 * set (every class, longer than the longest minimum): an entry without sign-in
 * cannot be signed into until the system administrator sets a password.
 */
function unknowablePassword(): string {
  return `Zg#9a${randomBytes(48).toString('base64url')}`;
}

/** POST /units/:id/leaders (整改办): a leader account of the unit, or an entry without sign-in; with title and 分管 areas. */
export async function createLeader(ctx: AppContext, o: { actor: Actor; unitId: number; body: LeaderCreateBody }) {
  await checkManage(ctx, o.actor, o.unitId, 'leaders');
  enforce('createUnitAccount', userPolicy.createUnitAccount(o.actor, 'leader', o.unitId));
  const { account, displayName, title, areas } = o.body;
  const username = account?.username ?? `leader${o.unitId}_${randomBytes(4).toString('hex')}`;
  const id = await createUser(
    ctx.db,
    ctx.clock,
    { id: o.actor.id, name: o.actor.username, ip: o.actor.ip },
    { username, displayName, password: account?.password ?? unknowablePassword(), orgId: o.unitId, role: 'leader' },
    {
      mustChange: true,
      config: ctx.config,
      within: async (q, userId) => {
        await orgRepo.upsertLeaderProfile(q, { userId, unitId: o.unitId, title, areas, signIn: !!account });
        await audit(q, ctx, o.actor, {
          action: 'leader.create',
          type: 'user',
          id: userId,
          unitId: o.unitId,
          detail: { username, displayName, title, areas, signIn: !!account },
        });
      },
    },
  );
  return { id };
}

/**
 * PATCH /units/:id/leaders/:userId (整改办): title and 分管 areas of the unit's
 * leader; renaming or disabling the account only when all its roles lie in this
 * unit (三员分立: any other account is the system administrator's).
 */
export async function updateLeader(ctx: AppContext, o: { actor: Actor; unitId: number; userId: number; body: LeaderUpdateBody }) {
  await checkManage(ctx, o.actor, o.unitId, 'leaders');
  const { displayName, title, areas, isActive } = o.body;
  await ctx.db.tx(async (q) => {
    await orgRepo.lockUser(q, o.userId);
    const l = (await orgRepo.managedLeaders(q, o.unitId, o.userId))[0];
    if (!l) throw notFound(`leader ${o.userId}`, '该责任领导');
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    const account = (displayName !== undefined && displayName !== l.display_name) || (isActive !== undefined && isActive !== l.is_active);
    if (account) enforce('manageLeaders', userPolicy.manageUnitAccount(o.actor, o.unitId, { id: l.id, roles: l.roles }));
    if (displayName !== undefined && displayName !== l.display_name) {
      await userRepo.setDisplayName(q, l.id, displayName);
      changed.displayName = { from: l.display_name, to: displayName };
    }
    if ((title !== undefined && title !== l.title) || (areas !== undefined && areas !== l.areas)) {
      await orgRepo.upsertLeaderProfile(q, { userId: l.id, unitId: o.unitId, title: title ?? l.title, areas: areas ?? l.areas });
      if (title !== undefined && title !== l.title) changed.title = { from: l.title, to: title };
      if (areas !== undefined && areas !== l.areas) changed.areas = { from: l.areas, to: areas };
    }
    let ended: string[] = [];
    if (isActive !== undefined && isActive !== l.is_active) {
      await userRepo.setActive(q, l.id, isActive);
      changed.isActive = { from: l.is_active, to: isActive };
      if (!isActive) ended = await authRepo.deleteUserSessions(q, l.id, null);
    }
    if (Object.keys(changed).length === 0) return;
    const action = changed.isActive ? (isActive ? 'leader.enable' : 'leader.disable') : 'leader.update';
    await audit(q, ctx, o.actor, {
      action,
      type: 'user',
      id: l.id,
      unitId: o.unitId,
      detail: { username: l.username, changed, sessionsEnded: ended.length },
    });
    forgetSessions(ctx, ended);
  });
  forgetUser(ctx, o.userId);
  return presentLeader((await orgRepo.managedLeaders(ctx.db, o.unitId, o.userId))[0]);
}

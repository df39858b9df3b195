import type { Db } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { AppError, badRequest } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import type { Role, UserBody } from '../../../domain/schemas/index.js';
import { hashPassword } from '../auth/service.js';
import { orgRepo } from '../orgs/repository.js';
import { userRepo } from './repository.js';
import * as policy from './policy.js';

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

/** Creates an account with one role; used by POST /users and `zhenggai user add`. */
export async function createUser(db: Db, clock: Clock, by: { id: number | null; name: string }, body: UserBody): Promise<number> {
  const hash = await hashPassword(body.password);
  return db.tx(async (q) => {
    if (await userRepo.exists(q, body.username)) {
      throw new AppError('duplicate', { message: `user ${body.username} exists`, userMessage: `用户名 ${body.username} 已存在` });
    }
    const org = await orgRepo.byId(q, body.orgId);
    if (!org) throw badRequest('org not found', '所属组织不存在', [{ path: 'orgId', message: '组织不存在' }]);
    // inspectors may also sit in the office (纪检 watching all units)
    if (org.kind !== ROLE_ORG[body.role] && !(body.role === 'inspector' && org.kind === 'office')) {
      throw badRequest('role/org mismatch', `角色"${body.role}"不能设在该类组织`, [{ path: 'role', message: '角色与组织类型不符' }]);
    }
    const now = clock.now();
    const id = await userRepo.insert(q, { username: body.username, displayName: body.displayName, passwordHash: hash, now });
    await userRepo.grant(q, id, body.orgId, body.role);
    await writeAudit(q, {
      at: now,
      actorId: by.id,
      actorName: by.name,
      action: 'user.create',
      objectType: 'user',
      objectId: id,
      detail: { username: body.username, role: body.role, orgId: body.orgId },
    });
    return id;
  });
}

/** POST /users (系统管理员). */
export async function addUser(ctx: AppContext, o: { actor: Actor; user: UserBody }) {
  const { actor, user: body } = o;
  enforce('createUser', policy.createUser(actor));
  const id = await createUser(ctx.db, ctx.clock, { id: actor.id, name: actor.username }, body);
  return { id };
}

/** GET /users (三员). */
export async function listUsers(ctx: AppContext, actor: Actor) {
  enforce('listUsers', policy.listUsers(actor));
  return (await userRepo.list(ctx.db)).map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    isActive: u.is_active,
    lockedUntil: u.locked_until,
    roles: u.roles,
  }));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  accountIdParam,
  adminOrgListSchema,
  adminOrgQuery,
  errorResponses,
  okSchema,
  orgCreateBody,
  orgCreatedSchema,
  roleGrantBody,
  userBody,
  userCreatedSchema,
  userListQuery,
  userListSchema,
  userPasswordBody,
  userSummarySchema,
  userUpdateBody,
} from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import {
  addUser,
  createOrg,
  grantRole,
  listAllOrgs,
  listUsers,
  resetUserMfa,
  revokeRole,
  setUserPassword,
  unlockUser,
  updateUser,
} from './service.js';

export function userRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  const one = { 200: userSummarySchema, ...errorResponses };
  r.get(
    '/users',
    {
      schema: {
        tags,
        summary: '用户列表（系统管理员、安全管理员；分页）',
        querystring: userListQuery,
        response: { 200: userListSchema, ...errorResponses },
      },
    },
    (req) => listUsers(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.post(
    '/users',
    {
      schema: {
        tags,
        summary: '新建用户（系统管理员；初始密码须在首次登录时修改）',
        body: userBody,
        response: { 201: userCreatedSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return addUser(ctx, { actor: requireActor(req), user: req.body });
    },
  );
  r.patch(
    '/users/:id',
    { schema: { tags, summary: '修改、停用或启用账号（系统管理员）', params: accountIdParam, body: userUpdateBody, response: one } },
    (req) => updateUser(ctx, { actor: requireActor(req), userId: req.params.id, body: req.body }),
  );
  r.post(
    '/users/:id/password',
    {
      schema: {
        tags,
        summary: '重置密码（系统管理员；须在下次登录时修改）',
        params: accountIdParam,
        body: userPasswordBody,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    (req) => setUserPassword(ctx, { actor: requireActor(req), userId: req.params.id, password: req.body.password }),
  );
  r.post('/users/:id/unlock', { schema: { tags, summary: '解除锁定（系统管理员）', params: accountIdParam, response: one } }, (req) =>
    unlockUser(ctx, { actor: requireActor(req), userId: req.params.id }),
  );
  r.post(
    '/users/:id/roles',
    { schema: { tags, summary: '授予角色（安全管理员）', params: accountIdParam, body: roleGrantBody, response: one } },
    (req) => grantRole(ctx, { actor: requireActor(req), userId: req.params.id, grant: req.body }),
  );
  r.post(
    '/users/:id/roles/revoke',
    { schema: { tags, summary: '撤销角色（安全管理员）', params: accountIdParam, body: roleGrantBody, response: one } },
    (req) => revokeRole(ctx, { actor: requireActor(req), userId: req.params.id, grant: req.body }),
  );
  r.post(
    '/users/:id/mfa/reset',
    { schema: { tags, summary: '重置双因素认证（安全管理员）', params: accountIdParam, response: one } },
    (req) => resetUserMfa(ctx, { actor: requireActor(req), userId: req.params.id }),
  );
  r.get(
    '/admin/orgs',
    {
      schema: {
        tags,
        summary: '组织（系统管理员、安全管理员；分页，可按名称搜索）',
        querystring: adminOrgQuery,
        response: { 200: adminOrgListSchema, ...errorResponses },
      },
    },
    (req) => listAllOrgs(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.post(
    '/admin/orgs',
    {
      schema: {
        tags,
        summary: '新建单位或部门（系统管理员）',
        body: orgCreateBody,
        response: { 201: orgCreatedSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return createOrg(ctx, { actor: requireActor(req), org: req.body });
    },
  );
}

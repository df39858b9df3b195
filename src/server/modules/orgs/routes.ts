import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  departmentCreateBody,
  departmentOrderBody,
  departmentUpdateBody,
  departmentsSchema,
  errorResponses,
  idParam,
  leaderCreateBody,
  leadersSchema,
  leaderUpdateBody,
  managedDepartmentSchema,
  managedDepartmentsSchema,
  managedLeaderSchema,
  managedLeadersSchema,
  orgTreeSchema,
  peopleCreatedSchema,
  unitDeptParam,
  unitLeaderParam,
} from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import {
  createDepartment,
  createLeader,
  managedDepartments,
  managedLeaders,
  orderDepartments,
  orgTree,
  unitDepartments,
  unitLeaders,
  updateDepartment,
  updateLeader,
} from './service.js';

export function orgRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];
  r.get('/orgs/tree', { schema: { tags, summary: '可见的组织树', response: { 200: orgTreeSchema, ...errorResponses } } }, (req) =>
    orgTree(ctx, requireActor(req)),
  );
  r.get(
    '/units/:id/departments',
    { schema: { tags, summary: '单位的部门', params: idParam, response: { 200: departmentsSchema, ...errorResponses } } },
    (req) => unitDepartments(ctx, { actor: requireActor(req), unitId: req.params.id }),
  );
  r.get(
    '/units/:id/leaders',
    { schema: { tags, summary: '单位的责任领导', params: idParam, response: { 200: leadersSchema, ...errorResponses } } },
    (req) => unitLeaders(ctx, { actor: requireActor(req), unitId: req.params.id }),
  );
  peopleRoutes(app, ctx);
}

/** Issue 7 point 19: the unit's 整改办 keeps its departments and responsible leaders. */
function peopleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];
  const created = { 201: peopleCreatedSchema, ...errorResponses };
  r.get(
    '/units/:id/people/departments',
    {
      schema: {
        tags,
        summary: '单位的部门及未办结事项（整改办）',
        params: idParam,
        response: { 200: managedDepartmentsSchema, ...errorResponses },
      },
    },
    (req) => managedDepartments(ctx, { actor: requireActor(req), unitId: req.params.id }),
  );
  r.post(
    '/units/:id/departments',
    { schema: { tags, summary: '新增部门（整改办）', params: idParam, body: departmentCreateBody, response: created } },
    async (req, reply) => {
      reply.code(201);
      return createDepartment(ctx, { actor: requireActor(req), unitId: req.params.id, body: req.body });
    },
  );
  r.patch(
    '/units/:id/departments/:deptId',
    {
      schema: {
        tags,
        summary: '修改部门名称、停用或启用部门（整改办；有未办结事项的部门不能停用）',
        params: unitDeptParam,
        body: departmentUpdateBody,
        response: { 200: managedDepartmentSchema, ...errorResponses },
      },
    },
    (req) => updateDepartment(ctx, { actor: requireActor(req), unitId: req.params.id, deptId: req.params.deptId, body: req.body }),
  );
  r.put(
    '/units/:id/departments/order',
    {
      schema: {
        tags,
        summary: '调整部门顺序（整改办）',
        params: idParam,
        body: departmentOrderBody,
        response: { 200: managedDepartmentsSchema, ...errorResponses },
      },
    },
    (req) => orderDepartments(ctx, { actor: requireActor(req), unitId: req.params.id, body: req.body }),
  );
  r.get(
    '/units/:id/people/leaders',
    { schema: { tags, summary: '单位的责任领导（整改办）', params: idParam, response: { 200: managedLeadersSchema, ...errorResponses } } },
    (req) => managedLeaders(ctx, { actor: requireActor(req), unitId: req.params.id }),
  );
  r.post(
    '/units/:id/leaders',
    { schema: { tags, summary: '新增责任领导账号或登记（整改办）', params: idParam, body: leaderCreateBody, response: created } },
    async (req, reply) => {
      reply.code(201);
      return createLeader(ctx, { actor: requireActor(req), unitId: req.params.id, body: req.body });
    },
  );
  r.patch(
    '/units/:id/leaders/:userId',
    {
      schema: {
        tags,
        summary: '修改责任领导的职务、分管领域，停用或启用（整改办）',
        params: unitLeaderParam,
        body: leaderUpdateBody,
        response: { 200: managedLeaderSchema, ...errorResponses },
      },
    },
    (req) => updateLeader(ctx, { actor: requireActor(req), unitId: req.params.id, userId: req.params.userId, body: req.body }),
  );
}

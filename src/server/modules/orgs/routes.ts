import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { departmentsSchema, errorResponses, idParam, leadersSchema, orgTreeSchema } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { orgTree, unitDepartments, unitLeaders } from './service.js';

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
}

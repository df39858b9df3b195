import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { orgTree, unitDepartments, unitLeaders } from './service.js';

export function orgRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];
  r.get('/orgs/tree', { schema: { tags, summary: '可见的组织树' } }, (req) => orgTree(ctx, requireActor(req)));
  r.get('/units/:id/departments', { schema: { tags, summary: '单位的部门', params: idParam } }, (req) => unitDepartments(ctx, requireActor(req), req.params.id));
  r.get('/units/:id/leaders', { schema: { tags, summary: '单位的责任领导', params: idParam } }, (req) => unitLeaders(ctx, requireActor(req), req.params.id));
}

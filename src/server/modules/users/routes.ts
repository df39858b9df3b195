import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, userBody, userCreatedSchema, userListSchema } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { addUser, listUsers } from './service.js';

export function userRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/users', { schema: { tags: ['users'], summary: '用户列表（三员）', response: { 200: userListSchema, ...errorResponses } } }, (req) => listUsers(ctx, requireActor(req)));
  r.post('/users', { schema: { tags: ['users'], summary: '新建用户（系统管理员）', body: userBody, response: { 201: userCreatedSchema, ...errorResponses } } }, async (req, reply) => {
    reply.code(201);
    return addUser(ctx, { actor: requireActor(req), user: req.body });
  });
}

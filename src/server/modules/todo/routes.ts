import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, todoPageSchema, todoQuery } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { todo } from './service.js';

export function todoRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/todo',
    {
      schema: {
        tags: ['workflow'],
        summary: '我的待办（分页，最紧要的在前）',
        querystring: todoQuery,
        response: { 200: todoPageSchema, ...errorResponses },
      },
    },
    (req) => todo(ctx, { actor: requireActor(req), query: req.query }),
  );
}

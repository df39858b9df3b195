import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam } from '../../../domain/schemas/index.js';
import { recurrenceCheckSchema, recurrencePageSchema, recurrenceQuery, recurrenceSchema } from '../../../domain/schemas/office.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { listRecurrences, problemRecurrences, recheckRound } from './service.js';

export function recurrenceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['recurrence'];
  r.get(
    '/inspections/:id/recurrences',
    {
      schema: {
        tags,
        summary: '屡查屡犯：本轮与以往轮次相似的问题',
        params: idParam,
        querystring: recurrenceQuery,
        response: { 200: recurrencePageSchema, ...errorResponses },
      },
    },
    (req) => listRecurrences(ctx, { actor: requireActor(req), inspectionId: req.params.id, query: req.query }),
  );
  r.post(
    '/inspections/:id/recurrences/check',
    {
      schema: {
        tags,
        summary: '重新比对本轮问题与以往轮次（整改办、巡察办）',
        params: idParam,
        response: { 200: recurrenceCheckSchema, ...errorResponses },
      },
    },
    (req) => recheckRound(ctx, { actor: requireActor(req), inspectionId: req.params.id }),
  );
  r.get(
    '/problems/:id/recurrences',
    {
      schema: {
        tags,
        summary: '该问题与以往轮次相似的问题（并排对照）',
        params: idParam,
        response: { 200: z.array(recurrenceSchema), ...errorResponses },
      },
    },
    (req) => problemRecurrences(ctx, { actor: requireActor(req), problemId: req.params.id }),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../domain/schemas/index.js';
import { boardQuery, boardSchema, trendQuery, trendSchema, unitDetailSchema } from '../../../domain/schemas/office.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { getBoard, getTrend, getUnit } from './service.js';

export function officeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['office'];
  r.get(
    '/office/board',
    {
      schema: {
        tags,
        summary: '巡察办看板：所属各单位整改情况一览、排名',
        querystring: boardQuery,
        response: { 200: boardSchema, ...errorResponses },
      },
    },
    (req) => getBoard(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.get(
    '/office/units/:id',
    {
      schema: {
        tags,
        summary: '看板下钻：单位的各巡视巡察轮次及评估等次',
        params: idParam,
        response: { 200: unitDetailSchema, ...errorResponses },
      },
    },
    (req) => getUnit(ctx, { actor: requireActor(req), unitId: req.params.id }),
  );
  r.get(
    '/office/trend',
    {
      schema: {
        tags,
        summary: '各单位完成率、逾期数的周趋势（每周快照）',
        querystring: trendQuery,
        response: { 200: trendSchema, ...errorResponses },
      },
    },
    (req) => getTrend(ctx, { actor: requireActor(req), query: req.query }),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../domain/schemas/index.js';
import { lightRulesBody, lightRulesSchema } from '../../../domain/schemas/supervision.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { getLightRules, saveLightRules } from './service.js';

export function lightRuleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['supervision'];
  const response = { 200: lightRulesSchema, ...errorResponses };
  r.get(
    '/offices/:id/light-rules',
    { schema: { tags, summary: '巡察机构的指示灯与提醒规则（含历史版本）', params: idParam, response } },
    (req) => getLightRules(ctx, { actor: requireActor(req), officeId: req.params.id }),
  );
  r.put(
    '/offices/:id/light-rules',
    { schema: { tags, summary: '保存指示灯与提醒规则的新版本（巡察办）', params: idParam, body: lightRulesBody, response } },
    (req) => saveLightRules(ctx, { actor: requireActor(req), officeId: req.params.id, body: req.body }),
  );
}

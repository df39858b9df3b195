import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam, unitSettingsBody, unitSettingsSchema } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { getUnitSettings, saveUnitSettings } from './service.js';

export function unitRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];
  const response = { 200: unitSettingsSchema, ...errorResponses };
  r.get('/units/:id/settings', { schema: { tags, summary: '单位设置：一致性规则与审核流程', params: idParam, response } }, (req) =>
    getUnitSettings(ctx, { actor: requireActor(req), unitId: req.params.id }),
  );
  r.put(
    '/units/:id/settings',
    { schema: { tags, summary: '保存单位设置（整改办）', params: idParam, body: unitSettingsBody, response } },
    (req) => saveUnitSettings(ctx, { actor: requireActor(req), unitId: req.params.id, settings: req.body }),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DOCX_MIME, errorResponses, fileDownload, idParam } from '../../../domain/schemas/index.js';
import { digestQuery, digestSchema } from '../../../domain/schemas/supervision.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { getDigest, getDigestDocx } from './service.js';

export function digestRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['supervision'];
  r.get(
    '/units/:id/digest',
    {
      schema: {
        tags,
        summary: '周督促、月调度（截至某日的数据）',
        params: idParam,
        querystring: digestQuery,
        response: { 200: digestSchema, ...errorResponses },
      },
    },
    (req) => getDigest(ctx, { actor: requireActor(req), unitId: req.params.id, query: req.query }),
  );
  r.get(
    '/units/:id/digest.docx',
    {
      schema: {
        tags,
        summary: '月调度报告 .docx（含各部门完成率图）',
        params: idParam,
        querystring: digestQuery,
        response: { 200: fileDownload(DOCX_MIME, '周督促、月调度报告'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const d = await getDigestDocx(ctx, { actor: requireActor(req), unitId: req.params.id, query: req.query });
      return sendDownload(reply, { ...d, mime: DOCX_MIME });
    },
  );
}

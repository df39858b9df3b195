import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, evidenceDownload, idParam, problemDetailSchema, progressFields } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { multipartBody, parseMultipart } from '../../http/multipart.js';
import { addProgress, evidenceFile } from './service.js';

/** A progress entry: its text fields and up to 20 evidence files. */
const progressUpload = { fields: progressFields, fileField: 'file', minFiles: 0, maxFiles: 20 };

export function progressRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/problems/:id/progress',
    {
      schema: {
        tags: ['progress'],
        summary: '报送整改进展（multipart：text、measureId、figures、file…）',
        params: idParam,
        body: multipartBody(progressUpload),
        response: { 200: problemDetailSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { fields, files } = await parseMultipart(req, progressUpload);
      return addProgress(ctx, { actor, problemId: req.params.id, fields, files });
    },
  );
  r.get(
    '/evidence/:id',
    { schema: { tags: ['progress'], summary: '下载佐证材料', params: idParam, response: { 200: evidenceDownload, ...errorResponses } } },
    async (req, reply) => {
      const f = await evidenceFile(ctx, { actor: requireActor(req), evidenceId: req.params.id });
      return sendDownload(reply, f);
    },
  );
}

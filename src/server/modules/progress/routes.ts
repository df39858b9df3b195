import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, progressFields } from '../../../domain/schemas/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { badRequest } from '../../lib/errors.js';
import { addProgress, evidenceFile, type UploadedFile } from './service.js';

/** Reads a multipart body: string fields and files (each bounded by the multipart limit). */
async function readMultipart(req: FastifyRequest): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  if (!req.isMultipart()) throw badRequest('multipart expected', '请以 multipart/form-data 提交（含文件）');
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.filename && bytes.length > 0) files.push({ filename: part.filename.replace(/[\\/]/g, '_').slice(0, 200), bytes });
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, files };
}

export function progressRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/problems/:id/progress', {
    schema: { tags: ['progress'], summary: '报送整改进展（multipart：text、measureId、figures、file…）', params: idParam, consumes: ['multipart/form-data'] },
  }, async (req) => {
    const actor = requireActor(req);
    const { fields, files } = await readMultipart(req);
    const parsed = progressFields.safeParse(fields);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw badRequest('invalid progress fields', `请求体字段 ${details[0].path} 有误：${details[0].message}`, details);
    }
    return addProgress(ctx, actor, req.params.id, parsed.data, files);
  });
  r.get('/evidence/:id', { schema: { tags: ['progress'], summary: '下载佐证材料', params: idParam } }, async (req, reply) => {
    const f = await evidenceFile(ctx, requireActor(req), req.params.id);
    reply.header('content-type', f.mime);
    reply.header('content-length', f.size);
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
    reply.header('x-content-digest', `sm3=${f.digest}`);
    reply.header('x-content-type-options', 'nosniff');
    return reply.send(f.stream);
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { importCommitBody, importPreviewBody, ledgerMappingBody } from '../../../domain/schemas/imports.js';
import type { LedgerMapping } from '../../../domain/notice/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { badRequest } from '../../lib/errors.js';
import { commitImport, preview, saveMapping } from './service.js';

/** A preview takes either a file (multipart: file, unitId?, mapping?) or pasted text (JSON). */
async function previewInput(req: FastifyRequest): Promise<{ bytes: Uint8Array; filename?: string; unitId?: number; mapping?: LedgerMapping }> {
  if (!req.isMultipart()) {
    const r = importPreviewBody.safeParse(req.body);
    if (!r.success) {
      const i = r.error.issues[0];
      throw badRequest('invalid preview body', `请求体字段 ${i.path.join('.') || 'text'} 有误：${i.message}`, r.error.issues.map((x) => ({ path: x.path.join('.'), message: x.message })));
    }
    return { bytes: new TextEncoder().encode(r.data.text), filename: r.data.filename, unitId: r.data.unitId };
  }
  let bytes: Uint8Array | null = null;
  let filename: string | undefined;
  const fields: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      bytes = await part.toBuffer();
      filename = part.filename;
    } else fields[part.fieldname] = String(part.value);
  }
  if (!bytes) throw badRequest('no file', '请选择要导入的文件', [{ path: 'file', message: '缺少文件' }]);
  let mapping: LedgerMapping | undefined;
  if (fields.mapping) {
    try { mapping = JSON.parse(fields.mapping) as LedgerMapping; } catch { throw badRequest('bad mapping', '列映射应为 JSON 对象', [{ path: 'mapping', message: '应为 JSON 对象' }]); }
  }
  const unitId = fields.unitId ? Number(fields.unitId) : undefined;
  if (unitId !== undefined && !(Number.isInteger(unitId) && unitId > 0)) throw badRequest('bad unitId', '单位编号无效', [{ path: 'unitId', message: '应为正整数' }]);
  return { bytes, filename, unitId, mapping };
}

export function importRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['imports'];
  r.post('/imports/preview', {
    schema: { tags, summary: '解析通报或台账（预览，不写入）：multipart 文件，或 JSON {text}', consumes: ['multipart/form-data', 'application/json'] },
    bodyLimit: 8 * 1024 * 1024,
  }, async (req) => preview(ctx, requireActor(req), await previewInput(req)));
  r.post('/imports/commit', { schema: { tags, summary: '确认导入：一次事务创建轮次、问题、措施和初始进展', body: importCommitBody }, bodyLimit: 16 * 1024 * 1024 },
    (req) => commitImport(ctx, requireActor(req), req.body));
  r.put('/imports/mappings', { schema: { tags, summary: '保存台账列映射', body: ledgerMappingBody } }, (req) => saveMapping(ctx, requireActor(req), req.body));
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  importCommitBody,
  importPreviewBody,
  importPreviewFields,
  ledgerMappingBody,
  type ImportPreviewBody,
} from '../../../domain/schemas/imports.js';
import { errorResponses, importCommitResultSchema, importPreviewSchema, okSchema } from '../../../domain/schemas/index.js';
import type { LedgerMapping } from '../../../domain/notice/index.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { blameField } from '../../http/errors.js';
import { multipartBody, parseMultipart } from '../../http/multipart.js';
import { AppError } from '../../lib/errors.js';
import { commitImport, preview, saveMapping } from './service.js';

/** The multipart form of a preview: the document, and optionally the unit and a corrected ledger mapping. */
const previewUpload = { fields: importPreviewFields, fileField: 'file', minFiles: 1, maxFiles: 1 };

/**
 * A text of more lines than this is refused before it is parsed: real notices
 * run to a few hundred lines, and a million numbered lines took seconds to parse
 * into a preview of hundreds of megabytes. Word and Excel files (zip) are bounded
 * by the reader's own limits.
 */
export const MAX_NOTICE_LINES = 50_000;

function lineCount(bytes: Uint8Array): number {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 0; // a zip container: .docx or .xlsx
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  let n = 0;
  if (utf16) {
    const le = bytes[0] === 0xff;
    for (let i = 2; i + 1 < bytes.length; i += 2) if ((le ? bytes[i] : bytes[i + 1]) === 0x0a && (le ? bytes[i + 1] : bytes[i]) === 0) n++;
  } else {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) n++;
  }
  return n;
}

function refuseTooManyLines(bytes: Uint8Array): void {
  if (lineCount(bytes) > MAX_NOTICE_LINES) {
    throw new AppError('payload_too_large', {
      message: `notice text over ${MAX_NOTICE_LINES} lines`,
      userMessage: `文本超过 ${MAX_NOTICE_LINES / 10_000} 万行，不像一份整改通报。请确认文件无误，或拆分后分别导入。`,
      details: { reason: 'too-many-lines' },
    });
  }
}

/** A preview takes either a file (multipart: file, unitId?, mapping?) or pasted text (JSON, validated by the route's schema). */
async function previewInput(
  req: FastifyRequest,
): Promise<{ field: string; bytes: Uint8Array; filename?: string; unitId?: number; mapping?: LedgerMapping }> {
  if (!req.isMultipart()) {
    const body = req.body as ImportPreviewBody;
    const bytes = new TextEncoder().encode(body.text);
    refuseTooManyLines(bytes);
    return { field: 'text', bytes, filename: body.filename, unitId: body.unitId };
  }
  const { fields, files } = await parseMultipart(req, previewUpload);
  refuseTooManyLines(files[0].bytes);
  const [file] = files;
  return { field: previewUpload.fileField, bytes: file.bytes, filename: file.filename, unitId: fields.unitId, mapping: fields.mapping };
}

export function importRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['imports'];
  r.post(
    '/imports/preview',
    {
      schema: {
        tags,
        summary: '解析通报或台账（预览，不写入）：multipart 文件，或 JSON {text}',
        body: multipartBody(previewUpload, importPreviewBody),
        response: { 200: importPreviewSchema, ...errorResponses },
      },
      bodyLimit: 8 * 1024 * 1024,
    },
    async (req) => {
      const actor = requireActor(req);
      const { field, ...input } = await previewInput(req);
      // a document the reader refuses is a bad value of the field that carried it
      return preview(ctx, { actor, ...input }).catch((e: unknown) => {
        throw blameField(e, field);
      });
    },
  );
  r.post(
    '/imports/commit',
    {
      schema: {
        tags,
        summary: '确认导入：一次事务创建轮次、问题、措施和初始进展',
        body: importCommitBody,
        response: { 200: importCommitResultSchema, ...errorResponses },
      },
      bodyLimit: 16 * 1024 * 1024,
    },
    (req) => commitImport(ctx, { actor: requireActor(req), commit: req.body }),
  );
  r.put(
    '/imports/mappings',
    { schema: { tags, summary: '保存台账列映射', body: ledgerMappingBody, response: { 200: okSchema, ...errorResponses } } },
    (req) => saveMapping(ctx, { actor: requireActor(req), mapping: req.body }),
  );
}

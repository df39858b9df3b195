import { sendDownload } from '../../http/download.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DOCX_MIME, errorResponses, fileDownload, idParam } from '../../../domain/schemas/index.js';
import {
  publicationCodeParams,
  publicationListQuery,
  publicationListSchema,
  publicationSchema,
  publicPublicationSchema,
  publicUnitsSchema,
  publishBody,
  publishedDocx,
  verifyDigestBody,
  verifyFileFields,
  verifyResultSchema,
} from '../../../domain/schemas/publications.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { multipartBody, parseMultipart } from '../../http/multipart.js';
import {
  listPublications,
  publicPublication,
  publicUnits,
  publish,
  publishedDocx as docxOf,
  publishedText,
  verifyBytes,
  verifyDigest,
} from './service.js';

/** A file to verify: one, of any kind. */
const verifyUpload = { fields: verifyFileFields, fileField: 'file', minFiles: 1, maxFiles: 1 };

/** Publication (the unit's 整改办) and its public side: read, download, verify. */
export function publicationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['publications'];
  r.get(
    '/inspections/:id/publications',
    {
      schema: {
        tags,
        summary: '本轮已发布的整改情况通报（分页）',
        params: idParam,
        querystring: publicationListQuery,
        response: { 200: publicationListSchema, ...errorResponses },
      },
    },
    (req) => listPublications(ctx, { actor: requireActor(req), inspectionId: req.params.id, query: req.query }),
  );
  r.post(
    '/inspections/:id/publications',
    {
      schema: {
        tags,
        summary: '发布整改情况通报的某一版本（冻结正文与 Word 文件，计算 SM3 摘要，写入审计链）',
        params: idParam,
        body: publishBody,
        response: { 201: publicationSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = await publish(ctx, { actor: requireActor(req), inspectionId: req.params.id, ...req.body });
      return reply.code(201).send(p);
    },
  );

  const pub = { public: true };
  r.get(
    '/public/units',
    { schema: { tags, summary: '已发布通报的单位（公开）', response: { 200: publicUnitsSchema, ...errorResponses } }, config: pub },
    () => publicUnits(ctx),
  );
  r.get(
    '/public/publications/:code',
    {
      schema: {
        tags,
        summary: '已发布的通报（公开）',
        params: publicationCodeParams,
        response: { 200: publicPublicationSchema, ...errorResponses },
      },
      config: pub,
    },
    (req) => publicPublication(ctx, req.params.code),
  );
  r.get(
    '/public/publications/:code/docx',
    {
      schema: {
        tags,
        summary: '已发布的 Word 文件（公开）',
        params: publicationCodeParams,
        response: { 200: publishedDocx, ...errorResponses },
      },
      config: pub,
    },
    async (req, reply) => {
      const f = await docxOf(ctx, req.params.code);
      return sendDownload(reply, { ...f, mime: DOCX_MIME });
    },
  );
  r.get(
    '/public/publications/:code/text',
    {
      schema: {
        tags,
        summary: '已发布通报的正文文本（UTF-8，其 SM3 即文件所印正文摘要）',
        params: publicationCodeParams,
        response: { 200: fileDownload('text/plain; charset=utf-8', '已发布通报的正文文本（UTF-8）'), ...errorResponses },
      },
      config: pub,
    },
    async (req, reply) => {
      const f = await publishedText(ctx, req.params.code);
      return sendDownload(reply, { ...f, mime: 'text/plain; charset=utf-8', bytes: Buffer.from(f.text, 'utf8') });
    },
  );
  r.post(
    '/public/verify',
    {
      schema: {
        tags,
        summary: '核验文件或摘要是否为已发布的通报（multipart 文件，或 JSON {digest}）',
        body: multipartBody(verifyUpload, verifyDigestBody),
        response: { 200: verifyResultSchema, ...errorResponses },
      },
      config: pub,
    },
    async (req) => {
      if (!req.isMultipart()) return verifyDigest(ctx.db, (req.body as { digest: string }).digest);
      const { files } = await parseMultipart(req, verifyUpload);
      return verifyBytes(ctx.db, files[0].bytes);
    },
  );
}

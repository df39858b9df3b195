import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DOCX_MIME, errorResponses, idParam } from '../../../domain/schemas/index.js';
import {
  compareQuery,
  compareSchema,
  composerSchema,
  contactBody,
  docxDownload,
  docxQuery,
  documentParams,
  draftSaveBody,
  unitContactSchema,
  versionParams,
  versionSaveBody,
  versionSchema,
} from '../../../domain/schemas/notices.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { compareVersions, documentDocx, getComposer, getContact, getVersion, saveDraft, saveVersion, updateContact } from './service.js';

/** The report and the public notice of a round: composer, draft, versions, comparison, .docx; the unit's contact settings. */
export function noticeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notices'];
  const doc = '/inspections/:id/documents/:kind';
  r.get(
    doc,
    {
      schema: {
        tags,
        summary: '整改报告/整改情况通报：草稿、数据、版本',
        params: documentParams,
        response: { 200: composerSchema, ...errorResponses },
      },
    },
    (req) => getComposer(ctx, { actor: requireActor(req), inspectionId: req.params.id, kind: req.params.kind }),
  );
  r.put(
    `${doc}/draft`,
    {
      schema: {
        tags,
        summary: '保存草稿',
        params: documentParams,
        body: draftSaveBody,
        response: { 200: composerSchema, ...errorResponses },
      },
    },
    (req) => saveDraft(ctx, { actor: requireActor(req), inspectionId: req.params.id, kind: req.params.kind, ...req.body }),
  );
  r.post(
    `${doc}/versions`,
    {
      schema: {
        tags,
        summary: '保存为新版本（冻结当前草稿和数据）',
        params: documentParams,
        body: versionSaveBody,
        response: { 200: versionSchema, ...errorResponses },
      },
    },
    (req) => saveVersion(ctx, { actor: requireActor(req), inspectionId: req.params.id, kind: req.params.kind, note: req.body.note }),
  );
  r.get(
    `${doc}/versions/:number`,
    { schema: { tags, summary: '查看某一版本', params: versionParams, response: { 200: versionSchema, ...errorResponses } } },
    (req) => getVersion(ctx, { actor: requireActor(req), inspectionId: req.params.id, kind: req.params.kind, number: req.params.number }),
  );
  r.get(
    `${doc}/compare`,
    {
      schema: {
        tags,
        summary: '比较两个版本',
        params: documentParams,
        querystring: compareQuery,
        response: { 200: compareSchema, ...errorResponses },
      },
    },
    (req) => compareVersions(ctx, { actor: requireActor(req), inspectionId: req.params.id, kind: req.params.kind, ...req.query }),
  );
  r.get(
    `${doc}/docx`,
    {
      schema: {
        tags,
        summary: '下载 Word 文件（GB/T 9704 版式）',
        params: documentParams,
        querystring: docxQuery,
        response: { 200: docxDownload, ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await documentDocx(ctx, {
        actor: requireActor(req),
        inspectionId: req.params.id,
        kind: req.params.kind,
        version: req.query.version,
      });
      return sendDownload(reply, { ...f, mime: DOCX_MIME });
    },
  );
  r.get(
    '/units/:id/contact',
    { schema: { tags, summary: '意见反馈联系方式', params: idParam, response: { 200: unitContactSchema, ...errorResponses } } },
    (req) => getContact(ctx, { actor: requireActor(req), unitId: req.params.id }),
  );
  r.put(
    '/units/:id/contact',
    {
      schema: {
        tags,
        summary: '修改意见反馈联系方式',
        params: idParam,
        body: contactBody,
        response: { 200: unitContactSchema, ...errorResponses },
      },
    },
    (req) => updateContact(ctx, { actor: requireActor(req), unitId: req.params.id, contact: req.body }),
  );
}

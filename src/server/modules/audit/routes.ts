import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditExportQuery, auditPageSchema, auditQuery, auditVerifySchema, errorResponses } from '../../../domain/schemas/index.js';
import { fileDownload, XLSX_MIME } from '../../../domain/schemas/responses/common.js';
import { sendDownload } from '../../http/download.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { auditPage, exportAudit } from './service.js';
import { verifyAuditTrail } from './verify.js';

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（审计管理员）',
        querystring: auditQuery,
        response: { 200: auditPageSchema, ...errorResponses },
      },
    },
    (req) => auditPage(ctx, { actor: requireActor(req), ...req.query }),
  );
  r.get(
    '/audit/export.xlsx',
    {
      schema: {
        tags: ['audit'],
        summary: '导出审计日志 .xlsx（审计管理员，筛选条件同列表，导出本身记入审计日志）',
        querystring: auditExportQuery,
        response: { 200: fileDownload(XLSX_MIME, '审计日志'), ...errorResponses },
      },
    },
    async (req, reply) => sendDownload(reply, await exportAudit(ctx, { actor: requireActor(req), ...req.query })),
  );
  r.get(
    '/audit/verify',
    { schema: { tags: ['audit'], summary: '校验审计日志哈希链', response: { 200: auditVerifySchema, ...errorResponses } } },
    (req) => verifyAuditTrail(ctx, { actor: requireActor(req) }),
  );
}

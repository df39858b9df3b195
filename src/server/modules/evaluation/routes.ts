import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DOCX_MIME, XLSX_MIME, errorResponses, idParam } from '../../../domain/schemas/index.js';
import {
  evaluationConfigBody,
  evaluationConfigSchema,
  evaluationDocx as docxAnswer,
  evaluationExportQuery,
  evaluationsXlsx,
  evaluationOverrideBody,
  evaluationSchema,
} from '../../../domain/schemas/office.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { evaluationDocx, exportYear, getConfig, getEvaluation, overrideGrade, saveConfig } from './service.js';

export function evaluationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['evaluation'];
  r.get(
    '/inspections/:id/evaluation',
    {
      schema: {
        tags,
        summary: '整改评估：得分、等次及各项构成（含分子分母）',
        params: idParam,
        response: { 200: evaluationSchema, ...errorResponses },
      },
    },
    (req) => getEvaluation(ctx, { actor: requireActor(req), inspectionId: req.params.id }),
  );
  r.post(
    '/inspections/:id/evaluation/override',
    {
      schema: {
        tags,
        summary: '巡察办调整评估等次（须说明理由；grade 为 null 时恢复计算等次）',
        params: idParam,
        body: evaluationOverrideBody,
        response: { 200: evaluationSchema, ...errorResponses },
      },
    },
    (req) => overrideGrade(ctx, { actor: requireActor(req), inspectionId: req.params.id, body: req.body }),
  );
  r.get(
    '/inspections/:id/evaluation/docx',
    { schema: { tags, summary: '整改评估报告 .docx（公文格式）', params: idParam, response: { 200: docxAnswer, ...errorResponses } } },
    async (req, reply) => {
      const f = await evaluationDocx(ctx, { actor: requireActor(req), inspectionId: req.params.id });
      return sendDownload(reply, { ...f, mime: DOCX_MIME });
    },
  );
  r.get(
    '/office/evaluations/xlsx',
    {
      schema: {
        tags,
        summary: '某年度所属各单位整改评估汇总 .xlsx',
        querystring: evaluationExportQuery,
        response: { 200: evaluationsXlsx, ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await exportYear(ctx, { actor: requireActor(req), year: req.query.year });
      return sendDownload(reply, { ...f, mime: XLSX_MIME });
    },
  );
  r.get(
    '/office/evaluation-config',
    { schema: { tags, summary: '评估设置（权重、等次分数线）', response: { 200: evaluationConfigSchema, ...errorResponses } } },
    (req) => getConfig(ctx, { actor: requireActor(req) }),
  );
  r.put(
    '/office/evaluation-config',
    {
      schema: {
        tags,
        summary: '修改评估设置（权重之和须为 100）',
        body: evaluationConfigBody,
        response: { 200: evaluationConfigSchema, ...errorResponses },
      },
    },
    (req) => saveConfig(ctx, { actor: requireActor(req), config: req.body }),
  );
}

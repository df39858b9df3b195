/**
 * Routes of planning many problems at once and of the round's tree editor
 * (issue 7 points 7 and 8); the use cases are in batch.ts and tree.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorResponses,
  idParam,
  planBatchResultSchema,
  planImportPreviewSchema,
  problemDeletedSchema,
  problemTreeSchema,
} from '../../../domain/schemas/index.js';
import { planBatchBody, planImportFields, problemNodeBody } from '../../../domain/schemas/planning.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { multipartBody, parseMultipart } from '../../http/multipart.js';
import { planBatch, planImportPreview } from './batch.js';
import { deleteProblem, editNode, problemTree } from './tree.js';

/** The office's own ledger: one .xlsx file. */
const planUpload = { fields: planImportFields, fileField: 'file', minFiles: 1, maxFiles: 1 };

export function planningRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ledger'];
  r.post(
    '/problems/plan-batch',
    {
      schema: {
        tags,
        summary: '批量修改整改计划（一次事务，每个问题一条计划变更记录）',
        body: planBatchBody,
        response: { 200: planBatchResultSchema, ...errorResponses },
      },
    },
    (req) => planBatch(ctx, { actor: requireActor(req), batch: req.body }),
  );
  r.post(
    '/inspections/:id/plan-import/preview',
    {
      schema: {
        tags,
        summary: '从 Excel 台账导入整改计划：按序号和标题匹配问题（预览，不写入）',
        params: idParam,
        body: multipartBody(planUpload),
        response: { 200: planImportPreviewSchema, ...errorResponses },
      },
      bodyLimit: 8 * 1024 * 1024,
    },
    async (req) => {
      const actor = requireActor(req);
      const { files } = await parseMultipart(req, planUpload);
      return planImportPreview(ctx, { actor, inspectionId: req.params.id, filename: files[0].filename, bytes: files[0].bytes });
    },
  );
  r.get(
    '/inspections/:id/tree',
    { schema: { tags, summary: '轮次的问题树（含分组）', params: idParam, response: { 200: problemTreeSchema, ...errorResponses } } },
    (req) => problemTree(ctx, { actor: requireActor(req), inspectionId: req.params.id }),
  );
  r.patch(
    '/problems/:id/node',
    {
      schema: {
        tags,
        summary: '修改问题节点的序号或位置（移动）',
        params: idParam,
        body: problemNodeBody,
        response: { 200: problemTreeSchema, ...errorResponses },
      },
    },
    (req) => editNode(ctx, { actor: requireActor(req), problemId: req.params.id, change: req.body }),
  );
  r.delete(
    '/problems/:id',
    {
      schema: {
        tags,
        summary: '删除问题节点及其下级（尚无进展时）',
        params: idParam,
        response: { 200: problemDeletedSchema, ...errorResponses },
      },
    },
    (req) => deleteProblem(ctx, { actor: requireActor(req), problemId: req.params.id }),
  );
}

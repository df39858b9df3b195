import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam, okSchema } from '../../../domain/schemas/index.js';
import {
  accountabilityCreateBody,
  accountabilityEntrySchema,
  accountabilityListSchema,
  accountabilityQuery,
  accountabilityUpdateBody,
  clueCreateBody,
  clueEntrySchema,
  clueListSchema,
  clueQuery,
  clueUpdateBody,
  registerFileDownload,
  registerFilesUpload,
  registerTotalsQuery,
  registerTotalsResponseSchema,
  ruleCreateBody,
  ruleEntrySchema,
  ruleListSchema,
  ruleQuery,
  ruleUpdateBody,
  workEventCreateBody,
  workEventEntrySchema,
  workEventListSchema,
  workEventQuery,
  workEventUpdateBody,
} from '../../../domain/schemas/registers.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { multipartBody, parseMultipart } from '../../http/multipart.js';
import * as s from './service.js';

/** The registers of issue 8 under /registers: accountability, rules, clues, work events, their files and the totals. */
export function registerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['registers'];
  const ok = { 200: okSchema, ...errorResponses };
  const acc = { 200: accountabilityEntrySchema, ...errorResponses };
  const rule = { 200: ruleEntrySchema, ...errorResponses };
  const clue = { 200: clueEntrySchema, ...errorResponses };
  const ev = { 200: workEventEntrySchema, ...errorResponses };

  r.get(
    '/registers/totals',
    {
      schema: {
        tags,
        summary: '问责、制度、线索、工作事项的合计（通报用语）',
        querystring: registerTotalsQuery,
        response: { 200: registerTotalsResponseSchema, ...errorResponses },
      },
    },
    (req) => s.totals(ctx, { actor: requireActor(req), inspectionId: req.query.inspectionId }),
  );

  r.get(
    '/registers/accountability',
    {
      schema: {
        tags,
        summary: '问责台账',
        querystring: accountabilityQuery,
        response: { 200: accountabilityListSchema, ...errorResponses },
      },
    },
    (req) => s.listAccountability(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.post('/registers/accountability', { schema: { tags, summary: '登记问责', body: accountabilityCreateBody, response: acc } }, (req) =>
    s.createAccountability(ctx, { actor: requireActor(req), entry: req.body }),
  );
  r.get('/registers/accountability/:id', { schema: { tags, summary: '问责记录', params: idParam, response: acc } }, (req) =>
    s.getAccountability(ctx, { actor: requireActor(req), id: req.params.id }),
  );
  r.put(
    '/registers/accountability/:id',
    { schema: { tags, summary: '修改问责记录', params: idParam, body: accountabilityUpdateBody, response: acc } },
    (req) => s.updateAccountability(ctx, { actor: requireActor(req), id: req.params.id, entry: req.body }),
  );
  r.delete('/registers/accountability/:id', { schema: { tags, summary: '删除问责记录', params: idParam, response: ok } }, (req) =>
    s.deleteAccountability(ctx, { actor: requireActor(req), id: req.params.id }),
  );

  r.get(
    '/registers/rules',
    { schema: { tags, summary: '建章立制台账', querystring: ruleQuery, response: { 200: ruleListSchema, ...errorResponses } } },
    (req) => s.listRules(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.post('/registers/rules', { schema: { tags, summary: '登记制度', body: ruleCreateBody, response: rule } }, (req) =>
    s.createRule(ctx, { actor: requireActor(req), rule: req.body }),
  );
  r.get('/registers/rules/:id', { schema: { tags, summary: '制度', params: idParam, response: rule } }, (req) =>
    s.getRule(ctx, { actor: requireActor(req), id: req.params.id }),
  );
  r.put('/registers/rules/:id', { schema: { tags, summary: '修改制度', params: idParam, body: ruleUpdateBody, response: rule } }, (req) =>
    s.updateRule(ctx, { actor: requireActor(req), id: req.params.id, rule: req.body }),
  );
  r.delete('/registers/rules/:id', { schema: { tags, summary: '删除制度', params: idParam, response: ok } }, (req) =>
    s.deleteRule(ctx, { actor: requireActor(req), id: req.params.id }),
  );
  r.post(
    '/registers/rules/:id/files',
    {
      schema: {
        tags,
        summary: '上传制度文件（multipart：file…）',
        params: idParam,
        body: multipartBody(registerFilesUpload),
        response: rule,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { files } = await parseMultipart(req, registerFilesUpload);
      return s.attachRuleFiles(ctx, { actor, id: req.params.id, files });
    },
  );

  r.get(
    '/registers/clues',
    { schema: { tags, summary: '问题线索台账', querystring: clueQuery, response: { 200: clueListSchema, ...errorResponses } } },
    (req) => s.listClues(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.post('/registers/clues', { schema: { tags, summary: '登记问题线索', body: clueCreateBody, response: clue } }, (req) =>
    s.createClue(ctx, { actor: requireActor(req), clue: req.body }),
  );
  r.get('/registers/clues/:id', { schema: { tags, summary: '问题线索', params: idParam, response: clue } }, (req) =>
    s.getClue(ctx, { actor: requireActor(req), id: req.params.id }),
  );
  r.put(
    '/registers/clues/:id',
    { schema: { tags, summary: '修改问题线索', params: idParam, body: clueUpdateBody, response: clue } },
    (req) => s.updateClue(ctx, { actor: requireActor(req), id: req.params.id, clue: req.body }),
  );
  r.delete('/registers/clues/:id', { schema: { tags, summary: '删除问题线索', params: idParam, response: ok } }, (req) =>
    s.deleteClue(ctx, { actor: requireActor(req), id: req.params.id }),
  );

  r.get(
    '/registers/events',
    { schema: { tags, summary: '整改工作记录', querystring: workEventQuery, response: { 200: workEventListSchema, ...errorResponses } } },
    (req) => s.listEvents(ctx, { actor: requireActor(req), query: req.query }),
  );
  r.post('/registers/events', { schema: { tags, summary: '登记工作事项', body: workEventCreateBody, response: ev } }, (req) =>
    s.createEvent(ctx, { actor: requireActor(req), event: req.body }),
  );
  r.get('/registers/events/:id', { schema: { tags, summary: '工作事项', params: idParam, response: ev } }, (req) =>
    s.getEvent(ctx, { actor: requireActor(req), id: req.params.id }),
  );
  r.put(
    '/registers/events/:id',
    { schema: { tags, summary: '修改工作事项', params: idParam, body: workEventUpdateBody, response: ev } },
    (req) => s.updateEvent(ctx, { actor: requireActor(req), id: req.params.id, event: req.body }),
  );
  r.delete('/registers/events/:id', { schema: { tags, summary: '删除工作事项', params: idParam, response: ok } }, (req) =>
    s.deleteEvent(ctx, { actor: requireActor(req), id: req.params.id }),
  );
  r.post(
    '/registers/events/:id/files',
    {
      schema: {
        tags,
        summary: '上传会议纪要等文件（multipart：file…）',
        params: idParam,
        body: multipartBody(registerFilesUpload),
        response: ev,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { files } = await parseMultipart(req, registerFilesUpload);
      return s.attachEventFiles(ctx, { actor, id: req.params.id, files });
    },
  );

  r.get(
    '/registers/files/:id',
    { schema: { tags, summary: '下载制度文件、会议纪要', params: idParam, response: { 200: registerFileDownload, ...errorResponses } } },
    async (req, reply) => {
      const f = await s.registerFile(ctx, { actor: requireActor(req), fileId: req.params.id });
      return sendDownload(reply, f);
    },
  );
  r.delete('/registers/files/:id', { schema: { tags, summary: '删除文件', params: idParam, response: ok } }, (req) =>
    s.detachFile(ctx, { actor: requireActor(req), fileId: req.params.id }),
  );
}

import { sendDownload } from '../http/download.js';
/**
 * The public portal under /public/: server-rendered pages, no login, no script.
 * Reads and writes go through the publications and feedback services, the same
 * use cases the JSON API (/api/v1/public/…) calls; forms post multipart like the
 * API's, validated by the same zod schemas, and a refusal re-renders the form with
 * the field named. Errors are HTML pages here, not the API's JSON.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../lib/errors.js';
import { parseMultipart } from '../http/multipart.js';
import { id } from '../../domain/schemas/primitives.js';
import { DOCX_MIME } from '../../domain/schemas/responses/common.js';
import { feedbackBody, trackingCode } from '../../domain/schemas/feedback.js';
import { publicationCode, sm3Hex, verifyFileFields } from '../../domain/schemas/publications.js';
import {
  publicPublication,
  publicUnits,
  publicationByCode,
  publishedDocx,
  publishedText,
  unitPublications,
  verifyBytes,
  verifyDigest,
} from '../modules/publications/service.js';
import { admit, captcha, feedbackState, submitFeedback } from '../modules/feedback/service.js';
import { noticeRepo } from '../modules/notices/repository.js';
import { PORTAL_CSS } from './css.js';
import { readForm } from './form.js';
import { page, type Html } from './html.js';
import {
  errorPage,
  feedbackDonePage,
  feedbackPage,
  homePage,
  noticePage,
  trackPage,
  unitPage,
  verifyPage,
  type FeedbackFormState,
} from './pages.js';

const LARGE_COOKIE = 'zg_large';

/** Query and path schemas of the pages (hidden from the API document: these answer HTML). */
const codeParams = z.object({ code: publicationCode });
const unitParams = z.object({ id });
const feedbackQuery = z.object({ unit: id, publication: publicationCode.optional() });
const largeQuery = z.object({ on: z.enum(['0', '1']), back: z.string().max(300).optional() });
/** Free text as typed into a GET form: checked by the page, so a wrong value is shown beside its field. */
const typedQuery = (key: string) => z.object({ [key]: z.string().max(300).optional() });

function isLarge(req: FastifyRequest): boolean {
  return req.cookies?.[LARGE_COOKIE] === '1';
}

function send(reply: FastifyReply, req: FastifyRequest, title: string, body: Html, status = 200) {
  const path = req.url.split('#')[0];
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page({ title, path, large: isLarge(req), body }));
}

/** Field → message of a 400 from the shared schemas (or a use case that names its field). */
function fieldErrors(e: AppError): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(e.details)) {
    for (const d of e.details as { path?: string; message?: string }[]) {
      const key = (d.path ?? '').split('.')[0] || 'form';
      out[key] ??= d.message ?? '取值无效';
    }
  }
  if (!Object.keys(out).length) out.form = e.userMessage;
  return out;
}

export function portalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const hide = { hide: true };

  app.setErrorHandler((err: Error, req, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error(err);
      return send(reply, req, '出错了', errorPage(err.status, err.userMessage), err.status);
    }
    if (hasZodFastifySchemaValidationErrors(err))
      return send(reply, req, '地址有误', errorPage(400, '链接地址有误，请从首页重新进入'), 400);
    const status = (err as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return send(reply, req, '出错了', errorPage(status, '请求无法处理'), status);
    req.log.error(err);
    return send(reply, req, '出错了', errorPage(500, '服务器内部错误，请稍后重试'), 500);
  });
  app.setNotFoundHandler((req, reply) => send(reply, req, '页面不存在', errorPage(404, '您访问的页面不存在'), 404));

  r.get('/assets/portal.css', { schema: hide }, (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PORTAL_CSS),
  );

  r.get('/', { schema: hide }, async (req, reply) => send(reply, req, '通报公开', homePage((await publicUnits(ctx)).units)));

  r.get('/units/:id', { schema: { ...hide, params: unitParams } }, async (req, reply) => {
    const u = await unitPublications(ctx, req.params.id);
    if (!u) return send(reply, req, '页面不存在', errorPage(404, '该单位尚未公开发布整改情况通报'), 404);
    return send(reply, req, u.name, unitPage(u));
  });

  r.get('/n/:code', { schema: { ...hide, params: codeParams } }, async (req, reply) => {
    const p = await publicPublication(ctx, req.params.code);
    return send(reply, req, p.title, noticePage(p));
  });
  r.get('/n/:code/docx', { schema: { ...hide, params: codeParams } }, async (req, reply) => {
    const f = await publishedDocx(ctx, req.params.code);
    return sendDownload(reply, { ...f, mime: DOCX_MIME });
  });
  r.get('/n/:code/text', { schema: { ...hide, params: codeParams } }, async (req, reply) => {
    const f = await publishedText(ctx, req.params.code);
    return sendDownload(reply, { ...f, mime: 'text/plain; charset=utf-8', bytes: Buffer.from(f.text, 'utf8') });
  });

  // ---- verification ----
  r.get('/verify', { schema: { ...hide, querystring: typedQuery('digest') } }, async (req, reply) => {
    const typed = (req.query as { digest?: string }).digest;
    if (typed === undefined || typed.trim() === '') return send(reply, req, '文件核验', verifyPage({}));
    const d = sm3Hex.safeParse(typed);
    if (!d.success)
      return send(reply, req, '文件核验', verifyPage({ digestValue: typed, errors: { digest: d.error.issues[0].message } }), 400);
    return send(reply, req, '核验结果', verifyPage({ digestValue: typed, result: await verifyDigest(ctx.db, d.data) }));
  });
  const verifyUpload = { fields: verifyFileFields, fileField: 'file', minFiles: 1, maxFiles: 1 };
  const verifyPost = async (req: FastifyRequest, reply: FastifyReply, code?: string) => {
    const publication = code ? await publicationByCode(ctx.db, code) : null;
    if (code && !publication) return send(reply, req, '页面不存在', errorPage(404, '该发布编号对应的通报不存在'), 404);
    try {
      const { files } = await parseMultipart(req, verifyUpload);
      return send(reply, req, '核验结果', verifyPage({ publication, result: await verifyBytes(ctx.db, files[0].bytes) }));
    } catch (e) {
      if (e instanceof AppError && e.code === 'bad_request')
        return send(reply, req, '文件核验', verifyPage({ publication, errors: fieldErrors(e) }), 400);
      throw e;
    }
  };
  r.post('/verify', { schema: hide }, (req, reply) => verifyPost(req, reply));
  r.get('/verify/:code', { schema: { ...hide, params: codeParams } }, async (req, reply) => {
    const publication = await publicationByCode(ctx.db, req.params.code);
    if (!publication) return send(reply, req, '页面不存在', errorPage(404, '该发布编号对应的通报不存在'), 404);
    return send(reply, req, `核验：${publication.title}`, verifyPage({ publication }));
  });
  r.post('/verify/:code', { schema: { ...hide, params: codeParams } }, (req, reply) => verifyPost(req, reply, req.params.code));

  // ---- feedback ----
  const formState = async (
    unitId: number,
    code: string | undefined,
  ): Promise<Omit<FeedbackFormState, 'values' | 'errors' | 'captcha'> | null> => {
    const u = await unitPublications(ctx, unitId);
    if (!u) return null;
    const pub = code ? u.publications.find((p) => p.code === code) : undefined;
    const c = await noticeRepo.contact(ctx.db, unitId);
    return { unit: { id: u.id, name: u.name }, publication: pub ? { code: pub.code, title: pub.title } : null, contact: c };
  };
  const newCaptcha = () => (ctx.config.FEEDBACK_CAPTCHA ? captcha(ctx) : null);

  r.get('/feedback', { schema: { ...hide, querystring: feedbackQuery } }, async (req, reply) => {
    const base = await formState(req.query.unit, req.query.publication);
    if (!base) return send(reply, req, '页面不存在', errorPage(404, '该单位尚未公开发布整改情况通报'), 404);
    return send(reply, req, '意见建议', feedbackPage({ ...base, values: {}, errors: {}, captcha: newCaptcha() }));
  });
  r.post('/feedback', { schema: hide }, async (req, reply) => {
    const form = await readForm(req, 'file');
    const parsed = feedbackBody.safeParse(form.fields);
    const errors: Record<string, string> = { ...form.errors };
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'form')] ??= i.message;
    if (!parsed.success || Object.keys(errors).length) return refuse(req, reply, form.fields, errors);
    try {
      admit(ctx, req.ip, parsed.data);
      const { code } = await submitFeedback(ctx, { body: parsed.data, file: form.file ?? undefined, ip: req.ip });
      const base = await formState(parsed.data.unitId, undefined);
      return send(reply, req, '意见建议已提交', feedbackDonePage(code, base?.unit.name ?? ''), 201);
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'bad_request' && e.code !== 'unsupported_media' && e.code !== 'payload_too_large'))
        throw e;
      return refuse(req, reply, form.fields, e.code === 'bad_request' ? fieldErrors(e) : { file: e.userMessage });
    }
  });
  /** The form again with what was typed and the errors; a new captcha (the old one was spent). */
  async function refuse(req: FastifyRequest, reply: FastifyReply, typed: Record<string, string>, errors: Record<string, string>) {
    const unitId = id.safeParse(typed.unitId);
    const pub = publicationCode.safeParse(typed.publication);
    const base = unitId.success ? await formState(unitId.data, pub.success ? pub.data : undefined) : null;
    if (!base) return send(reply, req, '无法提交', errorPage(400, '请从通报页面进入意见建议表单'), 400);
    const values = Object.fromEntries(['subject', 'text', 'name', 'phone', 'email'].map((k) => [k, typed[k] ?? '']));
    return send(reply, req, '意见建议', feedbackPage({ ...base, values, errors, captcha: newCaptcha() }), 400);
  }

  r.get('/track', { schema: { ...hide, querystring: typedQuery('code') } }, async (req, reply) => {
    const typed = (req.query as { code?: string }).code;
    if (typed === undefined || typed.trim() === '') return send(reply, req, '意见建议查询', trackPage({}));
    const c = trackingCode.safeParse(typed);
    if (!c.success) return send(reply, req, '意见建议查询', trackPage({ codeValue: typed, error: c.error.issues[0].message }), 400);
    try {
      const state = await feedbackState(ctx, c.data);
      return send(reply, req, '意见建议查询', trackPage({ codeValue: c.data, state }));
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found')
        return send(reply, req, '意见建议查询', trackPage({ codeValue: typed, notFound: true }), 404);
      throw e;
    }
  });

  // ---- large print: a cookie the pages read; back only to a portal page ----
  r.get('/large', { schema: { ...hide, querystring: largeQuery } }, (req, reply) => {
    const back =
      req.query.back && /^\/public\/[^\s\\]*$/.test(req.query.back) && !req.query.back.startsWith('/public//')
        ? req.query.back
        : '/public/';
    reply.header(
      'set-cookie',
      `${LARGE_COOKIE}=${req.query.on}; Path=/public; Max-Age=${req.query.on === '1' ? 31_536_000 : 0}; SameSite=Lax` +
        (ctx.config.COOKIE_SECURE ? '; Secure' : ''),
    );
    return reply.redirect(back, 303);
  });
}

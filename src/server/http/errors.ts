import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';
import { DbError } from '../db/index.js';

interface ErrorBody {
  code: string;
  message: string;
  details: unknown;
}

/** Where a bad value was found, as people read it. */
const WHERE = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' } as const;
export type InputPart = keyof typeof WHERE;

/** One field a 400 names: its dotted path ("nodes.0.title") and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * The one 400 for input that fails its schema — JSON bodies, query strings,
 * path parameters and multipart fields alike: `details` lists every field with
 * its problem, and the message names the first.
 */
export function invalidInput(part: InputPart, issues: readonly { path: readonly PropertyKey[] | string; message: string }[]): AppError {
  const details: FieldIssue[] = issues.map((i) => ({
    path: typeof i.path === 'string' ? i.path : i.path.map(String).join('.'),
    message: i.message,
  }));
  const where = WHERE[part];
  const first = details[0];
  const message = !first
    ? `${where}有误`
    : first.path
      ? `${where}字段 ${first.path} 有误：${first.message}`
      : `${where}有误：${first.message}`;
  return new AppError('bad_request', {
    message: `invalid ${part}: ${details.map((d) => d.path || '(root)').join(', ')}`,
    userMessage: message,
    details,
  });
}

/**
 * A refusal of a whole input (a document the reader cannot read, a text it
 * refuses) as a 400 naming the field that carried it, like any other bad field.
 * The reader's reason code stays in the detail.
 */
export function blameField(e: unknown, path: string): unknown {
  if (!(e instanceof AppError) || e.code !== 'bad_request' || Array.isArray(e.details)) return e;
  const reason = e.details && typeof e.details === 'object' && 'reason' in e.details ? e.details.reason : undefined;
  return new AppError('bad_request', {
    message: e.message,
    userMessage: e.userMessage,
    details: [{ path, message: e.userMessage, reason }],
  });
}

/**
 * Maps every failure to the one error shape `{code, message, details}`.
 * People get the Chinese `message`; the log gets the English one and the stack.
 */
export function registerErrorHandler(app: FastifyInstance, opts: { spa?: boolean } = {}): void {
  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    const send = (status: number, body: ErrorBody) => reply.code(status).send(body);
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error(err);
      else req.log.info({ code: err.code }, err.message);
      return send(err.status, { code: err.code, message: err.userMessage, details: err.details ?? null });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      type Issue = { instancePath: string; keyword?: string; message?: string; params?: { keys?: unknown } };
      const fe = err as unknown as { validationContext?: string; validation: Issue[] };
      const part = (fe.validationContext ?? 'body') in WHERE ? (fe.validationContext as InputPart) : 'body';
      const e = invalidInput(
        part,
        fe.validation.flatMap((v) => {
          const path = v.instancePath.split('/').filter(Boolean);
          const message = v.message ?? '取值无效';
          // a strict object's unknown keys: one issue per key, each naming it
          const keys = v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys) ? v.params.keys.map(String) : [];
          return keys.length ? keys.map((k) => ({ path: [...path, k], message: '不接受该字段' })) : [{ path, message }];
        }),
      );
      req.log.info({ code: e.code }, e.message);
      return send(400, { code: e.code, message: e.userMessage, details: e.details });
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
      return send(413, { code: 'payload_too_large', message: '上传内容超过大小限制', details: null });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
      return send(415, { code: 'unsupported_media', message: '不支持的请求格式', details: null });
    }
    if (
      fe.statusCode === 400 ||
      fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err instanceof SyntaxError
    ) {
      return send(400, { code: 'bad_request', message: '请求格式有误（无法解析）', details: { reason: err.message } });
    }
    if (err instanceof DbError && err.code === '40001') {
      return send(409, { code: 'conflict', message: '数据已被他人修改，请刷新后重试', details: null });
    }
    if (err instanceof DbError && err.code === '23505') {
      return send(409, { code: 'conflict', message: '与现有记录重复', details: { constraint: err.constraint } });
    }
    if (err instanceof DbError && err.code?.startsWith('22')) {
      // a value the schemas should have refused (class 22: data exception); still the client's input, not a crash.
      // Logged without a stack but as a warning: it names a schema that needs a bound.
      req.log.warn({ code: err.code }, `data exception: ${err.message}`);
      return send(400, { code: 'bad_request', message: '提交的数据取值无效', details: { reason: err.code } });
    }
    if (fe.statusCode === 429) return send(429, { code: 'rate_limited', message: '请求过于频繁，请稍后再试', details: null });
    // any other client error a plugin raises (a malformed multipart part, a prototype key, a bad URL) stays a client error
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      req.log.info({ code: fe.code }, err.message);
      return send(400, { code: 'bad_request', message: '请求格式有误（无法解析）', details: { reason: fe.code ?? err.message } });
    }
    req.log.error(err);
    return send(500, { code: 'internal', message: '服务器内部错误，请稍后重试或联系管理员', details: null });
  });
  app.setNotFoundHandler((req, reply) => {
    // client-side routes of the web app: any other GET outside /api gets the app shell
    if (opts.spa && req.method === 'GET' && !req.url.startsWith('/api')) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ code: 'not_found', message: `接口不存在：${req.method} ${req.url.split('?')[0]}`, details: null });
  });
}

/** The longest path parameter the router accepts (ids are short; long garbage stays out of the router). */
export const MAX_PARAM_LENGTH = 200;

/**
 * Errors the router raises before any route runs — a path that is not valid
 * percent-encoded UTF-8 ("%ED%A0%80", a lone surrogate), a parameter over the
 * length limit — answered in the one error shape and naming the path parameter,
 * found by matching the URL against the route templates.
 */
export function routerErrors(headers: Record<string, string>) {
  const templates: { method: string; re: RegExp; names: string[] }[] = [];
  const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    /** Registered as an onRoute hook: remembers each route's template. */
    onRoute(route: RouteOptions): void {
      const names: string[] = [];
      const re = route.url
        .split('/')
        .map((seg) => {
          if (seg.startsWith(':')) {
            names.push(seg.slice(1));
            return '([^/]*)';
          }
          return seg === '*' ? '.*' : escape(seg);
        })
        .join('/');
      for (const method of [route.method].flat()) templates.push({ method, re: new RegExp(`^${re}$`), names });
    },
    /** The Fastify `frameworkErrors` option. */
    handler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
      const path = (req.raw.url ?? '').split('?')[0];
      const decodes = (x: string) => {
        try {
          decodeURIComponent(x);
          return true;
        } catch {
          return false;
        }
      };
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      let field = '';
      for (const t of templates.filter((x) => x.method === req.raw.method)) {
        const m = t.re.exec(path);
        const i = m ? m.slice(1).findIndex((v) => (tooLong ? v.length > MAX_PARAM_LENGTH : !decodes(v))) : -1;
        if (m && i >= 0) {
          field = t.names[i];
          break;
        }
      }
      const problem = tooLong ? '过长' : '编码无效（不是合法的 UTF-8 百分号编码）';
      req.log.info({ code: err.code }, err.message);
      // these replies skip the onSend hooks, so the security headers are set here
      void reply
        .code(400)
        .headers(headers)
        .send({
          code: 'bad_request',
          message: field ? `路径参数字段 ${field} 有误：${problem}` : `请求地址有误：${problem}`,
          details: [{ path: field, message: problem }],
        });
    },
  };
}

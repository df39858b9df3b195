import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';
import { DbError } from '../db/index.js';
import { WorkflowError } from '../../domain/workflow/index.js';

interface ErrorBody { code: string; message: string; details: unknown }

const WHERE: Record<string, string> = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' };

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
    if (err instanceof WorkflowError) {
      req.log.info({ code: err.code }, err.message);
      return send(409, { code: 'conflict', message: err.userMessage, details: { reason: err.code } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fe = err as unknown as { validationContext?: string; validation: { instancePath: string; message?: string; params?: { issue?: { path?: PropertyKey[]; message?: string } } }[] };
      const details = fe.validation.map((v) => {
        const issue = v.params?.issue;
        const path = (issue?.path ?? v.instancePath.split('/').filter(Boolean)).map(String).join('.');
        return { path, message: issue?.message ?? v.message ?? '取值无效' };
      });
      const first = details[0];
      const where = WHERE[fe.validationContext ?? 'body'] ?? '请求';
      return send(400, { code: 'bad_request', message: first ? `${where}字段 ${first.path || '(整体)'} 有误：${first.message}` : `${where}有误`, details });
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
      return send(413, { code: 'payload_too_large', message: '上传内容超过大小限制', details: null });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
      return send(415, { code: 'unsupported_media', message: '不支持的请求格式', details: null });
    }
    if (fe.statusCode === 400 || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError) {
      return send(400, { code: 'bad_request', message: '请求格式有误（无法解析）', details: { reason: err.message } });
    }
    if (err instanceof DbError && err.code === '40001') {
      return send(409, { code: 'conflict', message: '数据已被他人修改，请刷新后重试', details: null });
    }
    if (err instanceof DbError && err.code === '23505') {
      return send(409, { code: 'conflict', message: '与现有记录重复', details: { constraint: err.constraint } });
    }
    if (fe.statusCode === 429) return send(429, { code: 'rate_limited', message: '请求过于频繁，请稍后再试', details: null });
    req.log.error(err);
    return send(500, { code: 'internal', message: '服务器内部错误，请稍后重试或联系管理员', details: null });
  });
  app.setNotFoundHandler((req, reply) => {
    // client-side routes of the web app: any other GET outside /api gets the app shell
    if (opts.spa && req.method === 'GET' && !req.url.startsWith('/api')) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ code: 'not_found', message: `接口不存在：${req.method} ${req.url.split('?')[0]}`, details: null });
  });
}

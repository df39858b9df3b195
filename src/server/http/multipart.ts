/**
 * Multipart bodies, validated like JSON ones. A multipart route declares its
 * fields with a shared zod schema and its files with a count; `parseMultipart`
 * reads the parts, cleans file names, refuses empty files, and checks the fields
 * with the same schema and the same 400 (`invalidInput`) as a JSON body.
 *
 * Fastify cannot validate a multipart body before the handler (the parts are a
 * stream the handler reads), so the route's OpenAPI body is documentation only:
 * `multipartBody(spec)` builds it, and app.ts skips validation for that media type.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { cleanFileName } from '../../domain/schemas/index.js';
import { AppError } from '../lib/errors.js';
import { invalidInput, type FieldIssue } from './errors.js';

export const MULTIPART = 'multipart/form-data';

export interface MultipartSpec<F extends z.ZodObject> {
  /** The text fields, with the schema a JSON body of the same request would use. */
  fields: F;
  /** The form field that carries files ("file"); repeated for several. */
  fileField: string;
  minFiles: number;
  maxFiles: number;
}

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

export interface ParsedMultipart<F extends z.ZodObject> {
  fields: z.output<F>;
  files: UploadedFile[];
}

/** The OpenAPI schema of a multipart body: its fields plus the file field as binary strings. */
export function multipartDoc<F extends z.ZodObject>(spec: MultipartSpec<F>): z.ZodObject {
  const file = z
    .array(z.string().meta({ format: 'binary' }))
    .max(spec.maxFiles)
    .meta({ description: `文件（最多 ${spec.maxFiles} 个）` });
  return spec.fields.extend({ [spec.fileField]: spec.minFiles > 0 ? file.min(spec.minFiles) : file.optional() });
}

/** A route's `schema.body` for a multipart request (with, optionally, a JSON alternative validated as usual). */
export function multipartBody<F extends z.ZodObject>(spec: MultipartSpec<F>, json?: z.ZodType) {
  return { content: { [MULTIPART]: { schema: multipartDoc(spec) }, ...(json ? { 'application/json': { schema: json } } : {}) } };
}

function unparseable(reason: string): AppError {
  return new AppError('bad_request', {
    message: `malformed multipart body: ${reason}`,
    userMessage: '请求体有误：表单（multipart）无法解析',
    details: [{ path: '', message: '表单无法解析' }],
  });
}

/**
 * Reads every part of a multipart request. All parts are consumed before any
 * refusal, so the connection stays usable; size and count limits of the
 * multipart plugin still answer 413.
 */
export async function parseMultipart<F extends z.ZodObject>(req: FastifyRequest, spec: MultipartSpec<F>): Promise<ParsedMultipart<F>> {
  if (!req.isMultipart()) {
    throw new AppError('unsupported_media', { message: 'multipart expected', userMessage: '请以 multipart/form-data 提交（含文件）' });
  }
  const raw: Record<string, string> = {};
  const files: UploadedFile[] = [];
  const issues: FieldIssue[] = [];
  const known = new Set(Object.keys(spec.fields.shape));
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname !== spec.fileField) {
          issues.push({ path: part.fieldname, message: '该字段不接受文件' });
          continue;
        }
        const name = cleanFileName(part.filename ?? '');
        if ('problem' in name) issues.push({ path: spec.fileField, message: name.problem });
        else if (bytes.length === 0) issues.push({ path: spec.fileField, message: `文件“${name.name}”为空` });
        else files.push({ filename: name.name, bytes });
        continue;
      }
      if (!known.has(part.fieldname)) continue; // unknown fields are ignored, as unknown JSON keys are
      if (part.fieldname in raw) issues.push({ path: part.fieldname, message: '字段重复' });
      else if (part.valueTruncated) issues.push({ path: part.fieldname, message: '内容过长' });
      else raw[part.fieldname] = String(part.value);
    }
  } catch (e) {
    const status = (e as { statusCode?: unknown }).statusCode;
    if (e instanceof AppError || (typeof status === 'number' && status >= 400 && status < 500)) throw e;
    throw unparseable((e as Error).message);
  }
  if (files.length > spec.maxFiles) issues.push({ path: spec.fileField, message: `最多上传 ${spec.maxFiles} 个文件` });
  if (files.length < spec.minFiles && !issues.some((i) => i.path === spec.fileField)) {
    issues.push({ path: spec.fileField, message: '请选择文件' });
  }
  const parsed = spec.fields.safeParse(raw);
  if (!parsed.success) issues.push(...parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  if (issues.length || !parsed.success) throw invalidInput('body', issues);
  return { fields: parsed.data, files };
}

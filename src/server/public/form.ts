/**
 * Reading a portal form (multipart/form-data as a browser sends it). Unlike the
 * API's parseMultipart it keeps every typed value, so a refused form comes back
 * filled in, and it skips the empty file part a browser sends for a file input
 * left empty. Values are then checked with the same zod schemas as the API.
 */
import type { FastifyRequest } from 'fastify';
import { cleanFileName } from '../../domain/schemas/primitives.js';
import { AppError } from '../lib/errors.js';

export interface PortalForm {
  fields: Record<string, string>;
  file: { filename: string; bytes: Buffer } | null;
  /** Problems found while reading (a bad file name, a second file), by field. */
  errors: Record<string, string>;
}

const MAX_FIELD = 64 * 1024;

export async function readForm(req: FastifyRequest, fileField: string): Promise<PortalForm> {
  if (!req.isMultipart()) {
    throw new AppError('unsupported_media', { message: 'multipart expected', userMessage: '表单格式不正确，请从页面提交' });
  }
  const fields: Record<string, string> = {};
  const errors: Record<string, string> = {};
  let file: PortalForm['file'] = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (!part.filename && bytes.length === 0) continue; // a file input left empty
        if (part.fieldname !== fileField || file) {
          errors[fileField] = '只能上传一个文件';
          continue;
        }
        const name = cleanFileName(part.filename ?? '');
        if ('problem' in name) errors[fileField] = name.problem;
        else if (bytes.length === 0) errors[fileField] = `文件“${name.name}”为空`;
        else file = { filename: name.name, bytes };
        continue;
      }
      if (part.fieldname in fields) continue;
      const value = String(part.value);
      fields[part.fieldname] = value.length > MAX_FIELD ? value.slice(0, MAX_FIELD) : value;
    }
  } catch (e) {
    const status = (e as { statusCode?: unknown }).statusCode;
    if (e instanceof AppError || (typeof status === 'number' && status >= 400 && status < 500)) throw e;
    throw new AppError('bad_request', { message: `malformed form: ${(e as Error).message}`, userMessage: '表单无法解析，请重新提交' });
  }
  return { fields, file, errors };
}

/**
 * Bridges the shared zod schemas and antd forms: the same rules and the same
 * Chinese messages on both sides of the wire.
 */
import type { FormInstance, FormRule as Rule } from 'antd';
import type { z } from 'zod';
import { isApiError } from './api';

/** An antd rule that checks one field with the schema of that field. */
export function zodRule(schema: z.ZodType): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const r = schema.safeParse(value === null ? undefined : value);
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '取值无效');
    },
  };
}

/**
 * Parses the values with the whole schema; on failure marks the fields on the
 * form and returns null.
 */
export function parseForm<S extends z.ZodType>(form: FormInstance, schema: S, values: unknown): z.output<S> | null {
  const r = schema.safeParse(values);
  if (r.success) return r.data;
  form.setFields(r.error.issues.map((i) => ({ name: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), errors: [i.message] })));
  return null;
}

/**
 * Puts the field errors of a `bad_request` answer on the form. Returns true
 * when at least one field was named, so the caller can skip a general alert.
 */
export function applyServerFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!isApiError(err) || err.code !== 'bad_request') return false;
  const fields = err.fieldIssues
    .map((i) => ({ name: i.path.split('.').filter(Boolean), errors: [i.message] }))
    .filter((f) => f.name.length > 0 && form.getFieldInstance(f.name) !== undefined);
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}

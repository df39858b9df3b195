/**
 * The OpenAPI transform: fastify-type-provider-zod's, plus request bodies given
 * per media type (`{content: {'multipart/form-data': {schema}}}`), which it does
 * not convert. Multipart routes document their fields that way (see multipart.ts).
 */
import type { FastifySchemaCompiler } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { MULTIPART } from './multipart.js';

type Transform = typeof jsonSchemaTransform;
type TransformInput = Parameters<Transform>[0];
interface ContentMap {
  content: Record<string, { schema: unknown }>;
}

function isContentMap(body: unknown): body is ContentMap {
  return typeof body === 'object' && body !== null && 'content' in body && typeof body.content === 'object' && body.content !== null;
}

export const openApiTransform: Transform = (doc) => {
  const body: unknown = doc.schema?.body;
  if (!isContentMap(body)) return jsonSchemaTransform(doc);
  const convert = (schema: unknown) => jsonSchemaTransform({ ...doc, schema: { body: schema } } as TransformInput).schema?.body;
  const rest = jsonSchemaTransform({ ...doc, schema: { ...doc.schema, body: undefined } } as TransformInput);
  const content = Object.fromEntries(Object.entries(body.content).map(([type, c]) => [type, { schema: convert(c.schema) }]));
  return { ...rest, schema: { ...rest.schema, body: { content } } } as ReturnType<Transform>;
};

/**
 * The zod validator, except for multipart bodies: those are a stream the handler
 * reads with `parseMultipart`, which validates them with the same schemas.
 */
export const requestValidatorCompiler: FastifySchemaCompiler<Parameters<typeof validatorCompiler>[0]['schema']> = (route) => {
  if (route.httpPart === 'body' && route.contentType === MULTIPART) return (data: unknown) => ({ value: data });
  return validatorCompiler(route);
};

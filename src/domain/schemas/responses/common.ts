/**
 * Building blocks of the response schemas. Every route declares its answer with
 * these, so the serializer drops any field not declared and /api/docs shows the
 * shapes. The types the web uses are `z.input` of a schema: the JSON on the wire
 * (an instant is a `Date` on the server and an ISO string on the wire).
 */
import { z } from 'zod';
import { LIGHTS, PROBLEM_STATUSES, RECTIFY_KINDS } from '../../workflow/index.js';

/** A database id: a positive 32-bit integer (the tables' `integer` identity columns). */
export const idSchema = z.int32().positive();

/** A Beijing business date, `YYYY-MM-DD` (dates never travel as instants: a zone would shift them). */
export const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * An instant: a `Date` in the server's hands, an ISO 8601 string on the wire.
 * A codec, because the serializer encodes (Date → string) and the web reads the string.
 */
export const instantSchema = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (s) => new Date(s),
  encode: (d) => d.toISOString(),
});

export const problemStatusSchema = z.enum(PROBLEM_STATUSES);
export const rectifyKindSchema = z.enum(RECTIFY_KINDS);

/** The lights of the workflow (red, yellow, green, blue, unplanned grey; none for closed items). */
export const lightSchema = z.enum(LIGHTS);

/** A named thing the client links to or shows: a department, a unit, a person. */
export const refSchema = z.object({
  /** Its id. */
  id: idSchema,
  /** Its name as people read it (a person's display name). */
  name: z.string(),
});
export type Ref = z.input<typeof refSchema>;

/**
 * Who did something recorded in the history. Both fields are null when no account did it:
 * the command-line import (`zhenggai import`) writes as the system.
 */
export const actorRefSchema = z.object({
  /** The person's user id; null for the system. */
  id: idSchema.nullable(),
  /** The person's display name; null for the system. */
  name: z.string().nullable(),
});
export type ActorRef = z.input<typeof actorRefSchema>;

/** One page of a paged list. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    /** The rows of this page, in the order asked for. */
    items: z.array(item),
    /** How many rows match in all pages. */
    total: z.int().nonnegative(),
    /** This page's number, from 1. */
    page: z.int().positive(),
    /** Rows per page as asked (the last page may hold fewer). */
    pageSize: z.int().positive(),
  });
}

/** One field a `bad_request` (400) names: its `details` is a list of these. */
export const fieldIssueSchema = z.object({
  /** The field, dot-separated for nested ones (e.g. "inspection.title"); empty for the request as a whole. */
  path: z.string(),
  /** What is wrong with it, in Chinese. */
  message: z.string(),
});
export type FieldIssue = z.input<typeof fieldIssueSchema>;

/**
 * The one error shape of every 4xx/5xx answer. `details` is, for `bad_request`,
 * a list of `{path, message}` naming the fields; for others a small object or null.
 */
export const apiErrorSchema = z
  .object({
    /** Stable code clients branch on: bad_request, unauthorized, forbidden, csrf, not_found, conflict, duplicate, … */
    code: z.string(),
    /** For people, in Chinese. */
    message: z.string(),
    /** Field errors of a 400, or facts about the refusal (e.g. `{reason}`); null when there are none. */
    details: z.unknown(),
  })
  .describe('错误：{code, message, details}');
export type ApiErrorBody = z.input<typeof apiErrorSchema>;

/** The error answers every route may give (documented once, serialized with the same shape). */
export const errorResponses = { '4xx': apiErrorSchema } as const;

/** The answer of a request that only confirms it was done. */
export const okSchema = z
  .object({
    /** True: failures answer with the error shape instead. */
    ok: z.boolean(),
  })
  .describe('已完成');
export type Ok = z.input<typeof okSchema>;

/** The media types of the documents the server generates. */
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The 200 answer of a route that sends a file, not JSON. fastify sends a buffer or a stream as it is
 * (the serializer never sees it); the schema documents the media type and the headers for /api/docs.
 * Every download goes through `sendDownload` (src/server/http/download.ts), which sets those headers.
 */
export function fileDownload(mime: string, description: string) {
  return {
    description: `${description}；content-disposition 为 attachment（含文件名），x-content-digest（如有）为 sm3=<摘要>`,
    content: {
      [mime]: {
        /** The bytes of the file: a buffer or a stream. */
        schema: z
          .custom<Uint8Array | { pipe: (...args: never[]) => unknown }>(
            (v) => v instanceof Uint8Array || (typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function'),
          )
          .meta({ type: 'string', format: 'binary' }),
      },
    },
  };
}

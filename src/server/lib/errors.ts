/**
 * The one error type of the server. `code` is stable (clients branch on it),
 * `message` is English for logs, `userMessage` is Chinese for people.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'csrf'
  | 'not_found'
  | 'conflict'
  | 'duplicate'
  | 'payload_too_large'
  | 'unsupported_media'
  | 'locked'
  | 'rate_limited'
  /** The session must first complete a step: give its second factor, change its password, set up the second factor. */
  | 'step_required'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  duplicate: 409,
  payload_too_large: 413,
  unsupported_media: 415,
  locked: 423,
  rate_limited: 429,
  step_required: 403,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    opts: { message: string; userMessage: string; details?: unknown },
  ) {
    super(opts.message);
    this.name = 'AppError';
    this.userMessage = opts.userMessage;
    this.details = opts.details;
    this.status = STATUS[code];
  }
  readonly userMessage: string;
  readonly details: unknown;
}

/** The common 404: the same answer for "absent" and "not yours", so ids leak nothing. */
export function notFound(what: string, zh: string): AppError {
  return new AppError('not_found', { message: `${what} not found`, userMessage: `${zh}不存在或无权访问` });
}

export function forbidden(action: string, zh: string): AppError {
  return new AppError('forbidden', { message: `not allowed: ${action}`, userMessage: `无权${zh}` });
}

export function conflict(message: string, userMessage: string, details?: unknown): AppError {
  return new AppError('conflict', { message, userMessage, details });
}

export function badRequest(message: string, userMessage: string, details?: unknown): AppError {
  return new AppError('bad_request', { message, userMessage, details });
}

/**
 * The HTTP transport of the web client (docs/API.md). It only moves data and turns
 * the server's error shape `{code, message, details}` into an ApiError: no toasts,
 * no redirects — the app decides what a 401 or a 409 means for the person.
 */

import { fieldIssueSchema, type FieldIssue } from './domain';

export const API_BASE = '/api/v1';

/** An error answer of the API, or a failure to reach it (`code: 'network'`). */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    /** Stable code: bad_request, unauthorized, forbidden, csrf, not_found, conflict, … */
    readonly code: string,
    /** Chinese, for people, as the server wrote it. */
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field errors of a `bad_request`, when the server named the fields (checked with the shared schema). */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.flatMap((d) => {
      const r = fieldIssueSchema.safeParse(d);
      return r.success ? [r.data] : [];
    });
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

// The CSRF token lives in memory only: it comes with the login answer and with
// /auth/me, which the app calls on start, so a reload gets it back.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** `?a=1&b=x,y` — empty values are left out, arrays are comma-separated. */
export function toSearch(query?: Record<string, QueryValue>): string {
  if (!query) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) sp.set(k, v.join(','));
    } else {
      sp.set(k, String(v));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  423: 'locked',
};

/** Builds an ApiError from a status and a body that may or may not follow the contract. */
export function toApiError(status: number, body: unknown, fallbackText?: string): ApiError {
  if (body && typeof body === 'object' && 'code' in body) {
    const b = body as { code?: unknown; message?: unknown; details?: unknown };
    return new ApiError(
      status,
      String(b.code),
      typeof b.message === 'string' && b.message ? b.message : `请求失败（${status}）`,
      b.details,
    );
  }
  const code = STATUS_CODES[status] ?? (status >= 500 ? 'internal' : 'http_error');
  return new ApiError(status, code, fallbackText?.trim().slice(0, 200) || `请求失败（${status}）`);
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

/** One JSON request; resolves to the parsed body (undefined for 204). */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (STATE_CHANGING.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}${toSearch(opts.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) throw toApiError(res.status, parsed, parsed === undefined ? text : undefined);
  return parsed as T;
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...opts, body }),
  delete: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, opts),
};

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0–100 */
  percent: number;
}

export interface UploadOptions {
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
  method?: 'POST' | 'PUT';
}

/**
 * A multipart upload through XMLHttpRequest, because fetch reports no upload
 * progress. Same cookie, same CSRF header, same error shape as `request`.
 */
export function upload<T>(path: string, form: FormData, opts: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(opts.method ?? 'POST', `${API_BASE}${path}`);
    xhr.withCredentials = false; // same-origin: cookies are sent anyway
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);

    xhr.upload.onprogress = (ev) => {
      if (!opts.onProgress || !ev.lengthComputable) return;
      opts.onProgress({ loaded: ev.loaded, total: ev.total, percent: Math.round((ev.loaded / ev.total) * 100) });
    };
    xhr.onload = () => {
      let parsed: unknown = undefined;
      if (xhr.responseText) {
        try {
          parsed = JSON.parse(xhr.responseText);
        } catch {
          parsed = undefined;
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(toApiError(xhr.status, parsed, parsed === undefined ? xhr.responseText : undefined));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '上传失败：无法连接服务器'));
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));

    if (opts.signal) {
      if (opts.signal.aborted) {
        reject(new DOMException('上传已取消', 'AbortError'));
        return;
      }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}

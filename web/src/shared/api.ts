// The API client: fetch with the session cookie, the CSRF header on every unsafe request, and one error type
// carrying the server's bilingual message.
import type { Lang } from './i18n';

let csrfToken: string | null = null;

/** Set after sign-in or GET /api/auth/me; sent as x-csrf-token on every POST. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface ApiErrorBody {
  error: { code: string; message: string; messageZh: string; messageEn: string; detail?: string; fields?: { path: string; message: string }[] };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly detail?: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(messageEn);
    this.name = 'ApiError';
  }
  text(lang: Lang): string {
    return lang === 'en' ? this.messageEn : this.messageZh;
  }
}

const NETWORK_ERROR = () => new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试', 'Network error; check the connection and try again');

/** The message of any error in the current language. */
export function errorText(err: unknown, lang: Lang): string {
  if (err instanceof ApiError) return err.text(lang);
  if (err instanceof Error) return err.message;
  return String(err);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | undefined | null | (string | number)[]>;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) qs.set(k, v.join(','));
    } else qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw NETWORK_ERROR();
  }
  if (res.ok) {
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
  let parsed: ApiErrorBody | null = null;
  try {
    parsed = (await res.json()) as ApiErrorBody;
  } catch {
    /* not JSON: a proxy error page */
  }
  const e = parsed?.error;
  if (e) throw new ApiError(res.status, e.code, e.messageZh, e.messageEn, e.detail, e.fields);
  throw new ApiError(res.status, `HTTP_${res.status}`, `服务器返回错误（${res.status}）`, `The server answered ${res.status}`);
}

/** Uploads one photo (multipart field "file"); returns its id and URLs. */
export async function uploadPhoto(file: File | Blob, name = 'photo.jpg'): Promise<{ id: string; url: string; thumbUrl: string; width: number; height: number }> {
  const form = new FormData();
  form.append('file', file, (file as File).name ?? name);
  return api('/api/photos', { method: 'POST', body: form });
}

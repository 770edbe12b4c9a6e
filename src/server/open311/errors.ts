// Open311 errors: <errors><error><code/><description/></error></errors> (a JSON array), with the spec's HTTP statuses:
// 403 for a missing or wrong api_key, 404 for what does not exist, 400 for anything else that cannot be done.
import { ERRORS } from '../errors';
import { toAppError } from '../http';
import type { Lang } from './attributes';

export interface Open311ErrorItem {
  code: number;
  description: string;
}

export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly descriptions: string[],
  ) {
    super(descriptions.join('; '));
    this.name = 'Open311Error';
  }
}

export const badRequest = (...descriptions: string[]) => new Open311Error(400, descriptions);
export const notFound = (description: string) => new Open311Error(404, [description]);

function statusOf(appStatus: number): number {
  if (appStatus === 401 || appStatus === 403) return 403;
  if (appStatus === 404 || appStatus === 429 || appStatus >= 500) return appStatus;
  return 400;
}

/** Anything thrown, as an Open311 status and error list; unknown errors are a 500 without internals (the caller logs them). */
export function open311ErrorOf(err: unknown, lang: Lang): { status: number; errors: Open311ErrorItem[]; unexpected: boolean } {
  if (err instanceof Open311Error) return { status: err.status, errors: err.descriptions.map((d) => ({ code: err.status, description: d })), unexpected: false };
  const app = toAppError(err);
  if (app) {
    const status = statusOf(app.status);
    // A refused key is the spec's "missing or invalid api_key", not a sign-in problem.
    const message = app.code === 'UNAUTHENTICATED' ? (lang === 'en' ? 'Missing or invalid api_key' : 'api_key 缺失或无效') : ERRORS[app.code][lang];
    const items = app.fields?.length
      ? app.fields.map((f) => ({ code: status, description: `${message}: ${f.path ? `${f.path} ` : ''}${f.message}` }))
      : [{ code: status, description: app.detail ? `${message}: ${app.detail}` : message }];
    return { status, errors: items, unexpected: status >= 500 };
  }
  return { status: 500, errors: [{ code: 500, description: ERRORS.INTERNAL[lang] }], unexpected: true };
}

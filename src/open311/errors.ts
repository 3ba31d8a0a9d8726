/**
 * GeoReport v2 answers errors as a list of {code, description}: 404 an unknown resource, 403 a missing or invalid
 * api_key, 400 everything else (the spec's three). Our AppErrors are mapped here, so a use case of this folder may
 * throw either.
 */
import { AppError, ERROR_STATUS } from '../core/errors.js';
import { errorMessage, type Lang } from '../core/i18n.js';

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

export const bad = (description: string) => new Open311Error(400, description);
export const notFound = (description: string) => new Open311Error(404, description);
export const forbidden = (description = 'api_key is missing or invalid') => new Open311Error(403, description);

/** An error as the spec's list; null for a server fault (the caller answers 500 and logs it) */
export function toOpen311(err: unknown, lang: Lang): { status: number; errors: { code: string; description: string }[] } | null {
  if (err instanceof Open311Error) return { status: err.status, errors: [{ code: String(err.status), description: err.description }] };
  if (err instanceof AppError) {
    const http = ERROR_STATUS[err.code];
    const status = http === 404 ? 404 : http === 403 || http === 401 ? 403 : http >= 500 ? 0 : 400;
    if (!status) return null;
    const issues = err.details?.issues ?? [];
    const errors = issues.length
      ? issues.map((i) => ({ code: String(status), description: `${i.field}: ${i.message}` }))
      : [{ code: String(status), description: errorMessage(err.code, lang, err.params) }];
    return { status, errors };
  }
  return null;
}

import type { z } from 'zod';
import { AppError, type FieldIssue } from './errors.js';
import { zodLocale, type Lang } from './i18n.js';

/** zod at every trust boundary, with messages in the caller's language naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, lang: Lang): z.infer<S> {
  const r = schema.safeParse(data, { error: zodLocale(lang) as never });
  if (r.success) return r.data;
  const issues: FieldIssue[] = r.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  throw new AppError('VALIDATION_FAILED', {}, { issues });
}

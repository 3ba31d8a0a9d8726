/**
 * Input rules the server enforces beyond a field's type — "a 支持 decision states its legal basis", "from ≤ to",
 * "an id names an existing unit in your scope" — declared once, as data, so the same declaration both refuses the
 * input (400 VALIDATION_FAILED naming the field) and appears in the OpenAPI document (/api/openapi.json): an
 * integrator reads every rule before the first 400 (docs/api.md#rules).
 *
 * - A rule checked by zod on the request's own values: `withRules(schema, rule)` — the rule's `test` runs as a
 *   refinement and the rule is listed in the schema's `x-rules` and description.
 * - A rule checked by a use case against stored data (a category that exists, the case's kind): the use case throws
 *   `rule.error()`, and the route or case action that can throw it lists the rule (RouteSpec.rules /
 *   ActionHandler.rules), which puts it in that operation's description and `x-rules`.
 * test/unit/openapi-rules.test.ts proves the two cannot drift: every refinement in a route's input is a declared
 * rule, every declared rule is in the document, and no code throws VALIDATION_FAILED without one.
 */
import { z } from 'zod';
import { isIsoDate } from '../calendar/dates.js';
import { AppError, type ErrorCode, type FieldIssue } from './errors.js';

export interface InputRule<T = unknown> {
  /** the field the 400 names (a dotted path), '(body)' for the whole input */
  field: string;
  /** the message of the 400; bilingual "中文 / English" where the statute is quoted */
  message: string;
  /** the rule as the API document states it, when the message alone would not say it (default: message) */
  doc?: string;
  /** for a rule zod checks on the input itself: true when the input keeps it */
  test?: (value: T) => boolean;
  /** for a rule whose failing field varies (e.g. representatives.2.phone): reports each failure at its own path */
  check?: (value: T, fail: (path: (string | number)[], message?: string) => void) => void;
  /** the refusal's code when it is not a plain 400 (e.g. INVALID_TARGET_UNIT, 422): its message goes in params.reason, and details.issues names the field as for a 400 */
  code?: Exclude<ErrorCode, 'VALIDATION_FAILED'>;
}

export interface DeclaredRule<T = unknown> extends Readonly<InputRule<T>> {
  /** the 400 this rule answers, optionally with a more specific message (e.g. naming what was unknown) */
  error(message?: string): AppError;
  /** the rule as one line of the API document: "field: rule" */
  readonly line: string;
}

const declared = new Set<DeclaredRule>();

/** Declares a rule (at module level, so every rule of the app is known once its modules are loaded). */
export function inputRule<T = unknown>(r: InputRule<T>): DeclaredRule<T> {
  const rule: DeclaredRule<T> = Object.freeze({
    ...r,
    line: `${r.field}: ${r.doc ?? r.message}${r.code ? ` (else ${r.code})` : ''}`,
    error: (message?: string) =>
      r.code
        ? new AppError(r.code, { reason: message ?? r.message }, { issues: [{ field: r.field, message: message ?? r.message }] })
        : new AppError('VALIDATION_FAILED', {}, { issues: [{ field: r.field, message: message ?? r.message }] }),
  });
  declared.add(rule as DeclaredRule);
  return rule;
}

/** Several issues at once (a template's placeholders, a GeoJSON file), each naming a declared rule's field. */
export function rulesFailed(rule: DeclaredRule, issues: FieldIssue[], extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {}, { ...extra, issues: issues.length ? issues : [{ field: rule.field, message: rule.message }] });
}

export const declaredRules = (): readonly DeclaredRule[] => [...declared];

/** The key of the rules in a JSON schema or an OpenAPI operation. */
export const RULES_KEY = 'x-rules';

/**
 * The schema, refined by the rules that carry a `test`, and documented with every rule given: `x-rules` lists them
 * and the description ends with them, so a generated client and a person reading the document both see them.
 */
export function withRules<S extends z.ZodType>(schema: S, ...rules: DeclaredRule<z.output<S>>[]): S {
  let s: z.ZodType = schema;
  for (const r of rules)
    if (r.test || r.check)
      s = s.superRefine((v, ctx) => {
        if (r.test && !r.test(v as z.output<S>)) ctx.addIssue({ code: 'custom', path: r.field.startsWith('(') ? [] : r.field.split('.'), message: r.message });
        r.check?.(v as z.output<S>, (path, message) => ctx.addIssue({ code: 'custom', path, message: message ?? r.message }));
      });
  const meta = schema.meta() ?? {};
  // rules already on the schema (withRules applied twice) stay listed, once
  const list = [...((meta[RULES_KEY] as string[] | undefined) ?? []), ...rules.map((r) => r.line)];
  const before = typeof meta.description === 'string' ? meta.description.replace(/(^|\. )Rules: .*$/, '') : undefined;
  return s.meta({ ...meta, description: [before, `Rules: ${list.join('; ')}`].filter(Boolean).join('. '), [RULES_KEY]: list }) as unknown as S;
}

// ------------------------------------------------------------------------------------------------ shared rules

/** A calendar date: the pattern is in the schema, the calendar (no 2026-02-30) is this rule. */
export const ISO_DATE = inputRule<string>({
  field: '(value)',
  message: '日期格式应为 YYYY-MM-DD / a date YYYY-MM-DD',
  doc: 'a real calendar date YYYY-MM-DD (a day in China Standard Time)',
  test: isIsoDate,
});
/** A calendar date field, with its description (a description given later with .describe() would drop the rule). */
export const isoDateInput = (description?: string) => {
  const s = withRules(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, ISO_DATE.message), ISO_DATE);
  return description ? s.meta({ ...s.meta(), description: `${description}. ${s.meta()?.description ?? ''}` }) : s;
};

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
type Period = { from?: string; to?: string };
/**
 * The rules of a period given as from/to days: to is not before from, and the period is at most maxDays long
 * (maxDays days from from to to inclusive, e.g. 366 for a year). Rules with a test: pass them to withRules.
 */
const bothDays = (v: Period): v is { from: string; to: string } => isIsoDate(v.from) && isIsoDate(v.to);
/** to is not before from */
export const TO_NOT_BEFORE_FROM = inputRule<Period>({ field: 'to', message: 'must not be before from', doc: 'not before from', test: (v) => !bothDays(v) || v.from <= v.to });
export function periodRules(maxDays: number, opts: { maxMessage?: string } = {}) {
  return [
    TO_NOT_BEFORE_FROM,
    inputRule<Period>({
      field: 'to',
      message: opts.maxMessage ?? `a period is at most ${maxDays} days`,
      doc: `at most ${maxDays} days from from, both days counted`,
      test: (v) => !bothDays(v) || dayNumber(v.to) - dayNumber(v.from) < maxDays,
    }),
  ] as const;
}

/** A category id that names a category (reference data: GET /api/categories). */
export const KNOWN_CATEGORY = inputRule({ field: 'categoryId', message: 'unknown category', doc: 'a category id of GET /api/categories' });

/** A unit id that names an active unit in the actor's scope; another answers like one that does not exist. */
export const UNIT_IN_SCOPE = inputRule({ field: 'unitId', code: 'INVALID_TARGET_UNIT', message: 'unit not in your scope', doc: 'an active unit in your scope' });

/** A point on the map: both coordinates or none. */
export const LAT_AND_LNG = inputRule<{ lat?: number; lng?: number }>({
  field: 'lng',
  message: '经纬度须同时填写 / give both lat and lng',
  doc: 'lat and lng are given together or not at all',
  test: (v) => (v.lat === undefined) === (v.lng === undefined),
});

/** A change (PATCH/PUT of some fields) that names at least one field. */
export const SOMETHING_TO_CHANGE = inputRule<Record<string, unknown>>({
  field: '(body)',
  message: 'nothing to change',
  doc: 'name at least one field to change',
  test: (b) => Object.keys(b).length > 0,
});

/** An upload whose multipart body carries no file part. */
export const FILE_REQUIRED = inputRule({ field: 'file', message: 'no file in the upload', doc: 'a multipart part named file is required' });

/**
 * Document templates: the default wording per kind (defaults.ts), overridden per issuing unit by an administrator.
 * A unit without its own template uses its nearest ancestor's (a city's wording serves its districts), else the
 * default. A template may use only the placeholders of its kind: an unknown {{name}} is refused when it is saved.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { inputRule, rulesFailed } from '../core/input-rules.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { requireRole, type RequestMeta, type StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { DEFAULT_TEMPLATES } from './defaults.js';
import { allowedFields, DOCUMENT_KINDS, isDocumentKind, KINDS, type DocumentKind } from './kinds.js';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export const placeholdersOf = (text: string): string[] => [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];

/** Replaces every {{name}} by its value ('' for a value the case does not have). */
export const fillTemplate = (text: string, values: Record<string, string>): string => text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');

export interface EffectiveTemplate {
  id: string | null;
  title: string;
  prefix: string;
  body: string;
  /** the unit whose template it is; null: the default shipped in code */
  unitId: string | null;
  unitName: string | null;
}

/** The template that applies to documents issued by the unit at `unitPath`. */
export async function effectiveTemplate(db: Kysely<DB>, kind: DocumentKind, unitPath: string): Promise<EffectiveTemplate> {
  const own = await db
    .selectFrom('document_templates as t')
    .innerJoin('units as u', 'u.id', 't.office_unit_id')
    .select(['t.id', 't.title', 't.prefix', 't.body', 'u.id as unit_id', 'u.name as unit_name'])
    .where('t.kind', '=', kind)
    .where(sql<boolean>`${unitPath} LIKE u.path || '%'`)
    .orderBy('u.depth', 'desc')
    .executeTakeFirst();
  if (own) return { id: own.id, title: own.title, prefix: own.prefix, body: own.body, unitId: own.unit_id, unitName: own.unit_name };
  return { id: null, ...DEFAULT_TEMPLATES[kind], prefix: KINDS[kind].prefix, unitId: null, unitName: null };
}

const templateInput = z.object({
  officeUnitId: z.string().regex(/^\d{1,18}$/).optional(),
  title: z.string().trim().min(2).max(100),
  prefix: z.string().trim().min(1).max(20).regex(/^[^{}〔〕\s]+$/, 'no braces, 〔〕 or spaces'),
  body: z.string().min(2).max(20000),
});

export const KNOWN_PLACEHOLDERS = inputRule({
  field: 'body',
  message: 'unknown placeholders',
  doc: 'title and body use only the placeholders {{name}} of the document kind (GET /api/document-templates lists them)',
});

/** Unknown placeholders (and a stray brace) answer 400 naming them and listing the ones the kind knows. */
export function validateTemplate(kind: DocumentKind, t: { title: string; body: string }): void {
  const known = allowedFields(kind);
  const issues: { field: string; message: string }[] = [];
  for (const [field, text] of [['title', t.title], ['body', t.body]] as const) {
    const unknown = placeholdersOf(text).filter((p) => !known.includes(p));
    if (unknown.length) issues.push({ field, message: `未知占位符 / unknown placeholders: ${unknown.map((u) => `{{${u}}}`).join(', ')}; 可用 / known: ${known.map((k) => `{{${k}}}`).join(' ')}` });
    else if (/\{\{|\}\}/.test(text.replace(PLACEHOLDER, ''))) issues.push({ field, message: '占位符格式应为 {{name}} / placeholders are written {{name}}' });
  }
  if (issues.length) throw rulesFailed(KNOWN_PLACEHOLDERS, issues);
}

/** The unit the administrator edits: theirs by default, any unit in their scope; another is answered as unknown. */
async function officeFor(db: Kysely<DB>, actor: StaffActor, unitId: string | undefined) {
  const u = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', unitId ?? actor.unitId).where('path', 'like', `${actor.scopePath}%`).executeTakeFirst();
  if (!u) throw new AppError('INVALID_TARGET_UNIT', { reason: '单位不存在或不在您的管辖范围内 / no such unit in your area' });
  return u;
}

function kindOf(k: string): DocumentKind {
  if (!isDocumentKind(k)) throw new AppError('NOT_FOUND');
  return k;
}

export async function listTemplates(deps: Deps, args: { actor: StaffActor; lang: Lang; officeUnitId?: string }) {
  requireRole(args.actor, 'admin');
  if (args.officeUnitId !== undefined && !/^\d{1,18}$/.test(args.officeUnitId)) throw new AppError('INVALID_TARGET_UNIT', { reason: '单位不存在或不在您的管辖范围内 / no such unit in your area' });
  const office = await officeFor(deps.db, args.actor, args.officeUnitId);
  const items = [];
  for (const kind of DOCUMENT_KINDS) {
    const t = await effectiveTemplate(deps.db, kind, office.path);
    items.push({
      kind,
      label: KINDS[kind].label[args.lang],
      basis: KINDS[kind].basis,
      personal: KINDS[kind].personal,
      placeholders: allowedFields(kind),
      default: { ...DEFAULT_TEMPLATES[kind], prefix: KINDS[kind].prefix },
      template: { title: t.title, prefix: t.prefix, body: t.body },
      /** 'own': this unit's; 'inherited': an ancestor's (named); 'default': the text shipped in code */
      source: t.unitId === office.id ? 'own' : t.unitId ? 'inherited' : 'default',
      fromUnitName: t.unitName,
    });
  }
  return { officeUnitId: office.id, officeName: office.name, items };
}

export async function putTemplate(deps: Deps, args: { actor: StaffActor; lang: Lang; meta: RequestMeta; kind: string; input: unknown }) {
  requireRole(args.actor, 'admin');
  const kind = kindOf(args.kind);
  const input = parseInput(templateInput, args.input, args.lang);
  validateTemplate(kind, input);
  const office = await officeFor(deps.db, args.actor, input.officeUnitId);
  const values = { title: input.title, prefix: input.prefix, body: input.body, updated_by: args.actor.userId, updated_at: deps.now() };
  await deps.db
    .insertInto('document_templates')
    .values({ office_unit_id: office.id, kind, ...values })
    .onConflict((oc) => oc.columns(['office_unit_id', 'kind']).doUpdateSet(values))
    .execute();
  await writeAudit(deps.db, args.actor, args.meta, { action: 'document_template.set', entityType: 'document_template', entityId: `${office.id}:${kind}`, data: { title: input.title, prefix: input.prefix } });
  return listTemplates(deps, { actor: args.actor, lang: args.lang, officeUnitId: office.id });
}

/** Back to the inherited or default wording. Documents already generated keep the text they were made with. */
export async function deleteTemplate(deps: Deps, args: { actor: StaffActor; lang: Lang; meta: RequestMeta; kind: string; officeUnitId?: string }) {
  requireRole(args.actor, 'admin');
  const kind = kindOf(args.kind);
  if (args.officeUnitId !== undefined && !/^\d{1,18}$/.test(args.officeUnitId)) throw new AppError('INVALID_TARGET_UNIT', { reason: '单位不存在或不在您的管辖范围内 / no such unit in your area' });
  const office = await officeFor(deps.db, args.actor, args.officeUnitId);
  const r = await deps.db.deleteFrom('document_templates').where('office_unit_id', '=', office.id).where('kind', '=', kind).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new AppError('NOT_FOUND');
  await writeAudit(deps.db, args.actor, args.meta, { action: 'document_template.reset', entityType: 'document_template', entityId: `${office.id}:${kind}` });
  return listTemplates(deps, { actor: args.actor, lang: args.lang, officeUnitId: office.id });
}

/**
 * Our categories are the Open311 services. Accusation categories (检举控告) are not offered: such a matter names the
 * accused, its accuser must be shielded from them (信访工作条例 第三十条) and a public feed could not list it, so it
 * belongs on our own channels, not a third party's app. A category's extra questions are its attributes.
 */
import { z } from 'zod';
import { inputRule, withRules } from '../core/input-rules.js';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { Rec } from './format.js';
import { bad, notFound } from './errors.js';

export interface ServiceRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  parent_name: string | null;
  has_attributes: boolean;
}

const nameOf = (r: { name: string; name_en: string | null }, lang: Lang) => (lang === 'en' && r.name_en ? r.name_en : r.name);

function servicesQuery(db: Kysely<DB>) {
  return db
    .selectFrom('categories as c')
    .leftJoin('categories as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.code', 'c.name', 'c.name_en', 'p.name as parent_name'])
    .select((eb) => eb.exists(eb.selectFrom('open311_service_attributes as a').select('a.code').whereRef('a.category_id', '=', 'c.id')).as('has_attributes'))
    .where('c.active', '=', true)
    .where('c.kind', '<>', 'accusation');
}

export async function listServices(db: Kysely<DB>, lang: Lang): Promise<Rec[]> {
  const rows = await servicesQuery(db).orderBy('c.code').execute();
  return rows.map((r) => serviceOut(r as ServiceRow, lang));
}

export const serviceOut = (r: ServiceRow, lang: Lang): Rec => ({
  service_code: r.code,
  service_name: nameOf(r, lang),
  description: nameOf(r, lang),
  metadata: Boolean(r.has_attributes),
  type: 'realtime',
  keywords: '',
  group: r.parent_name ?? '',
});

/** The service a code names, or 404 (an accusation category or an inactive one answers like an unknown code). */
export async function serviceByCode(db: Kysely<DB>, code: string): Promise<ServiceRow> {
  const row = await servicesQuery(db).where('c.code', '=', code).executeTakeFirst();
  if (!row) throw notFound(`service_code ${code} not found`);
  return row as ServiceRow;
}

export async function attributesOf(db: Kysely<DB>, categoryId: string) {
  return db.selectFrom('open311_service_attributes').selectAll().where('category_id', '=', categoryId).orderBy('ord').orderBy('code').execute();
}

export async function serviceDefinition(db: Kysely<DB>, code: string): Promise<Rec> {
  const svc = await serviceByCode(db, code);
  const attrs = await attributesOf(db, svc.id);
  return {
    service_code: svc.code,
    attributes: attrs.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description ?? '',
      order: a.ord,
      description: a.description,
      ...(a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist' ? { values: a.vals.map((v) => ({ key: v.key, name: v.name })) } : {}),
    })),
  };
}

/**
 * The attribute[...] answers of a POST, checked against the definition: required ones present, list answers among
 * the keys, numbers numeric, date-times W3C. Answers to unknown codes are refused (a typo should not vanish).
 */
export async function checkAttributes(db: Kysely<DB>, categoryId: string, given: Record<string, string | string[]>): Promise<{ answers: Record<string, string | string[]>; lines: string[] }> {
  const attrs = await attributesOf(db, categoryId);
  const byCode = new Map(attrs.map((a) => [a.code, a]));
  for (const code of Object.keys(given)) if (!byCode.has(code)) throw bad(`attribute[${code}]: not an attribute of this service`);
  const answers: Record<string, string | string[]> = {};
  const lines: string[] = [];
  for (const a of attrs) {
    if (!a.variable) continue;
    const raw = given[a.code];
    const list = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).map((s) => s.trim()).filter((s) => s !== '');
    if (list.length === 0) {
      if (a.required) throw bad(`attribute[${a.code}]: required`);
      continue;
    }
    if (a.datatype !== 'multivaluelist' && list.length > 1) throw bad(`attribute[${a.code}]: one value only`);
    const keys = new Map(a.vals.map((v) => [v.key, v.name]));
    for (const v of list) {
      if (v.length > 2000) throw bad(`attribute[${a.code}]: too long`);
      if ((a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') && !keys.has(v)) throw bad(`attribute[${a.code}]: ${v} is not one of its values`);
      if (a.datatype === 'number' && !/^-?\d+(\.\d+)?$/.test(v)) throw bad(`attribute[${a.code}]: not a number`);
      if (a.datatype === 'datetime' && Number.isNaN(Date.parse(v))) throw bad(`attribute[${a.code}]: not a date-time`);
    }
    answers[a.code] = a.datatype === 'multivaluelist' ? list : list[0]!;
    const shown = a.datatype.endsWith('valuelist') ? list.map((v) => keys.get(v) ?? v) : list;
    lines.push(`${a.description}：${shown.join('、')}`);
  }
  return { answers, lines };
}

const attributeInput = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/),
  variable: z.boolean().default(true),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean().default(false),
  datatypeDescription: z.string().max(500).optional(),
  order: z.number().int().min(1).max(1000).default(1),
  description: z.string().trim().min(1).max(500),
  values: z.array(z.object({ key: z.string().trim().min(1).max(100), name: z.string().trim().min(1).max(200) })).max(200).default([]),
});
type Attributes = { attributes: Array<{ code: string; datatype: string; values: unknown[] }> };
const UNIQUE_CODES = inputRule<Attributes>({
  field: 'attributes.N.code',
  message: 'duplicate code',
  doc: 'codes are unique within the service',
  check: (v, fail) => {
    const seen = new Set<string>();
    v.attributes.forEach((a, i) => {
      if (seen.has(a.code)) fail(['attributes', i, 'code']);
      seen.add(a.code);
    });
  },
});
/** Open311 GeoReport v2: values are given for singlevaluelist and multivaluelist attributes only */
const LIST_VALUES = inputRule<Attributes>({
  field: 'attributes.N.values',
  message: 'a list needs values',
  doc: 'required (non-empty) for datatype singlevaluelist/multivaluelist, empty for the others',
  check: (v, fail) =>
    v.attributes.forEach((a, i) => {
      const isList = a.datatype.endsWith('valuelist');
      if (isList && a.values.length === 0) fail(['attributes', i, 'values']);
      if (!isList && a.values.length > 0) fail(['attributes', i, 'values'], 'values only for list datatypes');
    }),
});
export const attributesInput = withRules(z.object({ attributes: z.array(attributeInput).max(50) }), UNIQUE_CODES, LIST_VALUES);

/** Replaces a category's attributes (administration; the route checks the role and writes the audit). */
export async function setAttributes(db: Kysely<DB>, categoryId: string, input: unknown, lang: Lang) {
  const { attributes } = parseInput(attributesInput, input, lang);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('open311_service_attributes').where('category_id', '=', categoryId).execute();
    for (const a of attributes)
      await tx
        .insertInto('open311_service_attributes')
        .values({ category_id: categoryId, code: a.code, variable: a.variable, datatype: a.datatype, required: a.required, datatype_description: a.datatypeDescription ?? null, ord: a.order, description: a.description, vals: JSON.stringify(a.values) })
        .execute();
  });
  return attributes.length;
}

/** Administration data: reply templates (答复模板), categories, routing rules (派单规则). Reads: any staff; writes: admin. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { inputRule, KNOWN_CATEGORY, rulesFailed, UNIT_IN_SCOPE } from '../../core/input-rules.js';
import { errorMessage } from '../../core/i18n.js';
import { writeAudit } from '../../audit/audit.js';
import { DECISIONS } from '../../cases/actions/reply.js';
import type { DB } from '../../db/types.js';
import { requireRole, type StaffActor } from '../../org/actor.js';
import { getUnit } from '../../org/units.js';
import { defineRoute } from '../route.js';

const REPLY_DECISIONS = [...new Set(Object.values(DECISIONS).flat())] as [string, ...string[]];
const idParam = z.object({ id: z.string().regex(/^\d{1,18}$/) });
const refId = z.string().regex(/^\d{1,18}$/);
const now = () => new Date();

const RULE_CONDITION = inputRule({ field: 'keywords', message: 'a rule needs a category, a keyword or a place', doc: 'a routing rule names at least one of categoryId, keywords, place' });

async function requireCategory(db: Kysely<DB>, id: string | null | undefined, field = 'categoryId') {
  if (id === null || id === undefined) return;
  const row = await db.selectFrom('categories').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw rulesFailed(KNOWN_CATEGORY, [{ field, message: 'no such category' }]);
}

// ---------------------------------------------------------------- reply templates

const templateOut = (t: { id: string; title: string; category_id: string | null; decision: string | null; body: string; active: boolean; created_at: Date; updated_at: Date }) => ({
  id: t.id,
  title: t.title,
  categoryId: t.category_id,
  decision: t.decision,
  body: t.body,
  active: t.active,
  createdAt: t.created_at,
  updatedAt: t.updated_at,
});

const templateFields = {
  title: z.string().trim().min(1).max(200),
  categoryId: refId.nullable().optional(),
  decision: z.enum(REPLY_DECISIONS).nullable().optional(),
  body: z.string().trim().min(2).max(20000),
};

defineRoute({
  method: 'GET',
  url: '/api/templates',
  summary: 'Active reply templates; with categoryId / decision: those for it plus the general ones (no category / decision); all=true (admin) includes inactive',
  tags: ['admin'],
  auth: 'staff',
  query: z.object({ categoryId: refId.optional(), decision: z.enum(REPLY_DECISIONS).optional(), all: z.enum(['true', 'false']).optional() }),
  async handler({ req, query }) {
    let q = req.server.ctx.deps.db.selectFrom('response_templates').selectAll();
    if (query.all !== 'true') q = q.where('active', '=', true);
    if (query.categoryId) q = q.where((eb) => eb.or([eb('category_id', '=', query.categoryId!), eb('category_id', 'is', null)]));
    if (query.decision) q = q.where((eb) => eb.or([eb('decision', '=', query.decision!), eb('decision', 'is', null)]));
    const rows = await q.orderBy('title').orderBy('id').execute();
    return { items: rows.map(templateOut) };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/templates',
  summary: 'Create a reply template',
  tags: ['admin'],
  rules: [KNOWN_CATEGORY],
  auth: 'staff',
  body: z.object(templateFields),
  async handler({ req, reply, actor, body, meta }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    await requireCategory(db, body.categoryId);
    const row = await db
      .insertInto('response_templates')
      .values({ title: body.title, category_id: body.categoryId ?? null, decision: body.decision ?? null, body: body.body })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(db, actor, meta, { action: 'template.create', entityType: 'response_template', entityId: row.id });
    reply.code(201);
    return templateOut(row);
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/templates/:id',
  summary: 'Change a reply template (any of its fields; active=true re-activates it)',
  tags: ['admin'],
  rules: [KNOWN_CATEGORY],
  auth: 'staff',
  params: idParam,
  body: z.object({
    title: templateFields.title.optional(),
    categoryId: templateFields.categoryId,
    decision: templateFields.decision,
    body: templateFields.body.optional(),
    active: z.boolean().optional(),
  }),
  async handler({ req, actor, params, body, meta }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    await requireCategory(db, body.categoryId);
    const row = await db
      .updateTable('response_templates')
      .set({
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.categoryId !== undefined ? { category_id: body.categoryId } : {}),
        ...(body.decision !== undefined ? { decision: body.decision } : {}),
        ...(body.body !== undefined ? { body: body.body } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
        updated_at: now(),
      })
      .where('id', '=', params.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    await writeAudit(db, actor, meta, { action: 'template.update', entityType: 'response_template', entityId: row.id, data: { fields: Object.keys(body) } });
    return templateOut(row);
  },
});

defineRoute({
  method: 'DELETE',
  url: '/api/templates/:id',
  summary: 'Deactivate a reply template (kept for the record; PUT active=true brings it back)',
  tags: ['admin'],
  auth: 'staff',
  params: idParam,
  async handler({ req, actor, params, meta }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    const row = await db.updateTable('response_templates').set({ active: false, updated_at: now() }).where('id', '=', params.id).returningAll().executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    await writeAudit(db, actor, meta, { action: 'template.deactivate', entityType: 'response_template', entityId: row.id });
    return templateOut(row);
  },
});

// ---------------------------------------------------------------- categories

const categoryOut = (c: { id: string; code: string; name: string; name_en: string | null; kind: string; parent_id: string | null; active: boolean }) => ({
  id: c.id,
  code: c.code,
  name: c.name,
  nameEn: c.name_en,
  kind: c.kind,
  parentId: c.parent_id,
  active: c.active,
});

defineRoute({
  method: 'POST',
  url: '/api/categories',
  summary: 'Create a category of matters; the code is unique',
  tags: ['org'],
  rules: [KNOWN_CATEGORY],
  auth: 'staff',
  body: z.object({
    code: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,60}$/, 'letters, digits, . - and _ (1–60)'),
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().max(100).optional(),
    kind: z.enum(['suggestion', 'accusation', 'appeal']),
    parentId: refId.optional(),
  }),
  async handler({ req, reply, actor, body, meta, lang }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    await requireCategory(db, body.parentId, 'parentId');
    const taken = await db.selectFrom('categories').select('id').where('code', '=', body.code).executeTakeFirst();
    if (taken) throw new AppError('ALREADY_EXISTS', { field: 'code' }, { issues: [{ field: 'code', message: errorMessage('ALREADY_EXISTS', lang, { field: 'code' }) }] });
    const row = await db
      .insertInto('categories')
      .values({ code: body.code, name: body.name, name_en: body.nameEn || null, kind: body.kind, parent_id: body.parentId ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(db, actor, meta, { action: 'category.create', entityType: 'category', entityId: row.id, data: { code: row.code } });
    reply.code(201);
    return categoryOut(row);
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/categories/:id',
  summary: 'Rename a category or (de)activate it; code and kind stay (cases refer to them)',
  tags: ['org'],
  auth: 'staff',
  params: idParam,
  body: z.object({
    name: z.string().trim().min(1).max(100).optional(),
    nameEn: z.string().trim().max(100).nullable().optional(),
    active: z.boolean().optional(),
  }),
  async handler({ req, actor, params, body, meta }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    const row = await db
      .updateTable('categories')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.nameEn !== undefined ? { name_en: body.nameEn || null } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      })
      .where('id', '=', params.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    await writeAudit(db, actor, meta, { action: 'category.update', entityType: 'category', entityId: row.id, data: body });
    return categoryOut(row);
  },
});

// ---------------------------------------------------------------- routing rules

interface RuleRow {
  id: string;
  name: string;
  category_id: string | null;
  keywords: string[];
  place: string | null;
  unit_id: string;
  priority: number;
  active: boolean;
  unit_name?: string;
  unit_name_en?: string | null;
}
const ruleOut = (r: RuleRow, lang: 'zh' | 'en') => ({
  id: r.id,
  name: r.name,
  categoryId: r.category_id,
  keywords: r.keywords,
  place: r.place,
  unitId: r.unit_id,
  unitName: (lang === 'en' && r.unit_name_en) || r.unit_name,
  priority: r.priority,
  active: r.active,
});

const keywordList = z.array(z.string().trim().min(1).max(50)).max(50);
const ruleFields = {
  name: z.string().trim().min(1).max(100),
  categoryId: refId.nullable().optional(),
  keywords: keywordList.optional(),
  place: z.string().trim().max(200).nullable().optional(),
  unitId: refId,
  priority: z.number().int().min(0).max(10000).optional(),
};

async function requireUnitInScope(db: Kysely<DB>, actor: StaffActor, unitId: string) {
  const unit = await getUnit(db, unitId);
  if (!unit || !unit.path.startsWith(actor.scopePath)) throw UNIT_IN_SCOPE.error();
}

const noCondition = () => RULE_CONDITION.error();

async function loadRule(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('routing_rules as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .selectAll('r')
    .select(['u.name as unit_name', 'u.name_en as unit_name_en', 'u.path as unit_path'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

defineRoute({
  method: 'GET',
  url: '/api/routing-rules',
  summary: 'Routing rules whose unit is in the actor’s scope (active ones; all=true includes inactive), smaller priority first',
  tags: ['admin'],
  auth: 'staff',
  query: z.object({ all: z.enum(['true', 'false']).optional() }),
  async handler({ req, actor, query, lang }) {
    let q = req.server.ctx.deps.db
      .selectFrom('routing_rules as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .selectAll('r')
      .select(['u.name as unit_name', 'u.name_en as unit_name_en'])
      .where('u.path', 'like', `${actor.scopePath}%`);
    if (query.all !== 'true') q = q.where('r.active', '=', true);
    const rows = await q.orderBy('r.priority').orderBy('r.id').execute();
    return { items: rows.map((r) => ruleOut(r, lang)) };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/routing-rules',
  summary: 'Create a routing rule: when every given condition matches (category, any keyword, place), suggest the unit as lead unit',
  tags: ['admin'],
  rules: [KNOWN_CATEGORY, RULE_CONDITION, UNIT_IN_SCOPE],
  auth: 'staff',
  body: z.object(ruleFields),
  async handler({ req, reply, actor, body, meta, lang }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    const keywords = [...new Set(body.keywords ?? [])];
    if (!body.categoryId && !keywords.length && !body.place) throw noCondition();
    await requireCategory(db, body.categoryId);
    await requireUnitInScope(db, actor, body.unitId);
    const { id } = await db
      .insertInto('routing_rules')
      .values({ name: body.name, category_id: body.categoryId ?? null, keywords, place: body.place || null, unit_id: body.unitId, priority: body.priority ?? 100 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(db, actor, meta, { action: 'routing_rule.create', entityType: 'routing_rule', entityId: id, data: { unitId: body.unitId } });
    reply.code(201);
    return ruleOut((await loadRule(db, id))!, lang);
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/routing-rules/:id',
  summary: 'Change a routing rule (any of its fields; active=true re-activates it)',
  tags: ['admin'],
  rules: [KNOWN_CATEGORY, RULE_CONDITION, UNIT_IN_SCOPE],
  auth: 'staff',
  params: idParam,
  body: z.object({ ...ruleFields, name: ruleFields.name.optional(), unitId: refId.optional(), active: z.boolean().optional() }),
  async handler({ req, actor, params, body, meta, lang }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    const before = await loadRule(db, params.id);
    // a rule of a unit outside the administrator's scope answers like one that does not exist (access probe)
    if (!before || !before.unit_path.startsWith(actor.scopePath)) throw new AppError('NOT_FOUND');
    if (body.unitId !== undefined) await requireUnitInScope(db, actor, body.unitId);
    await requireCategory(db, body.categoryId);
    const keywords = body.keywords !== undefined ? [...new Set(body.keywords)] : before.keywords;
    const categoryId = body.categoryId !== undefined ? body.categoryId : before.category_id;
    const place = body.place !== undefined ? body.place || null : before.place;
    if (!categoryId && !keywords.length && !place) throw noCondition();
    await db
      .updateTable('routing_rules')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.unitId !== undefined ? { unit_id: body.unitId } : {}),
        ...(body.priority !== undefined ? { priority: body.priority } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
        category_id: categoryId,
        keywords,
        place,
        updated_at: now(),
      })
      .where('id', '=', params.id)
      .execute();
    await writeAudit(db, actor, meta, { action: 'routing_rule.update', entityType: 'routing_rule', entityId: params.id, data: { fields: Object.keys(body) } });
    return ruleOut((await loadRule(db, params.id))!, lang);
  },
});

defineRoute({
  method: 'DELETE',
  url: '/api/routing-rules/:id',
  summary: 'Deactivate a routing rule (kept for the record; PUT active=true brings it back)',
  tags: ['admin'],
  auth: 'staff',
  params: idParam,
  async handler({ req, actor, params, meta, lang }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    const before = await loadRule(db, params.id);
    // a rule of a unit outside the administrator's scope answers like one that does not exist (access probe)
    if (!before || !before.unit_path.startsWith(actor.scopePath)) throw new AppError('NOT_FOUND');
    await db.updateTable('routing_rules').set({ active: false, updated_at: now() }).where('id', '=', params.id).execute();
    await writeAudit(db, actor, meta, { action: 'routing_rule.deactivate', entityType: 'routing_rule', entityId: params.id });
    return ruleOut({ ...before, active: false }, lang);
  },
});

/**
 * Which cases are visited, and what follows an unsolved answer: the office's policy, per category of matter with an
 * office-wide default row ("3 × 100%": every urgent case, every case of a category, every unsatisfied evaluation —
 * each switchable per category — and deterministic sampling at a set rate otherwise).
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { KNOWN_CATEGORY } from '../core/input-rules.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { requireRole, type Actor, type RequestMeta } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { ON_UNSOLVED, TRIGGERS, type OnUnsolved, type PolicyTrigger, type TaskTrigger, type VisitReason } from './tables.js';

export interface VisitPolicy {
  /** null: the built-in default (no row stored for the office) */
  id: string | null;
  officeUnitId: string | null;
  categoryId: string | null;
  trigger: PolicyTrigger;
  urgent: boolean;
  visitUrgent: boolean;
  visitAll: boolean;
  visitUnsatisfied: boolean;
  samplePercent: number;
  maxAttempts: number;
  onUnsolved: OnUnsolved;
  updatedAt: Date | null;
}

/** Used while an office has stored no policy: reply trigger, 100% of urgent and unsatisfied, 30% sampled otherwise. */
export const DEFAULT_POLICY: Omit<VisitPolicy, 'id' | 'officeUnitId' | 'categoryId' | 'updatedAt'> = Object.freeze({
  trigger: 'reply',
  urgent: false,
  visitUrgent: true,
  visitAll: false,
  visitUnsatisfied: true,
  samplePercent: 30,
  maxAttempts: 3,
  onUnsolved: 'supervise',
});

function fromRow(r: Record<string, unknown>): VisitPolicy {
  return {
    id: String(r.id),
    officeUnitId: String(r.office_unit_id),
    categoryId: r.category_id === null ? null : String(r.category_id),
    trigger: r.trigger as PolicyTrigger,
    urgent: r.urgent as boolean,
    visitUrgent: r.visit_urgent as boolean,
    visitAll: r.visit_all as boolean,
    visitUnsatisfied: r.visit_unsatisfied as boolean,
    samplePercent: r.sample_percent as number,
    maxAttempts: r.max_attempts as number,
    onUnsolved: r.on_unsolved as OnUnsolved,
    updatedAt: r.updated_at as Date,
  };
}

/**
 * The policy for a case registered by `officeUnitId` in `categoryId`: the office's row for the category, else for its
 * nearest parent category, else the office's default row, else DEFAULT_POLICY. A whole row applies (no field-level
 * merging), so what an administrator sees in a row is exactly what governs those cases.
 */
export async function resolvePolicy(db: Kysely<DB> | Transaction<DB>, officeUnitId: string, categoryId: string | null): Promise<VisitPolicy> {
  const r = await sql<Record<string, unknown>>`
    WITH RECURSIVE chain AS (
      SELECT id, parent_id, 0 AS depth FROM categories WHERE id = ${categoryId}
      UNION ALL
      SELECT c.id, c.parent_id, chain.depth + 1 FROM categories c JOIN chain ON c.id = chain.parent_id WHERE chain.depth < 20
    )
    SELECT p.*, chain.depth FROM return_visit_policies p LEFT JOIN chain ON chain.id = p.category_id
    WHERE p.office_unit_id = ${officeUnitId} AND (p.category_id IS NULL OR chain.id IS NOT NULL)
    ORDER BY (p.category_id IS NULL), chain.depth
    LIMIT 1`.execute(db);
  const row = r.rows[0];
  if (row) return fromRow(row);
  return { id: null, officeUnitId: null, categoryId: null, ...DEFAULT_POLICY, updatedAt: null };
}

/**
 * A case's sampling point, 0–99, from a hash of its id: the same case always gets the same point, so a re-run (or a
 * second trigger) decides the same, and a rate of N% visits exactly the cases whose point is below N.
 */
export function samplePoint(caseId: string): number {
  return createHash('sha256').update(caseId.toLowerCase()).digest().readUInt32BE(0) % 100;
}

export interface Selection {
  reason: VisitReason;
  samplePoint: number | null;
}

/** Whether this trigger visits this case under this policy, and why; null: not visited. */
export function select(p: VisitPolicy, trigger: Exclude<TaskTrigger, 'manual'>, c: { id: string; evaluation: string | null }): Selection | null {
  if (trigger === 'evaluation') return p.visitUnsatisfied ? { reason: 'unsatisfied', samplePoint: null } : null;
  if (p.trigger !== 'both' && p.trigger !== trigger) return null;
  if (p.urgent && p.visitUrgent) return { reason: 'urgent', samplePoint: null };
  if (p.visitAll) return { reason: 'all', samplePoint: null };
  if (c.evaluation === 'dissatisfied' && p.visitUnsatisfied) return { reason: 'unsatisfied', samplePoint: null };
  const point = samplePoint(c.id);
  return point < p.samplePercent ? { reason: 'sampled', samplePoint: point } : null;
}

// ------------------------------------------------------------------------------------------------ administration

const refId = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().positive()]).transform(String);

export const policyQuery = z.object({ officeUnitId: z.string().regex(/^\d{1,18}$/).describe('the office that registers the cases') });

export const policyInput = z.object({
  officeUnitId: refId.describe('the office that registers the cases (its return-visit staff keep the tasks)'),
  categoryId: refId.nullable().describe('a category of matters, or null for the office-wide default row'),
  trigger: z.enum(TRIGGERS).default(DEFAULT_POLICY.trigger).describe('reply: when the reply is issued; deadline: when the handling deadline expires; both'),
  urgent: z.boolean().default(DEFAULT_POLICY.urgent).describe('matters of this category are urgent (police-call-like)'),
  visitUrgent: z.boolean().default(DEFAULT_POLICY.visitUrgent).describe('visit every urgent case (100%)'),
  visitAll: z.boolean().default(DEFAULT_POLICY.visitAll).describe('visit every case (100%)'),
  visitUnsatisfied: z.boolean().default(DEFAULT_POLICY.visitUnsatisfied).describe('visit every unsatisfied evaluation (100%)'),
  samplePercent: z.number().int().min(0).max(100).default(DEFAULT_POLICY.samplePercent).describe('share of the other cases visited, by a hash of the case id'),
  maxAttempts: z.number().int().min(1).max(10).default(DEFAULT_POLICY.maxAttempts).describe('attempts before the task closes as unreachable'),
  onUnsolved: z.enum(ON_UNSOLVED).default(DEFAULT_POLICY.onUnsolved).describe('an unsolved or unsatisfied answer reopens the closed case, opens a supervision item, or nothing'),
});

async function officeInScope(db: Kysely<DB>, actor: Actor, officeUnitId: string) {
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const u = await db.selectFrom('units').select(['id', 'path']).where('id', '=', officeUnitId).executeTakeFirst();
  if (!u || !u.path.startsWith(actor.scopePath)) throw new AppError('INVALID_TARGET_UNIT', { reason: 'office not in your scope' });
  return u;
}

/** The office's stored rows (default row first, then categories by name) and the built-in default. Role admin. */
export async function listPolicies(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  requireRole(actor, 'admin');
  const q = parseInput(policyQuery, query ?? {}, lang);
  await officeInScope(deps.db, actor, q.officeUnitId);
  const rows = await deps.db
    .selectFrom('return_visit_policies as p')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .selectAll('p')
    .select(['c.name as category_name', 'c.code as category_code'])
    .where('p.office_unit_id', '=', q.officeUnitId)
    .orderBy(sql`p.category_id IS NOT NULL`)
    .orderBy('c.name')
    .execute();
  return {
    officeUnitId: q.officeUnitId,
    builtInDefault: DEFAULT_POLICY,
    items: rows.map((r) => ({ ...fromRow(r as unknown as Record<string, unknown>), categoryName: r.category_name, categoryCode: r.category_code })),
  };
}

/** Sets (creates or replaces) one row: a category's, or the office-wide default (categoryId null). Role admin, audited. */
export async function putPolicy(deps: Deps, actor: Actor, meta: RequestMeta, body: unknown, lang: Lang) {
  requireRole(actor, 'admin');
  const p = parseInput(policyInput, body ?? {}, lang);
  await officeInScope(deps.db, actor, p.officeUnitId);
  if (p.categoryId !== null) {
    const c = await deps.db.selectFrom('categories').select('id').where('id', '=', p.categoryId).executeTakeFirst();
    if (!c) throw KNOWN_CATEGORY.error('no such category');
  }
  const now = deps.now();
  const userId = actor.kind === 'staff' ? actor.userId : null;
  return deps.db.transaction().execute(async (tx) => {
    const r = await sql<Record<string, unknown>>`INSERT INTO return_visit_policies
        (office_unit_id, category_id, trigger, urgent, visit_urgent, visit_all, visit_unsatisfied, sample_percent, max_attempts, on_unsolved, updated_by, updated_at)
      VALUES (${p.officeUnitId}, ${p.categoryId}, ${p.trigger}, ${p.urgent}, ${p.visitUrgent}, ${p.visitAll}, ${p.visitUnsatisfied},
        ${p.samplePercent}, ${p.maxAttempts}, ${p.onUnsolved}, ${userId}, ${now})
      ON CONFLICT (office_unit_id, (COALESCE(category_id, 0))) DO UPDATE SET
        trigger = EXCLUDED.trigger, urgent = EXCLUDED.urgent, visit_urgent = EXCLUDED.visit_urgent, visit_all = EXCLUDED.visit_all,
        visit_unsatisfied = EXCLUDED.visit_unsatisfied, sample_percent = EXCLUDED.sample_percent, max_attempts = EXCLUDED.max_attempts,
        on_unsolved = EXCLUDED.on_unsolved, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
      RETURNING *`.execute(tx);
    const row = fromRow(r.rows[0]!);
    const { officeUnitId, categoryId, ...settings } = p;
    await writeAudit(tx, actor, meta, { action: 'return_visit.policy_set', entityType: 'return_visit_policy', entityId: row.id, data: { officeUnitId, categoryId, ...settings } });
    return row;
  });
}

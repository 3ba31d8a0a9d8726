/** Reading the hazard register: the list, one hazard, its reporter (masked or revealed). Board and map: board.ts. */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { Actor, RequestMeta, StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { listRegister, registerRecordView } from '../workflow/register-query.js';
import { loadRegisterRow } from '../workflow/register-store.js';
import { listHazardPhotos } from './photos.js';
import { readHazardReporter } from './reporter.js';
import { HAZARD_SPEC, type HazardRow } from './store.js';
import {
  HAZARD_GRADE_LABELS,
  HAZARD_GRADES,
  HAZARD_SOURCE_LABELS,
  HAZARD_SOURCES,
  HAZARD_STATUSES,
  HAZARD_TYPE_LABELS,
  HAZARD_TYPES,
  OPEN_HAZARD_STATUSES,
  type HazardGrade,
  type HazardSource,
  type HazardType,
} from './tables.js';
import { HAZARD_WORKFLOW } from './workflow.js';

export const openList = sql.join(OPEN_HAZARD_STATUSES.map((s) => sql.lit(s)));

export const labels = (r: { grade: unknown; type: unknown; source: unknown }) => ({
  gradeLabel: HAZARD_GRADE_LABELS[r.grade as HazardGrade],
  typeLabel: HAZARD_TYPE_LABELS[r.type as HazardType],
  sourceLabel: HAZARD_SOURCE_LABELS[r.source as HazardSource],
});

export const listQuery = z.object({
  status: z.enum(HAZARD_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional().describe('true: not yet closed out (销号) nor dismissed'),
  grade: z.enum(HAZARD_GRADES).optional(),
  type: z.enum(HAZARD_TYPES).optional(),
  source: z.enum(HAZARD_SOURCES).optional(),
  unitId: z.string().regex(/^\d+$/).optional().describe('the responsible unit'),
  caseId: z.string().uuid().optional(),
  overdue: z.enum(['true']).optional().describe('true: the rectification deadline has passed and it is not reported done'),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/** Hazards whose rectification clock is running past its deadline. */
export const overdueRectify = sql<boolean>`EXISTS (SELECT 1 FROM register_clocks k WHERE k.entity = 'hazard' AND k.entity_id = t.id
  AND k.rule_key = 'hazard_rectify' AND k.status = 'running' AND k.overdue_at IS NOT NULL)`;

/** One page of hazards in the actor's scope; matters only (a reporter never appears in a list). */
export async function listHazards(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const q = parseInput(listQuery, query ?? {}, lang);
  const where: RawBuilder<boolean>[] = [];
  if (q.status) where.push(sql<boolean>`t.status = ${q.status}`);
  if (q.open === 'true') where.push(sql<boolean>`t.status IN (${openList})`);
  if (q.open === 'false') where.push(sql<boolean>`t.status NOT IN (${openList})`);
  if (q.grade) where.push(sql<boolean>`t.grade = ${q.grade}`);
  if (q.type) where.push(sql<boolean>`t.type = ${q.type}`);
  if (q.source) where.push(sql<boolean>`t.source = ${q.source}`);
  if (q.unitId) where.push(sql<boolean>`t.unit_id = ${q.unitId}`);
  if (q.caseId) where.push(sql<boolean>`t.case_id = ${q.caseId}`);
  if (q.overdue) where.push(overdueRectify);
  const page = await listRegister(deps, HAZARD_SPEC, actor, { where, limit: q.limit, offset: q.offset });
  const ids = page.items.map((i) => i.id as string);
  const due = ids.length
    ? await deps.db
        .selectFrom('register_clocks')
        .select(['entity_id', 'due_at', 'overdue_at'])
        .where('entity', '=', 'hazard')
        .where('entity_id', 'in', ids)
        .where('status', '=', 'running')
        .orderBy('due_at')
        .execute()
    : [];
  return {
    ...page,
    items: page.items.map((i) => {
      const k = due.find((d) => d.entity_id === i.id);
      return { ...i, ...labels(i as HazardRow), dueAt: k?.due_at ?? null, overdue: k?.overdue_at != null };
    }),
  };
}

/** One hazard: its facts, the petition, the masked reporter, photos, the actions allowed now, clocks, timeline. */
export function hazardView(deps: Deps, actor: StaffActor, id: string) {
  return registerRecordView(deps, HAZARD_WORKFLOW, HAZARD_SPEC, actor, id, async (row: HazardRow) => {
    const [c, reporter, photos] = await Promise.all([
      row.case_id ? deps.db.selectFrom('cases').select(['reg_no', 'title', 'status']).where('id', '=', row.case_id).executeTakeFirst() : Promise.resolve(undefined),
      readHazardReporter(deps, actor, {}, row.id),
      listHazardPhotos(deps, row.id),
    ]);
    return { caseRegNo: c?.reg_no ?? null, caseTitle: c?.title ?? null, caseStatus: c?.status ?? null, ...labels(row), reporter, photos };
  });
}

/** The reporter of a hazard the actor may see: masked, or revealed (audited) for a role that needs it. */
export async function hazardReporter(deps: Deps, actor: Actor, meta: RequestMeta, id: string, reveal: boolean) {
  const row = await loadRegisterRow<HazardRow>(deps.db, HAZARD_SPEC, actor, id);
  return { item: await readHazardReporter(deps, actor, meta, row.id, { reveal }) };
}

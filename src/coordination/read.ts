/**
 * Reading the coordination register: the list (with the parts of decisions overdue) and one item with its units,
 * meetings, decisions and each unit's part. Matters only: the petition is shown by registration number, title and
 * status; its parties stay on the case (0015_rls.sql).
 */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { Actor, StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { listRegister, registerRecordView } from '../workflow/register-query.js';
import { COORDINATION_SPEC, type CoordinationRow } from './store.js';
import { COORDINATION_KIND_LABELS, COORDINATION_KINDS, COORDINATION_STATUSES, OPEN_COORDINATION_STATUSES, type CoordinationKind } from './tables.js';
import { COORDINATION_WORKFLOW } from './workflow.js';

const openList = sql.join(OPEN_COORDINATION_STATUSES.map((s) => sql.lit(s)));

export const listQuery = z.object({
  status: z.enum(COORDINATION_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional().describe('true: not yet closed nor withdrawn'),
  kind: z.enum(COORDINATION_KINDS).optional(),
  unitId: z.string().regex(/^\d+$/).optional().describe('a unit involved'),
  caseId: z.string().uuid().optional(),
  overdue: z.enum(['true']).optional().describe('true: some unit’s part of a decision is past its deadline and not reported done'),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/** An open part of a decision whose deadline has passed (at `now`). */
const overduePart = (now: Date) =>
  sql<boolean>`EXISTS (SELECT 1 FROM coordination_tasks ct WHERE ct.item_id = t.id AND ct.status = 'open' AND ct.due_at < ${now})`;

export async function listCoordination(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const q = parseInput(listQuery, query ?? {}, lang);
  const now = deps.now();
  const where: RawBuilder<boolean>[] = [];
  if (q.status) where.push(sql<boolean>`t.status = ${q.status}`);
  if (q.open === 'true') where.push(sql<boolean>`t.status IN (${openList})`);
  if (q.open === 'false') where.push(sql<boolean>`t.status NOT IN (${openList})`);
  if (q.kind) where.push(sql<boolean>`t.kind = ${q.kind}`);
  if (q.unitId) where.push(sql<boolean>`${q.unitId}::bigint = ANY (t.unit_ids)`);
  if (q.caseId) where.push(sql<boolean>`t.case_id = ${q.caseId}`);
  if (q.overdue) where.push(overduePart(now));
  const page = await listRegister(deps, COORDINATION_SPEC, actor, { where, limit: q.limit, offset: q.offset });
  const ids = page.items.map((i) => i.id as string);
  const parts = ids.length
    ? await deps.db.selectFrom('coordination_tasks').select(['item_id', 'status', 'due_at']).where('item_id', 'in', ids).execute()
    : [];
  return {
    ...page,
    items: page.items.map((i) => {
      const mine = parts.filter((p) => p.item_id === i.id);
      const open = mine.filter((p) => p.status === 'open');
      return {
        ...i,
        kindLabel: COORDINATION_KIND_LABELS[i.kind as CoordinationKind],
        parts: mine.length,
        openParts: open.length,
        overdueParts: open.filter((p) => p.due_at !== null && p.due_at.getTime() < now.getTime()).length,
      };
    }),
  };
}

/** One item: the units involved, the petition (number, title, status), meetings, decisions with each unit's part. */
export function coordinationView(deps: Deps, actor: StaffActor, id: string) {
  return registerRecordView(deps, COORDINATION_WORKFLOW, COORDINATION_SPEC, actor, id, async (row: CoordinationRow) => {
    const now = deps.now();
    const [c, units, meetings, decisions, parts] = await Promise.all([
      row.case_id ? deps.db.selectFrom('cases').select(['reg_no', 'title', 'status']).where('id', '=', row.case_id).executeTakeFirst() : Promise.resolve(undefined),
      deps.db.selectFrom('units').select(['id', 'name']).where('id', 'in', row.unit_ids.map(String).concat(['0'])).execute(),
      deps.db.selectFrom('coordination_meetings').select(['n', 'held_on', 'place', 'participants', 'minutes', 'created_at']).where('item_id', '=', row.id).orderBy('n').execute(),
      deps.db.selectFrom('coordination_decisions').select(['id', 'n', 'content', 'created_at']).where('item_id', '=', row.id).orderBy('n').execute(),
      deps.db
        .selectFrom('coordination_tasks')
        .innerJoin('units', 'units.id', 'coordination_tasks.unit_id')
        .select(['coordination_tasks.decision_id', 'coordination_tasks.unit_id', 'units.name as unit_name', 'coordination_tasks.status', 'coordination_tasks.due_at', 'coordination_tasks.report', 'coordination_tasks.done_at'])
        .where('coordination_tasks.item_id', '=', row.id)
        .orderBy('units.name')
        .execute(),
    ]);
    return {
      caseRegNo: c?.reg_no ?? null,
      caseTitle: c?.title ?? null,
      caseStatus: c?.status ?? null,
      kindLabel: COORDINATION_KIND_LABELS[row.kind],
      units: row.unit_ids.map((u) => ({ id: String(u), name: units.find((x) => String(x.id) === String(u))?.name ?? null })),
      meetings: meetings.map((m) => ({
        n: m.n,
        heldOn: m.held_on,
        place: m.place,
        participants: typeof m.participants === 'string' ? JSON.parse(m.participants) : m.participants,
        minutes: m.minutes,
        recordedAt: m.created_at,
      })),
      decisions: decisions.map((d) => ({
        n: d.n,
        content: d.content,
        parts: parts
          .filter((p) => p.decision_id === d.id)
          .map((p) => ({
            unitId: String(p.unit_id),
            unitName: p.unit_name,
            status: p.status,
            dueAt: p.due_at,
            overdue: p.status === 'open' && p.due_at !== null && p.due_at.getTime() < now.getTime(),
            report: p.report,
            doneAt: p.done_at,
          })),
      })),
    };
  });
}

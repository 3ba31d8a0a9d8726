import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../core/validate.js';
import { STATUS_LABELS, type Status } from '../cases/states.js';
import type { Lang } from '../core/i18n.js';
import type { Actor, StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { listRegister, registerRecordView } from '../workflow/register-query.js';
import { SUPERVISION_SPEC, type SupervisionRow } from './store.js';
import { isOpenSupervision, SUPERVISION_LEVELS, SUPERVISION_SOURCES, SUPERVISION_STATUSES } from './tables.js';
import { LEVEL_LABELS, SUPERVISION_WORKFLOW } from './workflow.js';

export const SOURCE_LABELS: Record<(typeof SUPERVISION_SOURCES)[number], { zh: string; en: string }> = {
  case_overdue: { zh: '办理超期', en: 'A case step overdue' },
  repeated_returns: { zh: '多次退单', en: 'Returned repeatedly' },
  unsatisfied: { zh: '群众不满意', en: 'Unsatisfied evaluation' },
  return_visit: { zh: '回访未解决/不满意', en: 'Return visit: unsolved or unsatisfied' },
  hazard_overdue: { zh: '隐患整改超期', en: 'Hazard rectification overdue' },
  hazard_major: { zh: '重大隐患', en: 'Major hazard' },
  mediation_performance: { zh: '调解协议未履行', en: 'Mediation agreement not performed' },
  manual: { zh: '人工立项', en: 'Opened by hand' },
};

export const listQuery = z.object({
  status: z.enum(SUPERVISION_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional().describe('true: open, notified or responded'),
  level: z.enum(SUPERVISION_LEVELS).optional(),
  source: z.enum(SUPERVISION_SOURCES).optional(),
  unitId: z.string().regex(/^\d+$/).optional().describe('the supervised unit'),
  caseId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export async function listSupervision(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const q = parseInput(listQuery, query ?? {}, lang);
  const where: RawBuilder<boolean>[] = [];
  if (q.status) where.push(sql<boolean>`t.status = ${q.status}`);
  if (q.open === 'true') where.push(isOpenSupervision('t'));
  if (q.open === 'false') where.push(sql<boolean>`t.status IN ('closed', 'withdrawn')`);
  if (q.level) where.push(sql<boolean>`t.level = ${q.level}`);
  if (q.source) where.push(sql<boolean>`t.source = ${q.source}`);
  if (q.unitId) where.push(sql<boolean>`t.unit_id = ${q.unitId}`);
  if (q.caseId) where.push(sql<boolean>`t.case_id = ${q.caseId}`);
  const page = await listRegister(deps, SUPERVISION_SPEC, actor, { where, limit: q.limit, offset: q.offset });
  const ids = page.items.map((i) => i.id as string);
  const due = ids.length
    ? await deps.db
        .selectFrom('register_clocks')
        .select(['entity_id', 'due_at'])
        .where('entity', '=', 'supervision')
        .where('entity_id', 'in', ids)
        .where('status', '=', 'running')
        .execute()
    : [];
  return {
    ...page,
    items: page.items.map((i) => ({ ...i, dueAt: due.find((d) => d.entity_id === i.id)?.due_at ?? null, levelLabel: LEVEL_LABELS[i.level as 'routine'], sourceLabel: SOURCE_LABELS[i.source as 'manual'] })),
  };
}

/** One item: its columns, the case it is about (as the actor may see it), the actions allowed now, clocks, timeline. */
export function supervisionView(deps: Deps, actor: StaffActor, id: string) {
  return registerRecordView(deps, SUPERVISION_WORKFLOW, SUPERVISION_SPEC, actor, id, async (row: SupervisionRow) => {
    const c = row.case_id
      ? await deps.db.selectFrom('cases').select(['id', 'reg_no', 'title', 'status']).where('id', '=', row.case_id).executeTakeFirst()
      : undefined;
    return {
      caseRegNo: c?.reg_no ?? null,
      caseTitle: c?.title ?? null,
      caseStatus: c ? (STATUS_LABELS[c.status as Status] ?? c.status) : null,
      levelLabel: LEVEL_LABELS[row.level],
      sourceLabel: SOURCE_LABELS[row.source],
    };
  });
}

/** Open items by supervised unit × level: the supervisor's board. */
export async function supervisionBoard(deps: Deps, actor: StaffActor) {
  const rows = await sql<{ unit_id: string; unit_name: string; unit_name_en: string | null; level: string; n: string }>`
    SELECT t.unit_id::text AS unit_id, u.name AS unit_name, u.name_en AS unit_name_en, t.level, count(*)::text AS n
    FROM supervision_items t JOIN units u ON u.id = t.unit_id
    WHERE ${isOpenSupervision('t')} AND ${SUPERVISION_SPEC.scope(actor)}
    GROUP BY t.unit_id, u.name, u.name_en, t.level ORDER BY u.name`.execute(deps.db);
  const units = [...new Map(rows.rows.map((r) => [r.unit_id, { zh: r.unit_name, en: r.unit_name_en ?? r.unit_name }])).entries()];
  return {
    rowLabel: { zh: '被督办单位', en: 'Supervised unit' },
    colLabel: { zh: '督办级别', en: 'Level' },
    rows: units.map(([key, label]) => ({ key, label })),
    cols: SUPERVISION_LEVELS.map((l) => ({ key: l, label: LEVEL_LABELS[l] })),
    cells: rows.rows.map((r) => ({ row: r.unit_id, col: r.level, count: Number(r.n) })),
  };
}

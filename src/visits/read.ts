import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import { readParties } from '../cases/petitioner-access.js';
import { loadCaseFor } from '../cases/scope.js';
import type { Actor, RequestMeta, StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { listRegister, registerRecordView } from '../workflow/register-query.js';
import { VISIT_SPEC, type VisitRow } from './store.js';
import { LABELS, REASONS, TASK_TRIGGERS, VISIT_STATUSES } from './tables.js';
import { STATUS_LABELS, VISIT_WORKFLOW } from './workflow.js';

export const listQuery = z.object({
  status: z.enum(VISIT_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional().describe('true: due or retry; false: done, unreachable or cancelled'),
  overdue: z.enum(['true', 'false']).optional().describe('true: open and past its return_visit deadline'),
  reason: z.enum(REASONS).optional(),
  trigger: z.enum(TASK_TRIGGERS).optional(),
  unitId: z.string().regex(/^\d+$/).optional().describe('the responsible (lead) unit'),
  caseId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

const OPEN = sql<boolean>`t.status IN ('due', 'retry')`;
const dueOf = (now: Date) =>
  sql<boolean>`EXISTS (SELECT 1 FROM register_clocks k WHERE k.entity = 'return_visit' AND k.entity_id = t.id AND k.rule_key = 'return_visit'
    AND k.status = 'running' AND k.due_at <= ${now})`;

/** Tasks the actor may see, with the case's number and title and the deadline; open ones first by deadline. */
export async function listVisits(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const q = parseInput(listQuery, query ?? {}, lang);
  const now = deps.now();
  const where: RawBuilder<boolean>[] = [];
  if (q.status) where.push(sql<boolean>`t.status = ${q.status}`);
  if (q.open === 'true') where.push(OPEN);
  if (q.open === 'false') where.push(sql<boolean>`NOT (${OPEN})`);
  if (q.overdue === 'true') where.push(sql<boolean>`${OPEN} AND ${dueOf(now)}`);
  if (q.overdue === 'false') where.push(sql<boolean>`NOT (${OPEN} AND ${dueOf(now)})`);
  if (q.reason) where.push(sql<boolean>`t.reason = ${q.reason}`);
  if (q.trigger) where.push(sql<boolean>`t.trigger = ${q.trigger}`);
  if (q.unitId) where.push(sql<boolean>`t.unit_id = ${q.unitId}`);
  if (q.caseId) where.push(sql<boolean>`t.case_id = ${q.caseId}`);
  const page = await listRegister(deps, VISIT_SPEC, actor, {
    where,
    orderBy: sql`(t.status IN ('due', 'retry')) DESC, COALESCE(t.next_attempt_at, t.created_at) ASC`,
    limit: q.limit,
    offset: q.offset,
  });
  const ids = page.items.map((i) => i.id as string);
  const caseIds = [...new Set(page.items.map((i) => i.caseId as string))];
  const [clocks, cases] = await Promise.all([
    ids.length
      ? deps.db.selectFrom('register_clocks').select(['entity_id', 'due_at']).where('entity', '=', 'return_visit').where('entity_id', 'in', ids).where('status', '=', 'running').execute()
      : Promise.resolve([]),
    caseIds.length ? deps.db.selectFrom('cases').select(['id', 'reg_no', 'title', 'status']).where('id', 'in', caseIds).execute() : Promise.resolve([]),
  ]);
  return {
    ...page,
    items: page.items.map((i) => {
      const dueAt = clocks.find((k) => k.entity_id === i.id)?.due_at ?? null;
      const c = cases.find((x) => x.id === i.caseId);
      return {
        ...i,
        caseRegNo: c?.reg_no ?? null,
        caseTitle: c?.title ?? null,
        caseStatus: c?.status ?? null,
        dueAt,
        dueLevel: dueAt ? (dueAt.getTime() <= now.getTime() ? 'overdue' : 'ok') : null,
        reasonLabel: LABELS.reason[i.reason as 'sampled'],
      };
    }),
  };
}

/**
 * One task: its columns, the case (number, title, status), the petitioner's contact masked (the number to call is
 * revealed through GET /api/cases/:id/parties?reveal=true, which is audited), every attempt, the actions allowed now,
 * the clock and the timeline.
 */
export function visitView(deps: Deps, actor: StaffActor, meta: RequestMeta, id: string) {
  return registerRecordView(deps, VISIT_WORKFLOW, VISIT_SPEC, actor, id, async (row: VisitRow) => {
    const [caseRow, attempts, category] = await Promise.all([
      loadCaseFor(deps.db, actor, row.case_id).catch(() => null),
      deps.db
        .selectFrom('return_visit_attempts')
        .leftJoin('users', 'users.id', 'return_visit_attempts.user_id')
        .select([
          'return_visit_attempts.n',
          'return_visit_attempts.at',
          'return_visit_attempts.channel',
          'return_visit_attempts.reached',
          'return_visit_attempts.next_attempt_at',
          'return_visit_attempts.solved',
          'return_visit_attempts.satisfied',
          'return_visit_attempts.comments',
          'users.display_name as by',
        ])
        .where('visit_id', '=', row.id)
        .orderBy('n')
        .execute(),
      row.category_id ? deps.db.selectFrom('categories').select(['name']).where('id', '=', row.category_id).executeTakeFirst() : Promise.resolve(undefined),
    ]);
    const parties = caseRow ? await readParties(deps, actor, meta, caseRow, { reveal: false }).catch(() => []) : [];
    return {
      caseRegNo: caseRow?.reg_no ?? null,
      caseTitle: caseRow?.title ?? null,
      caseStatus: caseRow?.status ?? null,
      categoryName: category?.name ?? null,
      reasonLabel: LABELS.reason[row.reason],
      triggerLabel: LABELS.trigger[row.trigger],
      solvedLabel: row.solved ? LABELS.solved[row.solved] : null,
      satisfiedLabel: row.satisfied ? LABELS.satisfied[row.satisfied] : null,
      attemptsLeft: Math.max(row.max_attempts - row.attempts, 0),
      parties,
      attemptLog: attempts.map((a) => ({
        n: a.n,
        at: a.at,
        channel: a.channel,
        reached: a.reached,
        nextAttemptAt: a.next_attempt_at,
        solved: a.solved,
        satisfied: a.satisfied,
        comments: a.comments,
        by: a.by,
      })),
    };
  });
}

const BOARD_COLS = ['due', 'overdue', 'retry'] as const;
const BOARD_LABELS = {
  due: { zh: STATUS_LABELS.due.zh, en: STATUS_LABELS.due.en },
  overdue: { zh: '已超期', en: 'Overdue' },
  retry: { zh: STATUS_LABELS.retry.zh, en: STATUS_LABELS.retry.en },
};

/** Open tasks by responsible unit × state: due, overdue (past the return_visit deadline, whatever the attempts), retry. */
export async function visitBoard(deps: Deps, actor: StaffActor) {
  const now = deps.now();
  const rows = await sql<{ unit_id: string; unit_name: string; unit_name_en: string | null; col: string; n: string }>`
    SELECT u.id::text AS unit_id, u.name AS unit_name, u.name_en AS unit_name_en,
      CASE WHEN ${dueOf(now)} THEN 'overdue' ELSE t.status END AS col, count(*)::text AS n
    FROM return_visits t JOIN units u ON u.id = COALESCE(t.unit_id, t.office_unit_id)
    WHERE ${OPEN} AND ${VISIT_SPEC.scope(actor)}
    GROUP BY u.id, u.name, u.name_en, col ORDER BY u.name`.execute(deps.db);
  const units = [...new Map(rows.rows.map((r) => [r.unit_id, { zh: r.unit_name, en: r.unit_name_en ?? r.unit_name }])).entries()];
  return {
    rowLabel: { zh: '责任单位', en: 'Responsible unit' },
    colLabel: { zh: '回访状态', en: 'State' },
    rows: units.map(([key, label]) => ({ key, label })),
    cols: BOARD_COLS.map((c) => ({ key: c, label: BOARD_LABELS[c] })),
    cells: rows.rows.map((r) => ({ row: r.unit_id, col: r.col, count: Number(r.n) })),
  };
}

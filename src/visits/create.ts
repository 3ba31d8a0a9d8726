/**
 * Opening a return-visit task: by the office's policy (a reply issued, a handling deadline expired, an unsatisfied
 * evaluation) inside the transaction of what caused it, or by hand. Either way in ONE transaction: the task, its
 * first event, its 3-working-day clock (rule return_visit), the audit row and a note on the case's timeline. One open
 * task per case: the case row is locked while we look, and a partial unique index holds it even so.
 */
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import { transitionFor } from '../cases/lifecycle.js';
import { loadCaseFor } from '../cases/scope.js';
import { startRegisterClock } from '../clocks/register-clocks.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { createRegisterRow } from '../workflow/register-store.js';
import { checkTransition, transitionOf } from '../workflow/table.js';
import { resolvePolicy, select, type Selection, type VisitPolicy } from './policy.js';
import type { TaskTrigger } from './tables.js';
import { VISIT_WORKFLOW } from './workflow.js';

export const SYSTEM: Actor = { kind: 'system', job: 'return-visit-policy' };
export const RULE = 'return_visit_policy';

interface LockedCase {
  id: string;
  reg_no: string;
  title: string;
  status: string;
  intake_unit_id: string;
  lead_unit_id: string | null;
  category_id: string | null;
  evaluation: string | null;
}

async function lockCase(tx: Transaction<DB>, caseId: string): Promise<LockedCase | undefined> {
  const r = await sql<LockedCase>`SELECT id, reg_no, title, status, intake_unit_id::text AS intake_unit_id, lead_unit_id::text AS lead_unit_id,
      category_id::text AS category_id, evaluation FROM cases WHERE id = ${caseId} FOR UPDATE`.execute(tx);
  return r.rows[0];
}

async function openTaskOf(tx: Transaction<DB>, caseId: string) {
  return tx.selectFrom('return_visits').select('id').where('case_id', '=', caseId).where('status', 'in', ['due', 'retry']).executeTakeFirst();
}

/**
 * The current handling round of a case starts with its latest handling clock (acceptance, or a reopening). A reply
 * or deadline trigger opens at most one task per round, so re-running a trigger never visits twice.
 */
async function alreadyTriggered(tx: Transaction<DB>, caseId: string, trigger: TaskTrigger): Promise<boolean> {
  const r = await sql<{ one: number }>`SELECT 1 AS one FROM return_visits v
    WHERE v.case_id = ${caseId} AND v.trigger = ${trigger}
      AND v.created_at >= COALESCE((SELECT max(started_at) FROM case_clocks WHERE case_id = ${caseId} AND rule_key = 'handle'), '-infinity'::timestamptz)
    LIMIT 1`.execute(tx);
  return r.rows.length > 0;
}

async function insertTask(
  tx: Transaction<DB>,
  deps: Deps,
  actor: Actor,
  meta: RequestMeta,
  c: LockedCase,
  policy: VisitPolicy,
  trigger: TaskTrigger,
  sel: Selection,
  at: Date,
  note: string | null,
): Promise<string> {
  const eventData = {
    caseId: c.id,
    trigger,
    reason: sel.reason,
    samplePoint: sel.samplePoint,
    policyId: policy.id,
    ...(actor.kind === 'system' ? { byRule: RULE } : {}),
  };
  const id = await createRegisterRow(
    tx,
    actor,
    { entity: 'return_visit', table: 'return_visits', action: 'create', status: 'due' },
    {
      office_unit_id: c.intake_unit_id,
      unit_id: c.lead_unit_id,
      case_id: c.id,
      category_id: c.category_id,
      trigger,
      reason: sel.reason,
      sample_point: sel.samplePoint,
      policy_id: policy.id,
      max_attempts: policy.maxAttempts,
      on_unsolved: policy.onUnsolved,
      note,
      created_by: actor.kind === 'staff' ? actor.userId : null,
      created_at: at,
    },
    at,
    eventData,
  );
  const clock = await startRegisterClock(tx, deps.clocks, { entity: 'return_visit', entityId: id, ruleKey: 'return_visit', unitId: c.intake_unit_id, at });
  await writeAudit(tx, actor, meta, { action: 'return_visit.create', entityType: 'return_visit', entityId: id, data: eventData });
  await appendEvent(tx, actor, { caseId: c.id, type: 'return_visit_scheduled', public: false, data: { visitId: id, trigger, reason: sel.reason, dueAt: clock.due_at }, at });
  return id;
}

/**
 * What a trigger does to a case under its office's policy: opens a task (returns its id) or not (null) — not
 * selected, a task already open, or this trigger already used in this handling round. Runs in the caller's
 * transaction: the reply, the evaluation, or the sweep's own.
 */
export async function openTaskByPolicy(
  tx: Transaction<DB>,
  deps: Deps,
  args: { caseId: string; trigger: Exclude<TaskTrigger, 'manual'>; at: Date },
): Promise<string | null> {
  const c = await lockCase(tx, args.caseId);
  if (!c) return null;
  const policy = await resolvePolicy(tx, c.intake_unit_id, c.category_id);
  const sel = select(policy, args.trigger, c);
  if (!sel) return null;
  if (await openTaskOf(tx, c.id)) return null;
  if (args.trigger !== 'evaluation' && (await alreadyTriggered(tx, c.id, args.trigger))) return null;
  return insertTask(tx, deps, SYSTEM, {}, c, policy, args.trigger, sel, args.at, null);
}

export const createInput = z.object({
  caseId: z.string().uuid().describe('the case to visit; visible to you, its reply issued (or its handling deadline passed)'),
  note: z.string().trim().max(2000).optional().describe('why this case is visited by hand'),
});

/** A case may be visited once it has an answer, or once its handling deadline has passed without one. */
async function visitable(deps: Deps, c: { id: string; status: string }): Promise<boolean> {
  if (transitionFor('record_return_visit')!.from.includes(c.status as never)) return true;
  const late = await deps.db
    .selectFrom('case_clocks')
    .select('id')
    .where('case_id', '=', c.id)
    .where('rule_key', '=', 'handle')
    .where('status', '=', 'running')
    .where('due_at', '<=', deps.now())
    .executeTakeFirst();
  return late !== undefined;
}

/** 派发回访任务 by hand (return-visit staff or a dispatcher of the registering office). */
export async function createVisitByHand(deps: Deps, args: UseCaseArgs & { input: unknown }) {
  const { actor, meta, lang } = args;
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const t = transitionOf(VISIT_WORKFLOW, 'create')!;
  // who: the role first (before the input is read), then where: against the case's registering office
  if (!actor.roles.some((r) => t.roles.includes(r))) throw new AppError('FORBIDDEN');
  const input = parseInput(createInput, args.input ?? {}, lang);
  const caseRow = await loadCaseFor(deps.db, actor, input.caseId);
  const refused = checkTransition(VISIT_WORKFLOW, actor, t, { status: 'due', attempts: 0, maxAttempts: 1, officePath: caseRow.intake_path });
  if (refused) throw new AppError(refused.code, refused.params ?? {});
  if (!(await visitable(deps, caseRow))) throw new AppError('ACTION_NOT_ALLOWED', { action: t.label.zh, status: caseRow.status });
  const now = deps.now();
  const id = await deps.db.transaction().execute(async (tx) => {
    const c = (await lockCase(tx, input.caseId))!;
    if (await openTaskOf(tx, c.id)) throw new AppError('ALREADY_EXISTS', { field: '回访任务' }, { issues: [{ field: 'caseId', message: 'an open return-visit task exists for this case' }] });
    const policy = await resolvePolicy(tx, c.intake_unit_id, c.category_id);
    return insertTask(tx, deps, actor, meta, c, policy, 'manual', { reason: 'manual', samplePoint: null }, now, input.note ?? null);
  });
  return { id };
}

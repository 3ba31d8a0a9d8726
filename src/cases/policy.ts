/**
 * Authorization in one place: may this actor take this action on this case now? Reads the transition table;
 * the same answer drives refusals in the API and the list of allowed actions sent with every case.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Actor } from '../org/actor.js';
import { allowedActions as allowedWf, checkTransition as checkWf, defineWorkflow } from '../workflow/table.js';
import { TRANSITIONS, type GuardContext, type GuardFailure, type Relation, type Transition } from './lifecycle.js';
import type { CaseRow } from './scope.js';
import { STATUS_LABELS, type CaseKind, type Status } from './states.js';

export interface PolicyContext extends GuardContext {
  leadUnitId: string | null;
  reviewUnitId: string | null;
  intakePath: string;
  assistUnitIds: ReadonlySet<string>;
}

export const CASE_WORKFLOW = defineWorkflow<Status, PolicyContext, Relation>({
  entity: 'case',
  title: { zh: '信访事项办理流程', en: 'The case lifecycle' },
  transitions: TRANSITIONS,
  statuses: STATUS_LABELS,
  relations: {
    intake: 'scope holds the registering office',
    lead: 'in the lead unit',
    assist: 'in an assisting unit',
    review: 'in the reviewing unit',
    scope: 'can see the case',
  },
  relationHolds(actor, relation, p) {
    switch (relation) {
      case 'scope':
        return true;
      case 'intake':
        return p.intakePath.startsWith(actor.scopePath);
      case 'lead':
        return actor.unitId === p.leadUnitId;
      case 'assist':
        return p.assistUnitIds.has(actor.unitId);
      case 'review':
        return actor.unitId === p.reviewUnitId;
    }
  },
});

/** null when allowed; otherwise why not, as a stable error code. State is checked first, then who, then guard. */
export const checkTransition = (actor: Actor, t: Transition, p: PolicyContext): GuardFailure | null => checkWf(CASE_WORKFLOW, actor, t, p);

export const allowedActions = (actor: Actor, p: PolicyContext): string[] => allowedWf(CASE_WORKFLOW, actor, p);

/** Gathers what the guards need about a case in a few small queries. */
export async function policyContext(db: Kysely<DB>, c: CaseRow, now: Date): Promise<PolicyContext> {
  const [clocks, requests, units] = await Promise.all([
    db.selectFrom('case_clocks').select(['rule_key', 'status', 'due_at']).where('case_id', '=', c.id).orderBy('started_at').execute(),
    db.selectFrom('case_requests').select(['type', 'status']).where('case_id', '=', c.id).execute(),
    db
      .selectFrom('case_units')
      .innerJoin('units', 'units.id', 'case_units.unit_id')
      .select(['case_units.unit_id', 'case_units.role', 'case_units.active', 'units.parent_id'])
      .where('case_id', '=', c.id)
      .execute(),
  ]);
  const windows: Record<string, Date | null> = {};
  for (const k of clocks) windows[k.rule_key] = k.due_at; // latest clock of each rule wins (ordered by start)
  const higherOf = (unitId: string | null) =>
    unitId !== null && units.some((u) => u.unit_id === unitId && u.parent_id !== null);
  // review goes to the unit above the one whose decision is contested (第三十五条, 第三十六条)
  const contested = c.review_level >= 1 ? c.review_unit_id : c.lead_unit_id;
  return {
    status: c.status as Status,
    kind: c.kind as CaseKind,
    designatedAfterDispute: c.designated_after_dispute,
    reviewLevel: c.review_level,
    acceptedAt: c.accepted_at,
    evaluation: c.evaluation,
    now,
    windows,
    pending: new Set(requests.filter((r) => r.status === 'pending').map((r) => r.type)),
    extensionUsed: requests.some((r) => r.type === 'extension' && r.status === 'approved'),
    clockPaused: clocks.some((k) => k.rule_key === 'rereview_decide' && k.status === 'paused'),
    hasHigherUnit: higherOf(contested),
    routeType: c.route_type,
    leadUnitId: c.lead_unit_id,
    reviewUnitId: c.review_unit_id,
    intakePath: c.intake_path,
    assistUnitIds: new Set(units.filter((u) => u.role === 'assist' && u.active).map((u) => u.unit_id)),
  };
}

/**
 * 待我处理: each role's own work, derived from the transition tables rather than kept by hand. A case is in an
 * actor's queue when one of the actor's roles has a queue action (a transition's `queue`, default its `roles`) in
 * the case's state, the actor's OWN unit holds the transition's relation (the queue is the unit's work, not its
 * whole scope), and the transition's guard, where it has one, holds — written here once more as SQL. The registers
 * that hang on a case add their open items: a return visit due for the office, a supervision notice to answer or
 * a response to review. So every case in a queue is one the actor may act on now (test/http/role-queues.test.ts).
 */
import { sql, type RawBuilder } from 'kysely';
import type { StaffActor } from '../org/actor.js';
import { ROLE_LABELS, type Role } from '../org/roles.js';
import type { AnyWorkflow, Label } from '../workflow/table.js';
import { SUPERVISION_WORKFLOW } from '../supervision/workflow.js';
import { VISIT_WORKFLOW } from '../visits/workflow.js';
import { TRANSITIONS, type Relation } from './lifecycle.js';
import { STATUS_LABELS } from './states.js';

type Cond = RawBuilder<boolean>;

/** Where the actor's own unit holds a case relation of src/cases/policy.ts (a narrowing of it: the unit, not the scope). */
const CASE_RELATION: Record<Relation, (unitId: string) => Cond> = {
  intake: (u) => sql<boolean>`cases.intake_unit_id = ${u}`,
  lead: (u) => sql<boolean>`cases.lead_unit_id = ${u}`,
  assist: (u) => sql<boolean>`EXISTS (SELECT 1 FROM case_units cu WHERE cu.case_id = cases.id AND cu.unit_id = ${u} AND cu.role = 'assist' AND cu.active)`,
  review: (u) => sql<boolean>`cases.review_unit_id = ${u}`,
  // "can see the case" would be every case in the scope: the queue keeps those the actor's unit has a part in
  scope: (u) => sql<boolean>`EXISTS (SELECT 1 FROM case_units cu WHERE cu.case_id = cases.id AND cu.unit_id = ${u} AND cu.active)`,
};

const pendingExtension = sql<boolean>`EXISTS (SELECT 1 FROM case_requests r WHERE r.case_id = cases.id AND r.type = 'extension' AND r.status = 'pending')`;

/** The guards of the queue actions of the case table (src/cases/lifecycle.ts `guards`), as SQL. */
const CASE_GUARD: Record<string, Cond> = {
  evaluate: sql<boolean>`cases.evaluation IS NULL`, // guards.notEvaluated
  approve_extension: pendingExtension, // guards.extensionPending
  reject_extension: pendingExtension,
};

/** A register whose items hang on a case: its table, and the column each of its relations reads. */
interface RegisterQueue {
  workflow: AnyWorkflow;
  table: 'return_visits' | 'supervision_items';
  column: Record<string, 'office_unit_id' | 'unit_id'>;
}

type Transition = AnyWorkflow['transitions'][number];

const REGISTERS: readonly RegisterQueue[] = [
  { workflow: VISIT_WORKFLOW, table: 'return_visits', column: { office: 'office_unit_id' } },
  { workflow: SUPERVISION_WORKFLOW, table: 'supervision_items', column: { office: 'office_unit_id', unit: 'unit_id' } },
];
const registerOf = (entity: string) => REGISTERS.find((r) => r.workflow.entity === entity)!;

export interface QueueEntry {
  /** 'case' or the register's entity */
  entity: string;
  action: string;
  label: Label;
  statuses: readonly string[];
  relation: string;
  /** the guard, as SQL, that must also hold */
  guarded: boolean;
}

const queueRoles = (t: Transition): readonly Role[] => t.queue ?? t.roles;

/**
 * The queue actions of one table for these roles. A guarded action is kept with its SQL guard; without one it must be
 * an alternative to an unguarded queue action of the same states and relation (e.g. "not reached" beside "record the
 * visit"), or the derivation would list cases the role cannot act on — that is an error, caught by the unit test.
 */
function entriesOf(entity: string, transitions: readonly Transition[], roles: readonly Role[], guardSql: Record<string, Cond>): QueueEntry[] {
  const mine = transitions.filter((t) => t.from.length > 0 && queueRoles(t).some((r) => roles.includes(r)));
  const out: QueueEntry[] = [];
  for (const t of mine) {
    if (t.guard && !guardSql[t.action]) {
      const covered = t.from.every((s) => mine.some((o) => !o.guard && o.relation === t.relation && o.from.includes(s)));
      if (covered) continue;
      throw new Error(`queue: ${entity}.${t.action} is guarded and has no SQL guard in src/cases/queue.ts (or set its queue to [])`);
    }
    out.push({ entity, action: t.action, label: t.label, statuses: t.from, relation: t.relation, guarded: Boolean(t.guard) });
  }
  return out;
}

/** Every queue action of the case table and of the registers on a case, for these roles. */
export function queueEntries(roles: readonly Role[]): QueueEntry[] {
  return [
    ...entriesOf('case', TRANSITIONS, roles, CASE_GUARD),
    ...REGISTERS.flatMap((r) => entriesOf(r.workflow.entity, r.workflow.transitions, roles, {})),
  ];
}

/** What the actor's queue holds, in words: each queue action's label and, for a register's, the register's title. */
export const queueSummary = (roles: readonly Role[]) =>
  queueEntries(roles).map((e) => ({ entity: e.entity, action: e.action, label: e.label, ...(e.entity === 'case' ? {} : { register: registerOf(e.entity).workflow.title }) }));

/** The `mine` filter of the case list: one condition on `cases`, true when the case waits for the actor. */
export function mineCondition(actor: StaffActor): Cond {
  const u = actor.unitId;
  const clauses: Cond[] = [];
  for (const e of queueEntries(actor.roles)) {
    const statuses = sql.join(e.statuses.map((s) => sql.lit(s)));
    if (e.entity === 'case') {
      const guard = e.guarded ? sql<boolean>` AND ${CASE_GUARD[e.action]!}` : sql``;
      clauses.push(sql<boolean>`(cases.status IN (${statuses}) AND ${CASE_RELATION[e.relation as Relation](u)}${guard})`);
    } else {
      const reg = registerOf(e.entity);
      const col = reg.column[e.relation];
      if (!col) throw new Error(`queue: no column for relation ${e.relation} of ${e.entity}`);
      clauses.push(
        sql<boolean>`EXISTS (SELECT 1 FROM ${sql.table(reg.table)} q WHERE q.case_id = cases.id AND q.${sql.ref(col)} = ${u} AND q.status IN (${statuses}))`,
      );
    }
  }
  return clauses.length ? sql<boolean>`(${sql.join(clauses, sql` OR `)})` : sql<boolean>`false`;
}

/** Roles that have a queue of cases to render; the others work elsewhere (analysis, administration, mediation). */
const DOC_ROLES: readonly Role[] = ['intake', 'dispatcher', 'handler', 'unit_head', 'supervisor', 'return_visit', 'mediator', 'analyst', 'admin'];

const RELATION_WORDS: Record<string, string> = {
  intake: 'registered by my unit',
  lead: 'my unit leads',
  assist: 'my unit assists',
  review: 'my unit reviews',
  scope: 'my unit has a part in',
  office: 'kept by my office',
  unit: 'addressed to my unit',
};

/** Markdown: each role's default 待我处理 queue, rendered from the derivation itself (docs/lifecycle.md). */
export function renderQueuesMarkdown(): string[] {
  const statusLabel = (entity: string, s: string) =>
    entity === 'case' ? `${STATUS_LABELS[s as keyof typeof STATUS_LABELS].zh} ${s}` : `${registerOf(entity).workflow.statuses[s]?.zh ?? s} ${s}`;
  const where = (e: QueueEntry) => (e.entity === 'case' ? '' : `${registerOf(e.entity).workflow.title.zh}: `);
  const rows = DOC_ROLES.map((role) => {
    const entries = queueEntries([role]);
    const work = entries.length
      ? entries.map((e) => `${where(e)}${e.label.zh} / ${e.label.en} — ${e.statuses.map((s) => statusLabel(e.entity, s)).join(', ')}; ${RELATION_WORDS[e.relation] ?? e.relation}${e.guarded ? ' (guard holds)' : ''}`).join('<br>')
      : '(none: no case waits for this role; its work is elsewhere)';
    return `| ${role} ${ROLE_LABELS[role].zh} | ${work} |`;
  });
  return [
    '## Each role’s queue (待我处理)',
    '',
    'The workbench tab 待我处理 (`GET /api/cases?mine=true`) lists the cases the signed-in user can act on now, derived from this table by',
    '`src/cases/queue.ts`: an action of one of the user’s roles whose `from` holds the case’s status, where the user’s **own unit** holds the',
    'relation (not the whole scope), with the action’s guard checked; plus the open items of the registers on the case. Corrections and',
    'actions taken on request (recall, reroute, reopen, review requests, extensions, pausing a clock, closing) are not waits: their `queue` is',
    'empty. A user with several roles sees the union. Rendered from the code:',
    '',
    '| role | cases in the queue: action — statuses; whose |',
    '|---|---|',
    ...rows,
    '',
  ];
}

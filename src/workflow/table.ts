/**
 * The shared mechanism behind every transition table: the case lifecycle and each register (return visits,
 * supervision, mediation, hazards). A table lists every allowed `from → action → to`, who may do it, where the
 * actor must sit (a relation the workflow defines) and an optional guard; the API (refusals and allowedActions),
 * the web UI (which buttons), the generated docs and the tests all read the same table.
 */
import type { ErrorCode } from '../core/errors.js';
import type { MessageParam } from '../core/i18n.js';
import type { Actor, StaffActor } from '../org/actor.js';
import type { Role } from '../org/roles.js';

export interface GuardFailure {
  code: ErrorCode;
  params?: Record<string, MessageParam>;
}

export type Guard<C> = (c: C) => GuardFailure | null;

export interface Label {
  zh: string;
  en: string;
}

export interface Transition<S extends string = string, C = unknown, R extends string = string> {
  action: string;
  /** empty: the action creates the record */
  from: readonly S[];
  to: S | 'same';
  roles: readonly Role[];
  /** a citizen holding the tracking code and secret may also do it (cases only) */
  citizen?: boolean;
  relation: R;
  guard?: Guard<C>;
  /** the event is shown to the citizen (cases) or in public bulletins (registers) */
  public: boolean;
  basis?: string;
  /** when the action is refused although state, role and place fit (the guard's rule), for docs and OpenAPI */
  note?: string;
  /**
   * Whose 待我处理 queue a record waiting in a from-state for this action lands in (src/cases/queue.ts); default: every
   * role in `roles`. [] for a correction or an action taken on someone's request (recall, reopen, a review request):
   * the record is not waiting for it. A narrower list when the action is one role's work that another may also do.
   */
  queue?: readonly Role[];
  label: Label;
}

/** What the policy needs of any record: its status. Each workflow adds what its guards and relations read. */
export interface StatusContext<S extends string = string> {
  status: S;
}

export interface Workflow<S extends string, C extends StatusContext<S>, R extends string> {
  /** audit entity type and event namespace: 'case', 'return_visit', 'supervision', 'dispute', 'hazard' */
  entity: string;
  title: Label;
  transitions: readonly Transition<S, C, R>[];
  statuses: Readonly<Record<S, Label>>;
  /** how each relation reads in the docs */
  relations: Readonly<Record<R, string>>;
  relationHolds(actor: StaffActor, relation: R, ctx: C): boolean;
}

// A workflow with its type parameters erased, for code that only reads tables (docs, routes, the web meta).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkflow = Workflow<string, any, string>;

export const defineWorkflow = <S extends string, C extends StatusContext<S>, R extends string>(w: Workflow<S, C, R>) => w;

export function transitionOf<S extends string, C extends StatusContext<S>, R extends string>(w: Workflow<S, C, R>, action: string) {
  return w.transitions.find((t) => t.action === action);
}

/** null when allowed; otherwise why not, as a stable error code. State is checked first, then who, then the guard. */
export function checkTransition<S extends string, C extends StatusContext<S>, R extends string>(
  w: Workflow<S, C, R>,
  actor: Actor,
  t: Transition<S, C, R>,
  ctx: C,
  opts: { byRule?: string } = {},
): GuardFailure | null {
  // named by their labels in the reader's language (当前状态（已登记）下不能执行“签收”), never by their keys
  if (t.from.length > 0 && !t.from.includes(ctx.status)) return { code: 'ACTION_NOT_ALLOWED', params: { action: t.label, status: w.statuses[ctx.status] ?? ctx.status } };
  // a configured rule (e.g. "an unsolved return visit reopens the case") stands in for the role and place check;
  // the state and the guard still apply
  const permitted =
    opts.byRule !== undefined ||
    (actor.kind === 'citizen'
      ? t.citizen === true
      : actor.kind === 'staff' && actor.roles.some((r) => t.roles.includes(r)) && w.relationHolds(actor, t.relation, ctx));
  if (!permitted) return { code: 'FORBIDDEN' };
  return t.guard ? t.guard(ctx) : null;
}

/** The actions this actor may take on this record now; sent with every record so the UI shows exactly those. */
export function allowedActions<S extends string, C extends StatusContext<S>, R extends string>(w: Workflow<S, C, R>, actor: Actor, ctx: C): string[] {
  return w.transitions.filter((t) => t.from.length > 0 && checkTransition(w, actor, t, ctx) === null).map((t) => t.action);
}

/** Runs guards in order; the first failure wins. */
export const all =
  <C>(...guards: Guard<C>[]): Guard<C> =>
  (c) => {
    for (const g of guards) {
      const failure = g(c);
      if (failure) return failure;
    }
    return null;
  };

/** Table-level consistency every workflow must satisfy; the unit tests run it on each table. */
export function tableProblems(w: AnyWorkflow): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const statuses = new Set(Object.keys(w.statuses));
  for (const t of w.transitions) {
    if (seen.has(t.action)) problems.push(`${w.entity}: action ${t.action} appears twice`);
    seen.add(t.action);
    for (const s of t.from) if (!statuses.has(s)) problems.push(`${w.entity}.${t.action}: unknown from-status ${s}`);
    if (t.to !== 'same' && !statuses.has(t.to)) problems.push(`${w.entity}.${t.action}: unknown to-status ${t.to}`);
    if (t.to === 'same' && t.from.length === 0) problems.push(`${w.entity}.${t.action}: a creating action needs a to-status`);
    if (t.roles.length === 0 && !t.citizen) problems.push(`${w.entity}.${t.action}: nobody may do it`);
    if (!(t.relation in w.relations)) problems.push(`${w.entity}.${t.action}: relation ${t.relation} is not described`);
  }
  // every status but the creating one must be reachable
  const reachable = new Set<string>();
  for (const t of w.transitions) if (t.to !== 'same') reachable.add(t.to);
  for (const s of statuses) if (!reachable.has(s)) problems.push(`${w.entity}: status ${s} is never reached`);
  return problems;
}

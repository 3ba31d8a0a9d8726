/**
 * Runs one transition of any workflow, the same way for cases and for every register: scoped load (404 when the
 * actor may not see it), input validation, policy and guard, then in ONE transaction a conditional update on the
 * record's version (a concurrent second attempt finds 0 rows → STATE_CONFLICT, never a double action), the action's
 * effects, the typed event and the audit record. Work that must wait for the commit runs after it.
 */
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { AppError, type ErrorCode } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import { writeAudit } from '../audit/audit.js';
import type { Deps, UseCaseArgs } from './deps.js';
import { checkTransition, transitionOf, type StatusContext, type Transition, type Workflow } from './table.js';

export interface Versioned {
  id: string;
  status: string;
  version: number;
}

export interface TransitionContext<Row, C> {
  deps: Deps;
  tx: Transaction<DB>;
  actor: Actor;
  meta: RequestMeta;
  row: Row;
  policy: C;
  transition: Transition<string, C, string>;
  /** the status the record moves to */
  to: string;
  now: Date;
}

export interface HandlerResult<Patch> {
  /** further columns of the record to set in the same transaction */
  patch?: Patch;
  /** recorded on the event; public events can be shown outside the office, so never put personal data here */
  eventData?: Record<string, unknown>;
  /** runs after the commit (notifications, jobs); its failure does not undo the transition */
  after?: () => Promise<void>;
}

export interface Handler<Row, C, Patch, S extends z.ZodType = z.ZodType> {
  input: S;
  apply(ctx: TransitionContext<Row, C>, input: z.infer<S>): Promise<HandlerResult<Patch> | void>;
}

/** How a workflow's records are stored: the parts of runTransition that differ between cases and registers. */
export interface RecordStore<Row extends Versioned, C extends StatusContext, Patch> {
  notFound: ErrorCode;
  conflict: ErrorCode;
  load(deps: Deps, actor: Actor, id: string): Promise<Row>;
  context(deps: Deps, row: Row, actor: Actor, now: Date): Promise<C>;
  /** conditional update: status and version+1 WHERE version = row.version; false when someone else won */
  claim(tx: Transaction<DB>, row: Row, to: string, now: Date): Promise<boolean>;
  patch(tx: Transaction<DB>, row: Row, patch: Patch): Promise<void>;
  appendEvent(
    tx: Transaction<DB>,
    actor: Actor,
    e: { id: string; type: string; from: string; to: string; public: boolean; data: Record<string, unknown>; at: Date },
  ): Promise<void>;
}

export async function runTransition<S extends string, C extends StatusContext<S>, R extends string, Row extends Versioned, Patch>(
  deps: Deps,
  args: UseCaseArgs & { id: string; action: string; input: unknown },
  w: Workflow<S, C, R>,
  store: RecordStore<Row, C, Patch>,
  handlers: Readonly<Record<string, Handler<Row, C, Patch>>>,
): Promise<{ id: string; status: string }> {
  const { actor, meta, lang } = args;
  const transition = transitionOf(w, args.action);
  const handler = handlers[args.action];
  if (!transition || !handler || transition.from.length === 0) throw new AppError('NOT_FOUND', {}, { action: args.action });
  const row = await store.load(deps, actor, args.id);
  const input = parseInput(handler.input, args.input ?? {}, lang);
  const now = deps.now();
  const policy = await store.context(deps, row, actor, now);
  const failure = checkTransition(w, actor, transition, policy);
  if (failure) throw new AppError(failure.code, { action: transition.action, status: row.status, ...failure.params });
  const to = transition.to === 'same' ? row.status : transition.to;

  const after = await deps.db.transaction().execute(async (tx) => {
    if (!(await store.claim(tx, row, to, now))) throw new AppError(store.conflict);
    const ctx: TransitionContext<Row, C> = { deps, tx, actor, meta, row, policy, transition: transition as Transition<string, C, string>, to, now };
    const result = (await handler.apply(ctx, input)) ?? {};
    if (result.patch && Object.keys(result.patch).length > 0) await store.patch(tx, row, result.patch);
    await store.appendEvent(tx, actor, { id: row.id, type: transition.action, from: row.status, to, public: transition.public, data: result.eventData ?? {}, at: now });
    await writeAudit(tx, actor, meta, { action: `${w.entity}.${transition.action}`, entityType: w.entity, entityId: row.id, data: { from: row.status, to } });
    return result.after;
  });
  if (after) await after().catch((err: unknown) => console.error(`[${w.entity}] after ${transition.action}:`, err));
  return { id: row.id, status: to };
}

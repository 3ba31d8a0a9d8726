/**
 * Runs one transition of any workflow, the same way for cases and for every register: scoped load (404 when the
 * actor may not see it), input validation, policy and guard, then in ONE transaction a conditional update on the
 * record's version (a concurrent second attempt finds 0 rows → STATE_CONFLICT, never a double action), the action's
 * effects, the typed event and the audit record. Work that must wait for the commit runs after it.
 */
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { DeclaredRule } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import { writeAudit } from '../audit/audit.js';
import type { Deps, UseCaseArgs } from './deps.js';
import { checkTransition, transitionOf, type StatusContext, type Transition, type Workflow } from './table.js';
import { recordDoneInTx } from '../core/idempotent-result.js';

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
  /** rules the handler checks against stored data, beyond its input schema: listed in the API document (src/core/input-rules.ts) */
  rules?: readonly DeclaredRule<never>[];
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

/** What a transition hook sees: the record that moved, inside the transaction that moved it. */
export interface TransitionEvent {
  deps: Deps;
  tx: Transaction<DB>;
  actor: Actor;
  meta: RequestMeta;
  entity: string;
  id: string;
  action: string;
  from: string;
  to: string;
  at: Date;
  data: Record<string, unknown>;
}

type TransitionHook = (e: TransitionEvent) => Promise<void>;
const transitionHooks = new Map<string, TransitionHook[]>();

/**
 * Work another module does when a record of `entity` takes `action` ('*' for any), in the SAME transaction (so a
 * return-visit task is created exactly when the reply is issued, or not at all). Registered by the composition root
 * (src/hooks.ts) at start-up. A hook that throws aborts the transition: keep hooks to what must commit together.
 */
export function onTransition(entity: string, action: string, hook: TransitionHook): void {
  const key = `${entity}.${action}`;
  const list = transitionHooks.get(key) ?? [];
  if (!list.includes(hook)) list.push(hook);
  transitionHooks.set(key, list);
}

async function runHooks(e: TransitionEvent) {
  for (const hook of [...(transitionHooks.get(`${e.entity}.${e.action}`) ?? []), ...(transitionHooks.get(`${e.entity}.*`) ?? [])]) await hook(e);
}

/** What a creation hook sees: a record just created (a case registered, a register row opened), in its transaction. */
export interface CreatedEvent {
  tx: Transaction<DB>;
  entity: string;
  id: string;
  action: string;
  at: Date;
}
type CreatedHook = (e: CreatedEvent) => Promise<void>;
const createdHooks = new Map<string, CreatedHook[]>();

/** Work another module does when a record of `entity` is created ('*' for any), in the creating transaction. */
export function onCreated(entity: string, hook: CreatedHook): void {
  const list = createdHooks.get(entity) ?? [];
  if (!list.includes(hook)) list.push(hook);
  createdHooks.set(entity, list);
}

/** Called by every creating action (registerCase, createRegisterRow) once the record and its first event exist. */
export async function recordCreated(e: CreatedEvent): Promise<void> {
  for (const hook of [...(createdHooks.get(e.entity) ?? []), ...(createdHooks.get('*') ?? [])]) await hook(e);
}

interface Prepared<Row, C> {
  row: Row;
  input: unknown;
  policy: C;
  transition: Transition<string, C, string>;
  to: string;
}

async function prepare<S extends string, C extends StatusContext<S>, R extends string, Row extends Versioned, Patch>(
  deps: Deps,
  args: UseCaseArgs & { id: string; action: string; input: unknown; byRule?: string },
  w: Workflow<S, C, R>,
  store: RecordStore<Row, C, Patch>,
  handlers: Readonly<Record<string, Handler<Row, C, Patch>>>,
  now: Date,
): Promise<Prepared<Row, C> & { handler: Handler<Row, C, Patch> }> {
  const transition = transitionOf(w, args.action);
  const handler = handlers[args.action];
  if (!transition || !handler || transition.from.length === 0) throw new AppError('NOT_FOUND', {}, { action: args.action });
  const row = await store.load(deps, args.actor, args.id);
  const input = parseInput(handler.input, args.input ?? {}, args.lang);
  const policy = await store.context(deps, row, args.actor, now);
  const failure = checkTransition(w, args.actor, transition, policy, { byRule: args.byRule });
  if (failure) throw new AppError(failure.code, { action: transition.action, status: row.status, ...failure.params });
  const to = transition.to === 'same' ? row.status : transition.to;
  return { row, input, policy, transition: transition as Transition<string, C, string>, to, handler };
}

async function apply<C, Row extends Versioned, Patch>(
  deps: Deps,
  tx: Transaction<DB>,
  args: UseCaseArgs & { byRule?: string },
  entity: string,
  store: RecordStore<Row, C & StatusContext, Patch>,
  p: Prepared<Row, C> & { handler: Handler<Row, C, Patch> },
  now: Date,
) {
  const { actor, meta } = args;
  const { row, transition, to } = p;
  if (!(await store.claim(tx, row, to, now))) throw new AppError(store.conflict);
  const ctx: TransitionContext<Row, C> = { deps, tx, actor, meta, row, policy: p.policy, transition, to, now };
  const result = (await p.handler.apply(ctx, p.input)) ?? {};
  if (result.patch && Object.keys(result.patch).length > 0) await store.patch(tx, row, result.patch);
  const data = { ...(result.eventData ?? {}), ...(args.byRule ? { byRule: args.byRule } : {}) };
  await store.appendEvent(tx, actor, { id: row.id, type: transition.action, from: row.status, to, public: transition.public, data, at: now });
  await writeAudit(tx, actor, meta, {
    action: `${entity}.${transition.action}`,
    entityType: entity,
    entityId: row.id,
    data: { from: row.status, to, ...(args.byRule ? { byRule: args.byRule } : {}) },
  });
  await runHooks({ deps, tx, actor, meta, entity, id: row.id, action: transition.action, from: row.status, to, at: now, data });
  return result.after;
}

export async function runTransition<S extends string, C extends StatusContext<S>, R extends string, Row extends Versioned, Patch>(
  deps: Deps,
  args: UseCaseArgs & { id: string; action: string; input: unknown },
  w: Workflow<S, C, R>,
  store: RecordStore<Row, C, Patch>,
  handlers: Readonly<Record<string, Handler<Row, C, Patch>>>,
): Promise<{ id: string; status: string }> {
  const now = deps.now();
  const p = await prepare(deps, args, w, store, handlers, now);
  const after = await deps.db.transaction().execute(async (tx) => {
    const a = await apply(deps, tx, args, w.entity, store, p, now);
    // with an Idempotency-Key, "done" commits with the transition: a retry after a crash cannot run it twice
    await recordDoneInTx(tx);
    return a;
  });
  if (after) await after().catch((err: unknown) => console.error(`[${w.entity}] after ${p.transition.action}:`, err));
  return { id: p.row.id, status: p.to };
}

/**
 * The same transition inside a transaction another workflow already holds: a return visit that reopens its case,
 * a dispute converted back to a petition. With `byRule` (the configured rule's name) the rule stands in for the
 * actor's role and place; the state and guards still apply, and the event and audit record name the rule.
 * Work after the commit is the caller's; it is returned.
 */
export async function runTransitionInTx<S extends string, C extends StatusContext<S>, R extends string, Row extends Versioned, Patch>(
  deps: Deps,
  tx: Transaction<DB>,
  args: UseCaseArgs & { id: string; action: string; input: unknown; byRule?: string },
  w: Workflow<S, C, R>,
  store: RecordStore<Row, C, Patch>,
  handlers: Readonly<Record<string, Handler<Row, C, Patch>>>,
): Promise<{ id: string; status: string; after?: () => Promise<void> }> {
  const now = deps.now();
  const inTx: Deps = { ...deps, db: tx };
  const p = await prepare(inTx, args, w, store, handlers, now);
  const after = await apply(inTx, tx, args, w.entity, store, p, now);
  return { id: p.row.id, status: p.to, after };
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/**
 * The answer of an idempotent request (Idempotency-Key, src/http/idempotency.ts), written in the SAME transaction as
 * the work it answers. Stored only after the work's commit, a crash or a database outage between the two left a claim
 * without an answer whose work had committed: after the stale-claim delay a retry with the key ran it again and
 * registered the matter twice (found by test/fault/pg-restart.fault.ts). A use case whose effect must not repeat calls
 * recordResultInTx inside its transaction with exactly what it will return; outside an idempotent request it does
 * nothing.
 */
type Recorder = (tx: Kysely<DB>, status: number, body: unknown) => Promise<void>;
const current = new AsyncLocalStorage<Recorder>();

export const withResultRecorder = <T>(recorder: Recorder, run: () => Promise<T>): Promise<T> => current.run(recorder, run);

/**
 * What a transition stores in its transaction when its answer is only made after the commit (a case action answers
 * the case view, read afterwards): "done; make the answer again". A retry after a crash between the commit and the
 * stored answer then replays the route's answer as it is now (RouteSpec.replay) instead of running the action twice.
 */
export const ANSWER_AFTER_COMMIT = Object.freeze({ $minsheng: 'answer-after-commit' });

export const isAnswerAfterCommit = (body: unknown): boolean =>
  !!body && typeof body === 'object' && (body as Record<string, unknown>).$minsheng === ANSWER_AFTER_COMMIT.$minsheng;

/** Inside a transition's transaction: the work is done once this commits (see ANSWER_AFTER_COMMIT). */
export const recordDoneInTx = (tx: Kysely<DB>, status = 200): Promise<void> => recordResultInTx(tx, status, ANSWER_AFTER_COMMIT);

export async function recordResultInTx(tx: Kysely<DB>, status: number, body: unknown): Promise<void> {
  const recorder = current.getStore();
  if (recorder) await recorder(tx, status, body);
}

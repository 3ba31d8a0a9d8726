import { sql, type Transaction, type Updateable } from 'kysely';
import type { CasesTable, DB } from '../db/types.js';
import { runTransition, runTransitionInTx, type Handler, type RecordStore } from '../workflow/engine.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { ACTION_HANDLERS } from './actions/index.js';
import { appendEvent } from './events.js';
import { CASE_WORKFLOW, policyContext, type PolicyContext } from './policy.js';
import { loadCaseFor, type CaseRow } from './scope.js';

type CasePatch = Updateable<CasesTable>;

/** Where cases live, for the shared engine: the scoped loader, the guards' context, the versioned claim, case_events. */
export const CASE_STORE: RecordStore<CaseRow, PolicyContext, CasePatch> = {
  notFound: 'CASE_NOT_FOUND',
  conflict: 'CASE_STATE_CONFLICT',
  load: (deps, actor, id) => loadCaseFor(deps.db, actor, id),
  context: (deps, c, _actor, now) => policyContext(deps.db, c, now),
  async claim(tx, c, to, now) {
    const claimed = await tx
      .updateTable('cases')
      .set({ status: to, version: sql`version + 1`, updated_at: now })
      .where('id', '=', c.id)
      .where('version', '=', c.version)
      .returning('id')
      .executeTakeFirst();
    return claimed !== undefined;
  },
  async patch(tx, c, patch) {
    await tx.updateTable('cases').set(patch).where('id', '=', c.id).execute();
  },
  appendEvent: (tx, actor, e) => appendEvent(tx, actor, { caseId: e.id, type: e.type, from: e.from, to: e.to, public: e.public, data: e.data, at: e.at }),
};

// the case actions read their record as ctx.case; the engine hands it over as ctx.row
const HANDLERS: Record<string, Handler<CaseRow, PolicyContext, CasePatch>> = Object.fromEntries(
  Object.entries(ACTION_HANDLERS).map(([action, h]) => [
    action,
    { input: h.input, apply: (ctx, input) => h.apply({ ...ctx, case: ctx.row }, input) } satisfies Handler<CaseRow, PolicyContext, CasePatch>,
  ]),
);

/** Runs one transition of the case lifecycle (lifecycle.ts) through the shared engine (workflow/engine.ts). */
export async function performAction(deps: Deps, args: UseCaseArgs & { caseId: string; action: string; input: unknown }) {
  const r = await runTransition(deps, { ...args, id: args.caseId }, CASE_WORKFLOW, CASE_STORE, HANDLERS);
  return { caseId: r.id, status: r.status };
}

/**
 * A case transition inside another workflow's transaction (a return visit reopening its case, a dispute handed
 * back as a petition). `byRule` names the configured rule that authorises it in place of the actor's role.
 */
export async function performActionInTx(deps: Deps, tx: Transaction<DB>, args: UseCaseArgs & { caseId: string; action: string; input: unknown; byRule?: string }) {
  const r = await runTransitionInTx(deps, tx, { ...args, id: args.caseId }, CASE_WORKFLOW, CASE_STORE, HANDLERS);
  return { caseId: r.id, status: r.status, after: r.after };
}

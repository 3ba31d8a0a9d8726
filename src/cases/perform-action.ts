import { sql } from 'kysely';
import { AppError } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import { writeAudit } from '../audit/audit.js';
import { ACTION_HANDLERS } from './actions/index.js';
import type { Deps, UseCaseArgs } from './deps.js';
import { appendEvent } from './events.js';
import { transitionFor } from './lifecycle.js';
import { checkTransition, policyContext } from './policy.js';
import { loadCaseFor } from './scope.js';

/**
 * Runs one transition of the table: scoped load (404), input validation, policy and guard, then in ONE transaction
 * a conditional update on the version (a concurrent second attempt finds 0 rows → CASE_STATE_CONFLICT, never a
 * double action), the action's effects, the typed event and the audit record.
 */
export async function performAction(deps: Deps, args: UseCaseArgs & { caseId: string; action: string; input: unknown }) {
  const { actor, meta, lang } = args;
  const transition = transitionFor(args.action);
  const handler = ACTION_HANDLERS[args.action];
  if (!transition || !handler) throw new AppError('NOT_FOUND', {}, { action: args.action });
  const c = await loadCaseFor(deps.db, actor, args.caseId);
  const input = parseInput(handler.input, args.input ?? {}, lang);
  const now = deps.now();
  const policy = await policyContext(deps.db, c, now);
  const failure = checkTransition(actor, transition, policy);
  if (failure) throw new AppError(failure.code, { action: transition.action, status: c.status, ...failure.params });
  const to = transition.to === 'same' ? c.status : transition.to;

  await deps.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('cases')
      .set({ status: to, version: sql`version + 1`, updated_at: now })
      .where('id', '=', c.id)
      .where('version', '=', c.version)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) throw new AppError('CASE_STATE_CONFLICT');
    const result = (await handler.apply({ deps, tx, actor, case: c, policy, transition, now }, input)) ?? {};
    if (result.patch && Object.keys(result.patch).length > 0) await tx.updateTable('cases').set(result.patch).where('id', '=', c.id).execute();
    await appendEvent(tx, actor, { caseId: c.id, type: transition.action, from: c.status, to, data: result.eventData ?? {}, at: now });
    await writeAudit(tx, actor, meta, { action: `case.${transition.action}`, entityType: 'case', entityId: c.id, data: { from: c.status, to } });
  });
  return { caseId: c.id, status: to };
}

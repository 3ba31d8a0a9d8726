import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import type { CitizenActor, RequestMeta } from '../org/actor.js';
import type { Lang } from '../core/i18n.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { runTransition, runTransitionInTx } from '../workflow/engine.js';
import { consentOf } from './consent.js';
import { PUBLICATION_HANDLERS } from './handlers.js';
import { PUBLICATION_STORE } from './store.js';
import { PUBLICATION_WORKFLOW } from './workflow.js';

export const performPublicationAction = (deps: Deps, args: UseCaseArgs & { id: string; action: string; input: unknown }) =>
  runTransition(deps, args, PUBLICATION_WORKFLOW, PUBLICATION_STORE, PUBLICATION_HANDLERS);

export const WITHDRAWAL_RULE = 'citizen_withdrew_consent';

/**
 * The citizen withdraws consent (tracking code + query code proved by the caller). ONE transaction: the consent is
 * marked withdrawn and every live publication of the case (proposed or published) moves to withdrawn through the
 * table (the rule stands in for a staff role), so from the commit on the board shows nothing of the matter.
 */
export async function withdrawConsent(deps: Deps, args: { actor: CitizenActor; meta: RequestMeta; lang: Lang }) {
  const caseId = args.actor.caseId;
  const now = deps.now();
  const after = await deps.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('case_publication_consents')
      .set({ withdrawn_at: now, withdrawn_via: 'portal' })
      .where('case_id', '=', caseId)
      .where('consent', '=', true)
      .where('withdrawn_at', 'is', null)
      .returning('case_id')
      .execute();
    if (r.length === 0) return [];
    const live = await tx.selectFrom('replyboard_items').select('id').where('case_id', '=', caseId).where('status', 'in', ['proposed', 'published']).execute();
    const afters: Array<() => Promise<void>> = [];
    for (const item of live) {
      const done = await runTransitionInTx(
        deps,
        tx,
        { actor: { kind: 'system', job: 'portal' }, meta: args.meta, lang: args.lang, id: item.id, action: 'consent_withdrawn', input: {}, byRule: WITHDRAWAL_RULE },
        PUBLICATION_WORKFLOW,
        PUBLICATION_STORE,
        PUBLICATION_HANDLERS,
      );
      if (done.after) afters.push(done.after);
    }
    await appendEvent(tx, args.actor, { caseId, type: 'publication_consent_withdrawn', public: true, at: now, data: {} });
    await writeAudit(tx, args.actor, args.meta, { action: 'publication.consent_withdraw', entityType: 'case', entityId: caseId, data: { publications: live.length } });
    return afters;
  });
  for (const a of after) await a().catch((err: unknown) => console.error('[publication] after consent_withdrawn:', err));
  return consentOf(deps.db, caseId);
}

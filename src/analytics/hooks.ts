/**
 * Keeps the metric facts (rollups.ts) in step with the records, in the transaction that changes them: every case
 * transition and registration, and every transition and creation of a return visit, dispute or hazard. A case's
 * disputes and hazards are refreshed with it, because their category is the case's. Registered once through
 * src/hooks.ts.
 */
import { onCreated, onTransition } from '../workflow/engine.js';
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { refreshFacts } from './rollups.js';
import type { FactSource } from './rollup-facts.js';

async function refreshCase(tx: Transaction<DB>, caseId: string) {
  await refreshFacts(tx, 'case', [caseId]);
  const disputes = await tx.selectFrom('disputes').select('id').where('case_id', '=', caseId).execute();
  if (disputes.length) await refreshFacts(tx, 'dispute', disputes.map((d) => d.id));
  const hazards = await tx.selectFrom('hazards').select('id').where('case_id', '=', caseId).execute();
  if (hazards.length) await refreshFacts(tx, 'hazard', hazards.map((d) => d.id));
}

onTransition('case', '*', (e) => refreshCase(e.tx, e.id));
onCreated('case', (e) => refreshCase(e.tx, e.id));

for (const source of ['return_visit', 'dispute', 'hazard'] as const satisfies readonly FactSource[]) {
  onTransition(source, '*', (e) => refreshFacts(e.tx, source, [e.id]));
  onCreated(source, (e) => refreshFacts(e.tx, source, [e.id]));
}

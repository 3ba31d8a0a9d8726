/**
 * Keeps the metric facts (rollups.ts) in step with the records, in the transaction that changes them: every case
 * transition and registration, and every transition and creation of a return visit, dispute or hazard. A case's
 * disputes and hazards are refreshed with it, because their category is the case's. Registered once through
 * src/hooks.ts.
 */
import { onCreated, onTransition } from '../workflow/engine.js';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { factSettingsOf, refreshFacts } from './rollups.js';
import type { FactSource } from './rollup-facts.js';

async function refreshCase(tx: Transaction<DB>, caseId: string) {
  const settings = await factSettingsOf(tx);
  if (!settings) return;
  await refreshFacts(tx, 'case', [caseId], { settings });
  const linked = await sql<{ source: 'dispute' | 'hazard'; id: string }>`
    SELECT 'dispute' AS source, id::text AS id FROM disputes WHERE case_id = ${caseId}
    UNION ALL SELECT 'hazard', id::text FROM hazards WHERE case_id = ${caseId}`.execute(tx);
  for (const source of ['dispute', 'hazard'] as const) {
    const ids = linked.rows.filter((r) => r.source === source).map((r) => r.id);
    if (ids.length) await refreshFacts(tx, source, ids, { settings, lock: true });
  }
}

onTransition('case', '*', (e) => refreshCase(e.tx, e.id));
onCreated('case', (e) => refreshCase(e.tx, e.id));

for (const source of ['return_visit', 'dispute', 'hazard'] as const satisfies readonly FactSource[]) {
  onTransition(source, '*', (e) => refreshFacts(e.tx, source, [e.id]));
  onCreated(source, (e) => refreshFacts(e.tx, source, [e.id]));
}

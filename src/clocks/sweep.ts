import { sql } from 'kysely';
import { warningInstants } from '../calendar/warnings.js';
import type { Actor } from '../org/actor.js';
import type { Deps } from '../cases/deps.js';
import { appendEvent } from '../cases/events.js';

const SYSTEM: Actor = { kind: 'system', job: 'clock-sweep' };

/**
 * Claims due warnings and overdue deadlines idempotently: each row is marked by a conditional update, and only the
 * run that wins the update writes the event, so two nodes sweeping together never double-warn.
 */
export async function sweepClocks(deps: Deps): Promise<{ warned: number; overdue: number }> {
  const now = deps.now();
  const { fractions, beforeHours } = deps.clocks.warnings;
  const minFraction = Math.min(...fractions, 1);
  const maxBefore = Math.max(...beforeHours, 0);
  let warned = 0;
  let overdue = 0;

  const late = await deps.db
    .updateTable('case_clocks')
    .set({ overdue_at: now })
    .where('status', '=', 'running')
    .where('purpose', '=', 'deadline')
    .where('overdue_at', 'is', null)
    .where('due_at', '<=', now)
    .returning(['id', 'case_id', 'rule_key', 'due_at'])
    .execute();
  for (const k of late) {
    await appendEvent(deps.db, SYSTEM, { caseId: k.case_id, type: 'clock_overdue', public: false, at: now, data: { rule: k.rule_key, dueAt: k.due_at } });
    overdue++;
  }

  const candidates = await deps.db
    .selectFrom('case_clocks')
    .select(['id', 'case_id', 'rule_key', 'started_at', 'due_at', 'warned'])
    .where('status', '=', 'running')
    .where('purpose', '=', 'deadline')
    .where('due_at', '>', now)
    .where(
      sql<boolean>`least(started_at + (due_at - started_at) * ${minFraction}::float8, due_at - make_interval(hours => ${maxBefore}::int)) <= ${now}`,
    )
    .execute();
  for (const k of candidates) {
    const due = warningInstants({ start: k.started_at, due: k.due_at!, fractions, before: beforeHours.map((hours) => ({ hours })) });
    for (const w of due) {
      if (w.at.getTime() > now.getTime() || k.warned.includes(w.label)) continue;
      const won = await deps.db
        .updateTable('case_clocks')
        .set({ warned: sql`warned || ${JSON.stringify([w.label])}::jsonb` })
        .where('id', '=', k.id)
        .where(sql<boolean>`NOT (warned ? ${w.label})`)
        .returning('id')
        .executeTakeFirst();
      if (!won) continue;
      await appendEvent(deps.db, SYSTEM, { caseId: k.case_id, type: 'clock_warning', public: false, at: now, data: { rule: k.rule_key, warning: w.label, dueAt: k.due_at } });
      warned++;
    }
  }
  return { warned, overdue };
}

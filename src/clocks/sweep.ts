import { sql } from 'kysely';
import { warningInstants } from '../calendar/warnings.js';
import type { Actor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { appendRegisterEvent } from '../workflow/register-store.js';

const SYSTEM: Actor = { kind: 'system', job: 'clock-sweep' };

/** A deadline the sweep just marked overdue. entity 'case' for case clocks, else the register's entity name. */
export interface OverdueClock {
  clockId: string;
  entity: string;
  entityId: string;
  ruleKey: string;
  unitId: string | null;
  dueAt: Date;
}

type OverdueHook = (deps: Deps, k: OverdueClock) => Promise<void>;
const overdueHooks: OverdueHook[] = [];

/**
 * Work that follows an overdue mark (e.g. supervision opens an item for an overdue case or hazard). Registers add
 * theirs at start-up (src/hooks.ts); a hook that fails is logged and does not stop the sweep.
 */
export function onClockOverdue(hook: OverdueHook): void {
  if (!overdueHooks.includes(hook)) overdueHooks.push(hook);
}

// The two clock tables share their columns but for the owner: case_clocks.case_id, register_clocks.(entity, entity_id).
const TABLES = [
  { table: 'case_clocks', owner: sql`'case'`, ownerId: sql.ref('case_id') },
  { table: 'register_clocks', owner: sql.ref('entity'), ownerId: sql.ref('entity_id') },
] as const;

interface ClockHit {
  id: string;
  entity: string;
  entity_id: string;
  rule_key: string;
  unit_id: string | null;
  started_at: Date;
  due_at: Date;
  warned: string[];
}

async function writeEvent(deps: Deps, entity: string, entityId: string, type: string, at: Date, data: Record<string, unknown>) {
  if (entity === 'case') {
    await deps.db
      .insertInto('case_events')
      .values({ case_id: entityId, type, from_status: null, to_status: null, actor_user_id: null, actor_unit_id: null, public: false, data: JSON.stringify(data), at })
      .execute();
  } else {
    await appendRegisterEvent(deps.db, SYSTEM, { entity, entityId, type, at, data });
  }
}

/**
 * Claims due warnings and overdue deadlines idempotently, for case clocks and register clocks alike: each row is
 * marked by a conditional update, and only the run that wins the update writes the event and runs the hooks, so
 * two nodes sweeping together never double-warn or open two supervision items.
 */
export async function sweepClocks(deps: Deps, opts: { under?: string } = {}): Promise<{ warned: number; overdue: number }> {
  const now = deps.now();
  // `under` (a unit path) sweeps only the clocks of units in that subtree: a deployment may split the sweep by area,
  // and the tests, which share one PostgreSQL database between files, sweep only their own organisation
  const area = opts.under === undefined ? sql`true` : sql`unit_id IN (SELECT id FROM units WHERE path LIKE ${`${opts.under}%`})`;
  const { fractions, beforeHours } = deps.clocks.warnings;
  const minFraction = Math.min(...fractions, 1);
  const maxBefore = Math.max(...beforeHours, 0);
  let warned = 0;
  let overdue = 0;

  for (const t of TABLES) {
    const late = await sql<ClockHit>`UPDATE ${sql.table(t.table)} SET overdue_at = ${now}
      WHERE status = 'running' AND purpose = 'deadline' AND overdue_at IS NULL AND due_at <= ${now} AND ${area}
      RETURNING id, ${t.owner} AS entity, ${t.ownerId} AS entity_id, rule_key, unit_id::text AS unit_id, started_at, due_at, warned`.execute(deps.db);
    for (const k of late.rows) {
      await writeEvent(deps, k.entity, k.entity_id, 'clock_overdue', now, { rule: k.rule_key, dueAt: k.due_at, unit: k.unit_id });
      overdue++;
      for (const hook of overdueHooks) {
        await hook(deps, { clockId: k.id, entity: k.entity, entityId: k.entity_id, ruleKey: k.rule_key, unitId: k.unit_id, dueAt: k.due_at }).catch((err: unknown) =>
          console.error('[sweep] overdue hook failed:', err),
        );
      }
    }

    const candidates = await sql<ClockHit>`SELECT id, ${t.owner} AS entity, ${t.ownerId} AS entity_id, rule_key, unit_id::text AS unit_id, started_at, due_at, warned
      FROM ${sql.table(t.table)}
      WHERE status = 'running' AND purpose = 'deadline' AND due_at > ${now} AND ${area}
        AND least(started_at + (due_at - started_at) * ${minFraction}::float8, due_at - make_interval(hours => ${maxBefore}::int)) <= ${now}`.execute(deps.db);
    for (const k of candidates.rows) {
      const due = warningInstants({ start: k.started_at, due: k.due_at, fractions, before: beforeHours.map((hours) => ({ hours })) });
      for (const w of due) {
        if (w.at.getTime() > now.getTime() || k.warned.includes(w.label)) continue;
        const won = await sql`UPDATE ${sql.table(t.table)} SET warned = warned || ${JSON.stringify([w.label])}::jsonb
          WHERE id = ${k.id} AND NOT (warned ? ${w.label}) RETURNING id`.execute(deps.db);
        if (won.rows.length === 0) continue;
        await writeEvent(deps, k.entity, k.entity_id, 'clock_warning', now, { rule: k.rule_key, warning: w.label, dueAt: k.due_at, unit: k.unit_id });
        warned++;
      }
    }
  }
  return { warned, overdue };
}

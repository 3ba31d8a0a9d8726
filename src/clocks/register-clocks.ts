/**
 * Clocks of register records (a return visit due, a supervision notice's response deadline, a mediation's
 * judicial-confirmation window, a hazard's rectification deadline): the same rules, calendar and due-date
 * arithmetic as the case clocks, kept in register_clocks and swept by the same job (sweep.ts).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { cstDateOf } from '../calendar/dates.js';
import { clockStatus, warningInstants } from '../calendar/warnings.js';
import type { DB, Pause, RegisterClocksTable } from '../db/types.js';
import { computeDue } from './case-clocks.js';
import { RULE_PURPOSE, type ClockService } from './service.js';

export type RegisterClockRow = Selectable<RegisterClocksTable>;

export async function startRegisterClock(
  tx: Transaction<DB>,
  clocks: ClockService,
  args: { entity: string; entityId: string; ruleKey: string; unitId: string | null; at: Date; length?: { amount: number; unit: 'day' | 'workday' | 'hour' } },
): Promise<RegisterClockRow> {
  const rule = args.length ?? clocks.rule(args.ruleKey);
  const base = { amount: rule.amount, extended_days: 0, period_unit: rule.unit, started_at: args.at, pauses: [] as Pause[] };
  return tx
    .insertInto('register_clocks')
    .values({
      entity: args.entity,
      entity_id: args.entityId,
      rule_key: args.ruleKey,
      purpose: RULE_PURPOSE[args.ruleKey] ?? 'deadline',
      unit_id: args.unitId,
      start_date: cstDateOf(args.at),
      started_at: args.at,
      amount: rule.amount,
      period_unit: rule.unit,
      pauses: JSON.stringify([]),
      due_at: computeDue(clocks, base),
      warned: JSON.stringify([]),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Ends running clocks of the given rules: 'met' when the duty was done, 'stopped' when it no longer applies. */
export async function endRegisterClocks(tx: Transaction<DB>, entity: string, entityId: string, ruleKeys: string[], status: 'met' | 'stopped', at: Date) {
  if (ruleKeys.length === 0) return;
  await tx
    .updateTable('register_clocks')
    .set({ status, stopped_at: at })
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .where('rule_key', 'in', ruleKeys)
    .where('status', 'in', ['running', 'paused'])
    .execute();
}

/** The clocks of one record, with how much time is left and the warning level, as the case page shows them. */
export async function registerClocks(db: Kysely<DB>, clocks: ClockService, entity: string, entityId: string, now: Date) {
  const rows = await db.selectFrom('register_clocks').selectAll().where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('started_at').execute();
  const w = clocks.warnings;
  return rows.map((k) => {
    const running = k.status === 'running' && k.due_at !== null;
    const st = running
      ? clockStatus(now, k.started_at, k.due_at!, warningInstants({ start: k.started_at, due: k.due_at!, fractions: w.fractions, before: w.beforeHours.map((hours) => ({ hours })) }))
      : null;
    return {
      id: k.id,
      rule: k.rule_key,
      purpose: k.purpose,
      status: k.status,
      unitId: k.unit_id,
      startedAt: k.started_at,
      dueAt: k.due_at,
      amount: k.amount,
      unit: k.period_unit,
      extendedDays: k.extended_days,
      pauses: k.pauses,
      level: st?.status ?? null,
      msLeft: st?.msLeft ?? null,
      overdueAt: k.overdue_at,
    };
  });
}

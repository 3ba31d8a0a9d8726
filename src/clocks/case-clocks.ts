import type { Transaction } from 'kysely';
import { cstDateOf } from '../calendar/dates.js';
import { dueInstantForRule } from '../calendar/deadline.js';
import type { CaseClocksTable, DB, Pause } from '../db/types.js';
import type { Selectable } from 'kysely';
import { RULE_PURPOSE, type ClockService } from './service.js';

export type ClockRow = Selectable<CaseClocksTable>;

export function computeDue(clocks: ClockService, c: Pick<ClockRow, 'amount' | 'extended_days' | 'period_unit' | 'started_at' | 'pauses'>): Date | null {
  const amount = c.amount + c.extended_days;
  if (c.period_unit === 'hour') return dueInstantForRule(clocks.calendar, { amount, unit: 'hour' }, c.started_at);
  return dueInstantForRule(clocks.calendar, { amount, unit: c.period_unit }, c.started_at, c.pauses);
}

export async function startClock(
  tx: Transaction<DB>,
  clocks: ClockService,
  args: { caseId: string; ruleKey: string; unitId: string | null; at: Date; length?: { amount: number; unit: 'day' | 'workday' | 'hour' } },
): Promise<ClockRow> {
  // a length set case by case (交办's report-back deadline) instead of a configured rule
  const rule = args.length ?? clocks.rule(args.ruleKey);
  const base = { amount: rule.amount, extended_days: 0, period_unit: rule.unit, started_at: args.at, pauses: [] as Pause[] };
  return tx
    .insertInto('case_clocks')
    .values({
      case_id: args.caseId,
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
export async function endClocks(tx: Transaction<DB>, caseId: string, ruleKeys: string[], status: 'met' | 'stopped', at: Date) {
  if (ruleKeys.length === 0) return;
  await tx
    .updateTable('case_clocks')
    .set({ status, stopped_at: at })
    .where('case_id', '=', caseId)
    .where('rule_key', 'in', ruleKeys)
    .where('status', 'in', ['running', 'paused'])
    .execute();
}

export async function runningClock(tx: Transaction<DB>, caseId: string, ruleKey: string): Promise<ClockRow | undefined> {
  return tx
    .selectFrom('case_clocks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('rule_key', '=', ruleKey)
    .where('status', 'in', ['running', 'paused'])
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
}

export async function updateClock(tx: Transaction<DB>, clocks: ClockService, clock: ClockRow, patch: Partial<Pick<ClockRow, 'extended_days' | 'pauses' | 'status'>>) {
  const next = { ...clock, ...patch };
  await tx
    .updateTable('case_clocks')
    .set({
      extended_days: next.extended_days,
      pauses: JSON.stringify(next.pauses),
      status: next.status,
      due_at: computeDue(clocks, next),
    })
    .where('id', '=', clock.id)
    .execute();
}

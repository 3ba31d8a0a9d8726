/**
 * Clocks as the application keeps them (src/clocks/case-clocks.ts, register-clocks.ts): the same rules
 * (src/calendar/rules.ts), holiday calendar and due arithmetic (src/calendar/deadline.ts), cached per start day. And
 * what the minute-by-minute sweep (src/clocks/sweep.ts) would have done to each deadline by now: the warnings
 * ('80%', '24h') and the overdue mark, each with its clock_warning / clock_overdue event.
 */
import { randomUUID } from 'node:crypto';
import { cstDateOf } from '../../src/calendar/dates.js';
import { computeClockDue, dueInstant } from '../../src/calendar/deadline.js';
import { HolidayCalendar } from '../../src/calendar/holidays.js';
import { DEFAULT_CLOCK_RULES } from '../../src/calendar/rules.js';
import { RULE_PURPOSE } from '../../src/clocks/service.js';
import { row } from './sink.js';

const cal = HolidayCalendar.default();
const dueCache = new Map<number, number>();
const dayCache = new Map<number, string>();

/** The CST calendar day of an instant ('YYYY-MM-DD'), cached by day number (the generator asks millions of times). */
export function cstDay(ms: number): string {
  const n = Math.floor((ms + 8 * 3_600_000) / 86_400_000);
  let d = dayCache.get(n);
  if (d === undefined) dayCache.set(n, (d = cstDateOf(new Date(ms))));
  return d;
}

export function dueMs(startMs: number, amount: number, unit: 'day' | 'workday' | 'hour'): number {
  if (unit === 'hour') return startMs + amount * 3_600_000;
  const key = (Math.floor((startMs + 8 * 3_600_000) / 86_400_000) * 4096 + amount) * 2 + (unit === 'workday' ? 1 : 0);
  let v = dueCache.get(key);
  if (v === undefined) {
    v = dueInstant(computeClockDue(cal, { startDate: cstDay(startMs), amount, unit })!).getTime();
    dueCache.set(key, v);
  }
  return v;
}

/** The next working day, 09:00 CST (the default next attempt of a return visit). */
export function nextWorkday9(ms: number): number {
  const end = dueMs(ms, 1, 'workday'); // 24:00 CST of the next working day
  return end - 15 * 3_600_000;
}

export interface Clock {
  id: string;
  rule: string;
  purpose: 'deadline' | 'window';
  unitId: number | null;
  started: number;
  amount: number;
  unit: 'day' | 'workday' | 'hour';
  extended: number;
  due: number;
  status: 'running' | 'paused' | 'met' | 'stopped';
  stopped: number | null;
  warned: string[];
  overdue: number | null;
}

export function newClock(rule: string, unitId: number | null, at: number, length?: { amount: number; unit: 'day' | 'workday' | 'hour' }): Clock {
  const r = length ?? (DEFAULT_CLOCK_RULES as Record<string, { amount: number; unit: 'day' | 'workday' | 'hour' }>)[rule];
  if (!r) throw new Error(`unknown rule ${rule}`);
  return {
    id: randomUUID(),
    rule,
    purpose: RULE_PURPOSE[rule] ?? 'deadline',
    unitId,
    started: at,
    amount: r.amount,
    unit: r.unit,
    extended: 0,
    due: dueMs(at, r.amount, r.unit),
    status: 'running',
    stopped: null,
    warned: [],
    overdue: null,
  };
}

export function extend(k: Clock, days: number) {
  k.extended += days;
  k.due = dueMs(k.started, k.amount + k.extended, k.unit);
}

export function end(k: Clock | undefined, status: 'met' | 'stopped', at: number) {
  if (!k || (k.status !== 'running' && k.status !== 'paused')) return;
  k.status = status;
  k.stopped = at;
}

export interface SweepHit {
  type: 'clock_warning' | 'clock_overdue';
  at: number;
  data: Record<string, unknown>;
}

const SWEEP_MS = 60_000;

/** What the sweep did to a deadline clock up to `now`: marks it (warned, overdue_at) and returns the events. */
export function sweep(k: Clock, now: number, jitter: () => number): SweepHit[] {
  if (k.purpose !== 'deadline') return [];
  const until = Math.min(k.stopped ?? now, now);
  const hits: SweepHit[] = [];
  const dueIso = new Date(k.due).toISOString();
  const warnings: Array<[string, number]> = [
    ['80%', k.started + (k.due - k.started) * 0.8],
    ['24h', k.due - 24 * 3_600_000],
  ];
  for (const [label, at] of warnings.sort((a, b) => a[1] - b[1])) {
    const when = Math.max(at, k.started) + jitter() * SWEEP_MS;
    if (when < until && when < k.due) {
      k.warned.push(label);
      hits.push({ type: 'clock_warning', at: when, data: { rule: k.rule, warning: label, dueAt: dueIso } });
    }
  }
  const od = k.due + jitter() * SWEEP_MS;
  if (od < until) {
    k.overdue = od;
    hits.push({ type: 'clock_overdue', at: od, data: { rule: k.rule, dueAt: dueIso } });
  }
  return hits;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function caseClockRow(caseId: string, k: Clock): string {
  return row([k.id, caseId, k.rule, k.purpose, k.unitId, cstDay(k.started), iso(k.started), k.amount, k.unit, k.extended, '[]', iso(k.due), k.status, JSON.stringify(k.warned), iso(k.overdue), iso(k.stopped)]);
}

export function registerClockRow(entity: string, entityId: string, k: Clock): string {
  return row([k.id, entity, entityId, k.rule, k.purpose, k.unitId, cstDay(k.started), iso(k.started), k.amount, k.unit, k.extended, '[]', iso(k.due), k.status, JSON.stringify(k.warned), iso(k.overdue), iso(k.stopped)]);
}

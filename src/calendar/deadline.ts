/**
 * Deadlines counted the way the Civil Code (民法典) counts periods:
 * - 第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
 *   按照小时计算期间的，自法律规定或者当事人约定的时间开始计算。
 * - 第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
 *   期间的最后一日的截止时间为二十四时……
 * "法定休假日" covers weekends and public holidays; a weekend day made a working day by 调休 is a
 * working day, so a period ending on it does not roll.
 */
import { addCalendarDays, assertIsoDate, cstDateOf, endOfDayCst, type IsoDate } from './dates.js';
import type { HolidayCalendar } from './holidays.js';

export type PeriodUnit = 'day' | 'workday';
export type RuleUnit = PeriodUnit | 'hour';

/** Clock stopped on whole CST dates [from, to): `from` is not counted, counting resumes on `to`. */
export interface ClockPause {
  from: IsoDate;
  /** null = still paused (e.g. hearing not yet finished). */
  to: IsoDate | null;
}

/** 100 years: far above any statutory period, low enough that a typo cannot hang a day loop. */
const MAX_AMOUNT = 36_500;

function assertAmount(amount: number): void {
  if (!Number.isInteger(amount) || amount < 0 || amount > MAX_AMOUNT) {
    throw new RangeError(`period amount must be an integer from 0 to ${MAX_AMOUNT}, got ${amount}`);
  }
}

function assertPeriodUnit(unit: string): asserts unit is PeriodUnit {
  if (unit !== 'day' && unit !== 'workday') {
    throw new RangeError(`period unit must be 'day' or 'workday', got ${JSON.stringify(unit)}`);
  }
}

/**
 * Last day of a period of `amount` days or working days that starts on `from` (the day of the
 * triggering event: receipt, acceptance, written reply …).
 * - 'day': from + amount calendar days; if that day is a rest day, the first working day after it.
 * - 'workday': the amount-th working day after `from` (holidays and weekends skipped, 调休
 *   make-up working days counted).
 * amount 0 means "the same day": the result is `from` itself, never rolled forward, because no
 * period has run that 第二百零三条 could extend.
 */
export function computeDueDate(cal: HolidayCalendar, from: IsoDate, amount: number, unit: PeriodUnit): IsoDate {
  return computeClockDue(cal, { startDate: from, amount, unit, pauses: [] }) as IsoDate;
}

/**
 * Like computeDueDate, for a clock that can be stopped. 信访工作条例 第三十六条第二款：
 * "听证所需时间不计算在前款规定的期限内" — likewise time spent waiting for the citizen's materials.
 * Paused dates are simply not counted (for 'workday' units a paused working day is not counted
 * either), and the 第二百零三条 roll-forward then moves the last day past rest days and paused days.
 * Returns null while a pause that began on or before the would-be last day is still open: the
 * clock is stopped and has no due date. A pause that begins after the last day changes nothing
 * (the period had already ended; pausing cannot undo an overdue clock).
 */
export function computeClockDue(
  cal: HolidayCalendar,
  clock: { startDate: IsoDate; amount: number; unit: PeriodUnit; pauses?: readonly ClockPause[] },
): IsoDate | null {
  const { startDate, amount, unit, pauses = [] } = clock;
  assertIsoDate(startDate, 'startDate');
  assertAmount(amount);
  assertPeriodUnit(unit);
  pauses.forEach(assertPause);
  const openFrom = pauses.reduce<IsoDate | null>((min, p) => (p.to === null && (min === null || p.from < min) ? p.from : min), null);
  const stopped = (d: IsoDate) => openFrom !== null && d >= openFrom;
  const paused = (d: IsoDate) => pauses.some((p) => p.from <= d && (p.to === null || d < p.to));

  let day = startDate;
  if (amount === 0) return stopped(day) ? null : day;
  for (let counted = 0; counted < amount; ) {
    day = addCalendarDays(day, 1);
    if (stopped(day)) return null;
    if (!paused(day) && (unit === 'day' || cal.isWorkday(day))) counted++;
  }
  // 第二百零三条 roll-forward (a no-op for 'workday': the last counted day is a working day).
  while (cal.isRestDay(day) || paused(day)) {
    day = addCalendarDays(day, 1);
    if (stopped(day)) return null;
  }
  return day;
}

function assertPause(p: ClockPause, i: number): void {
  assertIsoDate(p.from, `pauses[${i}].from`);
  if (p.to === null) return;
  assertIsoDate(p.to, `pauses[${i}].to`);
  if (p.to < p.from) throw new RangeError(`pauses[${i}]: to (${p.to}) is before from (${p.from})`);
}

/** The instant a date-based period ends: 24:00 CST of its last day (第二百零三条第二款). */
export function dueInstant(dueDate: IsoDate): Date {
  return endOfDayCst(dueDate);
}

/**
 * Hour clocks (12345: 2 h emergencies, 24 h utilities) run in plain elapsed time from the event,
 * holidays included (第二百零一条第二款). Fractional hours are allowed (e.g. 0.5 = 30 minutes).
 */
export function computeDueInstantHours(from: Date, hours: number): Date {
  if (Number.isNaN(from.getTime())) throw new RangeError('computeDueInstantHours: invalid start Date');
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be a finite number ≥ 0, got ${hours}`);
  return new Date(from.getTime() + hours * 3_600_000);
}

/**
 * Due instant of a rule for an event at instant `start`: hour rules count elapsed hours; day and
 * workday rules count from the event's CST date (not its UTC date) and end at 24:00 CST.
 * Date pauses cannot apply to hour clocks, so passing them with an hour rule is an error.
 */
export function dueInstantForRule(
  cal: HolidayCalendar,
  rule: { amount: number; unit: RuleUnit },
  start: Date,
  pauses: readonly ClockPause[] = [],
): Date | null {
  if (rule.unit === 'hour') {
    if (pauses.length > 0) throw new RangeError('hour clocks cannot be paused by date; pass no pauses');
    return computeDueInstantHours(start, rule.amount);
  }
  const due = computeClockDue(cal, { startDate: cstDateOf(start), amount: rule.amount, unit: rule.unit, pauses });
  return due === null ? null : dueInstant(due);
}

/**
 * Plain calendar dates ('YYYY-MM-DD') in China Standard Time.
 *
 * CST is UTC+8 all year (China has had no DST since 1991), so a CST date is just the UTC date of
 * the instant shifted by +8 h. Everything here uses UTC getters/`Date.UTC` only: the server's own
 * time zone (process TZ) must never change which day a deadline falls on.
 */

/** A calendar date written 'YYYY-MM-DD' (ISO 8601, no time, no zone), meant as a CST date. */
export type IsoDate = string;

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const ISO_DATE_RE = /^([1-9]\d{3})-(\d{2})-(\d{2})$/;

/** True for a real calendar date 'YYYY-MM-DD' (years 1000–9999); rejects e.g. '2026-02-30'. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Throws a RangeError naming `what` unless `value` is a valid 'YYYY-MM-DD' date. */
export function assertIsoDate(value: unknown, what = 'date'): asserts value is IsoDate {
  if (!isIsoDate(value)) {
    throw new RangeError(`${what} must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(value)}`);
  }
}

/** Milliseconds of 00:00 UTC on `date` — the arithmetic base for all helpers below. */
function utcMidnightMs(date: IsoDate): number {
  assertIsoDate(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function isoFromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `date` plus `n` calendar days (n may be negative). */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`day offset must be an integer, got ${n}`);
  return isoFromUtcMs(utcMidnightMs(date) + n * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((utcMidnightMs(b) - utcMidnightMs(a)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const day = new Date(utcMidnightMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Saturday or Sunday (the ordinary weekend, before any 调休 adjustment). */
export function isWeekendDay(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

/** The CST calendar date on which `instant` falls. */
export function cstDateOf(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('cstDateOf: invalid Date');
  return isoFromUtcMs(ms + CST_OFFSET_MS);
}

/** The instant 00:00 CST at the start of `date` (= previous day 16:00 UTC). */
export function startOfDayCst(date: IsoDate): Date {
  return new Date(utcMidnightMs(date) - CST_OFFSET_MS);
}

/**
 * The instant 24:00 CST at the end of `date`, i.e. next day 00:00+08:00. A period's last day
 * ends at 24:00 (民法典 第二百零三条第二款), so this is the first instant at which it is overdue.
 */
export function endOfDayCst(date: IsoDate): Date {
  return new Date(utcMidnightMs(date) + DAY_MS - CST_OFFSET_MS);
}

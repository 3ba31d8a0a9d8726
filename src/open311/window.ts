/** The time window of GET requests and GET servicerequestupdates: the spec's 90 days / 1,000 results. */
import { bad } from './errors.js';
import { parseW3c } from './format.js';

export const MAX_DAYS = 90;
export const MAX_RESULTS = 1000;
const DAY = 86_400_000;

export function dateParam(v: string | undefined, name: string): Date | undefined {
  if (v === undefined || v === '') return undefined;
  const d = parseW3c(v);
  if (!d) throw bad(`${name}: a W3C date-time with its time zone, e.g. 2052-03-02T00:00:00+08:00`);
  return d;
}

/** Without dates: the last 90 days; one date: 90 days from (or up to) it; both: at most 90 days apart. */
export function timeWindow(now: Date, startS?: string, endS?: string): { start: Date; end: Date } {
  const start = dateParam(startS, 'start_date');
  const end = dateParam(endS, 'end_date');
  if (start && end) {
    if (end.getTime() < start.getTime()) throw bad('end_date is before start_date');
    if (end.getTime() - start.getTime() > MAX_DAYS * DAY) throw bad(`start_date to end_date spans more than ${MAX_DAYS} days`);
    return { start, end };
  }
  if (start) return { start, end: new Date(start.getTime() + MAX_DAYS * DAY) };
  if (end) return { start: new Date(end.getTime() - MAX_DAYS * DAY), end };
  return { start: new Date(now.getTime() - MAX_DAYS * DAY), end: now };
}

/** a comma-separated list (the spec's way of giving several values); empty items are dropped */
export function listParam(v: string | undefined, name: string, max = MAX_RESULTS): string[] | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > max) throw bad(`${name}: at most ${max} values`);
  if (items.some((s) => s.length > 100)) throw bad(`${name}: a value is over 100 characters`);
  return items;
}

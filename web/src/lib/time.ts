import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { T } from '../i18n/i18n';

export type DueLevel = 'ok' | 'warning' | 'overdue';

/** "3天4小时" / "3 d 4 h": the two largest units, enough to act on. */
export function duration(ms: number, t: T): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const parts: string[] = [];
  if (d) parts.push(t('days', { n: d }));
  if (h || (d && !m)) parts.push(t('hours', { n: h }));
  if (!d && (m || !h)) parts.push(t('minutes', { n: m }));
  return parts.slice(0, 2).join(' ');
}

dayjs.extend(utc);

/**
 * Every time is shown in China Standard Time (UTC+8, no daylight saving), whatever zone the browser is in: a deadline
 * or a clock mark means the same instant and reads the same on an office PC, a laptop set to UTC and a remote
 * reviewer's screen. Dates the server sends as plain calendar days (2066-03-01) are days already and kept as they are.
 */
export const CST_OFFSET_MINUTES = 8 * 60;
const PLAIN_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant in CST, as a dayjs to format (its fields are the CST wall clock). */
export const cst = (v?: string | number | Date | Dayjs) => (v === undefined ? dayjs() : dayjs(v)).utcOffset(CST_OFFSET_MINUTES);

export const fmtTime = (v: string | Date | null | undefined) => (v ? cst(v).format('YYYY-MM-DD HH:mm') : '—');
export const fmtDate = (v: string | Date | null | undefined) => (!v ? '—' : typeof v === 'string' && PLAIN_DAY.test(v) ? v : cst(v).format('YYYY-MM-DD'));
export const fmtHm = (v: string | Date) => cst(v).format('HH:mm');
export const fmtHms = (v: string | Date) => cst(v).format('HH:mm:ss');
/** Today's date in CST, as 2066-03-01. */
export const cstToday = () => cst().format('YYYY-MM-DD');

/**
 * Date pickers work in the browser's zone; what a user picks is a CST calendar day or wall-clock time. These turn a
 * picked value into the instant it means, and an instant into the value a picker shows.
 */
export const pickedDay = (d: Dayjs) => d.format('YYYY-MM-DD');
/** The picked wall-clock time read as CST, as an ISO instant. */
export const pickedTime = (d: Dayjs) => new Date(`${d.format('YYYY-MM-DDTHH:mm:ss.SSS')}+08:00`).toISOString();
/** The last instant of the picked CST day. */
export const pickedDayEnd = (d: Dayjs) => new Date(`${pickedDay(d)}T23:59:59.999+08:00`).toISOString();
/** What a picker shows for an instant: a local dayjs holding the CST wall clock. */
export const toPicker = (v: string | Date) => dayjs(cst(v).format('YYYY-MM-DDTHH:mm:ss.SSS'));
/** For disabledDate: is this picker day before today in CST? */
export const beforeCstToday = (d: Dayjs) => pickedDay(d) < cstToday();

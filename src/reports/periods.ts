/**
 * The periods a report covers: the last whole week (Monday–Sunday), month or quarter before a day, and the two
 * periods it is compared with — 环比, the period of the same length just before, and 同比, the same days a year
 * earlier. Whole China Standard Time days, like every metric (src/analytics/query.ts).
 */
import { lastYearPeriod, previousPeriod as previousDays } from '../analytics/dashboard.js';
import { addCalendarDays, cstDateOf, daysBetween, isoWeekday, type IsoDate } from '../calendar/dates.js';

export const REPORT_KINDS = ['weekly', 'monthly', 'quarterly', 'topic'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export const KIND_NAMES: Record<ReportKind, { zh: string; en: string }> = {
  weekly: { zh: '信访工作周研判', en: 'Weekly assessment' },
  monthly: { zh: '信访工作月分析', en: 'Monthly analysis' },
  quarterly: { zh: '信访工作季度总结', en: 'Quarterly review' },
  topic: { zh: '“每月一题”专题报告', en: 'Topic report ("one topic a month")' },
};

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}` as IsoDate;
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The last whole period of the kind that ended before `day` (a report made on Monday covers the week before). */
export function lastWholePeriod(kind: Exclude<ReportKind, 'topic'>, day: IsoDate): Period {
  const [y, m] = day.split('-').map(Number) as [number, number];
  if (kind === 'weekly') {
    const monday = addCalendarDays(day, 1 - isoWeekday(day));
    return { from: addCalendarDays(monday, -7), to: addCalendarDays(monday, -1) };
  }
  if (kind === 'monthly') {
    const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
    return { from: iso(py, pm, 1), to: iso(py, pm, lastDayOfMonth(py, pm)) };
  }
  const q = Math.floor((m - 1) / 3); // this quarter, 0-based
  const [py, pq] = q === 0 ? [y - 1, 3] : [y, q - 1];
  return { from: iso(py, pq * 3 + 1, 1), to: iso(py, pq * 3 + 3, lastDayOfMonth(py, pq * 3 + 3)) };
}

/** 环比: the same number of days just before (the dashboards' rule). */
export const previousPeriod = (p: Period): Period => previousDays(p.from, p.to);

/** 同比: the same days one year earlier, 29 February becoming 28 February (the dashboards' rule). */
export const yearAgo = (p: Period): Period => lastYearPeriod(p.from, p.to);

export function periodLabel(kind: ReportKind, p: Period, lang: 'zh' | 'en' = 'zh'): string {
  const [y, m] = p.from.split('-').map(Number) as [number, number];
  if (lang === 'zh') {
    if (kind === 'monthly' && p.from.endsWith('-01') && daysBetween(p.from, p.to) + 1 === lastDayOfMonth(y, m)) return `${y}年${m}月`;
    if (kind === 'quarterly' && (m - 1) % 3 === 0 && p.from.endsWith('-01')) return `${y}年第${'一二三四'[(m - 1) / 3]}季度`;
    return `${p.from.replace(/-/g, '.')}—${p.to.replace(/-/g, '.')}`;
  }
  return `${p.from} – ${p.to}`;
}

export const today = (now: Date) => cstDateOf(now);

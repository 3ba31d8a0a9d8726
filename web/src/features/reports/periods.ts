/**
 * The periods offered for a report: the last whole week (Monday–Sunday), month or quarter before today (China
 * Standard Time) — the rule the server applies when no period is given (src/reports/periods.ts lastWholePeriod) —
 * and the ones before it. Plain ISO dates computed in UTC, so the browser's time zone does not matter.
 */
import type { Lang } from '../../i18n/i18n';
import { cstToday } from '../dashboard/format';

export type PeriodKind = 'weekly' | 'monthly' | 'quarterly';
export interface Period {
  from: string;
  to: string;
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (s: string, n: number) => iso(new Date(day(s).getTime() + n * 86_400_000));
const firstOfMonth = (y: number, m: number) => iso(new Date(Date.UTC(y, m - 1, 1))); // m may be 0 or negative

/** The last whole period of the kind that ended before `today`. */
export function lastWholePeriod(kind: PeriodKind, today: string): Period {
  const d = day(today);
  if (kind === 'weekly') {
    const monday = addDays(today, -((d.getUTCDay() + 6) % 7));
    return { from: addDays(monday, -7), to: addDays(monday, -1) };
  }
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const start = kind === 'monthly' ? m : Math.floor((m - 1) / 3) * 3 + 1; // this month or this quarter's first month
  const len = kind === 'monthly' ? 1 : 3;
  const thisStart = firstOfMonth(y, start);
  return { from: firstOfMonth(y, start - len), to: addDays(thisStart, -1) };
}

/** The last whole period and the `n − 1` before it, newest first. */
export function recentPeriods(kind: PeriodKind, n: number, today = cstToday()): Period[] {
  const out: Period[] = [];
  let p = lastWholePeriod(kind, today);
  for (let i = 0; i < n; i++) {
    out.push(p);
    p = lastWholePeriod(kind, p.from);
  }
  return out;
}

/** "2026年11月" / "Nov 2026", "2026年第三季度" / "2026 Q3", weeks and other ranges by their dates. */
export function periodName(kind: PeriodKind | 'topic', p: Period, lang: Lang): string {
  const [y, m] = p.from.split('-').map(Number) as [number, number];
  const whole = (k: PeriodKind) => lastWholePeriod(k, addDays(p.to, 1));
  const isWhole = (k: PeriodKind) => whole(k).from === p.from && whole(k).to === p.to;
  if (kind === 'monthly' && isWhole('monthly'))
    return lang === 'zh' ? `${y}年${m}月` : new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  if (kind === 'quarterly' && isWhole('quarterly')) return lang === 'zh' ? `${y}年第${'一二三四'[(m - 1) / 3]}季度` : `${y} Q${(m + 2) / 3}`;
  return lang === 'zh' ? `${p.from.replace(/-/g, '.')}—${p.to.replace(/-/g, '.')}` : `${p.from} – ${p.to}`;
}

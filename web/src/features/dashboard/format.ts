/** How rates, scores and their changes are written. A rate without a denominator is "—" (no data), never 0%. */
import type { Lang, T } from '../../i18n/i18n';
import type { MetricResult, RateSet, Text } from './api';

export const pickText = (x: Text | string | null | undefined, lang: Lang) => (x == null ? '' : typeof x === 'string' ? x : lang === 'en' ? x.en || x.zh : x.zh);

/** The 三率 (response, resolution, satisfaction) that make up the composite score. */
export const CORE_KEYS = ['response', 'resolution', 'satisfaction'] as const;

/** Rates where a rise is bad news: repeat petitions and returned assignments. */
export const LOWER_IS_BETTER = new Set(['repeat', 'return']);

export const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
export const score = (s: number | null | undefined) => (s === null || s === undefined ? '—' : s.toFixed(1));

/** A count; a numerator may be fractional (解决率 counts a partly solved matter as a half): at most 2 decimals. */
export const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

/** "92.3%（120 / 130）"; "—（0 / 0）" when there is no denominator. */
export function rateWithCounts(m: Pick<MetricResult, 'rate' | 'numerator' | 'denominator'> | undefined, lang: Lang) {
  if (!m) return '—';
  const counts = `${num(m.numerator)} / ${num(m.denominator)}`;
  return lang === 'zh' ? `${pct(m.rate)}（${counts}）` : `${pct(m.rate)} (${counts})`;
}

export const metricOf = (set: RateSet | undefined, key: string) => set?.metrics.find((m) => m.key === key);

/** A rate as a number for a chart: null (a gap, no bar) when there is no denominator. */
export const chartRate = (m: MetricResult | undefined) => (m && m.rate !== null ? Math.round(m.rate * 1000) / 10 : null);

/** Change in percentage points (rates) or points (the composite); null when either side has no value. */
export function delta(now: number | null | undefined, before: number | null | undefined, isRate: boolean): number | null {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  return isRate ? (now - before) * 100 : now - before;
}

export type Tone = 'good' | 'bad' | 'flat' | 'none';
export function toneOf(d: number | null, key: string): Tone {
  if (d === null) return 'none';
  if (Math.abs(d) < 0.05) return 'flat';
  const up = d > 0;
  return up !== LOWER_IS_BETTER.has(key) ? 'good' : 'bad';
}
export const TONE_COLOR: Record<Tone, string> = { good: '#237804', bad: '#cf1322', flat: '#8c8c8c', none: '#8c8c8c' };

/** "↑1.2个百分点" / "↓0.4 pp" / "—". */
export function deltaText(d: number | null, isRate: boolean, t: T) {
  if (d === null) return '—';
  const v = Math.abs(d).toFixed(1);
  const arrow = Math.abs(d) < 0.05 ? '→' : d > 0 ? '↑' : '↓';
  return `${arrow}${isRate ? t('dbPP', { v }) : t('dbPoints', { v })}`;
}

/** Today's date in China Standard Time (the API's days), whatever the browser's zone. */
export function cstToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m 1-based

export type PeriodKey = 'this_month' | 'last_month' | 'this_quarter' | 'this_year' | 'custom';
export const PERIOD_KEYS: PeriodKey[] = ['this_month', 'last_month', 'this_quarter', 'this_year', 'custom'];

/** [from, to] of a named period; the current ones end today. */
export function periodRange(key: Exclude<PeriodKey, 'custom'>, today = cstToday()): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  switch (key) {
    case 'this_month':
      return { from: `${y}-${pad(m)}-01`, to: today };
    case 'last_month': {
      const py = m === 1 ? y - 1 : y;
      const pm = m === 1 ? 12 : m - 1;
      return { from: `${py}-${pad(pm)}-01`, to: `${py}-${pad(pm)}-${pad(lastDay(py, pm))}` };
    }
    case 'this_quarter':
      return { from: `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`, to: today };
    case 'this_year':
      return { from: `${y}-01-01`, to: today };
  }
}

/** The month before the current one (YYYY-MM): the last complete month, the one rankings are published for. */
export function lastMonth(today = cstToday()): string {
  return periodRange('last_month', today).from.slice(0, 7);
}

/** The time of day in CST (UTC+8), whatever the browser's zone. */
export const hhmmss = (d: Date) => {
  const c = new Date(d.getTime() + 8 * 3_600_000);
  return `${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}:${pad(c.getUTCSeconds())}`;
};

/** ECharts options the pages share: a 12-month trend and a horizontal bar per unit or category. */
import type { Lang, T } from '../../i18n/i18n';
import type { PeriodRates, RateSet } from './api';
import type { ChartOption } from './EChart';
import { chartRate, metricOf, pickText, score } from './format';
import { compositeTip, esc, metricLabel, metricTip, metricValue, tipLine } from './parts';

const COLORS = ['#b71c1c', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a'];

/** The trend of the three core rates (and the composite) or of one rate, with the intake as bars behind. */
export function trendOption(trend: Array<PeriodRates & { month: string }>, which: string, lang: Lang, t: T, dark = false): ChartOption {
  const keys = which === 'core' ? ['response', 'resolution', 'satisfaction', 'composite'] : [which];
  const first = trend[0];
  const text = dark ? '#cfd8dc' : undefined;
  return {
    color: COLORS,
    backgroundColor: 'transparent',
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll', textStyle: text ? { color: text } : {} },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (ps: Array<{ dataIndex: number; marker: string; seriesName: string; seriesIndex: number }>) => {
        const row = trend[ps[0]?.dataIndex ?? 0];
        if (!row) return '';
        const lines = keys.map((k, i) => (k === 'composite' ? (which === 'core' ? `${ps.find((p) => p.seriesIndex === i)?.marker ?? ''}${esc(t('dbComposite'))} <b>${score(row.composite.score)}</b>` : compositeTip(row, lang, t)) : tipLine(ps.find((p) => p.seriesIndex === i)?.marker ?? '', metricLabel(row, k, lang, t), metricOf(row, k), lang)));
        return [`<b>${esc(row.month)}</b>（${row.from} – ${row.to}）`, ...lines, `${esc(t('dbIntake'))} ${row.intake}`].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: trend.map((r) => r.month), axisLabel: text ? { color: text } : {} },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => (which === 'composite' ? String(v) : `${v}%`), ...(text ? { color: text } : {}) }, splitLine: { lineStyle: { opacity: dark ? 0.2 : 1 } } },
      { type: 'value', minInterval: 1, splitLine: { show: false }, axisLabel: text ? { color: text } : {} },
    ],
    series: [
      ...keys.map((k) => ({
        name: metricLabel(first, k, lang, t),
        type: 'line',
        connectNulls: false,
        symbolSize: 6,
        lineStyle: k === 'composite' ? { type: 'dashed', width: 2 } : { width: 2 },
        data: trend.map((r) => (k === 'composite' ? (r.composite.score === null ? null : Math.round(r.composite.score * 10) / 10) : chartRate(metricOf(r, k)))),
      })),
      { name: t('dbIntake'), type: 'bar', yAxisIndex: 1, data: trend.map((r) => r.intake), itemStyle: { color: dark ? 'rgba(144,202,249,0.25)' : 'rgba(21,101,192,0.15)' }, barMaxWidth: 24, z: 0 },
    ],
  };
}

/**
 * One bar per row for the composite, a rate, or the intake; a row with no value keeps its place and reads "—".
 * Rows in the order given (callers sort).
 */
export function barOption<R extends RateSet & { intake?: number }>(rows: R[], nameOf: (r: R) => string, metric: string, lang: Lang, t: T, opts: { dark?: boolean; color?: string } = {}): ChartOption {
  const data = [...rows].reverse(); // the first row at the top
  const isCount = metric === 'intake';
  const value = (r: R) => (isCount ? (r.intake ?? 0) : metricValue(r, metric));
  const text = opts.dark ? '#cfd8dc' : undefined;
  return {
    backgroundColor: 'transparent',
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { dataIndex: number }) => {
        const r = data[p.dataIndex];
        if (!r) return '';
        const head = `<b>${esc(nameOf(r))}</b>`;
        const body = isCount ? `${esc(t('dbIntake'))} ${r.intake ?? 0}` : metricTip(r, metric, lang, t);
        return `${head}<br/>${body}${!isCount && r.intake !== undefined ? `<br/>${esc(t('dbIntake'))} ${r.intake}` : ''}`;
      },
    },
    xAxis: { type: 'value', ...(isCount ? { minInterval: 1 } : { max: 100 }), axisLabel: text ? { color: text } : {}, splitLine: { lineStyle: { opacity: opts.dark ? 0.2 : 1 } } },
    yAxis: { type: 'category', data: data.map(nameOf), axisLabel: { width: 150, overflow: 'truncate', ...(text ? { color: text } : {}) }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: opts.color ?? '#b71c1c' },
        label: {
          show: true,
          position: 'right',
          ...(text ? { color: text } : {}),
          formatter: (p: { dataIndex: number }) => {
            const r = data[p.dataIndex];
            const v = r ? value(r) : null;
            return v === null ? '—' : isCount || metric === 'composite' ? (isCount ? String(v) : v.toFixed(1)) : `${v.toFixed(1)}%`;
          },
        },
        data: data.map((r) => value(r) ?? 0),
      },
    ],
  };
}

export const labelOfMetric = (set: RateSet | undefined, key: string, lang: Lang, t: T) => (key === 'intake' ? t('dbIntake') : key === 'composite' ? t('dbComposite') : pickText(metricOf(set, key)?.label, lang));

/** The twelve rates of one period as bars, each with its numerator / denominator in the tooltip; no denominator reads "—". */
export function ratesOption(set: RateSet, lang: Lang, t: T, opts: { dark?: boolean } = {}): ChartOption {
  const data = [...set.metrics].reverse();
  const text = opts.dark ? '#cfd8dc' : undefined;
  return {
    backgroundColor: 'transparent',
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', confine: true, formatter: (p: { dataIndex: number }) => tipLine('', pickText(data[p.dataIndex]?.label, lang), data[p.dataIndex], lang) },
    xAxis: { type: 'value', max: 100, axisLabel: text ? { color: text } : {}, splitLine: { lineStyle: { opacity: opts.dark ? 0.2 : 1 } } },
    yAxis: { type: 'category', data: data.map((m) => pickText(m.label, lang)), axisLabel: { width: 130, overflow: 'truncate', ...(text ? { color: text } : {}) }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 14,
        itemStyle: { color: opts.dark ? '#81c784' : '#2e7d32' },
        label: { show: true, position: 'right', ...(text ? { color: text } : {}), formatter: (p: { dataIndex: number }) => { const m = data[p.dataIndex]; return m && m.rate !== null ? `${(m.rate * 100).toFixed(1)}%` : '—'; } },
        data: data.map((m) => chartRate(m) ?? 0),
      },
    ],
  };
}

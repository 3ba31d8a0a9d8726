/** Pieces the dashboard pages share: figure tiles with their changes, rate columns, tooltip text. */
import type { ReactNode } from 'react';
import { Tooltip, Typography } from 'antd';
import { useI18n, type Lang, type T } from '../../i18n/i18n';
import type { MetricResult, RateSet } from './api';
import type { Column } from './ChartCard';
import { delta, deltaText, LOWER_IS_BETTER, metricOf, num, pct, pickText, rateWithCounts, score, TONE_COLOR, toneOf } from './format';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One line of a chart tooltip: "按期办结率 92.3%（120 / 130）". */
export const tipLine = (marker: string, label: string, m: Pick<MetricResult, 'rate' | 'numerator' | 'denominator'> | undefined, lang: Lang) => `${marker}${esc(label)} <b>${esc(rateWithCounts(m, lang))}</b>`;

/** The composite with the three rates it is made of, each with its counts. */
export function compositeTip(set: RateSet | undefined, lang: Lang, t: T) {
  const parts = ['response', 'resolution', 'satisfaction'].map((k) => {
    const m = metricOf(set, k);
    return m ? `&nbsp;&nbsp;${esc(pickText(m.label, lang))} ${esc(rateWithCounts(m, lang))}` : '';
  });
  return [`${esc(t('dbComposite'))} <b>${score(set?.composite.score)}</b>`, ...parts].join('<br/>');
}

export function Delta({ now, before, isRate, metricKey, label, testId }: { now: number | null | undefined; before: number | null | undefined; isRate: boolean; metricKey: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const d = delta(now, before, isRate);
  const tone = toneOf(d, metricKey);
  return (
    <span style={{ whiteSpace: 'nowrap', fontSize: 12 }} data-testid={testId}>
      <span className="ms-muted">{label} </span>
      <span style={{ color: TONE_COLOR[tone] }}>{deltaText(d, isRate, t)}</span>
    </span>
  );
}

/** A rate as a tile: the value, its numerator / denominator, 环比 and 同比 in percentage points. */
export function RateTile({ m, prev, lastYear, big, extra }: { m: MetricResult; prev?: MetricResult; lastYear?: MetricResult; big?: boolean; extra?: ReactNode }) {
  const { t, lang } = useI18n();
  const label = pickText(m.label, lang);
  return (
    <div className={`ms-tile${big ? ' ms-tile-big' : ''}`} data-testid={`rate-${m.key}`} data-rate={m.rate ?? ''}>
      <div className="ms-tile-label" title={label}>
        {label}
        {LOWER_IS_BETTER.has(m.key) && <span className="ms-muted" style={{ fontSize: 11 }}> · {t('dbLowerBetter')}</span>}
      </div>
      <div className="ms-tile-value">
        {pct(m.rate)}
        {m.rate === null && <span className="ms-tile-nodata">{t('dbNoData')}</span>}
      </div>
      <Tooltip title={`${t('dbNumerator')} ${num(m.numerator)} / ${t('dbDenominator')} ${num(m.denominator)}`}>
        <div className="ms-tile-counts" data-testid={`rate-${m.key}-counts`}>
          {num(m.numerator)} / {num(m.denominator)}
        </div>
      </Tooltip>
      <div className="ms-tile-deltas">
        <Delta now={m.rate} before={prev?.rate} isRate metricKey={m.key} label={t('dbMoM')} testId={`rate-${m.key}-mom`} />
        <Delta now={m.rate} before={lastYear?.rate} isRate metricKey={m.key} label={t('dbYoY')} testId={`rate-${m.key}-yoy`} />
      </div>
      {extra}
    </div>
  );
}

export function ScoreTile({ set, prev, lastYear }: { set: RateSet; prev?: RateSet; lastYear?: RateSet }) {
  const { t, lang } = useI18n();
  const s = set.composite.score;
  return (
    <div className="ms-tile ms-tile-big ms-tile-score" data-testid="composite" data-score={s ?? ''}>
      <Tooltip title={pickText(set.composite.label, lang)}>
        <div className="ms-tile-label">{t('dbComposite')}</div>
      </Tooltip>
      <div className="ms-tile-value">
        {score(s)}
        {s === null && <span className="ms-tile-nodata">{t('dbNoData')}</span>}
      </div>
      <div className="ms-tile-counts">
        {t('dbWeights')} {set.composite.weights.response ?? '—'} : {set.composite.weights.resolution ?? '—'} : {set.composite.weights.satisfaction ?? '—'}
      </div>
      <div className="ms-tile-deltas">
        <Delta now={s} before={prev?.composite.score} isRate={false} metricKey="composite" label={t('dbMoM')} testId="composite-mom" />
        <Delta now={s} before={lastYear?.composite.score} isRate={false} metricKey="composite" label={t('dbYoY')} testId="composite-yoy" />
      </div>
    </div>
  );
}

/** A table column for one rate of a RateSet row: "92.3%（120 / 130）" on screen, rate / numerator / denominator in the CSV. */
export function rateColumn<R>(key: string, title: string, setOf: (r: R) => RateSet | undefined, lang: Lang, t: T): Column<R> {
  return {
    key,
    title,
    align: 'right',
    value: (r) => rateWithCounts(metricOf(setOf(r), key), lang),
    render: (r) => {
      const m = metricOf(setOf(r), key);
      return (
        <span style={{ whiteSpace: 'nowrap' }}>
          {pct(m?.rate)}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({num(m?.numerator ?? 0)} / {num(m?.denominator ?? 0)})
          </Typography.Text>
        </span>
      );
    },
    csv: {
      header: [title, `${title}${lang === 'zh' ? '' : ' '}${t('dbNumerator')}`, `${title}${lang === 'zh' ? '' : ' '}${t('dbDenominator')}`],
      value: (r) => {
        const m = metricOf(setOf(r), key);
        return [pct(m?.rate), num(m?.numerator ?? 0), num(m?.denominator ?? 0)];
      },
    },
  };
}

export function compositeColumn<R>(setOf: (r: R) => RateSet | undefined, t: T): Column<R> {
  return { key: 'composite', title: t('dbComposite'), align: 'right', value: (r) => score(setOf(r)?.composite.score) };
}

/** The choice of what a chart shows: the composite or one of the rates. */
export function metricOptions(set: RateSet | undefined, lang: Lang, t: T) {
  return [{ value: 'composite', label: t('dbComposite') }, ...(set?.metrics ?? []).map((m) => ({ value: m.key, label: pickText(m.label, lang) }))];
}

/** The value a bar shows for a metric (percent or points) and its tooltip line. */
export function metricValue(set: RateSet | undefined, key: string): number | null {
  if (key === 'composite') return set?.composite.score ?? null;
  const m = metricOf(set, key);
  return m && m.rate !== null ? m.rate * 100 : null;
}
export function metricTip(set: RateSet | undefined, key: string, lang: Lang, t: T) {
  if (key === 'composite') return compositeTip(set, lang, t);
  const m = metricOf(set, key);
  return tipLine('', pickText(m?.label, lang), m, lang);
}
export const metricLabel = (set: RateSet | undefined, key: string, lang: Lang, t: T) => (key === 'composite' ? t('dbComposite') : pickText(metricOf(set, key)?.label, lang));

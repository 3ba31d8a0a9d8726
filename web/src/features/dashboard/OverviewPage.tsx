/**
 * A leader's overview (综合态势): the 三率 and the composite score first, then all twelve rates with numerator /
 * denominator, 环比 and 同比, the 12-month trend, and the breakdown by sub-unit and by category to drill into.
 */
import { useMemo, useState } from 'react';
import { DesktopOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Select, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { fetchOverview, type MetricResult, type Overview } from './api';
import { ChartCard, type Column } from './ChartCard';
import { trendOption } from './charts';
import { CORE_KEYS, delta, deltaText, metricOf, num, pct, pickText, rateWithCounts, score } from './format';
import { CategoryPicker, PeriodPicker, UnitPicker, useCategories, useDashParams, useUnits } from './filters';
import { rateColumn, RateTile, ScoreTile } from './parts';
import { CategoryBreakdown, UnitBreakdown } from './Breakdown';
import './dashboard.css';

export default function OverviewPage() {
  const { t, lang } = useI18n();
  const { params, set } = useDashParams('this_month');
  const units = useUnits();
  const cats = useCategories();
  const q = { from: params.from, to: params.to, unitId: params.unitId, categoryId: params.categoryId };
  const data = useFetch(() => fetchOverview(q), [params.from, params.to, params.unitId, params.categoryId, lang]);
  const o = data.data;
  const chain = units.chain(params.unitId);
  const catChain = cats.chain(params.categoryId);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="dash-overview">
      <div className="ms-dash-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dbOverviewTitle')}
        </Typography.Title>
        <Space wrap size={8}>
          <PeriodPicker params={params} set={set} />
          <UnitPicker value={params.unitId} onChange={(id) => set({ unitId: id })} units={units} />
          <CategoryPicker value={params.categoryId} onChange={(id) => set({ categoryId: id })} cats={cats} />
          <Link to="/analytics/bigscreen" data-testid="open-bigscreen">
            <Button icon={<DesktopOutlined />}>{t('dbOpenBigscreen')}</Button>
          </Link>
        </Space>
      </div>
      <Space wrap size={16} style={{ justifyContent: 'space-between', width: '100%' }}>
        <Breadcrumb
          data-testid="unit-breadcrumb"
          items={[
            ...chain.map((u, i) => ({
              key: u.id,
              title:
                i === chain.length - 1 ? (
                  <strong>{u.name}</strong>
                ) : (
                  <a href="#" onClick={(e) => (e.preventDefault(), set({ unitId: i === 0 ? undefined : u.id }))}>
                    {u.name}
                  </a>
                ),
            })),
            ...(catChain.length
              ? [
                  {
                    key: 'cats',
                    title: (
                      <a href="#" onClick={(e) => (e.preventDefault(), set({ categoryId: undefined }))}>
                        {t('dbAllCategories')}
                      </a>
                    ),
                  },
                  ...catChain.map((c, i) => ({
                    key: `c${c.id}`,
                    title: i === catChain.length - 1 ? <strong>{cats.name(c)}</strong> : <a href="#" onClick={(e) => (e.preventDefault(), set({ categoryId: c.id }))}>{cats.name(c)}</a>,
                  })),
                ]
              : []),
          ]}
        />
        {o && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dbAsOf', { t: fmtTime(o.asOf) })}
          </Typography.Text>
        )}
      </Space>
      {data.error && <Alert type="error" message={data.error.message} showIcon />}
      {o && <Headline o={o} />}
      <AllRates o={o} loading={data.loading} />
      <Trend o={o} loading={data.loading} />
      <div className="ms-dash-grid2">
        <UnitBreakdown q={q} onDrill={(id) => set({ unitId: id })} />
        <CategoryBreakdown q={q} onDrill={(id) => set({ categoryId: id })} />
      </div>
    </Space>
  );
}

/** The composite, the 三率, the intake and what is overdue now. */
function Headline({ o }: { o: Overview }) {
  const { t } = useI18n();
  const m = (k: string) => metricOf(o.current, k);
  const overdue = (o.counts.overdue as { cases?: number; total?: number } | undefined)?.cases;
  const backlog = (o.counts.backlog as { total?: number } | undefined)?.total;
  return (
    <div className="ms-dash-hero" data-testid="headline">
      <ScoreTile set={o.current} prev={o.previous} lastYear={o.lastYear} />
      {CORE_KEYS.map((k) => {
        const cur = m(k);
        return cur ? <RateTile key={k} m={cur} prev={metricOf(o.previous, k)} lastYear={metricOf(o.lastYear, k)} big /> : null;
      })}
      <div className="ms-tile ms-tile-big" data-testid="intake">
        <div className="ms-tile-label">{t('dbIntake')}</div>
        <div className="ms-tile-value">{o.current.intake}</div>
        <div className="ms-tile-counts">
          {t('dbPrevious')} {o.previous.intake} · {t('dbLastYear')} {o.lastYear.intake}
        </div>
        <div className="ms-tile-deltas">
          {backlog !== undefined && (
            <span style={{ fontSize: 12 }}>
              <span className="ms-muted">{t('dbBacklog')} </span>
              {backlog}
            </span>
          )}
          {overdue !== undefined && (
            <span style={{ fontSize: 12 }}>
              <span className="ms-muted">{t('dbOverdueNow')} </span>
              <span style={{ color: overdue ? '#cf1322' : undefined }}>{overdue}</span>
            </span>
          )}
        </div>
      </div>
    </div>
  );
}

type RateRow = { m: MetricResult; prev?: MetricResult; lastYear?: MetricResult };

function AllRates({ o, loading }: { o: Overview | undefined; loading: boolean }) {
  const { t, lang } = useI18n();
  const rows: RateRow[] = (o?.current.metrics ?? []).map((m) => ({ m, prev: metricOf(o?.previous, m.key), lastYear: metricOf(o?.lastYear, m.key) }));
  const d = (r: RateRow, other: MetricResult | undefined) => deltaText(delta(r.m.rate, other?.rate, true), true, t);
  const columns: Column<RateRow>[] = [
    { key: 'metric', title: t('dbMetric'), value: (r) => pickText(r.m.label, lang) },
    { key: 'rate', title: t('dbRate'), align: 'right', value: (r) => pct(r.m.rate) },
    { key: 'numerator', title: t('dbNumerator'), align: 'right', value: (r) => num(r.m.numerator) },
    { key: 'denominator', title: t('dbDenominator'), align: 'right', value: (r) => r.m.denominator },
    { key: 'mom', title: t('dbMoM'), align: 'right', value: (r) => d(r, r.prev) },
    { key: 'prev', title: t('dbPrevious'), align: 'right', value: (r) => rateWithCounts(r.prev, lang) },
    { key: 'yoy', title: t('dbYoY'), align: 'right', value: (r) => d(r, r.lastYear) },
    { key: 'lastYear', title: t('dbLastYear'), align: 'right', value: (r) => rateWithCounts(r.lastYear, lang) },
  ];
  return (
    <ChartCard<RateRow>
      title={`${t('dbAllRates')}（${o ? `${o.from} – ${o.to}` : ''}）`}
      testId="all-rates"
      fileName={`rates-${o?.from ?? ''}-${o?.to ?? ''}`}
      rows={rows}
      rowKey={(r) => r.m.key}
      columns={columns}
      loading={loading}
      chart={
        <div className="ms-dash-tiles">
          {rows.map((r) => (
            <RateTile key={r.m.key} m={r.m} prev={r.prev} lastYear={r.lastYear} />
          ))}
        </div>
      }
    />
  );
}

function Trend({ o, loading }: { o: Overview | undefined; loading: boolean }) {
  const { t, lang } = useI18n();
  const [which, setWhich] = useState('core');
  const trend = useMemo(() => o?.trend ?? [], [o]);
  const option = useMemo(() => (trend.length ? trendOption(trend, which, lang, t) : null), [trend, which, lang, t]);
  const keys = which === 'core' ? [...CORE_KEYS] : which === 'composite' ? [] : [which];
  type Row = (typeof trend)[number];
  const columns: Column<Row>[] = [
    { key: 'month', title: t('dbMonthCol'), value: (r) => r.month },
    { key: 'intake', title: t('dbIntake'), align: 'right', value: (r) => r.intake },
    ...keys.map((k) => rateColumn<Row>(k, pickText(metricOf(trend[0], k)?.label, lang), (r) => r, lang, t)),
    ...(which === 'core' || which === 'composite' ? [{ key: 'composite', title: t('dbComposite'), align: 'right' as const, value: (r: Row) => score(r.composite.score) }] : []),
  ];
  return (
    <ChartCard<Row>
      title={t('dbTrend')}
      testId="trend"
      fileName={`trend-${which}-${o?.to ?? ''}`}
      rows={trend}
      rowKey={(r) => r.month}
      columns={columns}
      option={option}
      height={300}
      loading={loading}
      extra={
        <Select
          size="small"
          value={which}
          onChange={setWhich}
          style={{ width: 180 }}
          aria-label={t('dbMetric')}
          data-testid="trend-metric"
          popupMatchSelectWidth={false}
          options={[
            { value: 'core', label: `${t('dbTrendCore')} + ${t('dbComposite')}` },
            { value: 'composite', label: t('dbComposite') },
            ...(o?.current.metrics ?? []).map((m) => ({ value: m.key, label: pickText(m.label, lang) })),
          ]}
        />
      }
    />
  );
}

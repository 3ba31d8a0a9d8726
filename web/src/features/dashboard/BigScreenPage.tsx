/**
 * 一屏统览: the whole picture on one dark screen for a wall display — key figures, trend, map, the top 10 and the
 * categories — without the staff menu (still behind the login), refreshing itself every minute.
 */
import { useEffect, useMemo, useState } from 'react';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, ConfigProvider, theme } from 'antd';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Loading } from '../../components/Loading';
import { LangSwitch } from '../../components/LangSwitch';
import { useI18n } from '../../i18n/i18n';
import { useFetch } from '../../lib/useFetch';
import { useSession } from '../auth/session';
import { fetchBreakdown, fetchMap, fetchOverview, fetchRankings, type CategoryRow, type MapArea, type MetricResult, type Rankings } from './api';
import { areaOf, useBoundaries, useMapOption } from './AreaMap';
import { ChartCard, type Column } from './ChartCard';
import { barOption, ratesOption, trendOption } from './charts';
import { hhmmss, lastMonth, metricOf, num, pct, periodRange, pickText, rateWithCounts, score } from './format';
import { Delta, rateColumn } from './parts';
import { rankingOption, valueText } from './RankingsPage';
import './dashboard.css';

const REFRESH_MS = 60_000;

export default function BigScreenPage() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { colorPrimary: '#ffb74d', colorBgContainer: 'rgba(10, 25, 50, 0.85)' } }}>
      <BigScreen unitName={me.unit?.name ?? ''} />
    </ConfigProvider>
  );
}

function BigScreen({ unitName }: { unitName: string }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [tick, setTick] = useState(0);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  useEffect(() => {
    const id = window.setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => window.clearInterval(id);
  }, []);
  const range = useMemo(() => periodRange('this_year'), [tick]); // eslint-disable-line react-hooks/exhaustive-deps
  const month = useMemo(() => lastMonth(), [tick]); // eslint-disable-line react-hooks/exhaustive-deps
  const overview = useFetch(
    () =>
      fetchOverview(range).then((o) => {
        setUpdatedAt(new Date());
        return o;
      }),
    [range, lang],
  );
  const cats = useFetch(() => fetchBreakdown({ ...range, by: 'category' }), [range, lang]);
  const ranking = useFetch(() => fetchRankings({ month, among: 'children', metric: 'composite' }), [month, tick, lang]);
  const map = useFetch(() => fetchMap({ ...range, level: 'district' }), [range, lang]);
  const geo = useBoundaries(map.data?.boundaries);
  const mapOpt = useMapOption(geo.data, map.data, 'cases', true);
  const o = overview.data;
  const trendOpt = useMemo(() => (o?.trend.length ? trendOption(o.trend, 'core', lang, t, true) : null), [o, lang, t]);
  const catRows = useMemo(() => (cats.data?.by === 'category' ? cats.data.rows.slice(0, 10) : []), [cats.data]);
  const catOpt = useMemo(() => (catRows.length ? barOption(catRows, (r) => r.category.name, 'intake', lang, t, { dark: true, color: '#4fc3f7' }) : null), [catRows, lang, t]);
  const rk = ranking.data;
  const ratesOpt = useMemo(() => (o ? ratesOption(o.current, lang, t, { dark: true }) : null), [o, lang, t]);
  const rkOpt = useMemo(() => (rk && rk.ranked.length ? rankingOption(rk, lang, t, { dark: true, top: 10 }) : null), [rk, lang, t]);
  const error = overview.error ?? cats.error ?? ranking.error ?? map.error;

  const figures = o
    ? [
        { key: 'composite', label: t('dbComposite'), value: score(o.current.composite.score), sub: '', now: o.current.composite.score, before: o.previous.composite.score, isRate: false },
        ...['response', 'resolution', 'satisfaction', 'on_time_completion'].map((k) => {
          const m = metricOf(o.current, k);
          return { key: k, label: pickText(m?.label, lang), value: pct(m?.rate), sub: m ? `${num(m.numerator)} / ${num(m.denominator)}` : '', now: m?.rate ?? null, before: metricOf(o.previous, k)?.rate ?? null, isRate: true };
        }),
        { key: 'intake', label: t('dbIntake'), value: String(o.current.intake), sub: `${t('dbLastYear')} ${o.lastYear.intake}`, now: null, before: null, isRate: false },
        { key: 'overdue', label: t('dbOverdueNow'), value: String((o.counts.overdue as { cases?: number } | undefined)?.cases ?? '—'), sub: '', now: null, before: null, isRate: false },
      ]
    : [];

  type Rk = Rankings['ranked'][number];
  const rkColumns: Column<Rk>[] = [
    { key: 'rank', title: t('dbRank'), align: 'right', value: (x) => x.rank },
    { key: 'unit', title: t('dbUnitCol'), value: (x) => x.unit.name },
    { key: 'value', title: t('dbComposite'), align: 'right', value: (x) => valueText(x, 'composite') },
    { key: 'denominator', title: t('dbDenominator'), align: 'right', value: (x) => x.denominator },
  ];
  const catColumns: Column<CategoryRow>[] = [
    { key: 'category', title: t('dbCategoryCol'), value: (r) => r.category.name },
    { key: 'intake', title: t('dbIntake'), align: 'right', value: (r) => r.intake },
    rateColumn<CategoryRow>('satisfaction', pickText(metricOf(catRows[0], 'satisfaction')?.label, lang), (r) => r, lang, t),
  ];
  const trendRows = o?.trend ?? [];
  type TRow = (typeof trendRows)[number];
  const trendColumns: Column<TRow>[] = [
    { key: 'month', title: t('dbMonthCol'), value: (r) => r.month },
    { key: 'intake', title: t('dbIntake'), align: 'right', value: (r) => r.intake },
    ...['response', 'resolution', 'satisfaction'].map((k) => ({ key: k, title: pickText(metricOf(trendRows[0], k)?.label, lang), align: 'right' as const, value: (r: TRow) => rateWithCounts(metricOf(r, k), lang) })),
    { key: 'composite', title: t('dbComposite'), align: 'right', value: (r) => score(r.composite.score) },
  ];
  const mapColumns: Column<MapArea>[] = [
    { key: 'unit', title: t('dbUnitCol'), value: (a) => a.unit.name },
    { key: 'cases', title: t('dbCases'), align: 'right', value: (a) => a.cases },
    { key: 'overdue', title: t('dbOverdue'), align: 'right', value: (a) => a.overdue },
    { key: 'hazards', title: t('dbHazards'), align: 'right', value: (a) => a.hazards },
  ];

  return (
    <div className="ms-big" data-testid="bigscreen">
      <div className="ms-big-head">
        <h1 className="ms-big-title">{t('dbBigTitle', { unit: o?.unit.name ?? unitName })}</h1>
        <span className="ms-big-meta">{t('dbYearToDate', { from: range.from, to: range.to })}</span>
        <span className="ms-big-meta" data-testid="bigscreen-updated" title={t('dbRefreshing')}>
          {updatedAt ? t('dbUpdatedAt', { t: hhmmss(updatedAt) }) : '…'}
        </span>
        <LangSwitch />
        <Link to="/analytics/overview" data-testid="bigscreen-back">
          <ArrowLeftOutlined /> {t('dbBack')}
        </Link>
      </div>
      {error && <Alert type="error" message={error.message} showIcon style={{ marginBottom: 12 }} />}
      <div className="ms-big-figures" data-testid="bigscreen-figures">
        {figures.map((f) => (
          <div className="ms-big-figure" key={f.key} data-testid={`big-${f.key}`}>
            <div className="label" title={f.label}>
              {f.label}
            </div>
            <div className="value">{f.value}</div>
            <div className="sub">
              {f.sub}
              {f.isRate || f.key === 'composite' ? (
                <>
                  {f.sub ? ' · ' : ''}
                  <Delta now={f.now} before={f.before} isRate={f.isRate} metricKey={f.key} label={t('dbMoM')} />
                </>
              ) : null}
            </div>
          </div>
        ))}
      </div>
      <div className="ms-big-grid">
        <div className="ms-big-col">
          <ChartCard dark title={t('dbTrend')} testId="big-trend" fileName={`trend-${range.to}`} rows={trendRows} rowKey={(r) => r.month} columns={trendColumns} option={trendOpt} height={300} loading={overview.loading} />
          <ChartCard dark title={t('dbCategoryBreakdown')} testId="big-categories" fileName={`categories-${range.from}-${range.to}`} rows={catRows} rowKey={(r) => r.category.id} columns={catColumns} option={catOpt} height={Math.max(200, catRows.length * 26 + 24)} loading={cats.loading} />
        </div>
        <div className="ms-big-col">
          <ChartCard
            dark
            title={`${t('dbCases')} · ${t('dbLevelDistrict')}`}
            testId="big-map"
            fileName={`map-${range.from}-${range.to}`}
            rows={map.data?.areas ?? []}
            rowKey={(a) => a.unit.id}
            columns={mapColumns}
            option={mapOpt?.option ?? null}
            height={600}
            loading={map.loading || geo.loading}
            onChartClick={(p) => {
              const a = map.data && areaOf(map.data, p);
              if (a) navigate(`/analytics/overview?period=this_year&unitId=${a.unit.id}`);
            }}
          />
        </div>
        <div className="ms-big-col">
          <ChartCard
            dark
            title={`${t('dbTop10')}（${month}）`}
            testId="big-ranking"
            fileName={`ranking-${month}`}
            rows={rk?.ranked.slice(0, 10) ?? []}
            rowKey={(x) => x.unit.id}
            columns={rkColumns}
            option={rkOpt}
            height={Math.max(200, Math.min(10, rk?.ranked.length ?? 0) * 30 + 24)}
            loading={ranking.loading}
            empty={
              <span>
                {t('dbRankedNone')}
                {rk && ` · ${t('dbUnranked')} ${rk.unranked.length} · ${t('dbMinCount')} ${rk.minCount}`}
                <br />
                <Link to={`/analytics/rankings?month=${month}`}>{t('dbRankingsTitle')}</Link>
              </span>
            }
          />
          <ChartCard<MetricResult>
            dark
            title={t('dbAllRates')}
            testId="big-rates"
            fileName={`rates-${range.from}-${range.to}`}
            rows={o?.current.metrics ?? []}
            rowKey={(m) => m.key}
            columns={[
              { key: 'metric', title: t('dbMetric'), value: (m) => pickText(m.label, lang) },
              { key: 'rate', title: t('dbRate'), align: 'right', value: (m) => pct(m.rate) },
              { key: 'numerator', title: t('dbNumerator'), align: 'right', value: (m) => num(m.numerator) },
              { key: 'denominator', title: t('dbDenominator'), align: 'right', value: (m) => m.denominator },
            ]}
            option={ratesOpt}
            height={12 * 24 + 24}
            loading={overview.loading}
          />
        </div>
      </div>
    </div>
  );
}

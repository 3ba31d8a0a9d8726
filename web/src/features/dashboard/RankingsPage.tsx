/**
 * Monthly rankings of units (never of people) by the composite or any rate, each value beside its numerator and
 * denominator; units below the minimum count are listed apart with the reason rather than ranked on a handful of cases.
 */
import { useMemo } from 'react';
import { Alert, Card, DatePicker, InputNumber, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useI18n, type Lang, type T } from '../../i18n/i18n';
import { useFetch } from '../../lib/useFetch';
import { fetchRankings, type Among, type Rankings } from './api';
import { ChartCard, type Column } from './ChartCard';
import { cstToday, lastMonth, pct, pickText, score } from './format';
import { UnitPicker, useDashParams, useUnits } from './filters';
import { compositeTip, esc, tipLine } from './parts';
import type { ChartOption } from './EChart';
import { METRIC_KEYS_UI, metricMessageKey } from './keys';
import './dashboard.css';

type Ranked = Rankings['ranked'][number];
type Unranked = Rankings['unranked'][number];

const AMONG: Among[] = ['children', 'district', 'street', 'department'];

export function valueText(r: { value: number | null }, metric: string) {
  return metric === 'composite' ? score(r.value) : pct(r.value);
}

/** "92.3%（120 / 130）" — for the composite the smallest denominator of the three rates. */
export function rankedText(r: Ranked, metric: string, lang: Lang) {
  const counts = r.numerator === null ? `${r.denominator}` : `${r.numerator} / ${r.denominator}`;
  return lang === 'zh' ? `${valueText(r, metric)}（${counts}）` : `${valueText(r, metric)} (${counts})`;
}

export function rankingOption(data: Rankings, lang: Lang, t: T, opts: { dark?: boolean; top?: number } = {}): ChartOption {
  const rows = data.ranked.slice(0, opts.top ?? data.ranked.length).reverse();
  const isComposite = data.metric === 'composite';
  const text = opts.dark ? '#cfd8dc' : undefined;
  return {
    backgroundColor: 'transparent',
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        if (!r) return '';
        const m = r.metrics.find((x) => x.key === data.metric);
        const body = isComposite ? compositeTip(r, lang, t) : tipLine('', pickText(data.metricLabel, lang), m ?? { rate: r.value, numerator: r.numerator ?? 0, denominator: r.denominator }, lang);
        return `<b>${r.rank}. ${esc(r.unit.name)}</b><br/>${body}`;
      },
    },
    xAxis: { type: 'value', max: 100, axisLabel: text ? { color: text } : {}, splitLine: { lineStyle: { opacity: opts.dark ? 0.2 : 1 } } },
    yAxis: { type: 'category', data: rows.map((r) => `${r.rank}. ${r.unit.name}`), axisLabel: { width: 170, overflow: 'truncate', ...(text ? { color: text } : {}) }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 16,
        itemStyle: { color: opts.dark ? '#ffb74d' : '#b71c1c' },
        label: { show: true, position: 'right', ...(text ? { color: text } : {}), formatter: (p: { dataIndex: number }) => (rows[p.dataIndex] ? valueText(rows[p.dataIndex]!, data.metric) : '') },
        data: rows.map((r) => (isComposite ? r.value : r.value * 100)),
      },
    ],
  };
}

export default function RankingsPage() {
  const { t, lang } = useI18n();
  const { params, set, search } = useDashParams();
  const units = useUnits();
  const month = /^\d{4}-\d{2}$/.test(search.get('month') ?? '') ? search.get('month')! : lastMonth();
  const metric = search.get('metric') || 'composite';
  const among = (AMONG.includes(search.get('among') as Among) ? search.get('among') : 'children') as Among;
  const minRaw = search.get('minCount');
  const minCount = minRaw && /^\d+$/.test(minRaw) ? Number(minRaw) : undefined;
  const data = useFetch(() => fetchRankings({ month, unitId: params.unitId, among, metric, minCount }), [month, params.unitId, among, metric, minCount, lang]);
  const r = data.data;
  const amongLabel: Record<Among, string> = { children: t('dbAmongChildren'), district: t('dbAmongDistrict'), street: t('dbAmongStreet'), department: t('dbAmongDepartment') };
  const option = useMemo(() => (r && r.ranked.length ? rankingOption(r, lang, t) : null), [r, lang, t]);
  const mlabel = r ? (r.metric === 'composite' ? t('dbComposite') : pickText(r.metricLabel, lang)) : '';
  const columns: Column<Ranked>[] = [
    { key: 'rank', title: t('dbRank'), align: 'right', value: (x) => x.rank, width: 64 },
    { key: 'unit', title: t('dbUnitCol'), value: (x) => x.unit.name },
    {
      key: 'value',
      title: mlabel || t('dbValue'),
      align: 'right',
      value: (x) => valueText(x, metric),
      render: (x) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <strong>{valueText(x, metric)}</strong>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({x.numerator === null ? x.denominator : `${x.numerator} / ${x.denominator}`})
          </Typography.Text>
        </span>
      ),
    },
    { key: 'numerator', title: t('dbNumerator'), align: 'right', value: (x) => x.numerator },
    { key: 'denominator', title: t('dbDenominator'), align: 'right', value: (x) => x.denominator },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="dash-rankings">
      <div className="ms-dash-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dbRankingsTitle')}
        </Typography.Title>
        <Space wrap size={8}>
          <DatePicker
            picker="month"
            allowClear={false}
            aria-label={t('dbMonth')}
            data-testid="ranking-month"
            value={dayjs(`${month}-01`)}
            disabledDate={(d) => d.format('YYYY-MM') > cstToday().slice(0, 7)}
            onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
          />
          <UnitPicker value={params.unitId} onChange={(id) => set({ unitId: id })} units={units} />
          <Select<Among> aria-label={t('dbAmong')} value={among} style={{ width: 150 }} popupMatchSelectWidth={false} onChange={(v) => set({ among: v })} options={AMONG.map((a) => ({ value: a, label: amongLabel[a] }))} data-testid="ranking-among" />
          <Select
            aria-label={t('dbMetric')}
            value={metric}
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            onChange={(v: string) => set({ metric: v })}
            data-testid="ranking-metric"
            options={[{ value: 'composite', label: t('dbComposite') }, ...METRIC_KEYS_UI.map((k) => ({ value: k, label: t(metricMessageKey(k)) }))]}
          />
          <Tooltip title={t('dbMinCountHelp')}>
            <Space size={4}>
              <span className="ms-muted">{t('dbMinCount')}</span>
              <InputNumber
                min={0}
                max={100000}
                precision={0}
                style={{ width: 80 }}
                aria-label={t('dbMinCount')}
                data-testid="ranking-min"
                value={minCount ?? r?.minCount ?? null}
                onChange={(v) => set({ minCount: v === null ? undefined : String(v) })}
              />
            </Space>
          </Tooltip>
        </Space>
      </div>
      {data.error && <Alert type="error" message={data.error.message} showIcon />}
      {r && (
        <Typography.Text type="secondary">
          {r.from} – {r.to} · {amongLabel[r.among]} · {t('dbRankingsNote', { metric: mlabel })}
        </Typography.Text>
      )}
      <ChartCard<Ranked>
        title={`${t('dbRanked')} · ${mlabel}`}
        testId="ranking"
        fileName={`ranking-${month}-${metric}`}
        rows={r?.ranked ?? []}
        rowKey={(x) => x.unit.id}
        columns={columns}
        option={option}
        height={Math.max(160, (r?.ranked.length ?? 0) * 26 + 24)}
        loading={data.loading}
        empty={t('dbRankedNone')}
      />
      <Card size="small" title={`${t('dbUnranked')}（${r?.unranked.length ?? 0}）`} data-testid="unranked" className="ms-dash-unranked">
        <Table<Unranked>
          size="small"
          rowKey={(x) => x.unit.id}
          dataSource={r?.unranked ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('dbUnitCol'), key: 'unit', render: (_, x) => x.unit.name },
            { title: mlabel || t('dbValue'), key: 'value', align: 'right', render: (_, x) => `${x.value === null ? '—' : valueText(x, metric)}（${x.denominator}）` },
            {
              title: t('dbReason'),
              key: 'reason',
              render: (_, x) => (x.reason === 'no_data' ? <Tag>{t('dbReasonNoData')}</Tag> : <Tag color="orange">{t('dbReasonBelow', { n: x.denominator, min: r?.minCount ?? '' })}</Tag>),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

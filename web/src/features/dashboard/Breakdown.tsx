/** The drill-down: the same figures per sub-unit and per sub-category, as bars and as a table; click one to go in. */
import { useMemo, useState } from 'react';
import { Select } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { useFetch } from '../../lib/useFetch';
import { fetchBreakdown, type CategoryRow, type PeriodQuery, type RateSet, type UnitRow } from './api';
import { ChartCard, type Column } from './ChartCard';
import { barOption, labelOfMetric } from './charts';
import { metricOf, pickText } from './format';
import { compositeColumn, metricOptions, metricValue, rateColumn } from './parts';

type Row = RateSet & { intake: number; id: string; name: string; drill: string | null };

function useColumns(sample: RateSet | undefined, nameTitle: string): Column<Row>[] {
  const { t, lang } = useI18n();
  return [
    { key: 'name', title: nameTitle, value: (r) => r.name, render: (r) => (r.drill ? <a>{r.name}</a> : r.name) },
    { key: 'intake', title: t('dbIntake'), align: 'right', value: (r) => r.intake },
    compositeColumn<Row>((r) => r, t),
    ...['response', 'resolution', 'satisfaction', 'on_time_completion', 'timely_acceptance'].map((k) => rateColumn<Row>(k, pickText(metricOf(sample, k)?.label, lang) || k, (r) => r, lang, t)),
  ];
}

function MetricPicker({ value, onChange, sample }: { value: string; onChange(v: string): void; sample: RateSet | undefined }) {
  const { t, lang } = useI18n();
  return (
    <Select
      size="small"
      value={value}
      onChange={onChange}
      style={{ width: 150 }}
      popupMatchSelectWidth={false}
      aria-label={t('dbMetric')}
      options={[{ value: 'intake', label: t('dbIntake') }, ...metricOptions(sample, lang, t)]}
    />
  );
}

const sortFor = (metric: string) => (a: Row, b: Row) => {
  if (metric === 'intake') return b.intake - a.intake;
  const va = metricValue(a, metric);
  const vb = metricValue(b, metric);
  if (va === null || vb === null) return va === null ? (vb === null ? b.intake - a.intake : 1) : -1;
  return vb - va || b.intake - a.intake;
};

function BreakdownCard({ by, q, onDrill }: { by: 'unit' | 'category'; q: PeriodQuery; onDrill(id: string): void }) {
  const { t, lang } = useI18n();
  const [metric, setMetric] = useState('composite');
  const data = useFetch(() => fetchBreakdown({ ...q, by }), [q.from, q.to, q.unitId, q.categoryId, by, lang]);
  const rows = useMemo<Row[]>(() => {
    const b = data.data;
    if (!b) return [];
    if (b.by === 'unit')
      return b.rows.map((r: UnitRow) => ({ ...r, id: r.own ? `own-${r.unit.id}` : r.unit.id, name: r.own ? t('dbOwn', { unit: r.unit.name }) : r.unit.name, drill: r.own ? null : r.unit.id }));
    return b.rows.map((r: CategoryRow) => ({ ...r, id: r.category.id, name: r.category.name, drill: r.category.id }));
  }, [data.data, t]);
  const sample = rows[0];
  const columns = useColumns(sample, by === 'unit' ? t('dbUnitCol') : t('dbCategoryCol'));
  const chartRows = useMemo(() => [...rows].sort(sortFor(metric)), [rows, metric]);
  const option = useMemo(() => (chartRows.length ? barOption(chartRows, (r) => r.name, metric, lang, t, { color: by === 'unit' ? '#b71c1c' : '#1565c0' }) : null), [chartRows, metric, lang, t, by]);
  const title = `${by === 'unit' ? t('dbByUnit') : t('dbByCategory')} · ${labelOfMetric(sample, metric, lang, t)}`;
  return (
    <ChartCard<Row>
      title={title}
      testId={by === 'unit' ? 'breakdown-unit' : 'breakdown-category'}
      fileName={`breakdown-${by}-${q.from}-${q.to}`}
      rows={rows}
      rowKey={(r) => r.id}
      columns={columns}
      option={option}
      height={Math.max(160, chartRows.length * 26 + 24)}
      loading={data.loading}
      empty={data.error ? data.error.message : by === 'unit' ? t('dbNoChildren') : t('dbNoCategories')}
      extra={<MetricPicker value={metric} onChange={setMetric} sample={sample} />}
      onChartClick={(p) => {
        const r = [...chartRows].reverse()[p.dataIndex];
        if (r?.drill) onDrill(r.drill);
      }}
      onRowClick={(r) => r.drill && onDrill(r.drill)}
      rowClickable={(r) => !!r.drill}
      footer={rows.length > 0 && <div className="ms-muted" style={{ fontSize: 12, marginTop: 4 }}>{by === 'unit' ? t('dbClickToDrill') : t('dbClickCategory')}</div>}
    />
  );
}

export const UnitBreakdown = (p: { q: PeriodQuery; onDrill(id: string): void }) => <BreakdownCard by="unit" {...p} />;
export const CategoryBreakdown = (p: { q: PeriodQuery; onDrill(id: string): void }) => <BreakdownCard by="category" {...p} />;

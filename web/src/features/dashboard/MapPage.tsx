/** Cases, overdue and hazards by district or street on a map of the office's own boundaries; click an area to go in. */
import { Alert, Breadcrumb, Segmented, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { useFetch } from '../../lib/useFetch';
import { fetchMap, type MapArea, type MapLevel } from './api';
import { areaOf, MEASURES, measureLabel, useBoundaries, useMapOption, type Measure } from './AreaMap';
import { ChartCard, type Column } from './ChartCard';
import { PeriodPicker, UnitPicker, useDashParams, useUnits } from './filters';
import './dashboard.css';

export default function MapPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { params, set, search } = useDashParams('this_month');
  const units = useUnits();
  const level: MapLevel = search.get('level') === 'street' ? 'street' : 'district';
  const measure: Measure = MEASURES.includes(search.get('measure') as Measure) ? (search.get('measure') as Measure) : 'cases';
  const data = useFetch(() => fetchMap({ from: params.from, to: params.to, unitId: params.unitId, level }), [params.from, params.to, params.unitId, level, lang]);
  const geo = useBoundaries(data.data?.boundaries);
  const map = useMapOption(geo.data, data.data, measure);
  const chain = units.chain(params.unitId);
  const columns: Column<MapArea>[] = [
    { key: 'unit', title: t('dbUnitCol'), value: (a) => a.unit.name, render: (a) => <a>{a.unit.name}</a> },
    { key: 'code', title: t('dbCode'), value: (a) => a.unit.code },
    { key: 'cases', title: t('dbCases'), align: 'right', value: (a) => a.cases },
    { key: 'overdue', title: t('dbOverdue'), align: 'right', value: (a) => a.overdue },
    { key: 'hazards', title: t('dbHazards'), align: 'right', value: (a) => a.hazards },
    { key: 'majorHazards', title: t('dbMajorHazards'), align: 'right', value: (a) => a.majorHazards },
  ];
  // a district opens its streets on the map; a street opens its overview
  const open = (a: MapArea) => {
    if (level === 'district') set({ unitId: a.unit.id, level: 'street' });
    else navigate(`/analytics/overview?${new URLSearchParams({ period: params.period, ...(params.period === 'custom' ? { from: params.from, to: params.to } : {}), unitId: a.unit.id })}`);
  };
  const error = data.error ?? geo.error;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="dash-map">
      <div className="ms-dash-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dbMapTitle')}
        </Typography.Title>
        <Space wrap size={8}>
          <PeriodPicker params={params} set={set} />
          <UnitPicker value={params.unitId} onChange={(id) => set({ unitId: id })} units={units} />
          <Segmented<MapLevel>
            value={level}
            onChange={(v) => set({ level: v })}
            data-testid="map-level"
            options={[
              { value: 'district', label: t('dbLevelDistrict') },
              { value: 'street', label: t('dbLevelStreet') },
            ]}
          />
          <Segmented<Measure> value={measure} onChange={(v) => set({ measure: v })} data-testid="map-measure" options={MEASURES.map((m) => ({ value: m, label: measureLabel(m, t) }))} />
        </Space>
      </div>
      <Breadcrumb
        items={chain.map((u, i) => ({
          key: u.id,
          title: i === chain.length - 1 ? <strong>{u.name}</strong> : <a href="#" onClick={(e) => (e.preventDefault(), set({ unitId: i === 0 ? undefined : u.id }))}>{u.name}</a>,
        }))}
      />
      {error && <Alert type="error" message={geo.error ? `${t('dbMapNoBoundaries')}: ${geo.error.message}` : error.message} showIcon />}
      <ChartCard<MapArea>
        title={`${measureLabel(measure, t)} · ${level === 'district' ? t('dbLevelDistrict') : t('dbLevelStreet')}（${params.from} – ${params.to}）`}
        testId="area-map"
        fileName={`map-${level}-${params.from}-${params.to}`}
        rows={data.data?.areas ?? []}
        rowKey={(a) => a.unit.id}
        columns={columns}
        option={map?.option ?? null}
        height={560}
        loading={data.loading || geo.loading}
        onChartClick={(p) => {
          const a = data.data && areaOf(data.data, p);
          if (a) open(a);
        }}
        onRowClick={open}
        footer={
          <div className="ms-muted" style={{ fontSize: 12, marginTop: 4 }}>
            {t('dbMapClick')}
            {map && map.unmatched.length > 0 && ` · ${t('dbMapUnmatched', { n: map.unmatched.length })}`}
          </div>
        }
      />
    </Space>
  );
}

/** Cases, overdue clocks or hazards per area, drawn with ECharts over the office's GeoJSON (no tile server). */
import { useMemo } from 'react';
import { useI18n, type T } from '../../i18n/i18n';
import { useFetch } from '../../lib/useFetch';
import { fetchBoundaries, type GeoCollection, type MapArea, type MapData } from './api';
import { echarts, type ChartClick, type ChartOption } from './EChart';
import { esc } from './parts';

export type Measure = 'cases' | 'overdue' | 'hazards';
export const MEASURES: Measure[] = ['cases', 'overdue', 'hazards'];
export const measureLabel = (m: Measure, t: T) => (m === 'cases' ? t('dbCases') : m === 'overdue' ? t('dbOverdue') : t('dbHazards'));

const RAMP: Record<Measure, string[]> = {
  cases: ['#fff3e0', '#ffb74d', '#e65100'],
  overdue: ['#fce4ec', '#f06292', '#b71c1c'],
  hazards: ['#ede7f6', '#9575cd', '#311b92'],
};

export function useBoundaries(path?: string) {
  return useFetch<GeoCollection>(() => fetchBoundaries(path), [path]);
}

/** Registers the features of one level (only those of the areas asked for, when any match) under a name of its own. */
export function registerAreas(geo: GeoCollection, data: MapData): { name: string; matched: Set<string> } {
  const codes = new Set(data.areas.map((a) => a.unit.code));
  // joined by code; a file without `level` still draws, and with no match the level's outlines show (greyed)
  const mine = geo.features.filter((f) => f.properties && codes.has(f.properties.code) && (!f.properties.level || f.properties.level === data.level));
  const features = mine.length ? mine : geo.features.filter((f) => f.properties?.level === data.level);
  const name = `minsheng-${data.level}-${[...codes].sort().join('.')}`.slice(0, 200);
  echarts.registerMap(name, { type: 'FeatureCollection', features } as never);
  return { name, matched: new Set(mine.map((f) => f.properties.code)) };
}

export function mapOption(geo: GeoCollection, data: MapData, measure: Measure, t: T, opts: { dark?: boolean } = {}): { option: ChartOption; unmatched: MapArea[] } {
  const { name, matched } = registerAreas(geo, data);
  const byCode = new Map(data.areas.map((a) => [a.unit.code, a]));
  const max = Math.max(1, ...data.areas.map((a) => a[measure]));
  const text = opts.dark ? '#e3f2fd' : '#333';
  const option: ChartOption = {
    backgroundColor: 'transparent',
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { name: string }) => {
        const a = byCode.get(p.name);
        if (!a) return esc(p.name);
        return [
          `<b>${esc(a.unit.name)}</b>`,
          `${esc(t('dbCases'))} ${a.cases}`,
          `${esc(t('dbOverdue'))} ${a.overdue}`,
          `${esc(t('dbHazards'))} ${a.hazards}${a.majorHazards ? `（${esc(t('dbMajorHazards'))} ${a.majorHazards}）` : ''}`,
        ].join('<br/>');
      },
    },
    visualMap: {
      min: 0,
      max,
      left: 8,
      bottom: 8,
      calculable: true,
      itemHeight: 100,
      textStyle: text ? { color: text } : {},
      inRange: { color: RAMP[measure] },
    },
    series: [
      {
        type: 'map',
        map: name,
        nameProperty: 'code',
        roam: true,
        selectedMode: false,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        label: {
          show: true,
          ...(text ? { color: text } : {}),
          fontSize: data.level === 'street' ? 11 : 13,
          formatter: (p: { name: string }) => {
            const a = byCode.get(p.name);
            return a ? `${a.unit.name}\n${a[measure]}` : '';
          },
        },
        itemStyle: { borderColor: opts.dark ? '#90caf9' : '#fff', borderWidth: 1, areaColor: opts.dark ? '#1c2b40' : '#eeeeee' },
        emphasis: { label: { color: opts.dark ? '#fff' : '#000' }, itemStyle: { areaColor: opts.dark ? '#ffb74d' : '#ffd54f' } },
        data: data.areas.filter((a) => matched.has(a.unit.code)).map((a) => ({ name: a.unit.code, value: a[measure] })),
      },
    ],
  };
  return { option, unmatched: data.areas.filter((a) => !matched.has(a.unit.code)) };
}

/** The area a click on the map was about. */
export const areaOf = (data: MapData, p: ChartClick) => data.areas.find((a) => a.unit.code === p.name);

export function useMapOption(geo: GeoCollection | undefined, data: MapData | undefined, measure: Measure, dark = false) {
  const { t } = useI18n();
  return useMemo(() => (geo && data ? mapOption(geo, data, measure, t, { dark }) : null), [geo, data, measure, t, dark]);
}

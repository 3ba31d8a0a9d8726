import { useEffect, useRef } from 'react';
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, MapChart, PieChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, GeoComponent, CanvasRenderer]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;
export interface ChartClick {
  dataIndex: number;
  name: string;
  seriesIndex?: number;
  data?: unknown;
}

/** One ECharts instance in a div: re-set on every option change, resized with its box, disposed on unmount. */
export function EChart({ option, height, onClick, testId, label, theme }: { option: ChartOption; height: number; onClick?: (p: ChartClick) => void; testId?: string; label: string; theme?: 'dark' }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, theme);
    chart.current = c;
    c.on('click', (p) => click.current?.(p as unknown as ChartClick));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option, theme]);

  return <div ref={el} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} role="img" aria-label={label} data-testid={testId} />;
}

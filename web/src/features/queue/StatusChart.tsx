import { useEffect, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../i18n/i18n';
import { useLabels } from '../../lib/meta';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** px per status row */
const ROW = 18;

/** Cases by status in the current tab, from GET /api/cases/stats (the same counters as the cards above). */
export default function StatusChart({ byStatus, onPick }: { byStatus: Record<string, number> | undefined; onPick(status: string): void }) {
  const { lang, t } = useI18n();
  const labels = useLabels(lang);
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // in the order of the lifecycle, statuses with no case left out
  const rows = byStatus ? labels.statuses.filter((s) => (byStatus[s] ?? 0) > 0).map((s) => ({ status: s, n: byStatus[s]! })) : null;

  useEffect(() => {
    if (!el.current || !rows) return;
    chart.current ??= echarts.init(el.current);
    const c = chart.current;
    const data = [...rows].reverse();
    c.setOption(
      {
        // one row per status, every label on the axis (interval 0: none hidden), a fixed row height so labels never
        // overlap; a label longer than the axis is cut with … and read whole in the tooltip
        grid: { left: 4, right: 36, top: 4, bottom: 4, containLabel: true },
        tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => `${labels.status(data[p.dataIndex]!.status)}: ${data[p.dataIndex]!.n}` },
        xAxis: { type: 'value', minInterval: 1, show: false },
        yAxis: {
          type: 'category',
          data: data.map((r) => labels.status(r.status)),
          axisTick: { show: false },
          axisLabel: { interval: 0, fontSize: 12, lineHeight: ROW, width: lang === 'zh' ? 96 : 150, overflow: 'truncate' },
        },
        series: [{ type: 'bar', data: data.map((r) => r.n), itemStyle: { color: '#b71c1c' }, label: { show: true, position: 'right', fontSize: 11 }, barWidth: ROW - 8 }],
      },
      true,
    );
    c.off('click');
    c.on('click', (p) => {
      const r = data[p.dataIndex];
      if (r) onPick(r.status);
    });
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => window.removeEventListener('resize', resize);
  }, [rows, lang, labels, onPick]);

  useEffect(() => () => chart.current?.dispose(), []);

  // 15 statuses in 15 × 18 px: the chart stays beside the filters and the table starts above the fold at 1400 × 900
  const height = Math.max(96, (rows?.length ?? 3) * ROW + 8);
  return (
    <div>
      <div ref={el} style={{ width: '100%', height }} role="img" aria-label={t('byStatus')} data-testid="status-chart" />
      {/* the same figures as text, for screen readers and keyboard users */}
      <ul className="ms-skip">
        {rows?.map((r) => (
          <li key={r.status}>
            {labels.status(r.status)}: {r.n}
          </li>
        ))}
      </ul>
      {rows && rows.length === 0 && <div className="ms-muted" style={{ textAlign: 'center' }}>{t('emptyQueue')}</div>}
    </div>
  );
}

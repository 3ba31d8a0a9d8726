/**
 * Charts as PNG images for the Word, Excel and PDF files: ECharts renders SVG on the server without a browser
 * (ssr: true), resvg turns it into PNG with the report font (no system fonts needed).
 */
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';
import { reportFonts } from './fonts.js';
import type { ReportChart } from './content.js';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 320;

export function chartSvg(c: ReportChart, width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const family = reportFonts().family;
  const base = { animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: family }, title: { text: c.title, left: 'center', textStyle: { fontSize: 14, fontFamily: family } } };
  if (c.type === 'pie') {
    chart.setOption({
      ...base,
      series: [{ type: 'pie', radius: ['30%', '60%'], center: ['50%', '56%'], label: { formatter: '{b}：{c}', fontFamily: family }, data: c.categories.map((name, i) => ({ name, value: c.series[0]?.data[i] ?? 0 })) }],
    });
  } else {
    chart.setOption({
      ...base,
      legend: c.series.length > 1 ? { top: 24, textStyle: { fontFamily: family } } : undefined,
      grid: { left: 48, right: 24, top: c.series.length > 1 ? 56 : 40, bottom: 64 },
      xAxis: { type: 'category', data: c.categories, axisLabel: { interval: 0, rotate: c.categories.length > 6 ? 30 : 0, fontFamily: family } },
      yAxis: { type: 'value', minInterval: c.percent ? undefined : 1, max: c.percent ? 100 : undefined, axisLabel: { fontFamily: family } },
      series: c.series.map((s) => ({ type: c.type, name: s.name, data: s.data, label: { show: true, position: 'top', fontFamily: family } })),
    });
  }
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function chartPng(c: ReportChart, width = CHART_WIDTH, height = CHART_HEIGHT): Buffer {
  const fonts = reportFonts();
  const r = new Resvg(chartSvg(c, width, height), {
    fitTo: { mode: 'width', value: width * 2 },
    font: { loadSystemFonts: false, fontFiles: [fonts.regular], defaultFontFamily: fonts.family },
  });
  return Buffer.from(r.render().asPng());
}

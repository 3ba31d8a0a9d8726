/** Hotspot topics ("每月一题", 北京市接诉即办工作条例 第二十四条): GET /api/analytics/hotspots and one topic's report. */
import { get } from '../../lib/api';

export interface Topic {
  index: number;
  label: string;
  keyPhrases: string[];
  size: number;
  previousSize: number;
  growth: number | null;
  places: Array<{ name: string; count: number }>;
  units: Array<{ id: string; count: number; name?: string; nameEn?: string | null }>;
  caseIds: string[];
  votes: number;
  heat: number;
}

export interface Hotspots {
  computedAt: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  topics: Topic[];
}

export interface TopicReport {
  computedAt: string;
  periodStart: string;
  periodEnd: string;
  topic: Topic;
  cases: Array<{ id: string; regNo: string; title: string; status: string; place: string | null; receivedAt: string; unitName: string | null }>;
}

export const fetchHotspots = () => get<Hotspots>('/api/analytics/hotspots');
export const fetchTopicReport = (index: number) => get<TopicReport>(`/api/analytics/hotspots/${index}`);

/** A table as CSV (UTF-8 with BOM, so Excel opens Chinese correctly), downloaded in the browser. */
export function downloadCsv(name: string, header: string[], rows: Array<Array<string | number | null>>) {
  const esc = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = '\uFEFF' + [header, ...rows].map((r) => r.map(esc).join(',')).join('\r\n');
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

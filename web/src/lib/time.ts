import dayjs from 'dayjs';
import type { T } from '../i18n/i18n';

export type DueLevel = 'ok' | 'warning' | 'overdue';

/** "3天4小时" / "3 d 4 h": the two largest units, enough to act on. */
export function duration(ms: number, t: T): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const parts: string[] = [];
  if (d) parts.push(t('days', { n: d }));
  if (h || (d && !m)) parts.push(t('hours', { n: h }));
  if (!d && (m || !h)) parts.push(t('minutes', { n: m }));
  return parts.slice(0, 2).join(' ');
}

export const fmtTime = (v: string | Date | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
export const fmtDate = (v: string | Date | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : '—');

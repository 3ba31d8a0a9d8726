import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { ListQuery } from './api';

/**
 * 导出: the list as its filters stand (every matching case, not one page) as csv or xlsx, through
 * GET /api/exports/cases.{csv,xlsx} (docs/import-export.md "Export"). A plain navigation: the session cookie goes
 * along and the browser saves the streamed attachment without holding it in memory. No personal columns.
 */
export function ExportButton({ query, lang }: { query: ListQuery; lang: 'zh' | 'en' }) {
  const href = (format: 'csv' | 'xlsx') => {
    const p = new URLSearchParams();
    if (query.mine) p.set('mine', 'true');
    if (query.q) p.set('q', query.q);
    if (query.status?.length) p.set('status', query.status.join(','));
    if (query.kind) p.set('kind', query.kind);
    if (query.channel) p.set('channel', query.channel);
    if (query.overdue !== undefined) p.set('overdue', String(query.overdue));
    if (query.dueBefore) p.set('dueBefore', query.dueBefore);
    const qs = p.toString();
    return `/api/exports/cases.${format}${qs ? `?${qs}` : ''}`;
  };
  const zh = lang === 'zh';
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'xlsx', label: <a href={href('xlsx')}>{zh ? 'Excel（.xlsx）' : 'Excel (.xlsx)'}</a> },
          { key: 'csv', label: <a href={href('csv')}>{zh ? 'CSV（UTF-8）' : 'CSV (UTF-8)'}</a> },
        ],
      }}
    >
      <Button icon={<DownloadOutlined />}>{zh ? '导出' : 'Export'}</Button>
    </Dropdown>
  );
}

/**
 * Every dashboard chart sits in one of these: a title, a switch between the chart and the same figures as a table,
 * and an export of that table as CSV (UTF-8 with BOM, so Excel opens Chinese correctly).
 */
import { useState, type ReactNode } from 'react';
import { BarChartOutlined, DownloadOutlined, TableOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Segmented, Space, Table, Tooltip } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { downloadCsv } from '../analytics/api';
import { EChart, type ChartClick, type ChartOption } from './EChart';

export type Cell = string | number | null;

export interface Column<R> {
  key: string;
  title: string;
  /** the cell as text: shown in the table unless `render` is given, and written to the CSV */
  value(row: R): Cell;
  render?(row: R): ReactNode;
  align?: 'left' | 'right' | 'center';
  /** CSV columns when they differ from the one shown, e.g. a rate as rate, numerator and denominator */
  csv?: { header: string[]; value(row: R): Cell[] };
  width?: number;
}

export interface ChartCardProps<R> {
  title: ReactNode;
  /** data-testid of the card; the chart is `${testId}-chart`, the table `${testId}-table` */
  testId: string;
  /** the CSV file name, without .csv */
  fileName: string;
  rows: R[];
  rowKey(row: R): string;
  columns: Column<R>[];
  /** an ECharts option, or a custom chart view (e.g. figure tiles) */
  option?: ChartOption | null;
  chart?: ReactNode;
  height?: number;
  loading?: boolean;
  empty?: ReactNode;
  extra?: ReactNode;
  footer?: ReactNode;
  onChartClick?(p: ChartClick): void;
  onRowClick?(row: R): void;
  rowClickable?(row: R): boolean;
  dark?: boolean;
  className?: string;
  defaultView?: 'chart' | 'table';
}

export function csvOf<R>(columns: Column<R>[], rows: R[]) {
  const header = columns.flatMap((c) => c.csv?.header ?? [c.title]);
  const body = rows.map((r) => columns.flatMap((c) => (c.csv ? c.csv.value(r) : [c.value(r)])));
  return { header, body };
}

export function ChartCard<R>(p: ChartCardProps<R>) {
  const { t } = useI18n();
  const [view, setView] = useState<'chart' | 'table'>(p.defaultView ?? 'chart');
  const empty = !p.loading && p.rows.length === 0;
  const exportCsv = () => {
    const { header, body } = csvOf(p.columns, p.rows);
    downloadCsv(`${p.fileName}.csv`, header, body);
  };
  const controls = (
    <Space size={4} wrap>
      {p.extra}
      <Segmented
        size="small"
        value={view}
        onChange={(v) => setView(v as 'chart' | 'table')}
        data-testid={`${p.testId}-view`}
        options={[
          { value: 'chart', label: <Tooltip title={t('dbChart')}><BarChartOutlined aria-label={t('dbChart')} /></Tooltip> },
          { value: 'table', label: <Tooltip title={t('dbTable')}><TableOutlined aria-label={t('dbTable')} /></Tooltip> },
        ]}
      />
      <Tooltip title={t('dbExportCsv')}>
        <Button size="small" icon={<DownloadOutlined />} disabled={p.rows.length === 0} onClick={exportCsv} data-testid={`${p.testId}-export`} aria-label={t('dbExportCsv')} />
      </Tooltip>
    </Space>
  );
  const clickable = (r: R) => !!p.onRowClick && (p.rowClickable ? p.rowClickable(r) : true);
  return (
    <Card
      size="small"
      title={<span style={{ whiteSpace: 'normal' }}>{p.title}</span>}
      extra={controls}
      loading={p.loading && p.rows.length === 0}
      data-testid={p.testId}
      className={p.className}
      styles={{ header: { flexWrap: 'wrap', gap: 4, paddingBlock: 6 } }}
    >
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p.empty ?? t('dbNoData')} />
      ) : view === 'chart' ? (
        (p.chart ?? (p.option ? <EChart option={p.option} height={p.height ?? 300} onClick={p.onChartClick} testId={`${p.testId}-chart`} label={typeof p.title === 'string' ? p.title : p.fileName} theme={p.dark ? 'dark' : undefined} /> : null))
      ) : (
        <Table<R>
          size="small"
          rowKey={p.rowKey}
          dataSource={p.rows}
          pagination={p.rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          data-testid={`${p.testId}-table`}
          onRow={(r) => (clickable(r) ? { onClick: () => p.onRowClick!(r), style: { cursor: 'pointer' } } : {})}
          columns={p.columns.map((c) => ({
            key: c.key,
            title: c.title,
            align: c.align,
            width: c.width,
            render: (_: unknown, r: R) => (c.render ? c.render(r) : c.value(r) ?? '—'),
          }))}
        />
      )}
      {p.footer}
    </Card>
  );
}

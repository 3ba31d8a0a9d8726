/** The reports of units in the user's scope: status, a progress bar while generating, the three files once done. */
import { FileExcelOutlined, FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { Button, Empty, Progress, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { fmtTime } from '../../lib/time';
import { pickText } from '../dashboard/format';
import { isPending, type FileFormat, type Report } from './api';
import { periodName } from './periods';

const FILE_ICONS: Record<FileFormat, React.ReactNode> = { xlsx: <FileExcelOutlined />, docx: <FileWordOutlined />, pdf: <FilePdfOutlined /> };
const STATUS_COLORS: Record<Report['status'], string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };

export function ReportList({ items, loading, highlight }: { items: Report[] | undefined; loading: boolean; highlight: string | null }) {
  const { t, tx, lang } = useI18n();
  return (
    <Table<Report>
      rowKey="id"
      size="small"
      data-testid="report-list"
      loading={loading}
      dataSource={items ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 760 }}
      locale={{ emptyText: <Empty description={t('rpNone')} /> }}
      rowClassName={(r) => (r.id === highlight ? 'ms-rp-highlight' : '')}
      onRow={(r) => ({ 'data-testid': `report-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('rpColReport'),
          key: 'report',
          render: (_, r) => (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{r.title ?? `${r.unit.name} ${pickText(r.kindName, lang)}`}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[r.docNo, r.unit.name, periodName(r.kind, r, lang)].filter(Boolean).join(' · ')}
              </Typography.Text>
              <Space size={4} wrap>
                <Tag>{tx(`rp_kind_${r.kind}`)}</Tag>
                <Tag color={r.public ? 'blue' : 'default'}>{r.public ? t('rpPublic') : t('rpInternal')}</Tag>
                {r.scheduled && <Tag color="purple">{t('rpScheduled')}</Tag>}
              </Space>
            </Space>
          ),
        },
        {
          title: t('rpColStatus'),
          key: 'status',
          width: 200,
          render: (_, r) => (
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Tag color={STATUS_COLORS[r.status]} data-testid="report-status">
                {tx(`rp_status_${r.status}`, r.status)}
              </Tag>
              {isPending(r) && <Progress percent={r.progress} size="small" status="active" data-testid="report-progress" />}
              {r.status === 'failed' && (
                <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="report-failed">
                  {t('rpFailed', { error: r.error ?? '' })}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        {
          title: t('rpColFiles'),
          key: 'files',
          width: 250,
          render: (_, r) =>
            r.files.length ? (
              <Space size={4} wrap>
                {r.files.map((f) => (
                  <Button key={f.format} size="small" href={f.url} download icon={FILE_ICONS[f.format]} data-testid={`report-file-${f.format}`}>
                    {f.format.toUpperCase()}
                  </Button>
                ))}
              </Space>
            ) : (
              '—'
            ),
        },
        { title: t('rpColCreated'), dataIndex: 'createdAt', width: 150, render: fmtTime },
      ]}
    />
  );
}

import { Alert, Card, Empty, Space, Table, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { get } from '../../lib/api';
import { pick, type Label } from '../../lib/meta';
import { useFetch } from '../../lib/useFetch';
import { registerByKey } from './config';

export interface Board {
  rowLabel: Label;
  colLabel: Label;
  rows: Array<{ key: string; label: Label }>;
  cols: Array<{ key: string; label: Label }>;
  cells: Array<{ row: string; col: string; count: number }>;
}

/** 挂图作战: a register's open records counted by two dimensions the server chooses, with totals both ways. */
export default function RegisterBoardPage() {
  const { key } = useParams();
  const cfg = registerByKey(key);
  const { t, lang } = useI18n();
  const board = useFetch(() => (cfg ? get<Board>(`${cfg.base}/board`) : Promise.reject(new Error('not found'))), [cfg?.base]);
  if (!cfg) return <Alert type="error" message={t('notFoundPage')} />;
  const b = board.data;
  const count = (row: string, col: string) => b?.cells.filter((c) => c.row === row && c.col === col).reduce((n, c) => n + c.count, 0) ?? 0;
  const rowTotal = (row: string) => b?.cells.filter((c) => c.row === row).reduce((n, c) => n + c.count, 0) ?? 0;
  const colTotal = (col: string) => b?.cells.filter((c) => c.col === col).reduce((n, c) => n + c.count, 0) ?? 0;
  const data = [...(b?.rows ?? []).map((r) => ({ key: r.key, label: pick(r.label, lang), total: false })), ...(b && b.rows.length ? [{ key: '__total', label: t('regBoardTotal'), total: true }] : [])];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/registers/${cfg.key}`}>← {pick(cfg.title, lang)}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {pick(cfg.title, lang)} · {t('regBoard')}
      </Typography.Title>
      {board.error && <Alert type="error" message={board.error.message} />}
      <Card size="small" loading={board.loading}>
        {b && b.rows.length === 0 ? (
          <Empty description={t('regBoardEmpty')} />
        ) : (
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={data}
            scroll={{ x: 'max-content' }}
            data-testid="register-board"
            columns={[
              { title: `${pick(b?.rowLabel, lang)} \\ ${pick(b?.colLabel, lang)}`, dataIndex: 'label', fixed: 'left', render: (v: string, r) => (r.total ? <strong>{v}</strong> : v) },
              ...(b?.cols ?? []).map((c) => ({
                title: pick(c.label, lang),
                key: c.key,
                align: 'right' as const,
                render: (_: unknown, r: { key: string; total: boolean }) => {
                  const n = r.total ? colTotal(c.key) : count(r.key, c.key);
                  return n === 0 ? <span className="ms-muted">0</span> : r.total ? <strong>{n}</strong> : n;
                },
              })),
              {
                title: t('regBoardTotal'),
                key: '__total',
                align: 'right' as const,
                render: (_: unknown, r: { key: string; total: boolean }) => <strong>{r.total ? (b?.cells.reduce((n, c) => n + c.count, 0) ?? 0) : rowTotal(r.key)}</strong>,
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

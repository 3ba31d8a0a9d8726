import { Alert, Card, Col, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
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
  /** figures above the table (e.g. 清仓见底: selected, resolved, % resolved, overdue) */
  summary?: Array<{ key: string; label: Label; value: number }>;
  /** choices the server offers for this board (e.g. which campaign, rows by unit or leader): set as ?param=value */
  filters?: Array<{ param: string; label: Label; options: Array<{ value: string; label: Label }> }>;
}

/** 挂图作战: a register's open records counted by two dimensions the server chooses, with totals both ways. */
export default function RegisterBoardPage() {
  const { key } = useParams();
  const cfg = registerByKey(key);
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = Object.fromEntries(params.entries());
  const queryKey = params.toString();
  const board = useFetch(() => (cfg ? get<Board>(cfg.boardPath ?? `${cfg.base}/board`, query) : Promise.reject(new Error('not found'))), [cfg?.base, queryKey]);
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
      {b?.filters && b.filters.length > 0 && (
        <Space wrap>
          {b.filters.map((f) => (
            <Select
              key={f.param}
              allowClear
              style={{ minWidth: 220 }}
              placeholder={pick(f.label, lang)}
              aria-label={pick(f.label, lang)}
              data-testid={`board-filter-${f.param}`}
              value={params.get(f.param) ?? undefined}
              options={f.options.map((o) => ({ value: o.value, label: pick(o.label, lang) }))}
              onChange={(v?: string) =>
                setParams((prev) => {
                  const next = new URLSearchParams(prev);
                  if (v) next.set(f.param, v);
                  else next.delete(f.param);
                  return next;
                })
              }
            />
          ))}
        </Space>
      )}
      {b?.summary && b.summary.length > 0 && (
        <Card size="small" data-testid="register-board-summary">
          <Row gutter={16}>
            {b.summary.map((x) => (
              <Col key={x.key} xs={12} sm={8} md={4}>
                <Statistic title={pick(x.label, lang)} value={x.value} />
              </Col>
            ))}
          </Row>
        </Card>
      )}
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

import { lazy, Suspense, useMemo } from 'react';
import { ExclamationCircleFilled, ReloadOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Input, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { useLabels } from '../../lib/meta';
import { Marked } from '../../components/Marked';
import { fetchUnits } from '../../lib/refdata';
import { fmtTime, pickedDayEnd, toPicker } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { DueBadge } from '../../components/DueBadge';
import { StatusTag } from '../../components/StatusTag';
import { caseStats, listCases, type CaseListItem, type ListQuery } from './api';
import { ExportButton } from './ExportButton';

const StatusChart = lazy(() => import('./StatusChart'));

const KINDS = ['suggestion', 'accusation', 'appeal'];
const CHANNELS = ['web', 'phone', 'letter', 'email', 'visit', 'fax', 'hotline', 'api'];
const SORT_FIELD: Record<string, ListQuery['sort']> = { receivedAt: 'received_at', nextDueAt: 'due_at', regNo: 'reg_no' };

export default function QueuePage() {
  const { t, lang } = useI18n();
  const labels = useLabels(lang);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'all' ? 'all' : 'mine';
  const mine = tab === 'mine';

  const query: ListQuery = useMemo(
    () => ({
      mine,
      q: params.get('q') || undefined,
      status: params.get('status')?.split(',').filter(Boolean),
      kind: params.get('kind') || undefined,
      channel: params.get('channel') || undefined,
      overdue: params.get('overdue') === 'true' ? true : params.get('overdue') === 'false' ? false : undefined,
      dueBefore: params.get('dueBefore') || undefined,
      // with a search text and no chosen sort, the server orders by relevance
      sort: (params.get('sort') as ListQuery['sort']) || (params.get('q') ? undefined : mine ? 'due_at' : 'received_at'),
      order: (params.get('order') as ListQuery['order']) || (params.get('q') && !params.get('sort') ? undefined : mine ? 'asc' : 'desc'),
      page: Number(params.get('page') || 1),
      pageSize: Number(params.get('pageSize') || 20),
    }),
    [params, mine],
  );

  const set = (patch: Record<string, string | undefined>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (resetPage && !('page' in patch)) next.delete('page');
    setParams(next);
  };

  const list = useFetch(() => listCases(query), [JSON.stringify(query), lang]);
  const counters = useFetch(() => caseStats({ mine }), [mine, list.data]);
  const soon = useMemo(() => dayjs().add(24, 'hour').toISOString(), [list.data]);
  const units = useFetch(() => fetchUnits(lang), [lang]);
  const unitName = (id: string | null) => (id ? (units.data?.find((u) => u.id === id)?.name ?? id) : '—');

  const sortOrder = (key: string) => (SORT_FIELD[key] === query.sort ? (query.order === 'asc' ? 'ascend' : 'descend') : null);

  const columns: TableProps<CaseListItem>['columns'] = [
    {
      title: t('regNo'),
      dataIndex: 'regNo',
      key: 'regNo',
      sorter: true,
      sortOrder: sortOrder('regNo'),
      render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link>,
      width: 160,
    },
    {
      title: t('title'),
      dataIndex: 'title',
      key: 'title',
      ellipsis: { showTitle: false },
      // the full title on hover (cut with … when it is longer than the column); with a search the matched words are
      // marked in the title, and the excerpt that matched is shown under the row, the width of the table
      render: (v: string, r) => (
        <Link to={`/cases/${r.id}`} title={v} data-testid="case-title" style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {r.highlight ? <Marked text={r.highlight.title} /> : v}
        </Link>
      ),
    },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 120, render: (v: string) => <StatusTag status={v} /> },
    { title: t('kind'), dataIndex: 'kind', key: 'kind', width: 100, responsive: ['md'], render: (v: string) => t(`kind_${v}` as never) },
    { title: t('channel'), dataIndex: 'channel', key: 'channel', width: 90, responsive: ['lg'], render: (v: string) => t(`channel_${v}` as never) },
    { title: t('leadUnit'), dataIndex: 'leadUnitId', key: 'lead', ellipsis: true, width: 150, responsive: ['xl'], render: (v: string | null) => unitName(v) },
    { title: t('receivedAt'), dataIndex: 'receivedAt', key: 'receivedAt', sorter: true, sortOrder: sortOrder('receivedAt'), width: 140, responsive: ['md'], render: fmtTime },
    {
      title: t('timeLeft'),
      dataIndex: 'nextDueAt',
      key: 'nextDueAt',
      sorter: true,
      sortOrder: sortOrder('nextDueAt'),
      width: 170,
      render: (v: string | null, r) => <DueBadge dueAt={v} level={r.nextDueLevel} />,
    },
  ];

  const onTable: TableProps<CaseListItem>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.order ? SORT_FIELD[String(s.columnKey)] : undefined;
    set(
      {
        page: String(pagination.current ?? 1),
        pageSize: String(pagination.pageSize ?? 20),
        sort: field,
        order: field ? (s?.order === 'ascend' ? 'asc' : 'desc') : undefined,
      },
      false,
    );
  };

  return (
    <div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(new URLSearchParams({ tab: k }))}
        items={[
          { key: 'mine', label: t('queueMine') },
          { key: 'all', label: t('queueAll') },
        ]}
      />
      {mine && counters.data?.queue && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }} data-testid="queue-holds">
          {counters.data.queue.length
            ? t('queueHolds', {
                what: [...new Set(counters.data.queue.map((q) => (q.register ? `${q.register[lang]}${lang === 'zh' ? '：' : ': '}${q.label[lang]}` : q.label[lang])))].join(lang === 'zh' ? '、' : '; '),
              })
            : t('queueHoldsNone')}
        </Typography.Paragraph>
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} md={14} xl={16}>
          <Row gutter={[12, 12]}>
            <Col xs={8}>
              <Card size="small" hoverable onClick={() => set({ overdue: 'true', dueBefore: undefined })} role="button" tabIndex={0} aria-label={t('counterOverdue')} onKeyDown={(e) => e.key === 'Enter' && set({ overdue: 'true', dueBefore: undefined })}>
                <Statistic
                  title={
                    <span>
                      <ExclamationCircleFilled style={{ color: '#cf1322' }} aria-hidden /> {t('counterOverdue')}
                    </span>
                  }
                  value={counters.data?.overdue ?? '–'}
                  valueStyle={{ color: (counters.data?.overdue ?? 0) > 0 ? '#cf1322' : undefined }}
                />
              </Card>
            </Col>
            <Col xs={8}>
              <Card size="small" hoverable role="button" tabIndex={0} aria-label={t('counterDueSoon')} onClick={() => set({ overdue: 'false', dueBefore: soon })} onKeyDown={(e) => e.key === 'Enter' && set({ overdue: 'false', dueBefore: soon })}>
                <Statistic
                  title={
                    <span>
                      <WarningFilled style={{ color: '#d46b08' }} aria-hidden /> {t('counterDueSoon')}
                    </span>
                  }
                  value={counters.data?.dueSoon ?? '–'}
                  valueStyle={{ color: (counters.data?.dueSoon ?? 0) > 0 ? '#d46b08' : undefined }}
                />
              </Card>
            </Col>
            <Col xs={8}>
              <Card size="small">
                <Statistic title={t('counterTotal')} value={counters.data?.total ?? '–'} />
              </Card>
            </Col>
          </Row>
          <Card size="small" style={{ marginTop: 12 }}>
            <Space wrap style={{ width: '100%' }}>
              <Input.Search
                key={`q-${tab}`}
                allowClear
                defaultValue={query.q}
                placeholder={t('searchPlaceholder')}
                aria-label={t('search')}
                onSearch={(v) => set({ q: v.trim() || undefined })}
                style={{ width: 300 }}
                data-testid="case-search"
              />
              <Select
                mode="multiple"
                allowClear
                placeholder={t('filterStatus')}
                aria-label={t('filterStatus')}
                value={query.status ?? []}
                onChange={(v: string[]) => set({ status: v.join(',') || undefined })}
                options={labels.statuses.map((s) => ({ value: s, label: labels.status(s) }))}
                style={{ minWidth: 180 }}
                maxTagCount="responsive"
              />
              <Select allowClear placeholder={t('filterKind')} aria-label={t('filterKind')} value={query.kind} onChange={(v?: string) => set({ kind: v })} options={KINDS.map((k) => ({ value: k, label: t(`kind_${k}` as never) }))} style={{ width: 130 }} />
              <Select allowClear placeholder={t('filterChannel')} aria-label={t('filterChannel')} value={query.channel} onChange={(v?: string) => set({ channel: v })} options={CHANNELS.map((k) => ({ value: k, label: t(`channel_${k}` as never) }))} style={{ width: 130 }} />
              <DatePicker
                placeholder={t('filterDueBefore')}
                aria-label={t('filterDueBefore')}
                value={query.dueBefore ? toPicker(query.dueBefore) : null}
                onChange={(d) => set({ dueBefore: d ? pickedDayEnd(d) : undefined })}
              />
              <Select
                allowClear
                placeholder={t('filterOverdue')}
                aria-label={t('filterOverdue')}
                value={query.overdue === undefined ? undefined : String(query.overdue)}
                onChange={(v?: string) => set({ overdue: v })}
                options={[
                  { value: 'true', label: t('onlyOverdue') },
                  { value: 'false', label: t('notOverdue') },
                ]}
                style={{ width: 120 }}
              />
              <Button onClick={() => setParams(new URLSearchParams({ tab }))}>{t('reset')}</Button>
              <Button icon={<ReloadOutlined />} aria-label={t('refresh')} onClick={() => void list.reload()} />
              <ExportButton query={query} lang={lang} />
            </Space>
          </Card>
        </Col>
        <Col xs={24} md={10} xl={8}>
          <Card size="small" title={t('byStatus')} styles={{ body: { padding: 8 } }}>
            <Suspense fallback={<div style={{ height: 180 }} />}>
              <StatusChart byStatus={counters.data?.byStatus} onPick={(s) => set({ status: s })} />
            </Suspense>
          </Card>
        </Col>
      </Row>
      {list.data?.warnings?.map((w) => <Alert key={w} type="warning" showIcon message={w} style={{ marginTop: 12 }} />)}
      {list.error && <Alert type="error" showIcon message={list.error.message} style={{ marginTop: 12 }} />}
      <Card size="small" style={{ marginTop: 12 }}>
        {(query.q || query.status || query.kind || query.channel || query.overdue !== undefined || query.dueBefore) && (
          <Space wrap style={{ marginBottom: 8 }}>
            {query.q && <Tag closable onClose={() => set({ q: undefined })}>“{query.q}”</Tag>}
            {query.status?.map((s) => (
              <Tag key={s} closable onClose={() => set({ status: query.status!.filter((x) => x !== s).join(',') || undefined })}>
                {labels.status(s)}
              </Tag>
            ))}
            {query.overdue !== undefined && <Tag closable onClose={() => set({ overdue: undefined })}>{query.overdue ? t('onlyOverdue') : t('notOverdue')}</Tag>}
            {query.dueBefore && <Tag closable onClose={() => set({ dueBefore: undefined })}>{t('filterDueBefore')} {fmtTime(query.dueBefore)}</Tag>}
          </Space>
        )}
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }} aria-live="polite">
          {list.data ? t('total', { n: list.data.totalCapped ? `${list.data.total}+` : list.data.total }) : t('loading')}
        </Typography.Text>
        <Table<CaseListItem>
          rowKey="id"
          size="middle"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          onChange={onTable}
          locale={{ emptyText: t('emptyQueue') }}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100] }}
          scroll={{ x: 720 }}
          expandable={
            query.q
              ? {
                  // why each result matched: the excerpt around the words found, marked
                  expandedRowKeys: (list.data?.items ?? []).filter((r) => r.highlight?.excerpt).map((r) => r.id),
                  expandedRowRender: (r) => (
                    <div className="ms-muted" style={{ fontSize: 12, whiteSpace: 'normal', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' }} data-testid="search-excerpt">
                      <Marked text={r.highlight!.excerpt} />
                    </div>
                  ),
                  showExpandColumn: false,
                  rowExpandable: (r) => Boolean(r.highlight?.excerpt),
                }
              : undefined
          }
          data-testid="case-table"
        />
      </Card>
    </div>
  );
}

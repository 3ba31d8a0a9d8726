/**
 * 问政回复: the public board of matters and replies published with the citizen's consent, personal data removed by
 * the server (docs/replyboard.md). A list (newest first, filter by replying unit and category, search) and a detail.
 */
import { useState } from 'react';
import { Alert, Card, Descriptions, Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { fetchReplies, fetchReply } from './api';

const PAGE = 10;

/** A filter of the board: the units or categories that have something published, with how many. */
function FacetSelect({ placeholder, label, value, facets, onChange }: { placeholder: string; label: string; value?: string; facets?: Array<{ id: string; name: string; count: number }>; onChange(v: string | undefined): void }) {
  return (
    <Select
      allowClear
      style={{ minWidth: 200 }}
      placeholder={placeholder}
      aria-label={label}
      value={value}
      options={(facets ?? []).map((f) => ({ value: f.id, label: `${f.name}（${f.count}）` }))}
      onChange={onChange}
    />
  );
}

export function RepliesPage() {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [categoryId, setCategoryId] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useFetch(() => fetchReplies({ unitId, categoryId, q: q || undefined, limit: PAGE, offset: (page - 1) * PAGE }), [unitId, categoryId, q, page]);
  const facets = list.data?.facets;
  return (
    <Card title={t('portalReplies')} data-testid="replies-board">
      <Typography.Paragraph type="secondary">{t('repliesIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <FacetSelect placeholder={t('repliesAllUnits')} label={t('repliesUnit')} value={unitId} facets={facets?.units} onChange={(v) => {
            setUnitId(v);
            setPage(1);
          }} />
        <FacetSelect placeholder={t('repliesAllCategories')} label={t('category')} value={categoryId} facets={facets?.categories} onChange={(v) => {
            setCategoryId(v);
            setPage(1);
          }} />
        <Input.Search
          allowClear
          placeholder={t('repliesSearch')}
          aria-label={t('repliesSearch')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 240 }}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('repliesEmpty')} /> }}
        pagination={(list.data?.total ?? 0) > PAGE ? { current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage } : false}
        renderItem={(r) => (
          <List.Item key={r.id} data-testid="reply-item">
            <List.Item.Meta
              title={<Link to={`/portal/replies/${r.id}`}>{r.title}</Link>}
              description={
                <>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '0 0 6px', color: 'inherit' }}>
                    {r.summary}
                  </Typography.Paragraph>
                  <Space wrap size={[8, 4]}>
                    {r.unit && <Tag color="red">{r.unit.name}</Tag>}
                    {r.category && <Tag>{r.category.name}</Tag>}
                    <span>
                      {t('repliesRepliedOn')}：{r.repliedOn ?? '—'}
                    </span>
                    <span className="ms-muted">{r.pubNo}</span>
                  </Space>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

export function ReplyPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const r = useFetch(() => fetchReply(id ?? ''), [id]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/portal/replies">← {t('repliesBack')}</Link>
      {r.error && <Alert type="error" showIcon message={r.error.message} data-testid="reply-error" />}
      {r.loading && <Card loading />}
      {r.data && (
        <Card title={r.data.title} data-testid="reply-detail">
          <Descriptions column={{ xs: 1, md: 2 }} size="small" style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('repliesNo')}>{r.data.pubNo}</Descriptions.Item>
            <Descriptions.Item label={t('repliesUnit')}>{r.data.unit?.name ?? '—'}</Descriptions.Item>
            {r.data.category && <Descriptions.Item label={t('category')}>{r.data.category.name}</Descriptions.Item>}
            <Descriptions.Item label={t('repliesRepliedOn')}>{r.data.repliedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('repliesPublishedAt')}>{fmtTime(r.data.publishedAt)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('repliesSummary')}</Typography.Title>
          <Typography.Paragraph className="ms-pre">{r.data.summary}</Typography.Paragraph>
          <Typography.Title level={5}>{t('repliesReply')}</Typography.Title>
          <Typography.Paragraph className="ms-pre" data-testid="reply-text">
            {r.data.reply}
          </Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}

import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { downloadCsv, fetchHotspots, type Topic } from './api';
import { REPORT_ROLES, TopicReportButton } from '../reports/TopicReportButton';
import { useSession } from '../auth/session';

export const growthText = (g: number | null, lang: 'zh' | 'en') => (g === null ? (lang === 'zh' ? '新出现' : 'new') : `${g >= 0 ? '+' : ''}${Math.round(g * 100)}%`);

/** What many people are asking about, where, and whether it is growing: the latest topics, hottest first. */
export default function HotspotsPage() {
  const { t, lang } = useI18n();
  const data = useFetch(fetchHotspots, []);
  const canReport = useSession().hasRole(...REPORT_ROLES);
  const topics = data.data?.topics ?? [];
  const unitName = (u: Topic['units'][number]) => (lang === 'en' && u.nameEn) || u.name || u.id;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('hotTitle')}
        </Typography.Title>
        <Space wrap>
          {data.data?.periodStart && (
            <Typography.Text type="secondary">
              {t('hotPeriod')} {fmtTime(data.data.periodStart)} – {fmtTime(data.data.periodEnd)}
            </Typography.Text>
          )}
          <Button
            icon={<DownloadOutlined />}
            disabled={topics.length === 0}
            onClick={() =>
              downloadCsv(
                'hotspots.csv',
                [t('hotTopic'), t('hotPhrases'), t('hotSize'), t('hotPrevious'), t('hotGrowth'), t('hotPlaces'), t('hotHeat')],
                topics.map((x) => [x.label, x.keyPhrases.join(' '), x.size, x.previousSize, growthText(x.growth, lang), x.places.map((p) => `${p.name}(${p.count})`).join(' '), Math.round(x.heat)]),
              )
            }
          >
            {t('export')}
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('hotIntro')}
      </Typography.Paragraph>
      {data.error && <Alert type="error" message={data.error.message} />}
      <Card size="small" loading={data.loading}>
        {topics.length === 0 && !data.loading ? (
          <Empty description={t('hotNone')} />
        ) : (
          <Table<Topic>
            rowKey="index"
            size="small"
            dataSource={topics}
            pagination={false}
            data-testid="hotspots"
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('hotTopic'), dataIndex: 'label', render: (v: string, x) => <Link to={`/analytics/hotspots/${x.index}`}>{v}</Link> },
              { title: t('hotPhrases'), dataIndex: 'keyPhrases', render: (v: string[]) => v.slice(0, 6).map((p) => <Tag key={p}>{p}</Tag>) },
              { title: t('hotSize'), dataIndex: 'size', align: 'right', render: (v: number, x) => <span title={`${t('hotPrevious')}: ${x.previousSize}`}>{v}</span> },
              { title: t('hotGrowth'), dataIndex: 'growth', align: 'right', render: (g: number | null) => <Tag color={g === null || g > 0.2 ? 'red' : 'default'}>{growthText(g, lang)}</Tag> },
              { title: t('hotPlaces'), key: 'places', render: (_, x) => x.places.slice(0, 3).map((p) => `${p.name}（${p.count}）`).join('、') || '—' },
              { title: t('hotUnits'), key: 'units', render: (_, x) => x.units.slice(0, 3).map((u) => `${unitName(u)}（${u.count}）`).join('、') || '—' },
              { title: t('hotHeat'), dataIndex: 'heat', align: 'right', render: (v: number) => Math.round(v) },
              ...(canReport ? [{ title: t('rpColReport'), key: 'report', fixed: 'right' as const, render: (_: unknown, x: Topic) => <TopicReportButton topicIndex={x.index} size="small" /> }] : []),
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

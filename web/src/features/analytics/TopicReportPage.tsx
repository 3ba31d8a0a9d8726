import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { useLabels } from '../../lib/meta';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { fetchTopicReport, type TopicReport } from './api';
import { growthText } from './HotspotsPage';
import { TopicReportButton } from '../reports/TopicReportButton';

/**
 * 每月一题: one topic as a report an analyst prints or attaches — what, how many, where, which units, which cases — and
 * the button that makes it a numbered topic report (xlsx, docx, pdf) on the reports page.
 */
export default function TopicReportPage() {
  const { index } = useParams();
  const { t, lang } = useI18n();
  const labels = useLabels(lang);
  const rep = useFetch(() => fetchTopicReport(Number(index)), [index]);
  if (rep.error) return <Alert type="error" message={rep.error.message} />;
  const r = rep.data;
  if (!r) return <Card loading />;
  const x = r.topic;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="topic-report">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Link to="/analytics/hotspots">← {t('hotTitle')}</Link>
        <Space wrap>
          <TopicReportButton topicIndex={x.index} />
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('bulletinPrint')}
          </Button>
        </Space>
      </Space>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('hotReport')}：{x.label}
      </Typography.Title>
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'period', label: t('hotPeriod'), children: `${fmtTime(r.periodStart)} – ${fmtTime(r.periodEnd)}` },
            { key: 'size', label: t('hotSize'), children: `${x.size}（${t('hotPrevious')} ${x.previousSize}，${growthText(x.growth, lang)}）` },
            { key: 'phrases', label: t('hotPhrases'), children: x.keyPhrases.map((p) => <Tag key={p}>{p}</Tag>) },
            { key: 'places', label: t('hotPlaces'), children: x.places.map((p) => `${p.name}（${p.count}）`).join('、') || '—' },
            { key: 'units', label: t('hotUnits'), children: x.units.map((u) => `${(lang === 'en' && u.nameEn) || u.name}（${u.count}）`).join('、') || '—' },
            { key: 'votes', label: t('hotVotes'), children: x.votes },
          ]}
        />
      </Card>
      <Card size="small" title={`${t('hotCases')}（${r.cases.length}）`}>
        <Table<TopicReport['cases'][number]>
          rowKey="id"
          size="small"
          dataSource={r.cases}
          pagination={{ pageSize: 50 }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('regNo'), dataIndex: 'regNo', render: (v: string, c) => <Link to={`/cases/${c.id}`}>{v}</Link> },
            { title: t('title'), dataIndex: 'title' },
            { title: t('status'), dataIndex: 'status', render: (s: string) => labels.status(s) },
            { title: t('hotUnits'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
            { title: t('hotPlaces'), dataIndex: 'place', render: (v: string | null) => v ?? '—' },
            { title: t('receivedAt'), dataIndex: 'receivedAt', render: fmtTime },
          ]}
        />
      </Card>
    </Space>
  );
}

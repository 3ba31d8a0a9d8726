/**
 * 领导包案 (信访工作条例 第十八条第二款): the cases in scope a leader has taken personal charge of, with status, nearest
 * deadline and overdue; per leader how many are in charge, open and overdue; and the cases registered at a reception.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { DueBadge } from '../../components/DueBadge';
import { leaderCases, type LeaderCase } from './api';

export default function LeaderCasesPage() {
  const { t, lang } = useI18n();
  const data = useFetch(() => leaderCases(), [lang]);
  const caseColumns = [
    { title: t('regNo'), key: 'regNo', width: 170, render: (_: unknown, r: LeaderCase) => <Link to={`/cases/${r.caseId}`}>{r.regNo}</Link> },
    { title: t('title'), dataIndex: 'title' },
    { title: t('rcLeader'), key: 'leader', width: 160, render: (_: unknown, r: LeaderCase) => `${r.leader.name} ${r.leader.post}` },
    { title: t('rcStatus'), key: 'status', width: 110, render: (_: unknown, r: LeaderCase) => <Tag color={r.open ? 'blue' : undefined}>{r.statusLabel}</Tag> },
    { title: t('lcDue'), key: 'due', width: 150, render: (_: unknown, r: LeaderCase) => (r.open ? <DueBadge dueAt={r.dueAt} level={r.overdue ? 'overdue' : null} /> : '—') },
    { title: t('lcSince'), key: 'since', width: 140, render: (_: unknown, r: LeaderCase) => fmtTime(r.since) },
  ];
  return (
    <div>
      <Card title={t('lcTitle')} extra={<Button icon={<ReloadOutlined />} onClick={() => void data.reload()} aria-label={t('refresh')} />}>
        <Typography.Paragraph type="secondary">{t('lcIntro')}</Typography.Paragraph>
        {data.error && <Alert type="error" showIcon message={data.error.message} />}
        <Typography.Title level={5}>{t('lcLeaders')}</Typography.Title>
        <Table
          rowKey={(r) => `${r.leader.name}/${r.leader.post}`}
          size="small"
          loading={data.loading}
          pagination={false}
          dataSource={data.data?.leaders ?? []}
          data-testid="leader-summary"
          columns={[
            { title: t('rcLeader'), key: 'leader', render: (_, r) => `${r.leader.name} ${r.leader.post}` },
            { title: t('lcCases'), dataIndex: 'cases', width: 90 },
            { title: t('lcOpen'), dataIndex: 'open', width: 90 },
            { title: t('lcOverdue'), dataIndex: 'overdue', width: 90, render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n) },
          ]}
        />
      </Card>
      <Card title={t('lcCharged')} style={{ marginTop: 16 }}>
        <Table<LeaderCase> rowKey="caseId" size="small" loading={data.loading} dataSource={data.data?.items ?? []} columns={caseColumns} scroll={{ x: 900 }} data-testid="leader-cases" />
      </Card>
      <Card title={t('lcReceived')} style={{ marginTop: 16 }}>
        <Table<LeaderCase> rowKey="caseId" size="small" loading={data.loading} dataSource={data.data?.received ?? []} columns={caseColumns} scroll={{ x: 900 }} data-testid="leader-received-cases" />
      </Card>
    </div>
  );
}

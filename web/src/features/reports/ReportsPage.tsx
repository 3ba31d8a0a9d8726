/**
 * 定期报告: request a weekly, monthly, quarterly or topic report of a unit in your scope and download it as .xlsx,
 * .docx or .pdf; the list shows every report's progress while the job generates it (docs/reports.md).
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { ReportForm } from './ReportForm';
import { ReportList } from './ReportList';
import { useReports } from './useReports';
import './reports.css';

export default function ReportsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [sp, setSp] = useSearchParams();
  const highlight = sp.get('highlight');
  const reports = useReports(lang);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="reports-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rpTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('rpIntro')}
      </Typography.Paragraph>
      <Card size="small" title={t('rpNew')}>
        <ReportForm
          onRequested={(id) => {
            message.success(t('rpQueued'));
            setSp({ highlight: id }, { replace: true });
            void reports.reload();
          }}
        />
      </Card>
      <Card
        size="small"
        title={t('rpList')}
        extra={
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void reports.reload()}>
            {t('rpRefresh')}
          </Button>
        }
      >
        {reports.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('rpLoadFailed')} description={reports.error.message} data-testid="report-list-error" />}
        <ReportList items={reports.items} loading={reports.loading} highlight={highlight} />
      </Card>
    </Space>
  );
}

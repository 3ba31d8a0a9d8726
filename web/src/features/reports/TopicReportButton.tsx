/** "生成专题报告": requests the topic report (每月一题) of a hotspot topic and opens the reports page at it. */
import { useState } from 'react';
import { FileAddOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../auth/session';
import { requestReport } from './api';

/** The report roles (src/analytics/report.ts METRIC_ROLES); others do not see the button, the server refuses them anyway. */
export const REPORT_ROLES = ['analyst', 'supervisor', 'dispatcher', 'unit_head'];

export function TopicReportButton({ topicIndex, size }: { topicIndex: number; size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  if (!hasRole(...REPORT_ROLES)) return null;
  return (
    <Button
      size={size}
      icon={<FileAddOutlined />}
      loading={busy}
      data-testid={`topic-report-${topicIndex}`}
      onClick={async () => {
        setBusy(true);
        try {
          const r = await requestReport({ kind: 'topic', topicIndex });
          message.success(t('rpTopicQueued'));
          navigate(`/analytics/reports?highlight=${r.id}`);
        } catch (e) {
          message.error(`${t('rpRequestFailed')}：${(e as Error).message}`);
          setBusy(false);
        }
      }}
    >
      {t('rpTopicReport')}
    </Button>
  );
}

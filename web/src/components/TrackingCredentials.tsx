import type { ReactNode } from 'react';
import { Descriptions, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';

/** The tracking code and secret shown once, copyable, for the citizen to keep (before them, e.g., the 登记编号). */
export function TrackingCredentials({ code, secret, testId, before, after }: { code: string; secret: string; testId: { code: string; secret: string; list?: string }; before?: ReactNode; after?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Descriptions bordered column={1} size="middle" data-testid={testId.list}>
      {before}
      <Descriptions.Item label={t('trackingCode')}>
        <Typography.Text className="ms-secret" copyable data-testid={testId.code}>
          {code}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('trackingSecret')}>
        <Typography.Text className="ms-secret" copyable data-testid={testId.secret}>
          {secret}
        </Typography.Text>
      </Descriptions.Item>
      {after}
    </Descriptions>
  );
}

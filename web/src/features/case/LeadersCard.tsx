/** 包案 on the case page (信访工作条例 第十八条第二款): the leader in charge and the receiving leader; take or release as the server allows. */
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { fmtDate, fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { caseLeaders, chargeAction } from '../reception/api';

export function LeadersCard({ caseId, onChanged }: { caseId: string; onChanged(): void }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const view = useFetch(() => caseLeaders(caseId), [caseId]);
  const [error, setError] = useState<string | null>(null);
  const act = (action: 'take' | 'release') =>
    modal.confirm({
      title: t(action === 'take' ? 'takeCharge' : 'releaseCharge'),
      content: t(action === 'take' ? 'takeChargeConfirm' : 'releaseConfirm'),
      okText: t('confirm'),
      cancelText: t('cancel'),
      onOk: async () => {
        setError(null);
        try {
          view.setData(await chargeAction(caseId, action));
          message.success(`${t(action === 'take' ? 'takeCharge' : 'releaseCharge')}：${t('done')}`);
          onChanged();
        } catch (e) {
          setError((e as Error).message);
          void view.reload();
        }
      },
    });
  const v = view.data;
  return (
    <div data-testid="case-leaders">
      {(error ?? view.error?.message) && <Alert type="error" showIcon message={error ?? view.error?.message} style={{ marginBottom: 8 }} />}
      {v && (
        <>
          <Descriptions size="small" column={1} styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('leaderInCharge')}>
              <span data-testid="leader-in-charge">
                {v.charge ? (
                  <>
                    {v.charge.name} {v.charge.post}
                    {v.charge.mine && ` ${t('leaderMine')}`}
                    <Typography.Text type="secondary"> · {fmtTime(v.charge.since)}</Typography.Text>
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('leaderNone')}</Typography.Text>
                )}
              </span>
            </Descriptions.Item>
            {v.receivedBy && (
              <Descriptions.Item label={t('leaderReceived')}>
                <span data-testid="leader-received">
                  {v.receivedBy.name} {v.receivedBy.post}
                  <Typography.Text type="secondary">
                    {' '}
                    · {fmtDate(v.receivedBy.day)} {v.receivedBy.place}
                  </Typography.Text>
                </span>
              </Descriptions.Item>
            )}
          </Descriptions>
          {v.allowedActions.length > 0 && (
            <Space wrap>
              {v.allowedActions.includes('take_charge') && (
                <Button type="primary" onClick={() => act('take')} data-testid="take-charge">
                  {t('takeCharge')}
                </Button>
              )}
              {v.allowedActions.includes('release_charge') && (
                <Button onClick={() => act('release')} data-testid="release-charge">
                  {t('releaseCharge')}
                </Button>
              )}
            </Space>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {v.basis}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}

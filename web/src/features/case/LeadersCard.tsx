/** 包案 on the case page (信访工作条例 第十八条第二款): the leader in charge and the receiving leader; take or release as the server allows. */
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { clean, textRules, useFormSubmit } from '../../lib/forms';
import { fmtDate, fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { FormAlerts } from '../../components/FormAlerts';
import { caseLeaders, chargeAction } from '../reception/api';

export function LeadersCard({ caseId, onChanged }: { caseId: string; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const view = useFetch(() => caseLeaders(caseId), [caseId]);
  const [action, setAction] = useState<'take' | 'release' | null>(null);
  const [form] = Form.useForm();
  const { busy, alerts, setAlerts, submit } = useFormSubmit(form, t('fixFields'));
  const label = (a: 'take' | 'release') => t(a === 'take' ? 'takeCharge' : 'releaseCharge');
  const open = (a: 'take' | 'release') => {
    form.resetFields();
    setAlerts([]);
    setAction(a);
  };
  const run = () =>
    action &&
    submit(async () => {
      try {
        view.setData(await chargeAction(caseId, action, clean(form.getFieldsValue())));
      } catch (e) {
        void view.reload(); // another leader may have taken it meanwhile: show who
        throw e;
      }
      message.success(`${label(action)}：${t('done')}`);
      setAction(null);
      onChanged();
    });
  const v = view.data;
  return (
    <div data-testid="case-leaders">
      {view.error && <Alert type="error" showIcon message={view.error.message} style={{ marginBottom: 8 }} />}
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
                <Button type="primary" onClick={() => open('take')} data-testid="take-charge">
                  {t('takeCharge')}
                </Button>
              )}
              {v.allowedActions.includes('release_charge') && (
                <Button onClick={() => open('release')} data-testid="release-charge">
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
      <Modal
        open={!!action}
        title={action ? label(action) : ''}
        onCancel={() => setAction(null)}
        onOk={run}
        okText={t('confirm')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        forceRender
        okButtonProps={{ 'data-testid': 'charge-submit' } as never}
      >
        <Typography.Paragraph>{action && t(action === 'take' ? 'takeChargeConfirm' : 'releaseConfirm')}</Typography.Paragraph>
        <FormAlerts alerts={alerts} />
        <Form form={form} layout="vertical" data-testid="charge-form">
          {action === 'take' && (
            <Form.Item name="post" label={`${t('f_post')}（${t('optional')}）`} extra={t('chargePostHelp')} rules={textRules(t, { max: 100 })}>
              <Input maxLength={100} />
            </Form.Item>
          )}
          <Form.Item name="note" label={`${t('f_note')}（${t('optional')}）`} rules={textRules(t, { max: 500 })}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { applyServerErrors, clean, textRules } from '../../lib/forms';
import { useLabels } from '../../lib/meta';
import { fmtTime } from '../../lib/time';
import { DueBadge } from '../../components/DueBadge';
import { StatusTag } from '../../components/StatusTag';
import { CaseTimeline } from '../case/CaseTimeline';
import { citizenAction, lookup, withdrawConsent, type CitizenView, type Credentials } from './api';
import { CitizenDocuments } from './CitizenDocuments';

const CITIZEN_ACTIONS: Record<string, 'evaluateBtn' | 'reviewBtn' | 'rereviewBtn'> = { evaluate: 'evaluateBtn', request_review: 'reviewBtn', request_rereview: 'rereviewBtn' };

export function LookupPage() {
  const { t, tx, lang } = useI18n();
  const labels = useLabels(lang);
  const { message, modal } = App.useApp();
  const location = useLocation();
  const [form] = Form.useForm();
  const [actionForm] = Form.useForm();
  const [creds, setCreds] = useState<Credentials | null>(null);
  const [view, setView] = useState<CitizenView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [action, setAction] = useState<string | null>(null);
  const [actionAlerts, setActionAlerts] = useState<string[]>([]);

  const run = async (c: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      setView(await lookup(c));
      setCreds(c);
    } catch (e) {
      setError((e as Error).message);
      setView(null);
    } finally {
      setBusy(false);
    }
  };

  // arriving from the submit page: look it up at once (the secret travels in memory, never in the URL)
  useEffect(() => {
    const s = location.state as Credentials | null;
    if (s?.code && s.secret) {
      form.setFieldsValue(s);
      void run(s);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // the view's labels come from the server in the UI language
  useEffect(() => {
    if (creds) void run(creds);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);

  const doAction = async () => {
    if (!action || !creds) return;
    setActionAlerts([]);
    try {
      await actionForm.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const v = await citizenAction(action, creds, clean(actionForm.getFieldsValue()));
      setView(v);
      message.success(action === 'evaluate' ? t('thanksEvaluation') : t('reviewRequested'));
      setAction(null);
    } catch (e) {
      setActionAlerts(applyServerErrors(actionForm, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  if (!view)
    return (
      <Card title={t('lookupTitle')}>
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} data-testid="lookup-error" />}
        <Form form={form} layout="vertical" onFinish={(v: Credentials) => void run({ code: v.code.trim(), secret: v.secret.trim() })} data-testid="lookup-form">
          <Form.Item name="code" label={t('trackingCode')} extra={t('codeHelp')} rules={textRules(t, { required: true, min: 6, max: 20 })}>
            <Input autoFocus autoComplete="off" autoCapitalize="characters" size="large" />
          </Form.Item>
          <Form.Item name="secret" label={t('trackingSecret')} rules={textRules(t, { required: true, min: 4, max: 20 })}>
            <Input.Password autoComplete="off" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="lookup-submit">
            {t('lookupNow')}
          </Button>
        </Form>
      </Card>
    );

  const actions = view.allowedActions.filter((a) => CITIZEN_ACTIONS[a]);
  return (
    <div>
      <Card>
        <Typography.Text type="secondary">
          {t('trackingCode')}: {view.trackingCode}
        </Typography.Text>
        <Typography.Title level={4} style={{ margin: '4px 0 8px' }}>
          {view.title}
        </Typography.Title>
        <Space wrap>
          <span data-testid="citizen-status">
            <StatusTag status={view.status} />
          </span>
          <Tag>{tx(`kind_${view.kind}`)}</Tag>
          {view.evaluation && <Tag color="blue">{t('evaluation')}: {tx(`rating_${view.evaluation}`, view.evaluation)}</Tag>}
        </Space>
        <Typography.Paragraph className="ms-pre" style={{ marginTop: 12 }}>
          {view.content}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          {t('receivedAt')}: {fmtTime(view.receivedAt)}
        </Typography.Text>
        {actions.length > 0 && (
          <Space wrap style={{ display: 'flex', marginTop: 16 }} data-testid="citizen-actions">
            {actions.map((a, i) => (
              <Button
                key={a}
                type={i === 0 ? 'primary' : 'default'}
                size="large"
                data-action={a}
                onClick={() => {
                  actionForm.resetFields();
                  setActionAlerts([]);
                  setAction(a);
                }}
              >
                {t(CITIZEN_ACTIONS[a]!)}
              </Button>
            ))}
          </Space>
        )}
      </Card>

      {view.deadlines.length > 0 && (
        <Card title={t('deadlines')} size="small" style={{ marginTop: 12 }}>
          <Descriptions column={1} size="small">
            {view.deadlines.map((d, i) => (
              <Descriptions.Item key={i} label={tx(`rule_${d.rule}`, d.rule)}>
                <Space wrap>
                  {fmtTime(d.dueAt)}
                  <DueBadge dueAt={d.dueAt} level={null} paused={d.status === 'paused'} />
                </Space>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}

      <Card title={t('reply')} size="small" style={{ marginTop: 12 }} data-testid="citizen-reply">
        {view.reply ? (
          <Descriptions column={1} size="small" layout="vertical" bordered>
            <Descriptions.Item label={t('f_decision')}>{tx(`dec_${view.reply.decision}`, view.reply.decision)}</Descriptions.Item>
            <Descriptions.Item label={t('f_facts')}>
              <span className="ms-pre">{view.reply.facts}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('f_reasons')}>
              <span className="ms-pre">{view.reply.reasons}</span>
            </Descriptions.Item>
            {view.reply.legalBasis && <Descriptions.Item label={t('f_legalBasis')}>{view.reply.legalBasis}</Descriptions.Item>}
            <Descriptions.Item label={t('f_text')}>
              <span className="ms-pre">{view.reply.text}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('repliedAt')}>{fmtTime(view.reply.repliedAt)}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('noReply')}</Typography.Text>
        )}
      </Card>

      {creds && (
        <Card title={t('myDocuments')} size="small" style={{ marginTop: 12 }}>
          <CitizenDocuments creds={creds} />
        </Card>
      )}
      {view.publishConsent && (
        <Card title={t('consentTitle')} size="small" style={{ marginTop: 12 }} data-testid="citizen-consent">
          <Space wrap>
            <Typography.Text>
              {view.publishConsent.consent ? t('consentYes') : view.publishConsent.withdrawnAt ? t('consentWithdrawn', { at: fmtTime(view.publishConsent.withdrawnAt) }) : t('consentNo')}
            </Typography.Text>
            {view.publishConsent.consent && creds && (
              <Button
                danger
                data-testid="consent-withdraw"
                loading={busy}
                onClick={() =>
                  modal.confirm({
                    title: t('consentWithdraw'),
                    content: t('consentWithdrawConfirm'),
                    okText: t('consentWithdraw'),
                    okButtonProps: { danger: true, 'data-testid': 'consent-withdraw-ok' } as never,
                    cancelText: t('cancel'),
                    onOk: async () => {
                      await withdrawConsent(creds);
                      message.success(t('consentWithdrawDone'));
                      await run(creds);
                    },
                  })
                }
              >
                {t('consentWithdraw')}
              </Button>
            )}
          </Space>
        </Card>
      )}

      <Card title={t('timeline')} size="small" style={{ marginTop: 12 }}>
        <CaseTimeline events={view.timeline.map((e) => ({ ...e, actor: null }))} citizen />
      </Card>

      <Button
        style={{ marginTop: 12 }}
        onClick={() => {
          setView(null);
          setCreds(null);
          form.resetFields();
        }}
      >
        {t('lookupAnother')}
      </Button>

      <Modal
        open={!!action}
        title={action ? t(CITIZEN_ACTIONS[action]!) : ''}
        onCancel={() => setAction(null)}
        onOk={doAction}
        okText={t('submit')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        forceRender
        okButtonProps={{ 'data-testid': 'citizen-action-submit' } as never}
      >
        {action && action !== 'evaluate' && <Typography.Paragraph type="secondary">{t(action === 'request_review' ? 'reviewHelp' : 'rereviewHelp')}</Typography.Paragraph>}
        {actionAlerts.length > 0 && <Alert type="error" showIcon role="alert" message={actionAlerts[0]} description={actionAlerts.slice(1).join('；') || undefined} style={{ marginBottom: 12 }} />}
        <Form form={actionForm} layout="vertical">
          {action === 'evaluate' ? (
            <>
              <Form.Item name="rating" label={t('f_rating')} rules={[{ required: true, message: t('required') }]}>
                <Radio.Group options={['satisfied', 'basically_satisfied', 'dissatisfied'].map((r) => ({ value: r, label: tx(`rating_${r}`) }))} optionType="button" size="large" />
              </Form.Item>
              <Form.Item name="comment" label={t('f_comment')} rules={textRules(t, { max: 2000 })}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="reason" label={t('f_reason')} rules={textRules(t, { required: true, min: 2, max: 4000 })}>
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <span hidden>{labels.status(view.status)}</span>
    </div>
  );
}

import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Radio, Result, Select, Switch, Timeline, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { applyServerErrors, clean, textRules } from '../../lib/forms';
import { fetchCategories } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';
import { phoneRule } from '../register/RegisterPage';
import { submitMatter, uploadCitizenFiles, type Submitted } from './api';
import { ACCEPT } from '../case/AttachmentsCard';
import { FilePicker } from '../../components/FilePicker';
import { TrackingCredentials } from '../../components/TrackingCredentials';

const KINDS = ['appeal', 'suggestion', 'accusation'];
/** how the citizen is told of acceptance, extension and the decision (第二十三条; src/notifications/channel.ts) */
const NOTIFY = ['sms', 'email', 'post', 'none'] as const;
type NotifyChannel = (typeof NOTIFY)[number];

export function SubmitPage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [done, setDone] = useState<(Submitted & { uploaded: number; uploadError?: string }) | null>(null);
  const files = useRef<HTMLInputElement>(null);
  const categories = useFetch(() => fetchCategories(lang), [lang]);
  const anonymous = Form.useWatch('anonymous', form);
  const categoryId = Form.useWatch('categoryId', form);
  const notify = Form.useWatch('notifyChannel', form) as NotifyChannel | undefined;
  const kind = Form.useWatch('kind', form);
  const catOptions = useMemo(() => (categories.data ?? []).map((c) => ({ value: c.id, label: c.name, kind: c.kind })), [categories.data]);

  const submit = async () => {
    setAlerts([]);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const v = form.getFieldsValue(true) as Record<string, unknown> & { name?: string; phone?: string; email?: string; address?: string; notifyChannel?: NotifyChannel };
    setBusy(true);
    try {
      const r = await submitMatter(
        clean({
          categoryId: v.categoryId,
          kind: v.kind,
          title: v.title,
          content: v.content,
          location: v.location,
          anonymous: !!v.anonymous,
          petitioner: v.anonymous
            ? undefined
            : {
                name: v.name,
                phone: v.phone,
                notifyChannel: v.notifyChannel,
                email: v.notifyChannel === 'email' ? v.email : undefined,
                address: v.notifyChannel === 'post' ? v.address : undefined,
              },
          // 问政回复: default no; an accusation is never published, so it is not asked
          publishConsent: v.kind === 'accusation' ? false : !!v.publishConsent,
        }),
      );
      // files go up once the case exists, with the code and secret just issued
      const picked = [...(files.current?.files ?? [])];
      let uploadError: string | undefined;
      if (picked.length) {
        try {
          await uploadCitizenFiles({ code: r.trackingCode, secret: r.trackingSecret }, picked);
        } catch (e) {
          uploadError = (e as Error).message;
        }
      }
      setDone({ ...r, uploaded: uploadError ? 0 : picked.length, uploadError });
      window.scrollTo(0, 0);
    } catch (e) {
      // the server names petitioner.name / petitioner.phone; this form shows them as name / phone
      const err = e as { issues?: Array<{ field: string; message: string }> };
      if (err.issues) for (const i of err.issues) i.field = i.field.replace(/^petitioner\./, '');
      setAlerts(applyServerErrors(form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <Card>
        <Result status="success" title={t('submitted')} subTitle={t('keepCredentials')} style={{ padding: '16px 0' }} />
        <TrackingCredentials code={done.trackingCode} secret={done.trackingSecret} testId={{ list: 'portal-credentials', code: 'portal-code', secret: 'portal-secret' }} />
        {done.uploaded > 0 && <Alert style={{ marginTop: 12 }} type="success" showIcon message={t('uploaded', { n: done.uploaded })} />}
        {done.uploadError && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={done.uploadError} />}
        <Typography.Title level={4} style={{ marginTop: 24 }}>
          {t('whatNext')}
        </Typography.Title>
        <Timeline
          items={[
            { children: t('next1', { d: done.next.routeWithinDays }) },
            { children: t('next2') },
            { children: t('next3') },
            { children: t('next4') },
          ]}
        />
        <Button type="primary" onClick={() => navigate('/portal/lookup', { state: { code: done.trackingCode, secret: done.trackingSecret } })}>
          {t('lookupNow')}
        </Button>
      </Card>
    );

  return (
    <Card title={t('portalSubmit')}>
      {alerts.length > 0 && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={alerts[0]} description={alerts.slice(1).join('；') || undefined} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ anonymous: false, notifyChannel: 'sms', publishConsent: false }}
        onValuesChange={(changed: Record<string, unknown>) => {
          if ('categoryId' in changed) {
            const k = catOptions.find((c) => c.value === changed.categoryId)?.kind;
            if (k) form.setFieldValue('kind', k);
          }
        }}
        data-testid="portal-form"
      >
        {catOptions.length > 0 && (
          <Form.Item name="categoryId" label={t('category')}>
            <Select showSearch optionFilterProp="label" allowClear options={catOptions} />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('kind')} extra={t('kindHelp')} rules={[{ required: !categoryId, message: t('needKind') }]}>
          <Radio.Group options={KINDS.map((k) => ({ value: k, label: t(`kind_${k}` as never) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('title')} rules={textRules(t, { required: true, min: 2, max: 200 })}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="content" label={t('content')} rules={textRules(t, { required: true, min: 5, max: 20000 })}>
          <Input.TextArea rows={6} maxLength={20000} showCount />
        </Form.Item>
        <Form.Item name="location" label={t('location')} rules={[{ max: 500, message: t('maxChars', { n: 500 }) }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item label={`${t('attachments')}（${t('optional')}）`}>
          <FilePicker inputRef={files} accept={ACCEPT} label={t('attachments')} />
        </Form.Item>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600, marginBottom: 8 }}>{t('contactInfo')}</legend>
          <Form.Item name="anonymous" valuePropName="checked" label={t('anonymousSubmit')}>
            <Switch />
          </Form.Item>
          {!anonymous && (
            <>
              <Form.Item name="name" label={t('yourName')} rules={textRules(t, { required: true, max: 100 })}>
                <Input autoComplete="name" />
              </Form.Item>
              <Form.Item name="phone" label={t('yourPhone')} rules={[phoneRule(t), { required: notify === 'sms', message: t('needPhoneForSms') }]}>
                <Input inputMode="tel" autoComplete="tel" />
              </Form.Item>
              <Form.Item name="notifyChannel" label={t('notifyChannel')} extra={t('notifyHelp')}>
                <Radio.Group options={NOTIFY.map((c) => ({ value: c, label: t(`notify_${c}`) }))} data-testid="portal-notify" />
              </Form.Item>
              {notify === 'email' && (
                <Form.Item name="email" label={t('yourEmail')} rules={[{ required: true, message: t('required') }, { type: 'email', message: t('emailInvalid') }]}>
                  <Input type="email" inputMode="email" autoComplete="email" />
                </Form.Item>
              )}
              {notify === 'post' && (
                <Form.Item name="address" label={t('yourAddress')} rules={textRules(t, { required: true, min: 5, max: 500 })}>
                  <Input autoComplete="street-address" maxLength={500} />
                </Form.Item>
              )}
            </>
          )}
        </fieldset>
        {kind !== 'accusation' && (
          <Form.Item name="publishConsent" valuePropName="checked">
            <Checkbox data-testid="portal-publish-consent">{t('publishConsent')}</Checkbox>
          </Form.Item>
        )}
        <Button type="primary" size="large" block onClick={submit} loading={busy} data-testid="portal-submit">
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}

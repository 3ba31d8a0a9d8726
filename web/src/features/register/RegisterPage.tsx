import { useMemo, useRef, useState } from 'react';
import { CopyOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Result, Row, Select, Space, Switch, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { pickedTime } from '../../lib/time';
import { Link } from 'react-router-dom';
import { useI18n, type T } from '../../i18n/i18n';
import { ApiError, post } from '../../lib/api';
import { applyServerErrors, clean, textRules } from '../../lib/forms';
import { fetchCategories } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';
import { uploadAttachments } from '../case/api';
import { ACCEPT } from '../case/AttachmentsCard';
import { FilePicker } from '../../components/FilePicker';
import { IntakeSuggestions } from './IntakeSuggestions';

const CHANNELS = ['phone', 'letter', 'visit', 'email', 'fax', 'hotline', 'web'];
const KINDS = ['appeal', 'suggestion', 'accusation'];

interface Registered {
  id: string;
  regNo: string;
  trackingCode: string;
  trackingSecret: string;
  status: string;
}

// the same patterns as the server's zod schema (src/cases/register-case.ts)
export const phoneRule = (t: T): Rule => ({ pattern: /^[0-9+\-() ]{5,20}$/, message: t('phoneInvalid') });
export const idRule = (t: T): Rule => ({ pattern: /^(\d{17}[\dXx]|\d{15})$/, message: t('idInvalid') });

export function PersonFields({ prefix, t, autoFocus }: { prefix: (string | number)[]; t: T; autoFocus?: boolean }) {
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12} md={6}>
        <Form.Item name={[...prefix, 'name']} label={t('name')} rules={textRules(t, { required: true, max: 100 })}>
          <Input autoFocus={autoFocus} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12} md={6}>
        <Form.Item name={[...prefix, 'phone']} label={t('phone')} rules={[phoneRule(t)]}>
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12} md={6}>
        <Form.Item name={[...prefix, 'idNumber']} label={t('idNumber')} rules={[idRule(t)]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12} md={6}>
        <Form.Item name={[...prefix, 'address']} label={t('address')} rules={[{ max: 500 }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
    </Row>
  );
}

export default function RegisterPage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [done, setDone] = useState<{ r: Registered; uploadError?: string; uploaded: number } | null>(null);
  const files = useRef<HTMLInputElement>(null);
  const categories = useFetch(() => fetchCategories(lang), [lang]);
  const anonymous = Form.useWatch('anonymous', form);
  const collective = Form.useWatch('collective', form);
  const categoryId = Form.useWatch('categoryId', form);
  const typedTitle = Form.useWatch('title', form);
  const typedContent = Form.useWatch('content', form);
  const typedLocation = Form.useWatch('location', form);
  const catOptions = useMemo(() => (categories.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${t(`kind_${c.kind}` as never)}）`, kind: c.kind })), [categories.data, t]);

  const submit = async () => {
    setAlerts([]);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const v = form.getFieldsValue(true) as Record<string, unknown> & { receivedAt?: Dayjs };
    const body = clean({
      channel: v.channel,
      kind: v.kind,
      categoryId: v.categoryId,
      title: v.title,
      content: v.content,
      location: v.location,
      oral: !!v.oral,
      anonymous: !!v.anonymous,
      collective: !!v.collective,
      headcount: v.collective ? v.headcount : undefined,
      petitioner: !v.anonymous && !v.collective ? v.petitioner : undefined,
      representatives: !v.anonymous && v.collective ? v.representatives : [],
      receivedAt: v.receivedAt ? pickedTime(v.receivedAt) : undefined, // the wall-clock time picked is CST
      // 问政回复: asked of the citizen at intake, default no; never for an accusation
      publishConsent: v.kind === 'accusation' ? false : !!v.publishConsent,
    });
    setBusy(true);
    try {
      const r = await post<Registered>('/api/cases', body);
      const picked = [...(files.current?.files ?? [])];
      let uploadError: string | undefined;
      if (picked.length) {
        try {
          await uploadAttachments(r.id, picked);
        } catch (e) {
          uploadError = e instanceof ApiError ? e.message : String(e);
        }
      }
      setDone({ r, uploadError, uploaded: uploadError ? 0 : picked.length });
    } catch (e) {
      setAlerts(applyServerErrors(form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <Card>
        <Result
          status="success"
          title={t('registered')}
          subTitle={t('tellCitizen')}
          extra={[
            <Link key="open" to={`/cases/${done.r.id}`}>
              <Button type="primary">{t('openCase')}</Button>
            </Link>,
            <Button
              key="again"
              onClick={() => {
                setDone(null);
                form.resetFields();
              }}
            >
              {t('registerAnother')}
            </Button>,
          ]}
        >
          <Descriptions bordered column={1} size="middle" data-testid="registered">
            <Descriptions.Item label={t('regNo')}>
              <Typography.Text className="ms-secret" copyable data-testid="reg-no">
                {done.r.regNo}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('trackingCode')}>
              <Typography.Text className="ms-secret" copyable={{ icon: <CopyOutlined /> }} data-testid="tracking-code">
                {done.r.trackingCode}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('trackingSecret')}>
              <Typography.Text className="ms-secret" copyable data-testid="tracking-secret">
                {done.r.trackingSecret}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {done.uploaded > 0 && <Alert style={{ marginTop: 12 }} type="success" showIcon message={t('uploaded', { n: done.uploaded })} />}
          {done.uploadError && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('attachmentsFailed', { m: done.uploadError })} />}
        </Result>
      </Card>
    );

  return (
    <Card title={t('registerTitle')}>
      {alerts.length > 0 && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={alerts[0]} description={alerts.slice(1).join('；') || undefined} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ channel: 'phone', oral: true, anonymous: false, collective: false, publishConsent: false, representatives: [{}] }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        onValuesChange={(changed: Record<string, unknown>) => {
          if ('channel' in changed) form.setFieldValue('oral', changed.channel === 'phone' || changed.channel === 'visit' || changed.channel === 'hotline');
          if ('categoryId' in changed) {
            const k = catOptions.find((c) => c.value === changed.categoryId)?.kind;
            if (k) form.setFieldValue('kind', k);
          }
        }}
        data-testid="register-form"
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="channel" label={t('channel')} rules={[{ required: true, message: t('required') }]}>
              <Radio.Group optionType="button" options={CHANNELS.map((c) => ({ value: c, label: t(`channel_${c}` as never) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="receivedAt" label={`${t('receivedAt')}（${t('optional')}）`}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="oral" valuePropName="checked" label=" ">
              <Checkbox>{t('oral')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Space size="large" wrap>
          <Form.Item name="anonymous" valuePropName="checked" label={t('anonymous')}>
            <Switch />
          </Form.Item>
          <Form.Item name="collective" valuePropName="checked" label={t('collective')}>
            <Switch disabled={!!anonymous} />
          </Form.Item>
          <Form.Item name="publishConsent" valuePropName="checked" label={t('consentTitle')}>
            <Checkbox data-testid="register-publish-consent">{t('publishConsentStaff')}</Checkbox>
          </Form.Item>
          {collective && !anonymous && (
            <Form.Item name="headcount" label={t('headcount')} rules={[{ type: 'integer', min: 2, max: 100000, message: '≥ 2' }]}>
              <InputNumber min={2} max={100000} />
            </Form.Item>
          )}
        </Space>
        {!anonymous && !collective && (
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend style={{ fontWeight: 600, marginBottom: 8 }}>{t('petitioner')}</legend>
            <PersonFields prefix={['petitioner']} t={t} autoFocus />
          </fieldset>
        )}
        {!anonymous && collective && (
          <Form.List
            name="representatives"
            rules={[
              {
                validator: async (_, reps: unknown[] | undefined) => {
                  if (!reps || reps.length < 1) throw new Error(t('needPetitioner'));
                  if (reps.length > 5) throw new Error(t('maxReps'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend style={{ fontWeight: 600, marginBottom: 8 }}>{t('representatives')}</legend>
                {fields.map((f, i) => (
                  <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                    <div style={{ flex: 1 }}>
                      <PersonFields prefix={[f.name]} t={t} autoFocus={i === fields.length - 1 && i > 0} />
                    </div>
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label={`${t('remove')} ${i + 1}`} onClick={() => remove(f.name)} style={{ marginTop: 30 }} disabled={fields.length <= 1} />
                  </div>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 5}>
                  {t('addRepresentative')} ({fields.length}/5)
                </Button>
                <Form.ErrorList errors={errors} />
              </fieldset>
            )}
          </Form.List>
        )}
        <Row gutter={12} style={{ marginTop: 8 }}>
          <Col xs={24} md={12}>
            <Form.Item name="categoryId" label={t('category')}>
              <Select showSearch optionFilterProp="label" allowClear options={catOptions} loading={categories.loading} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('kind')} rules={[{ required: !categoryId, message: t('needKind') }]}>
              <Radio.Group optionType="button" options={KINDS.map((k) => ({ value: k, label: t(`kind_${k}` as never) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('title')} rules={textRules(t, { required: true, min: 2, max: 200 })}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="content" label={t('content')} rules={textRules(t, { required: true, min: 5, max: 20000 })}>
          <Input.TextArea rows={6} maxLength={20000} showCount />
        </Form.Item>
        <Form.Item name="location" label={t('location')} rules={[{ max: 500, message: t('maxChars', { n: 500 }) }]}>
          <Input maxLength={500} />
        </Form.Item>
        <IntakeSuggestions
          title={typedTitle}
          content={typedContent}
          location={typedLocation}
          categoryId={categoryId}
          onUseCategory={(id) => {
            form.setFieldsValue({ categoryId: id, kind: catOptions.find((c) => c.value === id)?.kind });
          }}
        />
        <Form.Item label={`${t('attachments')}（${t('attachmentsAfter')}）`}>
          <FilePicker inputRef={files} accept={ACCEPT} label={t('attachments')} />
        </Form.Item>
        <Space>
          <Button type="primary" onClick={submit} loading={busy} data-testid="register-submit">
            {t('submit')}
          </Button>
          <Typography.Text type="secondary">{t('ctrlEnter')}</Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}

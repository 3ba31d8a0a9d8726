import { useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Modal, Select, Table, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { get, put } from '../../lib/api';
import { applyServerErrors } from '../../lib/forms';
import { invalidate, type ClockRule, type ClockRules } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';

export function ClockRulesPage() {
  const { t, tx, lang } = useI18n();
  const { message } = App.useApp();
  const rules = useFetch(() => get<ClockRules>('/api/admin/clock-rules'), []);
  const [editing, setEditing] = useState<ClockRule | null>(null);
  const [form] = Form.useForm();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const w = rules.data?.warnings;

  const save = async () => {
    if (!editing) return;
    setAlerts([]);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await put(`/api/admin/clock-rules/${editing.key}`, form.getFieldsValue());
      invalidate('clock-rules');
      message.success(t('saved'));
      setEditing(null);
      await rules.reload();
    } catch (e) {
      setAlerts(applyServerErrors(form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('navClockRules')} size="small">
      {w && (
        <Typography.Paragraph type="secondary">
          {t('warningPoints', { f: w.fractions.map((f) => `${Math.round(f * 100)}%`).join('、'), h: w.beforeHours.map((h) => t('hours', { n: h })).join('、') })}
        </Typography.Paragraph>
      )}
      {rules.error && <Alert type="error" showIcon message={rules.error.message} />}
      <Table<ClockRule>
        rowKey="key"
        size="small"
        loading={rules.loading}
        dataSource={rules.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('ruleKey'), dataIndex: 'key', width: 150, render: (k: string) => <code>{k}</code> },
          { title: t('title'), key: 'desc', render: (_, r) => (lang === 'zh' ? r.descriptionZh : r.descriptionEn) },
          { title: t('amount'), key: 'amount', width: 120, render: (_, r) => `${r.amount} ${tx(`pu_${r.unit}`, r.unit)}` },
          { title: t('source'), dataIndex: 'source', render: (s: string) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s}</Typography.Text> },
          {
            title: '',
            key: 'edit',
            width: 80,
            render: (_, r) => (
              <Button
                size="small"
                onClick={() => {
                  setAlerts([]);
                  form.setFieldsValue({ amount: r.amount, unit: r.unit });
                  setEditing(r);
                }}
                aria-label={`${t('edit')} ${r.key}`}
              >
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={!!editing} title={`${t('edit')}: ${editing?.key ?? ''}`} onCancel={() => setEditing(null)} onOk={save} confirmLoading={busy} okText={t('save')} forceRender>
        {alerts.length > 0 && <Alert type="error" showIcon message={alerts[0]} description={alerts.slice(1).join('；') || undefined} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="amount" label={t('amount')} rules={[{ required: true, message: t('required') }, { type: 'integer', min: 1, max: 3650, message: '1–3650' }]}>
            <InputNumber min={1} max={3650} precision={0} autoFocus />
          </Form.Item>
          <Form.Item name="unit" label={t('periodUnit')} rules={[{ required: true, message: t('required') }]}>
            <Select options={['day', 'workday', 'hour'].map((u) => ({ value: u, label: tx(`pu_${u}`, u) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { api, get, post, put } from '../../lib/api';
import { applyServerErrors, clean, textRules } from '../../lib/forms';
import { fetchCategories } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';
import { DECISIONS } from '../case/actionSpecs';

export interface ReplyTemplate {
  id: string;
  title: string;
  categoryId: string | null;
  decision: string | null;
  body: string;
  active: boolean;
}

const ALL_DECISIONS = [...new Set(Object.values(DECISIONS).flat())];

/** Reply templates (答复模板): offered in the draft_reply form, filling the reply text. */
export function TemplatesPage() {
  const { t, tx, lang } = useI18n();
  const { message } = App.useApp();
  const list = useFetch(() => get<{ items: ReplyTemplate[] }>('/api/templates', { all: true }).then((r) => r.items), []);
  const cats = useFetch(() => fetchCategories(lang), [lang]);
  const [editing, setEditing] = useState<ReplyTemplate | 'new' | null>(null);
  const [showInactive, setShowInactive] = useState(false);
  const [form] = Form.useForm();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const rows = (list.data ?? []).filter((x) => showInactive || x.active);
  const catName = (id: string | null) => (id ? (cats.data?.find((c) => c.id === id)?.name ?? id) : t('anyValue'));
  // the form stays mounted (forceRender): every opening starts from these values
  const open = (x: ReplyTemplate | 'new') => {
    setAlerts([]);
    setEditing(x);
    form.resetFields();
    if (x !== 'new') form.setFieldsValue({ title: x.title, categoryId: x.categoryId ?? undefined, decision: x.decision ?? undefined, body: x.body });
  };

  const submit = async () => {
    setAlerts([]);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const v = clean(form.getFieldsValue()) as Record<string, unknown>;
      const body = { title: v.title, body: v.body, categoryId: v.categoryId ?? null, decision: v.decision ?? null };
      if (editing === 'new') await post('/api/templates', body);
      else if (editing) await put(`/api/templates/${editing.id}`, body);
      setEditing(null);
      message.success(t('saved'));
      await list.reload();
    } catch (e) {
      setAlerts(applyServerErrors(form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (x: ReplyTemplate) => {
    try {
      if (x.active) await api('DELETE', `/api/templates/${x.id}`);
      else await put(`/api/templates/${x.id}`, { active: true });
      message.success(t('saved'));
      await list.reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Card
      title={t('navTemplates')}
      size="small"
      extra={
        <Space>
          <Space size={4}>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} aria-label={t('showInactive')} />
            <span>{t('showInactive')}</span>
          </Space>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="new-template">
            {t('newTemplate')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('templatesHelp')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<ReplyTemplate>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        scroll={{ x: 720 }}
        columns={[
          { title: t('templateTitle'), dataIndex: 'title', width: 200 },
          { title: t('category'), dataIndex: 'categoryId', width: 140, render: (id: string | null) => catName(id) },
          { title: t('f_decision'), dataIndex: 'decision', width: 120, render: (d: string | null) => (d ? tx(`dec_${d}`, d) : t('anyValue')) },
          { title: t('templateBody'), dataIndex: 'body', ellipsis: true },
          { title: t('active'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? t('yes') : <Tag>{t('deactivated')}</Tag>) },
          {
            title: t('actions'),
            key: 'actions',
            width: 140,
            render: (_, x) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(x)}>
                  {t('edit')}
                </Button>
                <Button size="small" danger={x.active} onClick={() => void toggle(x)}>
                  {x.active ? t('deactivate') : t('activate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('newTemplate') : t('editTemplate')}
        onCancel={() => setEditing(null)}
        onOk={submit}
        confirmLoading={busy}
        okText={editing === 'new' ? t('create') : t('save')}
        width={720}
        forceRender
      >
        {alerts.length > 0 && <Alert type="error" showIcon message={alerts[0]} description={alerts.slice(1).join('；') || undefined} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="title" label={t('templateTitle')} rules={textRules(t, { required: true, max: 200 })}>
            <Input />
          </Form.Item>
          <Space wrap style={{ width: '100%' }}>
            <Form.Item name="categoryId" label={t('category')} style={{ minWidth: 260 }}>
              <Select allowClear showSearch optionFilterProp="label" placeholder={t('anyValue')} options={(cats.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
            <Form.Item name="decision" label={t('f_decision')} style={{ minWidth: 200 }}>
              <Select allowClear placeholder={t('anyValue')} options={ALL_DECISIONS.map((d) => ({ value: d, label: tx(`dec_${d}`, d) }))} />
            </Form.Item>
          </Space>
          <Form.Item name="body" label={t('templateBody')} rules={textRules(t, { required: true, min: 2, max: 20000 })}>
            <Input.TextArea rows={10} maxLength={20000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

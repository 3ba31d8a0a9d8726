import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { get, post, put } from '../../lib/api';
import { applyServerErrors, clean, textRules } from '../../lib/forms';
import { invalidate, type Category } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';

const KINDS = ['appeal', 'suggestion', 'accusation'];

/** Categories (POST /api/categories, PUT /api/categories/:id): create, rename, (de)activate. The code stays. */
export function CategoriesPage() {
  const { t, tx, lang } = useI18n();
  const { message } = App.useApp();
  const cats = useFetch(() => get<{ items: Category[] }>('/api/categories', { all: true }).then((r) => r.items), [lang]);
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [showInactive, setShowInactive] = useState(false);
  const [form] = Form.useForm();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const rows = (cats.data ?? []).filter((c) => showInactive || c.active !== false);
  const nameOf = (id: string | null) => (id ? (cats.data?.find((c) => c.id === id)?.name ?? id) : '');

  const open = (c: Category | 'new') => {
    setAlerts([]);
    setEditing(c);
    // the form stays mounted (forceRender): every opening starts from these values
    form.resetFields();
    form.setFieldsValue(c === 'new' ? { kind: 'appeal' } : { name: c.nameZh ?? c.name, nameEn: c.nameEn ?? '', active: c.active !== false });
  };

  const saved = async () => {
    message.success(t('saved'));
    invalidate('categories:');
    await cats.reload();
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
      const v = form.getFieldsValue() as Record<string, unknown>;
      if (editing === 'new') await post('/api/categories', clean(v));
      else if (editing) await put(`/api/categories/${editing.id}`, { name: String(v.name ?? '').trim(), nameEn: String(v.nameEn ?? '').trim() || null, active: !!v.active });
      setEditing(null);
      await saved();
    } catch (e) {
      setAlerts(applyServerErrors(form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (c: Category) => {
    try {
      await put(`/api/categories/${c.id}`, { active: c.active === false });
      await saved();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Card
      title={t('navCategories')}
      size="small"
      extra={
        <Space>
          <Space size={4}>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} aria-label={t('showInactive')} />
            <span>{t('showInactive')}</span>
          </Space>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="new-category">
            {t('newCategory')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('categoriesHelp')}</Typography.Paragraph>
      {cats.error && <Alert type="error" showIcon message={cats.error.message} />}
      <Table<Category>
        rowKey="id"
        size="small"
        loading={cats.loading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        scroll={{ x: 640 }}
        columns={[
          { title: t('code'), dataIndex: 'code', width: 160 },
          { title: t('nameZh'), dataIndex: 'nameZh', render: (v: string | undefined, c) => v ?? c.name },
          { title: t('nameEn'), dataIndex: 'nameEn', render: (v: string | null | undefined) => v ?? '' },
          { title: t('kind'), dataIndex: 'kind', width: 110, render: (k: string) => tx(`kind_${k}`, k) },
          { title: t('parentCategory'), dataIndex: 'parentId', render: (p: string | null) => nameOf(p) },
          { title: t('active'), dataIndex: 'active', width: 80, render: (a: boolean | undefined) => (a === false ? <Tag>{t('deactivated')}</Tag> : t('yes')) },
          {
            title: t('actions'),
            key: 'actions',
            width: 140,
            render: (_, c) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(c)}>
                  {t('edit')}
                </Button>
                <Button size="small" danger={c.active !== false} onClick={() => void toggle(c)}>
                  {c.active === false ? t('activate') : t('deactivate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('newCategory') : t('editCategory')}
        onCancel={() => setEditing(null)}
        onOk={submit}
        confirmLoading={busy}
        okText={editing === 'new' ? t('create') : t('save')}
        forceRender
      >
        {alerts.length > 0 && <Alert type="error" showIcon message={alerts[0]} description={alerts.slice(1).join('；') || undefined} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          {editing === 'new' && (
            <Form.Item name="code" label={t('code')} rules={[{ required: true, message: t('required') }, { pattern: /^[A-Za-z0-9_.-]{1,60}$/, message: 'A–Z a–z 0–9 . - _ (1–60)' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('nameZh')} rules={textRules(t, { required: true, max: 100 })}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('nameEn')} rules={textRules(t, { max: 100 })}>
            <Input />
          </Form.Item>
          {editing === 'new' ? (
            <>
              <Form.Item name="kind" label={t('kind')} rules={[{ required: true, message: t('required') }]}>
                <Select options={KINDS.map((k) => ({ value: k, label: tx(`kind_${k}`, k) }))} />
              </Form.Item>
              <Form.Item name="parentId" label={t('parentCategory')}>
                <Select allowClear showSearch optionFilterProp="label" options={(cats.data ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.code}` }))} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="active" label={t('active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

import { useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { api, get, post, put } from '../../lib/api';
import { applyServerErrors, clean, textRules } from '../../lib/forms';
import { fetchCategories, fetchUnits, unitTree } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';

interface RoutingRule {
  id: string;
  name: string;
  categoryId: string | null;
  keywords: string[];
  place: string | null;
  unitId: string;
  unitName: string;
  priority: number;
  active: boolean;
}

/** Routing rules (派单规则): suggested lead units at registration and routing. */
export function RoutingRulesPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useFetch(() => get<{ items: RoutingRule[] }>('/api/routing-rules', { all: true }).then((r) => r.items), [lang]);
  const cats = useFetch(() => fetchCategories(lang), [lang]);
  const units = useFetch(() => fetchUnits(lang), [lang]);
  const tree = useMemo(() => unitTree(units.data ?? []), [units.data]);
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [showInactive, setShowInactive] = useState(false);
  const [form] = Form.useForm();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const rows = (list.data ?? []).filter((x) => showInactive || x.active);
  const catName = (id: string | null) => (id ? (cats.data?.find((c) => c.id === id)?.name ?? id) : '');
  // the form stays mounted (forceRender): every opening starts from these values
  const open = (x: RoutingRule | 'new') => {
    setAlerts([]);
    setEditing(x);
    form.resetFields();
    form.setFieldsValue(
      x === 'new'
        ? { priority: 100, keywords: [] }
        : { name: x.name, categoryId: x.categoryId ?? undefined, keywords: x.keywords, place: x.place ?? '', unitId: x.unitId, priority: x.priority },
    );
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
      const body = {
        name: String(v.name ?? '').trim(),
        categoryId: (v.categoryId as string | undefined) ?? null,
        keywords: clean((v.keywords as string[] | undefined) ?? []).filter(Boolean),
        place: String(v.place ?? '').trim() || null,
        unitId: v.unitId,
        priority: v.priority ?? 100,
      };
      if (editing === 'new') await post('/api/routing-rules', body);
      else if (editing) await put(`/api/routing-rules/${editing.id}`, body);
      setEditing(null);
      message.success(t('saved'));
      await list.reload();
    } catch (e) {
      setAlerts(applyServerErrors(form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (x: RoutingRule) => {
    try {
      if (x.active) await api('DELETE', `/api/routing-rules/${x.id}`);
      else await put(`/api/routing-rules/${x.id}`, { active: true });
      message.success(t('saved'));
      await list.reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Card
      title={t('navRoutingRules')}
      size="small"
      extra={
        <Space>
          <Space size={4}>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} aria-label={t('showInactive')} />
            <span>{t('showInactive')}</span>
          </Space>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="new-rule">
            {t('newRule')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('rulesHelp')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<RoutingRule>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        scroll={{ x: 800 }}
        columns={[
          { title: t('priority'), dataIndex: 'priority', width: 90 },
          { title: t('ruleName'), dataIndex: 'name' },
          { title: t('category'), dataIndex: 'categoryId', render: (id: string | null) => catName(id) },
          { title: t('keywords'), dataIndex: 'keywords', render: (ks: string[]) => ks.map((k) => <Tag key={k}>{k}</Tag>) },
          { title: t('place'), dataIndex: 'place', render: (p: string | null) => p ?? '' },
          { title: t('ruleUnit'), dataIndex: 'unitName' },
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
        title={editing === 'new' ? t('newRule') : t('editRule')}
        onCancel={() => setEditing(null)}
        onOk={submit}
        confirmLoading={busy}
        okText={editing === 'new' ? t('create') : t('save')}
        width={640}
        forceRender
      >
        {alerts.length > 0 && <Alert type="error" showIcon message={alerts[0]} description={alerts.slice(1).join('；') || undefined} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('ruleName')} rules={textRules(t, { required: true, max: 100 })}>
            <Input />
          </Form.Item>
          <Form.Item name="categoryId" label={t('category')}>
            <Select allowClear showSearch optionFilterProp="label" placeholder={t('anyValue')} options={(cats.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="keywords" label={t('keywords')}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ', '、']} open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="place" label={t('place')} rules={textRules(t, { max: 200 })}>
            <Input />
          </Form.Item>
          <Form.Item name="unitId" label={t('ruleUnit')} rules={[{ required: true, message: t('required') }]}>
            <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll listHeight={320} loading={units.loading} />
          </Form.Item>
          <Form.Item name="priority" label={t('priority')}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

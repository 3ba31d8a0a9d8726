import { Alert, Card, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { api, get, post, put } from '../../lib/api';
import { clean, textRules } from '../../lib/forms';
import { fetchCategories, fetchUnits } from '../../lib/refdata';
import { UnitPicker } from '../../components/UnitPicker';
import { useFetch } from '../../lib/useFetch';
import { actionsColumn, FormAlerts, ListToolbar, useEditableList } from './editableList';

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
  const rules = useFetch(() => get<{ items: RoutingRule[] }>('/api/routing-rules', { all: true }).then((r) => r.items), [lang]);
  const cats = useFetch(() => fetchCategories(lang), [lang]);
  const units = useFetch(() => fetchUnits(lang), [lang]);
  const [form] = Form.useForm();
  const list = useEditableList<RoutingRule>({
    form,
    initialValues: (x) =>
      x === 'new'
        ? { priority: 100, keywords: [] }
        : { name: x.name, categoryId: x.categoryId ?? undefined, keywords: x.keywords, place: x.place ?? '', unitId: x.unitId, priority: x.priority },
    save: (x, v) => {
      const body = {
        name: String(v.name ?? '').trim(),
        categoryId: (v.categoryId as string | undefined) ?? null,
        keywords: clean((v.keywords as string[] | undefined) ?? []).filter(Boolean),
        place: String(v.place ?? '').trim() || null,
        unitId: v.unitId,
        priority: v.priority ?? 100,
      };
      return x === 'new' ? post('/api/routing-rules', body) : put(`/api/routing-rules/${x.id}`, body);
    },
    setActive: (x, active) => (active ? put(`/api/routing-rules/${x.id}`, { active: true }) : api('DELETE', `/api/routing-rules/${x.id}`)),
    afterChange: () => rules.reload(),
  });
  const { editing } = list;
  const rows = list.visible(rules.data);
  const catName = (id: string | null) => (id ? (cats.data?.find((c) => c.id === id)?.name ?? id) : '');

  return (
    <Card
      title={t('navRoutingRules')}
      size="small"
      extra={<ListToolbar list={list} newLabel={t('newRule')} testId="new-rule" />}
    >
      <Typography.Paragraph type="secondary">{t('rulesHelp')}</Typography.Paragraph>
      {rules.error && <Alert type="error" showIcon message={rules.error.message} />}
      <Table<RoutingRule>
        rowKey="id"
        size="small"
        loading={rules.loading}
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
          actionsColumn(list, t),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('newRule') : t('editRule')}
        onCancel={list.close}
        onOk={list.submit}
        confirmLoading={list.busy}
        okText={editing === 'new' ? t('create') : t('save')}
        width={640}
        forceRender
      >
        <FormAlerts alerts={list.alerts} />
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
            <UnitPicker units={units.data} allowClear={false} filter={(u) => u.active !== false} />
          </Form.Item>
          <Form.Item name="priority" label={t('priority')}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

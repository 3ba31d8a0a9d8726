import { Alert, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { api, get, post, put } from '../../lib/api';
import { clean, textRules } from '../../lib/forms';
import { fetchCategories } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';
import { actionsColumn, FormAlerts, ListToolbar, useEditableList } from './editableList';
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
  const templates = useFetch(() => get<{ items: ReplyTemplate[] }>('/api/templates', { all: true }).then((r) => r.items), []);
  const cats = useFetch(() => fetchCategories(lang), [lang]);
  const [form] = Form.useForm();
  const list = useEditableList<ReplyTemplate>({
    form,
    initialValues: (x) => (x === 'new' ? undefined : { title: x.title, categoryId: x.categoryId ?? undefined, decision: x.decision ?? undefined, body: x.body }),
    save: (x, values) => {
      const v = clean(values);
      const body = { title: v.title, body: v.body, categoryId: v.categoryId ?? null, decision: v.decision ?? null };
      return x === 'new' ? post('/api/templates', body) : put(`/api/templates/${x.id}`, body);
    },
    setActive: (x, active) => (active ? put(`/api/templates/${x.id}`, { active: true }) : api('DELETE', `/api/templates/${x.id}`)),
    afterChange: () => templates.reload(),
  });
  const { editing } = list;
  const rows = list.visible(templates.data);
  const catName = (id: string | null) => (id ? (cats.data?.find((c) => c.id === id)?.name ?? id) : t('anyValue'));

  return (
    <Card
      title={t('navTemplates')}
      size="small"
      extra={<ListToolbar list={list} newLabel={t('newTemplate')} testId="new-template" />}
    >
      <Typography.Paragraph type="secondary">{t('templatesHelp')}</Typography.Paragraph>
      {templates.error && <Alert type="error" showIcon message={templates.error.message} />}
      <Table<ReplyTemplate>
        rowKey="id"
        size="small"
        loading={templates.loading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        scroll={{ x: 720 }}
        columns={[
          { title: t('templateTitle'), dataIndex: 'title', width: 200 },
          { title: t('category'), dataIndex: 'categoryId', width: 140, render: (id: string | null) => catName(id) },
          { title: t('f_decision'), dataIndex: 'decision', width: 120, render: (d: string | null) => (d ? tx(`dec_${d}`, d) : t('anyValue')) },
          { title: t('templateBody'), dataIndex: 'body', ellipsis: true },
          { title: t('active'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? t('yes') : <Tag>{t('deactivated')}</Tag>) },
          actionsColumn(list, t),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('newTemplate') : t('editTemplate')}
        onCancel={list.close}
        onOk={list.submit}
        confirmLoading={list.busy}
        okText={editing === 'new' ? t('create') : t('save')}
        width={720}
        forceRender
      >
        <FormAlerts alerts={list.alerts} />
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
